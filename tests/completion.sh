#!/bin/bash
# The bash completion of virt-ap, sourced and asked as bash would ask it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/../tools/bash-completion/virt-ap"
compopt() { :; } # only valid inside a real completion; the options are not under test

# complete WORD...: the completions bash would offer for the last word, split
# at "=" as bash does with its default COMP_WORDBREAKS
complete_words() {
    local line="$*"
    line=${line//=/ = }
    read -ra COMP_WORDS <<<"$line"
    [[ $* == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _virt_ap
    echo "${COMPREPLY[*]}"
}

check "the verbs" test "$(complete_words 'virt-ap ')" = "validate masks overrides status audit suggest define --help --version"
check "a verb prefix" test "$(complete_words 'virt-ap ma')" = "masks"
check "masks options" contains "$(complete_words 'virt-ap masks --')" "--active --persistent --remove= --dry-run --json --output= --noheadings --raw --help"
check "masks settings" test "$(complete_words 'virt-ap masks a')" = "apmask= aqmask="
check "--remove values" test "$(complete_words 'virt-ap masks --remove=')" = "apmask aqmask"
check "--remove value prefix" test "$(complete_words 'virt-ap masks --remove=apm')" = "apmask"
check "nothing is offered inside an ID list" test -z "$(complete_words 'virt-ap masks apmask=')"
check "validate options" test "$(complete_words 'virt-ap validate --')" = "--scope= --autostart --uuid= --json --help"
check "--scope values" test "$(complete_words 'virt-ap validate --scope=')" = "define start"
check "status options" test "$(complete_words 'virt-ap status --')" = "--connect= --json --no-color --output= --noheadings --raw --help"
check "status columns" test "$(complete_words 'virt-ap status --output=st')" = "state start"
check "audit columns" contains "$(complete_words 'virt-ap audit --output=')" "rule severity apqns"
check "masks columns" test "$(complete_words 'virt-ap masks --output=persistent-')" = "persistent-from persistent-mask"
check "--connect values" contains "$(complete_words 'virt-ap audit --connect=q')" "qemu:///system"
check "suggest options" test "$(complete_words 'virt-ap suggest --')" = "--adapter= --domains= --xml --uuid= --output= --noheadings --raw --help"
check "define options" test "$(complete_words 'virt-ap define --')" = "--connect= --autostart --help"
check "overrides options" test "$(complete_words 'virt-ap overrides --')" = "--active --persistent --dry-run --json --output= --noheadings --raw --help"
check "overrides settings" test "$(complete_words 'virt-ap overrides v')" = "vfio_ap="
check "overrides columns" test "$(complete_words 'virt-ap overrides --output=')" = "queue driver override persistent"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sys/bus/ap/devices/01.0005" "$work/sys/bus/ap/devices/01.0006" "$work/sys/bus/ap/devices/card01"
check "overrides: the queues sysfs has" test "$(VIRT_AP_ROOT=$work complete_words 'virt-ap overrides vfio_ap=01')" = "01.0005 01.0006"
check "overrides: after a comma, the next queue" test "$(VIRT_AP_ROOT=$work complete_words 'virt-ap overrides default=01.0005,01.0006,01')" = "01.0005,01.0006,01.0005 01.0005,01.0006,01.0006"
cd "$here/../demo"
check "define completes XML files" contains "$(complete_words 'virt-ap define acc')" "accepted.xml"
check "validate completes definition files" contains "$(complete_words 'virt-ap validate ref')" "refused.xml"
finish
