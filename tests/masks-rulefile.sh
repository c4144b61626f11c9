#!/bin/bash
# "virt-ap masks --persistent" and 41-ap.rules as people keep it: CRLF line
# ends kept; a symbolic link written through at its target (atomically, the
# link kept); a link to /dev/null refused as "disabled"; a rule file udev
# reads after 41-ap.rules that would undo the change refused before
# anything is written; a mask line outside LABEL="cfg_ap" read as udev runs it, and moved
# inside by the writer.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
build=${abs_top_builddir:-$here/..}
VA=$build/tools/virt-ap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset MDEVCTL_ENV_ROOT

fresh() { # a host with chzdev's 41-ap.rules (apmask 0-1,3-255)
    R=$work/$1
    fakehost_init "$R"
    fakehost_rule "$R" 0-1,3-255 -
    RULE=$R/etc/udev/rules.d/41-ap.rules
    export VIRT_AP_ROOT=$R
}

# CRLF
fresh crlf
sed -i 's/$/\r/' "$RULE"
out=$("$VA" masks --persistent aqmask=0-42,44-255 2>&1); rc=$?
check "CRLF rule: accepted" test "$rc" -eq 0
check "... every line still ends in CRLF" \
    test "$(grep -c $'\r$' "$RULE")" -eq "$(wc -l <"$RULE")"
check "... the new aqmask line is inside the cfg_ap section, before vfio_ap is loaded" \
    eval "grep -A1 'aqmask' '$RULE' | grep -q 'kmod load vfio_ap'"
out=$("$VA" masks --json 2>&1)
check "... and the next boot reads it" contains "$out" '"ids": "0-42,44-255"'

# symbolic link written through
fresh link
mkdir -p "$R/srv/ap"
mv "$RULE" "$R/srv/ap/41-ap.rules"
ln -s ../../../srv/ap/41-ap.rules "$RULE"
out=$("$VA" masks --persistent apmask=0-2,4-255 2>&1); rc=$?
check "symlinked rule: accepted" test "$rc" -eq 0
check "... the link is still a link" test -L "$RULE"
check "... its target holds the new mask" grep -q 'apmask}="0xefff' "$R/srv/ap/41-ap.rules"
check "... no stray file next to the target" test "$(ls -A "$R/srv/ap")" = 41-ap.rules
out=$("$VA" masks --persistent --remove apmask 2>&1); rc=$?
check "... removing the last mask keeps the link and its file" \
    eval 'test "$rc" -eq 0 && test -L "$RULE" && test -f "$R/srv/ap/41-ap.rules"'
check "... with no mask line left" eval "! grep -q 'apmask}=' '$R/srv/ap/41-ap.rules'"

# absolute link: taken inside the root
fresh abslink
mkdir -p "$R/srv"
mv "$RULE" "$R/srv/41-ap.rules"
ln -s /srv/41-ap.rules "$RULE"
out=$("$VA" masks --persistent apmask=0-3,5-255 2>&1); rc=$?
check "absolute link: written at the target under the root" \
    eval 'test "$rc" -eq 0 && test -L "$RULE" && grep -q "apmask}=\"0xf7ff" "$R/srv/41-ap.rules"'

# /dev/null: disabled on purpose
fresh devnull
rm "$RULE"
ln -s /dev/null "$RULE"
out=$("$VA" masks --persistent apmask=0-3 2>&1); rc=$?
check "link to /dev/null: refused" test "$rc" -ne 0
check "... saying the rule is disabled" contains "$out" "is a link to /dev/null: udev skips it"
check "... and the link is left alone" test "$(readlink "$RULE")" = /dev/null

# a later rule file undoes the change: refused before writing
fresh later
printf '%s\n' 'ACTION=="change", SUBSYSTEM=="ap", DEVPATH=="/devices/ap", ENV{BINDINGS}=="complete", ENV{COMPLETECOUNT}=="1", GOTO="cfg_z"' \
    'GOTO="end_z"' 'LABEL="cfg_z"' 'ATTR{../../bus/ap/apmask}="0xff"' 'LABEL="end_z"' \
    >"$R/etc/udev/rules.d/99-local.rules"
before=$(cat "$RULE")
out=$("$VA" masks --persistent apmask=0-3 2>&1); rc=$?
check "a later file sets apmask again: refused" test "$rc" -ne 0
check "... naming the file and line that win" contains "$out" "/etc/udev/rules.d/99-local.rules:4"
check "... and 41-ap.rules is unchanged" test "$(cat "$RULE")" = "$before"

# a mask line outside the section: udev writes it on every event of the bus
# (after the section's value), so the next boot gives it
fresh outside
echo 'ATTR{../../bus/ap/apmask}="0x00"' >>"$RULE"
last=$(wc -l <"$RULE")
out=$("$VA" masks -r -n -o attribute,persistent 2>&1); rc=$?
check "mask line after LABEL=\"end_ap\": read as udev runs it (it wins)" \
    eval 'test "$rc" -eq 0 && contains "$out" "apmask \"\""'
out=$("$VA" masks --persistent apmask=0-3 2>&1); rc=$?
check "... masks --persistent replaces it by one line inside the section" \
    eval 'test "$rc" -eq 0 && test "$(grep -c "apmask}=" "$RULE")" -eq 1 && test "$(tail -n 1 "$RULE")" = "LABEL=\"end_ap\""'
out=$("$VA" masks --json 2>&1)
check "... and the next boot gives the new mask" contains "$out" '"ids": "0-3"'

echo "$PASSED passed, $FAILED failed"
finish
