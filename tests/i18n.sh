#!/bin/bash
# The German catalog end to end: the built po/de.gmo, placed where the
# binaries look for it (in a private mount namespace), turns a refusal, the
# masks table and a callout message into German with LANGUAGE=de.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
need_root "i18n"
build=${abs_top_builddir:-$here/..}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seedhost_build "$work/root"
# gettext builds the catalogs in the source tree's po/ (shipped in the tarball)
gmo=$build/po/de.gmo
[ -f "$gmo" ] || gmo=$here/../po/de.gmo
[ -f "$gmo" ] || { echo "FAIL: po/de.gmo was not built"; exit 1; }
# where the binaries were built to look: make's $(localedir)
localedir=$(printf 'print-localedir:\n\t@echo $(localedir)\n' |
            make -s --no-print-directory -C "$build" -f Makefile -f - print-localedir 2>/dev/null | tail -n 1)

# in_german CMD...: CMD with the catalog installed and LANGUAGE=de; sets $out
in_german() {
    out=$(unshare -m --propagation private sh -c '
        d=$1/de/LC_MESSAGES; shift
        mkdir -p "$d" && mount -t tmpfs i18n "$d" && cp "$0" "$d/virt-ap.mo" &&
        exec env LANG=C.UTF-8 LANGUAGE=de VIRT_AP_ROOT="$ROOT" "$@"' \
        "$gmo" "$localedir" "$@" 2>&1)
}
export ROOT=$work/root
in_german "$build/tools/virt-ap" validate "$here/../demo/refused.xml"
check "validate refuses in German" \
    contains "$out" "Fehler: APQN 03.0032 (3.50) gehört nach einem Neustart dem Host"
check "... with the plural form of the verdict" contains "$out" "abgelehnt (1 Fehler)"
in_german "$build/tools/virt-ap" masks
check "the masks table has German headers" contains "$out" "ATTRIBUT AKTIV"
in_german "$build/tools/virt-ap-check" -t vfio_ap-passthrough -e pre -a define -s none -u x -p matrix
check "the callout speaks German too" contains "$out" "'x' ist keine UUID"
out=$(LANG=C.UTF-8 VIRT_AP_ROOT=$ROOT "$build/tools/virt-ap" validate "$here/../demo/refused.xml" 2>&1)
check "without LANGUAGE the messages stay English" contains "$out" "error: APQN 03.0032 (3.50) is kept by the host after reboot"
finish
