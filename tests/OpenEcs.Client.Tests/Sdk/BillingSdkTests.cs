using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>Support, reserved periods, isolations, bills and logs through the SDK.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class BillingSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task Support_reservations_and_isolations_round_trip_typed()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var first = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "debian-12", Notes = "first", Support = "basic" });
        Assert.Equal(("basic", 1, first.Server.Name), (first.Server.Support!.SupportCode, first.Server.Support.Weight, first.Server.Support.ServerName));
        var second = await ecs.Servers.CreateAsync(new()
        {
            Plan = "ECS1", Location = "it-fr2", Image = "debian-12", Notes = "second", ReservedPlan = "M6PECS1", IsolateFrom = [first.Server.Name],
        });
        var reserved = Assert.Single(second.Server.ReservedPlans);
        Assert.Equal((6, 15, 1, second.Server.Name), (reserved.ReservedMonths, reserved.Discount, reserved.Plan, reserved.Server));
        Assert.True(second.Server.IsReserved);
        Assert.Equal(first.Server.Name, Assert.Single(await ecs.Servers.GetIsolationsAsync(second.Server.Name)).Name);
        Assert.Equal("second", Assert.Single(await ecs.Servers.GetIsolationsAsync(first.Server.Name)).Notes);

        var global = await ecs.Servers.SetSupportAsync(first.Server.Name, "global");
        Assert.Equal(2, global!.Weight);
        await ecs.Servers.RemoveSupportAsync(first.Server.Name);
        Assert.Null((await ecs.Servers.GetAsync(first.Server.Name)).Support);

        var renewal = await ecs.Servers.ReserveAsync(second.Server.Name, "M3PECS1");
        Assert.Equal(reserved.EndDate, renewal.StartDate);
        Assert.Equal(renewal.EndDate, DateTimeOffset.Parse((await ecs.Servers.GetAsync(second.Server.Name)).ReservedUntil, System.Globalization.CultureInfo.InvariantCulture));
        var refused = await Assert.ThrowsAsync<EcsConflictException>(() => ecs.Servers.DeleteAsync(second.Server.Name));
        Assert.Contains("reserved until", refused.Message);
        await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Servers.ReserveAsync(first.Server.Name, "M7PECS1"));
        await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Servers.SetSupportAsync(first.Server.Name, "proactive"));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.GetIsolationsAsync("ec299999"));
    }

    [Fact]
    public async Task Bills_and_logs_read_as_models_and_csv()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "debian-12", Notes = "billed", Support = "global" });
        await ecs.WaitForActionAsync(created.ActionId);
        var now = DateTime.UtcNow;

        var row = Assert.Single(await ecs.Billing.ServersAsync(now.Year, now.Month));
        Assert.Equal((created.Server.Name, 1L, "global", 79m), (row.Name, row.BilledHours, row.Summary.SupportCode, row.Summary.SupportPrice));
        Assert.Equal(79.02m, row.Cost);
        Assert.Empty(await ecs.Billing.TemplatesAsync(now.Year, now.Month));
        Assert.Equal(0, (await ecs.Billing.SnapshotsAsync(now.Year, now.Month)).RowsCount);
        var csv = await ecs.Billing.CsvAsync("servers", now.Year, now.Month);
        Assert.StartsWith("plan,name,group,notes", csv);
        Assert.Contains(created.Server.Name, csv);
        await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Billing.ServersAsync(1999, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ecs.Billing.ServersAsync(2031, 13));

        var page = await ecs.Logs.ListAsync(length: 10);
        var create = page.Logs.First(l => l.Action == "POST /servers");
        Assert.Equal((me.Username, created.Server.Name, "success"), (create.Actor, create.Target, create.Status));
        Assert.Equal(create.Id, (await ecs.Logs.GetAsync(create.Id)).Id);
        Assert.Equal(create.Id, Assert.Single((await ecs.Logs.ListAsync(resource: created.Server.Name)).Logs).Id);
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Logs.GetAsync(99_999_999));
    }
}
