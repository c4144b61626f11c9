#!/bin/bash
# The policy, data-driven through "virt-ap validate": every file
# tests/validatedata/HOST--SCOPE--NAME.* is a definition, checked on the fake
# host HOST (built by host_HOST in validatedata/hosts.sh) with --scope=SCOPE.
# (with --autostart when NAME says "autostart").
# Its stdout, stderr and exit status must equal NAME's .out file;
# VIR_TEST_REGENERATE_OUTPUT=1 rewrites the .out files instead.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/validatedata/hosts.sh"
build=${abs_top_builddir:-$here/..}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset MDEVCTL_ENV_ROOT

cd "$here/validatedata"
for input in *--*--*.*; do
    case $input in *.out) continue ;; esac
    host=${input%%--*}
    scope=${input#*--}; scope=${scope%%--*}
    root=$work/$host
    [ -d "$root" ] || "host_$host" "$root"
    expected=${input%.*}.out
    opts=--scope=$scope
    case $input in *autostart*) opts="$opts --autostart" ;; esac
    actual=$(VIRT_AP_ROOT=$root "$build/tools/virt-ap" validate $opts "$input" 2>&1; echo "exit: $?")
    actual=${actual//$root/ROOT}
    if [ -n "${VIR_TEST_REGENERATE_OUTPUT:-}" ]; then
        printf '%s\n' "$actual" >"$expected"
    fi
    if [ "$actual" = "$(cat "$expected" 2>/dev/null)" ]; then
        echo "PASS: validate $input"; PASSED=$((PASSED + 1))
    else
        echo "FAIL: validate $input"; FAILED=$((FAILED + 1))
        diff -u "$expected" <(printf '%s\n' "$actual") | sed 's/^/    /'
    fi
done
finish
