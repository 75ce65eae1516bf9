using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace OpenEcs.Server.Cli;

/// <summary>The standard help, then what the parser cannot know: the commands to come and the main settings.</summary>
internal sealed class HelpWithSettings(HelpAction standard) : SynchronousCommandLineAction
{
    private const string Text = """
        Settings (appsettings.json beside the binary, then environment OPENECS__SECTION__KEY, then --Section:Key=value):
          --urls http://127.0.0.1:8080           where the API listens (env ASPNETCORE_URLS)
          --OpenEcs:DataDir=./data                SQLite store, signing key, generated admin credentials (0600)
          --OpenEcs:Storage:Provider=sqlite       or postgres, with --ConnectionStrings:OpenEcs="Host=...;Database=...;Username=...;Password=..."
          --OpenEcs:Storage:ApplyMigrations=true  false: a schema that is behind stops start-up instead of being migrated
          --OpenEcs:Hypervisor:Kind=simulated     or qemu (real VMs: --OpenEcs:Qemu:ImagesDir, Binary, Accel=auto|kvm|tcg)
          --OpenEcs:Simulator:Speed=realistic     or instant, manual (the simulated hypervisor's pace)
          --OpenEcs:Emulator:Enabled=true         the /_openecs/* controls (admin only); turn off in production
          --OpenEcs:Admin:Password=... / ApiToken=...   fixed admin credentials (else generated on first start)
          --Logging:Console:FormatterName=json    one JSON object per log line (simple: the default text)
        Every setting and its default: the README's Configuration table.

        Examples:
          openecs --urls http://0.0.0.0:8080 --OpenEcs:DataDir=/var/lib/openecs
          OPENECS__SIMULATOR__SPEED=instant OPENECS__ADMIN__APITOKEN=ci-token-0123456789abcdef openecs
          openecs accounts add --username alice --email alice@example.com --password-stdin < pw.txt
          openecs --OpenEcs:Hypervisor:Kind=agents --OpenEcs:Cluster:JoinToken=$TOKEN        (a control plane)
          openecs agent --OpenEcs:Agent:ControlPlane=http://cp:8080 --OpenEcs:Agent:Region=it-fr2 --OpenEcs:Agent:JoinToken=$TOKEN
          openecs hosts list | revoke|cordon|uncordon --name HOST        (the control plane's store)
        Health: GET /healthz (alive), GET /healthz/ready (store, migrations and hypervisor usable: 200, else 503).
        """;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Text);
        parseResult.InvocationConfiguration.Output.WriteLine();
        return code;
    }
}
