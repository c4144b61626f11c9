#!/bin/bash
# End to end through Debian's real mdevctl (1.2.0 on Debian 12, 1.4.0 on
# Debian 13) with virt-ap-check installed as its callout, in a private mount
# namespace whose root is a fake s390 host (research/mdevctl.md 3.3: mdevctl
# 1.2 has no alternate root, so it runs chrooted, with the host's /usr laid
# read-only over the fake root's).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/lib/mdevctl-root.sh"
. "$here/lib/versions.sh"
need_root "e2e-mdevctl"
build=${abs_top_builddir:-$here/..}
[ -x /usr/bin/mdevctl ] || { echo "FAIL: /usr/bin/mdevctl missing (apt-get install mdevctl)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mdevctl_root_build "$work/root" "$build/tools/virt-ap-check"
# an undefined active mdev, for get/attributes
fakehost_mdev "$R" aaaaaaaa-0000-4000-8000-000000000001 "02.0033" "0033"

define() { # define UUID auto|manual ATTRS_JSON
    inroot sh -c "printf '%s' '{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"$2\",\"attrs\":$3}' |
                  mdevctl define -p matrix -u $1 --jsonfile /dev/stdin"
}
nolock() { [ ! -e "$R/run/lock/s390apconfig.lock" ]; }

A=11111111-2222-4333-8444-000000000001
B=11111111-2222-4333-8444-000000000002
C=11111111-2222-4333-8444-000000000003
D=11111111-2222-4333-8444-000000000004

define "$A" auto '[{"assign_adapter":"0x02"},{"assign_domain":"0x002b"}]'
check "autostart clash with another autostart definition is refused, naming the APQN and the other definition" \
    eval 'test "$rc" -ne 0 && contains "$out" "virt-ap-check: APQN 02.002b (2.43) is also in autostart definition $SEED_MDEV"'
check "... mdevctl $MDEVCTL_VERSION reports the veto of the callout it runs ($(mdevctl_callout))" \
    contains "$out" "$(mdevctl_veto_line)"
check "... and mdevctl wrote nothing" test ! -e "$R/etc/mdevctl.d/matrix/$A"
check "... and the lock is released" nolock

define "$B" auto '[{"assign_adapter":"0x02"},{"assign_domain":"0x0032"}]'
check "clean autostart definition is written" test "$rc" -eq 0 -a -f "$R/etc/mdevctl.d/matrix/$B"
check "... without any message" test -z "$out"
check "... and the lock is released" nolock

define "$C" manual '[{"assign_adapter":"0x02"},{"assign_domain":"0x002b"}]'
check "manual clash is accepted" test "$rc" -eq 0 -a -f "$R/etc/mdevctl.d/matrix/$C"
check "... with a warning naming the other definition" \
    contains "$out" "warning: APQN 02.002b (2.43) is also in definition $SEED_MDEV (start=auto)"

define "$D" manual '[{"assign_adapter":"3"},{"assign_domain":"50"}]'
check "APQN kept by the persistent masks is refused" test "$rc" -ne 0 -a ! -e "$R/etc/mdevctl.d/matrix/$D"
check "... naming the masks and the remedy" \
    contains "$out" "APQN 03.0032 (3.50) is kept by the host after reboot (persistent masks: /etc/udev/rules.d/41-ap.rules); free it with 'virt-ap masks --persistent apmask=-3' (or aqmask=-50)"

inroot mdevctl modify -u "$C" --auto
check "modify --auto of the manual clash is refused" test "$rc" -ne 0
check "... and the stored definition stays manual" grep -q '"start": "manual"' "$R/etc/mdevctl.d/matrix/$C"

inroot mdevctl start -u "$C"
check "start of a definition whose APQN an active mdev holds is refused" \
    contains "$out" "virt-ap-check: APQN 02.002b (2.43) is in use by active mdev $SEED_MDEV"
check "... and mdevctl exits non-zero" test "$rc" -ne 0
check "... and the lock is released" nolock

inroot mdevctl start -u "$B"
# the callout lets it through; the fake sysfs then cannot create the device
check "start of a free definition passes the callout" lacks "$out" "virt-ap-check:"
check "... and post released the lock" nolock

inroot mdevctl list -v; listout=$out
check "mdevctl list shows the live matrix from get/attributes" \
    contains "$out" '@{0}: {"assign_adapter":"2"}'
check "... domains and control domains too" \
    contains "$out" '@{2}: {"assign_control_domain":"51"}'

printf '{"mdev_type":"vfio_ap-passthrough","start":"auto"' >"$R/etc/mdevctl.d/matrix/22222222-0000-4000-8000-000000000009"
define "$D" auto '[{"assign_adapter":"0x02"},{"assign_domain":"0x0033"}]'
check "a corrupt neighbour definition refuses the define, naming the file" \
    contains "$out" "/etc/mdevctl.d/matrix/22222222-0000-4000-8000-000000000009: invalid JSON"
check "... and nothing is written" test "$rc" -ne 0 -a ! -e "$R/etc/mdevctl.d/matrix/$D"
rm "$R/etc/mdevctl.d/matrix/22222222-0000-4000-8000-000000000009"

inroot mdevctl undefine -u "$C"
check "undefine is never refused" test "$rc" -eq 0 -a ! -e "$R/etc/mdevctl.d/matrix/$C"

inroot mdevctl define -p matrix -t other-type -u "$D"
check "other mdev types are left to other callouts (exit 2)" \
    test "$rc" -eq 0 -a -f "$R/etc/mdevctl.d/matrix/$D"

# define -u of an active, undefined mdev: mdevctl stores the attributes the
# callout's get attributes reports (1.2 asks before pre define, 1.4 only after
# it, so that pre define sees "attrs": []; research/mdevctl.md 2.2): either
# way the definition must be judged with them.  A new host whose active masks
# free adapter 3 too (now), while the persistent ones keep it (after reboot).
mdevctl_root_build "$work/root2" "$build/tools/virt-ap-check"
fakehost_masks "$R" 0-1,4-255 0-42,44-255
E=eeeeeeee-0000-4000-8000-000000000001
F=eeeeeeee-0000-4000-8000-000000000002
fakehost_mdev "$R" "$E" "03.0032" ""
fakehost_mdev "$R" "$F" "02.0033" ""
stored_attrs() { # stored_attrs UUID JSON: the stored definition's attrs are JSON
    python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["attrs"] != json.loads(sys.argv[2]))' \
        "$R/etc/mdevctl.d/matrix/$1" "$2" 2>/dev/null
}
inroot mdevctl define -u "$E"
check "define -u of an active mdev whose APQN the host keeps after reboot is refused" \
    test "$rc" -ne 0 -a ! -e "$R/etc/mdevctl.d/matrix/$E"
check "... naming the APQN and the persistent masks" \
    contains "$out" "virt-ap-check: APQN 03.0032 (3.50) is kept by the host after reboot (persistent masks: /etc/udev/rules.d/41-ap.rules)"
[ -e "$R/etc/mdevctl.d/matrix/$E" ] && echo "  mdevctl $MDEVCTL_VERSION stored (rc=$rc): $(tr -d ' \n' <"$R/etc/mdevctl.d/matrix/$E")"
check "... and the lock is released" nolock
inroot mdevctl define -u "$F"
check "define -u of an active mdev on free APQNs stores its live attributes" \
    eval 'test "$rc" -eq 0 && stored_attrs "$F" '"'"'[{"assign_adapter":"2"},{"assign_domain":"51"}]'"'"
check "... and the lock is released" nolock
[ -n "${VERBOSE:-}" ] && echo "$out"
finish
