#!/bin/bash
# "virt-ap status", "audit" and "suggest", data-driven: every tests/statusdata/HOST--NAME.args
# holds one virt-ap command line, run on the fake host HOST (host_HOST in
# statusdata/hosts.sh) with the guests of HOST-guests.xml through libvirt's
# test driver (or no reachable libvirt when there is none, or NAME says
# "nolibvirt").  Output and exit
# status must equal NAME's .out; VIR_TEST_REGENERATE_OUTPUT=1 rewrites them.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/statusdata/hosts.sh"
build=${abs_top_builddir:-$here/..}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset MDEVCTL_ENV_ROOT

cd "$here/statusdata"
for args in *--*.args; do
    host=${args%%--*}
    root=$work/$host
    [ -d "$root" ] || "host_$host" "$root"
    uri=test://$here/statusdata/$host-guests.xml
    if [ ! -f "$host-guests.xml" ] || [[ $args == *nolibvirt* ]]; then
        uri="qemu+unix:///system?socket=$work/no-libvirtd-here"
    fi
    expected=${args%.args}.out
    # shellcheck disable=SC2046 # the file is the argument list
    connect=(-c "$uri")
    [[ $(cat "$args") == suggest* ]] && connect=()
    actual=$(VIRT_AP_ROOT=$root "$build/tools/virt-ap" $(cat "$args") "${connect[@]}" 2>&1; echo "exit: $?")
    actual=${actual//$root/ROOT}
    actual=${actual//$here/TESTS}
    actual=${actual//$work/WORK}
    [ -n "${VIR_TEST_REGENERATE_OUTPUT:-}" ] && printf '%s\n' "$actual" >"$expected"
    if [ "$(printf '%s\n' "$actual" | json_empty)" = "$(json_empty <"$expected" 2>/dev/null)" ]; then
        echo "PASS: $args"; PASSED=$((PASSED + 1))
    else
        echo "FAIL: $args"; FAILED=$((FAILED + 1))
        diff -u <(json_empty <"$expected") <(printf '%s\n' "$actual" | json_empty) | sed 's/^/    /'
    fi
done
finish
