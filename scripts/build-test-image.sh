#!/usr/bin/env bash
# Builds the tiny test image `openecs-tiny` into DIR/openecs-tiny from Debian packages only (the kernel and
# busybox-static, fetched with apt-get download from the configured mirror): a kernel, an initramfs whose /init reads
# the NoCloud seed (hostname, ssh key, user script), prints OPENECS-READY on the serial console and runs a shell there,
# an empty base disk and the manifest OpenECS reads. Boots in seconds under TCG. Usage: build-test-image.sh DIR
set -euo pipefail
out=${1:?usage: build-test-image.sh DIR}
for tool in apt-get dpkg-deb cpio gzip qemu-img; do
  command -v "$tool" >/dev/null || { echo "build-test-image: $tool is missing (apt-get install cpio qemu-utils)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # apt-get download runs as _apt and writes here
cd "$work"
# The kernel the linux-image-amd64 metapackage points at, so the script keeps working across point releases.
kernel_pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
[[ -n $kernel_pkg ]] || { echo "build-test-image: no linux-image-amd64 in the package lists (apt-get update?)" >&2; exit 1; }
apt-get download -q "$kernel_pkg" busybox-static >/dev/null
dpkg-deb -x linux-image-*.deb kernel
dpkg-deb -x busybox-static_*.deb busybox
release=${kernel_pkg#linux-image-}

root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,root,etc/acpi/PWRF,seed,lib/modules,var/log,var/run}
cp busybox/bin/busybox "$root/bin/busybox"
# ACPI power button: button.ko makes the event, evdev.ko exposes it, busybox acpid turns it into a clean power-off.
for ko in drivers/acpi/button.ko drivers/input/evdev.ko; do
  cp "kernel/lib/modules/$release/kernel/$ko" "$root/lib/modules/"
done
cat > "$root/etc/acpi/PWRF/00000080" <<'SH'
#!/bin/sh
echo "OPENECS-POWEROFF" > /dev/console
sync
poweroff -f
SH
chmod 755 "$root/etc/acpi/PWRF/00000080"
cat > "$root/init" <<'SH'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
insmod /lib/modules/button.ko 2>/dev/null
insmod /lib/modules/evdev.ko 2>/dev/null
mkdir -p /var/log /var/run
acpid -f -c /etc/acpi -l /var/log/acpid.log &
# NoCloud seed: OpenECS appends meta-data and user-data under /seed to the initramfs; the kernel command line's
# ds=nocloud;h=NAME is the fallback for the hostname.
name=
[ -f /seed/meta-data ] && name=$(sed -n 's/^local-hostname: *//p' /seed/meta-data | tr -d '"')
if [ -z "$name" ]; then
  for arg in $(cat /proc/cmdline); do
    case $arg in ds=nocloud*) name=$(echo "$arg" | tr ';' '\n' | sed -n 's/^h=//p') ;; esac
  done
fi
hostname "${name:-openecs}"
mkdir -p /root/.ssh
[ -f /seed/meta-data ] && sed -n 's/^ *- *"\{0,1\}\(ssh-[^"]*\)"\{0,1\}$/\1/p' /seed/meta-data > /root/.ssh/authorized_keys
if [ -f /seed/user-data ] && head -n 1 /seed/user-data | grep -q '^#!'; then
  sh /seed/user-data > /tmp/user-data.log 2>&1
  echo "user-data exited $?" >> /tmp/user-data.log
fi
echo "OPENECS-READY $(hostname)"
while true; do setsid cttyhack sh -l; done
SH
chmod 755 "$root/init"
echo 'PS1="root@$(hostname):\w# "' > "$root/etc/profile"

dest=$out/openecs-tiny
mkdir -p "$dest"
cp "kernel/boot/vmlinuz-$release" "$dest/vmlinuz"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$dest/initrd.img"
[[ -f $dest/disk.qcow2 ]] || qemu-img create -q -f qcow2 "$dest/disk.qcow2" 64M
cat > "$dest/image.json" <<JSON
{
  "name": "openecs-tiny",
  "label": "OpenECS tiny test image (Debian kernel $release + busybox)",
  "disk": "disk.qcow2",
  "kernel": "vmlinuz",
  "initrd": "initrd.img",
  "cmdline": "console=ttyS0 quiet panic=-1",
  "seed": "initrd",
  "ready_marker": "OPENECS-READY",
  "required_disk_gb": 1
}
JSON
echo "built $dest"
