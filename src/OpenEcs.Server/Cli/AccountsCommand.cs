using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Hosting;
using OpenEcs.Storage;

namespace OpenEcs.Server.Cli;

/// <summary>
/// `openecs accounts add|list|set`: accounts straight in the store, with the server's configuration (appsettings.json,
/// OPENECS__* variables, --Key=Value words), so it works beside a running server on the same store.
/// </summary>
public static class AccountsCommand
{
    public static Command Build()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data folder (default: OpenEcs:DataDir, ./data)" };
        var username = new Option<string>("--username") { Description = "Login name", Required = true };
        var password = new Option<string?>("--password") { Description = "At least 8 characters (visible to other users in ps: prefer --password-stdin)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var email = new Option<string>("--email") { Description = "Contact address", Required = true };

        var add = new Command("add", "Create an account. Example: accounts add --username alice --email alice@example.com --password-stdin < pw.txt")
            { dataDir, username, password, passwordStdin, email };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((parse, ct) => WithStoreAsync(parse, dataDir, async (sp, c) =>
        {
            var secret = parse.GetValue(passwordStdin) ? Console.In.ReadLine() : parse.GetValue(password);
            if (string.IsNullOrEmpty(secret)) throw EcsException.BadRequest("give the password with --password-stdin or --password");
            var account = await sp.GetRequiredService<AccountService>()
                .CreateAsync(parse.GetValue(username)!, secret, parse.GetValue(email)!, isAdmin: false, c);
            Console.WriteLine($"created account {account.Username} (id {account.Id})");
        }, ct));

        var list = new Command("list", "List accounts: id, username, email, admin. Example: accounts list") { dataDir };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parse, ct) => WithStoreAsync(parse, dataDir, async (sp, c) =>
        {
            foreach (var a in await sp.GetRequiredService<EcsDbContext>().Accounts.OrderBy(a => a.Id).ToListAsync(c))
                Console.WriteLine($"{a.Id,5}  {a.Username,-24} {a.Email,-32} {(a.IsAdmin ? "admin" : "")}".TrimEnd());
        }, ct));

        var who = new Option<string>("--username") { Description = "The account", Required = true };
        var reserved = new Option<bool?>("--reserved-available") { Description = "May buy reserved periods (true/false)" };
        var offline = new Option<bool?>("--offline-available") { Description = "SHUTOFF hours bill at the offline discount (true/false)" };
        var set = new Command("set", "Change what an account is billed with. Example: accounts set --username alice --offline-available true")
            { dataDir, who, reserved, offline };
        set.TreatUnmatchedTokensAsErrors = false;
        set.SetAction((parse, ct) => WithStoreAsync(parse, dataDir, async (sp, c) =>
        {
            if (parse.GetValue(reserved) is null && parse.GetValue(offline) is null)
                throw EcsException.BadRequest("give --reserved-available and/or --offline-available");
            var a = await sp.GetRequiredService<AccountService>()
                .SetBillingTermsAsync(parse.GetValue(who)!, parse.GetValue(reserved), parse.GetValue(offline), c);
            Console.WriteLine($"account {a.Username}: reserved_available {a.ReservedAvailable}, offline_available {a.OfflineAvailable}");
        }, ct));

        return new Command("accounts", "add | list | set: accounts in the store, also while the server runs") { add, list, set };
    }

    internal static async Task<int> WithStoreAsync(ParseResult parse, Option<string?> dataDir, Func<IServiceProvider, CancellationToken, Task> work,
        CancellationToken ct)
    {
        var command = "openecs " + parse.CommandResult.Command.Parents.OfType<Command>().FirstOrDefault()?.Name;
        IServiceProvider? services = null;
        try
        {
            var configuration = Configuration([.. parse.UnmatchedTokens]);
            if (parse.GetValue(dataDir) is { } dir) configuration[$"{OpenEcsOptions.Section}:DataDir"] = dir;
            await using var provider = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging()
                .AddOpenEcsServer(configuration)
                .BuildServiceProvider();
            services = provider;
            _ = provider.GetRequiredService<IOptions<OpenEcsOptions>>().Value;
            await using var scope = provider.CreateAsyncScope();
            await StorageServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<EcsDbContext>(),
                scope.ServiceProvider.GetRequiredService<StoreSettings>().ApplyMigrations, ct);
            await work(scope.ServiceProvider, ct);
            return 0;
        }
        catch (EcsException e)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{command}: " + StartupFailure.Describe(e, services));
            return 1;
        }
    }

    /// <summary>The server's sources in the server's order (see WebApplication.CreateBuilder).</summary>
    private static IConfigurationRoot Configuration(string[] settings)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(settings)
            .Build();
    }
}
