using Microsoft.Extensions.Options;
using OpenEcs.Server.Cli;
using OpenEcs.Server.Hosting;

if (args is ["accounts", ..]) return await AccountsCommand.RunAsync(args[1..]);

try
{
    await OpenEcsApp.Create(args).RunAsync();
    return 0;
}
catch (OpenEcs.Core.Storage.DataFolderInUseException e)
{
    Console.Error.WriteLine($"openecs: {e.Message}");
    return 1;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"openecs: configuration error: {string.Join("; ", e.Failures)}");
    return 2;
}
catch (InvalidOperationException e) when (e.Message.Contains("configuration value", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"openecs: configuration error: {e.Message}");
    return 2;
}

/// <summary>Marker for test hosts.</summary>
public partial class Program;
