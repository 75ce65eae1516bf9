using System.CommandLine;
using OpenEcs.Cli.Config;
using OpenEcs.Cli.Hosting;
using OpenEcs.Client;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs login`: checks credentials against an endpoint and saves them as a context.</summary>
internal static class LoginCommand
{
    public static EcsCommand Build()
    {
        var url = new Option<string>("--url")
        {
            Description = "The API's base URL (a bare host gets /ecs/v2)", DefaultValueFactory = _ => EcsClientOptions.SeewebBaseUrl.ToString(),
        };
        var username = new Option<string?>("--username", "-u") { Description = "Account (or group) name to log in with" };
        var password = new Option<string?>("--password", "-p") { Description = "Its password (or use --password-stdin)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input" };
        var token = new Option<string?>("--token") { Description = "An API token instead of a username and password" };
        var name = new Option<string?>("--name") { Description = "Name of the saved context (default: the URL's host and port)" };
        return new EcsCommand("login", "Log in to an endpoint and save it as the current context",
                "ecs login --url http://127.0.0.1:8080 --username admin --password 's3cret-pw'\necs login --url https://api.seeweb.it/ecs/v2 --token \"$ECS_TOKEN\" --name seeweb")
            { url, username, password, passwordStdin, token, name }
            .Runs(async (s, ct) =>
            {
                var (user, secret, apiToken) = (s.Get(username), s.Get(password), s.Get(token));
                if (s.Get(passwordStdin)) secret = (await CliHost.Current.Stdin.ReadToEndAsync(ct)).TrimEnd('\r', '\n');
                if (apiToken is null == user is null) throw new CliException("give --username and --password, or --token", ExitCodes.Usage);
                if (user is not null && string.IsNullOrEmpty(secret)) throw new CliException("give the password with --password or --password-stdin", ExitCodes.Usage);

                using var ecs = CliSession.Client(s.Get(url)!, apiToken is null ? null : new ApiTokenCredential(apiToken));
                var context = new CliContext { Url = ecs.BaseUrl.ToString(), Token = apiToken, Username = user };
                if (apiToken is not null)
                {
                    context.Username = (await ecs.Account.GetAsync(ct)).Username;
                }
                else
                {
                    var jwt = await ecs.LoginAsync(user!, secret!, ct);
                    (context.Password, context.Jwt, context.JwtExpires) = (secret, jwt.Token, jwt.ExpiresAt);
                }

                var contextName = s.Get(name) ?? ecs.BaseUrl.Authority;
                var config = s.Store.Load();
                config.Contexts[contextName] = context;
                config.CurrentContext = contextName;
                s.Store.Save(config);
                var result = new LoginResult(contextName, context.Url, context.Auth);
                s.Show(result, CliJsonContext.Default.LoginResult,
                    () => s.Terminal.WriteText($"Logged in to {context.Url} as {context.Username}; context '{contextName}' is now current."));
            });
    }
}
