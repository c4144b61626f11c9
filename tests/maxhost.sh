#!/bin/bash
# A maximal host (256 adapters x 256 domains of queues, 1000 mdevs), built
# by lib/mkmaxhost.py on a tmpfs in a private mount namespace: status and
# audit give the right facts.  The times are printed for information only;
# bench/ measures speed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
need_root "maxhost"
build=${abs_top_builddir:-$here/..}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unshare -m --propagation private bash -c '
    set -u
    work=$1 here=$2 build=$3
    . "$here/lib/testlib.sh"
    mount -t tmpfs maxhost "$work" || exit 1
    python3 "$here/lib/mkmaxhost.py" "$work/root" 1000 || exit 1
    export VIRT_AP_ROOT=$work/root
    nolibvirt="qemu+unix:///system?socket=$work/none"
    start=$(date +%s%N)
    "$build/tools/virt-ap" status --json -c "$nolibvirt" >"$work/status.json"; rc=$?
    echo "  status --json: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(wc -c <"$work/status.json") bytes"
    check "status --json on the maximal host succeeds" test "$rc" -eq 0
    facts=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d[\"cards\"]), len(d[\"apqns\"]), len(d[\"mdevs\"]), sum(q[\"owner\"] == \"mdev\" for q in d[\"apqns\"]), sum(q[\"owner\"] == \"free\" for q in d[\"apqns\"]))" "$work/status.json")
    check "... 256 cards, 65536 APQNs, 1000 mdevs, 8000 APQNs in mdevs, the rest free" test "$facts" = "256 65536 1000 8000 57536"
    start=$(date +%s%N)
    lines=$("$build/tools/virt-ap" status --no-color -c "$nolibvirt" | wc -l)
    echo "  status (text): $(( ($(date +%s%N) - start) / 1000000 )) ms"
    check "... the grid has a row per adapter and a line per mdev" test "$lines" -gt 1256
    start=$(date +%s%N)
    out=$("$build/tools/virt-ap" audit -c "$nolibvirt"); rc=$?
    echo "  audit: $(( ($(date +%s%N) - start) / 1000000 )) ms"
    check "audit of the consistent maximal host finds nothing" \
        eval "test \"\$rc\" -eq 0 && contains \"\$out\" \"no inconsistency found\""
    finish' bash "$work" "$here" "$build"
