#!/bin/bash
# The mdevctl callout protocol, driving the built virt-ap-check with
# mdevctl's exact argv and stdin (research/mdevctl.md 2) on fake hosts.
# Every case runs twice: through the front mdevctl runs (as installed; it
# answers get attributes and hands everything else over) and through the
# full callout alone.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
build=${abs_top_builddir:-$here/..}
if [ -z "${CALLOUT_PROTOCOL_CB:-}" ]; then
    echo "-- the full callout"
    CALLOUT_PROTOCOL_CB=$build/tools/virt-ap-check "$0"
    full=$?
    echo "-- the front"
    CB=$build/tests/virt-ap-check-front
else
    full=0
    CB=$CALLOUT_PROTOCOL_CB
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VIRT_AP_ROOT=$work/root
unset MDEVCTL_ENV_ROOT
seedhost_build "$VIRT_AP_ROOT"
LOCK=$VIRT_AP_ROOT/run/lock/s390apconfig.lock
U=11111111-2222-4333-8444-000000000001
FREE='{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"2"},{"assign_domain":"0x32"}]}'
CLASH='{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"2"},{"assign_domain":"0x2b"}]}'

# cb EVENT ACTION [STATE] [UUID] [PARENT] [TYPE] < stdin: sets $out (stdout+stderr)
# and $rc.  No subshell: like mdevctl, this shell ($$) is the parent of every
# callout of a pre/post pair, which is whom the lock is taken for.
cb() {
    "$CB" -t "${6:-vfio_ap-passthrough}" -e "$1" -a "$2" -s "${3:-none}" -u "${4:-$U}" -p "${5:-matrix}" >"$work/out" 2>&1
    rc=$?
    out=$(cat "$work/out")
}

cb pre define none "$U" matrix nvidia-35 <<<"$FREE"
check "another mdev type: exit 2 at once, silently" test "$rc" -eq 2 -a -z "$out"

out=$("$CB" -t vfio_ap-passthrough -e pre -a define -s none -u "$U" 2>&1 </dev/null); rc=$?
check "missing -p: usage error, exit 1" test "$rc" -eq 1
check "... with a usage line" contains "$out" "usage: virt-ap-check -t TYPE"
out=$("$CB" -t vfio_ap-passthrough -t x -e pre -a define -s none -u "$U" -p matrix 2>&1 </dev/null); rc=$?
check "duplicate -t: usage error" test "$rc" -eq 1
out=$("$CB" -t vfio_ap-passthrough -e pre -a define -s none -u "$U" -p matrix extra 2>&1 </dev/null); rc=$?
check "extra argument: usage error" test "$rc" -eq 1

cb pre define none "$U" css <<<"$FREE"
check "parent other than matrix is refused" test "$rc" -eq 1
check "... naming it" contains "$out" "parent 'css' is not 'matrix'"
cb pre define none "../../etc/passwd" <<<"$FREE"
check "a UUID that is a path is refused" test "$rc" -eq 1
check "... naming it" contains "$out" "'../../etc/passwd' is not a UUID"

cb pre define <<<"$FREE"
check "pre define of free APQNs: exit 0, silent" test "$rc" -eq 0 -a -z "$out"
check "... and the lock is held for mdevctl (our parent) until post" test "$(cat "$LOCK" 2>/dev/null)" = "$$"
cb pre define <<<"$FREE"
check "a second pre from the same mdevctl does not wait for itself" test "$rc" -eq 0
cb post define success <<<"$FREE"
check "post releases the lock" test "$rc" -eq 0 -a ! -e "$LOCK"

cb pre define <<<"$CLASH"
check "pre define of a clash: veto (exit 1, never 2)" test "$rc" -eq 1
check "... one line naming the APQN and the other mdev" \
    test "$out" = "APQN 02.002b (2.43) is also in autostart definition $SEED_MDEV: both cannot start at boot; remove it from one of them or make one manual"
check "... and the lock is released at once" test ! -e "$LOCK"

cb pre start <<<"$CLASH"
check "pre start of an APQN an active mdev holds: veto" test "$rc" -eq 1
check "... naming the active mdev" contains "$out" "is in use by active mdev $SEED_MDEV"
cb pre start none "$SEED_MDEV" <<<"$CLASH"
check "pre start of the holder itself passes" test "$rc" -eq 0
cb post start success "$SEED_MDEV" </dev/null

cb pre stop </dev/null
check "pre stop: no checks, holds the lock" test "$rc" -eq 0 -a -e "$LOCK"
cb post stop success </dev/null
cb pre undefine <<<"$CLASH"
check "pre undefine: never refused" test "$rc" -eq 0
cb post undefine success <<<"$CLASH"
check "... post releases" test ! -e "$LOCK"

sleep 300 & holder=$!
echo "$holder" >"$LOCK"
out=$(VIRT_AP_LOCK_TIMEOUT=1 "$CB" -t vfio_ap-passthrough -e pre -a define -s none -u "$U" -p matrix 2>&1 <<<"$FREE"); rc=$?
check "lock held by another live process: bounded wait, then veto" test "$rc" -eq 1
check "... naming the lock and its holder" \
    contains "$out" "cannot take the AP configuration lock '$LOCK': process $holder has held it for more than 1 seconds"
kill "$holder"; wait "$holder" 2>/dev/null
check "... and the holder's lock is left alone" test "$(cat "$LOCK")" = "$holder"
cb pre define <<<"$FREE"
check "a stale lock (dead PID) is taken over" test "$rc" -eq 0 -a "$(cat "$LOCK")" = "$$"
cb post define success </dev/null
sleep 300 & holder=$!
echo "$holder" >"$LOCK"
touch -d '2000-01-01' "$LOCK"
cb pre define <<<"$FREE"
check "a lock older than the process its PID now names is stale (PID reuse)" \
    test "$rc" -eq 0 -a "$(cat "$LOCK")" = "$$"
kill "$holder"; wait "$holder" 2>/dev/null
cb post define success </dev/null

mkdir "$LOCK"
out=$(VIRT_AP_LOCK_TIMEOUT=1 timeout 10 "$CB" -t vfio_ap-passthrough -e pre -a define -s none -u "$U" -p matrix 2>&1 <<<"$FREE"); rc=$?
check "a lock path that cannot be read (a directory) ends in a bounded refusal" \
    test "$rc" -eq 1
check "... saying what is wrong" contains "$out" "it exists but names no process; remove it if no configuration tool is running"
rmdir "$LOCK"
ln -s "$work/nowhere" "$LOCK"
out=$(VIRT_AP_LOCK_TIMEOUT=1 timeout 10 "$CB" -t vfio_ap-passthrough -e pre -a define -s none -u "$U" -p matrix 2>&1 <<<"$FREE"); rc=$?
check "a dangling symlink as lock ends in a bounded refusal, not a spin" test "$rc" -eq 1
rm -f "$LOCK"

# mdevctl killed: its callout runs on as an orphan and must neither take nor
# keep the lock on behalf of anybody (PID 1 would hold it forever)
mkfifo "$work/fifo"
sh -c '"$1" -t vfio_ap-passthrough -e pre -a define -s none -u "$2" -p matrix <"$3" >"$4" 2>&1 & echo $! >"$5"' \
    sh "$CB" "$U" "$work/fifo" "$work/orphan.out" "$work/orphan.pid"
printf '%s' "$FREE" >"$work/fifo"   # the parent has exited: the callout starts as an orphan
orphan=$(cat "$work/orphan.pid")
for i in $(seq 100); do kill -0 "$orphan" 2>/dev/null || break; sleep 0.05; done
check "a callout whose mdevctl is gone before it starts: vetoes, says why" \
    contains "$(cat "$work/orphan.out")" "the mdevctl that ran this callout is gone"
check "... and takes no lock" test ! -e "$LOCK"
sleep 300 & holder=$!
echo "$holder" >"$LOCK"
bash -c '"$1" -t vfio_ap-passthrough -e pre -a define -s none -u "$2" -p matrix <<<"$3" >"$4" 2>&1; sleep 300' \
    sh "$CB" "$U" "$FREE" "$work/dying.out" &
parent=$!   # a stand-in mdevctl, killed while its callout waits for the lock
callout=
for i in $(seq 100); do callout=$(pgrep -P "$parent" virt-ap-check) && break; sleep 0.05; done
sleep 0.3
kill -9 "$parent"; wait "$parent" 2>/dev/null
kill "$holder"; wait "$holder" 2>/dev/null
for i in $(seq 200); do kill -0 "$callout" 2>/dev/null || break; sleep 0.05; done
check "a callout whose mdevctl dies while it waits for the lock: vetoes, says why" \
    contains "$(cat "$work/dying.out")" "the mdevctl that ran this callout is gone"
check "... and keeps no lock" test ! -e "$LOCK"

cb get attributes none "$SEED_MDEV" </dev/null
check "get attributes: the live matrix as mdevctl attrs" \
    test "$out" = '[{"assign_adapter":"2"},{"assign_domain":"43"}]'
fakehost_mdev "$VIRT_AP_ROOT" "$U" "" ""
cb get attributes none "$U" </dev/null
check "get attributes of an empty mdev: []" test "$rc" -eq 0 -a "$out" = "[]"
out=$("$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "$U" -p matrix 2>&1 <&-); rc=$?
check "get attributes with stdin closed" test "$rc" -eq 0 -a "$out" = "[]"
echo "$$" >"$LOCK"
sleep 300 & holder=$!; echo "$holder" >"$LOCK"
out=$(VIRT_AP_LOCK_TIMEOUT=0 "$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "$U" -p matrix 2>&1 </dev/null); rc=$?
check "get attributes takes no lock (another holder does not delay it)" test "$rc" -eq 0
kill "$holder"; wait "$holder" 2>/dev/null; rm -f "$LOCK"
cb get attributes none 33333333-0000-4000-8000-000000000000 </dev/null
check "get attributes of an inactive mdev: exit 1, says so" \
    test "$rc" -eq 1 -a "$out" = "mdev 33333333-0000-4000-8000-000000000000 is not active"

cb get capabilities <<<'{"provides":{"version":2,"actions":["start","stop","define","undefine","modify","attributes","capabilities"],"events":["pre","post","notify","get","live"]}}'
check "get capabilities: version 2 with every action and event handled" \
    test "$out" = '{"supports":{"version":2,"actions":["define","undefine","modify","start","stop","attributes","capabilities"],"events":["pre","post","get","live"]}}'
cb get capabilities <<<'not json'
check "get capabilities with bad input: exit 1 with a message" test "$rc" -eq 1 -a -n "$out"

cb live modify none "$SEED_MDEV" <<<"$FREE"
check "live modify without ap_config in the kernel: a clear error" \
    contains "$out" "this kernel cannot change an active vfio_ap mdev at once"
check "... exit 1" test "$rc" -eq 1
: >"$VIRT_AP_ROOT/sys/devices/vfio_ap/matrix/$SEED_MDEV/ap_config"
cb live modify none "$SEED_MDEV" <<<'{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"2"},{"assign_domain":"0x2b"},{"assign_domain":"0x32"},{"assign_control_domain":"0x2b"}]}'
# adapter 2; domains 43 and 50; control domain 43
check "live modify writes the whole matrix to ap_config in one line" \
    test "$(cat "$VIRT_AP_ROOT/sys/devices/vfio_ap/matrix/$SEED_MDEV/ap_config")" = \
    "0x2000000000000000000000000000000000000000000000000000000000000000,0x0000000000102000000000000000000000000000000000000000000000000000,0x0000000000100000000000000000000000000000000000000000000000000000"
check "... and exits 0" test "$rc" -eq 0
: >"$VIRT_AP_ROOT/sys/devices/vfio_ap/matrix/$SEED_MDEV/ap_config"
cb live modify none "$SEED_MDEV" <<<'{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"3"},{"assign_domain":"0x32"}]}'
check "live modify onto host-owned APQNs is refused and writes nothing" \
    test "$rc" -eq 1 -a ! -s "$VIRT_AP_ROOT/sys/devices/vfio_ap/matrix/$SEED_MDEV/ap_config"
check "... the lock is released" test ! -e "$LOCK"

head -c 2000000 /dev/zero | tr '\0' ' ' >"$work/big"
cb pre define <"$work/big"
check "2 MB on stdin: drained and refused with a clear message" \
    test "$rc" -eq 1 -a "$out" = "'stdin' is larger than 1048576 bytes"
cb pre define <<<'{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":2}]}'
check "a number as attr value (crashes mdevctl 1.2) is refused" \
    contains "$out" "attribute 1 (assign_adapter) must have a string value"
cb pre define <<<'{"start":"auto","attrs":[]}'
check "no mdev_type (crashes ap-check) is refused with a message" \
    contains "$out" '"mdev_type" is missing or not a string'
out=$(env -u VIRT_AP_ROOT MDEVCTL_ENV_ROOT="$VIRT_AP_ROOT" "$CB" -t vfio_ap-passthrough \
      -e get -a attributes -s none -u "$SEED_MDEV" -p matrix 2>&1 </dev/null)
check "without VIRT_AP_ROOT, MDEVCTL_ENV_ROOT (mdevctl >= 1.3) is the root" \
    test "$out" = '[{"assign_adapter":"2"},{"assign_domain":"43"}]'
out=$(VIRT_AP_ROOT=$work/nowhere MDEVCTL_ENV_ROOT="$VIRT_AP_ROOT" "$CB" -t vfio_ap-passthrough \
      -e get -a attributes -s none -u "$SEED_MDEV" -p matrix 2>&1 </dev/null)
check "VIRT_AP_ROOT wins over MDEVCTL_ENV_ROOT" contains "$out" "is not active"
cb pre define <<<'{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"2\nerror: forged"},{"assign_domain\r":"0x32"}]}'
check "a value or name holding line breaks: one problem, one line" \
    test "$rc" -eq 1 -a "$(wc -l <<<"$out")" -eq 2
check "... the break shown escaped" contains "$out" "assign_adapter='2\\nerror: forged'"
cb pre frobnicate <<<"$FREE"
check "an unknown action is refused, not ignored" test "$rc" -eq 1
check "nothing left locked" test ! -e "$LOCK"

# get attributes, answered by the front itself: the full callout's answer,
# whatever sysfs holds (where the front declines, the full callout answers)
M=$VIRT_AP_ROOT/sys/devices/vfio_ap/matrix/$U
same_answer() { # same_answer STDIN-FILE: front and full callout agree
    local a b
    a=$("$build/tests/virt-ap-check-front" -t vfio_ap-passthrough -e get -a attributes -s none -u "$U" -p matrix <"$1" 2>&1; echo "rc=$?")
    b=$("$build/tools/virt-ap-check" -t vfio_ap-passthrough -e get -a attributes -s none -u "$U" -p matrix <"$1" 2>&1; echo "rc=$?")
    [ "$a" = "$b" ] || { echo "  front: $a" >&2; echo "  full:  $b" >&2; return 1; }
}
: >"$work/empty"
printf '{"mdev_type":"vfio_ap-passthrough"}' >"$work/some"
printf 'a\0b' >"$work/nul"
mkdir -p "$M"
agree=0 cases=0
while IFS='|' read -r matrix control; do
    printf "$matrix" >"$M/matrix"; printf "$control" >"$M/control_domains"
    for input in empty some nul big; do
        cases=$((cases + 1))
        same_answer "$work/$input" && agree=$((agree + 1))
    done
done <<'CASES'
|
02.002b\n|
02.002b\n02.0032\nff.00ff\n00.0000\n|002b\n0000\n00ff\n
02.\n.0032\n|
0A.00Ab\n|AB\n
02.002b|002b
\n\n02.002b\n\n|\n\n002b\n\n
100.0000\n|
02.0100\n|
02.00002b\n|
02.002b.1\n|
.\n|
02002b\n|
02.002g\n|
02.002b\r\n|
02.002b\n|0100\n
02.002b\n|00002b\n
02.002b\n|x\n
 02.002b\n|
CASES
check "get attributes: the front answers as the full callout does ($agree of $cases cases)" test "$agree" -eq "$cases"
rm -f "$M/matrix"; mkfifo "$M/fifo"; ln -s fifo "$M/matrix"
check "... a FIFO for matrix" same_answer "$work/empty"
rm -f "$M/matrix"; mkdir "$M/matrix"
check "... a directory for matrix" same_answer "$work/empty"
rm -rf "$M/matrix" "$M/control_domains"; touch "$M/matrix"
check "... no control_domains" same_answer "$work/empty"
rm -rf "$M"; ln -s "$SEED_MDEV" "$M"
check "... an mdev directory that is a link" same_answer "$work/empty"
rm -f "$M"; touch "$M"
check "... an mdev that is a file" same_answer "$work/empty"
rm -f "$M"
out=$("$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "${U^^}" -p matrix 2>&1 </dev/null); rc=$?
check "get attributes of an mdev named in capitals (handed over): not active" \
    test "$rc" -eq 1 -a "$out" = "mdev $U is not active"
out=$(printf '%s' "$FREE" | "$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "$SEED_MDEV" -p css 2>&1); rc=$?
check "get attributes under another parent (handed over, stdin drained): refused" \
    test "$rc" -eq 1 -a "$out" = "parent 'css' is not 'matrix': a vfio_ap-passthrough mdev lives under the vfio_ap matrix device"
[ "$full" -eq 0 ] && finish
