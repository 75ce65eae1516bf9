#!/usr/bin/env bash
# Builds what a user installs, into OUTDIR:
#   OUTDIR/openecs_VERSION_linux-x64/   the server, self-contained (no .NET needed to run it): ./OpenEcs.Server
#   OUTDIR/openecs_VERSION_amd64.deb    that folder under /usr/lib/openecs, the openecs user, /etc/openecs, the systemd unit
#   OUTDIR/nupkg/                       OpenEcs.Client and OpenEcs.Cli (the `ecs` .NET tool) NuGet packages
# Usage: scripts/package.sh [--version V] [--reuse-publish DIR] OUTDIR
#   --version V          package version (default: <Version> of Directory.Build.props)
#   --reuse-publish DIR  package an existing server folder instead of publishing again (and skip the NuGet packages)
# Builds in a folder of its own (--artifacts-path), never in the checkout's bin/ and obj/: a running test suite and a
# package build do not share outputs. Needs the .NET SDK and dpkg-deb (package dpkg); downloads nothing but NuGet packages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version="" reuse="" out=""
while (($#)); do
  case $1 in
    --version) version=$2; shift 2 ;;
    --reuse-publish) reuse=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "package.sh: unknown option $1" >&2; exit 2 ;;
    *) out=$1; shift ;;
  esac
done
[[ -n $out ]] || { echo "usage: scripts/package.sh [--version V] [--reuse-publish DIR] OUTDIR" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "package.sh: dpkg-deb is missing (apt-get install dpkg)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$out"
out=$(realpath "$out")
if [[ -z $version ]]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)
fi
[[ $version =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "package.sh: '$version' is not a package version" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/openecs-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { printf '== %s (%ds)\n' "$1" "$SECONDS"; }

server="$out/openecs_${version}_linux-x64"
if [[ -n $reuse ]]; then
  step "server: reusing $reuse"
  if [[ $reuse != "$server" ]]; then rm -rf "$server"; cp -a "$reuse" "$server"; fi
else
  step "server: self-contained linux-x64 publish"
  rm -rf "$server"
  # ReadyToRun: precompiled code halves the JIT work of a start (README: the numbers).
  dotnet publish "$root/src/OpenEcs.Server" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -p:SatelliteResourceLanguages=en \
    -p:Version="$version" --artifacts-path "$work/artifacts" -o "$server" -nologo -v q
  rm -f "$server"/*.pdb
fi
[[ -x $server/OpenEcs.Server ]] || { echo "package.sh: $server/OpenEcs.Server is missing" >&2; exit 1; }

step "deb: openecs_${version}_amd64.deb"
stage="$work/deb"
install -d "$stage/DEBIAN" "$stage/usr/lib" "$stage/usr/bin" "$stage/etc/openecs" "$stage/usr/lib/systemd/system" "$stage/usr/share/doc/openecs"
cp -a "$server" "$stage/usr/lib/openecs"
# The settings live in /etc (a conffile an upgrade keeps); the server reads appsettings.json beside itself.
rm -f "$stage/usr/lib/openecs/appsettings.json"
ln -s /etc/openecs/appsettings.json "$stage/usr/lib/openecs/appsettings.json"
ln -s ../lib/openecs/OpenEcs.Server "$stage/usr/bin/openecs"
install -m 0644 "$root/packaging/debian/appsettings.json" "$stage/etc/openecs/appsettings.json"
install -m 0644 "$root/packaging/systemd/openecs.service" "$stage/usr/lib/systemd/system/openecs.service"
install -m 0644 "$root/packaging/systemd/qemu.conf" "$stage/usr/share/doc/openecs/qemu.conf"
install -m 0644 "$root/README.md" "$stage/usr/share/doc/openecs/README.md"
[[ -f $root/docs/clients.md ]] && install -m 0644 "$root/docs/clients.md" "$stage/usr/share/doc/openecs/clients.md"
for script in postinst prerm postrm; do install -m 0755 "$root/packaging/debian/$script" "$stage/DEBIAN/$script"; done
install -m 0644 "$root/packaging/debian/conffiles" "$stage/DEBIAN/conffiles"
find "$stage/usr" "$stage/etc" -type d -exec chmod 0755 {} +
find "$stage/usr" "$stage/etc" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/usr/lib/openecs/OpenEcs.Server" "$stage/usr/lib/openecs/createdump" "$stage"/usr/lib/openecs/*.so
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$root/packaging/debian/control.in" > "$stage/DEBIAN/control"
deb="$out/openecs_${version}_amd64.deb"
# --root-owner-group: every file root's in the archive, without fakeroot.
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null

if [[ -z $reuse ]]; then
  step "nupkg: OpenEcs.Client and OpenEcs.Cli"
  rm -rf "$out/nupkg"
  for project in OpenEcs.Client OpenEcs.Cli; do
    dotnet pack "$root/src/$project" -c Release -p:Version="$version" --artifacts-path "$work/artifacts" -o "$out/nupkg" -nologo -v q
  done
fi
step "done"
ls -1 "$out" | sed 's/^/  /'
