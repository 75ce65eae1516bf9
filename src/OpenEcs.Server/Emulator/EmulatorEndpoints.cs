using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenEcs.Core;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Emulator;
using OpenEcs.Storage;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Emulator;

public sealed record HealthResponse(string Status, string Speed, string Hypervisor, string Store, int ActionsRunning, string Now);
public sealed record ClockResponse(string Now, string Speed, string Status = "ok");
public sealed record FaultListResponse(IReadOnlyList<FaultRequest> Faults, string Status = "ok");
public sealed record AccountCreatedResponse(long Id, string Username, string Email, string Status = "ok");
public sealed record AccountDto(long Id, string Username, string Email, bool Admin, string CreatedAt);
public sealed record AccountListResponse(IReadOnlyList<AccountDto> Accounts, string Status = "ok");
public sealed record MemoryResponse(long ManagedBytes, long WorkingSetBytes, int Gen2Collections, string Status = "ok");
public sealed record CreateAccountRequest(string? Username, string? Password, string? Email) : JsonBody<CreateAccountRequest, EmulatorJson>;
public sealed record ClockRequest(double? AdvanceSeconds, DateTimeOffset? SetTo) : JsonBody<ClockRequest, EmulatorJson>;
/// <summary>mode: "fail" (the default) or "hang" (the action never ends until its deadline or a delete).</summary>
public sealed record FaultRequest(string? ActionType, int? Count, double? Probability, string? Message, string? Mode = null)
    : JsonBody<FaultRequest, EmulatorJson>;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(ClockResponse))]
[JsonSerializable(typeof(FaultListResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(AccountCreatedResponse))]
[JsonSerializable(typeof(AccountListResponse))]
[JsonSerializable(typeof(MemoryResponse))]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(ClockRequest))]
[JsonSerializable(typeof(FaultRequest))]
public sealed partial class EmulatorJson : JsonSerializerContext, IWireContext<EmulatorJson>
{
    public static EmulatorJson Wire { get; } = new(WireJson.CreateOptions());
}

/// <summary>Controls for emulator use (tests, CI): mapped only when OpenEcs:Emulator:Enabled is true; admin only.</summary>
public static class EmulatorEndpoints
{
    public const string AdminPolicy = "admin";

    public static IEndpointRouteBuilder MapEmulatorEndpoints(this IEndpointRouteBuilder app)
    {
        var emu = app.MapGroup("/_openecs").WithTags("Emulator");
        emu.MapGet("/health", Health).AllowAnonymous();
        var admin = emu.MapGroup("").RequireAuthorization(AdminPolicy);
        admin.MapPost("/reset", ResetAsync).WithSummary("Forget every server, action, template, group and ssh key (accounts and tokens stay)");
        admin.MapGet("/clock", Clock);
        admin.MapPost("/clock", Advance).WithSummary("Manual speed only: {advance_seconds} or {set_to}");
        admin.MapGet("/faults", Faults);
        admin.MapPost("/faults", Arm).WithSummary("{action_type, count | probability, message?, mode: fail|hang}: make actions of a type fail or hang");
        admin.MapDelete("/faults", (FaultInjector f) => { f.Clear(); return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse); });
        admin.MapGet("/accounts", ListAccountsAsync).WithSummary("Every account");
        admin.MapPost("/accounts", CreateAccountAsync).WithSummary("Create another account");
        admin.MapPost("/memory", Memory).WithSummary("Full garbage collection, then the managed heap and working set (leak checks)");
        return app;
    }

    private static WireResult<HealthResponse> Health(TimeProvider time, IOptions<OpenEcsOptions> o, ActionRunner runner, StoreSettings store) =>
        Wire.Ok(new HealthResponse("ok", o.Value.Simulator.Speed.ToString().ToLowerInvariant(), o.Value.Hypervisor.Kind,
            store.ProviderName, runner.Running, WireJson.Timestamp(time.GetUtcNow())), EmulatorJson.Wire.HealthResponse);

    private static async Task<WireResult<OkResponse>> ResetAsync(EmulatorService emulator, CancellationToken ct)
    {
        await emulator.ResetAsync(ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }

    private static WireResult<ClockResponse> Clock(TimeProvider time, IOptions<OpenEcsOptions> o) =>
        Wire.Ok(new ClockResponse(WireJson.Timestamp(time.GetUtcNow()), o.Value.Simulator.Speed.ToString().ToLowerInvariant()),
            EmulatorJson.Wire.ClockResponse);

    private static WireResult<ClockResponse> Advance(ClockRequest body, TimeProvider time, IOptions<OpenEcsOptions> o)
    {
        if (time is not FakeTimeProvider manual)
            throw EcsException.Conflict("the clock can be moved only when OpenEcs:Simulator:Speed is manual");
        if (body.AdvanceSeconds is { } seconds)
        {
            if (seconds is <= 0 or > 366 * 86400 || double.IsNaN(seconds))
                throw EcsException.BadRequest("advance_seconds must be more than 0 and at most a year");
            manual.Advance(TimeSpan.FromSeconds(seconds));
        }
        else if (body.SetTo is { } target)
        {
            if (target < manual.GetUtcNow()) throw EcsException.BadRequest("set_to must not be in the past: the clock only moves forward");
            manual.SetUtcNow(target);
        }
        else throw EcsException.BadRequest("give advance_seconds or set_to");
        return Clock(time, o);
    }

    private static WireResult<MemoryResponse> Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Wire.Ok(new MemoryResponse(GC.GetTotalMemory(false), Environment.WorkingSet, GC.CollectionCount(2)),
            EmulatorJson.Wire.MemoryResponse);
    }

    private static WireResult<FaultListResponse> Faults(FaultInjector faults) =>
        Wire.Ok(new FaultListResponse(faults.Rules.Select(r =>
                new FaultRequest(r.ActionType, r.Remaining, r.Probability, r.Message, r.Hang ? "hang" : "fail")).ToList()),
            EmulatorJson.Wire.FaultListResponse);

    private static WireResult<FaultListResponse> Arm(FaultRequest body, FaultInjector faults)
    {
        var type = Fields.Required(body.ActionType, "action_type", 32);
        var hang = body.Mode switch
        {
            null or "" or "fail" => false,
            "hang" => true,
            _ => throw EcsException.BadRequest("mode must be fail (the default) or hang"),
        };
        faults.Arm(new FaultRule(type, body.Count, body.Probability,
            Fields.Limited(body.Message, "message", 255) is { Length: > 0 } m ? m : $"injected fault: {type} failed (POST /_openecs/faults)", hang));
        return Faults(faults);
    }

    private static async Task<WireResult<AccountListResponse>> ListAccountsAsync(AccountService accounts, CancellationToken ct) =>
        Wire.Ok(new AccountListResponse((await accounts.ListAsync(ct))
            .Select(a => new AccountDto(a.Id, a.Username, a.Email, a.IsAdmin, WireJson.Timestamp(a.CreatedAt))).ToList()),
            EmulatorJson.Wire.AccountListResponse);

    private static async Task<WireResult<AccountCreatedResponse>> CreateAccountAsync(CreateAccountRequest body, AccountService accounts, CancellationToken ct)
    {
        var account = await accounts.CreateAsync(Fields.Required(body.Username, "username", 64), Fields.Required(body.Password, "password", 256),
            Fields.Required(body.Email, "email", 254), isAdmin: false, ct);
        return Wire.Ok(new AccountCreatedResponse(account.Id, account.Username, account.Email), EmulatorJson.Wire.AccountCreatedResponse);
    }
}
