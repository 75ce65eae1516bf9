using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Core.Actions;
using static OpenEcs.Bench.Report;

namespace OpenEcs.Bench;

/// <summary>
/// The boot row (what bench/qemu-boot.sh measured by hand): a bare qemu-system boot of openecs-tiny (same kernel,
/// initrd, disk, memory, one vCPU) until OPENECS-READY shows on its serial output, against POST /servers → create action
/// completed (Booted: the same marker, seen by the driver) through an OpenECS process on the QEMU hypervisor, round by
/// round so that both see the same load. The API's figure runs from the POST to the completed_at the server recorded
/// (one machine, one clock), so the client's polling adds nothing. TCG unless BENCH_ACCEL=kvm.
/// </summary>
public static class BootBench
{
    public const string Image = "openecs-tiny";
    private const string Token = "bench-qemu-token-0123456789abcdef";
    private const string Marker = "OPENECS-READY";

    /// <summary>The images folder (OPENECS_BENCH_QEMU_IMAGES, else the tests' OPENECS_TEST_QEMU_IMAGES, else
    /// /var/tmp/openecs-test-images) when it holds the tiny image and QEMU is installed; else why not.</summary>
    public static (string? Images, string? Why) Find()
    {
        var images = Environment.GetEnvironmentVariable("OPENECS_BENCH_QEMU_IMAGES") is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("OPENECS_TEST_QEMU_IMAGES") is { Length: > 0 } t ? t
            : "/var/tmp/openecs-test-images";
        if (!OnPath("qemu-system-x86_64")) return (null, "no qemu-system-x86_64 on PATH");
        if (!File.Exists(Path.Combine(images, Image, "vmlinuz"))) return (null, $"no {Image} image in {images} (scripts/build-test-image.sh builds it)");
        return (Path.GetFullPath(images), null);
    }

    private static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, file)));

    public static async Task<Row> RunAsync(string serverDll, string work, string images, int rounds)
    {
        var accel = Environment.GetEnvironmentVariable("BENCH_ACCEL") is { Length: > 0 } a ? a : "tcg";
        var port = Child.FreePort();
        var data = Path.Combine(work, "store-qemu-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        using var server = Child.Start("openecs-qemu", "dotnet",
        [
            serverDll, "--urls", $"http://127.0.0.1:{port}", $"--OpenEcs:DataDir={data}", $"--OpenEcs:Admin:ApiToken={Token}",
            "--OpenEcs:Hypervisor:Kind=qemu", $"--OpenEcs:Qemu:ImagesDir={images}", $"--OpenEcs:Qemu:Accel={accel}",
            "--OpenEcs:Qemu:MaxRamMb=192", "--OpenEcs:Qemu:MaxCpu=1", "--OpenEcs:Limits:RequestsPerMinute=0",
        ], Path.Combine(work, "openecs-qemu.log"), new Uri($"http://127.0.0.1:{port}"));
        await server.WaitHealthyAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress!, "/ecs/v2/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-APITOKEN", Token);

        var raw = new List<double>();
        var api = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            raw.Add(await RawBootAsync(work, Path.Combine(images, Image), accel));
            api.Add(await ApiBootAsync(client));
            Console.Error.WriteLine($"  boot round {round + 1}: raw QEMU {F(raw[^1] / 1000, 2)} s, create→Booted {F(api[^1] / 1000, 2)} s");
        }
        var (o, b) = (Stats.Median(api), Stats.Median(raw));
        return new Row("boot", $"boot: create→Booted vs raw QEMU boot to the same marker ({accel}, median of {rounds})",
            $"{F(o / 1000, 2)} s", $"{F(b / 1000, 2)} s", o / b, AtMost(o / b, 1.15));
    }

    /// <summary>Milliseconds from starting qemu-system to the marker on its serial log.</summary>
    private static async Task<double> RawBootAsync(string work, string image, string accel)
    {
        var log = Path.Combine(work, "raw-boot.log");
        File.Delete(log);
        var clock = Stopwatch.StartNew();
        using var qemu = Child.Start("qemu-raw", "qemu-system-x86_64",
        [
            "-accel", accel, "-machine", "pc", "-m", "192", "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none",
            "-chardev", $"file,id=s,path={log}", "-serial", "chardev:s", "-kernel", Path.Combine(image, "vmlinuz"),
            "-initrd", Path.Combine(image, "initrd.img"), "-append", "console=ttyS0 quiet panic=-1",
            // The image boots from its disk (without one the initramfs stops at OPENECS-NO-DISK); snapshot=on keeps
            // the writes in a temporary overlay, as the API's own qcow2 overlay does.
            "-drive", $"file={Path.Combine(image, "disk.qcow2")},if=virtio,format=qcow2,snapshot=on",
        ], Path.Combine(work, "qemu-raw.out"));
        while (!Shows(log))
        {
            if (qemu.HasExited) throw new InvalidOperationException($"qemu exited with {qemu.ExitCode} before {Marker}");
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"no {Marker} from a raw boot in 3 minutes");
            await Task.Delay(20);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static bool Shows(string log)
    {
        try
        {
            using var f = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(f, Encoding.Latin1);
            return r.ReadToEnd().Contains(Marker, StringComparison.Ordinal);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Milliseconds from the POST to the create action's completed_at; then the server is deleted.</summary>
    private static async Task<double> ApiBootAsync(HttpClient client)
    {
        var sent = DateTimeOffset.UtcNow;
        using var response = await client.PostAsync("servers", new StringContent(
            $$"""{"plan": "eCS1", "location": "it-fr2", "image": "{{Image}}", "notes": "bench"}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"create answered {(int)response.StatusCode}: {body}");
        var created = JsonNode.Parse(body)!;
        var action = await CompletedAsync(client, (long)created["action_id"]!);
        var completed = DateTimeOffset.Parse((string)action["completed_at"]!, CultureInfo.InvariantCulture);
        var name = (string)created["server"]!["name"]!;
        using var delete = await client.DeleteAsync($"servers/{name}");
        var deleted = JsonNode.Parse(await delete.Content.ReadAsStringAsync())!;
        await CompletedAsync(client, (long)deleted["action"]!["id"]!);
        return (completed - sent).TotalMilliseconds;
    }

    private static async Task<JsonNode> CompletedAsync(HttpClient client, long id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var action = (await client.GetFromJsonAsync<JsonNode>($"actions/{id}"))!["action"]!;
            var status = (string)action["status"]!;
            if (status == ActionStatus.Completed) return action;
            if (status != ActionStatus.InProgress) throw new InvalidOperationException($"action {id} {status}: {action["message"]}");
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"action {id} still in progress after 3 minutes");
            await Task.Delay(50);
        }
    }
}
