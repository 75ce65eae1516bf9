using System.Net;
using System.Net.WebSockets;
using System.Text;
using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>/servers through the SDK: the whole lifecycle, power, console, metrics and the refusals as typed exceptions.</summary>
public sealed class ServersSdkTests(FastMetricsFixture fx) : IClassFixture<FastMetricsFixture>
{
    private static CreateServerRequest Request(string notes, string plan = "ECS1") =>
        new() { Plan = plan, Location = "it-fr2", Image = "ubuntu-2404", Notes = notes };

    [Fact]
    public async Task A_server_lives_from_create_to_delete()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);

        var created = await ecs.Servers.CreateAsync(Request("sdk lifecycle ✓"));
        Assert.Equal(ServerStatus.Booting, created.Server.Status);
        Assert.Equal("", created.Server.Ipv4);
        var reports = new List<EcsAction>();
        var done = await ecs.WaitForActionAsync(created.ActionId, new SyncProgress<EcsAction>(reports.Add), TimeSpan.FromSeconds(15));
        Assert.Equal(ActionStatus.Completed, done.Status);
        Assert.Equal(100, done.Progress);
        Assert.Equal(ActionType.CreateServer, done.Type);
        Assert.Equal(done, reports[^1]);

        var name = created.Server.Name;
        var listed = Assert.Single(await ecs.Servers.ListAsync(), s => s.Name == name);
        Assert.Equal(ServerStatus.Booted, listed.Status);
        Assert.NotEqual("", listed.Ipv4);
        Assert.Equal("sdk lifecycle ✓", listed.Notes);
        Assert.Equal(1, listed.PlanSize.Core);

        await ecs.Servers.UpdateAsync(name, notes: "renamed");
        Assert.Equal("renamed", (await ecs.Servers.GetAsync(name)).Notes);

        Assert.True((await ecs.Servers.GetStatusAsync(name)).IsRunning);
        var off = await ecs.Servers.PowerOffAsync(name);
        Assert.Equal(ActionType.PowerOff, off.Type);
        await ecs.WaitForActionAsync(off.Id);
        Assert.Equal(PowerState.Shutoff, (await ecs.Servers.GetStatusAsync(name)).CurrentStatus);
        await ecs.WaitForActionAsync((await ecs.Servers.PowerOnAsync(name)).Id);
        Assert.Equal(PowerState.Running, (await ecs.Servers.GetStatusAsync(name)).CurrentStatus);

        var deleting = await ecs.Servers.DeleteAsync(name);
        Assert.Equal(ActionType.DeleteServer, deleting.Type);
        await ecs.WaitForActionAsync(deleting.Id);
        Assert.DoesNotContain(await ecs.Servers.ListAsync(), s => s.Name == name);
        var gone = await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.DeleteAsync(name));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Metrics_come_back_as_time_series()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var created = await ecs.Servers.CreateAsync(Request("metrics"));
        await ecs.WaitForActionAsync(created.ActionId);

        var metrics = await global::OpenEcs.Server.Tests.Infrastructure.Http.EventuallyAsync(() => ecs.Servers.GetMetricsAsync(created.Server.Name), m => m.Core.Count > 0, "a metrics sample");
        Assert.Equal(created.Server.Name, metrics.Resource);
        Assert.NotEmpty(metrics.Disk.Reads);
        Assert.NotEmpty(metrics.Network.Transmitted);
        var point = metrics.Core[^1];
        Assert.InRange(point.Time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.InRange(point.Value, 0, 100);

        var window = await ecs.Servers.GetMetricsAsync(created.Server.Name, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Empty(window.Core);
    }

    [Fact]
    public async Task The_console_key_opens_the_serial_console()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var created = await ecs.Servers.CreateAsync(Request("console"));
        await ecs.WaitForActionAsync(created.ActionId);

        var access = await ecs.Servers.RequestConsoleAsync(created.Server.Name);
        Assert.Equal(ActionType.Console, access.Action.Type);
        using var socket = await ecs.Servers.ConnectConsoleAsync(access);
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!seen.ToString().Contains($"root@{created.Server.Name}", StringComparison.Ordinal))
        {
            var frame = await socket.ReceiveAsync(buffer, patience.Token);
            Assert.NotEqual(WebSocketMessageType.Close, frame.MessageType);
            seen.Append(Encoding.UTF8.GetString(buffer, 0, frame.Count));
        }
        // A key opens one console only.
        await Assert.ThrowsAsync<WebSocketException>(() => ecs.Servers.ConnectConsoleAsync(access));
    }

    [Fact]
    public async Task Refusals_are_typed_exceptions_with_the_api_error()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);

        var badPlan = await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Servers.CreateAsync(Request("x", plan: "NOPE")));
        Assert.Equal(HttpStatusCode.BadRequest, badPlan.StatusCode);
        Assert.Equal(400, badPlan.ErrorCode);
        Assert.Equal("bad_request", badPlan.Status);
        Assert.Contains("NOPE", badPlan.Message);
        Assert.False(string.IsNullOrEmpty(badPlan.RequestId));

        var missing = await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.GetAsync("ec299999"));
        Assert.Equal((404, "not_found"), (missing.ErrorCode, missing.Status));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.GetStatusAsync("ec299999"));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.PowerOnAsync("ec299999"));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.GetMetricsAsync("ec299999"));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.UpdateAsync("ec299999", notes: "x"));

        // Another account's server is as good as absent.
        using var other = await fx.AccountAsync("other");
        using var theirs = fx.For(other);
        var their = await theirs.Servers.CreateAsync(Request("theirs"));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.GetAsync(their.Server.Name));
    }

    [Fact]
    public async Task A_failed_action_throws_and_a_cancelled_wait_stops()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        using var admin = Support.Sdk.For(fx.Server);
        await admin.Emulator.AddFaultAsync(new FaultRule { ActionType = ActionType.CreateServer, Count = 1, Message = "no room on the host" });
        try
        {
            var created = await ecs.Servers.CreateAsync(Request("doomed"));
            var failed = await Assert.ThrowsAsync<EcsActionFailedException>(() => ecs.WaitForActionAsync(created.ActionId));
            Assert.Equal(ActionStatus.Failed, failed.Action.Status);
            Assert.Contains("no room on the host", failed.Message);
        }
        finally
        {
            await admin.Emulator.ClearFaultsAsync();
        }

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ecs.Servers.ListAsync(cancelled.Token));
    }
}

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late for asserts).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
