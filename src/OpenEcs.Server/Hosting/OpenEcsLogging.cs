using Microsoft.Extensions.Logging.Console;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// Console logs: the default text, or one JSON object per line with the standard
/// <c>Logging:Console:FormatterName=json</c> (env <c>Logging__Console__FormatterName=json</c>), UTC timestamps.
/// </summary>
public static class OpenEcsLogging
{
    public static ILoggingBuilder AddOpenEcsLogging(this ILoggingBuilder logging)
    {
        // Under systemd the host picks the journal's format (AddSystemd); a formatter the operator named still wins.
        logging.Services.AddOptions<ConsoleLoggerOptions>().PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (configuration["Logging:Console:FormatterName"] is { Length: > 0 } name) o.FormatterName = name;
        });
        logging.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // A failed start is told in one sentence by the serve command (StartupFailure); the host's own log of it is
        // the same exception with its stack trace. Added after the configuration's rules, so it wins over theirs.
        logging.Services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Add(new LoggerFilterRule(null, StartupFailure.HostCategory, LogLevel.Critical, null));
            o.Rules.Add(new LoggerFilterRule(typeof(ConsoleLoggerProvider).FullName, StartupFailure.HostCategory, LogLevel.Critical, null));
        });
        return logging;
    }
}
