using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Packaging;

/// <summary>
/// What package.sh leaves besides the .deb: the self-contained server folder runs on its own, a fresh project restores
/// OpenEcs.Client from the local NuGet folder and talks to it, and `dotnet tool install` gives an `ecs` that does too.
/// </summary>
public sealed class NuGetPackageTests
{
    private const string Token = "nuget-test-token-0123456789abcdef";

    [PackageFact]
    public async Task The_server_folder_runs_alone_and_the_client_and_tool_install_from_the_local_feed()
    {
        var build = await PackageBuild.GetAsync();
        // Self-contained: the runtime is in the folder, no shared framework is asked for.
        var runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(build.ServerDir, "OpenEcs.Server.runtimeconfig.json")))!;
        Assert.NotNull(runtimeConfig["runtimeOptions"]!["includedFrameworks"]);
        Assert.Null(runtimeConfig["runtimeOptions"]!["frameworks"]);
        Assert.True(File.Exists(Path.Combine(build.ServerDir, "libcoreclr.so")));

        var port = FreePort();
        var log = new StringBuilder();
        using var server = Shell.Start(Path.Combine(build.ServerDir, "OpenEcs.Server"),
            ["--urls", $"http://127.0.0.1:{port}", $"--OpenEcs:DataDir={TempDir.Create()}", $"--OpenEcs:Admin:ApiToken={Token}",
             "--OpenEcs:Simulator:Speed=instant", "--OpenEcs:Auth:PasswordIterations=1000"],
            new Dictionary<string, string?> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["DOTNET_ROOT"] = null }, log);
        var home = TempDir.Create();
        try
        {
            await WaitHealthyAsync(port, server, log);
            var url = $"http://127.0.0.1:{port}";
            using (var api = new HttpClient { BaseAddress = new Uri($"{url}/ecs/v2/") })
            {
                api.DefaultRequestHeaders.Add("X-APITOKEN", Token);
                (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2404", notes = "from-the-feed" })).AssertOk();
            }

            // A project of a user's: nuget.org for the client's own dependencies, the local folder for OpenEcs.Client.
            var project = TempDir.Create();
            await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="openecs-local" value="{build.NuGetDir}" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(project, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OpenEcs.Client" Version="{build.Version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
                using OpenEcs.Client;
                using var ecs = new EcsClient(new EcsClientOptions { BaseUrl = new Uri(args[0]), ApiToken = args[1] });
                foreach (var server in await ecs.Servers.ListAsync()) Console.WriteLine($"{server.Name} {server.Notes}");
                """);
            var env = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["HOME"] = home };
            var run = (await Shell.RunAsync("dotnet", ["run", "--", url, Token], env, project, TimeSpan.FromMinutes(4))).Ok();
            Assert.Matches(@"(?m)^ec\d+ from-the-feed$", run.StdOut);

            var tools = TempDir.Create();
            (await Shell.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", build.NuGetDir, "OpenEcs.Cli",
                "--version", build.Version], env, tools, TimeSpan.FromMinutes(3))).Ok();
            var ecs = Path.Combine(tools, "ecs");
            Assert.Contains("servers", (await Shell.RunAsync(ecs, ["--help"], env)).Ok().StdOut);
            var listed = (await Shell.RunAsync(ecs, ["servers", "list", "-o", "json"],
                new Dictionary<string, string?>(env) { ["ECS_URL"] = url, ["ECS_TOKEN"] = Token })).Ok();
            Assert.Contains("from-the-feed", listed.StdOut);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            // This run's packages stay out of the machine's NuGet cache.
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(home, ".nuget", "packages");
            foreach (var id in new[] { "openecs.client", "openecs.cli" })
            {
                var dir = Path.Combine(cache, id, build.Version.ToLowerInvariant());
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static async Task WaitHealthyAsync(int port, System.Diagnostics.Process server, StringBuilder log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"the server exited with {server.ExitCode}:\n{log}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the server did not answer /healthz within 90 s:\n{log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
