using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Hosting;
using OpenEcs.Storage;

namespace OpenEcs.Bench;

/// <summary>
/// One store for one benchmark: a SQLite file in its own data folder, or a fresh PostgreSQL database (dropped at the
/// end). <see cref="ServerArgs"/> are the settings every OpenECS process of the bench runs with.
/// </summary>
public sealed class BenchStore : IAsyncDisposable
{
    public const string AdminToken = "bench-admin-token-0123456789abcdef";
    public const string AdminPassword = "bench-admin-password";
    /// <summary>The account the benchmarks act as (bench0000), and its API token.</summary>
    public const string BenchToken = "bench-user-token-0123456789abcdef0123456789";
    public const string Plan = "eCS1";
    public const string Image = "ubuntu-2204";

    private readonly string? _pgDatabase;
    private readonly string? _pgServer;
    public string Provider { get; }
    public string DataDir { get; }
    public bool IsSqlite => Provider == StorageServiceCollectionExtensions.Sqlite;

    private BenchStore(string provider, string dataDir, string? pgServer, string? pgDatabase)
    {
        Provider = provider;
        DataDir = dataDir;
        _pgServer = pgServer;
        _pgDatabase = pgDatabase;
    }

    public static BenchStore Sqlite(string workDir) => new("sqlite", NewDir(workDir), null, null);

    public static async Task<BenchStore> PostgresAsync(string workDir, string serverConnection)
    {
        var name = "openecs_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(serverConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new BenchStore("postgres", NewDir(workDir), serverConnection, name);
    }

    /// <summary>Null when PostgreSQL answers; else why not.</summary>
    public static async Task<string?> PostgresUnavailableAsync(string serverConnection)
    {
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(serverConnection) { Timeout = 3 };
            await using var c = new NpgsqlConnection(cs.ToString());
            await c.OpenAsync();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return e.Message.Split('\n')[0];
        }
    }

    private static string NewDir(string workDir)
    {
        var dir = Path.Combine(workDir, "store-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private string? PgConnection => _pgDatabase is null
        ? null
        : new NpgsqlConnectionStringBuilder(_pgServer) { Database = _pgDatabase }.ToString();

    /// <summary>The settings of an OpenECS process on this store: instant simulator, no rate limit, room for 200 000
    /// servers in one account, fixed admin credentials, and a metrics step of a day so the sampler never fires mid-run.</summary>
    public IEnumerable<string> ServerArgs(int port)
    {
        yield return "--urls";
        yield return $"http://127.0.0.1:{port}";
        yield return $"--OpenEcs:DataDir={DataDir}";
        yield return "--OpenEcs:Simulator:Speed=instant";
        yield return "--OpenEcs:Limits:RequestsPerMinute=0";
        yield return "--OpenEcs:Limits:MaxServersPerAccount=200000";
        yield return $"--OpenEcs:Admin:ApiToken={AdminToken}";
        yield return $"--OpenEcs:Admin:Password={AdminPassword}";
        yield return "--OpenEcs:Metrics:Step=1.00:00:00";
        yield return "--OpenEcs:Metrics:Retention=7.00:00:00";
        if (!IsSqlite)
        {
            yield return "--OpenEcs:Storage:Provider=postgres";
            yield return $"--ConnectionStrings:OpenEcs={PgConnection}";
        }
    }

    /// <summary>The same services the server builds, for the store alone: migrations, the admin, the DbContext.</summary>
    public async Task<ServiceProvider> ServicesAsync()
    {
        var config = new ConfigurationBuilder().AddCommandLine(ServerArgs(0).ToArray()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddOpenEcsServer(config);
        var sp = services.BuildServiceProvider();
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        await StorageServiceCollectionExtensions.MigrateAsync(db, apply: true, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureAdminAsync(CancellationToken.None);
        return sp;
    }

    /// <summary>An open plain ADO.NET connection to the store (the raw-store baseline of the create benchmark); on
    /// SQLite with the same 30 s busy timeout as the server's connections.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        if (!IsSqlite)
        {
            var pg = new NpgsqlConnection(PgConnection);
            await pg.OpenAsync();
            return pg;
        }
        var c = new Microsoft.Data.Sqlite.SqliteConnection(StorageServiceCollectionExtensions.SqliteConnectionString(Path.Combine(DataDir, "openecs.db")));
        await c.OpenAsync();
        SQLitePCL.raw.sqlite3_busy_timeout(c.Handle, 30_000);
        return c;
    }

    public object Timestamp(DateTimeOffset t) => IsSqlite ? t.UtcTicks : t.ToUniversalTime();

    public async ValueTask DisposeAsync()
    {
        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_pgServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgDatabase}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What a seeded store holds for the bench account.</summary>
public sealed record Seeded(int Servers, int Accounts, IReadOnlyList<string> BenchServerNames);

/// <summary>
/// Fills a store straight through the DbContext's connection, in batches of prepared inserts (100 000 servers take
/// seconds, not the minutes the API would): accounts bench0000.., the bench account's API token, Booted servers named
/// as the server names them (ec2NNNNN, with the NameCounters row moved past them so creates do not collide), their
/// IPv4 leases (probed as AddressPool probes) and a completed create_server action each.
/// </summary>
public static class Seeder
{
    private const int Batch = 5000;

    /// <param name="region">Only this region of the plan (default: spread over all of them).</param>
    /// <param name="host">The host each server (1..N) runs on, so that it counts against that host's capacity (default: none).</param>
    public static async Task<Seeded> SeedAsync(BenchStore store, int servers, int accounts, string? region = null, Func<int, string>? host = null)
    {
        await using var sp = await store.ServicesAsync();
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<PlanCatalog>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var now = DateTimeOffset.UtcNow;

        // Accounts (a valid PBKDF2 hash, so that a login would work with "bench-password").
        var passwordHash = PasswordHash.Create("bench-password", 1000);
        await InsertAsync(store, connection, "Accounts", ["Username", "Email", "PasswordHash", "IsAdmin", "CreatedAt"],
            Enumerable.Range(0, accounts).Select(i => new object?[] { $"bench{i:D4}", $"bench{i:D4}@bench.local", passwordHash, false, store.Timestamp(now) }));
        var ids = new Dictionary<string, long>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = """SELECT "Id", "Username" FROM "Accounts" WHERE "Username" LIKE 'bench%'""";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) ids[r.GetString(1)] = r.GetInt64(0);
        }
        await InsertAsync(store, connection, "ApiKeys", ["AccountId", "Notes", "TokenHash", "CreatedAt"],
            [[ids["bench0000"], "bench", SecretToken.Hash(BenchStore.BenchToken), store.Timestamp(now)]]);

        // Servers, spread over the plan's regions; account i % accounts, so bench0000 holds servers 1, 1+A, 1+2A...
        var plan = catalog.FindPlan(BenchStore.Plan)!;
        var regions = catalog.RegionsOf(plan).Where(r => region is null || r.Location == region).ToList();
        var pools = regions.ToDictionary(r => r.Location, _ => new HashSet<uint>());
        var benchNames = new List<string>();
        var rows = new List<(long Id, string Name, long Account, string User, string Region, string V4, string V6, DateTimeOffset At)>(servers);
        for (var i = 1; i <= servers; i++)
        {
            var where = regions[i % regions.Count];
            var user = $"bench{(i - 1) % accounts:D4}";
            var name = $"{NameAllocator.Server}{i:D5}";
            // The default pool of a region (AddressPool): 10.(100 + id % 100).0.0/16, hosts .2 up, probed from the id.
            var usable = (1u << 16) - 3;
            uint address = 0;
            for (var k = 0u; k < usable; k++)
            {
                address = 2 + (uint)((i + k) % usable);
                if (pools[where.Location].Add(address)) break;
            }
            var v4 = new IPAddress([10, (byte)(100 + where.Id % 100), (byte)(address >> 8), (byte)address]).ToString();
            rows.Add((i, name, ids[user], user, where.Location, v4, $"fd00:ec5:{where.Id:x}::{i:x}", now.AddSeconds(i - servers - 60)));
            if (user == "bench0000") benchNames.Add(name);
        }
        await InsertAsync(store, connection, "Servers",
            ["Id", "Name", "AccountId", "Username", "GroupId", "Plan", "Location", "Image", "Notes", "Ipv4", "Ipv6", "Status",
             "ActiveFlag", "Progress", "PowerState", "SshKey", "UserCustomize", "CreationDate", "DeletionDate", "Version", "Host"],
            rows.Select(s => new object?[]
            {
                s.Id, s.Name, s.Account, s.User, null, plan.Name, s.Region, BenchStore.Image, $"bench server {s.Id}", s.V4, s.V6,
                ServerStatus.Booted, true, 100, PowerState.Running, null, null, store.Timestamp(s.At), null, 1, host?.Invoke((int)s.Id),
            }));
        await InsertAsync(store, connection, "AddressLeases", ["Address", "Region", "ServerId"],
            rows.Select(s => new object?[] { s.V4, s.Region, s.Id }));
        await InsertAsync(store, connection, "Actions",
            ["Id", "AccountId", "Username", "Type", "Resource", "ResourceType", "Status", "Progress", "Message", "CreatedAt",
             "StartedAt", "CompletedAt", "Attempts", "LeaseOwner", "LeaseUntil"],
            rows.Select(s => new object?[]
            {
                s.Id, s.Account, s.User, ActionType.CreateServer, s.Name, ResourceType.Server, ActionStatus.Completed, 100, null,
                store.Timestamp(s.At), store.Timestamp(s.At), store.Timestamp(s.At.AddSeconds(1)), 1, null, null,
            }));
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""UPDATE "NameCounters" SET "Value" = {servers} WHERE "Name" = '{NameAllocator.Server}'""";
            if (!store.IsSqlite && servers > 0)
                cmd.CommandText += $"""
                    ; SELECT setval(pg_get_serial_sequence('"Servers"', 'Id'), {servers});
                    SELECT setval(pg_get_serial_sequence('"Actions"', 'Id'), {servers})
                    """;
            await cmd.ExecuteNonQueryAsync();
        }
        if (store.IsSqlite)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;";
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "ANALYZE";
            await cmd.ExecuteNonQueryAsync();
        }
        await db.Database.CloseConnectionAsync();
        return new Seeded(servers, accounts, benchNames);
    }

    /// <summary>One prepared INSERT, executed per row, committed every <see cref="Batch"/> rows.</summary>
    private static async Task InsertAsync(BenchStore store, DbConnection connection, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        DbTransaction? tx = null;
        DbCommand? cmd = null;
        var n = 0;
        try
        {
            foreach (var row in rows)
            {
                if (cmd is null)
                {
                    tx = await connection.BeginTransactionAsync();
                    cmd = connection.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                                      $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
                    for (var i = 0; i < columns.Length; i++)
                    {
                        var p = cmd.CreateParameter();
                        p.ParameterName = $"@p{i}";
                        cmd.Parameters.Add(p);
                    }
                }
                for (var i = 0; i < columns.Length; i++) cmd.Parameters[i].Value = row[i] ?? DBNull.Value;
                await cmd.ExecuteNonQueryAsync();
                if (++n % Batch == 0)
                {
                    await tx!.CommitAsync();
                    await tx.DisposeAsync();
                    await cmd.DisposeAsync();
                    tx = null;
                    cmd = null;
                }
            }
            if (tx is not null) await tx.CommitAsync();
        }
        finally
        {
            if (cmd is not null) await cmd.DisposeAsync();
            if (tx is not null) await tx.DisposeAsync();
        }
    }
}
