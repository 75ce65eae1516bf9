namespace OpenEcs.Server.Hosting;

/// <summary>What an operator must know at start-up: whether the emulator's controls (which can wipe the store) are on.</summary>
internal static partial class StartupLog
{
    public static void Mode(ILogger log, bool emulator)
    {
        if (emulator) EmulatorOn(log);
        else HostingMode(log);
    }

    [LoggerMessage(LogLevel.Information, "Emulator controls are on: the admin may reset the store, move the clock and inject faults at /_openecs, " +
        "and a password change needs no current_password. Set OpenEcs:Emulator:Enabled=false for a hosting deployment")]
    private static partial void EmulatorOn(ILogger log);

    [LoggerMessage(LogLevel.Information, "Emulator controls are off (hosting mode): /_openecs is not served, and a password change needs current_password")]
    private static partial void HostingMode(ILogger log);
}
