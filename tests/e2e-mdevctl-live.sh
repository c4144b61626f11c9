#!/bin/bash
# Live changes of an active mdev through the real mdevctl >= 1.3 (Debian 13:
# 1.4.0), which runs the callout's "live modify" event for "modify --live"
# and, with --defined as well, that event first and then pre/post modify with
# the same JSON (research/mdevctl.md 2.4-2.5).  virt-ap-check applies a live
# change by writing the whole matrix to the mdev's ap_config.  A change must
# be all or nothing: when the stored half is refused, nothing is applied live.
# Skipped on mdevctl 1.2, which has no live modify.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/lib/mdevctl-root.sh"
. "$here/lib/versions.sh"
need_root "e2e-mdevctl-live"
build=${abs_top_builddir:-$here/..}
skip_unless "mdevctl ${MDEVCTL_VERSION:-(missing)} has no live modify (mdevctl >= 1.3)" mdevctl_at_least 1.3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the seed host; its active masks also free adapter 3 now (the persistent
# ones keep it after reboot); another active mdev holds 02.0033; the kernel
# has ap_config
mdevctl_root_build "$work/root" "$build/tools/virt-ap-check"
fakehost_masks "$R" 0-1,4-255 0-42,44-255
OTHER=eeeeeeee-0000-4000-8000-000000000002
fakehost_mdev "$R" "$OTHER" "02.0033" ""
AP=$R/sys/devices/vfio_ap/matrix/$SEED_MDEV/ap_config
DEF=$R/etc/mdevctl.d/matrix/$SEED_MDEV
cp "$DEF" "$work/seed.def"
nolock() { [ ! -e "$R/run/lock/s390apconfig.lock" ]; }
unchanged() { cmp -s "$DEF" "$work/seed.def"; }

# modify FLAGS ADAPTERS DOMAINS: mdevctl modify FLAGS of the seed mdev to
# those adapters and domains (hex), as JSON on stdin; ap_config starts empty
modify() {
    local attrs= id
    for id in $2; do attrs="$attrs,{\"assign_adapter\":\"$id\"}"; done
    for id in $3; do attrs="$attrs,{\"assign_domain\":\"$id\"}"; done
    : >"$AP"
    inroot sh -c "printf '%s' '{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[${attrs#,}]}' |
                  mdevctl modify $1 -u $SEED_MDEV --jsonfile /dev/stdin"
}
# the masks ap_config must hold for adapter 2 with domains 43 and 50
APCFG_2B_32=0x2$(printf '0%.0s' $(seq 63)),0x0000000000102$(printf '0%.0s' $(seq 51)),0x$(printf '0%.0s' $(seq 64))

modify --live 0x02 "0x002b 0x0032"
check "modify --live onto a free APQN is applied at once" test "$rc" -eq 0
check "... as the whole matrix in ap_config" test "$(cat "$AP")" = "$APCFG_2B_32"
check "... and the stored definition is untouched" unchanged
check "... and the lock is released" nolock

modify --live 0x02 "0x002b 0x0033"
check "modify --live onto an APQN another active mdev holds is refused" test "$rc" -ne 0
check "... naming it" contains "$out" "virt-ap-check: APQN 02.0033 (2.51) is in use by active mdev $OTHER"
check "... with mdevctl's veto line" contains "$out" "$(mdevctl_veto_line)"
check "... and nothing is applied" test ! -s "$AP"
check "... and the lock is released" nolock

# adapter 3 is free now but kept by the host after reboot: the live half
# alone is valid, the stored half is not, so neither may happen
modify "--live --defined" "0x02 0x03" "0x002b 0x0032"
check "modify --live --defined onto an APQN the host keeps after reboot is refused" test "$rc" -ne 0
check "... naming it" contains "$out" "APQN 03.0032 (3.50) is kept by the host after reboot"
check "... and the stored definition is untouched" unchanged
check "... and nothing is applied live either (no split outcome)" test ! -s "$AP"
[ -s "$AP" ] && echo "  ap_config after the refused change: $(cat "$AP")"
check "... and the lock is released" nolock

modify "--live --defined" 0x02 "0x002b 0x0032"
check "modify --live --defined onto a free APQN succeeds" test "$rc" -eq 0
check "... applied live" test "$(cat "$AP")" = "$APCFG_2B_32"
check "... and stored" grep -q '"assign_domain": "0x0032"' "$DEF"
check "... and the lock is released" nolock
[ -n "${VERBOSE:-}" ] && echo "$out"
finish
