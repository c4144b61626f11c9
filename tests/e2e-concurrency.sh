#!/bin/bash
# Races through Debian's real mdevctl 1.2.0 with virt-ap-check: K parallel
# "mdevctl define" (and "modify --auto") of mutually conflicting autostart
# definitions, many rounds: exactly one wins each round, the others are
# refused with a message, no definition is torn, nobody waits for a lock
# timeout.  Then mdevctl killed at every one of its syscalls in a define,
# the pre -> post window included: the next command proceeds.
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

# mdevctl killed at every one of its syscalls in a define, the whole pre ->
# post window included (its callouts then run on as orphans): the lock is
# never left held by a live process, and the next define proceeds at once.
# strace counts injections per syscall, so the n-th syscall of the run is
# hit as the k-th call of its name; one chrooted shell runs every kill.
inroot sh -c "printf '%s' '$(printf "$JSON" manual)' | strace -o /tmp/define.trace -e trace=all mdevctl define -p matrix -u 0ddba110-0000-4000-8000-000000000002 --jsonfile /dev/stdin"
rm -f "$M/0ddba110-0000-4000-8000-000000000002"
awk -F'(' '/^[a-z0-9_]+\(/ { k[$1]++; print $1, k[$1] }' "$R/tmp/define.trace" >"$R/tmp/points"
nsys=$(grep -c . "$R/tmp/points")
cat >"$R/tmp/killall.sh" <<'SCRIPT'
json=$1 lock=/run/lock/s390apconfig.lock
while read -r name k; do
    u=$(printf 'dead%04x-0000-4000-8000-000000000001' "$k")
    printf '%s' "$json" | strace -o /dev/null -e trace="$name" -e inject="$name:signal=KILL:when=$k" \
        mdevctl define -p matrix -u "$u" --jsonfile /dev/stdin >/dev/null 2>&1
    rc=$?
    for i in $(seq 100); do pgrep -f "virt-ap-check.*-u $u" >/dev/null || break; sleep 0.02; done
    live=0; left=0
    if [ -e "$lock" ]; then left=1; kill -0 "$(cat "$lock")" 2>/dev/null && live=1; fi
    rm -f "/etc/mdevctl.d/matrix/$u"
    start=$(date +%s%N)
    printf '%s' "$json" | mdevctl define -p matrix -u 0ddba110-0000-4000-8000-000000000001 --jsonfile /dev/stdin >/dev/null 2>&1
    next=$?
    echo "$name $k rc=$rc left=$left live=$live next=$next ms=$(( ($(date +%s%N) - start) / 1000000 ))"
    rm -f /etc/mdevctl.d/matrix/0ddba110-0000-4000-8000-000000000001
done </tmp/points
SCRIPT
inroot sh /tmp/killall.sh "$(printf "$JSON" manual)"
out=$(grep -E '^[a-z0-9_]+ [0-9]+ rc=' <<<"$out")   # the shell's "Killed" notes aside
killed=$(grep -c 'rc=137' <<<"$out")
leftlock=$(grep -c 'left=1' <<<"$out")
heldlive=$(grep -c 'live=1' <<<"$out")
stuck=$(grep -vc 'next=0 ms=[0-9]\{1,4\}$' <<<"$out")
echo "  mdevctl killed at each of its $nsys syscalls: $killed killed, $leftlock left the lock (to a dead PID)"
grep -v 'rc=137 left=[01] live=0 next=0 ms=[0-9]\{1,4\}$' <<<"$out" | sed 's/^/  not as expected: /'
killed=$(grep -c 'rc=137' <<<"$out")
# a run's syscalls vary a little (mdevctl 1.4 read 20 times in the traced
# run, 19 times in another): a point past the end is not reached and the
# define simply succeeds; nearly every point must have killed it
check "mdevctl killed at every syscall of a define: the lock is never held by a live process" \
    test "$heldlive" -eq 0 -a "$killed" -ge $((nsys * 97 / 100)) -a "$leftlock" -gt 0
check "... and the next define always proceeds at once (under 10 s)" test "$stuck" -eq 0
check "... no lock is left at the end" test ! -e "$R/run/lock/s390apconfig.lock"
finish
