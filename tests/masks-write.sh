#!/bin/bash
# The write path of "virt-ap masks": a kernel refusal is reported and a
# half-applied pair rolled back; a failed rule write undoes the active
# change; a writer killed at any point leaves 41-ap.rules whole (old or
# new); a lock held by another process makes it wait, then refuse.
# Refusals are simulated with read-only bind mounts in a private mount
# namespace (the file reads, the write fails), kills with strace's fault
# injection and with SIGKILL at random times.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
need_root "masks-write"
build=${abs_top_builddir:-$here/..}
VA=$build/tools/virt-ap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VIRT_AP_ROOT=$work/root
unset MDEVCTL_ENV_ROOT
R=$VIRT_AP_ROOT
fakehost_init "$R"
RULE=$R/etc/udev/rules.d/41-ap.rules

# ro PATH CMD...: CMD with PATH read-only, in a private mount namespace
ro() {
    local path=$1
    shift
    unshare -m --propagation private sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"' \
        sh "$path" "$@"
}

before=$(cat "$R/sys/bus/ap/apmask")
out=$(ro "$R/sys/bus/ap/aqmask" "$VA" masks --active apmask=-5 aqmask=-7 2>&1); rc=$?
check "aqmask refused by the kernel: exit 2" test "$rc" -eq 2
check "... the file and the cause are named" contains "$out" "cannot write '$R/sys/bus/ap/aqmask': Read-only file system"
check "... and the apmask already written is rolled back" test "$(cat "$R/sys/bus/ap/apmask")" = "$before"
check "... and says so" contains "$out" "the active masks were restored"

out=$(ro "$R/etc/udev/rules.d" "$VA" masks apmask=-5 2>&1); rc=$?
check "rule directory not writable: exit 2, nothing changed" \
    eval 'test "$rc" -eq 2 && test "$(cat "$R/sys/bus/ap/apmask")" = "$before" && test ! -e "$RULE"'
check "... the message says the active change was undone" contains "$out" "nothing was changed: cannot create a temporary file in"

# crash safety: the rule alternates between two contents; a writer killed
# anywhere must leave exactly one of them (and no lock that blocks the next)
"$VA" masks --persistent apmask=0-1,3-255 aqmask=0-42,44-255 >/dev/null
old=$(cat "$RULE")
new=$(sed 's/0xdfff/0xd7ff/' "$RULE")   # what apmask=0-1,3,5-255 gives
torn=0 killed=0 n=0
for n in $(seq 1 400); do
    printf '%s\n' "$old" >"$RULE"
    # the n-th call of any of these syscalls is the writer's last
    (strace -f -o /dev/null -e trace=openat,write,fsync,rename,unlink,link,close \
        -e inject=openat,write,fsync,rename,unlink,link,close:signal=KILL:when=$n \
        "$VA" masks --persistent apmask=0-1,3,5-255 >/dev/null 2>&1; exit $?) 2>/dev/null
    rc=$?
    now=$(cat "$RULE" 2>/dev/null)
    [ "$now" = "$old" ] || [ "$now" = "$new" ] || torn=$((torn + 1))
    [ "$rc" -eq 137 ] && killed=$((killed + 1))
    [ "$rc" -eq 0 ] && break
done
echo "  killed at $killed syscall points before a run completed ($n runs)"
check "strace kills at every write-path syscall: the rule is always old or new" \
    test "$torn" -eq 0 -a "$killed" -gt 20
check "... the run that was not killed wrote the new rule" test "$(cat "$RULE")" = "$new"
for i in $(seq 1 60); do
    printf '%s\n' "$old" >"$RULE"
    "$VA" masks --persistent apmask=0-1,3,5-255 >/dev/null 2>&1 &
    pid=$!
    sleep "0.00$((RANDOM % 8))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    now=$(cat "$RULE" 2>/dev/null)
    [ "$now" = "$old" ] || [ "$now" = "$new" ] || torn=$((torn + 1))
done
check "SIGKILL at random times (60 runs): the rule is always old or new" test "$torn" -eq 0
printf 'torn' >"$R/etc/udev/rules.d/.41-ap.rules.Xy12Zw"
out=$("$VA" masks --persistent apmask=0-255 2>&1); rc=$?
check "a lock left by a killed writer is taken over" test "$rc" -eq 0
check "... and a killed writer's temporary file is swept" test "$(ls -A "$R/etc/udev/rules.d")" = 41-ap.rules

sleep 300 & holder=$!
echo "$holder" >"$R/run/lock/s390apconfig.lock"
cp "$RULE" "$work/rule.before"
out=$(VIRT_AP_LOCK_TIMEOUT=1 "$VA" masks apmask=-9 2>&1); rc=$?
check "lock held by a running chzdev/callout: bounded wait, exit 2" test "$rc" -eq 2
check "... naming the holder" contains "$out" "process $holder has held it for more than 1 seconds"
check "... and nothing written" eval 'cmp -s "$RULE" "$work/rule.before" && test "$(cat "$R/sys/bus/ap/apmask")" = "$before"'
out=$("$VA" masks --dry-run apmask=-9 2>&1); rc=$?
check "a dry run does not wait for the lock" test "$rc" -eq 0
kill "$holder"; wait "$holder" 2>/dev/null
out=$("$VA" masks apmask=-9 2>&1); rc=$?
check "once the holder is gone the change goes through" contains "$out" '"0-8,10-255"'
check "... and releases the lock" test ! -e "$R/run/lock/s390apconfig.lock"

# the callout's live modify: a kernel that refuses ap_config is reported
fakehost_mdev "$R" 5eed5eed-0000-4000-8000-000000000001 "" ""
: >"$R/sys/devices/vfio_ap/matrix/5eed5eed-0000-4000-8000-000000000001/ap_config"
out=$(printf '{"mdev_type":"vfio_ap-passthrough","start":"manual","attrs":[{"assign_adapter":"9"},{"assign_domain":"7"}]}' |
      ro "$R/sys/devices/vfio_ap/matrix/5eed5eed-0000-4000-8000-000000000001/ap_config" \
      "$build/tools/virt-ap-check" -t vfio_ap-passthrough -e live -a modify -s none \
      -u 5eed5eed-0000-4000-8000-000000000001 -p matrix 2>&1); rc=$?
check "live modify whose ap_config write fails: veto naming the file and the cause" \
    eval 'test "$rc" -eq 1 && contains "$out" "ap_config'"'"': Read-only file system"'
check "... and the lock is released" test ! -e "$R/run/lock/s390apconfig.lock"

rm -rf "$R/sys/devices/vfio_ap"
out=$("$VA" masks --active apmask=+9 2>&1); rc=$?
check "masks change without vfio_ap loaded (no mdev can hold anything)" test "$rc" -eq 0
finish
