using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/sshkeys and /sshkeys/{id}; servers name a key by its label.</summary>
public sealed class SshKeysEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 tests@openecs";
    private const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 laptop";

    private static async Task<JsonObject> AddAsync(HttpClient api, string label, string key = Ed25519)
    {
        Assert.Single((await api.PostJsonAsync("sshkeys", new { key, label })).AssertEnvelope());
        var list = (await api.GetJsonAsync("sshkeys")).AssertEnvelope("pubkeys:array")["pubkeys"]!.AsArray();
        return Wire.Shape(list.Single(k => (string)k!["label"]! == label), Wire.SshKey);
    }

    [Fact]
    public async Task Add_list_get_relabel_and_delete_a_key()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var key = await AddAsync(me.Api, "alex");
        await AddAsync(me.Api, "test-key", Rsa);
        Assert.Equal(Ed25519, (string)key["key"]!);
        var list = (await me.Api.GetJsonAsync("sshkeys")).AssertEnvelope("pubkeys:array")["pubkeys"]!.AsArray();
        Assert.Equal(["alex", "test-key"], list.Select(k => (string)k!["label"]!));
        Assert.Empty((await other.Api.GetJsonAsync("sshkeys")).AssertOk()["pubkeys"]!.AsArray());

        var id = (long)key["id"]!;
        var one = (await me.Api.GetJsonAsync($"sshkeys/{id}")).AssertEnvelope("pubkey:object")["pubkey"]!;
        Assert.Equal(key.ToJsonString(), Wire.Shape(one, Wire.SshKey).ToJsonString());

        Assert.Single((await me.Api.PutJsonAsync($"sshkeys/{id}", new { label = "renamed" })).AssertEnvelope());
        Assert.Equal("renamed", (string)(await me.Api.GetJsonAsync($"sshkeys/{id}")).AssertOk()["pubkey"]!["label"]!);
        (await me.Api.PutJsonAsync($"sshkeys/{id}", new { label = "renamed" })).AssertEnvelope();

        // A server names its key by label.
        var created = await me.Api.CreateServerAsync("with key", sshKey: "renamed");
        await me.Api.WaitForActionAsync((long)created["action_id"]!);

        Assert.Single((await me.Api.DeleteJsonAsync($"sshkeys/{id}")).AssertEnvelope());
        (await me.Api.GetJsonAsync($"sshkeys/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"sshkeys/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync("servers", new { plan = "eCS1", location = "it-fr2", image = "ubuntu-2204", notes = "n", ssh_key = "renamed" }))
            .AssertError(HttpStatusCode.BadRequest, "ssh key");
    }

    [Fact]
    public async Task Labels_are_unique_per_account_only()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        await AddAsync(me.Api, "shared-label");
        await AddAsync(other.Api, "shared-label");
        (await me.Api.PostJsonAsync("sshkeys", new { key = Rsa, label = "shared-label" })).AssertError(HttpStatusCode.Conflict, "shared-label");
        var second = await AddAsync(me.Api, "second");
        (await me.Api.PutJsonAsync($"sshkeys/{second["id"]}", new { label = "shared-label" })).AssertError(HttpStatusCode.Conflict);
    }

    public static TheoryData<object, string> BadKeys => new()
    {
        { new { key = "not a key", label = "x" }, "OpenSSH public key" },
        { new { key = "ssh-ed25519 AAAA\nssh-rsa AAAA", label = "x" }, "key must not contain control characters" },
        { new { key = "ssh-ed25519", label = "x" }, "OpenSSH public key" },
        { new { key = Ed25519 }, "label is required" },
        { new { label = "x" }, "key is required" },
        { new { key = Ed25519, label = new string('l', 65) }, "label" },
        { new { key = Ed25519, label = "tab\there" }, "label" },
        // A comment's control characters would break the guest's YAML seed.
        { new { key = Ed25519 + " evil\u001b[2J", label = "esc" }, "key must not contain control characters" },
        { new { key = Ed25519 + " two\rlines", label = "cr" }, "key must not contain control characters" },
        { new { key = Ed25519 + " nel\u0085here", label = "nel" }, "key must not contain control characters" },
        { new { key = Ed25519 + " ls\u2028here", label = "ls" }, "key must not contain control characters" },
        { new { key = Ed25519, label = 12 }, "label" },
        { new { key = "ssh-rsa " + new string('A', 17 * 1024), label = "big" }, "key" },
        { "{\"key\":\"ssh-rsa AAAA\",", "JSON" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Add_rejects_bad_keys_and_labels(object body, string message)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("sshkeys", body)).AssertError(HttpStatusCode.BadRequest, message);
        Assert.Empty((await me.Api.GetJsonAsync("sshkeys")).AssertOk()["pubkeys"]!.AsArray());
    }

    [Fact]
    public async Task Keys_of_other_accounts_and_unknown_ids_are_404()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var theirs = (long)(await AddAsync(other.Api, "theirs"))["id"]!;
        foreach (var path in new[] { $"sshkeys/{theirs}", "sshkeys/999999", "sshkeys/abc", "sshkeys/-1" })
        {
            (await me.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
            (await me.Api.PutJsonAsync(path, new { label = "mine now" })).AssertError(HttpStatusCode.NotFound);
            (await me.Api.DeleteJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        }
        Assert.Equal("theirs", (string)(await other.Api.GetJsonAsync($"sshkeys/{theirs}")).AssertOk()["pubkey"]!["label"]!);
    }

    [Fact]
    public async Task Relabel_rejects_bad_labels_and_everything_needs_credentials()
    {
        using var me = await fx.AccountAsync();
        var id = (long)(await AddAsync(me.Api, "keep"))["id"]!;
        (await me.Api.PutJsonAsync($"sshkeys/{id}", new { })).AssertError(HttpStatusCode.BadRequest, "label is required");
        (await me.Api.PutJsonAsync($"sshkeys/{id}", new { label = new string('l', 65) })).AssertError(HttpStatusCode.BadRequest, "label");
        (await me.Api.PutJsonAsync($"sshkeys/{id}", new { label = true })).AssertError(HttpStatusCode.BadRequest, "label");
        (await me.Api.PutJsonAsync($"sshkeys/{id}", "label")).AssertError(HttpStatusCode.BadRequest, "JSON");
        Assert.Equal("keep", (string)(await me.Api.GetJsonAsync($"sshkeys/{id}")).AssertOk()["pubkey"]!["label"]!);

        var anonymous = fx.Anonymous();
        (await anonymous.GetJsonAsync("sshkeys")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("not-a-token").GetJsonAsync("sshkeys")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("sshkeys")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await anonymous.PostJsonAsync("sshkeys", new { key = Ed25519, label = "x" })).AssertError(HttpStatusCode.Unauthorized);
        (await anonymous.GetJsonAsync($"sshkeys/{id}")).AssertError(HttpStatusCode.Unauthorized);
        (await anonymous.PutJsonAsync($"sshkeys/{id}", new { label = "x" })).AssertError(HttpStatusCode.Unauthorized);
        (await anonymous.DeleteJsonAsync($"sshkeys/{id}")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.SendAsync(HttpMethod.Patch, $"sshkeys/{id}", new { label = "x" })).AssertError(HttpStatusCode.MethodNotAllowed);
    }
}
