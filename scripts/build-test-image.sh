#!/usr/bin/env bash
# Builds the tiny test image `openecs-tiny` into DIR/openecs-tiny from Debian packages only (fetched with apt-get
# download from the configured mirror), small enough to boot in seconds under TCG and still a server one logs in to:
#   - a small initramfs (busybox and the virtio/ext4 modules) that mounts the VM's disk as / and hands over to it;
#   - a base disk (ext4) with busybox init, glibc, dropbear (SSH, keys and passwords), sudo and bash, so files written
#     in the guest live on the VM's own overlay and survive a power cycle;
#   - a first-boot step that reads the NoCloud seed OpenECS writes (hostname, default user with its key, password
#     hash and sudo rule, root's key, network config) once per instance, then runs the user script once;
#   - DHCP (udhcpc) on the virtio NIC, or the static address of the seed's network-config (bridge mode).
# The tiny image reads only the subset of NoCloud that OpenECS writes; cloud images run cloud-init on the same seed.
# Idempotent and cache-aware: DIR/openecs-tiny/stamp holds a hash of this script and of every package version it
# uses; when it matches, nothing is rebuilt. Usage: build-test-image.sh DIR
set -euo pipefail
out=${1:?usage: build-test-image.sh DIR}
for tool in apt-get apt-cache dpkg-deb cpio gzip qemu-img mkfs.ext4 ldconfig sha256sum; do
  command -v "$tool" >/dev/null || { echo "build-test-image: $tool is missing (apt-get install cpio qemu-utils e2fsprogs)" >&2; exit 1; }
done
# The disk's files must belong to root (sudo is setuid root): run as root, or under fakeroot.
if ((EUID != 0)); then
  command -v fakeroot >/dev/null || { echo "build-test-image: run as root or install fakeroot" >&2; exit 1; }
  exec fakeroot -- "$0" "$@"
fi

# The kernel the linux-image-amd64 metapackage points at, so the script keeps working across point releases.
kernel_pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
[[ -n $kernel_pkg ]] || { echo "build-test-image: no linux-image-amd64 in the package lists (apt-get update?)" >&2; exit 1; }
# Everything on the guest's disk: busybox for the base system, dropbear for SSH, sudo, bash, and the libraries they load.
packages=(busybox-static dropbear-bin sudo bash libc6 libcrypt1 libtomcrypt1 libtommath1 libgmp10 zlib1g libtinfo6
  libpam0g libpam-modules libaudit1 libcap-ng0 libselinux1 libpcre2-8-0)
# One apt-cache call for every version (each call reads the whole cache).
declare -A version=()
while read -r p v; do version[$p]=$v; done < <(apt-cache policy "$kernel_pkg" "${packages[@]}" |
  awk '/^[^ ]/ { sub(/:$/, ""); p = $0 } /^ *Candidate:/ { print p, $2 }')
stamp=$({
  sha256sum < "${BASH_SOURCE[0]}"
  for p in "$kernel_pkg" "${packages[@]}"; do echo "$p ${version[$p]:-}"; done
} | sha256sum | cut -d' ' -f1)
dest=$out/openecs-tiny
if [[ -f $dest/stamp && $(cat "$dest/stamp") == "$stamp" && -f $dest/disk.qcow2 && -f $dest/initrd.img && -f $dest/vmlinuz ]]; then
  echo "up to date: $dest"
  exit 0
fi

# Downloads are kept beside the images (DIR/.debs, one version of each package), so a rebuild fetches only what changed.
debs=$out/.debs
mkdir -p "$debs"
chmod 755 "$debs"   # apt-get download runs as _apt and writes here
for p in "$kernel_pkg" "${packages[@]}"; do
  v=${version[$p]:-}
  [[ -n $v && $v != "(none)" ]] || { echo "build-test-image: no package $p in the package lists (apt-get update?)" >&2; exit 1; }
  [[ -f $debs/$p.version && $(cat "$debs/$p.version") == "$v" ]] && compgen -G "$debs/${p}_*.deb" >/dev/null && continue
  rm -f "$debs/${p}"_*.deb
  (cd "$debs" && apt-get download -q "$p" 2>&1 >/dev/null | grep -v '^W: Download is performed unsandboxed' >&2 || true)
  compgen -G "$debs/${p}_*.deb" >/dev/null || { echo "build-test-image: downloading $p failed" >&2; exit 1; }
  echo "$v" > "$debs/$p.version"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
dpkg-deb -x "$debs/$kernel_pkg"_*.deb kernel
release=${kernel_pkg#linux-image-}
modules=$work/kernel/lib/modules/$release

# ---- the disk: the guest's root file system ----
root=$work/root
mkdir -p "$root"
for p in "${packages[@]}"; do dpkg-deb -x "$debs/$p"_*.deb "$root"; done
rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,bug,bash-completion,zsh} "$root"/usr/lib/x86_64-linux-gnu/gconv \
  "$root"/usr/share/doc-base "$root"/etc/init.d "$root"/etc/pam.d/* "$root"/etc/sudoers.d/README
mkdir -p "$root"/{dev,proc,sys,run,tmp,root,home,mnt,var/log,var/lib/openecs,etc/dropbear,etc/acpi/PWRF,etc/openecs,etc/pam.d}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
# Busybox provides every command the packages above do not, in /bin too (on a user's PATH over SSH: /usr/bin:/bin).
while read -r applet; do
  for path in "$applet" "bin/${applet##*/}"; do
    [[ -e $root/$path || -L $root/$path ]] && continue
    mkdir -p "$root/$(dirname "$path")"
    ln -s /bin/busybox "$root/$path"
  done
done < <("$root/bin/busybox" --list-full)
ln -sf /bin/busybox "$root/sbin/init"
printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu > "$root/etc/ld.so.conf"
ldconfig -r "$root"
# Every program must find its libraries: checked here rather than by a guest that cannot log anyone in.
loader="$root/lib64/ld-linux-x86-64.so.2"
for program in usr/sbin/dropbear usr/bin/dropbearkey usr/bin/sudo usr/libexec/sudo/sudoers.so bin/bash lib/x86_64-linux-gnu/security/pam_permit.so; do
  if "$loader" --library-path "$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu:$root/usr/libexec/sudo" --list "$root/$program" 2>&1 | grep -q 'not found'; then
    echo "build-test-image: $program lacks libraries:" >&2
    "$loader" --library-path "$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu:$root/usr/libexec/sudo" --list "$root/$program" >&2
    exit 1
  fi
done

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
tty:x:5:
sudo:x:27:
nogroup:x:65534:
EOF
# '*': no password, yet not locked (dropbear refuses every login, keys too, to a locked account).
printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
chmod 600 "$root/etc/shadow"
printf '/bin/sh\n/bin/bash\n' > "$root/etc/shells"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
echo openecs > "$root/etc/hostname"
cat > "$root/etc/profile" <<'EOF'
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[ "$(id -u)" = 0 ] && export HOME=/root && cd /root
if [ "$(id -u)" = 0 ]; then PS1="root@$(hostname):\w# "; else PS1="$(id -un)@$(hostname):\w\$ "; fi
EOF
# sudo: the seed's rule for the default user in sudoers.d; PAM permits accounts and sessions, authenticates nobody.
cat > "$root/etc/sudoers" <<'EOF'
Defaults env_reset
Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
root ALL=(ALL:ALL) ALL
@includedir /etc/sudoers.d
EOF
chmod 440 "$root/etc/sudoers"
printf 'auth required pam_deny.so\naccount required pam_permit.so\nsession required pam_permit.so\npassword required pam_deny.so\n' \
  | tee "$root/etc/pam.d/sudo" > "$root/etc/pam.d/other"

cat > "$root/etc/inittab" <<'EOF'
::sysinit:/etc/openecs/boot
ttyS0::respawn:-/bin/sh
::ctrlaltdel:/sbin/reboot
::shutdown:/etc/openecs/halt
EOF
# ACPI power button (button.ko makes the event, evdev.ko exposes it): a clean power-off through init.
cat > "$root/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "OPENECS-POWEROFF" > /dev/console
poweroff
EOF
cat > "$root/etc/openecs/halt" <<'EOF'
#!/bin/sh
killall dropbear udhcpc acpid 2>/dev/null
sync
umount -a -r 2>/dev/null
mount -o remount,ro / 2>/dev/null
sync
EOF
cat > "$root/etc/openecs/udhcpc" <<'EOF'
#!/bin/sh
# udhcpc's hook: configure the NIC with the lease.
case $1 in
  deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up
    if [ -n "$router" ]; then ip route del default 2>/dev/null; ip route add default via "${router%% *}" dev "$interface"; fi
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done ;;
esac
EOF
cat > "$root/etc/openecs/boot" <<'EOF'
#!/bin/sh
# Runs once per boot (busybox init's sysinit): mounts, network, the seed's first-boot work, SSH, then the marker.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sys /sys 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
hostname -F /etc/hostname
# As on Debian: unprivileged ICMP sockets for every group (busybox's own ping still needs root: sudo ping).
echo "0 2147483647" > /proc/sys/net/ipv4/ping_group_range
syslogd -O /var/log/messages
acpid -c /etc/acpi -l /var/log/acpid.log
/etc/openecs/network
/etc/openecs/first-boot
# Host keys stay on the disk: a client's known_hosts entry holds across reboots.
for t in ed25519 ecdsa; do
  [ -s /etc/dropbear/dropbear_${t}_host_key ] || dropbearkey -t $t -f /etc/dropbear/dropbear_${t}_host_key >/dev/null 2>&1
done
root_login=; [ -f /etc/openecs/no-root-login ] && root_login=-w
dropbear -R $root_login -p 22 -P /run/dropbear.pid
# Ready means ready to log in: wait until port 22 (0x0016) is listening.
for _ in $(seq 50); do grep -q ':0016 00000000:0000 0A' /proc/net/tcp /proc/net/tcp6 2>/dev/null && break; usleep 100000; done
echo "OPENECS-READY $(hostname)"
EOF
cat > "$root/etc/openecs/network" <<'EOF'
#!/bin/sh
# The seed's network-config (bridge mode: a static pool address) or DHCP (user mode: QEMU's own DHCP server).
ip link set lo up
nic=$(ls /sys/class/net | grep -v '^lo$' | head -n 1)
[ -n "$nic" ] || { echo "openecs: no network interface"; exit 0; }
ip link set "$nic" up
cfg=/run/openecs/seed/network-config
address=; gateway=
if [ -f $cfg ]; then
  address=$(sed -n 's/^ *address: *\([0-9./]*\).*/\1/p' $cfg | head -n 1)
  gateway=$(sed -n 's/^ *gateway: *\([0-9.]*\).*/\1/p' $cfg | head -n 1)
fi
if [ -n "$address" ]; then
  ip addr add "$address" dev "$nic"
  [ -n "$gateway" ] && ip route add default via "$gateway" dev "$nic" && echo "nameserver $gateway" > /etc/resolv.conf
else
  udhcpc -i "$nic" -s /etc/openecs/udhcpc -t 10 -T 1 -A 3 -b -S >/dev/null 2>&1
fi
EOF
cat > "$root/etc/openecs/first-boot" <<'EOF'
#!/bin/sh
# Once per instance (its instance-id differs from the one done): hostname, users, keys, password, sudo; then the user
# script, once. Reads the NoCloud files OpenECS writes: meta-data, and user-data as one cloud-config or a MIME
# multipart of a cloud-config and the user's script.
seed=/run/openecs/seed
[ -f $seed/meta-data ] || { hostname -F /etc/hostname; exit 0; }
field() { sed -n "s/^$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *\$/\1/p" $seed/meta-data | head -n 1; }
instance=$(field instance-id)
done_file=/var/lib/openecs/instance-id
[ -n "$instance" ] && [ "$(cat $done_file 2>/dev/null)" = "$instance" ] && exit 0

name=$(field local-hostname)
if [ -z "$name" ]; then
  for arg in $(cat /proc/cmdline); do
    case $arg in ds=nocloud*) name=$(echo "$arg" | tr ';' '\n' | sed -n 's/^h=//p') ;; esac
  done
fi
name=${name:-openecs}
echo "$name" > /etc/hostname
hostname "$name"
printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$name" > /etc/hosts

# user-data: split a multipart into its parts (part.N with part.N.type), or take it whole.
parts=/run/openecs/parts
rm -rf $parts; mkdir -p $parts; chmod 700 $parts
if [ -f $seed/user-data ]; then
  if head -n 1 $seed/user-data | grep -qi '^content-type: *multipart/'; then
    boundary=$(head -n 1 $seed/user-data | sed -n 's/.*boundary="\{0,1\}\([^";]*\)"\{0,1\}.*/\1/p')
    awk -v b="--$boundary" -v dir=$parts '
      $0 == b "--" { if (out) close(out); out = ""; exit }
      $0 == b { if (out) close(out); n++; out = dir "/part." n; head = 1; printf "" > out; next }
      !n { next }
      head && /^[ \t]*$/ { head = 0; next }
      head && tolower($0) ~ /^content-type:/ { t = tolower($0); sub(/^content-type: */, "", t); sub(/;.*/, "", t); print t > (out ".type"); close(out ".type"); next }
      head && tolower($0) ~ /^content-transfer-encoding: *base64/ { print "base64" > (out ".enc"); close(out ".enc"); next }
      head { next }
      { print > out }
    ' $seed/user-data
  else
    cp $seed/user-data $parts/part.1
    if head -n 1 $parts/part.1 | grep -q '^#!'; then echo text/x-shellscript; else echo text/cloud-config; fi > $parts/part.1.type
  fi
fi
for e in $parts/part.*.enc; do
  [ -f "$e" ] || continue
  base64 -d "${e%.enc}" > "${e%.enc}.raw" && mv "${e%.enc}.raw" "${e%.enc}"
done
config=
script=
for t in $parts/part.*.type; do
  [ -f "$t" ] || continue
  case $(cat "$t") in
    text/cloud-config) [ -z "$config" ] && config=${t%.type} ;;
    text/x-shellscript) [ -z "$script" ] && script=${t%.type} ;;
  esac
done

# The default user, as the seed's cloud-config names it (users: - name: ...), with its keys, password and sudo rule.
if [ -n "$config" ]; then
  value() { sed -n "s/^$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *\$/\1/p" "$config" | head -n 1; }
  user=$(value '  - name')
  if [ -n "$user" ] && ! grep -q "^$user:" /etc/passwd; then
    uid=1000; while cut -d: -f3 /etc/passwd | grep -qx $uid; do uid=$((uid + 1)); done
    shell=$(value '    shell'); [ -x "${shell:-/bin/bash}" ] || shell=/bin/sh
    echo "$user:x:$uid:$uid:$user:/home/$user:${shell:-/bin/bash}" >> /etc/passwd
    echo "$user:x:$uid:" >> /etc/group
    echo "$user:*:19000:0:99999:7:::" >> /etc/shadow
    mkdir -p /home/$user
    chown $uid:$uid /home/$user; chmod 750 /home/$user
  fi
  if [ -n "$user" ]; then
    home=/home/$user
    uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' /etc/passwd)
    hash=$(value '    passwd')
    if [ -n "$hash" ]; then
      awk -F: -v OFS=: -v u="$user" -v h="$hash" '$1 == u { $2 = h } { print }' /etc/shadow > /etc/shadow.new
      cat /etc/shadow.new > /etc/shadow; rm -f /etc/shadow.new
    fi
    rule=$(value '    sudo')
    if [ -n "$rule" ]; then echo "$user $rule" > /etc/sudoers.d/90-openecs; chmod 440 /etc/sudoers.d/90-openecs; fi
    mkdir -p $home/.ssh
    awk '/^    ssh_authorized_keys:/ { on = 1; next } on && /^      - / { sub(/^      - *"?/, ""); sub(/" *$/, ""); print; next } { on = 0 }' \
      "$config" > $home/.ssh/authorized_keys
    chmod 700 $home/.ssh; chmod 600 $home/.ssh/authorized_keys
    chown -R "$uid:$uid" $home/.ssh
  fi
  if [ "$(value disable_root)" = true ]; then touch /etc/openecs/no-root-login; else rm -f /etc/openecs/no-root-login; fi
fi
# meta-data's public-keys are root's (when the seed does not disable root).
mkdir -p /root/.ssh; chmod 700 /root/.ssh
if [ ! -f /etc/openecs/no-root-login ]; then
  sed -n 's/^ *- *"\(.*\)"$/\1/p' $seed/meta-data > /root/.ssh/authorized_keys
else
  : > /root/.ssh/authorized_keys
fi
chmod 600 /root/.ssh/authorized_keys

[ -n "$instance" ] && echo "$instance" > $done_file
sync
# The user's script, once per instance: marked done before it runs, so a script that powers the VM off is not rerun.
if [ -n "$script" ]; then
  chmod 700 "$script"
  ( cd /root && "$script" ) > /var/log/user-data.log 2>&1
  echo "user-data exited $?" >> /var/log/user-data.log
fi
EOF
chmod 755 "$root"/etc/openecs/* "$root/etc/acpi/PWRF/00000080"

# ---- the initramfs: modules for the virtio disk, NIC and the ACPI button, then / from the disk ----
initrd=$work/initrd
mkdir -p "$initrd"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$root/bin/busybox" "$initrd/bin/busybox"
# Modules in dependency order, from each module's own modinfo (depends= and softdep pre:), as no modules.dep ships.
declare -A module_path=() loaded=()
while read -r ko; do n=$(basename "$ko" .ko); module_path[${n//-/_}]=$ko; done < <(cd "$modules" && find kernel -name '*.ko')
order=()
add_module() {
  local name=${1//-/_} dep
  [[ -n ${loaded[$name]:-} ]] && return
  loaded[$name]=1
  [[ -n ${module_path[$name]:-} ]] || return 0   # built into the kernel
  for dep in $(tr '\0' '\n' < "$modules/${module_path[$name]}" | sed -n 's/^depends=//p' | tr ',' ' ') \
             $(tr '\0' '\n' < "$modules/${module_path[$name]}" | sed -n 's/^softdep=pre: *//p' | sed 's/crypto-//g'); do
    add_module "$dep"
  done
  order+=("$name")
}
for m in virtio_pci virtio_blk virtio_net virtio_rng crc32c_generic ext4 button evdev; do add_module "$m"; done
for m in "${order[@]}"; do cp "$modules/${module_path[$m]}" "$initrd/lib/modules/$m.ko"; done
printf '%s\n' "${order[@]}" > "$initrd/lib/modules/order"
cat > "$initrd/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko 2>/dev/null; done
for _ in $(seq 100); do [ -b /dev/vda ] && break; usleep 50000; done
if ! mount -t ext4 -o rw /dev/vda /newroot; then
  echo "OPENECS-NO-DISK: the VM's disk (/dev/vda) did not mount"
  exec sh
fi
# The seed (appended to this initramfs by OpenECS) moves to the new root's /run, readable by root only.
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /newroot/run
mkdir -p /newroot/run/openecs
chmod 700 /newroot/run/openecs
[ -d /seed ] && cp -a /seed /newroot/run/openecs/seed
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
EOF
chmod 755 "$initrd/init"

# ---- the image folder, replaced whole so that a failed build leaves the previous image ----
next=$out/.openecs-tiny.new
rm -rf "$next"
mkdir -p "$next"
cp "kernel/boot/vmlinuz-$release" "$next/vmlinuz"
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -9) > "$next/initrd.img"
mkfs.ext4 -q -F -L openecs-root -d "$root" "$work/disk.raw" 256M >/dev/null
qemu-img convert -O qcow2 "$work/disk.raw" "$next/disk.qcow2"
cat > "$next/image.json" <<JSON
{
  "name": "openecs-tiny",
  "label": "OpenECS tiny test image (Debian kernel $release, busybox, dropbear)",
  "disk": "disk.qcow2",
  "kernel": "vmlinuz",
  "initrd": "initrd.img",
  "cmdline": "console=ttyS0 quiet panic=-1",
  "seed": "initrd",
  "ready_marker": "OPENECS-READY",
  "default_user": "ecuser",
  "required_disk_gb": 1
}
JSON
echo "$stamp" > "$next/stamp"
rm -rf "$dest.old"
[[ -d $dest ]] && mv "$dest" "$dest.old"
mv "$next" "$dest"
rm -rf "$dest.old"
echo "built $dest"
