#!/bin/bash
# Hostile inputs get a clear refusal, fast, and never a crash or a hang
# (the fixed ones live in validatedata/ and nodedevapparsedata/; these are
# made at run time).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
build=${abs_top_builddir:-$here/..}
VA=$build/tools/virt-ap
CB=$build/tools/virt-ap-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VIRT_AP_ROOT=$work/root
unset MDEVCTL_ENV_ROOT
seedhost_build "$VIRT_AP_ROOT"

# run_timed LIMIT_S CMD...: $out, $rc, $ms; a hang becomes rc 124
run_timed() {
    local limit=$1 start
    shift
    start=$(date +%s%N)
    out=$(timeout "$limit" "$@" 2>&1)
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

{ printf '{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":['
  head -c 100000000 /dev/zero | tr '\0' ' '
  printf ']}'; } >"$work/big.json"
run_timed 20 "$VA" validate "$work/big.json"
echo "  100 MB JSON refused in $ms ms"
check "a 100 MB JSON definition is refused by size (exit 2)" \
    eval 'test "$rc" -eq 2 && contains "$out" "is larger than 1048576 bytes"'
{ printf '<device><parent>ap_matrix</parent><capability type="mdev"><type id="vfio_ap-passthrough"/>'
  head -c 100000000 /dev/zero | tr '\0' 'a'
  printf '</capability></device>'; } >"$work/big.xml"
run_timed 20 "$VA" validate "$work/big.xml"
check "a 100 MB XML definition is refused by size (exit 2)" \
    eval 'test "$rc" -eq 2 && contains "$out" "is larger than 1048576 bytes"'
run_timed 20 "$CB" -t vfio_ap-passthrough -e pre -a define -s none \
    -u 11111111-2222-4333-8444-000000000001 -p matrix <"$work/big.json"
echo "  100 MB on the callout's stdin drained and refused in $ms ms"
check "100 MB on the callout's stdin: drained, then refused (exit 1)" \
    eval 'test "$rc" -eq 1 && contains "$out" "is larger than 1048576 bytes"'

printf '<device><parent>ap_matrix\xff\xfe</parent></device>' >"$work/latin.xml"
run_timed 5 "$VA" validate "$work/latin.xml"
check "non-UTF-8 XML: refused as malformed (exit 2)" \
    eval 'test "$rc" -eq 2 && contains "$out" "not well-formed XML"'
printf '{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"\xc3\x28"}]}' >"$work/latin.json"
run_timed 5 "$VA" validate "$work/latin.json"
check "non-UTF-8 JSON: refused (exit 2)" eval 'test "$rc" -eq 2 && contains "$out" "invalid utf-8"'
printf '{"mdev_type":"vfio_ap-passthrough",\0"start":"auto"}' >"$work/nul.json"
run_timed 5 "$VA" validate "$work/nul.json"
check "a NUL byte in a definition: refused by name" eval 'test "$rc" -eq 2 && contains "$out" "contains a NUL byte"'

mkfifo "$work/fifo.json"
run_timed 5 "$VA" validate "$work/fifo.json"
check "a FIFO given as definition: refused at once, no hang" \
    eval 'test "$rc" -eq 2 && contains "$out" "is not a regular file"'
run_timed 5 "$VA" validate /dev/zero
check "a device given as definition: refused, not read forever" \
    eval 'test "$rc" -eq 2 && contains "$out" "is not a regular file"'
run_timed 5 "$VA" validate "$work"
check "a directory given as definition: refused (exit 2)" \
    eval 'test "$rc" -eq 2 && contains "$out" "Is a directory"'
mkfifo "$VIRT_AP_ROOT/etc/mdevctl.d/matrix/0f1f0000-0000-4000-8000-000000000001"
run_timed 5 "$VA" validate "$here/../demo/accepted.xml"
check "a FIFO among the definitions: refused by name, no hang" \
    eval 'test "$rc" -eq 2 && contains "$out" "0f1f0000-0000-4000-8000-000000000001'"'"' is not a regular file"'
rm "$VIRT_AP_ROOT/etc/mdevctl.d/matrix/0f1f0000-0000-4000-8000-000000000001"

long=$(printf 'd36d7d0f-cf3d-4fef-bb9c-ed393954996b%.0s' $(seq 300))
run_timed 5 "$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "$long" -p matrix </dev/null
check "an overlong UUID: refused (exit 1)" eval 'test "$rc" -eq 1 && contains "$out" "is not a UUID"'
run_timed 5 "$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "../$(printf 'x%.0s' $(seq 4000))" -p matrix </dev/null
check "a path as UUID: refused (exit 1)" eval 'test "$rc" -eq 1 && contains "$out" "is not a UUID"'

rm -rf "$VIRT_AP_ROOT/sys/bus/ap"
run_timed 5 "$VA" validate --scope=start "$here/../demo/accepted.xml"
check "no AP bus in sysfs: start checks say which file is missing (exit 2)" \
    eval 'test "$rc" -eq 2 && contains "$out" "sys/bus/ap/apmask'"'"': No such file or directory"'
run_timed 5 "$VA" validate "$here/../demo/accepted.xml"
check "... while define checks, which need no sysfs masks, still answer" test "$rc" -eq 0
finish
