using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>
/// The store a test server runs on: a fresh SQLite file (default) or, with OPENECS_TEST_STORE=postgres, a fresh database
/// on the PostgreSQL server at OPENECS_TEST_PG (dropped afterwards). The whole suite runs on either.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static bool IsPostgres => Environment.GetEnvironmentVariable("OPENECS_TEST_STORE") == "postgres";
    private static string ServerConnection =>
        Environment.GetEnvironmentVariable("OPENECS_TEST_PG") ?? "Host=127.0.0.1;Username=postgres;Password=openecs";

    private readonly string? _pgDatabase;
    public string DataDir { get; }
    public string[] Settings { get; }

    private TestDatabase(string dataDir, string? pgDatabase, string[] settings)
    {
        DataDir = dataDir;
        _pgDatabase = pgDatabase;
        Settings = settings;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        var dataDir = TempDir.Create();
        if (!IsPostgres) return new TestDatabase(dataDir, null, []);
        var name = "openecs_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(ServerConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(dataDir, name, ["OpenEcs:Storage:Provider=postgres", $"ConnectionStrings:OpenEcs={PgConnection(name)}"]);
    }

    private static string PgConnection(string database) => new NpgsqlConnectionStringBuilder(ServerConnection) { Database = database }.ToString();

    public DbConnection Connect() => _pgDatabase is null
        ? new SqliteConnection($"Data Source={Path.Combine(DataDir, "openecs.db")}")
        : new NpgsqlConnection(PgConnection(_pgDatabase));

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_pgDatabase is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgDatabase}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A test that needs PostgreSQL (several replicas on one database); skipped on the SQLite run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres) Skip = "needs OPENECS_TEST_STORE=postgres (several replicas share one database)";
    }
}

/// <summary>A test of SQLite's own behaviour; skipped on the PostgreSQL run.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres) Skip = "a SQLite behaviour (OPENECS_TEST_STORE=postgres)";
    }
}
