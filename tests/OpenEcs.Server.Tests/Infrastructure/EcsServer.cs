using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Server.Hosting;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>
/// A real OpenECS server in this process, on a loopback port, with its own data folder (SQLite file). Tests talk to
/// it over HTTP with HttpClient, as any client would.
/// </summary>
public sealed class EcsServer : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";
    public const string AdminPassword = "admin-password-1";

    private readonly WebApplication _app;
    private bool _ownsDatabase = true;
    public Uri BaseAddress { get; }
    public TestDatabase Database { get; }
    public string DataDir => Database.DataDir;
    public IServiceProvider Services => _app.Services;

    private EcsServer(WebApplication app, Uri baseAddress, TestDatabase database)
    {
        _app = app;
        BaseAddress = baseAddress;
        Database = database;
    }

    public static async Task<EcsServer> StartAsync(string speed = "instant", params string[] settings)
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            return await StartAsync(database, speed, settings);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another server on an existing store (it does not own the store: disposing it leaves the store).</summary>
    public static Task<EcsServer> StartOnAsync(TestDatabase database, string speed, string[] settings) =>
        StartAsync(database, speed, settings, ownsDatabase: false);

    private static async Task<EcsServer> StartAsync(TestDatabase database, string speed, string[] settings, bool ownsDatabase = true)
    {
        var dataDir = database.DataDir;
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--OpenEcs:DataDir={dataDir}",
            $"--OpenEcs:Simulator:Speed={speed}",
            "--OpenEcs:Emulator:Enabled=true",
            $"--OpenEcs:Admin:ApiToken={AdminToken}",
            $"--OpenEcs:Admin:Password={AdminPassword}",
            "--OpenEcs:Auth:PasswordIterations=1000",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(database.Settings.Concat(settings).Select(s => "--" + s));
        var app = OpenEcsApp.Create(args.ToArray());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EcsServer(app, new Uri(address), database) { _ownsDatabase = ownsDatabase };
    }

    /// <summary>A client of /ecs/v2 authenticated with an API token (X-APITOKEN), or anonymous.</summary>
    public HttpClient Client(string? apiToken = AdminToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, "/ecs/v2/"), Timeout = TimeSpan.FromSeconds(30) };
        if (apiToken is not null) client.DefaultRequestHeaders.Add("X-APITOKEN", apiToken);
        return client;
    }

    public HttpClient BearerClient(string token)
    {
        var client = Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The emulator controls at /_openecs, as the admin.</summary>
    public HttpClient Emulator()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, "/_openecs/") };
        client.DefaultRequestHeaders.Add("X-APITOKEN", AdminToken);
        return client;
    }

    /// <summary>Creates an account and returns a client holding a fresh API token of it.</summary>
    public async Task<HttpClient> NewAccountAsync(string username, string password = "password-123")
    {
        using var emulator = Emulator();
        var created = await emulator.PostAsJsonAsync("accounts", new { username, password, email = $"{username}@example.com" });
        created.EnsureSuccessStatusCode();
        var token = await LoginAsync(username, password);
        using var jwtClient = BearerClient(token);
        var key = await jwtClient.PostAsJsonAsync("keys", new { notes = "tests" });
        key.EnsureSuccessStatusCode();
        var json = await key.Content.ReadFromJsonAsync<JsonObject>();
        return Client((string)json!["token"]!);
    }

    public async Task<string> LoginAsync(string username, string password)
    {
        using var client = Client(null);
        var response = await client.PostAsJsonAsync("login", new { username, password });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
    }
}

public static class TempDir
{
    public static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "openecs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
