# libvirt-rig.sh: the machine's real libvirtd (nodedev driver only) and
# mdevctl with virt-ap-check installed, against a fake s390 host, in a private
# mount + network namespace: nothing on the machine changes
# (research/libvirt-nodedev.md 7-8).  Debian 12: libvirtd 9.0.0 and mdevctl
# 1.2.0; Debian 13: libvirtd 11.3.0 and mdevctl 1.4.0.  The callout is in both
# mdevctl callout directories (as make install puts it): /usr is the
# machine's /usr laid read-only over a directory holding
# lib/mdevctl/scripts.d and libexec/virt-ap.  Needs root.  Source it, then:
#   rig_start WORKDIR CALLOUT HOSTFUNC   HOSTFUNC builds the host under "" (inside);
#                                        CALLOUT "" installs no callout
# With RIG_LIBVIRT=DIR (a DESTDIR tree of a libvirt build, such as
# scripts/libvirt-series installs), the rig runs DIR's libvirtd and nodedev
# driver (with DIR's libvirt.so) instead of the machine's.  RIG_HOSTLIB=FILE
# is sourced before HOSTFUNC runs (a host function of the caller's own).
#   rig_virsh ARGS...                    virsh -c nodedev:///system in the namespace
#   rig_in CMD...                        any command in the namespace
#   rig_stop
# fakehost.sh must be sourced first.

RIG_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$RIG_LIB/callout-install.sh"

# -r: the holder's root, so that the rig also works inside a chroot
rig_in() { nsenter -t "$RIG_HOLDER" -m -n -r --wd=/ -- "$@"; }
rig_virsh() { rig_in virsh -q -c nodedev:///system "$@"; }

rig_start() {
    local work=$1 callout=$2 hostfunc=$3 so d i
    RIG_WORK=$work
    # everything in the rig lives at / in its namespace
    unset VIRT_AP_ROOT MDEVCTL_ENV_ROOT
    RIG_DAEMON=/usr/sbin/libvirtd RIG_LIBS=
    if [ -n "${RIG_LIBVIRT:-}" ]; then
        RIG_DAEMON=$RIG_LIBVIRT/usr/sbin/libvirtd
        so=$(find "$RIG_LIBVIRT" -name libvirt_driver_nodedev.so | head -n 1)
        RIG_LIBS=$(dirname "$(find "$RIG_LIBVIRT" -name 'libvirt.so.0' | head -n 1)")
    else
        so=$(ls /usr/lib/*/libvirt/connection-driver/libvirt_driver_nodedev.so 2>/dev/null | head -n 1)
    fi
    for d in "$RIG_DAEMON" /usr/bin/virsh /usr/bin/mdevctl "$so"; do
        [ -x "$d" ] || [ -f "$d" ] || { echo "rig: missing $d (apt-get install libvirt-daemon libvirt-clients mdevctl)" >&2; return 1; }
    done
    mkdir -p "$work/drivers" "$work/ovl" "$work/usr/lib/mdevctl/scripts.d/callouts" \
             "$work/usr/lib/mdevctl/scripts.d/notifiers"
    [ -z "$callout" ] || callout_install "$work/usr" "$callout" "$work/usr/lib/mdevctl/scripts.d/callouts" || return 1
    ln -sfn "$so" "$work/drivers/"
    cat >"$work/libvirtd.conf" <<CONF
unix_sock_rw_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_filters = "1:node_device 1:util.command 3:util 3:rpc 3:event 3:object"
log_outputs = "1:file:$work/libvirtd.log"
CONF
    unshare -m -n --propagation private sleep infinity &
    RIG_HOLDER=$!
    sleep 0.2
    rig_in sh -e -c '
        w=$1
        mount -t tmpfs rig-ovl "$w/ovl"; mkdir -p "$w/ovl/up" "$w/ovl/work"
        mount -t overlay rig-sys -o "lowerdir=/sys,upperdir=$w/ovl/up,workdir=$w/ovl/work" /sys
        mount -t overlay rig-usr -o "lowerdir=/usr:$w/usr" /usr
        for d in /run/libvirt /var/lib/libvirt /var/cache/libvirt /etc/mdevctl.d \
                 /etc/udev/rules.d /usr/lib/udev/rules.d /run/lock; do
            mkdir -p "$d"; mount -t tmpfs rig "$d"
        done
        ip link set lo up 2>/dev/null || true' sh "$work" || return 1
    # the host, built inside the namespace (ROOT is "")
    rig_in bash -c ". '$RIG_LIB/fakehost.sh'; . '$RIG_LIB/seedhost.sh'; ${RIG_HOSTLIB:+. '$RIG_HOSTLIB';} $hostfunc ''; fakehost_udev ''" || return 1
    [ -z "$callout" ] || rig_in install -m 755 "$(dirname "$callout")/virt-ap-check-front" /etc/mdevctl.d/scripts.d/callouts/virt-ap-check || return 1
    # its own pid file: /run/libvirtd.pid is shared with any other rig running
    nsenter -t "$RIG_HOLDER" -m -n -r --wd=/ -- env SYSTEMD_DEVICE_VERIFY_SYSFS=0 \
        LIBVIRT_DRIVER_DIR="$work/drivers" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        ${RIG_LIBS:+LD_LIBRARY_PATH=$RIG_LIBS} \
        "$RIG_DAEMON" -f "$work/libvirtd.conf" -p "$work/libvirtd.pid" >"$work/libvirtd.out" 2>&1 &
    RIG_LIBVIRTD=$!
    for i in $(seq 300); do
        rig_in test -S /run/libvirt/libvirt-sock && [ "$(rig_virsh nodedev-list --cap ap_matrix 2>/dev/null)" = ap_matrix ] && return 0
        sleep 0.1
    done
    echo "rig: libvirtd did not come up in 30 s; its output and the end of its log:" >&2
    cat "$work/libvirtd.out" >&2
    tail -n 20 "$work/libvirtd.log" >&2
    return 1
}

rig_stop() {
    local i
    [ -n "${RIG_LIBVIRTD:-}" ] && kill -TERM "$RIG_LIBVIRTD" 2>/dev/null
    for i in $(seq 50); do kill -0 "${RIG_LIBVIRTD:-0}" 2>/dev/null || break; sleep 0.1; done
    [ -n "${RIG_HOLDER:-}" ] && kill -TERM "$RIG_HOLDER" 2>/dev/null
    wait 2>/dev/null
    RIG_LIBVIRTD= RIG_HOLDER=
}
