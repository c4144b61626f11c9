#!/bin/bash
# Races through Debian's real mdevctl (1.2.0 or 1.4.0) with virt-ap-check: K parallel
# "mdevctl define" (and "modify --auto") of mutually conflicting autostart
# definitions, many rounds: exactly one wins each round, the others are
# refused with a message, no definition is torn, nobody waits for a lock
# timeout.  Then mdevctl killed between pre and post (strace kills it at
# successive syscalls of a define): the next command proceeds.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/lib/mdevctl-root.sh"
need_root "e2e-concurrency"
build=${abs_top_builddir:-$here/..}
ROUNDS=${ROUNDS:-15}
K=${K:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mdevctl_root_build "$work/root" "$build/tools/virt-ap-check"
M=$R/etc/mdevctl.d/matrix
JSON='{"mdev_type":"vfio_ap-passthrough","start":"%s","attrs":[{"assign_adapter":"2"},{"assign_domain":"0x33"}]}'

# race ROUND CMD-TEMPLATE: K copies at once, %U replaced by each UUID; sets
# $wins, $refused (with the message) and $slowest (ms)
race() {
    local round=$1 template=$2 i u start end
    wins=0 refused=0 slowest=0
    start=$(date +%s%N)
    for i in $(seq 1 "$K"); do
        u=$(printf '%08x-0000-4000-8000-%012x' "$round" "$i")
        inroot_bg "$work/out.$i" sh -c "${template//%U/$u}"
    done
    wait
    end=$(date +%s%N)
    slowest=$(( (end - start) / 1000000 ))
    for i in $(seq 1 "$K"); do
        if grep -q '^rc=0$' "$work/out.$i"; then
            wins=$((wins + 1))
        elif grep -q 'is also in autostart definition' "$work/out.$i"; then
            refused=$((refused + 1))
        fi
    done
}

bad_rounds=0 torn=0 slow=0
for round in $(seq 1 "$ROUNDS"); do
    race "$round" "printf '%s' '$(printf "$JSON" auto)' | mdevctl define -p matrix -u %U --jsonfile /dev/stdin"
    [ "$wins" -eq 1 ] && [ "$refused" -eq $((K - 1)) ] || { bad_rounds=$((bad_rounds + 1)); cat "$work"/out.*; }
    [ "$slowest" -lt 10000 ] || slow=$((slow + 1))
    for f in "$M"/*; do python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f" || torn=$((torn + 1)); done
    # clean up the winner for the next round
    for f in "$M"/"$(printf '%08x' "$round")"-*; do [ -e "$f" ] && rm "$f"; done
done
check "$ROUNDS rounds of $K parallel conflicting autostart defines: exactly one wins, the rest refused with the message" \
    test "$bad_rounds" -eq 0
check "... no definition file is torn" test "$torn" -eq 0
check "... no round waited for a lock timeout (each under 10 s)" test "$slow" -eq 0
check "... and the lock is free afterwards" test ! -e "$R/run/lock/s390apconfig.lock"

bad_rounds=0
for round in $(seq 101 $((100 + ROUNDS))); do
    for i in $(seq 1 "$K"); do
        printf "$JSON" manual >"$M/$(printf '%08x-0000-4000-8000-%012x' "$round" "$i")"
    done
    race "$round" "mdevctl modify -u %U --auto"
    autos=$(grep -l '"start": *"auto"' "$M"/"$(printf '%08x' "$round")"-* 2>/dev/null | wc -l)
    [ "$wins" -eq 1 ] && [ "$autos" -eq 1 ] && [ "$refused" -eq $((K - 1)) ] || bad_rounds=$((bad_rounds + 1))
    rm -f "$M"/"$(printf '%08x' "$round")"-*
done
check "$ROUNDS rounds of $K parallel 'modify --auto' of overlapping manual definitions: exactly one becomes autostart" \
    test "$bad_rounds" -eq 0

# mdevctl killed at its n-th syscall: sometimes between the callout's pre
# (lock taken for mdevctl) and post; the lock must then be stale, not stuck
killed=0 stuck=0 leftlock=0 n=0
for n in $(seq 1 120); do
    u=$(printf 'dead%04x-0000-4000-8000-000000000001' "$n")
    inroot sh -c "printf '%s' '$(printf "$JSON" manual)' | strace -o /dev/null -e trace=openat,write,close,wait4 -e inject=openat,write,close,wait4:signal=KILL:when=$n mdevctl define -p matrix -u $u --jsonfile /dev/stdin"
    [ "$rc" -ne 0 ] && killed=$((killed + 1))
    [ -e "$R/run/lock/s390apconfig.lock" ] && leftlock=$((leftlock + 1))
    rm -f "$M/$u"
    start=$(date +%s%N)
    # a lock wait longer than the 5 s allowed fails either way: bound it
    # (mdevctl passes the environment on to the callout)
    inroot env VIRT_AP_LOCK_TIMEOUT=10 sh -c "printf '%s' '$(printf "$JSON" manual)' | mdevctl define -p matrix -u 0ddba110-0000-4000-8000-000000000001 --jsonfile /dev/stdin"
    if ! { [ "$rc" -eq 0 ] && [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 5000 ]; }; then
        # one is a failure; each more would wait for the whole lock timeout
        stuck=$((stuck + 1))
        echo "  after the define killed at syscall $n, the next define took $(( ($(date +%s%N) - start) / 1000000 )) ms (rc=$rc; lock names PID $(cat "$R/run/lock/s390apconfig.lock" 2>/dev/null)):"
        echo "$out" | sed 's/^/    /'
        break
    fi
    rm -f "$M/0ddba110-0000-4000-8000-000000000001"
done
echo "  mdevctl killed in $killed of $n defines, $leftlock of them between pre and post (lock left behind)"
check "after an mdevctl killed mid-define, the next define proceeds at once (stale lock)" \
    test "$stuck" -eq 0 -a "$killed" -gt 5 -a "$leftlock" -gt 0
finish
