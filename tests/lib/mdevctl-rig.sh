# mdevctl-rig.sh: a fake s390 host on which Debian's mdevctl 1.2 defines,
# starts and stops vfio_ap mdevs: its root is DIR/root (the host's tree,
# /usr, /dev and /proc of the machine bind-mounted, virt-ap-check installed),
# the vfio_ap driver's sysfs is tests/lib/fake-vfio-ap.py, and DIR/bin/mdevctl
# runs mdevctl chrooted into it (1.2 has no alternate root).  The mounts live
# in the caller's mount namespace: call it inside "unshare -m".  Needs root
# and python3-fusepy.  Source it (fakehost.sh first), then:
#   mdevctl_rig_start DIR HOSTFUNC CALLOUT   HOSTFUNC builds the host under DIR/root
#   mdevctl_rig_stop DIR
MDEVCTL_RIG_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

mdevctl_rig_start() {
    local dir=$1 r=$1/root d i
    mkdir -p "$dir/bin"
    "$2" "$r" || return 1
    mkdir -p "$r/usr" "$r/dev" "$r/tmp"
    for d in bin lib lib64 sbin; do ln -s "usr/$d" "$r/$d"; done
    install -m 755 "$3" "$r/etc/mdevctl.d/scripts.d/callouts/virt-ap-check" || return 1
    mount --bind /usr "$r/usr" && mount -o remount,bind,ro "$r/usr" &&
        mount --bind /dev "$r/dev" && mount -t proc proc "$r/proc" || return 1
    /usr/bin/python3 "$MDEVCTL_RIG_LIB/fake-vfio-ap.py" "$r" >"$dir/fake-vfio-ap.log" 2>&1 &
    echo $! >"$dir/fake-vfio-ap.pid"
    for i in $(seq 100); do
        grep -q " $r/sys/devices/vfio_ap/matrix " /proc/self/mountinfo && break
        sleep 0.05
    done
    grep -q " $r/sys/devices/vfio_ap/matrix " /proc/self/mountinfo ||
        { echo "rig: fake vfio_ap did not mount (see $dir/fake-vfio-ap.log)" >&2; return 1; }
    # inside the chroot the host is at /: no root prefix for mdevctl or the callout
    printf '#!/bin/sh\nunset VIRT_AP_ROOT MDEVCTL_ENV_ROOT\nexec chroot %s /usr/bin/mdevctl "$@"\n' "$r" >"$dir/bin/mdevctl"
    chmod 755 "$dir/bin/mdevctl"
}

mdevctl_rig_stop() {
    local r=$1/root pid
    umount "$r/sys/devices/vfio_ap/matrix" 2>/dev/null || umount -l "$r/sys/devices/vfio_ap/matrix" 2>/dev/null
    if pid=$(cat "$1/fake-vfio-ap.pid" 2>/dev/null); then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    umount "$r/proc" "$r/dev" "$r/usr" 2>/dev/null
}
