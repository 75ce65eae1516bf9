using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>Two virtual hosts per region, so that an isolation can be placed, shown, and found impossible.</summary>
public sealed class TwoHostsFixture() : EcsServerFixture(["OpenEcs:Simulator:HostsPerRegion=2"]);

/// <summary>isolate_from on create, GET /servers/{name}/isolations, and the hosts /plans/availables lists.</summary>
public sealed class IsolationsEndpointTests(TwoHostsFixture fx) : IClassFixture<TwoHostsFixture>
{
    private static async Task<Dictionary<string, string>> HostsAsync(HttpClient api, string region = "it-fr2")
    {
        var plans = (await api.GetJsonAsync("plans/availables")).AssertOk()["plans"]!.AsArray();
        var hosts = plans.Single(p => (string)p!["name"]! == "eCS1")!["region_availables"]!.AsArray()
            .Single(r => (string)r!["region"]! == region)!["hosts"]!.AsArray();
        Assert.Equal(["hv1.it-fr2.openecs.local", "hv2.it-fr2.openecs.local"], hosts.Select(h => (string)h!["host"]!).ToArray());
        return hosts.SelectMany(h => h!["servers"]!.AsArray().Select(s => ((string)s!["name"]!, (string)h["host"]!))).ToDictionary();
    }

    private static JsonObject Body(string notes, params string[] isolateFrom) => new()
    {
        ["plan"] = "ECS1", ["image"] = "debian-12", ["location"] = "it-fr2", ["notes"] = notes,
        ["isolate_from"] = new JsonArray(isolateFrom.Select(n => (JsonNode)n).ToArray()),
    };

    [Fact]
    public async Task Servers_created_isolated_from_each_other_land_on_different_hosts_and_list_each_other()
    {
        using var me = await fx.AccountAsync();
        var first = (string)(await me.Api.PostJsonAsync("servers", Body("my-isolated-server"))).AssertOk()["server"]!["name"]!;
        var second = (string)(await me.Api.PostJsonAsync("servers", Body("my-fabulous-isolated-server", first))).AssertOk()["server"]!["name"]!;
        var hosts = await HostsAsync(me.Api);
        Assert.NotEqual(hosts[first], hosts[second]);

        var isolations = (await me.Api.GetJsonAsync($"servers/{second}/isolations")).AssertEnvelope("isolations:array")["isolations"]!.AsArray();
        var peer = Wire.Shape(Assert.Single(isolations), "name:string", "notes:string");
        Assert.Equal((first, "my-isolated-server"), ((string)peer["name"]!, (string)peer["notes"]!));
        var back = (await me.Api.GetJsonAsync($"servers/{first}/isolations")).AssertOk()["isolations"]!.AsArray();
        Assert.Equal(second, (string)Assert.Single(back)!["name"]!);

        // Another region is other hardware anyway; a server of no isolation lists none.
        var lugano = (string)(await me.Api.PostJsonAsync("servers", new JsonObject
        {
            ["plan"] = "ECS1", ["image"] = "debian-12", ["location"] = "ch-lug1", ["notes"] = "far", ["isolate_from"] = new JsonArray(first, second),
        })).AssertOk()["server"]!["name"]!;
        Assert.Equal(2, (await me.Api.GetJsonAsync($"servers/{lugano}/isolations")).AssertOk()["isolations"]!.AsArray().Count);
        var lone = await me.Api.CreateBootedServerAsync("alone");
        Assert.Empty((await me.Api.GetJsonAsync($"servers/{lone}/isolations")).AssertOk()["isolations"]!.AsArray());

        // A deleted peer is no longer an active isolation (the Lugano one, which named both, still is).
        await me.Api.WaitForActionAsync((long)(await me.Api.DeleteJsonAsync($"servers/{first}")).AssertOk()["action"]!["id"]!);
        Assert.Equal([lugano], (await me.Api.GetJsonAsync($"servers/{second}/isolations")).AssertOk()["isolations"]!.AsArray()
            .Select(i => (string)i!["name"]!).ToArray());
    }

    [Fact]
    public async Task An_isolation_no_host_can_satisfy_is_refused_naming_it()
    {
        using var me = await fx.AccountAsync();
        var a = (string)(await me.Api.PostJsonAsync("servers", Body("a"))).AssertOk()["server"]!["name"]!;
        var b = (string)(await me.Api.PostJsonAsync("servers", Body("b", a))).AssertOk()["server"]!["name"]!;
        (await me.Api.PostJsonAsync("servers", Body("c", a, b))).AssertError(HttpStatusCode.Conflict, "isolate_from cannot be satisfied");
        Assert.Equal(2, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
        // Apart from one of them it fits.
        var c = (string)(await me.Api.PostJsonAsync("servers", Body("c", b))).AssertOk()["server"]!["name"]!;
        var hosts = await HostsAsync(me.Api);
        Assert.Equal(hosts[a], hosts[c]);
    }

    [Fact]
    public async Task Bad_isolations_are_refused()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var theirs = await other.Api.CreateBootedServerAsync();
        (await me.Api.PostJsonAsync("servers", Body("x", "ec299999"))).AssertError(HttpStatusCode.BadRequest, "isolate_from names unknown server 'ec299999'");
        (await me.Api.PostJsonAsync("servers", Body("x", theirs))).AssertError(HttpStatusCode.BadRequest, "unknown server");
        (await me.Api.PostJsonAsync("servers", Body("x", ""))).AssertError(HttpStatusCode.BadRequest, "isolate_from");
        (await me.Api.PostJsonAsync("servers", Body("x", Enumerable.Range(0, 40).Select(i => $"ec2{i:D5}").ToArray())))
            .AssertError(HttpStatusCode.BadRequest, "at most 32");
        (await me.Api.RawAsync(HttpMethod.Post, "servers", Wire.Text("""{"plan":"ECS1","image":"debian-12","location":"it-fr2","notes":"x","isolate_from":"ec200001"}""")))
            .AssertError(HttpStatusCode.BadRequest, "isolate_from");
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
        (await me.Api.GetJsonAsync("servers/ec299999/isolations")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync($"servers/{theirs}/isolations")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().GetJsonAsync($"servers/{theirs}/isolations")).AssertError(HttpStatusCode.Unauthorized);
    }
}
