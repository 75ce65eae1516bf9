using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>
/// SQLite: one process owns the store. A second server on the same data folder would void the first one's leases at
/// start-up and run the same actions; it refuses to start instead, until the first is gone (kill -9 included).
/// </summary>
public sealed class SecondProcessTests
{
    [SqliteFact]
    public async Task A_second_server_on_the_same_data_folder_refuses_to_start_until_the_first_is_gone()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var first = await ServerProcess.StartAsync(database, "instant");
        using var api = first.Client();
        var name = await api.CreateBootedServerAsync("owned by the first");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(database, "instant"));
        Assert.Contains("another OpenECS process is serving the data folder", refused.Message);
        // The refused start changed nothing: the first one still serves, its leases intact.
        (await api.GetJsonAsync($"servers/{name}")).AssertOk();
        // In the same process too (the lock is per open file, not per process).
        var inProcess = await Assert.ThrowsAsync<OpenEcs.Core.Storage.DataFolderInUseException>(() => EcsServer.StartOnAsync(database, "instant", []));
        Assert.Contains(database.DataDir, inProcess.Message);

        first.Kill(); // SIGKILL: the kernel lets go of the lock
        using var second = await ServerProcess.StartAsync(database, "instant");
        (await second.Client().GetJsonAsync($"servers/{name}")).AssertOk();
    }
}
