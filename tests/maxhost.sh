#!/bin/bash
# A maximal host (256 adapters x 256 domains of queues, 1000 mdevs), built
# by lib/mkmaxhost.py on a tmpfs in a private mount namespace: status and
# audit give the right facts.  Then the kernel's limit, 65536 mdevs of one
# APQN each: status, suggest and audit agree with the callout.  The times
# are printed for information only; bench/ measures speed.
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

    # 65536 mdevs (the kernel allows no more), mdev i holding APQN
    # (i % 256).(i / 256): every APQN is taken
    rm -rf "$work/root"
    python3 "$here/lib/mkmaxhost.py" "$work/root" 65536 1 || exit 1
    start=$(date +%s%N)
    "$build/tools/virt-ap" status --json -c "$nolibvirt" >"$work/status.json"; rc=$?
    echo "  65536 mdevs: status --json: $(( ($(date +%s%N) - start) / 1000000 )) ms"
    facts=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d[\"mdevs\"]), len(set(m[\"label\"] for m in d[\"mdevs\"])), sum(q[\"owner\"] == \"mdev\" for q in d[\"apqns\"]), d[\"mdevs\"][-1][\"label\"])" "$work/status.json")
    check "65536 mdevs: status has them all, each with its own label, every APQN in one" \
        test "$rc $facts" = "0 65536 65536 65536 m65536"
    holder() { python3 -c "import json,sys; print(next(q[\"mdev\"] for q in json.load(open(sys.argv[1]))[\"apqns\"] if q[\"apqn\"] == sys.argv[2]))" "$work/status.json" "$1"; }
    agree=0
    for apqn in 00.0000 7f.0080 ff.00ff 02.002b; do
        a=$((16#${apqn%.*})) d=$((16#${apqn#*.}))
        owner=$(holder "$apqn")
        for how in "start manual" "define auto"; do
            set -- $how
            out=$(printf "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"%s\",\"attrs\":[{\"assign_adapter\":\"%d\"},{\"assign_domain\":\"%d\"}]}" "$2" "$a" "$d" |
                  "$build/tools/virt-ap-check" -t vfio_ap-passthrough -e pre -a "$1" -s none \
                      -u 5ca1ab1e-0000-4000-8000-000000000001 -p matrix 2>&1); rc=$?
            if [ "$rc" -eq 1 ] && contains "$out" "APQN $apqn ($a.$d)" 2>/dev/null && contains "$out" "$owner" 2>/dev/null; then
                agree=$((agree + 1))
            else
                echo "  $apqn, pre $1: status says $owner; the callout: rc=$rc $out"
            fi
        done
    done
    check "... the callout refuses start and autostart define of an APQN, naming the mdev status names (4 APQNs)" \
        test "$agree" -eq 8
    out=$("$build/tools/virt-ap" suggest 2>&1); rc=$?
    check "... suggest finds no free APQN" \
        eval "test \"\$rc\" -eq 1 && contains \"\$out\" \"no adapter has 1 free domain\""
    start=$(date +%s%N)
    out=$("$build/tools/virt-ap" audit -c "$nolibvirt"); rc=$?
    echo "  65536 mdevs: audit: $(( ($(date +%s%N) - start) / 1000000 )) ms"
    check "... audit finds nothing (no autostart overlap among 65536 definitions)" \
        eval "test \"\$rc\" -eq 0 && contains \"\$out\" \"no inconsistency found\""
    finish' bash "$work" "$here" "$build"
