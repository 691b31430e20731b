#!/usr/bin/env bash
# Builds the control plane's container base image (Debian bookworm minbase + openjdk-17-jre-headless)
# as a `docker save`-format tarball, so that Jib can use it offline: <from><image>tar:///path</image></from>.
# Needs root (debootstrap, chroot, unshare) and the Debian mirror the machine's apt already uses.
# Idempotent: does nothing if $BDPAAS_BASE_IMAGE exists. Never writes in the repository.
# Prints the tarball's path as the last line of stdout; progress goes to stderr.
set -euo pipefail
umask 022

target="${BDPAAS_BASE_IMAGE:-$HOME/.cache/bdpaas/base-image/debian-bookworm-jre17.tar}"
suite=bookworm
repo_tag="bdpaas/base:bookworm-jre17"
java_home=/usr/lib/jvm/java-17-openjdk-amd64
packages="openjdk-17-jre-headless,ca-certificates"

log() { echo "base-image: $*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -s "$target" ]; then
  printf '%s\n' "$target"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap and chroot need it)"
[ "$(dpkg --print-architecture)" = amd64 ] || die "only amd64 hosts are supported"

mkdir -p "$(dirname "$target")" "$HOME/.cache/bdpaas"
# Serialise concurrent runs; the second one finds the finished tarball.
exec 9>"$target.lock"
flock 9
if [ -s "$target" ]; then
  printf '%s\n' "$target"
  exit 0
fi

# --- Which mirror? The one the host's apt sources use (one-line .list and deb822 .sources files). ---
apt_sources() { # prints "URI SUITE" for every enabled binary source
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'function flush(   i, j, u, s, nu, ns) {
           if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
             nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
             for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) if (u[i] != "" && s[j] != "") print u[i], s[j]
           }
           types = uris = suites = enabled = ""
         }
         /^[ \t]*#/ { next }
         /^[ \t]*$/ { flush(); next }
         { key = tolower($0); sub(/:.*/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
           if (key == "types") types = val; else if (key == "uris") uris = val
           else if (key == "suites") suites = val; else if (key == "enabled") enabled = val }
         END { flush() }' "$f"
  done
}
sources="$(apt_sources | sed 's#/*  *# #')"
mirror="${BDPAAS_DEBIAN_MIRROR:-$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$sources")}"
mirror="${mirror:-http://deb.debian.org/debian}"
security="${BDPAAS_DEBIAN_SECURITY_MIRROR:-$(awk -v s="$suite-security" '$2 == s { print $1; exit }' <<<"$sources")}"
updates="$(awk -v s="$suite-updates" '$2 == s { print $1; exit }' <<<"$sources")"
log "mirror $mirror${updates:+ (+$suite-updates)}${security:+, security $security}"

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
fi

# --- Work area; every mount below lives in a private mount namespace (unshare), so none outlives its command. ---
work="$(mktemp -d "$HOME/.cache/bdpaas/base-image-build.XXXXXX")"
partial="$target.partial.$$"
cleanup() {
  rm -f "$partial"
  if grep -qF " $work/" /proc/mounts; then
    log "warning: something is still mounted under $work; leaving it for manual removal"
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT
root="$work/rootfs"
mkdir "$root"

log "debootstrap --variant=minbase $suite (a few minutes)"
unshare --mount --propagation private \
  debootstrap --variant=minbase --arch=amd64 "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

# apt inside the image: same mirror, plus updates and security so the JRE carries the current fixes.
{
  echo "deb $mirror $suite main"
  [ -z "$updates" ] || echo "deb $updates $suite-updates main"
  [ -z "$security" ] || echo "deb $security $suite-security main"
} >"$root/etc/apt/sources.list"
# No docs/man pages/locales from here on, in this build and in images derived from this one.
cat >"$root/etc/dpkg/dpkg.cfg.d/01-bdpaas-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
path-exclude=/usr/share/lintian/*
EOF
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/01-bdpaas-norecommends"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 0755 "$root/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"

log "installing ${packages//,/ } in the chroot"
# openjdk's and ca-certificates-java's maintainer scripts want /proc and /dev: give them a fresh /proc
# (own PID namespace) and the host's /dev, both private to this command.
unshare --mount --propagation private --pid --fork --mount-proc="$root/proc" \
  sh -c 'mount --rbind /dev "$1/dev" && exec chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
           DEBIAN_FRONTEND=noninteractive LC_ALL=C sh -ec "
             apt-get update -qq
             apt-get install -y -qq $2
             apt-get purge -y -qq --auto-remove
             apt-get clean"' sh "$root" "${packages//,/ }" >"$work/apt.log" 2>&1 \
  || { tail -n 30 "$work/apt.log" >&2; die "installing packages in the chroot failed"; }
grep -qF " $root/" /proc/mounts && die "a mount leaked under $root"
[ -x "$root$java_home/bin/java" ] || die "no java in $java_home"

log "trimming"
rm -f "$root/usr/sbin/policy-rc.d"
: >"$root/etc/resolv.conf"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
  "$root"/var/lib/dpkg/*-old "$root"/var/cache/ldconfig/aux-cache "$root"/var/log/* \
  "$root"/tmp/* "$root"/var/tmp/* "$root"/root/.bash_history "$root"/dev/* "$root"/proc/* "$root"/sys/*
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true

# --- Pack: one uncompressed layer + config + manifest.json, like `docker save` (legacy layout). ---
log "packing"
pack="$work/pack"
mkdir "$pack"
(cd "$root" && tar --numeric-owner --sort=name -cf "$pack/layer.tar" -- $(ls -A))
rm -rf --one-file-system "$root"
diff_id="$(sha256sum "$pack/layer.tar" | cut -d' ' -f1)"
mkdir "$pack/$diff_id"
mv "$pack/layer.tar" "$pack/$diff_id/layer.tar"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf '%s' "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"$created\",\
\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"JAVA_HOME=$java_home\",\"LANG=C.UTF-8\"],\
\"Cmd\":[\"/bin/bash\"]},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]},\
\"history\":[{\"created\":\"$created\",\"created_by\":\"debootstrap --variant=minbase $suite $mirror + apt-get install ${packages//,/ } (.ci/base-image.sh)\"}]}" \
  >"$pack/config.json"
config_id="$(sha256sum "$pack/config.json" | cut -d' ' -f1)"
mv "$pack/config.json" "$pack/$config_id.json"
printf '%s' "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"$repo_tag\"],\"Layers\":[\"$diff_id/layer.tar\"]}]" >"$pack/manifest.json"
tar -C "$pack" -cf "$partial" manifest.json "$config_id.json" "$diff_id/layer.tar"
mv -f "$partial" "$target"
log "wrote $target ($(du -h "$target" | cut -f1))"
printf '%s\n' "$target"
