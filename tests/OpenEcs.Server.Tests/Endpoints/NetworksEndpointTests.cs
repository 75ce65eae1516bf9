using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>A small network quota, so that the limit is quick to reach.</summary>
public sealed class SmallNetworkLimitFixture() : EcsServerFixture(["OpenEcs:Limits:MaxNetworksPerAccount=3"]);

/// <summary>/networks and /servers/{name}/networks/{network}/vlans, against the docs' example bodies.</summary>
public sealed class NetworksEndpointTests(SmallNetworkLimitFixture fx) : IClassFixture<SmallNetworkLimitFixture>
{
    private static readonly string[] NetworkShape =
        ["id:int", "network_id:int", "name:string", "active:bool", "created_at:string", "deactivated_at:string?", "user:string"];

    internal static readonly string[] VlanShape =
    [
        "id:int", "vlan_id:int", "pvid:bool", "status:string", "active:bool", "created_at:string", "deactivated_at:string?",
        "mac_address:string", "network:string", "server:string",
    ];

    private const string DocsTime = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$";
    private const string Mac = "^52:54:00(:[0-9a-f]{2}){3}$";

    private static JsonObject AssertNetwork(JsonNode? node)
    {
        var network = Wire.Shape(node, NetworkShape);
        Assert.Matches(@"^net\d{6}$", (string)network["name"]!);
        Assert.Equal($"net{(long)network["network_id"]!:D6}", (string)network["name"]!);
        Assert.Matches(DocsTime, (string)network["created_at"]!);
        return network;
    }

    internal static JsonObject AssertVlan(JsonNode? node)
    {
        var vlan = Wire.Shape(node, VlanShape);
        Assert.Matches(Mac, (string)vlan["mac_address"]!);
        Assert.Matches(DocsTime, (string)vlan["created_at"]!);
        return vlan;
    }

    internal static async Task<string> NewNetworkAsync(HttpClient api)
    {
        var created = (await api.PostJsonAsync("networks")).AssertOk();
        Assert.Equal("created", (string)created["status"]!);
        return (string)AssertNetwork(created["network"])["name"]!;
    }

    /// <summary>Posts a VLAN body, checks the docs' answer and waits for the action.</summary>
    internal static async Task<JsonObject> AddAsync(HttpClient api, string server, string network, object body, string path = "")
    {
        var answer = (await api.PostJsonAsync($"servers/{server}/networks/{network}/vlans{path}", body)).AssertOk();
        Assert.Equal("creating", (string)answer["status"]!);
        var action = Wire.AssertAction(answer["action"], "add_vlan", $"{server}-{network}");
        Assert.Equal("network", (string)action["resource_type"]!);
        await api.WaitForActionAsync((long)action["id"]!);
        return action;
    }

    internal static async Task<List<JsonObject>> VlansAsync(HttpClient api, string server, string network, string path = "") =>
        (await api.GetJsonAsync($"servers/{server}/networks/{network}/vlans{path}")).AssertEnvelope("vlans:array")["vlans"]!.AsArray()
        .Select(AssertVlan).ToList();

    [Fact]
    public async Task Networks_are_created_listed_got_and_deleted_in_the_docs_shapes()
    {
        using var me = await fx.AccountAsync();
        var first = await NewNetworkAsync(me.Api);
        // A body is not needed, but one is accepted (clients send {}).
        var second = (string)AssertNetwork((await me.Api.PostJsonAsync("networks", new { })).AssertOk()["network"])["name"]!;
        var list = (await me.Api.GetJsonAsync("networks")).AssertEnvelope("networks:array")["networks"]!.AsArray().Select(AssertNetwork).ToList();
        Assert.Equal([first, second], list.Select(n => (string)n["name"]!));
        Assert.All(list, n => Assert.Equal((true, me.Username), ((bool)n["active"]!, (string)n["user"]!)));
        Assert.All(list, n => Assert.Null(n["deactivated_at"]));

        var got = AssertNetwork((await me.Api.GetJsonAsync($"networks/{first}")).AssertEnvelope("network:object")["network"]);
        Assert.Equal(list[0].ToJsonString(), got.ToJsonString());

        var deleted = (await me.Api.DeleteJsonAsync($"networks/{first}")).AssertOk();
        Assert.Equal("no_content", (string)deleted["status"]!);
        (await me.Api.GetJsonAsync($"networks/{first}")).AssertError(HttpStatusCode.NotFound, first);
        Assert.Equal([second], (await me.Api.GetJsonAsync("networks")).AssertOk()["networks"]!.AsArray().Select(n => (string)n!["name"]!));
    }

    [Fact]
    public async Task Network_routes_refuse_bad_calls_and_other_accounts()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var mine = await NewNetworkAsync(me.Api);
        (await me.Api.GetJsonAsync("networks/net999999")).AssertError(HttpStatusCode.NotFound, "net999999");
        (await me.Api.DeleteJsonAsync("networks/net999999")).AssertError(HttpStatusCode.NotFound, "net999999");
        (await other.Api.GetJsonAsync($"networks/{mine}")).AssertError(HttpStatusCode.NotFound);
        (await other.Api.DeleteJsonAsync($"networks/{mine}")).AssertError(HttpStatusCode.NotFound);
        Assert.Empty((await other.Api.GetJsonAsync("networks")).AssertOk()["networks"]!.AsArray());
        (await fx.Anonymous().GetJsonAsync("networks")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Anonymous().PostJsonAsync("networks")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.PostJsonAsync("networks", "{\"x\": ")).AssertError(HttpStatusCode.BadRequest, "JSON");

        var group = (await me.Api.PostJsonAsync("groups", new { notes = "g", password = "secret-1" })).AssertOk()["group"]!;
        using var sub = fx.Server.BearerClient(await fx.Server.LoginAsync((string)group["name"]!, "secret-1"));
        (await sub.GetJsonAsync("networks")).AssertError(HttpStatusCode.Forbidden);
        (await sub.PostJsonAsync("networks")).AssertError(HttpStatusCode.Forbidden);

        // The account's limit (3 here) counts active networks; a deleted one frees its place.
        await NewNetworkAsync(me.Api);
        var third = await NewNetworkAsync(me.Api);
        (await me.Api.PostJsonAsync("networks")).AssertError(HttpStatusCode.Forbidden, "3 networks");
        (await me.Api.DeleteJsonAsync($"networks/{third}")).AssertOk();
        (await me.Api.DeleteJsonAsync($"networks/{third}")).AssertError(HttpStatusCode.NotFound, third);
        await NewNetworkAsync(me.Api);
    }

    [Fact]
    public async Task The_first_vlan_adds_the_interface_with_a_stable_mac_and_ranges_follow()
    {
        using var me = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("vlans");
        var network = await NewNetworkAsync(me.Api);
        Assert.Empty(await VlansAsync(me.Api, server, network));

        await AddAsync(me.Api, server, network, new { vlan_id = 1, pvid = true });
        var one = Assert.Single(await VlansAsync(me.Api, server, network));
        Assert.Equal((1, true, "ok", true), ((int)one["vlan_id"]!, (bool)one["pvid"]!, (string)one["status"]!, (bool)one["active"]!));
        Assert.Equal((network, server), ((string)one["network"]!, (string)one["server"]!));
        var mac = (string)one["mac_address"]!;

        await AddAsync(me.Api, server, network, new { vlans = "2-5" });
        await AddAsync(me.Api, server, network, new { vlans = "10,20-21" });
        await AddAsync(me.Api, server, network, new { }, "/30-31");
        await AddAsync(me.Api, server, network, new { }, "/40");
        var all = await VlansAsync(me.Api, server, network);
        Assert.Equal([1, 2, 3, 4, 5, 10, 20, 21, 30, 31, 40], all.Select(v => (int)v["vlan_id"]!));
        Assert.All(all, v => Assert.Equal(mac, (string)v["mac_address"]!));
        Assert.Single(all, v => (bool)v["pvid"]!);
        Assert.Equal([3, 4, 5], (await VlansAsync(me.Api, server, network, "/3-5")).Select(v => (int)v["vlan_id"]!));
        Assert.Equal([10], (await VlansAsync(me.Api, server, network, "/10")).Select(v => (int)v["vlan_id"]!));

        // Another server on the same network has its own MAC.
        var peer = await me.Api.CreateBootedServerAsync("peer");
        await AddAsync(me.Api, peer, network, new { vlan_id = 1, pvid = true });
        Assert.NotEqual(mac, (string)(await VlansAsync(me.Api, peer, network))[0]["mac_address"]!);
    }

    [Fact]
    public async Task Adding_vlans_refuses_bad_ids_overlaps_a_second_pvid_and_unknown_resources()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("bad");
        var network = await NewNetworkAsync(me.Api);
        var theirs = await NewNetworkAsync(other.Api);
        var path = $"servers/{server}/networks/{network}/vlans";
        (await me.Api.PostJsonAsync(path, new { vlan_id = 0 })).AssertError(HttpStatusCode.BadRequest, "1-4094");
        (await me.Api.PostJsonAsync(path, new { vlan_id = 4095 })).AssertError(HttpStatusCode.BadRequest, "1-4094");
        (await me.Api.PostJsonAsync(path, new { vlans = "0-10" })).AssertError(HttpStatusCode.BadRequest, "1-4094");
        (await me.Api.PostJsonAsync(path, new { vlans = "20-10" })).AssertError(HttpStatusCode.BadRequest, "ends before it starts");
        (await me.Api.PostJsonAsync(path, new { vlans = "a-b" })).AssertError(HttpStatusCode.BadRequest, "vlans");
        (await me.Api.PostJsonAsync(path, new { vlans = "1-10,5-6" })).AssertError(HttpStatusCode.BadRequest, "overlap");
        // The whole range again and again, as long as the field may be: refused at the first repeat.
        (await me.Api.PostJsonAsync(path, new { vlans = string.Join(",", Enumerable.Repeat("1-4094", 585)) }))
            .AssertError(HttpStatusCode.BadRequest, "overlap: 1, 2, 3, 4, 5 and 4089 more");
        (await me.Api.GetJsonAsync(path)).AssertOk();
        (await me.Api.PostJsonAsync(path, new { vlan_id = 1, vlans = "2-3" })).AssertError(HttpStatusCode.BadRequest, "either");
        (await me.Api.PostJsonAsync(path, new { vlans = "2-3", pvid = true })).AssertError(HttpStatusCode.BadRequest, "pvid");
        (await me.Api.PostJsonAsync(path, new { })).AssertError(HttpStatusCode.BadRequest, "vlan_id");
        (await me.Api.PostJsonAsync(path, new { vlan_id = "one" })).AssertError(HttpStatusCode.BadRequest, "vlan_id");
        (await me.Api.PostJsonAsync($"{path}/4095", new { })).AssertError(HttpStatusCode.BadRequest, "1-4094");
        (await me.Api.PostJsonAsync($"servers/{server}/networks/net999999/vlans", new { vlan_id = 1 })).AssertError(HttpStatusCode.NotFound, "net999999");
        (await me.Api.PostJsonAsync($"servers/ec299999/networks/{network}/vlans", new { vlan_id = 1 })).AssertError(HttpStatusCode.NotFound, "ec299999");
        // Another account's network and server are unknown here, whichever side is someone else's.
        (await me.Api.PostJsonAsync($"servers/{server}/networks/{theirs}/vlans", new { vlan_id = 1 })).AssertError(HttpStatusCode.NotFound, theirs);
        (await other.Api.PostJsonAsync(path, new { vlan_id = 1 })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().PostJsonAsync(path, new { vlan_id = 1 })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Empty(await VlansAsync(me.Api, server, network));

        await AddAsync(me.Api, server, network, new { vlan_id = 7, pvid = true });
        (await me.Api.PostJsonAsync(path, new { vlan_id = 8, pvid = true })).AssertError(HttpStatusCode.BadRequest, "PVID");
        (await me.Api.PostJsonAsync(path, new { vlans = "5-9" })).AssertError(HttpStatusCode.BadRequest, "7 already exists");
        (await me.Api.PostJsonAsync($"{path}/7", new { })).AssertError(HttpStatusCode.BadRequest, "already exists");
        Assert.Equal([7], (await VlansAsync(me.Api, server, network)).Select(v => (int)v["vlan_id"]!));
    }

    [Fact]
    public async Task Patch_moves_the_pvid_through_an_update_vlan_action()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("pvid");
        var network = await NewNetworkAsync(me.Api);
        await AddAsync(me.Api, server, network, new { vlan_id = 1, pvid = true });
        await AddAsync(me.Api, server, network, new { vlan_id = 2, pvid = false });
        var path = $"servers/{server}/networks/{network}/vlans";

        var answer = (await me.Api.SendAsync(HttpMethod.Patch, $"{path}/2", new { pvid = true })).AssertOk();
        Assert.Equal("updating", (string)answer["status"]!);
        var vlan = Wire.Shape(answer["vlan"], "id:int", "server:string", "network:string", "vlan_id:int", "status:string", "active:bool",
            "created_at:string", "deactivated_at:string?", "mac_address:string", "pvid:bool", "user:string");
        Assert.Equal((2, "updating", true, me.Username), ((int)vlan["vlan_id"]!, (string)vlan["status"]!, (bool)vlan["pvid"]!, (string)vlan["user"]!));
        var action = Wire.AssertAction(answer["action"], "update_vlan", $"{server}-{network}");
        Assert.Equal("network", (string)action["resource_type"]!);
        await me.Api.WaitForActionAsync((long)action["id"]!);
        var after = await VlansAsync(me.Api, server, network);
        Assert.Equal([(1, false), (2, true)], after.Select(v => ((int)v["vlan_id"]!, (bool)v["pvid"]!)));
        Assert.All(after, v => Assert.Equal("ok", (string)v["status"]!));

        (await me.Api.SendAsync(HttpMethod.Patch, $"{path}/3", new { pvid = true })).AssertError(HttpStatusCode.NotFound, "VLAN 3");
        (await me.Api.SendAsync(HttpMethod.Patch, $"{path}/1-2", new { pvid = true })).AssertError(HttpStatusCode.BadRequest, "one VLAN");
        (await me.Api.SendAsync(HttpMethod.Patch, $"{path}/1", new { })).AssertError(HttpStatusCode.BadRequest, "pvid");
        (await me.Api.SendAsync(HttpMethod.Patch, $"{path}/1", new { pvid = "yes" })).AssertError(HttpStatusCode.BadRequest, "pvid");
        (await me.Api.SendAsync(HttpMethod.Patch, $"{path}/5000", new { pvid = true })).AssertError(HttpStatusCode.BadRequest, "1-4094");
        (await other.Api.SendAsync(HttpMethod.Patch, $"{path}/1", new { pvid = true })).AssertError(HttpStatusCode.NotFound);
        var lonely = await NewNetworkAsync(me.Api);
        (await me.Api.SendAsync(HttpMethod.Patch, $"servers/{server}/networks/{lonely}/vlans/1", new { pvid = true }))
            .AssertError(HttpStatusCode.NotFound, lonely);
    }

    [Fact]
    public async Task Deleting_the_last_vlan_removes_the_interface_and_frees_the_network()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("del");
        var network = await NewNetworkAsync(me.Api);
        await AddAsync(me.Api, server, network, new { vlan_id = 1, pvid = true });
        await AddAsync(me.Api, server, network, new { vlans = "10-20" });
        var mac = (string)(await VlansAsync(me.Api, server, network))[0]["mac_address"]!;
        var path = $"servers/{server}/networks/{network}/vlans";

        // In use: the network cannot go, and the refusal names the server.
        (await me.Api.DeleteJsonAsync($"networks/{network}")).AssertError(HttpStatusCode.Conflict, server);

        (await me.Api.DeleteJsonAsync($"{path}/30-40")).AssertError(HttpStatusCode.NotFound, "30-40");
        (await me.Api.DeleteJsonAsync($"{path}/x")).AssertError(HttpStatusCode.BadRequest, "vlan");
        (await me.Api.DeleteJsonAsync($"{path}/9-3")).AssertError(HttpStatusCode.BadRequest, "ends before it starts");
        (await other.Api.DeleteJsonAsync($"{path}/1")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"servers/{server}/networks/net999999/vlans/1")).AssertError(HttpStatusCode.NotFound, "net999999");

        await DeleteAsync(me.Api, path + "/12-15");
        Assert.Equal([1, 10, 11, 16, 17, 18, 19, 20], (await VlansAsync(me.Api, server, network)).Select(v => (int)v["vlan_id"]!));
        await DeleteAsync(me.Api, path + "/1-20");
        Assert.Empty(await VlansAsync(me.Api, server, network));

        // The interface is gone; made again, it has the same MAC.
        await AddAsync(me.Api, server, network, new { vlan_id = 1, pvid = true });
        Assert.Equal(mac, (string)Assert.Single(await VlansAsync(me.Api, server, network))["mac_address"]!);
        await DeleteAsync(me.Api, path + "/1");
        Assert.Equal("no_content", (string)(await me.Api.DeleteJsonAsync($"networks/{network}")).AssertOk()["status"]!);
        (await me.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound, network);
    }

    private static async Task DeleteAsync(HttpClient api, string path)
    {
        var answer = (await api.DeleteJsonAsync(path)).AssertOk();
        Assert.Equal("deleting", (string)answer["status"]!);
        var action = Wire.AssertAction(answer["action"], "delete_vlan");
        Assert.Equal("network", (string)action["resource_type"]!);
        await api.WaitForActionAsync((long)action["id"]!);
    }

    [Fact]
    public async Task A_server_created_with_networks_has_their_interfaces_at_once()
    {
        using var me = await fx.AccountAsync();
        var a = await NewNetworkAsync(me.Api);
        var b = await NewNetworkAsync(me.Api);
        var body = new JsonObject
        {
            ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "ubuntu-2204", ["notes"] = "with networks",
            ["networks"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = a,
                    ["vlans"] = new JsonArray(new JsonObject { ["vlan_id"] = 100, ["pvid"] = true }, new JsonObject { ["vlans"] = "1-99" },
                        new JsonObject { ["vlans"] = "150-200" }),
                },
                b),
        };
        var created = (await me.Api.PostJsonAsync("servers", body)).AssertOk();
        var server = (string)created["server"]!["name"]!;
        await me.Api.WaitForActionAsync((long)created["action_id"]!);
        var onA = await VlansAsync(me.Api, server, a);
        Assert.Equal(Enumerable.Range(1, 100).Concat(Enumerable.Range(150, 51)), onA.Select(v => (int)v["vlan_id"]!));
        Assert.Equal(100, (int)Assert.Single(onA, v => (bool)v["pvid"]!)["vlan_id"]!);
        Assert.All(onA, v => Assert.Equal("ok", (string)v["status"]!));
        // A bare name is the base VLAN the panel makes: 1, the PVID.
        var onB = Assert.Single(await VlansAsync(me.Api, server, b));
        Assert.Equal((1, true), ((int)onB["vlan_id"]!, (bool)onB["pvid"]!));
        Assert.NotEqual((string)onA[0]["mac_address"]!, (string)onB["mac_address"]!);
    }

    [Fact]
    public async Task A_create_naming_an_unknown_network_or_bad_vlans_is_refused_whole()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var mine = await NewNetworkAsync(me.Api);
        var theirs = await NewNetworkAsync(other.Api);
        async Task RefusedAsync(JsonNode networks, string message)
        {
            var body = new JsonObject { ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "ubuntu-2204", ["notes"] = "n", ["networks"] = networks };
            (await me.Api.PostJsonAsync("servers", body)).AssertError(HttpStatusCode.BadRequest, message);
        }
        await RefusedAsync(new JsonArray(new JsonObject { ["name"] = "net999999" }), "net999999");
        await RefusedAsync(new JsonArray(new JsonObject { ["name"] = theirs }), theirs);
        await RefusedAsync(new JsonArray(new JsonObject { ["name"] = mine, ["vlans"] = new JsonArray(new JsonObject { ["vlan_id"] = 5000 }) }), "1-4094");
        await RefusedAsync(new JsonArray(new JsonObject
        {
            ["name"] = mine,
            ["vlans"] = new JsonArray(new JsonObject { ["vlan_id"] = 1, ["pvid"] = true }, new JsonObject { ["vlan_id"] = 2, ["pvid"] = true }),
        }), "one PVID");
        await RefusedAsync(new JsonArray(new JsonObject { ["name"] = mine, ["vlans"] = new JsonArray(new JsonObject { ["vlans"] = "1-10" }, new JsonObject { ["vlan_id"] = 5 }) }), "overlap");
        await RefusedAsync(new JsonArray(mine, mine), "twice");
        await RefusedAsync(JsonValue.Create("net000001")!, "networks");
        await RefusedAsync(new JsonArray(5), "networks");
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
        // Empty is none (what clients send when they have no networks).
        var ok = new JsonObject { ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "ubuntu-2204", ["notes"] = "n", ["networks"] = new JsonArray() };
        (await me.Api.PostJsonAsync("servers", ok)).AssertOk();
    }
}
