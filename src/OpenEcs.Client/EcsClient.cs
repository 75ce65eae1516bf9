using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenEcs.Client.Http;
using OpenEcs.Client.Models;
using OpenEcs.Client.Resources;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client;

/// <summary>
/// A client of the ECS v2 API: the real service (default) or OpenECS. Resources hang off it
/// (<see cref="Servers"/>, <see cref="Actions"/>, ...); every call takes a <see cref="CancellationToken"/> and fails with
/// an <see cref="EcsApiException"/> subclass when the API refuses it. Thread-safe; make one and keep it, or let
/// <c>services.AddEcsClient(...)</c> hand it out.
/// </summary>
/// <example>
/// <code>
/// using var ecs = new EcsClient(new EcsClientOptions { ApiToken = "..." });
/// var created = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "web" });
/// await ecs.WaitForActionAsync(created.ActionId);
/// </code>
/// </example>
public sealed partial class EcsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client with its own connections (and retries), configured by <paramref name="options"/>.</summary>
    public EcsClient(EcsClientOptions options)
        : this(new HttpClient(new EcsRetryHandler(options, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }))
            { Timeout = options.RequestTimeout }, options, ownsHttp: true)
    {
    }

    /// <summary>
    /// A client sending through <paramref name="httpClient"/>, which stays the caller's. Its base address is not used
    /// (<see cref="EcsClientOptions.BaseUrl"/> is); add an <see cref="EcsRetryHandler"/> to its handlers for retries.
    /// </summary>
    public EcsClient(HttpClient httpClient, EcsClientOptions options) : this(httpClient, options, ownsHttp: false)
    {
    }

    /// <summary>The constructor <c>AddEcsClient</c> uses: a factory-made <see cref="HttpClient"/> and the configured options.</summary>
    [ActivatorUtilitiesConstructor]
    public EcsClient(HttpClient httpClient, IOptions<EcsClientOptions> options) : this(httpClient, options.Value, ownsHttp: false)
    {
    }

    private EcsClient(HttpClient http, EcsClientOptions options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _ownsHttp = ownsHttp;
        Options = options;
        Servers = new ServersClient(this);
        Actions = new ActionsClient(this);
        Plans = new PlansClient(this);
        Regions = new RegionsClient(this);
        Images = new ImagesClient(this);
        Templates = new TemplatesClient(this);
        Groups = new GroupsClient(this);
        Scripts = new ScriptsClient(this);
        Snapshots = new SnapshotsClient(this);
        Networks = new NetworksClient(this);
        SshKeys = new SshKeysClient(this);
        ApiKeys = new ApiKeysClient(this);
        Account = new AccountClient(this);
        Emulator = new EmulatorClient(this);
        Billing = new BillingClient(this);
        Logs = new LogsClient(this);
    }

    /// <summary>The settings this client was made with.</summary>
    public EcsClientOptions Options { get; }

    /// <summary>Base URL of the API.</summary>
    public Uri BaseUrl => Options.BaseUrl;

    /// <summary>Cloud servers: create, list, power, console, metrics, delete (<c>/servers</c>).</summary>
    public ServersClient Servers { get; }
    /// <summary>Asynchronous actions (<c>/actions</c>).</summary>
    public ActionsClient Actions { get; }
    /// <summary>Plans (<c>/plans</c>).</summary>
    public PlansClient Plans { get; }
    /// <summary>Regions (<c>/regions</c>).</summary>
    public RegionsClient Regions { get; }
    /// <summary>Operating-system images (<c>/images</c>).</summary>
    public ImagesClient Images { get; }
    /// <summary>Templates captured from servers (<c>/templates</c>).</summary>
    public TemplatesClient Templates { get; }
    /// <summary>Server groups (<c>/groups</c>).</summary>
    public GroupsClient Groups { get; }
    /// <summary>The account's script library and the public scripts (<c>/scripts</c>).</summary>
    public ScriptsClient Scripts { get; }
    /// <summary>Servers' snapshots and periodic snapshots (<c>/servers/{name}/snapshots</c>, <c>/crons</c>).</summary>
    public SnapshotsClient Snapshots { get; }
    /// <summary>Private networks and servers' VLANs on them (<c>/networks</c>, <c>/servers/{name}/networks/{network}/vlans</c>).</summary>
    public NetworksClient Networks { get; }
    /// <summary>Public SSH keys (<c>/sshkeys</c>).</summary>
    public SshKeysClient SshKeys { get; }
    /// <summary>API tokens (<c>/keys</c>).</summary>
    public ApiKeysClient ApiKeys { get; }
    /// <summary>The account (<c>/account</c>).</summary>
    public AccountClient Account { get; }
    /// <summary>What a month cost (<c>/billing</c>).</summary>
    public BillingClient Billing { get; }
    /// <summary>The account's audit trail (<c>/logs</c>).</summary>
    public LogsClient Logs { get; }
    /// <summary>OpenECS's emulator controls (<c>/_openecs</c>); not on the real service.</summary>
    public EmulatorClient Emulator { get; }

    /// <summary>
    /// Exchanges a username (or a group's name) and password for a JWT (<c>POST /login</c>). This does not change the
    /// client's own credentials: for that, use a <see cref="LoginCredential"/>.
    /// </summary>
    public async Task<LoginToken> LoginAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Post, "login", EcsJsonContext.Wire.LoginEnvelope,
            Body.Of(new LoginBody(username, password), EcsJsonContext.Wire.LoginBody), Call.Anonymous | Call.SafeToRepeat, cancellationToken);
        if (string.IsNullOrEmpty(answer.Token)) throw Missing("token", "login");
        return new LoginToken(answer.Token, DateTimeOffset.FromUnixTimeSeconds(answer.Expire));
    }

    /// <summary>
    /// Polls an action until it completes, reporting each change to <paramref name="progress"/>. Returns the completed
    /// action; throws <see cref="EcsActionFailedException"/> if it failed and <see cref="TimeoutException"/> if it is
    /// still running after <paramref name="timeout"/> (default <see cref="EcsClientOptions.ActionTimeout"/>).
    /// </summary>
    public async Task<EcsAction> WaitForActionAsync(long actionId, IProgress<EcsAction>? progress = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var time = Options.TimeProvider;
        var limit = timeout ?? Options.ActionTimeout;
        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // Short first waits catch quick actions quickly; longer ones spare the rate limit.
        var delay = TimeSpan.FromMilliseconds(Math.Min(100, Options.ActionPollInterval.TotalMilliseconds));
        EcsAction? last = null;
        try
        {
            while (true)
            {
                var action = await Actions.GetAsync(actionId, linked.Token);
                if (last is null || action.Progress != last.Progress || action.Status != last.Status) progress?.Report(action);
                last = action;
                if (action.Status == ActionStatus.Failed) throw new EcsActionFailedException(action);
                if (action.IsFinished) return action;
                await Task.Delay(delay, time, linked.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.ActionPollInterval.Ticks));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seen = last is null ? "not read yet" : $"{last.Status} at {last.Progress}%";
            throw new TimeoutException($"action {actionId} did not finish within {limit} ({seen})");
        }
    }

    /// <summary>Closes the connections, if this client opened them.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
