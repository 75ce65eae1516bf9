using System.Text.Json;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>
/// Each OpenECS response against the real production response of the same call (../shared/reference/real-responses):
/// every key the real one has, at every level, with the same JSON type. Extra keys are allowed; a null in the real
/// response allows any type.
/// </summary>
public sealed class ShapeTests(ShapeFixture fixture) : IClassFixture<ShapeFixture>
{
    private Dictionary<string, JsonNode> _responses => fixture.Responses;

    /// <summary>Reference files OpenECS has no endpoint for yet, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotServedYet = new();

    /// <summary>
    /// Keys where null stands for a state, not a type: unset timestamps are null by contract (an action still in
    /// progress has no completed_at), and a server never rolled back has no last restored snapshot.
    /// </summary>
    private static readonly HashSet<string> NullMeansUnset = ["completed_at", "started_at", "deletion_date", "last_restored_snapshot"];

    internal static string ReferenceDir()
    {
        var dir = Path.GetFullPath(Path.Combine(ServerProcess.RepoRoot(), "..", "shared", "reference", "real-responses"));
        Assert.True(Directory.Exists(dir), $"the reference responses are expected at {dir} (shared/ beside the clone)");
        return dir;
    }

    public static IEnumerable<object[]> ReferenceFiles() =>
        Directory.GetFiles(ReferenceDir(), "*.json").Select(f => new object[] { Path.GetFileName(f) }).OrderBy(f => (string)f[0]);

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Response_has_the_real_responses_keys_and_types(string file)
    {
        if (NotServedYet.ContainsKey(file)) return;
        Assert.True(_responses.ContainsKey(file), $"no OpenECS call is mapped to {file}: map it or list it in NotServedYet");
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(ReferenceDir(), file)));
        var problems = new List<string>();
        Compare(reference, _responses[file], "$", problems);
        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_reference_file_is_checked_or_listed()
    {
        var files = ReferenceFiles().Select(f => (string)f[0]).ToHashSet();
        Assert.Subset(files, NotServedYet.Keys.ToHashSet());
        Assert.Equal(files.Order(), _responses.Keys.Concat(NotServedYet.Keys).Order());
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> problems)
    {
        var want = Kind(expected);
        if (want == JsonValueKind.Null) return;
        var have = Kind(actual);
        if (have == JsonValueKind.Null && NullMeansUnset.Contains(path[(path.LastIndexOf('.') + 1)..])) return;
        if (want != have)
        {
            problems.Add($"{path}: expected {want}, got {have}");
            return;
        }
        switch (expected)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (!actual!.AsObject().ContainsKey(key)) problems.Add($"{path}.{key}: missing");
                    else Compare(value, actual[key], $"{path}.{key}", problems);
                }
                break;
            case JsonArray a when a.Count > 0:
                var mine = actual!.AsArray();
                if (mine.Count == 0) problems.Add($"{path}: empty, cannot compare its items");
                foreach (var item in mine) Compare(a[0], item, $"{path}[]", problems);
                break;
        }
    }

    private static JsonValueKind Kind(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        JsonValue v => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : v.GetValueKind(),
        _ => JsonValueKind.Undefined,
    };
}

/// <summary>One server and one walk through every call whose real response is on file, shared by the checks.</summary>
public sealed class ShapeFixture : IAsyncLifetime
{
    private EcsServer _server = null!;
    private HttpClient _api = null!;
    public Dictionary<string, JsonNode> Responses { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await EcsServer.StartAsync();
        _api = _server.Client();
        (await _api.PostJsonAsync("sshkeys", new { label = "shape-key", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo shape@test" })).AssertOk();
        var created = (await _api.PostJsonAsync("servers", new { plan = "eCS3", location = "it-fr2", image = "debian-12", notes = "test-api", ssh_key = "shape-key" })).AssertOk();
        Responses["server_create_response.json"] = created;
        var name = (string)created["server"]!["name"]!;
        await _api.WaitForActionAsync((long)created["action_id"]!);

        Responses["servers_fetch_response.json"] = (await _api.GetJsonAsync("servers")).AssertOk();
        Responses["server_fetch_response.json"] = (await _api.GetJsonAsync($"servers/{name}")).AssertOk();
        Responses["server_status_fetch_response.json"] = (await _api.GetJsonAsync($"servers/{name}/status")).AssertOk();
        Responses["server_update_response.json"] = (await _api.PutJsonAsync($"servers/{name}", new { notes = "renamed" })).AssertOk();
        var off = (await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        await _api.WaitForActionAsync((long)off["id"]!);
        var on = (await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
        Responses["single_action_response.json"] = on;
        await _api.WaitForActionAsync((long)on["id"]!);

        var template = (await _api.PostJsonAsync("templates", new { server = name, notes = "a template", description = "by server" })).AssertOk();
        Responses["template_create_response.json"] = template;
        var templateId = (long)template["template"]!["id"]!;
        await _api.WaitForActionAsync((long)template["action_id"]!);
        Responses["templates_fetch_response.json"] = (await _api.GetJsonAsync("templates")).AssertOk();
        Responses["template_fetch_response.json"] = (await _api.GetJsonAsync($"templates/{templateId}")).AssertOk();
        Responses["template_update_response.json"] = (await _api.SendAsync(HttpMethod.Patch, $"templates/{templateId}", new { description = "patched" })).AssertOk();
        var deleted = (await _api.DeleteJsonAsync($"templates/{templateId}")).AssertOk();
        Responses["template_delete_response.json"] = deleted;
        await _api.WaitForActionAsync((long)deleted["action"]!["id"]!);

        var actions = (await _api.GetJsonAsync("actions")).AssertOk();
        Responses["actions_fetch_response.json"] = actions;
        Responses["action_fetch_response.json"] = (await _api.GetJsonAsync($"actions/{actions["actions"]![0]!["id"]}")).AssertOk();

        Responses["ssh_keys_fetch_response.json"] = (await _api.GetJsonAsync("sshkeys")).AssertOk();
        var keyId = (long)Responses["ssh_keys_fetch_response.json"]["pubkeys"]![0]!["id"]!;
        Responses["ssh_key_fetch_response.json"] = (await _api.GetJsonAsync($"sshkeys/{keyId}")).AssertOk();
        Responses["ssh_key_create_response.json"] = (await _api.PostJsonAsync("sshkeys", new { label = "second", key = "ssh-rsa AAAAB3NzaC1yc2E second@test" })).AssertOk();
        Responses["ssh_key_delete_response.json"] = (await _api.DeleteJsonAsync($"sshkeys/{keyId}")).AssertOk();

        var script = (await _api.PostJsonAsync("scripts", new { title = "Il mio primo script", content = "echo hello > /root/.bashrc", windows = false })).AssertOk();
        Responses["cloudscript_create_response.json"] = script;
        var scriptId = (long)script["script"]!["id"]!;
        Responses["cloudscript_fetch_response.json"] = (await _api.GetJsonAsync($"scripts/{scriptId}")).AssertOk();
        Responses["cloudscript_update_response.json"] = (await _api.PutJsonAsync($"scripts/{scriptId}", new { title = "renamed" })).AssertOk();
        Responses["cloudscripts_fetch_response.json"] = (await _api.GetJsonAsync("scripts")).AssertOk();

        Responses["images_fetch_response.json"] = (await _api.GetJsonAsync("images/basics")).AssertOk();
        Responses["plans_fetch_response.json"] = (await _api.GetJsonAsync("plans")).AssertOk();
        Responses["plans_available_fetch_response.json"] = (await _api.GetJsonAsync("plans/availables")).AssertOk();
        Responses["regions_fetch_response.json"] = (await _api.GetJsonAsync("regions")).AssertOk();
        Responses["regions_available_fetch_response.json"] = (await _api.PostJsonAsync("regions/availables", new { plan = "eCS1" })).AssertOk();
        Responses["server_delete_response.json"] = (await _api.DeleteJsonAsync($"servers/{name}")).AssertOk();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

}
