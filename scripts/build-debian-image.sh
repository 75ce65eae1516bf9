#!/usr/bin/env bash
# Builds a real Debian cloud image into DIR/debian-<version>/ from Debian's packages only: mmdebstrap installs the
# host's Debian release (kernel, systemd, cloud-init with the NoCloud datasource, openssh-server, qemu-guest-agent,
# sudo) into a folder, which becomes an ext4 disk (qcow2); the kernel and initramfs are taken out for direct boot.
# cloud-init reads OpenECS's cidata seed on first boot: hostname, the default user `ecuser` with the server's ssh key,
# password hash and passwordless sudo, root's key, the user script (once); it prints OPENECS-READY when done.
# Idempotent and cache-aware: DIR/debian-<version>/stamp holds a hash of this script, the release and its kernel
# package; when it matches, nothing is rebuilt. Needs root (mmdebstrap's root mode). Usage: build-debian-image.sh DIR
set -euo pipefail
out=${1:?usage: build-debian-image.sh DIR}
((EUID == 0)) || { echo "build-debian-image: run as root (mmdebstrap installs packages into a folder as root)" >&2; exit 1; }
for tool in mmdebstrap apt-cache qemu-img mkfs.ext4 sha256sum; do
  command -v "$tool" >/dev/null || { echo "build-debian-image: $tool is missing (apt-get install mmdebstrap qemu-utils e2fsprogs)" >&2; exit 1; }
done
. /etc/os-release
suite=${VERSION_CODENAME:?the host is not Debian: no VERSION_CODENAME in /etc/os-release}
name=debian-${VERSION_ID:?no VERSION_ID in /etc/os-release}
# The host's sources of its own release (not third-party ones), so the image comes from the mirror the host uses.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -f $f ]] && grep -v '^\s*#' "$f" | grep -qw "$suite" && sources+=("$f")
done
((${#sources[@]})) || { echo "build-debian-image: no apt source of $suite on this host" >&2; exit 1; }
packages=(linux-image-amd64 systemd-sysv udev dbus cloud-init openssh-server qemu-guest-agent sudo ifupdown isc-dhcp-client
  iproute2 iputils-ping netbase procps less ca-certificates)
# The stamp: this script, the release and its kernel series (not every package's version: a rebuild takes minutes, and
# a test image need not follow each security update; delete the folder to take them all).
kernel_pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
[[ -n $kernel_pkg ]] || { echo "build-debian-image: no linux-image-amd64 in the package lists (apt-get update?)" >&2; exit 1; }
stamp=$({ sha256sum < "${BASH_SOURCE[0]}"; echo "$suite $kernel_pkg"; } | sha256sum | cut -d' ' -f1)
dest=$out/$name
if [[ -f $dest/stamp && $(cat "$dest/stamp") == "$stamp" && -f $dest/disk.qcow2 && -f $dest/vmlinuz && -f $dest/initrd.img ]]; then
  echo "up to date: $dest"
  exit 0
fi

work=$(mktemp -d /var/tmp/openecs-debian-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
started=$SECONDS
include=$(IFS=,; echo "${packages[*]}")
mmdebstrap --quiet --mode=root --variant=minbase --include="$include" "$suite" "$root" "${sources[@]}"
echo "build-debian-image: packages installed in $((SECONDS - started)) s"

# A fresh machine per server: no machine id, no host keys (cloud-init makes new ones), no apt lists.
: > "$root/etc/machine-id"
rm -f "$root"/var/lib/dbus/machine-id "$root"/etc/ssh/ssh_host_*_key* "$root"/var/cache/apt/*.bin
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb "$root"/tmp/* "$root"/usr/share/doc/*
echo "$name" > "$root/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
echo 'LABEL=debian-root / ext4 rw,discard,errors=remount-ro 0 1' > "$root/etc/fstab"
# The network comes from cloud-init (the seed's network-config, else DHCP on the first NIC).
printf 'auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n' > "$root/etc/network/interfaces"
mkdir -p "$root/etc/cloud/cloud.cfg.d"
cat > "$root/etc/cloud/cloud.cfg.d/90-openecs.cfg" <<'EOF'
# OpenECS: the seed is a NoCloud cidata disk; probing other clouds only slows the boot down.
datasource_list: [NoCloud, None]
# The default user (for seeds that name "default") is ecuser, with passwordless sudo, as on Seeweb's images.
system_info:
  default_user:
    name: ecuser
    lock_passwd: true
    gecos: OpenECS default user
    groups: [adm, sudo]
    sudo: ["ALL=(ALL) NOPASSWD:ALL"]
    shell: /bin/bash
# No locales package here: keep the C locale instead of generating one.
locale: C.UTF-8
EOF
# Timers that would compete with the user's work on a small VM.
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer systemd-networkd-wait-online.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done

next=$out/.$name.new
rm -rf "$next"
mkdir -p "$next"
cp "$(readlink -f "$root/vmlinuz")" "$next/vmlinuz"
cp "$(readlink -f "$root/initrd.img")" "$next/initrd.img"
version=$(cat "$root/etc/debian_version")
mkfs.ext4 -q -F -L debian-root -d "$root" "$work/disk.raw" 4G >/dev/null
qemu-img convert -c -O qcow2 "$work/disk.raw" "$next/disk.qcow2"
cat > "$next/image.json" <<JSON
{
  "name": "$name",
  "label": "Debian $version (OpenECS build: cloud-init, openssh-server, qemu-guest-agent)",
  "disk": "disk.qcow2",
  "kernel": "vmlinuz",
  "initrd": "initrd.img",
  "cmdline": "console=ttyS0 root=/dev/vda rw quiet",
  "seed": "cidata",
  "ready_marker": "OPENECS-READY",
  "default_user": "ecuser",
  "required_disk_gb": 4
}
JSON
echo "$stamp" > "$next/stamp"
rm -rf "$dest.old"
[[ -d $dest ]] && mv "$dest" "$dest.old"
mv "$next" "$dest"
rm -rf "$dest.old"
echo "built $dest in $((SECONDS - started)) s ($(du -sh "$dest/disk.qcow2" | cut -f1) disk)"
