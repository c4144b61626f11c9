#!/bin/bash
# "virt-ap overrides" (Linux 6.19 per-queue driver_override) and "virt-ap
# masks" next to it, on fake hosts: the show, --dry-run and --json; active
# writes (driver_override, unbind, the bus's drivers_probe, the queue bound
# anew; fakehost_probe_start plays the kernel's part), driverctl's files
# written atomically in its format; the refusals (a queue an mdev or a
# definition holds, masks not all ones, no such queue, an old kernel, the
# lock); a probe that binds nothing undone; "masks" refused in override mode;
# K1: on 6.19 a mask write that sets bits is checked against every ID of the
# other mask.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
build=${abs_top_builddir:-$here/..}
VA=$build/tools/virt-ap
work=$(mktemp -d)
R=$work/root
trap 'fakehost_probe_stop "$R"; rm -rf "$work"' EXIT
export VIRT_AP_ROOT=$R
unset MDEVCTL_ENV_ROOT
UUID_A=0a0a0a0a-0000-4000-8000-000000000001
UUID_D=0d0d0d0d-0000-4000-8000-000000000002

override_host() {
    rm -rf "$R"
    fakehost_init "$R"
    fakehost_card "$R" 01 CEX7C 13 0005 0006 0007
    fakehost_card "$R" 02 CEX7C 13 0005 0006
    fakehost_bind "$R" 0-255 0-255
    fakehost_kernel619 "$R"
    fakehost_override "$R" 01.0005 vfio_ap
    fakehost_override "$R" 01.0006 vfio_ap
    fakehost_driverctl "$R" 01.0005 vfio_ap
    fakehost_driverctl "$R" 01.0006 vfio_ap
}
q() { echo "$R/sys/devices/ap/card${1%.*}/$1"; }
drv() { basename "$(readlink "$(q "$1")/driver")"; }
ovr() { cat "$(q "$1")/driver_override"; }

override_host
out=$("$VA" overrides 2>&1); rc=$?
check "show: exit 0, the mode" eval 'test "$rc" -eq 0 && contains "$out" "mode: overrides now, overrides after reboot"'
check "... one row per overridden queue" contains "$out" "01.0006 vfio_ap vfio_ap  vfio_ap"
out=$("$VA" overrides --json 2>&1)
check "show --json: supported, mode, queues" \
    eval 'contains "$out" "\"supported\": true" && contains "$out" "\"mode\": \"overrides\"" && contains "$out" "\"queue\": \"01.0005\""'

out=$("$VA" overrides --dry-run vfio_ap=02.0005 default=01.0006 2>&1); rc=$?
check "dry run: exit 0, each queue before and after" \
    eval 'test "$rc" -eq 0 && contains "$out" "active: queue 02.0005: override -, driver cex4queue -> override vfio_ap" &&
          contains "$out" "persistent: queue 01.0006: driverctl vfio_ap -> none (default driver)" &&
          contains "$out" "dry run: nothing was written"'
check "... and nothing was written" \
    eval 'test -z "$(ovr 02.0005)" && test "$(drv 02.0005)" = cex4queue && test ! -e "$R/etc/driverctl.d/ap-02.0005" &&
          test "$(ovr 01.0006)" = vfio_ap && test -e "$R/etc/driverctl.d/ap-01.0006"'
out=$("$VA" overrides --dry-run --json --active vfio_ap=02.0005 2>&1 | json_empty); rc=${PIPESTATUS[0]}
check "dry run --json: the active scope only, the step and no problem" \
    eval 'test "$rc" -eq 0 && contains "$out" "\"dry_run\": true" && contains "$out" "\"scope\": \"active\"" &&
          lacks "$out" "\"persistent\"" && contains "$out" "\"driver\": \"cex4queue\"" && contains "$out" "\"to\": \"vfio_ap\"" &&
          contains "$out" "\"problems\": []"'

fakehost_probe_start "$R"
out=$("$VA" overrides --active vfio_ap=02.0005 2>&1); rc=$?
check "active: exit 0" test "$rc" -eq 0
check "... driver_override written, unbound from cex4queue, probed, bound to vfio_ap" \
    eval 'test "$(ovr 02.0005)" = vfio_ap && test "$(cat "$R/sys/bus/ap/drivers/cex4queue/unbind")" = 02.0005 && test "$(drv 02.0005)" = vfio_ap'
check "... driverctl's file untouched" test ! -e "$R/etc/driverctl.d/ap-02.0005"
out=$("$VA" overrides --persistent vfio_ap=02.0005 2>&1); rc=$?
check "persistent: driverctl's file, exactly 'vfio_ap' and a newline" \
    eval 'test "$rc" -eq 0 && test "$(od -An -c "$R/etc/driverctl.d/ap-02.0005" | tr -s " ")" = " v f i o _ a p \\n"'
check "... no temporary file left" test "$(ls -A "$R/etc/driverctl.d" | tr '\n' ' ')" = "ap-01.0005 ap-01.0006 ap-02.0005 "
out=$("$VA" overrides default=01.0006 2>&1); rc=$?
check "default= in both scopes: override cleared, back on cex4queue, file removed" \
    eval 'test "$rc" -eq 0 && test -z "$(ovr 01.0006)" && test "$(drv 01.0006)" = cex4queue && test ! -e "$R/etc/driverctl.d/ap-01.0006"'
out=$("$VA" overrides --json vfio_ap=02.0005 2>&1); rc=$?
check "asking again changes nothing: changed false" eval 'test "$rc" -eq 0 && contains "$out" "\"changed\": false"'
check "... and the lock is released" test ! -e "$R/run/lock/s390apconfig.lock"

# the callout judges the same way (pre start: now; pre define: after reboot)
CHECK=$build/tools/virt-ap-check
def2='{"mdev_type":"vfio_ap-passthrough","start":"manual","attrs":[{"assign_adapter":"2"},{"assign_domain":"6"}]}'
out=$(printf '%s' "$def2" | "$CHECK" -t vfio_ap-passthrough -e pre -a start -s none -u "$UUID_A" -p matrix 2>&1); rc=$?
check "callout pre start of the host's queue 02.0006: veto with the override remedy" \
    eval 'test "$rc" -eq 1 && contains "$out" "no driver_override hands queue 02.0006 to vfio_ap" && contains "$out" "virt-ap overrides --active vfio_ap=02.0006"'
out=$(printf '%s' "$def2" | "$CHECK" -t vfio_ap-passthrough -e pre -a define -s none -u "$UUID_A" -p matrix 2>&1); rc=$?
check "callout pre define of 02.0006: vetoed, kept after reboot (no driverctl file)" \
    eval 'test "$rc" -eq 1 && contains "$out" "virt-ap overrides --persistent vfio_ap=02.0006"'
def5='{"mdev_type":"vfio_ap-passthrough","start":"manual","attrs":[{"assign_adapter":"2"},{"assign_domain":"5"}]}'
out=$(printf '%s' "$def5" | "$CHECK" -t vfio_ap-passthrough -e pre -a start -s none -u "$UUID_A" -p matrix 2>&1); rc=$?
check "callout pre start of 02.0005, handed over: accepted although the masks are all ones" test "$rc" -eq 0
out=$(printf '%s' "$def5" | "$CHECK" -t vfio_ap-passthrough -e pre -a define -s none -u "$UUID_A" -p matrix 2>&1); rc=$?
check "callout pre define of 02.0005 (driverctl hands it over at boot): accepted" test "$rc" -eq 0

# refusals: nothing is written
fakehost_define "$R" "$UUID_D" auto '[ { "assign_adapter": "1" }, { "assign_domain": "5" } ]'
fakehost_mdev "$R" "$UUID_A" "01.0005" ""
out=$("$VA" overrides --active default=01.0005 2>&1); rc=$?
check "a queue of an active mdev: refused, exit 1, naming the mdev" \
    eval 'test "$rc" -eq 1 && contains "$out" "queue 01.0005 is in active mdev $UUID_A" && contains "$out" "nothing was changed"'
check "... nothing written" eval 'test "$(ovr 01.0005)" = vfio_ap && test "$(drv 01.0005)" = vfio_ap'
out=$("$VA" overrides --persistent default=01.0005 2>&1); rc=$?
check "a queue of an autostart definition: refused after reboot" \
    eval 'test "$rc" -eq 1 && contains "$out" "queue 01.0005 is in autostart definition $UUID_D: it would fail to start after reboot"'
check "... driverctl's file kept" test -e "$R/etc/driverctl.d/ap-01.0005"
out=$("$VA" overrides --json --active vfio_ap=03.0001 2>&1); rc=$?
check "no such queue: refused, rule override-change-no-queue" \
    eval 'test "$rc" -eq 1 && contains "$out" "\"rule\": \"override-change-no-queue\""'
out=$("$VA" overrides vfio_ap=1.5 2>&1); rc=$?
check "a queue not in sysfs form: usage error, exit 3" eval 'test "$rc" -eq 3 && contains "$out" "'"'"'1.5'"'"' is not an AP queue"'
out=$("$VA" overrides vfio_ap=02.0006 default=02.0006 2>&1); rc=$?
check "a queue asked twice: usage error" test "$rc" -eq 3

sleep 300 & holder=$!
echo "$holder" >"$R/run/lock/s390apconfig.lock"
out=$(VIRT_AP_LOCK_TIMEOUT=1 "$VA" overrides vfio_ap=02.0006 2>&1); rc=$?
check "lock held by another process: bounded wait, exit 2, nothing written" \
    eval 'test "$rc" -eq 2 && contains "$out" "process $holder" && test -z "$(ovr 02.0006)" && test ! -e "$R/etc/driverctl.d/ap-02.0006"'
kill "$holder"; wait "$holder" 2>/dev/null
rm -f "$R/run/lock/s390apconfig.lock"

# a probe that binds nothing (no kernel answering): the queue is put back
fakehost_probe_stop "$R"
out=$("$VA" overrides vfio_ap=02.0006 2>&1); rc=$?
check "probe without effect: exit 2, the binding named" \
    eval 'test "$rc" -eq 2 && contains "$out" "queue 02.0006 is bound to cex4queue after the probe, not to vfio_ap"'
check "... the override restored, no driverctl file, the lock released" \
    eval 'test -z "$(ovr 02.0006)" && test ! -e "$R/etc/driverctl.d/ap-02.0006" && test ! -e "$R/run/lock/s390apconfig.lock" &&
          contains "$out" "the overrides were restored"'

# masks in override mode
out=$("$VA" masks 2>&1); rc=$?
check "masks (show) in override mode says the masks cannot change now" \
    eval 'test "$rc" -eq 0 && contains "$out" "2 queues have a driver_override (Linux 6.19 override mode): the kernel takes no mask change now"'
out=$("$VA" masks --active apmask=-3 2>&1); rc=$?
check "masks --active with an override set: refused before the kernel's EINVAL" \
    eval 'test "$rc" -eq 1 && contains "$out" "has a driver_override: Linux refuses every apmask and aqmask write while a queue has one (EINVAL)"'
out=$("$VA" masks --persistent apmask=-3 2>&1); rc=$?
check "masks --persistent with driverctl files: refused, they would fail at boot" \
    eval 'test "$rc" -eq 1 && contains "$out" "driverctl overrides AP queues at boot" && test ! -e "$R/etc/udev/rules.d/41-ap.rules"'
out=$("$VA" masks --persistent --json apmask=0-255 2>&1); rc=$?
check "... all ones is no mix: accepted" test "$rc" -eq 0

# without driverctl's udev rule nothing applies the files at boot
mv "$R/usr/lib/udev/rules.d/05-driverctl.rules" "$work/rule"
out=$("$VA" overrides --persistent vfio_ap=02.0006 2>&1); rc=$?
check "driverctl not installed: a persistent override is refused" \
    eval 'test "$rc" -eq 1 && contains "$out" "driverctl'"'"'s udev rule (05-driverctl.rules) is not installed" && test ! -e "$R/etc/driverctl.d/ap-02.0006"'
ln -s /dev/null "$R/usr/lib/udev/rules.d/05-driverctl.rules"
out=$("$VA" overrides --persistent vfio_ap=02.0006 2>&1); rc=$?
check "... also when it is masked (a link to /dev/null)" test "$rc" -eq 1
rm "$R/usr/lib/udev/rules.d/05-driverctl.rules"; mv "$work/rule" "$R/usr/lib/udev/rules.d/05-driverctl.rules"

# overrides where the masks are not all ones
override_host
fakehost_masks "$R" 0-1,3-255 0-255
rm -f "$R"/sys/devices/ap/card01/01.000[56]/driver_override
for f in "$R"/sys/devices/ap/card01/01.000[56]; do echo >"$f/driver_override"; done
out=$("$VA" overrides --active vfio_ap=01.0007 2>&1); rc=$?
check "active masks not all ones: refused, naming them and the fix" \
    eval 'test "$rc" -eq 1 && contains "$out" "the active masks are not all ones (apmask \"0-1,3-255\", aqmask \"0-255\")" &&
          contains "$out" "virt-ap masks --active apmask=0-255 aqmask=0-255"'
fakehost_rule "$R" 0-1,3-255 -
out=$("$VA" overrides --persistent vfio_ap=01.0007 2>&1); rc=$?
check "boot masks not all ones: refused (driverctl may fail at boot)" \
    eval 'test "$rc" -eq 1 && contains "$out" "driverctl'"'"'s override may fail at boot (EINVAL)" && test ! -e "$R/etc/driverctl.d/ap-01.0007"'
# all ones after udev's rules but not from the command line on: driverctl
# may run before the rule
fakehost_rule "$R" 0-255 0-255
echo "root=/dev/dasda1 ap.aqmask=0x8000" >"$R/proc/cmdline"
out=$("$VA" overrides --persistent vfio_ap=01.0007 2>&1); rc=$?
check "command line masks not all ones: refused, naming the command line" \
    eval 'test "$rc" -eq 1 && contains "$out" "(apmask \"0-255\", aqmask \"0\")" &&
          contains "$out" "no ap.apmask=/ap.aqmask= on the kernel command line" && test ! -e "$R/etc/driverctl.d/ap-01.0007"'
: >"$R/proc/cmdline"
# driverctl's rule file there but disabled by the admin: nothing applies the files
override_host
printf '# driverctl disabled on this host\n' >"$R/etc/udev/rules.d/05-driverctl.rules"
out=$("$VA" overrides --persistent vfio_ap=01.0007 2>&1); rc=$?
check "driverctl's rule commented out in /etc: refused as not installed" \
    eval 'test "$rc" -eq 1 && contains "$out" "is not installed" && test ! -e "$R/etc/driverctl.d/ap-01.0007"'
# driverctl's unit masked: the rule asks systemd for nothing that runs
override_host
mkdir -p "$R/etc/systemd/system" && ln -s /dev/null "$R/etc/systemd/system/driverctl@.service"
out=$("$VA" overrides --persistent vfio_ap=01.0007 2>&1); rc=$?
check "driverctl's unit masked: refused as not installed" \
    eval 'test "$rc" -eq 1 && contains "$out" "is not installed" && test ! -e "$R/etc/driverctl.d/ap-01.0007"'
# a file of another case is not the queue's: udev tests ap-01.0006 only
override_host
printf 'vfio_ap\n' >"$R/etc/driverctl.d/ap-02.000A"
out=$("$VA" overrides 2>&1)
check "a driverctl file of a non-canonical name counts for nothing" lacks "$out" "02.000a"
# vfio_ap not loaded: no queue is unbound
override_host
rm -rf "$R/sys/devices/vfio_ap"
out=$("$VA" overrides --active vfio_ap=02.0005 2>&1); rc=$?
check "handing a queue over without vfio_ap loaded: exit 2 naming the module, nothing written" \
    eval 'test "$rc" -eq 2 && contains "$out" "modprobe vfio_ap" && test -z "$(ovr 02.0005)" && test "$(drv 02.0005)" = cex4queue'
override_host

# an older kernel: no driver_override
rm -rf "$R"; fakehost_init "$R"; fakehost_card "$R" 01 CEX7C 13 0005; fakehost_bind "$R" 0-255 0-255
out=$("$VA" overrides --active vfio_ap=01.0005 2>&1); rc=$?
check "no driver_override (before 6.19): exit 2, says so" \
    eval 'test "$rc" -eq 2 && contains "$out" "this kernel has no per-queue driver_override"'

# K1: mdev 05.0003; aqmask gives domain 3 away, apmask adapter 5.  Setting
# apmask bit 5 hands back 5 x aqmask's domains before 6.19 (not 3: no clash)
# but 5 x every domain on 6.19 (the kernel refuses: EBUSY)
k1_host() {
    rm -rf "$R"
    fakehost_init "$R"
    fakehost_card "$R" 05 CEX7C 13 0003 0004
    fakehost_masks "$R" 0-4,6-255 0-2,4-255
    fakehost_bind "$R" 0-4,6-255 0-2,4-255
    fakehost_mdev "$R" "$UUID_A" "05.0003" ""
}
k1_host
out=$("$VA" masks --active --dry-run apmask=+5 2>&1); rc=$?
check "K1 before 6.19: apmask=+5 does not hand 05.0003 back (aqmask keeps no 3): accepted" test "$rc" -eq 0
fakehost_kernel619 "$R"
out=$("$VA" masks --active --dry-run apmask=+5 2>&1); rc=$?
check "K1 on 6.19: the kernel checks 5 x every domain: refused, naming the mdev's APQN" \
    eval 'test "$rc" -eq 1 && contains "$out" "apmask conflicts with mdev $UUID_A APQN 05.0003"'
out=$("$VA" masks --active --dry-run aqmask=+3 2>&1); rc=$?
check "K1 on 6.19: aqmask=+3 (adapter 5 not kept) is checked against every adapter: refused" \
    eval 'test "$rc" -eq 1 && contains "$out" "aqmask conflicts with mdev $UUID_A APQN 05.0003"'
out=$("$VA" masks --active --dry-run aqmask=+3 apmask=-5 2>&1); rc=$?
check "K1 on 6.19: ... whatever the apmask change beside it" test "$rc" -eq 1
out=$("$VA" masks --active --dry-run apmask=-4 2>&1); rc=$?
check "K1 on 6.19: clearing bits is never checked" test "$rc" -eq 0
# bindings_complete_count backported alone (no queue has driver_override):
# the older check
find "$R/sys/devices/ap" -name driver_override -delete
out=$("$VA" masks --active --dry-run apmask=+5 2>&1); rc=$?
check "K1: bindings_complete_count without driver_override is not 6.19: accepted" test "$rc" -eq 0
finish
