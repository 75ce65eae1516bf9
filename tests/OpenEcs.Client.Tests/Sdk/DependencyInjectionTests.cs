using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>services.AddEcsClient(...): the client from IHttpClientFactory, configured in code or through options.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class DependencyInjectionTests(EcsServerFixture fx)
{
    [Fact]
    public async Task AddEcsClient_hands_out_working_clients()
    {
        var services = new ServiceCollection();
        services.AddEcsClient(o =>
        {
            o.BaseUrl = new Uri(fx.Server.BaseAddress, "/ecs/v2");
            o.ApiToken = EcsServer.AdminToken;
        });
        await using var provider = services.BuildServiceProvider();
        var ecs = provider.GetRequiredService<EcsClient>();
        Assert.NotEmpty(await ecs.Regions.ListAsync());
        Assert.NotSame(ecs, provider.GetRequiredService<EcsClient>());
    }

    [Fact]
    public async Task Options_can_come_from_configure_calls_such_as_configuration_binding()
    {
        var (user, password) = ("diuser", "password-123");
        using (var admin = Support.Sdk.For(fx.Server))
            await admin.Emulator.CreateAccountAsync(user, password, "di@example.com");
        var services = new ServiceCollection();
        services.AddEcsClient();
        services.Configure<EcsClientOptions>(o =>
        {
            o.BaseUrl = fx.Server.BaseAddress;
            o.Username = user;
            o.Password = password;
        });
        await using var provider = services.BuildServiceProvider();
        // Two clients, one login: the credential lives with the options, not with a (transient) client.
        Assert.Equal(user, (await provider.GetRequiredService<EcsClient>().Account.GetAsync()).Username);
        Assert.Empty(await provider.GetRequiredService<EcsClient>().Servers.ListAsync());
        var credential = Assert.IsType<LoginCredential>(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EcsClientOptions>>().Value.ResolveCredential());
        Assert.NotNull(credential.Token);
    }
}
