using System.CommandLine;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Hosting;
using OpenEcs.Storage;

namespace OpenEcs.Server.Cli;

/// <summary>`openecs accounts add|list`: manage accounts in the store directly (same configuration as the server).</summary>
public static class AccountsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data folder (default: OpenEcs:DataDir, ./data)" };
        var username = new Option<string>("--username") { Description = "Login name", Required = true };
        var password = new Option<string>("--password") { Description = "At least 8 characters", Required = true };
        var email = new Option<string>("--email") { Description = "Contact address", Required = true };

        var add = new Command("add", "Create an account. Example: accounts add --username alice --password 's3cret-pw' --email alice@example.com")
            { dataDir, username, password, email };
        add.SetAction(async (parse, ct) => await WithStoreAsync(parse.GetValue(dataDir), async sp =>
        {
            var account = await sp.GetRequiredService<AccountService>()
                .CreateAsync(parse.GetValue(username)!, parse.GetValue(password)!, parse.GetValue(email)!, isAdmin: false, ct);
            Console.WriteLine($"created account {account.Username} (id {account.Id})");
        }));

        var list = new Command("list", "List accounts. Example: accounts list") { dataDir };
        list.SetAction(async (parse, ct) => await WithStoreAsync(parse.GetValue(dataDir), sp =>
        {
            foreach (var a in sp.GetRequiredService<EcsDbContext>().Accounts.OrderBy(a => a.Id))
                Console.WriteLine($"{a.Id,5}  {a.Username,-24} {a.Email,-32} {(a.IsAdmin ? "admin" : "")}");
            return Task.CompletedTask;
        }));

        var who = new Option<string>("--username") { Description = "The account", Required = true };
        var reserved = new Option<bool?>("--reserved-available") { Description = "May buy reserved periods (true/false)" };
        var offline = new Option<bool?>("--offline-available") { Description = "SHUTOFF hours bill at the offline discount (true/false)" };
        var set = new Command("set", "Change what an account is billed with. Example: accounts set --username alice --offline-available true")
            { dataDir, who, reserved, offline };
        set.SetAction(async (parse, ct) => await WithStoreAsync(parse.GetValue(dataDir), async sp =>
        {
            if (parse.GetValue(reserved) is null && parse.GetValue(offline) is null)
                throw EcsException.BadRequest("give --reserved-available and/or --offline-available");
            var a = await sp.GetRequiredService<AccountService>()
                .SetBillingTermsAsync(parse.GetValue(who)!, parse.GetValue(reserved), parse.GetValue(offline), ct);
            Console.WriteLine($"account {a.Username}: reserved_available {a.ReservedAvailable}, offline_available {a.OfflineAvailable}");
        }));

        var root = new RootCommand("OpenECS account management") { add, list, set };
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> WithStoreAsync(string? dataDir, Func<IServiceProvider, Task> work)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        if (dataDir is not null) configuration[$"{OpenEcsOptions.Section}:DataDir"] = dataDir;
        var services = new ServiceCollection().AddLogging().AddOpenEcsServer(configuration);
        await using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<OpenEcsOptions>>().Value;
            await using var scope = provider.CreateAsyncScope();
            await StorageServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<EcsDbContext>(),
                scope.ServiceProvider.GetRequiredService<StoreSettings>().ApplyMigrations, CancellationToken.None);
            await work(scope.ServiceProvider);
            return 0;
        }
        catch (Exception e) when (e is EcsException or OptionsValidationException)
        {
            Console.Error.WriteLine($"accounts: {e.Message}");
            return 1;
        }
    }
}
