using System.Net.WebSockets;
using System.Text;
using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Client.Serialization;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>What a web front end needs of the SDK: a JWT held by a session, a checked password change, the admin's account list, console options.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class SessionSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task A_bearer_token_from_a_login_is_used_as_it_is_and_not_renewed()
    {
        using var me = await fx.AccountAsync();
        using var anonymous = new EcsClient(Support.Sdk.Options(fx.Server, _ => { }));
        var login = await anonymous.LoginAsync(me.Username, me.Password);
        using var session = new EcsClient(Support.Sdk.Options(fx.Server, o => o.Credential = new BearerTokenCredential(login.Token)));
        Assert.Equal(me.Username, (await session.Account.GetAsync()).Username);

        using var forged = new EcsClient(Support.Sdk.Options(fx.Server, o => o.Credential = new BearerTokenCredential(login.Token + "x")));
        await Assert.ThrowsAsync<EcsUnauthorizedException>(() => forged.Account.GetAsync());
        Assert.Throws<ArgumentException>(() => new BearerTokenCredential(" "));
    }

    [Fact]
    public async Task The_password_changes_only_with_the_current_one()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var wrong = await Assert.ThrowsAsync<EcsUnauthorizedException>(() => ecs.Account.ChangePasswordAsync("not-my-password", "new-password-789"));
        Assert.Equal(401, wrong.ErrorCode);
        await ecs.LoginAsync(me.Username, me.Password); // unchanged

        await ecs.Account.ChangePasswordAsync(me.Password, "new-password-789");
        await ecs.LoginAsync(me.Username, "new-password-789");
        await Assert.ThrowsAsync<EcsUnauthorizedException>(() => ecs.LoginAsync(me.Username, me.Password));
    }

    [Fact]
    public async Task The_admin_lists_every_account_and_nobody_else_may()
    {
        using var me = await fx.AccountAsync("listed");
        using var admin = Support.Sdk.For(fx.Server);
        var accounts = await admin.Emulator.ListAccountsAsync();
        Assert.True(accounts[0].Admin);
        var mine = Assert.Single(accounts, a => a.Username == me.Username);
        Assert.Equal(($"{me.Username}@example.com", false), (mine.Email, mine.Admin));
        Assert.True(mine.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(accounts.Select(a => a.Id).Order(), accounts.Select(a => a.Id));

        using var user = fx.For(me);
        await Assert.ThrowsAsync<EcsForbiddenException>(() => user.Emulator.ListAccountsAsync());
    }

    [Fact]
    public async Task The_console_socket_takes_options_before_it_connects()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "console" });
        await ecs.WaitForActionAsync(created.ActionId);
        var access = await ecs.Servers.RequestConsoleAsync(created.Server.Name);
        ClientWebSocketOptions? seen = null;
        using var socket = await ecs.Servers.ConnectConsoleAsync(access, o =>
        {
            seen = o;
            o.SetRequestHeader("X-Forwarded-For", "203.0.113.9");
        });
        Assert.NotNull(seen);
        await socket.SendAsync("hostname\r"u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().Contains($"\r\n{created.Server.Name}\r\n", StringComparison.Ordinal))
        {
            var frame = await socket.ReceiveAsync(buffer, patience.Token);
            Assert.NotEqual(WebSocketMessageType.Close, frame.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, frame.Count));
        }
    }

    [Fact]
    public void The_forwarded_ssh_port_is_read_and_written_back_only_when_present()
    {
        var forwarded = EcsJson.Deserialize<Models.Server>("""{"name":"ec200001","ipv4":"127.0.0.1","ssh_port":2222}""")!;
        Assert.Equal(2222, forwarded.SshPort);
        Assert.Contains("\"ssh_port\":2222", EcsJson.Serialize(forwarded));
        var plain = EcsJson.Deserialize<Models.Server>("""{"name":"ec200001"}""")!;
        Assert.Null(plain.SshPort);
        Assert.DoesNotContain("ssh_port", EcsJson.Serialize(plain));
    }
}
