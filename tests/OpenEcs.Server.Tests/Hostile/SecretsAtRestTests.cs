using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>The data folder holds password hashes, user scripts and keys: 0700, and every file in it 0600.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsAtRestTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Open = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task The_data_folder_and_the_store_are_owner_only_even_when_they_were_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        File.SetUnixFileMode(database.DataDir, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using (var server = await EcsServer.StartOnAsync(database, "instant", []))
        {
            await server.Client().CreateBootedServerAsync("tenant data");
            AssertOwnerOnly(database.DataDir);
        }
        // A folder of an older version, opened up by hand or by a permissive umask: the next start closes it again.
        File.SetUnixFileMode(database.DataDir, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.EnumerateFiles(database.DataDir)) File.SetUnixFileMode(file, Open);
        await using (var server = await EcsServer.StartOnAsync(database, "instant", []))
        {
            (await server.Client().GetJsonAsync("servers")).AssertOk();
            AssertOwnerOnly(database.DataDir);
        }
    }

    [Fact]
    public async Task Generated_admin_secrets_go_to_the_0600_file_only_and_the_log_says_which_mode_is_on()
    {
        await using var database = await TestDatabase.CreateAsync();
        using (var server = await ServerProcess.StartAsync(database, "instant", "OpenEcs:Admin:Password=", "OpenEcs:Admin:ApiToken="))
        {
            var file = Path.Combine(database.DataDir, "admin-credentials.txt");
            var lines = (await File.ReadAllLinesAsync(file)).ToDictionary(l => l.Split(':')[0], l => l.Split(':', 2)[1].Trim());
            Assert.Equal(Secret, File.GetUnixFileMode(file));
            var log = server.LogTail(400);
            Assert.DoesNotContain(lines["password"], log);
            Assert.DoesNotContain(lines["api_token"], log);
            Assert.Contains("admin-credentials.txt", log);
            Assert.Contains("Emulator controls are on", log);
            server.Kill();
        }
        using (var hosting = await ServerProcess.StartAsync(database, "instant", "OpenEcs:Emulator:Enabled=false"))
            Assert.Contains("Emulator controls are off (hosting mode)", hosting.LogTail(400));
    }

    private static void AssertOwnerOnly(string dataDir)
    {
        Assert.Equal(Folder, File.GetUnixFileMode(dataDir));
        var files = Directory.EnumerateFiles(dataDir).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.True(File.GetUnixFileMode(file) == Secret, $"{file} is {File.GetUnixFileMode(file)}");
        if (!TestDatabase.IsPostgres) Assert.Contains(files, f => f.EndsWith("openecs.db", StringComparison.Ordinal));
    }
}
