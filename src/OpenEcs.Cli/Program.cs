using OpenEcs.Cli.Hosting;

return await EcsCli.RunAsync(args);
