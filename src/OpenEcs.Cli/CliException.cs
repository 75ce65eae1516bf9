namespace OpenEcs.Cli;

/// <summary>A failure to report to the user in one line, with the process's exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>What the process exits with.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The API refused, an action failed, the network failed.</summary>
    public const int Failure = 1;
    /// <summary>The command line itself is wrong (unknown flag, missing value).</summary>
    public const int Usage = 2;
    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
