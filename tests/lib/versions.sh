# versions.sh: the real mdevctl and libvirt on this machine, and what the
# tests expect from each (Debian 12: mdevctl 1.2.0, libvirt 9.0.0; Debian 13:
# mdevctl 1.4.0, libvirt 11.3.0; research/mdevctl.md 2.1, 2.6 and
# research/debian13-and-libvirt-source.md 2-3).  Source it, then:
#   MDEVCTL_VERSION, LIBVIRT_VERSION    e.g. "1.2.0", "9.0.0" (empty if missing)
#   mdevctl_at_least 1.3                true when mdevctl is that version or newer
#   libvirt_at_least 10.1               the same for libvirtd
#   mdevctl_callout                     where this mdevctl runs virt-ap-check from
#                                       (the rigs install it in both directories)
#   mdevctl_veto_line                   the line this mdevctl prints after the
#                                       callout vetoes (exit 1)
#   skip_unless REASON CMD...           exit 77 with "SKIP: REASON" unless CMD succeeds

MDEVCTL_VERSION=$(/usr/bin/mdevctl --version 2>/dev/null | sed -n 's/^mdevctl //p')
LIBVIRT_VERSION=$(/usr/sbin/libvirtd --version 2>/dev/null | sed -n 's/^.*(libvirt) //p')

_version_at_least() { # HAVE WANT
    [ -n "$1" ] && printf '%s\n%s\n' "$2" "$1" | sort -V -C
}
mdevctl_at_least() { _version_at_least "$MDEVCTL_VERSION" "$1"; }
libvirt_at_least() { _version_at_least "$LIBVIRT_VERSION" "$1"; }

# mdevctl >= 1.3 looks first in /usr/lib/mdevctl/scripts.d/callouts and stops
# at the first match; 1.2 only knows /etc/mdevctl.d/scripts.d/callouts
mdevctl_callout() {
    if mdevctl_at_least 1.3; then
        echo /usr/lib/mdevctl/scripts.d/callouts/virt-ap-check
    else
        echo /etc/mdevctl.d/scripts.d/callouts/virt-ap-check
    fi
}

mdevctl_veto_line() {
    if mdevctl_at_least 1.3; then
        echo "Error: Script '\"$(mdevctl_callout)\"' failed with status '1'"
    else
        echo "Error: callout script \"$(mdevctl_callout)\" failed with return code 1"
    fi
}

skip_unless() { # skip_unless REASON CMD...
    local reason=$1
    shift
    "$@" && return 0
    echo "SKIP: $reason"
    exit 77
}
