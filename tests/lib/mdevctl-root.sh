# mdevctl-root.sh: the machine's real mdevctl (Debian 12: 1.2.0, Debian 13:
# 1.4.0) on a fake host.  1.2 has no alternate root (research/mdevctl.md
# 3.3), so every version runs the same way: chrooted in a private mount
# namespace whose /usr is the machine's /usr laid read-only over the fake
# root's own usr/ (overlayfs, the machine's files on top), so that the fake
# root's usr/lib/mdevctl/scripts.d shows through where the machine has
# nothing of its own.  Source it, then:
#   mdevctl_root_build ROOT CALLOUT   the seed host, chroot-ready, the callout
#                                     (tools/virt-ap-check) installed as make
#                                     install does (callout-install.sh)
#   inroot CMD...                     CMD chrooted in $R; sets $out (stdout+stderr), $rc
#   inroot_bg OUTFILE CMD...          the same in the background; $! is its PID
# fakehost.sh and seedhost.sh must be sourced first.
. "$(dirname "${BASH_SOURCE[0]}")/callout-install.sh"

mdevctl_root_build() {
    local r=$1 d
    R=$r
    seedhost_build "$r"
    mkdir -p "$r/usr" "$r/dev" "$r/tmp"
    for d in bin lib lib64 sbin; do ln -s "usr/$d" "$r/$d"; done
    # mdevctl >= 1.3 needs both directories to exist
    mkdir -p "$r/usr/lib/mdevctl/scripts.d/callouts" "$r/usr/lib/mdevctl/scripts.d/notifiers"
    callout_install "$r/usr" "$2" "$r/usr/lib/mdevctl/scripts.d/callouts" "$r/etc/mdevctl.d/scripts.d/callouts"
}

_inroot() {
    unshare -m --propagation private sh -c '
        R=$1; shift
        mount -t overlay mdevctl-root-usr -o "lowerdir=/usr:$R/usr" "$R/usr" &&
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
