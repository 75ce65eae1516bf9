using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>Groups, SSH keys, API tokens and the account through the SDK.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class AccountSdkTests(EcsServerFixture fx)
{
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 me@laptop";

    [Fact]
    public async Task Groups_hold_servers_and_refuse_deletion_while_they_do()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var group = await ecs.Groups.CreateAsync("web tier");
        Assert.Equal(("web tier", true), (group.Notes, group.Enabled));
        Assert.Contains(await ecs.Groups.ListAsync(), g => g.Name == group.Name);
        Assert.Equal(group.Id, (await ecs.Groups.GetAsync(group.Name)).Id);

        var server = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "grouped", Group = group.Name });
        Assert.Equal(group.Name, server.Server.Group);
        var conflict = await Assert.ThrowsAsync<EcsConflictException>(() => ecs.Groups.DeleteAsync(group.Name));
        Assert.Equal(409, conflict.ErrorCode);

        await ecs.Servers.UpdateAsync(server.Server.Name, group: "nogroup");
        Assert.Null((await ecs.Servers.GetAsync(server.Server.Name)).Group);
        await ecs.Groups.DeleteAsync(group.Name);
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Groups.GetAsync(group.Name));
    }

    [Fact]
    public async Task Ssh_keys_are_added_relabelled_and_deleted()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var key = await ecs.SshKeys.AddAsync("laptop", PublicKey);
        Assert.Equal(("laptop", PublicKey), (key.Label, key.Key));
        Assert.Equal(key, await ecs.SshKeys.GetAsync(key.Id));
        await Assert.ThrowsAsync<EcsConflictException>(() => ecs.SshKeys.AddAsync("laptop", PublicKey));

        var server = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "keyed", SshKey = "laptop" });
        Assert.Equal("keyed", server.Server.Notes);

        await ecs.SshKeys.RelabelAsync(key.Id, "desktop");
        Assert.Equal("desktop", Assert.Single(await ecs.SshKeys.ListAsync()).Label);
        await ecs.SshKeys.DeleteAsync(key.Id);
        Assert.Empty(await ecs.SshKeys.ListAsync());
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.SshKeys.DeleteAsync(key.Id));
    }

    [Fact]
    public async Task Api_tokens_and_the_account()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var account = await ecs.Account.GetAsync();
        Assert.Equal((me.Username, $"{me.Username}@example.com"), (account.Username, account.Email));

        var created = await ecs.ApiKeys.CreateAsync("ci");
        Assert.True(created.Token.Length >= 32);
        using (var withNew = Support.Sdk.For(fx.Server, created.Token))
            Assert.Equal(me.Username, (await withNew.Account.GetAsync()).Username);
        await ecs.ApiKeys.UpdateAsync(created.Id, "ci runner");
        Assert.Contains(await ecs.ApiKeys.ListAsync(), k => k.Id == created.Id && k.Notes == "ci runner");
        await ecs.ApiKeys.DeleteAsync(created.Id);
        using (var revoked = Support.Sdk.For(fx.Server, created.Token))
        {
            var refused = await Assert.ThrowsAsync<EcsUnauthorizedException>(() => revoked.Account.GetAsync());
            Assert.Equal(401, refused.ErrorCode);
        }

        await ecs.Account.ChangePasswordAsync("new-password-456");
        var token = await ecs.LoginAsync(me.Username, "new-password-456");
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow.AddHours(1));
        await Assert.ThrowsAsync<EcsUnauthorizedException>(() => ecs.LoginAsync(me.Username, me.Password));
    }
}
