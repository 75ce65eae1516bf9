using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hosting;

/// <summary>/healthz/ready: 200 when the store answers with a current schema and the hypervisor can run servers, else 503 naming what failed.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task A_started_server_is_ready_and_says_which_checks_passed()
    {
        await using var server = await EcsServer.StartAsync();
        var (status, body) = await ReadyAsync(server);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", (string)body["status"]!);
        foreach (var check in new[] { "store", "migrations", "hypervisor" })
            Assert.Equal("healthy", (string)body["checks"]![check]!["status"]!);
    }

    [Fact]
    public async Task A_schema_that_falls_behind_makes_the_server_unready_but_alive()
    {
        await using var server = await EcsServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(server)).Status);
        // As if another replica had rolled the store back to before every migration this build knows.
        await server.Database.ScalarAsync("DELETE FROM \"__EFMigrationsHistory\"");
        var (status, body) = await ReadyAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", (string)body["status"]!);
        Assert.Equal("unhealthy", (string)body["checks"]!["migrations"]!["status"]!);
        Assert.Contains("pending", (string)body["checks"]!["migrations"]!["description"]!);
        Assert.Equal("healthy", (string)body["checks"]!["store"]!["status"]!);
        // Liveness is another question: the process is fine and must not be restarted for this.
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_qemu_host_that_loses_its_qemu_binary_is_unready()
    {
        // Stand-ins for the programs: the check looks for them as start-up does, and nothing here boots a VM.
        var tools = TempDir.Create();
        var qemu = Path.Combine(tools, "qemu-system-x86_64");
        var img = Path.Combine(tools, "qemu-img");
        foreach (var program in new[] { qemu, img }) await File.WriteAllTextAsync(program, "#!/bin/sh\nexit 1\n");
        var images = Directory.CreateDirectory(Path.Combine(tools, "images")).FullName;
        await using var server = await EcsServer.StartAsync("instant", "OpenEcs:Hypervisor:Kind=qemu", $"OpenEcs:Qemu:Binary={qemu}",
            $"OpenEcs:Qemu:ImgBinary={img}", $"OpenEcs:Qemu:ImagesDir={images}");
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(server)).Status);

        File.Delete(qemu);
        var (status, body) = await ReadyAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", (string)body["checks"]!["hypervisor"]!["status"]!);
        Assert.Contains("OpenEcs:Qemu:Binary", (string)body["checks"]!["hypervisor"]!["description"]!);
        Assert.Equal("healthy", (string)body["checks"]!["store"]!["status"]!);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync(EcsServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync("/healthz/ready");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
