# callout-install.sh: virt-ap-check laid out as "make install" lays it out
# (prefix /usr): the front in mdevctl's callout directories, the full
# callout it runs in /usr/libexec/virt-ap.  Source it, then:
#   callout_install USR CALLOUT DIR...   CALLOUT is the built full callout
#                                        (tools/virt-ap-check); the front
#                                        beside it goes into each DIR, the
#                                        full callout into USR/libexec/virt-ap
callout_install() {
    local usr=$1 full=$2 dir
    shift 2
    install -D -m 755 "$full" "$usr/libexec/virt-ap/virt-ap-check" || return 1
    for dir in "$@"; do
        install -D -m 755 "$(dirname "$full")/virt-ap-check-front" "$dir/virt-ap-check" || return 1
    done
}
