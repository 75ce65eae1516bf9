using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace OpenEcs.Server.Tests;

/// <summary>What an operator scrapes and traces: Prometheus metrics at /metrics and a create traced into its action.</summary>
public sealed class ObservabilityTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    [Fact]
    public async Task Metrics_after_a_create_show_the_request_the_action_and_its_duration()
    {
        using var me = await fx.AccountAsync();
        await me.Api.CreateBootedServerAsync("scraped");
        using var http = new HttpClient { BaseAddress = fx.Server.BaseAddress };
        // Exporters collect on scrape: ask until the series of the create are in.
        var text = await Http.EventuallyAsync(() => http.GetStringAsync("/metrics"),
            t => t.Contains("openecs_actions_completed_total{", StringComparison.Ordinal), "the create's series");
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/ecs/v2/servers/?\"[^}]*\\} [1-9]", text);
        Assert.Matches("openecs_actions_created_total\\{[^}]*type=\"create_server\"[^}]*\\} [1-9]", text);
        Assert.Matches("openecs_actions_completed_total\\{[^}]*type=\"create_server\"[^}]*\\} [1-9]", text);
        Assert.Matches("openecs_action_duration_seconds_bucket\\{[^}]*type=\"create_server\"", text);
        Assert.Matches("openecs_hypervisor_operation_duration_seconds_count\\{[^}]*operation=\"create\"", text);
        // No label names a server or an account.
        Assert.DoesNotContain("ec2", text);
        Assert.DoesNotContain(me.Username, text);
    }

    [OutsideAddressFact]
    public async Task Metrics_are_refused_to_other_networks()
    {
        var outside = OutsideAddressFactAttribute.Address!;
        await using var server = await EcsServer.StartAsync("instant", $"urls=http://{outside}:0");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var answer = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("loopback", await answer.Content.ReadAsStringAsync());
        await using var opened = await EcsServer.StartAsync("instant", $"urls=http://{outside}:0", $"OpenEcs:Metrics:AllowedNetworks:0={outside}/32");
        using var allowed = new HttpClient { BaseAddress = opened.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_create_request_is_the_parent_of_its_action_run_and_the_hypervisor_work()
    {
        var spans = new List<Activity>();
        JsonNode created;
        using (Sdk.CreateTracerProviderBuilder().AddSource("OpenEcs").AddAspNetCoreInstrumentation().AddInMemoryExporter(spans).Build())
        {
            using var me = await fx.AccountAsync();
            created = await me.Api.CreateServerAsync("traced");
            await me.Api.WaitForActionAsync((long)created["action_id"]!);
            await Task.Delay(200); // the run's span ends right after its save
        }
        // Other tests of the fixture create servers at the same time: start from this create's own run.
        var actionId = (long)created["action_id"]!;
        var run = spans.Single(s => s.DisplayName == "action create_server" && Equals(s.GetTagItem("openecs.action.id"), actionId));
        var request = spans.Single(s => s.SpanId == run.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("/ecs/v2/servers", ((string?)request.GetTagItem("http.route"))?.TrimEnd('/'));
        Assert.Equal(request.TraceId, run.TraceId);
        var work = spans.Single(s => s.TraceId == request.TraceId && s.DisplayName == "hypervisor create");
        Assert.Equal(run.SpanId, work.ParentSpanId);
    }
}

/// <summary>A test that needs an address of this machine besides loopback (the client comes from there).</summary>
public sealed class OutsideAddressFactAttribute : FactAttribute
{
    public static readonly IPAddress? Address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
        .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    public OutsideAddressFactAttribute()
    {
        if (Address is null) Skip = "this machine has no IPv4 address besides loopback";
    }
}
