#!/bin/bash
# "make install DESTDIR=D" puts the CLI, the callout's front in both mdevctl
# callout directories and the full callout in pkglibexecdir, the man pages
# and the bash completion where the build was configured to put them (by
# default the callout directories are absolute, whatever --prefix is).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
build=${abs_top_builddir:-$here/..}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
var() { # the value of a make variable of the build
    printf 'print-var:\n\t@echo $(%s)\n' "$1" | make -s --no-print-directory -C "$build" -f Makefile -f - print-var 2>/dev/null | tail -n 1
}
bindir=$(var bindir) mandir=$(var mandir) completions=$(var bashcompletiondir)
pkglibexecdir=$(var pkglibexecdir) frontldflags=$(var FRONT_LDFLAGS) calloutldflags=$(var CALLOUT_LDFLAGS)
callouts=$(var mdevctlcalloutdir) legacy=$(var mdevctllegacycalloutdir)

out=$(make -C "$build" --no-print-directory install DESTDIR="$D" 2>&1) || echo "$out"
check "virt-ap in $bindir" test -x "$D$bindir/virt-ap"
check "callout for mdevctl >= 1.3 in $callouts" test -x "$D$callouts/virt-ap-check"
check "callout for mdevctl 1.2 in $legacy" test -x "$D$legacy/virt-ap-check"
check "the full callout in $pkglibexecdir" test -x "$D$pkglibexecdir/virt-ap-check"
check "... alone there" test "$(ls "$D$pkglibexecdir")" = virt-ap-check
check "exactly one entry in each callout directory" \
    test "$(find "$D$callouts" -mindepth 1 | wc -l) $(find "$D$legacy" -mindepth 1 | wc -l)" = "1 1"
check "man pages" test -f "$D$mandir/man1/virt-ap.1" -a -f "$D$mandir/man8/virt-ap-check.8"
check "bash completion" test -f "$D$completions/virt-ap"
check "installed virt-ap runs" contains "$("$D$bindir/virt-ap" --version)" "virt-ap "
"$D$callouts/virt-ap-check" -t other -e pre -a define -s none \
    -u 11111111-2222-4333-8444-000000000001 -p matrix </dev/null
check "installed callout answers the protocol" test $? -eq 2
if [ "$frontldflags" = -static ]; then
    check "the front is linked statically (docs/performance.md)" \
        eval 'LC_ALL=C ldd "$D$callouts/virt-ap-check" 2>&1 | grep -q "not a dynamic executable"'
fi
if [ "$calloutldflags" = -static ]; then
    check "the full callout is linked statically (docs/performance.md)" \
        eval 'LC_ALL=C ldd "$D$pkglibexecdir/virt-ap-check" 2>&1 | grep -q "not a dynamic executable"'
fi
check "the full callout does not link libxml2" lacks "$(ldd "$D$pkglibexecdir/virt-ap-check")" libxml2
check "... nor libvirt" lacks "$(ldd "$D$pkglibexecdir/virt-ap-check")" libvirt
if [ ! -e "$pkglibexecdir/virt-ap-check" ]; then
    out=$(LC_ALL=C "$D$callouts/virt-ap-check" -t vfio_ap-passthrough -e pre -a define -s none \
          -u 11111111-2222-4333-8444-000000000001 -p matrix 2>&1 </dev/null); rc=$?
    check "a front whose full callout is missing vetoes (1, never 2), naming it" \
        test "$rc" -eq 1 -a "$out" = "cannot run '$pkglibexecdir/virt-ap-check': No such file or directory"
fi
out=$(make -C "$build" --no-print-directory uninstall DESTDIR="$D" 2>&1) || echo "$out"
check "uninstall leaves no file behind" test -z "$(find "$D" -type f)"
finish
