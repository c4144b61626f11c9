#!/bin/bash
# End to end through Debian's real libvirtd and mdevctl (9.0.0 and 1.2.0 on
# Debian 12, 11.3.0 and 1.4.0 on Debian 13): virsh nodedev-define,
# nodedev-autostart, nodedev-start and nodedev-create reach virt-ap-check
# through libvirt -> mdevctl -> callout, on the seed post's host
# (tests/lib/seedhost.sh); virt-ap define goes through libvirt too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/libvirt-rig.sh"
. "$here/lib/versions.sh"
need_root "e2e-libvirt"
build=${abs_top_builddir:-$here/..}
demo=$here/../demo
SEED_MDEV=d36d7d0f-cf3d-4fef-bb9c-ed393954996b

work=$(mktemp -d)
trap 'rig_stop; rm -rf "$work"' EXIT
if ! rig_start "$work" "$build/tools/virt-ap-check" seedhost_build; then
    echo "FAIL: libvirt rig did not start"; cat "$work/libvirtd.out" 2>/dev/null; exit 1
fi
name() { echo "mdev_${1//-/_}_matrix"; }

out=$(rig_virsh nodedev-list --cap mdev --all 2>&1)
check "libvirt lists the seed's autostart definition" contains "$out" "$(name $SEED_MDEV)"

out=$(rig_in virsh -c nodedev:///system nodedev-define "$demo/refused.xml" 2>&1); rc=$?
check "nodedev-define clashing with the persistent masks fails" test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message with the remedy" \
    contains "$out" "virt-ap-check: APQN 03.0032 (3.50) is kept by the host after reboot (persistent masks: /etc/udev/rules.d/41-ap.rules); free it with 'virt-ap masks --persistent apmask=-3' (or aqmask=-50)"
check "... and no definition was written" rig_in test ! -e /etc/mdevctl.d/matrix/4b4bd3ce-2d6c-4a52-9d4e-6a1e3cd6d0d1

out=$(rig_in virsh -c nodedev:///system nodedev-define "$demo/accepted.xml" 2>&1); rc=$?
check "nodedev-define of free APQNs succeeds" test "$rc" -eq 0
check "... and mdevctl wrote the definition" rig_in test -f /etc/mdevctl.d/matrix/8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11

out=$(rig_in virsh -c nodedev:///system nodedev-define "$demo/overlap.xml" 2>&1); rc=$?
check "nodedev-define (manual) overlapping an autostart definition succeeds" test "$rc" -eq 0
out=$(rig_virsh nodedev-autostart "$(name e2f0a3c4-93d5-4b8e-8f3e-5a6b7c8d9e01)" 2>&1); rc=$?
check "nodedev-autostart of it fails" test "$rc" -ne 0
check "... naming the APQN and the other autostart definition" \
    contains "$out" "APQN 02.002b (2.43) is also in autostart definition $SEED_MDEV"
check "... and the stored definition stays manual" \
    rig_in grep -q '"start": "manual"' /etc/mdevctl.d/matrix/e2f0a3c4-93d5-4b8e-8f3e-5a6b7c8d9e01
out=$(rig_virsh nodedev-autostart "$(name 8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11)" 2>&1); rc=$?
check "nodedev-autostart of the free definition succeeds" test "$rc" -eq 0
check "libvirt ran mdevctl define with our callout (log)" \
    grep -q 'mdevctl define --parent=matrix --jsonfile=/dev/stdin --uuid=8c1b3a52' "$work/libvirtd.log"
# virt-ap define: virt-ap's own checks first, then virNodeDeviceDefineXML
VA=$build/tools/virt-ap
calls=$(grep -c "mdevctl define.*uuid=4b4bd3ce" "$work/libvirtd.log")
out=$(rig_in "$VA" define -c nodedev:///system "$demo/refused.xml" 2>&1); rc=$?
check "virt-ap define refuses a clash itself (exit 1)" test "$rc" -eq 1
check "... with the policy's message" contains "$out" "APQN 03.0032 (3.50) is kept by the host after reboot"
check "... without calling libvirt" test "$(grep -c "mdevctl define.*uuid=4b4bd3ce" "$work/libvirtd.log")" = "$calls"
rig_in "$VA" suggest --domains 1 --xml --uuid 5a5a5a5a-0000-4000-8000-000000000001 >"$work/suggested.xml"
check "virt-ap suggest --xml proposes the free 02.0033" grep -q "value='0x0033'" "$work/suggested.xml"
out=$(rig_in "$VA" define -c nodedev:///system --autostart "$work/suggested.xml" 2>&1); rc=$?
check "virt-ap define --autostart of the suggestion goes through libvirt" \
    contains "$out" "Node device 'mdev_5a5a5a5a_0000_4000_8000_000000000001_matrix' defined from"
check "... and mdevctl stored it as autostart" \
    rig_in grep -q '"start": "auto"' /etc/mdevctl.d/matrix/5a5a5a5a-0000-4000-8000-000000000001
sed "s|<uuid>.*</uuid>|<uuid>6b6b6b6b-0000-4000-8000-000000000001</uuid><iommuGroup number='x'/>|" \
    "$demo/accepted.xml" >"$work/badgroup.xml"
out=$(rig_in "$VA" define -c nodedev:///system "$work/badgroup.xml" 2>&1); rc=$?
check "a define only libvirt's parser refuses: libvirt's error verbatim, exit 2" \
    eval 'test "$rc" -eq 2 && contains "$out" "libvirt: internal error: invalid iommuGroup number attribute"'
out=$(rig_in "$VA" define -c nodedev:///system "$demo/accepted.xml" 2>&1); rc=$?
if libvirt_at_least 10.1; then
    # libvirt 10.1 updates an existing definition through mdevctl modify
    check "libvirt $LIBVIRT_VERSION: virt-ap define over an existing definition updates it" \
        eval 'test "$rc" -eq 0 && grep -q "mdevctl modify --parent=matrix --jsonfile=/dev/stdin --uuid=8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11 --defined$" "$work/libvirtd.log"'
else
    check "libvirt $LIBVIRT_VERSION refuses to define an existing definition: its error verbatim, exit 2" \
        eval 'test "$rc" -eq 2 && contains "$out" "Cowardly refusing to overwrite existing config"'
fi

# start and create: the callout's pre start.  The fake sysfs cannot create a
# device (its "create" is a plain file), so a start the callout lets through
# ends in mdevctl's own error once it has written the UUID to "create".
CREATE=/sys/devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create
out=$(rig_virsh nodedev-start "$(name e2f0a3c4-93d5-4b8e-8f3e-5a6b7c8d9e01)" 2>&1); rc=$?
check "nodedev-start of a definition whose APQN an active mdev holds fails" test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message" \
    contains "$out" "virt-ap-check: APQN 02.002b (2.43) is in use by active mdev $SEED_MDEV; stop it or remove the APQN from it first"
check "... and the kernel was not asked" test -z "$(rig_in cat "$CREATE")"
out=$(rig_virsh nodedev-start "$(name 8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11)" 2>&1); rc=$?
check "nodedev-start of a free definition passes the callout (mdevctl wrote the UUID to create)" \
    eval 'lacks "$out" "virt-ap-check" && test "$(rig_in cat "$CREATE")" = 8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11'
rig_in sh -c ": >$CREATE"
sed "s/e2f0a3c4-93d5-4b8e-8f3e-5a6b7c8d9e01/7c7c7c7c-0000-4000-8000-000000000001/" "$demo/overlap.xml" >"$work/create-clash.xml"
sed "s/8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11/7c7c7c7c-0000-4000-8000-000000000002/" "$demo/accepted.xml" >"$work/create-free.xml"
out=$(rig_in virsh -c nodedev:///system nodedev-create "$work/create-clash.xml" 2>&1); rc=$?
check "nodedev-create of a transient mdev on an APQN an active mdev holds fails" test "$rc" -ne 0
check "... and virsh shows virt-ap-check's message" \
    contains "$out" "virt-ap-check: APQN 02.002b (2.43) is in use by active mdev $SEED_MDEV"
check "... and the kernel was not asked" test -z "$(rig_in cat "$CREATE")"
out=$(rig_in virsh -c nodedev:///system nodedev-create "$work/create-free.xml" 2>&1); rc=$?
check "nodedev-create on free APQNs passes the callout (mdevctl wrote the UUID to create)" \
    eval 'lacks "$out" "virt-ap-check" && test "$(rig_in cat "$CREATE")" = 7c7c7c7c-0000-4000-8000-000000000002'
check "the lock is free after all commands" rig_in test ! -e /run/lock/s390apconfig.lock
finish
