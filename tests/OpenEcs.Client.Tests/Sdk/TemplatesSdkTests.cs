using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>/templates through the SDK: capture, read by id and name, update, delete.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class TemplatesSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task A_template_is_captured_read_updated_and_deleted()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var server = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "source" });
        await ecs.WaitForActionAsync(server.ActionId);

        var created = await ecs.Templates.CreateAsync(new CreateTemplateRequest { Server = server.Server.Name, Notes = "golden", Description = "base image" });
        await ecs.WaitForActionAsync(created.ActionId);
        var name = created.Template.Name;
        Assert.Matches(@"^ei2\d{5}$", name);

        var listed = Assert.Single(await ecs.Templates.ListAsync());
        Assert.Equal(name, listed.Name);
        Assert.Equal("golden", (await ecs.Templates.GetAsync(name)).Notes);
        Assert.Equal(name, (await ecs.Templates.GetAsync(listed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Name);

        var updated = await ecs.Templates.UpdateAsync(name, description: "better image");
        Assert.Equal(("golden", "better image"), (updated.Notes, updated.Description));

        var deleting = await ecs.Templates.DeleteAsync(name);
        Assert.Equal(("ECI", ActionType.DeleteTemplate), (deleting.ResourceType, deleting.Type));
        await ecs.WaitForActionAsync(deleting.Id);
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Templates.GetAsync("ei299999"));
        await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Templates.CreateAsync(new CreateTemplateRequest { Server = "" }));
    }
}
