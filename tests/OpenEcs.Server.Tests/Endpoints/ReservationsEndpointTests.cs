using System.Globalization;
using System.Net;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>reserved_plan on create, POST /servers/{name}/reserved, what a server shows of it, and the delete it stops.</summary>
public sealed class ReservationsEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_docs_example_reserves_24_months_which_the_server_shows_and_a_renewal_follows_on()
    {
        using var me = await fx.AccountAsync();
        var created = (await me.Api.PostJsonAsync("servers", new { plan = "ECS6", image = "debian-12", location = "it-fr2", notes = "my-first-server" })).AssertOk();
        var name = (string)created["server"]!["name"]!;
        await me.Api.WaitForActionAsync((long)created["action_id"]!);

        var reserved = Wire.Shape((await me.Api.RawAsync(HttpMethod.Post, $"servers/{name}/reserved", Wire.Text("{\"reserved_plan\": \"M24PECS6\"}"))).AssertOk(),
            Wire.ReservedPlan);
        Assert.Equal((24, 24, 11, 20, name), ((int)reserved["reserved_month"]!, (int)reserved["reserved_months"]!, (int)reserved["plan"]!,
            (int)reserved["discount"]!, (string)reserved["server"]!));
        Assert.Equal(Time((string)reserved["start_date"]!).AddMonths(24), Time((string)reserved["end_date"]!));

        var server = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]);
        Assert.True((bool)server["is_reserved"]!);
        Assert.Equal((string)reserved["end_date"]!, (string)server["reserved_until"]!);
        Assert.Equal((long)reserved["reserved_plan"]!, (long)server["reserved_plans"]![0]!["reserved_plan"]!);

        // Bought again: it starts where the first ends.
        var renewal = (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = "m3pecs6" })).AssertOk();
        Assert.Equal((string)reserved["end_date"]!, (string)renewal["start_date"]!);
        server = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]);
        Assert.Equal(2, server["reserved_plans"]!.AsArray().Count);
        Assert.Equal((string)renewal["end_date"]!, (string)server["reserved_until"]!);

        // The one refusal a delete knows; nothing is queued for it.
        (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.Conflict, "reserved until");
        Assert.Equal("Booted", (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["status"]!);
        Assert.DoesNotContain((await me.Api.GetJsonAsync($"actions?resource={name}")).AssertOk()["actions"]!.AsArray(),
            a => (string)a!["type"]! == "delete_server");
    }

    [Fact]
    public async Task Reserved_plan_on_create_is_honoured_and_stops_the_delete_from_the_start()
    {
        using var me = await fx.AccountAsync();
        var created = (await me.Api.PostJsonAsync("servers", new { plan = "eCS1", image = "debian-12", location = "it-fr2", notes = "r", reserved_plan = "M12PeCS1" }))
            .AssertEnvelope("action_id:int", "server:object");
        var server = Wire.AssertServer(created["server"]);
        var plan = Wire.Shape(Assert.Single(server["reserved_plans"]!.AsArray()), Wire.ReservedPlan);
        Assert.Equal((12, 18), ((int)plan["reserved_months"]!, (int)plan["discount"]!));
        Assert.Equal((string)server["creation_date"]!, (string)plan["start_date"]!);
        (await me.Api.DeleteJsonAsync($"servers/{server["name"]}")).AssertError(HttpStatusCode.Conflict, "reserved");
    }

    [Fact]
    public async Task A_create_that_fails_holds_no_reservation()
    {
        using var me = await fx.AccountAsync();
        using var emulator = fx.Server.Emulator();
        (await emulator.PostJsonAsync("faults", new { action_type = "create_server", count = 1 })).AssertOk();
        var created = (await me.Api.PostJsonAsync("servers", new { plan = "eCS1", image = "debian-12", location = "it-fr2", notes = "f", reserved_plan = "M3PeCS1" })).AssertOk();
        var name = (string)created["server"]!["name"]!;
        await me.Api.WaitForActionAsync((long)created["action_id"]!, "failed");
        var server = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]);
        Assert.Equal("Failed", (string)server["status"]!);
        Assert.False((bool)server["is_reserved"]!);
        (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
    }

    [Fact]
    public async Task Bad_reservations_are_refused_by_name()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync();
        var theirs = await other.Api.CreateBootedServerAsync();
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { })).AssertError(HttpStatusCode.BadRequest, "reserved_plan is required");
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = "X12PeCS1" })).AssertError(HttpStatusCode.BadRequest, "M{months}P{plan}");
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = "M5PeCS1" })).AssertError(HttpStatusCode.BadRequest, "3, 6, 12, 24 months");
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = "M12PeCS2" })).AssertError(HttpStatusCode.BadRequest, "the server's plan is eCS1");
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = "M12PeCS99" })).AssertError(HttpStatusCode.BadRequest, "unknown plan");
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = 12 })).AssertError(HttpStatusCode.BadRequest, "reserved_plan");
        (await me.Api.PostJsonAsync("servers/ec299999/reserved", new { reserved_plan = "M3PeCS1" })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync($"servers/{theirs}/reserved", new { reserved_plan = "M3PeCS1" })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync("servers", new { plan = "eCS1", image = "debian-12", location = "it-fr2", notes = "n", reserved_plan = "M12PeCS2" }))
            .AssertError(HttpStatusCode.BadRequest, "reserved_plan");

        // An account the operator has not allowed reserved periods.
        using var emulator = fx.Server.Emulator();
        (await emulator.SendAsync(HttpMethod.Patch, $"accounts/{me.Username}", new { reserved_available = false })).AssertOk();
        (await me.Api.PostJsonAsync($"servers/{name}/reserved", new { reserved_plan = "M3PeCS1" })).AssertError(HttpStatusCode.Forbidden, "not available");
        Assert.False((bool)(await me.Api.GetJsonAsync("account")).AssertOk()["reserved_available"]!);
        Assert.False((bool)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["is_reserved"]!);
        Assert.Equal(1, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
        (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
    }
}
