# mdevctl-root.sh: Debian's mdevctl 1.2.0 on a fake host (research/mdevctl.md
# 3.3: 1.2 has no alternate root, so it runs chrooted in a private mount
# namespace, with the machine's /usr bind-mounted read-only).  Source it, then:
#   mdevctl_root_build ROOT CALLOUT   the seed host, chroot-ready, callout installed
#   inroot CMD...                     CMD chrooted in $R; sets $out (stdout+stderr), $rc
#   inroot_bg OUTFILE CMD...          the same in the background; $! is its PID
# fakehost.sh and seedhost.sh must be sourced first.

mdevctl_root_build() {
    local r=$1 d
    R=$r
    seedhost_build "$r"
    mkdir -p "$r/usr" "$r/dev" "$r/tmp"
    for d in bin lib lib64 sbin; do ln -s "usr/$d" "$r/$d"; done
    install -m 755 "$2" "$r/etc/mdevctl.d/scripts.d/callouts/virt-ap-check"
}

_inroot() {
    unshare -m --propagation private sh -c '
        R=$1; shift
        mount --bind /usr "$R/usr" && mount -o remount,bind,ro "$R/usr" &&
        mount --bind /dev "$R/dev" && mount -t proc proc "$R/proc" &&
        exec chroot "$R" "$@"' sh "$R" "$@"
}

inroot() {
    out=$(_inroot "$@" 2>&1)
    rc=$?
}

inroot_bg() {
    local file=$1
    shift
    { _inroot "$@" >"$file" 2>&1; echo "rc=$?" >>"$file"; } &
}
