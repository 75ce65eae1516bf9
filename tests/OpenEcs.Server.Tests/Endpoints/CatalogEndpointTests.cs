using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/regions, /regions/availables, /plans, /plans/availables, /images/basics, /images/cloud-images.</summary>
public sealed class CatalogEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static readonly string[] Locations = ["bg-sof1", "ch-lug1", "it-fr2", "it-mi2"];

    /// <summary>Every read-only catalog endpoint refuses callers without valid credentials.</summary>
    [Theory]
    [InlineData("GET", "regions")]
    [InlineData("POST", "regions/availables")]
    [InlineData("GET", "plans")]
    [InlineData("GET", "plans/availables")]
    [InlineData("GET", "images/basics")]
    [InlineData("POST", "images/basics")]
    [InlineData("GET", "images/cloud-images")]
    [InlineData("POST", "images/cloud-images")]
    public async Task Catalog_needs_valid_credentials(string method, string path)
    {
        var verb = new HttpMethod(method);
        (await fx.Anonymous().SendAsync(verb, path)).AssertError(HttpStatusCode.Unauthorized, "X-APITOKEN");
        (await fx.WithToken("0123456789abcdef0123456789abcdef").SendAsync(verb, path)).AssertError(HttpStatusCode.Unauthorized, "invalid");
        (await fx.Server.BearerClient("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl").SendAsync(verb, path)).AssertError(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("POST", "regions")]
    [InlineData("GET", "regions/availables")]
    [InlineData("DELETE", "plans")]
    [InlineData("POST", "plans/availables")]
    [InlineData("PUT", "images/basics")]
    [InlineData("DELETE", "images/cloud-images")]
    public async Task Catalog_answers_405_to_other_methods(string method, string path)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.SendAsync(new HttpMethod(method), path)).AssertError(HttpStatusCode.MethodNotAllowed, method);
    }

    [Fact]
    public async Task Regions_have_integer_ids()
    {
        using var me = await fx.AccountAsync();
        var regions = (await me.Api.GetJsonAsync("regions")).AssertEnvelope("regions:array")["regions"]!.AsArray();
        foreach (var region in regions) Wire.Shape(region, Wire.Region);
        Assert.Equal(Locations, regions.Select(r => (string)r!["location"]!).Order());
        Assert.Equal("Frosinone", (string)regions.Single(r => (string)r!["location"]! == "it-fr2")!["description"]!);
    }

    [Fact]
    public async Task Available_regions_of_a_plan_are_a_nested_list()
    {
        using var me = await fx.AccountAsync();
        var regions = (await me.Api.PostJsonAsync("regions/availables", new { plan = "eCS1" })).AssertEnvelope("regions:array")["regions"]!.AsArray();
        var inner = Assert.Single(regions)!.AsArray();
        Assert.All(inner, r => Wire.AssertType(r, "string", "region"));
        Assert.Equal(Locations, inner.Select(r => (string)r!).Order());
        // The seed writes plan names in capitals.
        var gpu = (await me.Api.PostJsonAsync("regions/availables", new { plan = "ECS1GPU" })).AssertOk()["regions"]!.AsArray();
        Assert.Equal(["it-fr2"], gpu[0]!.AsArray().Select(r => (string)r!));

        (await me.Api.PostJsonAsync("regions/availables", new { plan = "eCS99" })).AssertError(HttpStatusCode.BadRequest, "unknown plan");
        (await me.Api.PostJsonAsync("regions/availables", new { })).AssertError(HttpStatusCode.BadRequest, "plan is required");
        (await me.Api.PostJsonAsync("regions/availables", new { plan = new[] { "eCS1" } })).AssertError(HttpStatusCode.BadRequest, "plan");
        (await me.Api.PostJsonAsync("regions/availables", "{plan: eCS1}")).AssertError(HttpStatusCode.BadRequest, "JSON");
    }

    [Fact]
    public async Task Plans_carry_sizes_as_strings_and_prices_as_numbers()
    {
        using var me = await fx.AccountAsync();
        var plans = (await me.Api.GetJsonAsync("plans")).AssertEnvelope("plans:array")["plans"]!.AsArray();
        Assert.True(plans.Count > 10);
        foreach (var node in plans)
        {
            var plan = Wire.Shape(node, [.. Wire.PlanCommon, "default_image:string?"]);
            Assert.False(plan.ContainsKey("monthly_price"), "the key is spelled montly_price");
            Assert.True((double)plan["hourly_price"]! > 0);
            Assert.NotEmpty(plan["available_regions"]!.AsArray());
            foreach (var region in plan["available_regions"]!.AsArray()) Wire.Shape(region, Wire.Region);
        }
        var ecs1 = plans.Single(p => (string)p!["name"]! == "eCS1")!;
        Assert.Equal(("1", "1024", "20", "0"), ((string)ecs1["cpu"]!, (string)ecs1["ram"]!, (string)ecs1["disk"]!, (string)ecs1["gpu"]!));
        Assert.Equal(0.019, (double)ecs1["hourly_price"]!);
        Assert.Equal(14.0, (double)ecs1["montly_price"]!);
        Assert.False((bool)ecs1["windows"]!);
        Assert.Contains(plans, p => (bool)p!["windows"]!);
    }

    [Fact]
    public async Task Plan_availability_lists_images_and_the_accounts_servers_per_region()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var mine = await me.Api.CreateBootedServerAsync("mine on fr2");
        var theirs = await other.Api.CreateBootedServerAsync("theirs on fr2");

        var plans = (await me.Api.GetJsonAsync("plans/availables")).AssertEnvelope("plans:array")["plans"]!.AsArray();
        foreach (var node in plans)
        {
            var plan = Wire.Shape(node, [.. Wire.PlanCommon, "os_availables:array", "region_availables:array"]);
            Assert.NotEmpty(plan["os_availables"]!.AsArray());
            foreach (var image in plan["os_availables"]!.AsArray()) Wire.AssertImage(image);
            foreach (var region in plan["region_availables"]!.AsArray())
            {
                Wire.Shape(region, "region:string", "hosts:array");
                foreach (var host in region!["hosts"]!.AsArray())
                {
                    Wire.Shape(host, "host:string", "servers:array");
                    foreach (var server in host!["servers"]!.AsArray()) Wire.Shape(server, "name:string", "notes:string");
                }
            }
        }
        var fr2 = plans.Single(p => (string)p!["name"]! == "eCS1")!["region_availables"]!.AsArray().Single(r => (string)r!["region"]! == "it-fr2")!;
        var listed = fr2["hosts"]!.AsArray().SelectMany(h => h!["servers"]!.AsArray()).ToList();
        Assert.Contains(listed, s => (string)s!["name"]! == mine && (string)s["notes"]! == "mine on fr2");
        Assert.DoesNotContain(listed, s => (string)s!["name"]! == theirs);
        var windows = plans.First(p => (bool)p!["windows"]!)!;
        Assert.All(windows["os_availables"]!.AsArray(), i => Assert.Equal("windows", (string)i!["so_base"]!));
    }

    /// <summary>ecsapi checks a plan and region against /plans/availables before it creates: all of them must work.</summary>
    [Fact]
    public async Task Every_offered_plan_region_and_image_can_be_created()
    {
        using var me = await fx.AccountAsync();
        var plans = (await me.Api.GetJsonAsync("plans/availables")).AssertOk()["plans"]!.AsArray();
        var count = 0;
        foreach (var plan in plans)
        {
            var images = plan!["os_availables"]!.AsArray();
            var regions = plan["region_availables"]!.AsArray().Select(r => (string)r!["region"]!).ToList();
            Assert.Equal(plan["available_regions"]!.AsArray().Select(r => (string)r!["location"]!), regions);
            for (var i = 0; i < regions.Count; i++)
            {
                var image = (string)images[(count + i) % images.Count]!["name"]!;
                var body = new JsonObject { ["plan"] = (string)plan["name"]!, ["location"] = regions[i], ["image"] = image, ["notes"] = "offered" };
                var created = await me.Api.PostJsonAsync("servers", body);
                Assert.True(created.Status == HttpStatusCode.OK, $"{body.ToJsonString()}: {created.Body?.ToJsonString()}");
            }
            count += regions.Count;
        }
        Assert.True(count > 50);
    }

    [Fact]
    public async Task Images_are_split_into_basics_and_cloud_images()
    {
        using var me = await fx.AccountAsync();
        var basics = (await me.Api.GetJsonAsync("images/basics")).AssertEnvelope("images:array")["images"]!.AsArray();
        var cloud = (await me.Api.GetJsonAsync("images/cloud-images")).AssertEnvelope("images:array")["images"]!.AsArray();
        foreach (var image in basics.Concat(cloud)) Wire.AssertImage(image);
        Assert.All(basics, i => Assert.False((bool)i!["cloud_image"]!));
        Assert.All(cloud, i => Assert.True((bool)i!["cloud_image"]!));
        Assert.NotEmpty(cloud);
        Assert.All(basics.Concat(cloud), i => Assert.True((bool)i!["public"]!));
        var names = basics.Select(i => (string)i!["name"]!).ToHashSet();
        foreach (var used in new[] { "ubuntu-2204", "ubuntu-2404", "debian-12", "ubuntu-2204-nvidia-driver", "ubuntu-2204-uefi-nvidia-driver", "centos-7" })
            Assert.Contains(used, names);

        // The docs' tutorial asks with POST.
        var posted = (await me.Api.PostJsonAsync("images/basics")).AssertEnvelope("images:array")["images"]!;
        Assert.Equal(basics.ToJsonString(), posted.ToJsonString());
    }
}
