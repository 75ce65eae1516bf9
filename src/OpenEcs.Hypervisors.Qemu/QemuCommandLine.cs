namespace OpenEcs.Hypervisors.Qemu;

/// <summary>The QEMU arguments of one VM. Started paused (<c>-S</c>) and daemonized: the VM outlives the control plane.</summary>
internal static class QemuCommandLine
{
    public static List<string> For(VmFolder vm, VmLaunch launch, ImageManifest image, string accel, QemuOptions options)
    {
        var args = new List<string>
        {
            "-name", $"openecs-{vm.Name},process=openecs-{vm.Name}",
            "-S", "-daemonize", "-pidfile", vm.PidFile,
            "-machine", "pc", "-accel", accel,
            "-smp", launch.Cpu.ToString(), "-m", launch.RamMb.ToString(),
            "-nodefaults", "-no-user-config", "-display", "none",
            "-qmp", $"unix:{vm.Qmp},server=on,wait=off",
            // The socket is the console websocket's; the log file keeps every byte for the ready marker and post-mortems.
            "-chardev", $"socket,id=console,path={vm.Console},server=on,wait=off,logfile={vm.ConsoleLog}",
            "-serial", "chardev:console",
            "-drive", $"file={vm.Overlay},if=virtio,format=qcow2,id=disk0,cache=writeback",
        };
        if (image.KernelPath is { } kernel)
        {
            args.AddRange(["-kernel", kernel, "-append", $"{image.Cmdline ?? "console=ttyS0"} ds=nocloud;h={vm.Name}"]);
            if (image.InitrdPath is { } initrd) args.AddRange(["-initrd", image.SeedInInitrd ? vm.Initrd : initrd]);
        }
        if (!image.SeedInInitrd)
            args.AddRange(["-drive", $"file={vm.SeedIso},if=virtio,format=raw,readonly=on,id=seed"]);
        if (options.Network.Mode == QemuNetworkMode.Bridge && launch.Tap is { } tap)
            args.AddRange(["-netdev", $"tap,id=net0,ifname={tap},script=no,downscript=no"]);
        else
            // restrict=on: the forward stays, everything else the guest sends out (the host's loopback included) is dropped.
            args.AddRange(["-netdev", $"user,id=net0,{(options.Network.Restrict ? "restrict=on," : "")}hostfwd=tcp:{options.Network.HostAddress}:{launch.SshPort}-:22"]);
        args.AddRange(["-device", $"virtio-net-pci,netdev=net0,mac={VmLaunch.MacOf(vm.Name)}", "-device", "virtio-rng-pci"]);
        // Private networks: a NIC each, on the network's bridge through the VM's own tap.
        for (var i = 0; i < launch.Interfaces.Length; i++)
        {
            var nic = launch.Interfaces[i];
            args.AddRange(["-netdev", $"tap,id=pnet{i},ifname={nic.Tap},script=no,downscript=no", "-device", $"virtio-net-pci,netdev=pnet{i},mac={nic.Mac}"]);
        }
        // The guest agent's channel: images with qemu-guest-agent start it when the port appears.
        args.AddRange(["-device", "virtio-serial-pci,id=vser0", "-chardev", $"socket,id=agent,path={vm.Agent},server=on,wait=off",
            "-device", "virtserialport,bus=vser0.0,chardev=agent,name=org.qemu.guest_agent.0"]);
        return args;
    }
}
