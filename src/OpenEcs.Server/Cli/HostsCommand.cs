using System.CommandLine;
using OpenEcs.Core.Hosts;

namespace OpenEcs.Server.Cli;

/// <summary>
/// `openecs hosts list|revoke|cordon|uncordon|forget`: the control plane's hosts straight in its store, beside a running
/// server. A revoked host's open stream is cut by the replica that holds it at its next call (its credential is refused).
/// </summary>
public static class HostsCommand
{
    public static Command Build()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data folder (default: OpenEcs:DataDir, ./data)" };
        var list = new Command("list", "List hosts: name, region, status, capacity and what is allocated. Example: hosts list") { dataDir };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parse, ct) => AccountsCommand.WithStoreAsync(parse, dataDir, async (sp, c) =>
        {
            foreach (var v in await sp.GetRequiredService<HostService>().ListAsync(c))
                Console.WriteLine($"{v.Host.Name,-32} {v.Host.Region,-8} {v.ShownStatus,-9} {(v.Host.Revoked ? "revoked" : ""),-8} servers {v.Used.Servers,4}  " +
                                  $"cpu {v.Used.Cpu}/{v.Host.Cpu}  ram {v.Used.RamMb}/{v.Host.RamMb} MB  disk {v.Used.DiskGb}/{v.Host.DiskGb} GB  gpu {v.Used.Gpu}/{v.Host.Gpu}");
        }, ct));
        return new Command("hosts", "list | revoke | cordon | uncordon: the hypervisor hosts of a control plane (Kind=agents)")
        {
            list,
            Change("revoke", "Refuse the host's credential; it cannot join again under its name", (s, n, c) => s.RevokeAsync(n, c), dataDir),
            Change("cordon", "No new servers on the host", (s, n, c) => s.CordonAsync(n, true, c), dataDir),
            Change("uncordon", "New servers may be placed on the host again", (s, n, c) => s.CordonAsync(n, false, c), dataDir),
            Forget(dataDir),
        };
    }

    private static Command Forget(Option<string?> dataDir)
    {
        var name = new Option<string>("--name") { Description = "The host (its agent's HostName)", Required = true };
        var command = new Command("forget", "A down host that will not return, and its servers with it. Example: hosts forget --name hv1") { dataDir, name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => AccountsCommand.WithStoreAsync(parse, dataDir, async (sp, c) =>
        {
            var count = await sp.GetRequiredService<HostService>().ForgetAsync(parse.GetValue(name)!, c);
            Console.WriteLine($"host {parse.GetValue(name)} forgotten with its {count} server(s)");
        }, ct));
        return command;
    }

    private static Command Change(string verb, string what, Func<HostService, string, CancellationToken, Task<HypervisorHost>> change, Option<string?> dataDir)
    {
        var name = new Option<string>("--name") { Description = "The host (its agent's HostName)", Required = true };
        var command = new Command(verb, $"{what}. Example: hosts {verb} --name hv1") { dataDir, name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => AccountsCommand.WithStoreAsync(parse, dataDir, async (sp, c) =>
        {
            var host = await change(sp.GetRequiredService<HostService>(), parse.GetValue(name)!, c);
            Console.WriteLine($"host {host.Name}: {HostService.Shown(host)}{(host.Revoked ? ", revoked" : "")}{(host.Cordoned ? ", cordoned" : "")}");
        }, ct));
        return command;
    }
}
