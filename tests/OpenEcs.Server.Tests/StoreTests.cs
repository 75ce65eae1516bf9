using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

public sealed class StoreTests
{
    [Fact]
    public async Task A_schema_that_is_behind_stops_start_up_when_migrations_are_not_to_be_applied()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EcsServer.StartAsync(settings: ["OpenEcs:Storage:ApplyMigrations=false"]));
        Assert.Contains("OpenEcs:Storage:ApplyMigrations", e.Message);
        Assert.Contains("pending", e.Message);
    }

    [Fact]
    public async Task A_migrated_store_starts_without_applying_anything()
    {
        await using var database = await TestDatabase.CreateAsync();
        string name;
        await using (var first = await EcsServer.StartOnAsync(database, "instant", []))
            name = await first.Client().CreateBootedServerAsync("kept");
        // The next server on the same store, told not to migrate: the schema is current, so it starts and sees the data.
        await using var second = await EcsServer.StartOnAsync(database, "instant", ["OpenEcs:Storage:ApplyMigrations=false"]);
        (await second.Client().GetJsonAsync($"servers/{name}")).AssertOk();
    }
}
