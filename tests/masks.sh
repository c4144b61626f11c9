#!/bin/bash
# "virt-ap masks", data-driven: every tests/masksdata/HOST--NAME.cmds is a
# list of argument lines run in order on a fresh fake host HOST (built by
# host_HOST in masksdata/hosts.sh).  The transcript (each command, its
# output and exit status) and the final sysfs masks and 41-ap.rules must
# equal NAME's .out; VIR_TEST_REGENERATE_OUTPUT=1 rewrites them.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/masksdata/hosts.sh"
build=${abs_top_builddir:-$here/..}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset MDEVCTL_ENV_ROOT

cd "$here/masksdata"
for cmds in *--*.cmds; do
    host=${cmds%%--*}
    root=$work/${cmds%.cmds}
    "host_$host" "$root"
    expected=${cmds%.cmds}.out
    actual=$(
        while IFS= read -r line; do
            echo "\$ virt-ap masks $line"
            # shellcheck disable=SC2086 # the line is the argument list
            VIRT_AP_ROOT=$root "$build/tools/virt-ap" masks $line 2>&1
            echo "exit: $?"
        done <"$cmds"
        echo "--- sysfs: apmask $(cat "$root/sys/bus/ap/apmask")"
        echo "--- sysfs: aqmask $(cat "$root/sys/bus/ap/aqmask")"
        if [ -e "$root/etc/udev/rules.d/41-ap.rules" ]; then
            echo "--- 41-ap.rules:"; cat "$root/etc/udev/rules.d/41-ap.rules"
        else
            echo "--- no 41-ap.rules"
        fi
        [ -e "$root/run/lock/s390apconfig.lock" ] && echo "--- the lock is left behind"
        ls -A "$root/etc/udev/rules.d" | grep -v '^41-ap.rules$' | sed 's/^/--- stray file: /'
    )
    actual=${actual//$root/ROOT}
    [ -n "${VIR_TEST_REGENERATE_OUTPUT:-}" ] && printf '%s\n' "$actual" >"$expected"
    if [ "$(printf '%s\n' "$actual" | json_empty)" = "$(json_empty <"$expected" 2>/dev/null)" ]; then
        echo "PASS: masks $cmds"; PASSED=$((PASSED + 1))
    else
        echo "FAIL: masks $cmds"; FAILED=$((FAILED + 1))
        diff -u "$expected" <(printf '%s\n' "$actual") | sed 's/^/    /'
    fi
done
finish
