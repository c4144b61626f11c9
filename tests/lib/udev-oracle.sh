#!/bin/bash
# udev-oracle.sh: udev's own rule engine (udevadm test) as the oracle of
# what the next boot writes to /sys/bus/ap/apmask and aqmask.
#
#   udev-oracle.sh VERSION CASE...
#
# VERSION 252 runs the host's udevadm (Debian 12); 257 runs the udevadm of
# the Debian 13 root $UDEV_ORACLE_TRIXIE (default /var/cache/virt-ap/trixie)
# through chroot.  Each CASE is a host root holding the rule directories
# (etc/udev/rules.d, run/udev/rules.d, usr/local/lib/udev/rules.d,
# usr/lib/udev/rules.d); they are mounted over udev's own directories in a
# private mount namespace, over a fake /sys with the AP bus: /sys/bus/ap
# (apmask, aqmask, bindings_complete_count) and /sys/devices/ap (its uevent
# file carries BINDINGS=complete COMPLETECOUNT=1, and a subsystem link: the
# kernel's event says SUBSYSTEM=ap).  For each case it writes
# CASE/udev-VERSION.writes, one line per write udev makes to a mask:
#   EVENT MASK FILE:LINE VALUE
# for the events of chzdev's rule (research/next-boot.md):
#   bindings  udevadm test --action=change /sys/devices/ap
#   add1      udevadm test --action=add /sys/bus/ap, bindings_complete_count 1
#   add0      the same with bindings_complete_count 0
#   addnone   the same without the attribute (kernels before 6.19)
# (add0 and addnone are run only when a rule names bindings_complete_count;
# otherwise they are add1), and CASE/udev-VERSION.log, udevadm's output.
# udev 252's "udevadm test" writes ATTR{} for real (into the fake /sys);
# 257's only logs it; both logs name the path, which is resolved in the
# fake /sys: only what reaches /sys/bus/ap/apmask or aqmask counts.
# Needs root (unshare, mount, chroot).
set -u

version=$1
shift
trixie=${UDEV_ORACLE_TRIXIE:-/var/cache/virt-ap/trixie}

if [ "${UDEV_ORACLE_INSIDE:-}" != 1 ]; then
    if [ "$version" = 257 ] && [ ! -x "$trixie/usr/bin/udevadm" ]; then
        echo "udev-oracle: no Debian 13 root with udevadm at $trixie" >&2
        exit 77
    fi
    UDEV_ORACLE_INSIDE=1 exec unshare -m --propagation private bash "$0" "$version" "$@"
fi

# ---- inside the private mount namespace
root=/
[ "$version" = 257 ] && root=$trixie
R=${root%/}
dirs="etc/udev/rules.d run/udev/rules.d usr/local/lib/udev/rules.d usr/lib/udev/rules.d"
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT

mount -t tmpfs none "$R/sys" || exit 1
mount -t tmpfs none "$R/run" || exit 1
mount -t tmpfs none "$R/usr/local/lib" || exit 1
mkdir -p "$R/run/udev/rules.d" "$R/usr/local/lib/udev/rules.d"
if [ "$version" = 257 ]; then
    mount -t proc proc "$R/proc"
    mount --bind /dev "$R/dev"
fi

udevadm_test() { # ACTION SYSPATH
    if [ "$version" = 257 ]; then
        chroot "$root" env SYSTEMD_DEVICE_VERIFY_SYSFS=0 SYSTEMD_LOG_LEVEL=debug \
            udevadm test --action="$1" "$2" 2>&1
    else
        SYSTEMD_DEVICE_VERIFY_SYSFS=0 SYSTEMD_LOG_LEVEL=debug udevadm test --action="$1" "$2" 2>&1
    fi
}

resolve() { # PATH: the file it names in the fake /sys, or nothing
    if [ "$version" = 257 ]; then
        chroot "$root" realpath -e "$1" 2>/dev/null
    else
        realpath -e "$1" 2>/dev/null
    fi
}

fake_sys() { # BCC (a number, or "none")
    rm -rf "$R/sys/bus" "$R/sys/devices"
    mkdir -p "$R/sys/bus/ap" "$R/sys/devices/ap"
    for m in apmask aqmask; do
        echo "0x$(printf 'f%.0s' {1..64})" >"$R/sys/bus/ap/$m"
    done
    [ "$1" = none ] || echo "$1" >"$R/sys/bus/ap/bindings_complete_count"
    : >"$R/sys/bus/ap/uevent"
    printf 'BINDINGS=complete\nCOMPLETECOUNT=1\n' >"$R/sys/devices/ap/uevent"
    ln -s ../../bus/ap "$R/sys/devices/ap/subsystem"
}

# The writes of one event: parse udevadm's log (252: "ATTR 'PATH' writing
# 'VALUE'", 257: "skipping writing ATTR{PATH}="VALUE".").
run_event() { # EVENT ACTION SYSPATH BCC LOG
    local event=$1 out line where path value target
    fake_sys "$4"
    out=$(udevadm_test "$2" "$3")
    printf '== %s\n%s\n' "$event" "$out" >>"$5"
    while IFS= read -r line; do
        where=${line#*: }
        where=${where%% *}
        case $line in
        *" ATTR '"*"' writing '"*"'")
            path=${line#*" ATTR '"}; path=${path%%"' writing '"*}
            value=${line#*"' writing '"}; value=${value%"'"} ;;
        *"skipping writing ATTR{"*'}="'*'".')
            path=${line#*"skipping writing ATTR{"}; path=${path%%'}="'*}
            value=${line#*'}="'}; value=${value%'".'} ;;
        *) continue ;;
        esac
        target=$(resolve "$path")
        case $target in
        /sys/bus/ap/apmask) echo "$event apmask $where $value" ;;
        /sys/bus/ap/aqmask) echo "$event aqmask $where $value" ;;
        esac
    done <<<"$out"
}

for case in "$@"; do
    writes=$case/udev-$version.writes
    log=$case/udev-$version.log
    : >"$writes"
    : >"$log"
    for d in $dirs; do
        src=$case/$d
        [ -d "$src" ] || src=$empty
        mount --bind "$src" "$R/$d" || exit 1
    done
    run_event bindings change /sys/devices/ap 1 "$log" >>"$writes"
    run_event add1 add /sys/bus/ap 1 "$log" >>"$writes"
    if grep -rqs bindings_complete_count $(for d in $dirs; do echo "$case/$d"; done); then
        run_event add0 add /sys/bus/ap 0 "$log" >>"$writes"
        run_event addnone add /sys/bus/ap none "$log" >>"$writes"
    else
        # no rule can tell the three apart: they write what add1 writes
        { sed -n 's/^add1 /add0 /p' "$writes"; sed -n 's/^add1 /addnone /p' "$writes"; } >"$writes.more"
        cat "$writes.more" >>"$writes"
        rm -f "$writes.more"
    fi
    for d in $dirs; do umount "$R/$d"; done
done
exit 0
