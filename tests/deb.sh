#!/bin/bash
# The Debian package: dpkg-buildpackage -us -uc -b builds it from the
# sources; installed with dpkg --root into a throwaway root next to a stand-in
# for s390-tools' ap-check, it puts everything in place, diverts ap-check out
# of the callout directories, and its programs work from the installed paths;
# removed, it gives ap-check its place back.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
top=$(cd "$here/.." && pwd)
if [ -n "${VIRT_AP_TEST_UNPRIVILEGED:-}" ]; then
    echo "SKIP: no package build inside a package build"
    exit 77
fi
command -v dpkg-buildpackage >/dev/null || { echo "FAIL: dpkg-buildpackage missing (apt-get install dpkg-dev debhelper)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

src=$work/virt-ap-0.1.0
mkdir -p "$src"
# the tracked files of a git checkout; anything else (distcheck's unpacked
# tarball, which may sit inside some checkout) is copied whole
if [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
    git -C "$top" ls-files -z | tar -C "$top" --null -T - -c | tar -x -C "$src"
else
    cp -a "$top/." "$src" && chmod -R u+w "$src"   # distcheck makes its tree read-only
fi
# nocheck: the suite the package build runs is the unprivileged one, which
# CI runs on its own (.ci/run, as nobody)
(cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1)
deb=$(ls "$work"/virt-ap_*_*.deb 2>/dev/null | head -n 1)
check "dpkg-buildpackage -us -uc -b builds the package" test -n "$deb"
[ -n "$deb" ] || { tail -20 "$work/build.log"; exit 1; }
check "it depends on mdevctl" contains "$(dpkg-deb -f "$deb" Depends)" mdevctl
# each source once, in any order (dpkg-gencontrol sorts the field)
check "it says which sources its static callout holds (Built-Using)" \
    test "$(dpkg-deb -f "$deb" Built-Using | sed 's/, /\n/g' | sort)" = \
         "$(dpkg-query -f '${source:Package} (= ${source:Version})\n' -W libc6-dev libglib2.0-dev libpcre2-dev libjson-c-dev uuid-dev | sort -u)"

R=$work/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" \
         "$R/usr/lib/mdevctl/scripts.d/callouts" "$R/etc/mdevctl.d/scripts.d/callouts"
: >"$R/var/lib/dpkg/status"
printf '#!/bin/sh\nexit 255\n' >"$R/usr/lib/mdevctl/scripts.d/callouts/ap-check"
printf '#!/bin/sh\nexit 1\n' >"$R/etc/mdevctl.d/scripts.d/callouts/ap-check.sh"
chmod 755 "$R"/usr/lib/mdevctl/scripts.d/callouts/ap-check "$R"/etc/mdevctl.d/scripts.d/callouts/ap-check.sh
dpkg_root() { dpkg --root="$R" --force-script-chrootless --force-depends --force-not-root "$@" >>"$work/dpkg.log" 2>&1; }

dpkg_root -i "$deb"
check "dpkg installs it" test $? -eq 0
check "virt-ap, man pages, completion, German catalog" \
    test -x "$R/usr/bin/virt-ap" -a -f "$R/usr/share/man/man1/virt-ap.1.gz" -a \
         -f "$R/usr/share/man/man8/virt-ap-check.8.gz" -a -f "$R/usr/share/bash-completion/completions/virt-ap" -a \
         -f "$R/usr/share/locale/de/LC_MESSAGES/virt-ap.mo"
check "the callout for mdevctl >= 1.3" test -x "$R/usr/lib/mdevctl/scripts.d/callouts/virt-ap-check"
check "... linked from mdevctl 1.2's directory" \
    test "$(readlink "$R/etc/mdevctl.d/scripts.d/callouts/virt-ap-check")" = /usr/lib/mdevctl/scripts.d/callouts/virt-ap-check
check "ap-check is diverted out of both callout directories" \
    test ! -e "$R/usr/lib/mdevctl/scripts.d/callouts/ap-check" -a ! -e "$R/etc/mdevctl.d/scripts.d/callouts/ap-check.sh" -a \
         -x "$R/usr/lib/virt-ap/diverted/ap-check" -a -x "$R/usr/lib/virt-ap/diverted/ap-check.sh"
check "installed virt-ap --version" contains "$("$R/usr/bin/virt-ap" --version)" "virt-ap 0.1.0"

seedhost_build "$work/host"
CB=$R/usr/lib/mdevctl/scripts.d/callouts/virt-ap-check
# the front runs the full callout at its installed path: the package's, seen
# there in a private mount namespace (in a user namespace too when not root);
# where neither is allowed, the package's full callout is run itself
in_root_libexec() {
    local how
    for how in "" -r; do
        unshare $how -m --propagation private true 2>/dev/null || continue
        unshare $how -m --propagation private sh -c \
            'mount --bind "$1/usr/libexec" /usr/libexec && shift && exec "$@"' sh "$R" "$@"
        return
    done
    shift
    "$R/usr/libexec/virt-ap/virt-ap-check" "$@"
}
check "the callout's front runs the full callout in /usr/libexec/virt-ap" test -x "$R/usr/libexec/virt-ap/virt-ap-check"
"$CB" -t nvidia-35 -e pre -a define -s none -u 11111111-2222-4333-8444-000000000001 -p matrix </dev/null
check "installed callout: exit 2 for another type" test $? -eq 2
out=$(printf '{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"3"},{"assign_domain":"50"}]}' |
      VIRT_AP_ROOT=$work/host in_root_libexec "$CB" -t vfio_ap-passthrough -e pre -a define -s none \
          -u 11111111-2222-4333-8444-000000000001 -p matrix 2>&1); rc=$?
check "installed callout: a clash is vetoed with its message" \
    eval 'test "$rc" -eq 1 && contains "$out" "APQN 03.0032 (3.50) is kept by the host after reboot"'
out=$(VIRT_AP_ROOT=$work/host in_root_libexec "$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "$SEED_MDEV" -p matrix </dev/null)
check "installed callout: get attributes" test "$out" = '[{"assign_adapter":"2"},{"assign_domain":"43"}]'

dpkg_root -r virt-ap
check "dpkg removes it" test $? -eq 0
check "ap-check is back in both callout directories" \
    test -x "$R/usr/lib/mdevctl/scripts.d/callouts/ap-check" -a -x "$R/etc/mdevctl.d/scripts.d/callouts/ap-check.sh"
check "... with no diversion and nothing of virt-ap left" \
    eval 'test -z "$(dpkg-divert --root "$R" --list)" && test ! -e "$R/usr/bin/virt-ap" && test ! -e "$R/usr/lib/virt-ap"'
[ "$FAILED" -eq 0 ] || cat "$work/dpkg.log"
finish
