using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using OpenEcs.Storage;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// A failed start in one sentence an operator can act on: which setting, which address, which store. The stack trace
/// helps nobody who installed a package, so none is printed (the host's own "Hosting failed to start" log is muted).
/// </summary>
public static class StartupFailure
{
    /// <summary>The host logs a failed start at Error with the exception; it logs nothing else there at that level but a
    /// faulted background service, which it also logs at Critical when it stops the host (kept).</summary>
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static string Describe(Exception error, IServiceProvider? services)
    {
        var e = Unwrap(error);
        var sentence = e switch
        {
            OptionsValidationException o => "configuration error: " + string.Join("; ", o.Failures),
            InvalidOperationException when e.Message.Contains("configuration value", StringComparison.OrdinalIgnoreCase) =>
                "configuration error: " + e.Message,
            IOException when Find<AddressInUseException>(e) is not null =>
                $"{e.Message.TrimEnd('.')}: another process listens there; stop it or choose another address with --urls (or the Urls setting)",
            IOException when e.Message.StartsWith("Failed to bind", StringComparison.Ordinal) =>
                $"{e.Message.TrimEnd('.')}: choose another address with --urls (or the Urls setting)",
            _ when Find<DbException>(e) is { } db => StoreFailure(db, Store(services)),
            UnauthorizedAccessException => $"permission denied: {e.Message}",
            InvalidOperationException or IOException or InvalidDataException => e.Message,
            _ => $"start-up failed ({e.GetType().Name}): {e.Message}",
        };
        return OneLine(sentence);
    }

    private static string StoreFailure(DbException e, StoreSettings? store)
    {
        if (store?.Provider != StorageServiceCollectionExtensions.Postgres)
            return $"the SQLite store cannot be used ({e.Message}): check that OpenEcs:DataDir is a folder this user may write";
        var where = Endpoint(store.ConnectionString);
        // A socket error or a timeout means no answer at all; anything else is the server's own refusal.
        return Find<SocketException>(e) is not null || Find<TimeoutException>(e) is not null || e.InnerException is TimeoutException
            ? $"PostgreSQL at {where} cannot be reached ({Find<SocketException>(e)?.Message ?? e.Message}): start it or fix ConnectionStrings:OpenEcs"
            : $"PostgreSQL at {where} refused the connection ({e.Message}): fix ConnectionStrings:OpenEcs";
    }

    /// <summary>host:port of a connection string, never its password.</summary>
    private static string Endpoint(string connectionString)
    {
        var b = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var host = b.TryGetValue("Host", out var h) ? h : b.TryGetValue("Server", out var s) ? s : "localhost";
        var port = b.TryGetValue("Port", out var p) ? p : 5432;
        return $"{host}:{port}";
    }

    private static StoreSettings? Store(IServiceProvider? services)
    {
        try
        {
            return services?.GetService<StoreSettings>();
        }
        catch (Exception)
        {
            return null; // the store's own settings are what failed: say what is known
        }
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        return e;
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.EndsWith('.') ? line : line + ".";
    }
}
