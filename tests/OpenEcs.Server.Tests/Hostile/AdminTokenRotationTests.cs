using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

public sealed class AdminTokenRotationTests
{
    [Fact]
    public async Task A_new_configured_admin_token_replaces_the_previous_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        const string first = "first-admin-token-0123456789", second = "second-admin-token-0123456789";
        await using (var server = await EcsServer.StartOnAsync(database, "instant", [$"OpenEcs:Admin:ApiToken={first}"]))
        {
            (await server.Client(first).GetJsonAsync("servers")).AssertOk();
            (await server.Client(first).PostJsonAsync("keys", new { notes = "the admin's own" })).AssertOk();
        }
        await using (var server = await EcsServer.StartOnAsync(database, "instant", [$"OpenEcs:Admin:ApiToken={second}"]))
        {
            (await server.Client(first).GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
            (await server.Client(second).GetJsonAsync("servers")).AssertOk();
            var keys = Assert.IsType<JsonArray>((await server.Client(second).GetJsonAsync("keys")).Body);
            // One token from configuration (not one more per rotation), and the admin's own token is left alone.
            Assert.Single(keys, k => (string)k!["notes"]! == "admin token from configuration");
            Assert.Single(keys, k => (string)k!["notes"]! == "the admin's own");
        }
        // The same token again at the next start: nothing changes.
        await using (var server = await EcsServer.StartOnAsync(database, "instant", [$"OpenEcs:Admin:ApiToken={second}"]))
        {
            (await server.Client(second).GetJsonAsync("servers")).AssertOk();
            Assert.Equal(2, Assert.IsType<JsonArray>((await server.Client(second).GetJsonAsync("keys")).Body).Count);
        }
    }
}
