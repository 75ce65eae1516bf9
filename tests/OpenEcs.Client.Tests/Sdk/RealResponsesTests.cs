using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>
/// The SDK reads the real service's responses (../shared/reference/real-responses), and writes what it read back
/// with the same keys and values: what `ecs --output json` relies on.
/// </summary>
public sealed class RealResponsesTests
{
    private static string Load(string file)
    {
        var path = Path.Combine(ServerProcess.RepoRoot(), "..", "shared", "reference", "real-responses", file);
        Assert.True(File.Exists(path), $"the reference responses are expected at {path} (shared/ beside the clone)");
        return File.ReadAllText(path);
    }

    private static T Read<T>(string file) => JsonSerializer.Deserialize(Load(file), EcsJson.TypeInfo<T>())!;

    [Fact]
    public void Servers_read_and_write_back_unchanged()
    {
        var servers = Read<ServerListEnvelope>("servers_fetch_response.json").Server!;
        var server = Assert.Single(servers);
        Assert.Equal(("ec200410", 1, 1024, "Booted"), (server.Name, server.PlanSize.Core, server.PlanSize.Ram, server.Status));
        Assert.Equal(new DateTimeOffset(2025, 2, 11, 13, 42, 58, TimeSpan.Zero).AddTicks(5949710), server.CreationDate);
        Assert.Equal(JsonValueKind.Object, server.LastRestoredSnapshot!.Value.ValueKind);
        AssertSameJson(JsonNode.Parse(Load("servers_fetch_response.json"))!["server"]![0], JsonNode.Parse(EcsJson.Serialize(server)));

        var created = Read<ServerCreated>("server_create_response.json");
        Assert.Equal((59168L, "Booting", 4), (created.ActionId, created.Server.Status, created.Server.PlanSize.Core));
        Assert.Equal("ec200410", Read<ServerEnvelope>("server_fetch_response.json").Server!.Name);
        var status = Read<PowerStatusEnvelope>("server_status_fetch_response.json");
        Assert.Equal("RUNNING", status.Server!.CurrentStatus);
        Assert.Equal("ok", Read<StatusEnvelope>("server_update_response.json").Status);
    }

    [Fact]
    public void Actions_read()
    {
        var deleting = Read<ActionEnvelope>("server_delete_response.json").Action!;
        Assert.Equal((ActionStatus.InProgress, (DateTimeOffset?)null), (deleting.Status, deleting.CompletedAt));
        Assert.True(Read<ActionEnvelope>("action_fetch_response.json").Action!.IsFinished);
        var page = Read<ActionPage>("actions_fetch_response.json");
        Assert.NotEmpty(page.Actions);
        Assert.True(page.TotalActions >= page.Actions.Count);
        Assert.Equal(ActionType.PowerOn, Read<EcsAction>("single_action_response.json").Type);
    }

    [Fact]
    public void Catalog_reads_with_sizes_as_numbers_and_the_montly_price()
    {
        var plans = Read<PlanListEnvelope>("plans_fetch_response.json").Plans!;
        var ecs1 = plans.First(p => p.Name == "eCS1");
        Assert.Equal((1, 1024, 20, 0, 14.0, 0.019), (ecs1.Cpu, ecs1.Ram, ecs1.Disk, ecs1.Gpu, ecs1.MonthlyPrice, ecs1.HourlyPrice));
        Assert.Contains(ecs1.AvailableRegions, r => r.Location == "it-fr2");
        AssertSameJson(JsonNode.Parse(Load("plans_fetch_response.json"))!["plans"]![0], JsonNode.Parse(EcsJson.Serialize(plans[0])));

        Assert.NotEmpty(Read<PlanAvailabilityEnvelope>("plans_available_fetch_response.json").Plans!.First().OsAvailables);
        Assert.Contains(Read<RegionListEnvelope>("regions_fetch_response.json").Regions!, r => r.Location == "it-fr2");
        Assert.Contains("it-fr2", Read<NestedRegionListEnvelope>("regions_available_fetch_response.json").Regions!.Single());
        var images = Read<ImageListEnvelope>("images_fetch_response.json").Images!;
        Assert.Contains(images, i => i.Name == "ubuntu-1804");
        AssertSameJson(JsonNode.Parse(Load("images_fetch_response.json"))!["images"]![0], JsonNode.Parse(EcsJson.Serialize(images[0])));
    }

    [Fact]
    public void Templates_and_ssh_keys_read()
    {
        Assert.Equal("ei200169", Read<TemplateCreated>("template_create_response.json").Template.Name);
        Assert.NotNull(Read<TemplateEnvelope>("template_fetch_response.json").Template);
        Assert.NotNull(Read<TemplateEnvelope>("template_update_response.json").Template);
        Assert.NotEmpty(Read<TemplateListEnvelope>("templates_fetch_response.json").Templates!);
        Assert.Equal("ECI", Read<ActionEnvelope>("template_delete_response.json").Action!.ResourceType);
        Assert.Equal("test-key", Read<SshKeyEnvelope>("ssh_key_fetch_response.json").Pubkey!.Label);
        Assert.Equal(2, Read<SshKeyListEnvelope>("ssh_keys_fetch_response.json").Pubkeys!.Count);
    }

    [Fact]
    public void Metrics_points_read_in_both_forms()
    {
        var seed = JsonSerializer.Deserialize("""{"metrics":{"resource":"ec200001","core":[[1739876400.0,"12.5"]],"disk":{"reads":[],"writes":[]},"network":{"received":[],"transmitted":[]}}}""",
            EcsJson.TypeInfo<MetricsEnvelope>())!.Metrics!;
        Assert.Equal(new MetricPoint(DateTimeOffset.FromUnixTimeSeconds(1739876400), 12.5), Assert.Single(seed.Core));
        var ty = JsonSerializer.Deserialize("""[{"t": "2025-02-18 11:00:00", "y": "0.25"}]""", EcsJson.TypeInfo<IReadOnlyList<MetricPoint>>())!;
        Assert.Equal(new MetricPoint(DateTimeOffset.FromUnixTimeSeconds(1739876400), 0.25), Assert.Single(ty));
        Assert.Equal("""[1739876400,"0.25"]""", EcsJson.Serialize(ty[0]));
    }

    /// <summary>Every key of <paramref name="expected"/> is in <paramref name="actual"/> with an equal value (timestamps as instants, numbers as numbers).</summary>
    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject o:
                var a = Assert.IsType<JsonObject>(actual);
                foreach (var (key, value) in o)
                {
                    Assert.True(a.ContainsKey(key), $"{path}.{key} is missing");
                    AssertSameJson(value, a[key], $"{path}.{key}");
                }
                break;
            case JsonArray arr:
                var b = Assert.IsType<JsonArray>(actual);
                Assert.Equal(arr.Count, b.Count);
                for (var i = 0; i < arr.Count; i++) AssertSameJson(arr[i], b[i], $"{path}[{i}]");
                break;
            default:
                var kind = expected.GetValueKind();
                Assert.True(kind == actual?.GetValueKind(), $"{path}: {expected.ToJsonString()} became {actual?.ToJsonString()}");
                if (kind == JsonValueKind.Number) Assert.Equal((decimal)expected, (decimal)actual!);
                else if (kind == JsonValueKind.String && DateTimeOffset.TryParse((string)expected!, CultureInfo.InvariantCulture, out var t) && ((string)expected!).Contains('T'))
                    Assert.Equal(t, DateTimeOffset.Parse((string)actual!, CultureInfo.InvariantCulture));
                else Assert.Equal(expected.ToJsonString(), actual!.ToJsonString());
                break;
        }
    }
}
