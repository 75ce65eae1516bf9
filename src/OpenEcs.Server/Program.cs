using OpenEcs.Server.Cli;

return await ServerCommandLine.RunAsync(args);

/// <summary>Marker for test hosts.</summary>
public partial class Program;
