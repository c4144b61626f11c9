#!/bin/bash
# Differential test of the boot model against udev itself: for each case (a
# host root with rule files), virt-ap's persistent masks
# (VIRT_AP_ROOT=case virt-ap masks --json) must equal what udevadm test
# writes on the AP bus's boot events (tests/lib/udev-oracle.sh, folded by
# tests/lib/udev-fold.py), or virt-ap must refuse naming file:line.
#   - tests/udevdiffdata/NAME/: hand-written cases; NAME/expect says
#     "agree" (must not be refused), "refuse" (must be), or "any";
#   - UDEV_DIFF_RANDOM (default 40; CI's first pass 100) generated cases per udev version
#     (tests/lib/udev-rulegen.py, seed UDEV_DIFF_SEED, default: the time).
# udev 252 is the host's; 257 is the Debian 13 root's (skipped, with the
# reason, when there is none).  Needs root: exit 77 without.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
build=${abs_top_builddir:-$here/..}
unset MDEVCTL_ENV_ROOT

if [ "$(id -u)" != 0 ]; then
    echo "SKIP: udev-diff needs root (unshare, mount, chroot)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=${UDEV_DIFF_SEED:-$(date +%s)}
# the system's python (a python3 shim on PATH can cost a second a call)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
count=${UDEV_DIFF_RANDOM:-40}

# virt-ap's reading of CASE: "apmask=0x... aqmask=0x...", or "refused: MESSAGE"
virtap_reading() {
    local out rc
    out=$(VIRT_AP_ROOT=$1 "$build/tools/virt-ap" masks --json 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "refused: $out"
        return
    fi
    "$py" -c 'import json,sys; j=json.load(sys.stdin); print("apmask=%s aqmask=%s" % (j["apmask"]["persistent"]["mask"], j["aqmask"]["persistent"]["mask"]))' <<<"$out"
}

# A host root for virt-ap around the rule directories of CASE.
prepare() {
    fakehost_init "$1" >/dev/null
}

# compare VERSION CASE EXPECT: 0 agree/refused as allowed, 1 otherwise;
# sets $verdict to agree, refused or DISAGREE.
compare() {
    local version=$1 case=$2 expect=$3 udev mine
    udev=$("$py" "$here/lib/udev-fold.py" "$case/udev-$version.writes")
    mine=$(virtap_reading "$case")
    case $mine in
    refused:*)
        verdict=refused
        # a refusal names the rule file and line, or the command line
        if ! grep -Eq '(\.rules:[0-9]+|/proc/cmdline)' <<<"$mine"; then
            verdict=DISAGREE
            echo "  $case: refusal without file:line: $mine" >&2
            return 1
        fi
        [ "$expect" = agree ] && { echo "  $case: refused: $mine (udev: $udev)" >&2; return 1; }
        return 0 ;;
    esac
    if [ "$mine" = "$udev" ]; then
        verdict=agree
        [ "$expect" = refuse ] && { echo "  $case: expected a refusal, got $mine" >&2; return 1; }
        return 0
    fi
    verdict=DISAGREE
    echo "  $case (udev $version): virt-ap says $mine, udev says $udev" >&2
    return 1
}

versions="252 257"
if [ ! -x "${UDEV_ORACLE_TRIXIE:-/var/cache/virt-ap/trixie}/usr/bin/udevadm" ]; then
    echo "note: no Debian 13 root with udevadm 257 at ${UDEV_ORACLE_TRIXIE:-/var/cache/virt-ap/trixie}: udev 257 half skipped"
    versions=252
fi

# hand-written cases
mkdir -p "$work/hand"
for dir in "$here"/udevdiffdata/*/; do
    name=$(basename "$dir")
    cp -a "$dir" "$work/hand/$name"
    prepare "$work/hand/$name"
done
# chzdev's file first and last among the distributions' own rule files (the
# Debian 12 host's, and Debian 13's when its root is there)
systems="debian12:/usr/lib/udev/rules.d"
[ -d "${UDEV_ORACLE_TRIXIE:-/var/cache/virt-ap/trixie}/usr/lib/udev/rules.d" ] &&
    systems="$systems debian13:${UDEV_ORACLE_TRIXIE:-/var/cache/virt-ap/trixie}/usr/lib/udev/rules.d"
for sys in $systems; do
    for where in first last; do
        case=$work/hand/system-${sys%%:*}-$where
        mkdir -p "$case/usr/lib/udev" "$case/etc/udev/rules.d"
        cp -r "${sys#*:}" "$case/usr/lib/udev/rules.d"
        if [ $where = first ]; then
            cp "$here/udevdiffdata/chzdev-240/etc/udev/rules.d/41-ap.rules" "$case/etc/udev/rules.d/"
        else
            cp "$here/udevdiffdata/chzdev-240/etc/udev/rules.d/41-ap.rules" "$case/usr/lib/udev/rules.d/99-zz-ap.rules"
        fi
        prepare "$case"
    done
done
# the oracles of both versions at once (each waits on udevadm, not the CPU)
oracles() { # DIR
    local v
    for v in $versions; do
        bash "$here/lib/udev-oracle.sh" "$v" "$1"/*/ &
    done
    wait
}
oracles "$work/hand"
for version in $versions; do
    for case in "$work"/hand/*/; do
        case=${case%/}
        name=$(basename "$case")
        expect=$(cat "$here/udevdiffdata/$name/expect" 2>/dev/null || echo agree)
        check "udev $version: $name ($expect)" compare "$version" "$case" "$expect"
    done
done

# generated cases
echo "generated cases: seed $seed, $count per version (UDEV_DIFF_SEED=$seed reproduces them)"
"$py" "$here/lib/udev-rulegen.py" "$seed" "$count" "$work/gen"
for case in "$work"/gen/*/; do
    [ -d "$case" ] && prepare "${case%/}"
done
[ "$count" -gt 0 ] && oracles "$work/gen"
for version in $versions; do
    agree=0 refused=0 disagree=0
    for case in "$work"/gen/*/; do
        [ -d "$case" ] || continue
        case=${case%/}
        compare "$version" "$case" any 2>>"$work/disagreements"
        case $verdict in
        agree) agree=$((agree + 1)) ;;
        refused) refused=$((refused + 1)) ;;
        *) disagree=$((disagree + 1))
           [ -n "${UDEV_DIFF_KEEP:-}" ] && cp -a "$case" "$UDEV_DIFF_KEEP/$(basename "$case")-$version" ;;
        esac
    done
    echo "udev $version, seed $seed: $count cases, $agree agree, $refused refused, $disagree disagree"
    [ -s "$work/disagreements" ] && cat "$work/disagreements"
    : >"$work/disagreements"
    check "udev $version: generated cases, seed $seed: no disagreement ($agree agree, $refused refused)" \
        test "$disagree" -eq 0
done
echo "$PASSED passed, $FAILED failed"
finish
