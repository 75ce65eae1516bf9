using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>Plans, regions and images through the SDK.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class CatalogSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task Plans_regions_and_images_are_typed()
    {
        using var ecs = Support.Sdk.For(fx.Server);

        var plans = await ecs.Plans.ListAsync();
        var ecs1 = Assert.Single(plans, p => p.Name == "eCS1");
        Assert.True(ecs1.Cpu >= 1 && ecs1.Ram >= 512 && ecs1.Disk >= 10);
        Assert.True(ecs1.HourlyPrice > 0 && ecs1.MonthlyPrice > ecs1.HourlyPrice);
        Assert.Contains(ecs1.AvailableRegions, r => r.Location == "it-fr2");

        var availability = await ecs.Plans.ListAvailabilityAsync();
        var offered = Assert.Single(availability, p => p.Name == "eCS1");
        Assert.NotEmpty(offered.OsAvailables);
        Assert.NotEmpty(offered.RegionAvailables);

        var regions = await ecs.Regions.ListAsync();
        Assert.Contains(regions, r => r.Location == "it-fr2" && r.Description == "Frosinone" && r.Id > 0);
        var where = await ecs.Regions.ListAvailableAsync("eCS1");
        Assert.Contains("it-fr2", where);
        await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Regions.ListAvailableAsync("NOPE"));

        var basics = await ecs.Images.ListBasicAsync();
        Assert.Contains(basics, i => i.Name == "ubuntu-2404" && !i.CloudImage && Guid.TryParse(i.Uuid, out _));
        var cloud = await ecs.Images.ListCloudAsync();
        Assert.All(cloud, i => Assert.True(i.CloudImage));
    }
}
