using Microsoft.Extensions.Options;

namespace OpenEcs.Core;

public enum SimulatorSpeed { Instant, Realistic, Manual }

/// <summary>Everything under the <c>OpenEcs</c> configuration section (env: <c>OPENECS__...</c>).</summary>
public sealed class OpenEcsOptions
{
    public const string Section = "OpenEcs";

    public string DataDir { get; set; } = "./data";
    public AdminOptions Admin { get; set; } = new();
    public AuthOptions Auth { get; set; } = new();
    public SimulatorOptions Simulator { get; set; } = new();
    public EmulatorOptions Emulator { get; set; } = new();
    public HypervisorOptions Hypervisor { get; set; } = new();
    public CatalogOptions Catalog { get; set; } = new();
    public MetricsOptions Metrics { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();
    public LimitsOptions Limits { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public ClusterOptions Cluster { get; set; } = new();
    public ActionsOptions Actions { get; set; } = new();
    public LogsOptions Logs { get; set; } = new();
    public Dictionary<string, RegionNetworkOptions> Network { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
    public ConsoleOptions Consoles { get; set; } = new();
    /// <summary>The hypervisor hosts of a control plane (OpenEcs:Hypervisor:Kind=agents).</summary>
    public HostsOptions Hosts { get; set; } = new();
    /// <summary>This process as a hypervisor agent (the <c>agent</c> command).</summary>
    public AgentOptions Agent { get; set; } = new();

    /// <summary>The address clients reach the API at (e.g. https://ecs.example.com), for the URLs the API hands out
    /// (console_url); empty: the request's host when it is one of <see cref="AllowedHosts"/>, else the address the
    /// request came in on.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Host names (semicolon-separated, "*.example.com" for subdomains) whose Host header may be echoed in URLs.</summary>
    public string? AllowedHosts { get; set; }

    public string FullDataDir => Path.GetFullPath(DataDir);
}

public sealed class AdminOptions
{
    public string Username { get; set; } = "admin";
    public string Email { get; set; } = "admin@openecs.local";
    /// <summary>Empty: generated on first start, printed once and written to admin-credentials.txt (mode 0600).</summary>
    public string? Password { get; set; }
    /// <summary>A fixed API token for CI and emulator use; stored hashed like any other.</summary>
    public string? ApiToken { get; set; }
}

public sealed class AuthOptions
{
    /// <summary>HS256 key (at least 32 bytes); empty: generated once and kept in the data folder.</summary>
    public string? JwtKey { get; set; }
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(4);
    public int LoginAttemptsPerWindow { get; set; } = 10;
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
    public int PasswordIterations { get; set; } = 210_000;
    /// <summary>Seconds a verified credential is remembered (0: check the store on every request).</summary>
    public int CacheSeconds { get; set; } = 10;
    /// <summary>Password hashes and checks (the slow KDF) that run at once; the rest wait in a queue of HashQueueLimit.</summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);
    public int HashQueueLimit { get; set; } = 16;
    /// <summary>Failed logins per client address (any username) per LoginWindow, so that new usernames bring no new budget.</summary>
    public int LoginFailuresPerClient { get; set; } = 30;
    /// <summary>
    /// Failed logins to one username per LoginWindow from clients not known for it (whatever their address), so that
    /// a flood from many addresses cannot guess on; a known client's right password still goes through.
    /// </summary>
    public int LoginFailuresPerUsername { get; set; } = 100;
    /// <summary>How long a client that logged in to a username stays known for it (no login in that time: forgotten).</summary>
    public TimeSpan KnownClientLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Client and username pairs remembered as known, the least recently used forgotten first.</summary>
    public int KnownClientLimit { get; set; } = 100_000;
    /// <summary>Password checks of known clients that run at once, beside MaxConcurrentHashes.</summary>
    public int KnownClientHashes { get; set; } = 1;
}

/// <summary>Which peers may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is (reverse proxies).</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, e.g. 127.0.0.1; none (the default): forwarded headers are ignored.</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Proxy networks in CIDR form, e.g. 10.0.0.0/8.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Serial consoles over websockets: each holds descriptors and buffers, so their number is capped.</summary>
public sealed class ConsoleOptions
{
    public int MaxPerAccount { get; set; } = 10;
    public int MaxPerServer { get; set; } = 4;
    /// <summary>Across every account of this replica.</summary>
    public int MaxOpen { get; set; } = 200;
    /// <summary>A console that carries no byte either way for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class SimulatorOptions
{
    public SimulatorSpeed Speed { get; set; } = SimulatorSpeed.Realistic;
    /// <summary>Multiplies the realistic durations: 0.1 makes a create take 1 to 3 seconds.</summary>
    public double TimeScale { get; set; } = 1.0;
    /// <summary>Manual speed: the time the clock starts at (default: now), for reproducible dates across restarts.</summary>
    public DateTimeOffset? ManualClockStart { get; set; }
    /// <summary>Virtual hypervisor hosts per region, so that isolate_from is placed and shown (QEMU: always one).</summary>
    public int HostsPerRegion { get; set; } = 3;
}

public sealed class EmulatorOptions
{
    /// <summary>The /_openecs/* controls (reset, clock, faults, accounts) and password changes without the current
    /// one: the emulator is the default use; false for a hosting deployment.</summary>
    public bool Enabled { get; set; } = true;
}

public sealed class HypervisorOptions
{
    public const string Simulated = "simulated", Qemu = "qemu", Agents = "agents";
    public static readonly string[] Kinds = [Simulated, Qemu, Agents];

    /// <summary><c>simulated</c> (nothing runs), <c>qemu</c> (every server is a QEMU process on this host) or
    /// <c>agents</c> (a control plane: servers run on the hosts whose agents joined it).</summary>
    public string Kind { get; set; } = Simulated;

    public bool IsQemu => string.Equals(Kind, Qemu, StringComparison.OrdinalIgnoreCase);
    public bool IsAgents => string.Equals(Kind, Agents, StringComparison.OrdinalIgnoreCase);

    /// <summary>At start-up, halt (disk kept) running VMs that no server in the store owns; else only log them.</summary>
    public bool StopUnknownVms { get; set; }
}

public sealed class CatalogOptions
{
    /// <summary>A catalog file of the operator's own; empty: the built-in catalog.</summary>
    public string? Path { get; set; }
}

public sealed class MetricsOptions
{
    public TimeSpan Step { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
    /// <summary>Networks (CIDR) besides loopback that may scrape /metrics; everyone else gets a 403.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}

public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector (e.g. http://127.0.0.1:4317) that receives traces and metrics; empty: none.</summary>
    public string? OtlpEndpoint { get; set; }
}

public sealed class LimitsOptions
{
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
    public int MaxServersPerAccount { get; set; } = 1000;
    /// <summary>Groups, ssh keys and API tokens each account may hold (their lists are not paged).</summary>
    public int MaxGroupsPerAccount { get; set; } = 100;
    public int MaxSshKeysPerAccount { get; set; } = 100;
    public int MaxApiKeysPerAccount { get; set; } = 100;
    /// <summary>Requests per account (or, unauthenticated, per client address) per minute; 0: no limit.</summary>
    public int RequestsPerMinute { get; set; } = 3000;
    /// <summary>Scripts in one account's library (the vendor's documented limit).</summary>
    public int MaxScriptsPerAccount { get; set; } = 20;
    /// <summary>Snapshots one server holds at once (being created or created); periodic ones count too.</summary>
    public int MaxSnapshotsPerServer { get; set; } = 10;
    /// <summary>Private networks one account holds at once.</summary>
    public int MaxNetworksPerAccount { get; set; } = 50;
}

public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (a file in the data folder) or <c>postgres</c> (ConnectionStrings:OpenEcs).</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>Apply pending migrations at start-up; when false, a schema that is behind stops start-up.</summary>
    public bool ApplyMigrations { get; set; } = true;
}

public sealed class ClusterOptions
{
    /// <summary>How long a replica's claim on an action (or a cluster-wide job) lasts without a heartbeat.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Actions one replica runs at once (each needs a store connection while it writes).</summary>
    public int MaxConcurrentActions { get; set; } = 32;
    /// <summary>What an agent shows at its first start to join this control plane (Kind=agents): at least 16 characters.</summary>
    public string? JoinToken { get; set; }
}

public sealed class HostsOptions
{
    /// <summary>A host whose agent sent no heartbeat for this long is down: its servers say so, nothing is placed on it.</summary>
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long an action waits for the agent of its server's host to be connected before it fails.</summary>
    public TimeSpan WaitForHost { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Virtual CPUs placed per physical one (and RAM, disk: 1 is no overcommit); GPUs are never overcommitted.</summary>
    public double CpuOvercommit { get; set; } = 4.0;
    public double RamOvercommit { get; set; } = 1.0;
    public double DiskOvercommit { get; set; } = 1.0;
}

public sealed class AgentOptions
{
    /// <summary>The control plane's base URL (http://host:port, no path): an API replica or a load balancer.</summary>
    public string? ControlPlane { get; set; }
    /// <summary>This host's name in the cluster (default: the machine's).</summary>
    public string HostName { get; set; } = Environment.MachineName;
    public string? Region { get; set; }
    /// <summary>The cluster's join token, needed at the first start only (then the credential in the data folder).</summary>
    public string? JoinToken { get; set; }
    public AgentCapacityOptions Capacity { get; set; } = new();
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What the host offers; unset: the machine's (QEMU) or a fixed, generous size (simulated).</summary>
public sealed class AgentCapacityOptions
{
    public int? Cpu { get; set; }
    public int? RamMb { get; set; }
    public int? DiskGb { get; set; }
    public int? Gpu { get; set; }
}

public sealed class ActionsOptions
{
    /// <summary>Per action type (e.g. <c>create_server</c>), how long a run may take before it is failed; each type
    /// has a default.</summary>
    public Dictionary<string, TimeSpan> Deadlines { get; set; } = new(StringComparer.Ordinal);
}

public sealed class LogsOptions
{
    /// <summary>How long the account's audit trail (GET /logs) keeps a row.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(180);
    /// <summary>Rows waiting for the background writer at most; a request waits when it is full (never dropped).</summary>
    public int QueueCapacity { get; set; } = 10_000;
}

public sealed class RegionNetworkOptions
{
    /// <summary>IPv4 pool of the region, e.g. <c>10.12.0.0/16</c>.</summary>
    public string? Ipv4Cidr { get; set; }
    /// <summary>IPv6 prefix of the region (a /64 or wider); servers get prefix::host.</summary>
    public string? Ipv6Prefix { get; set; }
}

/// <summary>Start-up validation: each message names the key to fix.</summary>
public sealed class OpenEcsOptionsValidator : IValidateOptions<OpenEcsOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenEcsOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.DataDir)) errors.Add("OpenEcs:DataDir must name a folder");
        if (string.IsNullOrWhiteSpace(o.Admin.Username) || o.Admin.Username.Length > 64)
            errors.Add("OpenEcs:Admin:Username must be 1 to 64 characters");
        if (o.Admin.Password is { Length: > 0 and < 8 })
            errors.Add("OpenEcs:Admin:Password must be at least 8 characters (or empty to generate one)");
        if (o.Admin.ApiToken is { Length: > 0 and < 16 })
            errors.Add("OpenEcs:Admin:ApiToken must be at least 16 characters (or empty to generate one)");
        if (o.Auth.JwtKey is { Length: > 0 and < 32 })
            errors.Add("OpenEcs:Auth:JwtKey must be at least 32 characters (or empty to generate one)");
        if (o.Auth.TokenLifetime <= TimeSpan.Zero) errors.Add("OpenEcs:Auth:TokenLifetime must be positive");
        if (o.Auth.LoginAttemptsPerWindow < 1) errors.Add("OpenEcs:Auth:LoginAttemptsPerWindow must be at least 1");
        if (o.Auth.CacheSeconds is < 0 or > 300) errors.Add("OpenEcs:Auth:CacheSeconds must be between 0 and 300");
        if (o.Auth.PasswordIterations < 1000) errors.Add("OpenEcs:Auth:PasswordIterations must be at least 1000");
        if (o.Auth.MaxConcurrentHashes is < 1 or > 1024) errors.Add("OpenEcs:Auth:MaxConcurrentHashes must be between 1 and 1024");
        if (o.Auth.HashQueueLimit is < 0 or > 100_000) errors.Add("OpenEcs:Auth:HashQueueLimit must be between 0 and 100000");
        if (o.Auth.LoginFailuresPerClient < 1) errors.Add("OpenEcs:Auth:LoginFailuresPerClient must be at least 1");
        if (o.Auth.LoginFailuresPerUsername < 1) errors.Add("OpenEcs:Auth:LoginFailuresPerUsername must be at least 1");
        if (o.Auth.KnownClientLifetime <= TimeSpan.Zero) errors.Add("OpenEcs:Auth:KnownClientLifetime must be positive");
        if (o.Auth.KnownClientLimit is < 1 or > 10_000_000) errors.Add("OpenEcs:Auth:KnownClientLimit must be between 1 and 10000000");
        if (o.Auth.KnownClientHashes is < 1 or > 1024) errors.Add("OpenEcs:Auth:KnownClientHashes must be between 1 and 1024");
        if (!Enum.IsDefined(o.Simulator.Speed)) errors.Add("OpenEcs:Simulator:Speed must be instant, realistic or manual");
        if (o.Simulator.TimeScale is <= 0 or > 100 || double.IsNaN(o.Simulator.TimeScale))
            errors.Add("OpenEcs:Simulator:TimeScale must be more than 0 and at most 100");
        if (o.Simulator.HostsPerRegion is < 1 or > 64) errors.Add("OpenEcs:Simulator:HostsPerRegion must be between 1 and 64");
        if (o.Logs.Retention < TimeSpan.FromHours(1)) errors.Add("OpenEcs:Logs:Retention must be at least one hour");
        if (o.Logs.QueueCapacity is < 16 or > 1_000_000) errors.Add("OpenEcs:Logs:QueueCapacity must be between 16 and 1000000");
        if (!HypervisorOptions.Kinds.Contains(o.Hypervisor.Kind, StringComparer.OrdinalIgnoreCase))
            errors.Add($"OpenEcs:Hypervisor:Kind '{o.Hypervisor.Kind}' is not available: use 'simulated', 'qemu' or 'agents'");
        if (o.Hypervisor.IsAgents && o.Cluster.JoinToken is not { Length: >= 16 })
            errors.Add("OpenEcs:Cluster:JoinToken must be at least 16 characters when OpenEcs:Hypervisor:Kind is agents");
        if (o.Hosts.DownAfter < TimeSpan.FromSeconds(1)) errors.Add("OpenEcs:Hosts:DownAfter must be at least 1 second");
        if (o.Hosts.WaitForHost <= TimeSpan.Zero) errors.Add("OpenEcs:Hosts:WaitForHost must be positive");
        foreach (var (key, ratio) in new[] { ("CpuOvercommit", o.Hosts.CpuOvercommit), ("RamOvercommit", o.Hosts.RamOvercommit), ("DiskOvercommit", o.Hosts.DiskOvercommit) })
            if (ratio is < 0.1 or > 64 || double.IsNaN(ratio)) errors.Add($"OpenEcs:Hosts:{key} must be between 0.1 and 64");
        if (o.Catalog.Path is { Length: > 0 } p && !File.Exists(p))
            errors.Add($"OpenEcs:Catalog:Path '{p}' does not exist");
        if (o.Metrics.Step < TimeSpan.FromSeconds(1)) errors.Add("OpenEcs:Metrics:Step must be at least 1 second");
        if (o.Metrics.Retention < o.Metrics.Step) errors.Add("OpenEcs:Metrics:Retention must be at least one step");
        foreach (var network in o.Metrics.AllowedNetworks)
            if (!System.Net.IPNetwork.TryParse(network, out _)) errors.Add($"OpenEcs:Metrics:AllowedNetworks '{network}' is not a CIDR block");
        if (o.Telemetry.OtlpEndpoint is { Length: > 0 } otlp && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
            errors.Add($"OpenEcs:Telemetry:OtlpEndpoint '{otlp}' is not an absolute URL");
        if (o.Limits.MaxBodyBytes < 1024) errors.Add("OpenEcs:Limits:MaxBodyBytes must be at least 1024");
        if (o.Limits.RequestsPerMinute < 0) errors.Add("OpenEcs:Limits:RequestsPerMinute must be 0 (off) or more");
        if (o.Limits.MaxServersPerAccount < 1) errors.Add("OpenEcs:Limits:MaxServersPerAccount must be at least 1");
        if (o.Limits.MaxGroupsPerAccount < 1) errors.Add("OpenEcs:Limits:MaxGroupsPerAccount must be at least 1");
        if (o.Limits.MaxSshKeysPerAccount < 1) errors.Add("OpenEcs:Limits:MaxSshKeysPerAccount must be at least 1");
        if (o.Limits.MaxApiKeysPerAccount < 1) errors.Add("OpenEcs:Limits:MaxApiKeysPerAccount must be at least 1");
        if (o.Limits.MaxScriptsPerAccount is < 1 or > 10_000) errors.Add("OpenEcs:Limits:MaxScriptsPerAccount must be between 1 and 10000");
        if (o.Limits.MaxNetworksPerAccount is < 1 or > 10_000) errors.Add("OpenEcs:Limits:MaxNetworksPerAccount must be between 1 and 10000");
        if (o.Limits.MaxSnapshotsPerServer is < 1 or > 1000) errors.Add("OpenEcs:Limits:MaxSnapshotsPerServer must be between 1 and 1000");
        if (o.Storage.Provider is not ("sqlite" or "postgres"))
            errors.Add($"OpenEcs:Storage:Provider '{o.Storage.Provider}' is unknown: use sqlite or postgres");
        if (o.Cluster.MaxConcurrentActions is < 1 or > 1024) errors.Add("OpenEcs:Cluster:MaxConcurrentActions must be between 1 and 1024");
        if (o.Cluster.LeaseDuration < TimeSpan.FromSeconds(2)) errors.Add("OpenEcs:Cluster:LeaseDuration must be at least 2 seconds");
        foreach (var (type, deadline) in o.Actions.Deadlines)
            if (deadline <= TimeSpan.Zero) errors.Add($"OpenEcs:Actions:Deadlines:{type} must be positive");
        foreach (var proxy in o.ForwardedHeaders.KnownProxies)
            if (!System.Net.IPAddress.TryParse(proxy, out _)) errors.Add($"OpenEcs:ForwardedHeaders:KnownProxies '{proxy}' is not an IP address");
        foreach (var network in o.ForwardedHeaders.KnownNetworks)
            if (!System.Net.IPNetwork.TryParse(network, out _)) errors.Add($"OpenEcs:ForwardedHeaders:KnownNetworks '{network}' is not a CIDR block");
        if (o.PublicUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            errors.Add($"OpenEcs:PublicUrl '{url}' must be an absolute http:// or https:// URL");
        if (o.Consoles.MaxPerAccount < 1) errors.Add("OpenEcs:Consoles:MaxPerAccount must be at least 1");
        if (o.Consoles.MaxPerServer < 1) errors.Add("OpenEcs:Consoles:MaxPerServer must be at least 1");
        if (o.Consoles.MaxOpen < 1) errors.Add("OpenEcs:Consoles:MaxOpen must be at least 1");
        if (o.Consoles.IdleTimeout <= TimeSpan.Zero) errors.Add("OpenEcs:Consoles:IdleTimeout must be positive");
        foreach (var (region, net) in o.Network)
        {
            if (net.Ipv4Cidr is { Length: > 0 } c && !System.Net.IPNetwork.TryParse(c, out _))
                errors.Add($"OpenEcs:Network:{region}:Ipv4Cidr '{c}' is not a CIDR block");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
