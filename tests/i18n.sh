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

# LANGUAGE is ignored under the C locale, and glibc 2.41 (Debian 13) counts
# C.UTF-8 as C (2.36, Debian 12, does not): the German runs use en_US.UTF-8,
# built here into a private LOCPATH (the machine's locales are not touched)
command -v localedef >/dev/null && [ -d /usr/share/i18n/locales ] ||
    { echo "FAIL: localedef or /usr/share/i18n missing (apt-get install locales)"; exit 1; }
mkdir -p "$work/locale" && localedef -i en_US -f UTF-8 "$work/locale/en_US.UTF-8" >/dev/null 2>&1 ||
    { echo "FAIL: localedef could not build en_US.UTF-8"; exit 1; }

# with_catalog LANG LANGUAGE CMD...: CMD with the catalog installed and those
# two variables (LANGUAGE unset if empty); sets $out
with_catalog() {
    out=$(unshare -m --propagation private sh -c '
        d=$1/de/LC_MESSAGES; lang=$2 language=$3; shift 3
        mkdir -p "$d" && mount -t tmpfs i18n "$d" && cp "$0" "$d/virt-ap.mo" &&
        exec env LOCPATH="$LOCPATH" LANG="$lang" ${language:+LANGUAGE=$language} VIRT_AP_ROOT="$ROOT" "$@"' \
        "$gmo" "$localedir" "$@" 2>&1)
}
in_german() { with_catalog en_US.UTF-8 de "$@"; }
export LOCPATH=$work/locale
export ROOT=$work/root
in_german "$build/tools/virt-ap" validate "$here/../demo/refused.xml"
check "validate refuses in German" \
    contains "$out" "Fehler: APQN 03.0032 (3.50) gehört nach einem Neustart dem Host"
check "... with the plural form of the verdict" contains "$out" "abgelehnt (1 Fehler)"
in_german "$build/tools/virt-ap" masks
check "the masks table has German headers" contains "$out" "ATTRIBUT AKTIV"
in_german "$build/tools/virt-ap-check" -t vfio_ap-passthrough -e pre -a define -s none -u x -p matrix
check "the callout speaks German too" contains "$out" "'x' ist keine UUID"
with_catalog C.UTF-8 "" "$build/tools/virt-ap" validate "$here/../demo/refused.xml"
check "without LANGUAGE the messages stay English" contains "$out" "error: APQN 03.0032 (3.50) is kept by the host after reboot"
with_catalog en_US.UTF-8 "" "$build/tools/virt-ap" validate "$here/../demo/refused.xml"
check "... under en_US.UTF-8 too" contains "$out" "error: APQN 03.0032 (3.50) is kept by the host after reboot"
finish
