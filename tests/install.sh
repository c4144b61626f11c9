#!/bin/bash
# "make install DESTDIR=D" puts the CLI, the callout in both mdevctl callout
# directories (whatever --prefix is) and the man pages where they belong.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
build=${abs_top_builddir:-$here/..}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
out=$(make -C "$build" --no-print-directory install DESTDIR="$D" 2>&1) || echo "$out"
check "virt-ap in /usr/bin" test -x "$D/usr/bin/virt-ap"
check "callout for mdevctl >= 1.3" test -x "$D/usr/lib/mdevctl/scripts.d/callouts/virt-ap-check"
check "callout for mdevctl 1.2" test -x "$D/etc/mdevctl.d/scripts.d/callouts/virt-ap-check"
check "exactly one file in each callout directory" \
    test "$(ls "$D/usr/lib/mdevctl/scripts.d/callouts" "$D/etc/mdevctl.d/scripts.d/callouts" | grep -c virt-ap-check)" = 2
check "man pages" test -f "$D/usr/share/man/man1/virt-ap.1" -a -f "$D/usr/share/man/man8/virt-ap-check.8"
check "bash completion" test -f "$D/usr/share/bash-completion/completions/virt-ap"
check "installed virt-ap runs" contains "$("$D/usr/bin/virt-ap" --version)" "virt-ap "
"$D/usr/lib/mdevctl/scripts.d/callouts/virt-ap-check" -t other -e pre -a define -s none \
    -u 11111111-2222-4333-8444-000000000001 -p matrix </dev/null
check "installed callout answers the protocol" test $? -eq 2
check "the callout does not link libxml2" lacks "$(ldd "$D/usr/lib/mdevctl/scripts.d/callouts/virt-ap-check")" libxml2
finish
