#!/bin/bash
# Changing an existing mdev through the real libvirtd >= 10.1 (Debian 13:
# 11.3.0) with mdevctl >= 1.3 (1.4.0): virsh nodedev-update --config, --live,
# --live --config, and nodedev-define over an existing definition, which
# libvirt turns into "mdevctl modify" (--defined, --live, or both in one
# call; research/debian13-and-libvirt-source.md 3).  Each clash is refused
# with virt-ap-check's message and changes nothing, live or stored; each free
# change goes through.  Skipped where libvirt or mdevctl lacks these.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/libvirt-rig.sh"
. "$here/lib/versions.sh"
need_root "e2e-libvirt-update"
build=${abs_top_builddir:-$here/..}
skip_unless "libvirt ${LIBVIRT_VERSION:-(missing)} has no nodedev-update and refuses to redefine (libvirt >= 10.1)" \
    libvirt_at_least 10.1
skip_unless "mdevctl ${MDEVCTL_VERSION:-(missing)} cannot modify --live/--defined, which libvirt's update needs (mdevctl >= 1.3)" \
    mdevctl_at_least 1.3
SEED_MDEV=d36d7d0f-cf3d-4fef-bb9c-ed393954996b
SEED=mdev_${SEED_MDEV//-/_}_matrix
OTHER=eeeeeeee-0000-4000-8000-000000000002

work=$(mktemp -d)
trap 'rig_stop; rm -rf "$work"' EXIT
if ! rig_start "$work" "$build/tools/virt-ap-check" seedhost_build; then
    echo "FAIL: libvirt rig did not start"; cat "$work/libvirtd.out" 2>/dev/null; exit 1
fi
# the seed host, whose active masks also free adapter 3 now (the persistent
# ones keep it after reboot); another active mdev holds 02.0033; the kernel
# has ap_config
rig_in bash -c ". '$RIG_LIB/fakehost.sh'; fakehost_masks '' 0-1,4-255 0-42,44-255; fakehost_mdev '' $OTHER 02.0033 ''"
AP=/sys/devices/vfio_ap/matrix/$SEED_MDEV/ap_config
DEF=/etc/mdevctl.d/matrix/$SEED_MDEV
rig_in cp "$DEF" /run/seed.def
nolock() { rig_in test ! -e /run/lock/s390apconfig.lock; }
unchanged() { rig_in cmp -s "$DEF" /run/seed.def; }
applied() { [ -n "$(rig_in cat "$AP")" ]; }

# xml ADAPTERS DOMAINS: the seed mdev with those adapters and domains (hex)
xml() {
    local id
    echo "<device><name>$SEED</name><parent>ap_matrix</parent><capability type='mdev'>"
    echo "<type id='vfio_ap-passthrough'/><uuid>$SEED_MDEV</uuid>"
    for id in $1; do echo "<attr name='assign_adapter' value='$id'/>"; done
    for id in $2; do echo "<attr name='assign_domain' value='$id'/>"; done
    echo "</capability></device>"
}
xml 0x02 "0x002b 0x0032" >"$work/free.xml"         # 02.0032: free now and after reboot
xml 0x02 "0x002b 0x0033" >"$work/inuse.xml"        # 02.0033: in the other active mdev
xml "0x02 0x03" "0x002b 0x0032" >"$work/kept.xml"  # 03.0032: free now, the host's after reboot
# update FLAGS FILE: virsh nodedev-update of the seed; ap_config starts empty
update() {
    rig_in sh -c ": >$AP"
    out=$(rig_virsh nodedev-update "$SEED" "$2" $1 2>&1); rc=$?
}

update --config "$work/kept.xml"
check "nodedev-update --config onto an APQN the host keeps after reboot fails" test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message" \
    contains "$out" "virt-ap-check: APQN 03.0032 (3.50) is kept by the host after reboot"
check "... and the stored definition is untouched" unchanged
check "... and the lock is released" nolock

update --live "$work/inuse.xml"
check "nodedev-update --live onto an APQN another active mdev holds fails" test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message" \
    contains "$out" "virt-ap-check: APQN 02.0033 (2.51) is in use by active mdev $OTHER"
check "... and nothing is applied" eval '! applied'
check "... and the lock is released" nolock

update "--live --config" "$work/kept.xml"
check "nodedev-update --live --config onto an APQN the host keeps after reboot fails" test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message" \
    contains "$out" "virt-ap-check: APQN 03.0032 (3.50) is kept by the host after reboot"
check "... and the stored definition is untouched" unchanged
check "... and nothing is applied live either (no split outcome)" eval '! applied'
applied && echo "  ap_config after the refused update: $(rig_in cat "$AP")"
check "... and the lock is released" nolock

update --live "$work/free.xml"
check "nodedev-update --live onto a free APQN succeeds" test "$rc" -eq 0
check "... applied live (ap_config)" applied
check "... and the stored definition is untouched" unchanged

update --config "$work/free.xml"
check "nodedev-update --config onto a free APQN succeeds" test "$rc" -eq 0
check "... and mdevctl stored it" rig_in grep -q '"assign_domain": "0x0032"' "$DEF"
rig_in cp "$DEF" /run/seed.def

update "--live --config" "$work/free.xml"
check "nodedev-update --live --config onto a free APQN succeeds" test "$rc" -eq 0
check "... applied live" applied
ran_modify() { # the libvirtd log shows mdevctl modify with each of the flag sets
    local f
    for f in "$@"; do
        grep -q "mdevctl modify --parent=matrix --jsonfile=/dev/stdin --uuid=$SEED_MDEV $f\$" "$work/libvirtd.log" || return 1
    done
}
check "libvirt ran mdevctl modify with --defined, --live, and both (log)" \
    ran_modify "--defined" "--live" "--defined --live"

# nodedev-define over an existing autostart definition: libvirt >= 10.1
# runs "mdevctl modify --defined" with "start":"manual" (it always does)
rig_in sh -c "printf '%s' '{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"0x02\"},{\"assign_domain\":\"0x002b\"}]}' >$DEF"
rig_in cp "$DEF" /run/seed.def
sleep 1  # libvirt rereads /etc/mdevctl.d after a change
out=$(rig_in virsh -c nodedev:///system nodedev-define "$work/kept.xml" 2>&1); rc=$?
check "nodedev-define over the autostart definition onto an APQN the host keeps after reboot fails" \
    test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message" \
    contains "$out" "virt-ap-check: APQN 03.0032 (3.50) is kept by the host after reboot"
check "... and the stored definition is untouched (still autostart)" unchanged
out=$(rig_in virsh -c nodedev:///system nodedev-define "$work/free.xml" 2>&1); rc=$?
check "nodedev-define over the autostart definition onto a free APQN succeeds" test "$rc" -eq 0
check "... and mdevctl stored it" rig_in grep -q '"assign_domain": "0x0032"' "$DEF"
echo "  libvirt $LIBVIRT_VERSION left it $(rig_in sed -n 's/.*"start": *"\([a-z]*\)".*/start=\1/p' "$DEF")"

# virt-ap define over an autostart definition keeps it autostart (libvirt
# alone stores it as manual), and judges it as one
rig_in sh -c "printf '%s' '{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"0x02\"},{\"assign_domain\":\"0x002b\"}]}' >$DEF"
sleep 1  # libvirt rereads /etc/mdevctl.d after a change
out=$(rig_in "$build/tools/virt-ap" define -c nodedev:///system "$work/free.xml" 2>&1); rc=$?
check "virt-ap define over the autostart definition: defined, saying it stays autostart" \
    eval 'test "$rc" -eq 0 && contains "$out" "is an autostart definition: it stays autostart"'
check "... and mdevctl stored it as autostart, with the new matrix" \
    rig_in sh -c "grep -q '\"start\": \"auto\"' $DEF && grep -q '\"assign_domain\": \"0x0032\"' $DEF"
check "the lock is free after all commands" nolock
finish
