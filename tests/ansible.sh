#!/bin/bash
# The Ansible collection virt_ap.s390 (ansible/), through Debian's ansible-core:
# built with ansible-galaxy and installed from its tarball, its modules
# documented, then the example playbook of docs/ansible.md run over an
# inventory of three LPARs.  Each LPAR is a fake s390 host with its own root:
# its Python (ansible_python_interpreter) exports VIRT_AP_ROOT and finds the
# built virt-ap and, as "mdevctl", Debian's real mdevctl chrooted into the host
# (tests/lib/mdevctl-rig.sh; the vfio_ap driver is tests/lib/fake-vfio-ap.py).
# lpar3 has another autostart definition holding 02.002b: there, and only
# there, the mdev is refused.  Then each module alone, and ap_mdev through
# Debian's libvirtd on a fourth host (tests/lib/libvirt-rig.sh, the seed
# post's host).  Needs root (chroot, mounts, namespaces).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/mdevctl-rig.sh"
. "$here/lib/libvirt-rig.sh"
need_root "ansible"
for p in ansible-playbook ansible-galaxy mdevctl virsh; do
    command -v "$p" >/dev/null || { echo "FAIL: $p missing (scripts/install-deps)"; exit 1; }
done
/usr/bin/python3 -c 'import fusepy' 2>/dev/null || { echo "FAIL: python3-fusepy missing (scripts/install-deps)"; exit 1; }
# the rigs' mounts in a mount namespace of the test's own
if [ -z "${VIRT_AP_ANSIBLE_TEST_NS:-}" ]; then
    VIRT_AP_ANSIBLE_TEST_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
top=$(cd "$here/.." && pwd)
build=${abs_top_builddir:-$top}
work=$(mktemp -d)
HOSTS="lpar1 lpar2 lpar3"
cleanup() {
    local h
    for h in $HOSTS; do mdevctl_rig_stop "$work/$h"; done
    rig_stop
    rm -rf "$work"
}
trap cleanup EXIT
export ANSIBLE_COLLECTIONS_PATH=$work/collections ANSIBLE_LOCAL_TEMP=$work/ansible-local \
       ANSIBLE_REMOTE_TEMP=$work/ansible-remote ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 \
       ANSIBLE_HOST_KEY_CHECKING=0 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_DEPRECATION_WARNINGS=0
cd "$work"

# ---------------------------------------------------------------- the collection
out=$(ansible-galaxy collection build "$top/ansible" --output-path "$work" 2>&1)
tarball=$work/virt_ap-s390-0.1.0.tar.gz
check "ansible-galaxy collection build ansible/" test -f "$tarball"
[ -f "$tarball" ] || echo "$out"
out=$(ansible-galaxy collection install --offline -p "$work/collections" "$tarball" 2>&1)
check "... and the tarball installs" contains "$out" "virt_ap.s390:0.1.0 was installed successfully"
docs=$(ansible-doc -j virt_ap.s390.ap_facts virt_ap.s390.ap_masks virt_ap.s390.ap_mdev virt_ap.s390.ap_overrides 2>&1)
for m in ap_facts ap_masks ap_mdev ap_overrides; do
    check "ansible-doc reads the documentation, examples and return values of virt_ap.s390.$m" \
        eval 'echo "$docs" | /usr/bin/python3 -c "
import json, sys
d = json.load(sys.stdin)[\"virt_ap.s390.$m\"]
assert d[\"doc\"][\"module\"] == \"$m\" and d[\"examples\"] and d[\"return\"]"'
done
playbook=$top/ansible/playbooks/card02_domain43.yml
check "docs/ansible.md shows the example playbook as the collection ships it" \
    /usr/bin/python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
        "$playbook" "$top/docs/ansible.md"

# ---------------------------------------------------------------- the fleet
OURS=8c1b3a52-6f0e-4f4e-9a57-2f2d7e0b9c11
OTHER=e2f0a3c4-93d5-4b8e-8f3e-5a6b7c8d9e01
host_fresh() { # cards 02 and 03 with domains 0x2b, 0x32, 0x33; the host keeps them all
    fakehost_init "$1"
    fakehost_card "$1" 02 CEX7A 13 002b 0032 0033
    fakehost_card "$1" 03 CEX7C 13 002b 0032 0033
    fakehost_bind "$1" 0-255 0-255
}
host_taken() { # the same, and another autostart definition holds 02.002b
    host_fresh "$1"
    fakehost_define "$1" "$OTHER" auto '[ { "assign_adapter": "0x02" }, { "assign_domain": "0x002b" } ]'
}
{
    echo "[lpars]"
    for h in $HOSTS; do
        hostfunc=host_fresh
        [ "$h" = lpar3 ] && hostfunc=host_taken
        mdevctl_rig_start "$work/$h" "$hostfunc" "$build/tools/virt-ap-check" ||
            { echo "FAIL: rig $h did not start" >&2; exit 1; }
        printf '#!/bin/sh\nexport VIRT_AP_ROOT=%s\nexport PATH=%s:%s:/usr/sbin:/usr/bin:/sbin:/bin\nexec /usr/bin/python3 "$@"\n' \
            "$work/$h/root" "$work/$h/bin" "$build/tools" >"$work/$h/bin/python3"
        chmod 755 "$work/$h/bin/python3"
        echo "$h ansible_connection=local ansible_python_interpreter=$work/$h/bin/python3 crypto_mdev_uuid=$OURS"
    done
} >"$work/fleet.ini"
R1=$work/lpar1/root R2=$work/lpar2/root R3=$work/lpar3/root

state() { # what a run may change on host ROOT
    cat "$1/sys/bus/ap/apmask" "$1/sys/bus/ap/aqmask" "$1/etc/udev/rules.d/41-ap.rules" 2>&1
    grep -r . "$1/etc/mdevctl.d/matrix" 2>&1
    ls "$1/sys/devices/vfio_ap/matrix" "$1/sys/bus/mdev/devices"
}
playbook() { # ARGS: the example playbook over the fleet; sets $out, $rc
    out=$(ansible-playbook -i "$work/fleet.ini" "$@" virt_ap.s390.card02_domain43 2>&1)
    rc=$?
}
recap() { # HOST: its PLAY RECAP line as "ok=N changed=N ... failed=N"
    echo "$out" | sed -n "s/^$1 *: *//p" | tr -s ' '
}
recap_is() { # HOST ok CHANGED FAILED
    local line
    line=$(recap "$1")
    contains "$line" "ok=$2 changed=$3 unreachable=0 failed=$4"
}
CLASH="APQN 02.002b (2.43) is also in autostart definition $OTHER"
kernel_hex() { fakehost_list_to_hex "$1"; }

before1=$(state "$R1") before2=$(state "$R2") before3=$(state "$R3")
playbook --check --diff
check "check mode: the playbook runs on all three LPARs" \
    eval 'test -n "$(recap lpar1)" -a -n "$(recap lpar2)" -a -n "$(recap lpar3)"'
check "check mode writes nothing on any LPAR" \
    test "$(state "$R1")$(state "$R2")$(state "$R3")" = "$before1$before2$before3"
check "check mode: the masks would change on every LPAR" \
    eval 'recap_is lpar1 2 1 1 && recap_is lpar2 2 1 1 && recap_is lpar3 2 1 1'
# nothing was written: the mdev is judged against the masks as they are
check "... and the mdev is judged against the masks as they are (02.002b still the host's)" \
    contains "$out" "fatal: [lpar2]: FAILED! => {\"actions\": [\"define\", \"start\"], \"changed\": false, \"definition\""
check "... and on lpar3 refused, naming the APQN and the other definition" \
    eval 'echo "$out" | grep "^fatal: \[lpar3\]" | grep -qF "$CLASH"'
check "--diff shows the masks before and after" \
    eval 'contains "$out" "-active apmask: 0-255" && contains "$out" "+persistent aqmask: 0-42,44-255"'
check "--diff shows the APQNs that change hands" \
    contains "$out" "active: host -> vfio_ap: adapters 2 x domains 0-255 (256 APQNs)"

playbook
check "the run fails, on lpar3 only" \
    eval 'test "$rc" -ne 0 && recap_is lpar1 3 2 0 && recap_is lpar2 3 2 0 && recap_is lpar3 2 1 1'
check "... with virt-ap's message naming the APQN and the other definition" contains "$out" "$CLASH"
check "the masks changed on every LPAR, now and after reboot" \
    eval 'for r in "$R1" "$R2" "$R3"; do
              test "$(cat "$r/sys/bus/ap/apmask")" = "$(kernel_hex 0-1,3-255)" &&
              test "$(cat "$r/sys/bus/ap/aqmask")" = "$(kernel_hex 0-42,44-255)" &&
              grep -q "aqmask}=\"$(kernel_hex 0-42,44-255)\"" "$r/etc/udev/rules.d/41-ap.rules" || return 1
          done'
check "lpar1 and lpar2: the mdev is defined for autostart (real mdevctl)" \
    eval 'grep -q "\"start\": \"auto\"" "$R1/etc/mdevctl.d/matrix/$OURS" && grep -q "\"start\": \"auto\"" "$R2/etc/mdevctl.d/matrix/$OURS"'
check "... and started, with 02.002b" \
    eval 'test "$(cat "$R1/sys/devices/vfio_ap/matrix/$OURS/matrix")" = 02.002b && test "$(cat "$R2/sys/devices/vfio_ap/matrix/$OURS/matrix")" = 02.002b'
check "lpar3: nothing defined or started" \
    test ! -e "$R3/etc/mdevctl.d/matrix/$OURS" -a ! -e "$R3/sys/devices/vfio_ap/matrix/$OURS"

after1=$(state "$R1") after2=$(state "$R2")
playbook
check "a second run changes nothing on any LPAR" \
    eval 'recap_is lpar1 3 0 0 && recap_is lpar2 3 0 0 && recap_is lpar3 2 0 1'
check "... not even a file" test "$(state "$R1")$(state "$R2")" = "$after1$after2"

# ---------------------------------------------------------------- module by module
adhoc() { # HOSTS MODULE ARGS: one module; sets $out, $rc
    out=$(ansible "$1" -i "$work/fleet.ini" -m "virt_ap.s390.$2" -a "$3" "${@:4}" 2>&1)
    rc=$?
}
adhoc lpars ap_facts ""
check "ap_facts: each LPAR's own picture (lpar1 runs the mdev, lpar3 has the other definition)" \
    eval 'echo "$out" | /usr/bin/python3 -c "
import json, re, sys
text = sys.stdin.read()
facts = {}
for host, body in re.findall(r\"^(lpar\\d) \\| SUCCESS => (\\{.*?^\\})\", text, re.M | re.S):
    facts[host] = json.loads(body)[\"ansible_facts\"][\"virt_ap\"]
mdevs = {h: {m[\"uuid\"]: m for m in f[\"mdevs\"]} for h, f in facts.items()}
assert mdevs[\"lpar1\"][\"$OURS\"][\"active\"] and mdevs[\"lpar1\"][\"$OURS\"][\"apqns\"] == [\"02.002b\"]
assert \"$OURS\" not in mdevs[\"lpar3\"] and mdevs[\"lpar3\"][\"$OTHER\"][\"autostart\"]
assert all(f[\"masks\"][\"apmask\"][\"persistent\"][\"ids\"] == \"0-1,3-255\" for f in facts.values())
"'

before=$(state "$R1")
adhoc lpar1 ap_masks "apmask=+2 aqmask=+43"
check "ap_masks refuses to hand back an APQN the mdev holds, with virt-ap's message" \
    eval 'test "$rc" -ne 0 && contains "$out" "conflicts with mdev $OURS APQN 02.002b (2.43)"'
check "... and writes nothing" test "$(state "$R1")" = "$before"
adhoc lpar1 ap_masks "apmask=0-1,3-255 scope=active"
check "ap_masks: setting a mask to what it is reports no change" \
    eval 'test "$rc" -eq 0 && contains "$out" "\"changed\": false"'
adhoc lpar1 ap_masks "aqmask=-50 scope=persistent"
check "ap_masks scope=persistent: -50 takes domain 50 from the host after reboot only" \
    eval 'test "$rc" -eq 0 && grep -q "aqmask}=\"$(kernel_hex 0-42,44-49,51-255)\"" "$R1/etc/udev/rules.d/41-ap.rules" &&
          test "$(cat "$R1/sys/bus/ap/aqmask")" = "$(kernel_hex 0-42,44-255)"'
adhoc lpar1 ap_masks "apmask=5-2"
check "ap_masks: a malformed list fails with virt-ap's message" \
    eval 'test "$rc" -ne 0 && contains "$out" "apmask=5-2"'

adhoc lpar2 ap_mdev "uuid=$OURS adapters=2 domains=43 autostart=true state=stopped"
check "ap_mdev state=stopped stops it through mdevctl" \
    eval 'test "$rc" -eq 0 && test ! -e "$R2/sys/devices/vfio_ap/matrix/$OURS" && test -f "$R2/etc/mdevctl.d/matrix/$OURS"'
adhoc lpar2 ap_mdev "uuid=$OURS adapters=2 domains=43 autostart=true state=stopped"
check "... again: no change" contains "$out" '"changed": false'
adhoc lpar2 ap_mdev "uuid=$OURS adapters=0x02 domains=0x2b autostart=false"
check "ap_mdev autostart=false makes it manual (the same IDs written in hex are no change)" \
    eval 'contains "$out" "\"manual\"" && grep -q "\"start\": \"manual\"" "$R2/etc/mdevctl.d/matrix/$OURS"'
adhoc lpar2 ap_mdev "uuid=$OURS adapters=2 domains=50,51 control_domains=50 state=started"
check "ap_mdev: a changed matrix replaces the definition, then starts it" \
    eval 'test "$rc" -eq 0 && contains "$out" "\"replace\"" && grep -q "0x0033" "$R2/etc/mdevctl.d/matrix/$OURS" &&
          test "$(cat "$R2/sys/devices/vfio_ap/matrix/$OURS/matrix")" = "02.0032
02.0033" && test "$(cat "$R2/sys/devices/vfio_ap/matrix/$OURS/control_domains")" = 0032'
NEW=5a5a5a5a-0000-4000-8000-000000000001
before=$(state "$R2")
adhoc lpar2 ap_mdev "uuid=$NEW adapters=2 domains=43 autostart=true" --check --diff
check "ap_mdev in check mode with --diff: accepted by virt-ap, shows the definition, writes nothing" \
    eval 'test "$rc" -eq 0 && contains "$out" "+  \"start\": \"auto\"" && contains "$out" "\"assign_domain\": \"0x002b\"" &&
          test "$(state "$R2")" = "$before"'
adhoc lpar2 ap_mdev "uuid=$OURS state=absent" --check
check "ap_mdev state=absent in check mode: stop and undefine, nothing done" \
    eval 'contains "$out" "\"stop\"" && contains "$out" "\"undefine\"" && test "$(state "$R2")" = "$before"'
adhoc lpar2 ap_mdev "uuid=$OURS state=absent"
check "ap_mdev state=absent: stopped and undefined" \
    eval 'test "$rc" -eq 0 && test ! -e "$R2/sys/devices/vfio_ap/matrix/$OURS" -a ! -e "$R2/etc/mdevctl.d/matrix/$OURS"'
adhoc lpar2 ap_mdev "uuid=$OURS adapters=3 domains=50 state=present"
check "ap_mdev refuses an APQN the host keeps after reboot (card 03), with the remedy" \
    eval 'test "$rc" -ne 0 && contains "$out" "APQN 03.0032 (3.50) is kept by the host after reboot" &&
          contains "$out" "virt-ap masks --persistent apmask=-3" && test ! -e "$R2/etc/mdevctl.d/matrix/$OURS"'
adhoc lpar2 ap_mdev "uuid=$OURS adapters=2 domains=043 state=present"
check "ap_mdev: an ID with a leading zero fails, naming the octal reading" \
    eval 'test "$rc" -ne 0 && contains "$out" "ID '"'"'043'"'"' has a leading zero: the kernel would read it as octal 35" && test ! -e "$R2/etc/mdevctl.d/matrix/$OURS"'
adhoc lpar2 ap_mdev "uuid=$OURS adapters=2 domains=256 state=present"
check "ap_mdev: an ID virt-ap does not take fails with virt-ap's message" \
    eval 'test "$rc" -ne 0 && contains "$out" "256 is above 255" && test ! -e "$R2/etc/mdevctl.d/matrix/$OURS"'
# ---------------------------------------------------------------- Linux 6.19 overrides
# lpar5: queues handed to vfio_ap one by one (driver_override, driverctl's
# files); a definition holds 01.0005; no mdevctl needed
R5=$work/lpar5/root
mkdir -p "$work/lpar5/bin"
fakehost_init "$R5"
fakehost_card "$R5" 01 CEX7C 13 0005 0006 0007
fakehost_bind "$R5" 0-255 0-255
fakehost_kernel619 "$R5"
fakehost_override "$R5" 01.0005 vfio_ap
fakehost_driverctl "$R5" 01.0005 vfio_ap
fakehost_define "$R5" "$OURS" auto '[ { "assign_adapter": "0x01" }, { "assign_domain": "0x0005" } ]'
printf '#!/bin/sh\nexport VIRT_AP_ROOT=%s\nexport PATH=%s:/usr/sbin:/usr/bin:/sbin:/bin\nexec /usr/bin/python3 "$@"\n' \
    "$R5" "$build/tools" >"$work/lpar5/bin/python3"
chmod 755 "$work/lpar5/bin/python3"
printf '[overrides]\nlpar5 ansible_connection=local ansible_python_interpreter=%s\n' "$work/lpar5/bin/python3" >>"$work/fleet.ini"
adhoc lpar5 ap_overrides "vfio_ap=01.0006 scope=persistent" --check --diff
check "ap_overrides check mode: would change, shows the override before and after, writes nothing" \
    eval 'test "$rc" -eq 0 && contains "$out" "\"changed\": true" && contains "$out" "+persistent 01.0006: vfio_ap" &&
          test ! -e "$R5/etc/driverctl.d/ap-01.0006"'
adhoc lpar5 ap_overrides "vfio_ap=01.0006 scope=persistent"
check "ap_overrides scope=persistent writes driverctl's file" \
    eval 'test "$rc" -eq 0 && contains "$out" "\"changed\": true" && test "$(cat "$R5/etc/driverctl.d/ap-01.0006")" = vfio_ap'
adhoc lpar5 ap_overrides "vfio_ap=01.0006 scope=persistent"
check "... a second time: no change" eval 'test "$rc" -eq 0 && contains "$out" "\"changed\": false"'
adhoc lpar5 ap_overrides "default=01.0005 scope=persistent"
check "ap_overrides refuses to take a queue from a definition, with virt-ap's message" \
    eval 'test "$rc" -ne 0 && contains "$out" "queue 01.0005 is in autostart definition $OURS" &&
          test "$(cat "$R5/etc/driverctl.d/ap-01.0005")" = vfio_ap'

# ---------------------------------------------------------------- through libvirt
# kvm4: the seed post's host in libvirt's rig; its virsh and virt-ap run in the
# rig's namespace, where the host is at /
mkdir -p "$work/kvm4/bin"
if ! rig_start "$work/kvm4/rig" "$build/tools/virt-ap-check" seedhost_build; then
    echo "FAIL: libvirt rig did not start"; cat "$work/kvm4/rig/libvirtd.out" 2>/dev/null; exit 1
fi
for cmd in "$(command -v virsh)" "$build/tools/virt-ap"; do
    printf '#!/bin/sh\nexec nsenter -t %s -m -n -r --wd=/ -- %s "$@"\n' "$RIG_HOLDER" "$cmd" >"$work/kvm4/bin/${cmd##*/}"
done
printf '#!/bin/sh\nexport PATH=%s:/usr/sbin:/usr/bin:/sbin:/bin\nexec /usr/bin/python3 "$@"\n' "$work/kvm4/bin" >"$work/kvm4/bin/python3"
chmod 755 "$work/kvm4/bin"/*
printf '[kvm]\nkvm4 ansible_connection=local ansible_python_interpreter=%s\n' "$work/kvm4/bin/python3" >>"$work/fleet.ini"
LV="backend=libvirt uri=nodedev:///system"
SEED=d36d7d0f-cf3d-4fef-bb9c-ed393954996b
adhoc kvm4 ap_mdev "uuid=$OURS adapters=2 domains=50 control_domains=50 autostart=true $LV"
check "ap_mdev through libvirt: defined (nodedev-define) and autostart (nodedev-autostart)" \
    eval 'test "$rc" -eq 0 && rig_in grep -q "\"start\": \"auto\"" /etc/mdevctl.d/matrix/$OURS &&
          rig_in grep -q "\"assign_control_domain\": \"0x0032\"" /etc/mdevctl.d/matrix/$OURS'
adhoc kvm4 ap_mdev "uuid=$OURS adapters=2 domains=50 control_domains=50 autostart=true $LV"
check "... a second time: no change (read back with nodedev-info and nodedev-dumpxml)" \
    eval 'test "$rc" -eq 0 && contains "$out" "\"changed\": false"'
adhoc kvm4 ap_mdev "uuid=$OURS adapters=2 domains=43 autostart=true $LV"
check "... a clash with the seed's autostart definition is refused before libvirt is called" \
    eval 'test "$rc" -ne 0 && contains "$out" "APQN 02.002b (2.43) is also in autostart definition $SEED" &&
          rig_in grep -q "0x0032" /etc/mdevctl.d/matrix/$OURS'
adhoc kvm4 ap_mdev "uuid=$OURS adapters=2 domains=50 control_domains=50 autostart=true state=started $LV"
check "... a start libvirt cannot do (no vfio_ap driver in this rig) fails with libvirt's message verbatim" \
    eval 'test "$rc" -ne 0 && contains "$out" "Unable to create mediated device"'
adhoc kvm4 ap_mdev "uuid=$OURS state=absent $LV"
check "... state=absent: undefined through libvirt" \
    eval 'test "$rc" -eq 0 && rig_in test ! -e /etc/mdevctl.d/matrix/$OURS'
[ -n "${VERBOSE:-}" ] && echo "$out"
finish
