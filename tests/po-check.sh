#!/bin/bash
# Every source file with translatable messages is in po/POTFILES.in, and
# xgettext extracts the messages users see from them.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
top=$here/..
cd "$top"
for f in $(grep -l '_("' src/util/*.c src/node_device/*.c tools/*.c); do
    check "po/POTFILES.in lists $f" grep -qx "$f" po/POTFILES.in
done
while read -r f; do
    check "po/POTFILES.in entry $f exists" test -f "$f"
done <po/POTFILES.in
pot=$(xgettext --keyword=_ --keyword=N_ --keyword=virAPNGettext:1,2 --from-code=UTF-8 -o - -f po/POTFILES.in 2>&1)
check "the callout's clash message is extracted" contains "$pot" 'is also in autostart definition %s'
check "plural forms are extracted" contains "$pot" 'msgid_plural "%s: refused (%u errors)\n"'
finish
