using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// Every server is a QEMU process on this host (after Incus's driver): a folder per VM, QEMU started paused and checked
/// over QMP before <c>cont</c>, Booted when the guest prints its ready marker on the serial console. All state lives
/// in the VM folder, so each operation can run again after a crash and a restarted control plane adopts running VMs.
/// QEMU is waited on with the machine's clock, never the simulation's (which the manual speed stops).
/// </summary>
public sealed partial class QemuHypervisor(
    IOptions<OpenEcsOptions> ecs, IOptions<QemuOptions> options, QemuImages images, Acceleration acceleration,
    WallClock time, ILogger<QemuHypervisor> log) : IHypervisor
{
    private QemuOptions O => options.Value;
    public string VmsRoot => Path.Combine(ecs.Value.FullDataDir, "vms");
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long At, VmCounters Counters)> _lastSample = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long At, string State)> _observed = new(StringComparer.Ordinal);
    /// <summary>The host's own rules (bridge mode) are put in place once per process, before the first VM's.</summary>
    private readonly SemaphoreSlim _hostFirewallGate = new(1, 1);
    private bool _hostFirewall;
    /// <summary>A list of servers asks for each one's state; one QMP round trip per VM per second is plenty.</summary>
    private static readonly TimeSpan ObservedFor = TimeSpan.FromSeconds(1);

    public VmFolder Folder(string name) => new(VmsRoot, name);

    public async Task CreateAsync(VmSpec spec, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(spec.Name, ct);
        var vm = Folder(spec.Name);
        var image = images.Find(spec.Image) ?? throw new HypervisorException(
            $"image {spec.Image} has no manifest in the QEMU images folder {O.ImagesPath(ecs.Value)}; see the README on registering images");
        if (vm.LivePid() is null)
        {
            PrivateFiles.CreateDirectory(VmsRoot);
            PrivateFiles.CreateDirectory(vm.Path);
            if (!File.Exists(vm.Overlay))
                await RunAsync(Tools.Find(O.ImgBinary)!, ["create", "-q", "-f", "qcow2", "-F", DiskFormat(image.DiskPath), "-b", image.DiskPath,
                    vm.Overlay, $"{Math.Max(spec.DiskGb, image.RequiredDiskGb)}G"], "creating the disk", ct);
            PrivateFiles.Protect(vm.Overlay);
            await op.ReportProgress(10, ct);
            Seed.WriteFiles(vm, spec, image, O.Network, VmLaunch.MacOf(spec.Name));
            if (image.SeedInInitrd) await Seed.WriteInitrdAsync(vm, image.InitrdPath!, ct);
            else await Seed.WriteIsoAsync(vm, ct);
            await op.ReportProgress(20, ct);
            var bridged = O.Network.Mode == QemuNetworkMode.Bridge;
            var launch = VmLaunch.Read(vm) ?? new VmLaunch(image.Name, Math.Min(spec.Cpu, O.MaxCpu), Math.Min(spec.RamMb, O.MaxRamMb),
                bridged ? 0 : VmLaunch.FreePort(O.Network.HostAddress), bridged ? Tap.NameOf(spec.Name) : null,
                bridged ? spec.Ipv4 : null, spec.AccountId) { Interfaces = LaunchInterfacesOf(spec.Name, spec.Interfaces) };
            launch.Write(vm);
            await BootAsync(vm, launch, image, op, ct);
        }
        else
        {
            // A resumed create whose VM is already up: the console log of this boot still holds the answer.
            await WaitReadyAsync(vm, image, O.BootTimeout, op, ct);
        }
        await op.ReportProgress(95, ct);
    }

    public async Task StartAsync(string name, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        var vm = Folder(name);
        if (vm.LivePid() is not null)
        {
            await using var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct);
            if (await StatusAsync(qmp, ct) != "running") await qmp.ExecuteAsync("cont", null, ct);
            return;
        }
        var launch = VmLaunch.Read(vm) ?? throw new HypervisorException($"server {name} has no VM on this host");
        var image = images.Find(launch.Image) ?? throw new HypervisorException($"image {launch.Image} is no longer in the images folder");
        await EndScriptTurnAsync(vm, image, "the server was powered off and on before its user script reported its end", ct);
        await BootAsync(vm, launch, image, op, ct);
        await op.ReportProgress(90, ct);
    }

    public async Task StopAsync(string name, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        await ShutdownAsync(Folder(name), O.ShutdownGrace, op, ct);
    }

    /// <summary>Every VM folder of this data folder, and every QEMU process whose pid file lies in one.</summary>
    public Task<IReadOnlyList<VmState>?> ListVmsAsync(CancellationToken ct)
    {
        var vms = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(VmsRoot))
            foreach (var dir in Directory.EnumerateDirectories(VmsRoot))
                vms[Path.GetFileName(dir)] = Folder(Path.GetFileName(dir)).LivePid() is null ? PowerState.Shutoff : PowerState.Running;
        foreach (var (_, name) in OurProcesses()) vms[name] = PowerState.Running;
        return Task.FromResult<IReadOnlyList<VmState>?>(vms.Select(v => new VmState(v.Key, v.Value)).ToList());
    }

    /// <summary>QEMU processes whose pid file lies in this data folder's vms folder, with the VM name.</summary>
    private IEnumerable<(int Pid, string Name)> OurProcesses()
    {
        var prefix = VmsRoot + Path.DirectorySeparatorChar;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            IReadOnlyList<string> args;
            try
            {
                args = VmFolder.CommandLine(pid);
            }
            catch (IOException)
            {
                continue;
            }
            var i = args.ToList().IndexOf("-pidfile");
            if (i < 0 || i + 1 >= args.Count || !args[i + 1].StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!VmFolder.IsOurs(pid, args[i + 1])) continue;
            yield return (pid, Path.GetFileName(Path.GetDirectoryName(args[i + 1])!));
        }
    }

    /// <summary>Stops a VM at once and keeps its folder (disk included): for processes the store does not know.</summary>
    public async Task HaltAsync(string name, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        await ShutdownAsync(Folder(name), TimeSpan.Zero, new OperationContext(time.GetUtcNow(), (_, _) => Task.CompletedTask), ct);
    }

    public async Task DeleteAsync(string name, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        var vm = Folder(name);
        // The disk is going away: no point waiting for the guest to shut down cleanly.
        await ShutdownAsync(vm, TimeSpan.Zero, op, ct);
        var launch = VmLaunch.Read(vm);
        if (launch?.Tap is { } tap)
        {
            await Tap.RemoveAsync(tap, ct);
            if (O.Network.Firewall) await BridgeFirewall.ApplyAsync(BridgeFirewall.RemoveRules(tap), $"removing the firewall of tap {tap}", ct);
        }
        await RemoveInterfacesAsync(launch, ct);
        if (vm.Exists) Directory.Delete(vm.Path, recursive: true);
        _lastSample.TryRemove(name, out _);
        // The last VM built from a deleted template lets its disk go.
        if (launch is not null) await ReleaseTemplateAsync(launch.Image, ct);
        await op.ReportProgress(95, ct);
    }

    /// <summary>Observed: a live process whose QMP says running is RUNNING; anything else with a folder is SHUTOFF.</summary>
    public async Task<string?> GetPowerStateAsync(string name, CancellationToken ct)
    {
        if (_observed.TryGetValue(name, out var seen) && time.GetElapsedTime(seen.At) < ObservedFor) return seen.State;
        var state = await ObservePowerStateAsync(name, ct);
        if (state is null) _observed.TryRemove(name, out _);
        else _observed[name] = (time.GetTimestamp(), state);
        return state;
    }

    private async Task<string?> ObservePowerStateAsync(string name, CancellationToken ct)
    {
        var vm = Folder(name);
        if (!vm.Exists) return null;
        if (vm.LivePid() is null) return PowerState.Shutoff;
        try
        {
            await using var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct);
            return await StatusAsync(qmp, ct) == "running" ? PowerState.Running : PowerState.Shutoff;
        }
        catch (Exception e) when (e is QmpException or SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Busy (another QMP client) or starting: the process is alive, which is what the user cares about.
            return PowerState.Running;
        }
    }

    public async Task<VmSample?> SampleAsync(string name, DateTimeOffset at, CancellationToken ct)
    {
        if (await ReadCountersAsync(name, ct) is not { } now) return null;
        var ticks = time.GetTimestamp();
        var previous = _lastSample.GetValueOrDefault(name);
        _lastSample[name] = (ticks, now);
        // Rates over the time since the previous sample; the first one averages over the VM's life so far.
        var (seconds, before) = previous.Counters is { } p && p.Pid == now.Pid
            ? (time.GetElapsedTime(previous.At, ticks).TotalSeconds, p)
            : (Math.Max(now.UptimeSeconds, 0.001), new VmCounters(now.Pid, 0, 0, 0, 0, 0, now.Vcpus, 0));
        seconds = Math.Max(seconds, 0.001);
        double Rate(double a, double b) => Math.Max(0, a - b) / seconds;
        return new VmSample(
            Cpu: Math.Round(Math.Min(100, 100 * Rate(now.CpuSeconds, before.CpuSeconds) / Math.Max(1, now.Vcpus)), 4),
            DiskReads: Math.Round(Rate(now.DiskReadBytes, before.DiskReadBytes) / 1048576, 4),
            DiskWrites: Math.Round(Rate(now.DiskWriteBytes, before.DiskWriteBytes) / 1048576, 4),
            NetReceived: Math.Round(Rate(now.NetRxBytes, before.NetRxBytes) / 1024, 4),
            NetTransmitted: Math.Round(Rate(now.NetTxBytes, before.NetTxBytes) / 1024, 4));
    }

    /// <summary>The VM's cumulative counters: CPU seconds from /proc, disk bytes from QMP, network bytes from the tap.</summary>
    public async Task<VmCounters?> ReadCountersAsync(string name, CancellationToken ct)
    {
        var vm = Folder(name);
        if (vm.LivePid() is not { } pid) return null;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited since the check: no counters this step, and the other servers' samples go on
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of stat (11 and 12 after the name), starttime 22, in clock ticks.
        const double hz = 100;
        var cpu = (long.Parse(fields[11]) + long.Parse(fields[12])) / hz;
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var age = uptime - long.Parse(fields[19]) / hz;
        double reads = 0, writes = 0;
        try
        {
            await using var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct);
            if (await qmp.ExecuteAsync("query-blockstats", null, ct) is System.Text.Json.Nodes.JsonArray devices)
                foreach (var d in devices)
                {
                    reads += d?["stats"]?["rd_bytes"]?.GetValue<double>() ?? 0;
                    writes += d?["stats"]?["wr_bytes"]?.GetValue<double>() ?? 0;
                }
        }
        catch (Exception e) when (e is QmpException or SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            LogQmpBusy(name, e.Message);
        }
        var launch = VmLaunch.Read(vm);
        double rx = 0, tx = 0;
        if (launch?.Tap is { } tap && Directory.Exists($"/sys/class/net/{tap}"))
        {
            // The tap's receive is the guest's transmit and the reverse.
            tx = double.Parse(File.ReadAllText($"/sys/class/net/{tap}/statistics/rx_bytes"));
            rx = double.Parse(File.ReadAllText($"/sys/class/net/{tap}/statistics/tx_bytes"));
        }
        return new VmCounters(pid, cpu, reads, writes, rx, tx, launch?.Cpu ?? 1, age);
    }

    public bool AddressBeforeCreate => O.Network.Mode == QemuNetworkMode.Bridge;

    /// <summary>User mode: the host address and the forwarded SSH port; bridge mode: the pool address is the guest's own.</summary>
    public VmNetwork? NetworkOf(string name)
    {
        if (O.Network.Mode != QemuNetworkMode.User) return null;
        var launch = VmLaunch.Read(Folder(name));
        return launch is null ? null : new VmNetwork(O.Network.HostAddress, launch.SshPort);
    }

    public async Task<Stream> OpenConsoleAsync(string name, CancellationToken ct)
    {
        var vm = Folder(name);
        if (vm.LivePid() is null) throw EcsException.Conflict($"server {name} is not running: power it on to use its console");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(vm.Console), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw EcsException.Conflict($"server {name} stopped as its console was opened: power it on and ask for a new console key");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts QEMU paused, checks it over QMP, lets it run and waits for the guest; under auto, KVM that hangs falls back to TCG.</summary>
    private async Task BootAsync(VmFolder vm, VmLaunch launch, ImageManifest image, OperationContext op, CancellationToken ct)
    {
        var accel = acceleration.For(vm);
        // The action's message says which accelerator it waits on: a KVM attempt that hangs is otherwise 90% and silence.
        if (O.Accel == QemuAccel.Auto)
            await op.ReportMessage(accel == "kvm"
                ? $"booting under KVM; a guest silent for {O.KvmBootTimeout.TotalSeconds:0} s boots again under TCG"
                : $"booting under TCG (emulation, slower): KVM is not usable here ({acceleration.KvmBrokenReason ?? "this VM booted under TCG before"})", ct);
        await LaunchAsync(vm, launch, image, accel, op, ct);
        if (accel == "kvm" && O.Accel == QemuAccel.Auto)
        {
            try
            {
                await WaitReadyAsync(vm, image, O.KvmBootTimeout, op, ct);
                return;
            }
            catch (HypervisorException e)
            {
                acceleration.KvmFailed(e.Message);
                await op.ReportMessage($"KVM did not boot the guest within {O.KvmBootTimeout.TotalSeconds:0} s: booting again under TCG (emulation, slower)", ct);
                await ShutdownAsync(vm, TimeSpan.Zero, Quiet(op), ct);
                accel = acceleration.For(vm);
                await LaunchAsync(vm, launch, image, accel, op, ct);
            }
        }
        try
        {
            await WaitReadyAsync(vm, image, O.BootTimeout, op, ct);
        }
        catch (HypervisorException)
        {
            // A guest that failed to boot must not keep burning the host's CPU; its folder stays for the post-mortem.
            await ShutdownAsync(vm, TimeSpan.Zero, Quiet(op), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Stopping a VM inside a create is not the create's progress.</summary>
    private static OperationContext Quiet(OperationContext op) => op with { ReportProgress = (_, _) => Task.CompletedTask };

    private async Task LaunchAsync(VmFolder vm, VmLaunch launch, ImageManifest image, string accel, OperationContext op, CancellationToken ct)
    {
        if (launch.Tap is { } tap)
        {
            // The rules come before the tap joins the bridge: no frame of the VM ever passes unfiltered.
            if (O.Network.Firewall) await ApplyFirewallAsync(vm, launch, tap, ct);
            await Tap.EnsureAsync(tap, O.Network.Bridge!, ct);
        }
        await EnsureInterfacesAsync(launch, ct);
        foreach (var stale in new[] { vm.PidFile, vm.Qmp, vm.Console, vm.ConsoleLog, vm.Agent }) File.Delete(stale);
        // QEMU sets its own umask (027) when it daemonizes: the console log (everything the guest printed) is
        // created here, for the owner only, and QEMU writes into it.
        var log = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) log.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        new FileStream(vm.ConsoleLog, log).Dispose();
        if (vm.Console.Length > 100)
            throw new HypervisorException($"the VM folder path {vm.Path} is too long for unix sockets: use a shorter OpenEcs:DataDir");
        var args = QemuCommandLine.For(vm, launch, image, accel, O);
        await RunAsync(Tools.Find(O.Binary)!, args, "starting QEMU", ct);
        File.WriteAllText(vm.AccelFile, accel);
        await op.ReportProgress(30, ct);
        await using (var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct))
        {
            var status = await StatusAsync(qmp, ct);
            if (status is not ("prelaunch" or "paused"))
                throw new HypervisorException($"QEMU of {vm.Name} is '{status}' instead of paused after start");
            await op.ReportProgress(40, ct);
            await qmp.ExecuteAsync("cont", null, ct);
        }
        LogStarted(vm.Name, vm.LivePid() ?? 0, accel, launch.Cpu, launch.RamMb);
        await op.ReportProgress(50, ct);
    }

    private async Task ApplyFirewallAsync(VmFolder vm, VmLaunch launch, string tap, CancellationToken ct)
    {
        if (!_hostFirewall)
        {
            await _hostFirewallGate.WaitAsync(ct);
            try
            {
                if (!_hostFirewall)
                {
                    await BridgeFirewall.ApplyAsync(BridgeFirewall.HostRules(O.Network.Bridge!, O.Network.HostServices),
                        $"protecting the host from bridge {O.Network.Bridge}", ct);
                    _hostFirewall = true;
                }
            }
            finally
            {
                _hostFirewallGate.Release();
            }
        }
        var ip = launch.Ipv4 ?? throw new HypervisorException($"VM {vm.Name} has no pool address for its firewall rules: delete and create it again");
        await BridgeFirewall.ApplyAsync(BridgeFirewall.VmRules(tap, VmLaunch.MacOf(vm.Name), ip, launch.AccountId), $"filtering tap {tap}", ct);
    }

    /// <summary>Booted means the guest said so: its ready marker on the serial console (as logged by QEMU).</summary>
    private async Task WaitReadyAsync(VmFolder vm, ImageManifest image, TimeSpan timeout, OperationContext op, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var progress = 50;
        while (true)
        {
            var log = File.Exists(vm.ConsoleLog) ? await ReadSharedAsync(vm.ConsoleLog, ct) : "";
            if (log.Contains(image.Marker, StringComparison.Ordinal)) return;
            if (vm.LivePid() is null)
                throw new HypervisorException($"the VM stopped while booting; console: {Tail(log)}");
            var elapsed = time.GetElapsedTime(started);
            if (elapsed > timeout)
                throw new HypervisorException($"the guest did not print '{image.Marker}' within {timeout.TotalSeconds:0} s; console: {Tail(log)}");
            // Creeps towards 90 while the guest boots: real steps, no invented schedule.
            var next = 50 + (int)(40 * Math.Min(1, elapsed / timeout * 4));
            if (next > progress) await op.ReportProgress(progress = next, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }
    }

    /// <summary>ACPI power button, then QMP quit after the grace, then SIGKILL.</summary>
    private async Task ShutdownAsync(VmFolder vm, TimeSpan grace, OperationContext op, CancellationToken ct)
    {
        if (vm.LivePid() is not { } pid) return;
        if (grace > TimeSpan.Zero && await TryQmpAsync(vm, "system_powerdown", ct))
        {
            await op.ReportProgress(30, ct);
            if (await WaitExitAsync(vm, grace, ct)) return;
            LogGraceExpired(vm.Name, grace.TotalSeconds);
        }
        if (await TryQmpAsync(vm, "quit", ct) && await WaitExitAsync(vm, TimeSpan.FromSeconds(5), ct)) return;
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
        }
        if (!await WaitExitAsync(vm, TimeSpan.FromSeconds(10), ct))
            throw new HypervisorException($"QEMU of {vm.Name} (pid {pid}) did not exit after SIGKILL");
        await op.ReportProgress(80, ct);
    }

    private async Task<bool> TryQmpAsync(VmFolder vm, string command, CancellationToken ct)
    {
        try
        {
            await using var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct);
            await qmp.ExecuteAsync(command, null, ct);
            return true;
        }
        catch (Exception e) when (e is QmpException or SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> WaitExitAsync(VmFolder vm, TimeSpan timeout, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (vm.LivePid() is not null)
        {
            if (time.GetElapsedTime(started) > timeout) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
        return true;
    }

    private static async Task<string?> StatusAsync(QmpClient qmp, CancellationToken ct) =>
        (await qmp.ExecuteAsync("query-status", null, ct))?["status"]?.GetValue<string>();

    private static async Task<string> ReadSharedAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return await new StreamReader(stream).ReadToEndAsync(ct);
    }

    private static string Tail(string log) =>
        string.Join(" | ", log.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5)).Trim() is { Length: > 0 } t
            ? t : "(nothing)";

    private static string DiskFormat(string path) => path.EndsWith(".qcow2", StringComparison.OrdinalIgnoreCase) ? "qcow2" : "raw";

    /// <summary>Runs a tool to its end (at most <paramref name="limit"/>, a minute by default); returns what it printed.</summary>
    internal static async Task<string> RunAsync(string program, IEnumerable<string> args, string what, CancellationToken ct, TimeSpan? limit = null,
        string? stdin = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info) ?? throw new HypervisorException($"{what}: {program} did not start");
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            p.StandardInput.Close();
        }
        // QEMU daemonizes: the parent exits once the VM is set up, with any error on stderr.
        var stderr = p.StandardError.ReadToEndAsync(ct);
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A tool that outlives its action must not outlive it on the host either.
            try { p.Kill(entireProcessTree: true); } catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            if (ct.IsCancellationRequested) throw;
            throw new HypervisorException($"{what}: {Path.GetFileName(program)} did not finish within {(limit ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s");
        }
        if (p.ExitCode != 0)
            throw new HypervisorException($"{what} failed ({Path.GetFileName(program)} exit {p.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
        return await stdout;
    }

    private async Task<IDisposable> LockAsync(string name, CancellationToken ct) =>
        (await LockAsync(name, Timeout.InfiniteTimeSpan, ct))!;

    /// <summary>The VM's lock within <paramref name="wait"/>, or null (for lookers-on that will look again).</summary>
    private async Task<IDisposable?> LockAsync(string name, TimeSpan wait, CancellationToken ct)
    {
        // Every operation changes what the VM is: the next status read looks again.
        _observed.TryRemove(name, out _);
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(wait, ct)) return null;
        return new Releaser(() =>
        {
            _observed.TryRemove(name, out _);
            gate.Release();
        });
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    [LoggerMessage(LogLevel.Information, "VM {Name} started: pid {Pid}, accel {Accel}, {Cpu} vCPU, {RamMb} MB")]
    private partial void LogStarted(string name, int pid, string accel, int cpu, int ramMb);

    [LoggerMessage(LogLevel.Information, "VM {Name} ignored the power button for {Seconds} s: telling QEMU to quit")]
    private partial void LogGraceExpired(string name, double seconds);

    [LoggerMessage(LogLevel.Debug, "VM {Name}: QMP not available for counters ({Reason})")]
    private partial void LogQmpBusy(string name, string reason);
}

public sealed record VmCounters(int Pid, double CpuSeconds, double DiskReadBytes, double DiskWriteBytes, double NetRxBytes,
    double NetTxBytes, int Vcpus, double UptimeSeconds);
