using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenEcs.Cli.Config;
using OpenEcs.Cli.Output;
using OpenEcs.Client;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Cli.Hosting;

/// <summary>
/// What one command works with: the parsed command line, the terminal, the config file, and a client of the chosen
/// context. ECS_URL with ECS_TOKEN (or ECS_USERNAME/ECS_PASSWORD) stand in for the current context, e.g. in CI;
/// --context still picks a saved one.
/// </summary>
internal sealed class CliSession(ParseResult parse, Terminal terminal, ConfigStore store)
{
    public static CliSession For(ParseResult parse) => new(parse, CliHost.Current.Terminal, CliHost.Current.Store());

    public ParseResult Parse { get; } = parse;
    public Terminal Terminal { get; } = terminal;
    public ConfigStore Store { get; } = store;
    public bool Json => Parse.GetValue(GlobalOptions.Output) == "json";

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>A client of the chosen context; its renewed logins are saved back to the config file.</summary>
    public EcsClient Connect()
    {
        var chosen = Parse.GetValue(GlobalOptions.Context);
        if (chosen is null && (Env("ECS_TOKEN") is not null || Env("ECS_USERNAME") is not null)) return FromEnvironment();
        var config = Store.Load();
        var name = chosen ?? config.CurrentContext
            ?? throw new CliException("not logged in: run 'ecs login --url URL --username USER --password PASSWORD' (or --token TOKEN) first");
        if (!config.Contexts.TryGetValue(name, out var context))
            throw new CliException($"no context named '{name}' (see: ecs context list)");
        return Client(context.Url, context.Token is { } token ? new ApiTokenCredential(token) : LoginOf(name, context));
    }

    private EcsClient FromEnvironment()
    {
        EcsCredential credential = Env("ECS_TOKEN") is { } token
            ? new ApiTokenCredential(token)
            : new LoginCredential(Env("ECS_USERNAME")!, Env("ECS_PASSWORD") ?? "");
        return Client(Env("ECS_URL") ?? EcsClientOptions.SeewebBaseUrl.ToString(), credential);
    }

    private static string? Env(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private LoginCredential LoginOf(string name, CliContext context)
    {
        var cached = context.Jwt is { } jwt && context.JwtExpires is { } expires ? new LoginToken(jwt, expires) : null;
        var credential = new LoginCredential(context.Username ?? "", context.Password ?? "", cached);
        credential.TokenRefreshed += (_, token) =>
        {
            // Re-read before writing: another command may have changed the file meanwhile.
            var config = Store.Load();
            if (!config.Contexts.TryGetValue(name, out var saved)) return;
            (saved.Jwt, saved.JwtExpires) = (token.Token, token.ExpiresAt);
            Store.Save(config);
        };
        return credential;
    }

    public static EcsClient Client(string url, EcsCredential? credential)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException($"'{url}' is not an http(s) URL, e.g. https://api.seeweb.it/ecs/v2", ExitCodes.Usage);
        var options = new EcsClientOptions { BaseUrl = uri, Credential = credential, ActionPollInterval = TimeSpan.FromMilliseconds(500) };
        // The timeout spans a whole call: a minute for the answer itself, plus room for every Retry-After wait.
        options.RequestTimeout = TimeSpan.FromSeconds(60) + options.MaxRetries * options.MaxRetryDelay;
        return new EcsClient(options);
    }

    /// <summary>Prints a result: the API's JSON of it for scripts, else what <paramref name="human"/> renders.</summary>
    public void Show<T>(T value, Action human)
    {
        if (Json) Terminal.WriteText(EcsJson.Serialize(value, indented: true));
        else human();
    }

    /// <summary>Prints a result of the tool's own (not an API object): JSON of <paramref name="info"/>'s shape, or <paramref name="human"/>.</summary>
    public void Show<T>(T value, JsonTypeInfo<T> info, Action human)
    {
        if (Json) Terminal.WriteText(JsonSerializer.Serialize(value, info));
        else human();
    }

    /// <summary>Waits for an action with a progress display when --wait was given; returns it either way.</summary>
    public async Task<EcsAction> MaybeWaitAsync(EcsClient client, EcsAction action, Option<bool> wait, CancellationToken ct) =>
        Get(wait) ? await ActionProgress.WaitAsync(client, Terminal, action, ct) : action;
}
