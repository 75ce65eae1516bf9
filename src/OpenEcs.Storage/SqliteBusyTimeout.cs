using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenEcs.Storage;

/// <summary>
/// Lets SQLite itself wait for the write lock. Without a busy timeout SQLite answers SQLITE_BUSY at once whenever
/// another connection of the process (a request, the action runner) is writing, and Microsoft.Data.Sqlite then sleeps
/// a fixed 150 ms before it retries: every collision of two writers cost a request 150 ms or more (bench/: create p50
/// 160 ms at 2 clients). With a busy timeout SQLite polls the lock within milliseconds. Set on every open, since a
/// pooled connection may be a new native handle.
/// </summary>
internal sealed class SqliteBusyTimeout(int milliseconds) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) SQLitePCL.raw.sqlite3_busy_timeout(handle, milliseconds);
    }
}
