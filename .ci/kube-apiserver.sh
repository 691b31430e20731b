#!/usr/bin/env bash
# Provides a real kube-apiserver 1.20.2 and etcd for tests on loopback (see K8S-TESTING notes): prints the directory
# holding both binaries on the last line of stdout. Nothing is written inside the repository.
# etcd comes from Debian's etcd-server package. kube-apiserver is not packaged as a binary, so it is built from
# Debian bookworm's `kubernetes` source package (dependencies vendored) with Debian's Go, fetched through a private
# deb-src list; the build tree lives under ~/.cache/bdpaas and is removed afterwards. Takes several minutes once.
set -euo pipefail

bin="${BDPAAS_K8S_BIN:-$HOME/.cache/bdpaas/k8s-1.20.2/bin}"
log() { echo "kube-apiserver.sh: $*" >&2; }

# The stamp marks a kube-apiserver built with the reflect2 fix below; one built without it is rebuilt.
stamp="$bin/kube-apiserver.reflect2-1.0.2"
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/etcd" ] && [ -f "$stamp" ]; then
  echo "$bin"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    log "apt-get update"
    apt-get update -qq >&2
    apt_updated=true
  fi
  log "apt-get install $*"
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

mkdir -p "$bin"

# etcd
if [ ! -x "$bin/etcd" ]; then
  if [ ! -x /usr/bin/etcd ]; then
    apt_install etcd-server
  fi
  install -m 0755 /usr/bin/etcd "$bin/etcd"
  log "etcd: $("$bin/etcd" --version | head -1)"
fi

if [ -x "$bin/kube-apiserver" ] && [ -f "$stamp" ]; then
  echo "$bin"
  exit 0
fi

# Build tools from Debian.
needed=()
command -v go >/dev/null 2>&1 || needed+=(golang-go)
command -v rsync >/dev/null 2>&1 || needed+=(rsync)
command -v make >/dev/null 2>&1 || needed+=(make)
command -v dpkg-source >/dev/null 2>&1 || needed+=(dpkg-dev)
reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
[ -f "$reflect2/go_above_118.go" ] || needed+=(golang-github-modern-go-reflect2-dev)
if [ ${#needed[@]} -gt 0 ]; then
  apt_install "${needed[@]}"
fi

# The Debian mirror the machine already uses (deb822 .sources files, then one-line .list files).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")"
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    mirror="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\// && $i ~ /\/debian\/?$/) { print $i; exit } }' "$f")"
    [ -n "$mirror" ] && break
  done
fi
mirror="${mirror:-http://deb.debian.org/debian}"

cache="$HOME/.cache/bdpaas"
mkdir -p "$cache"
work="$(mktemp -d "$cache/k8s-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building kube-apiserver in $work (mirror $mirror)"

# A private apt configuration: only bookworm's deb-src, own lists and cache, the system's apt state is untouched.
# apt verifies the source package's checksums against the signed Release file.
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb-src [signed-by=$keyring] $mirror bookworm main" >"$work/sources.list"
mkdir -p "$work/lists/partial" "$work/apt-cache/archives/partial" "$work/src"
apt_private=(-o APT::Sandbox::User=root -o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/apt-cache")
apt-get "${apt_private[@]}" update -qq >&2
(cd "$work/src" && apt-get "${apt_private[@]}" source --download-only -qq kubernetes >&2)
dsc="$(ls "$work"/src/kubernetes_*.dsc)"
log "unpacking $(basename "$dsc")"
dpkg-source -x "$dsc" "$work/kubernetes" >&2

cd "$work/kubernetes"
# Kubernetes 1.20 vendors github.com/modern-go/reflect2 1.0.1, which breaks under Go >= 1.18: the server panics
# (nil pointer in reflect2.(*frozenConfig).Type2) on the first JSON encoding or decoding of any map, i.e. any object
# with labels, ConfigMap data or ResourceQuota hard limits. reflect2 1.0.2 (Debian's package) fixes it and has the
# same API; only the vendored sources are swapped (vendor/modules.txt keeps its version, which -mod=vendor allows).
rm -rf vendor/github.com/modern-go/reflect2
mkdir -p vendor/github.com/modern-go/reflect2
find "$reflect2" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' \
  -exec cp {} vendor/github.com/modern-go/reflect2/ \;
mkdir -p .go/src/k8s.io
ln -s ../../.. .go/src/k8s.io/kubernetes
log "make WHAT=cmd/kube-apiserver ($(go version))"
GOPATH="$PWD/.go" GOCACHE="$work/go-build" CGO_ENABLED=0 GOPROXY=off make WHAT=cmd/kube-apiserver >&2
built="$(find _output -type f -name kube-apiserver -perm -u+x | head -1)"
[ -n "$built" ] || { log "no kube-apiserver binary under _output"; exit 1; }
install -m 0755 "$built" "$bin/kube-apiserver"
touch "$stamp"
log "kube-apiserver: $("$bin/kube-apiserver" --version)"
cd /
echo "$bin"
