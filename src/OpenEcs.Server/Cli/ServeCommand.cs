using OpenEcs.Server.Hosting;

namespace OpenEcs.Server.Cli;

/// <summary>Runs the server; a failure to start is one sentence on stderr and exit code 1.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] hostArgs)
    {
        WebApplication? app = null;
        try
        {
            app = OpenEcsApp.Create(hostArgs);
            await app.StartAsync();
        }
        catch (OperationCanceledException) when (app?.Lifetime.ApplicationStopping.IsCancellationRequested == true)
        {
            // SIGTERM or Ctrl+C while starting: a stop that was asked for, not a failure.
            await DisposeQuietlyAsync(app);
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("openecs: " + StartupFailure.Describe(e, app?.Services));
            if (app is not null) await DisposeQuietlyAsync(app);
            return 1;
        }
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>What started may fail to stop after a failed start; the sentence is already out, the exit code decided.</summary>
    private static async Task DisposeQuietlyAsync(WebApplication app)
    {
        try
        {
            // Stopped before disposed: the background services see their stop token first, not a disposed provider
            // in the middle of a query (which they would log, stack trace and all, after the one sentence).
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(stopping.Token);
        }
        catch (Exception)
        {
            // Whatever did not stop is disposed below.
        }
        try
        {
            await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Nothing to add to the sentence already printed.
        }
    }
}
