using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenEcs.Core;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Emulator;
using OpenEcs.Core.Security;
using OpenEcs.Core.Services;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Contracts;
using OpenEcs.Server.Endpoints;

namespace OpenEcs.Server.Emulator;

public sealed record HealthResponse(string Status, string Speed, string Hypervisor, string Store, int ActionsRunning, string Now);
public sealed record ClockResponse(string Now, string Speed, string Status = "ok");
public sealed record FaultListResponse(IReadOnlyList<FaultRequest> Faults, string Status = "ok");
public sealed record AccountCreatedResponse(long Id, string Username, string Email, string Status = "ok");
public sealed record AccountDto(long Id, string Username, string Email, bool Admin, string CreatedAt);
public sealed record AccountListResponse(IReadOnlyList<AccountDto> Accounts, string Status = "ok");
public sealed record MemoryResponse(long ManagedBytes, long WorkingSetBytes, int Gen2Collections, string Status = "ok");

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
        admin.MapPost("/faults", Arm).WithSummary("{action_type, count | probability, message?}: make actions of a type fail");
        admin.MapDelete("/faults", (FaultInjector f) => { f.Clear(); return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse); });
        admin.MapGet("/accounts", ListAccountsAsync).WithSummary("Every account");
        admin.MapPost("/accounts", CreateAccountAsync).WithSummary("Create another account");
        admin.MapPost("/memory", Memory).WithSummary("Full garbage collection, then the managed heap and working set (leak checks)");
        return app;
    }

    private static IResult Health(TimeProvider time, IOptions<OpenEcsOptions> o, ActionRunner runner, EcsDbContext db) =>
        TypedResults.Json(new HealthResponse("ok", o.Value.Simulator.Speed.ToString().ToLowerInvariant(), o.Value.Hypervisor.Kind,
            db.Database.ProviderName ?? "", runner.Running, WireMapper.Timestamp(time.GetUtcNow())), EcsJsonContext.Wire.HealthResponse);

    private static async Task<IResult> ResetAsync(EcsDbContext db, FaultInjector faults, CredentialCache credentials, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ConsoleTickets.ExecuteDeleteAsync(ct);
        await db.MetricSamples.ExecuteDeleteAsync(ct);
        await db.AddressLeases.ExecuteDeleteAsync(ct);
        await db.Actions.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Servers.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Templates.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.Groups.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await db.SshKeys.IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        faults.Clear();
        credentials.Clear(); // group logins of the groups just deleted must stop at once
        return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
    }

    private static IResult Clock(TimeProvider time, IOptions<OpenEcsOptions> o) =>
        TypedResults.Json(new ClockResponse(WireMapper.Timestamp(time.GetUtcNow()), o.Value.Simulator.Speed.ToString().ToLowerInvariant()),
            EcsJsonContext.Wire.ClockResponse);

    private static IResult Advance(ClockRequest body, TimeProvider time, IOptions<OpenEcsOptions> o)
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

    private static IResult Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return TypedResults.Json(new MemoryResponse(GC.GetTotalMemory(false), Environment.WorkingSet, GC.CollectionCount(2)),
            EcsJsonContext.Wire.MemoryResponse);
    }

    private static IResult Faults(FaultInjector faults) =>
        TypedResults.Json(new FaultListResponse(faults.Rules.Select(r => new FaultRequest(r.ActionType, r.Remaining, r.Probability, r.Message)).ToList()),
            EcsJsonContext.Wire.FaultListResponse);

    private static IResult Arm(FaultRequest body, FaultInjector faults)
    {
        var type = Fields.Required(body.ActionType, "action_type", 32);
        faults.Arm(new FaultRule(type, body.Count, body.Probability,
            Fields.Limited(body.Message, "message", 255) is { Length: > 0 } m ? m : $"injected fault: {type} failed (POST /_openecs/faults)"));
        return Faults(faults);
    }

    private static async Task<IResult> ListAccountsAsync(AccountService accounts, CancellationToken ct) =>
        TypedResults.Json(new AccountListResponse((await accounts.ListAsync(ct))
            .Select(a => new AccountDto(a.Id, a.Username, a.Email, a.IsAdmin, WireMapper.Timestamp(a.CreatedAt))).ToList()),
            EcsJsonContext.Wire.AccountListResponse);

    private static async Task<IResult> CreateAccountAsync(CreateAccountRequest body, AccountService accounts, CancellationToken ct)
    {
        var account = await accounts.CreateAsync(Fields.Required(body.Username, "username", 64), Fields.Required(body.Password, "password", 256),
            Fields.Required(body.Email, "email", 254), isAdmin: false, ct);
        return TypedResults.Json(new AccountCreatedResponse(account.Id, account.Username, account.Email), EcsJsonContext.Wire.AccountCreatedResponse);
    }
}
