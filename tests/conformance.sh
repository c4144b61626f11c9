#!/bin/bash
# One set of verdicts, three paths: every case of tests/conformance/cases
# (an operation on a vfio_ap mdev of the conformance host) must get the same
# verdict, accepted or refused naming the APQN, through
#   validate  "virt-ap validate" on the host (VIRT_AP_ROOT)
#   callout   the machine's real mdevctl, chrooted on the host, with
#             virt-ap-check as its callout (tests/lib/mdevctl-root.sh)
#   libvirt   libvirtd built with patches/libvirt (scripts/libvirt-series
#             installs it in $VIRT_AP_CACHE/libvirt-patched) in the
#             fake-sysfs rig with NO callout: libvirt's own checks; a refused
#             operation must not have reached mdevctl (the daemon's log)
# A case may give another verdict for one path, with the reason.  Without
# the patched build the libvirt path is skipped (SKIP lines; with
# CONFORMANCE_PATHS=libvirt alone, exit 77).  CONFORMANCE_PATHS (default
# "validate callout libvirt") picks paths.  Ends with one line of figures
# per path.  Needs root (chroot, namespaces).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
. "$here/lib/mdevctl-root.sh"
. "$here/lib/libvirt-rig.sh"
. "$here/lib/versions.sh"
. "$here/conformance/hosts.sh"
need_root "conformance"
build=${abs_top_builddir:-$here/..}
paths=${CONFORMANCE_PATHS:-validate callout libvirt}
patched=${VIRT_AP_CACHE:-/var/cache/virt-ap}/libvirt-patched
unset VIRT_AP_ROOT MDEVCTL_ENV_ROOT

work=$(mktemp -d)
trap 'rig_stop; rm -rf "$work"' EXIT

declare -A P F S
for p in validate callout libvirt; do P[$p]=0 F[$p]=0 S[$p]=0; done

# the attributes of a case as "name value" lines
attrs_lines() {
    local a
    case $1 in
    ??.????) printf 'assign_adapter 0x%s\nassign_domain 0x%s\n' "${1%.*}" "${1#*.}" ;;
    *) IFS=, read -ra items <<<"$1"
       for a in "${items[@]}"; do printf '%s %s\n' "${a%%=*}" "${a#*=}"; done ;;
    esac
}
nodedev_xml() { # UUID ATTRS
    local n v
    echo "<device>"
    echo "  <parent>ap_matrix</parent>"
    echo "  <capability type='mdev'>"
    echo "    <type id='vfio_ap-passthrough'/>"
    echo "    <uuid>$1</uuid>"
    attrs_lines "$2" | while read -r n v; do echo "    <attr name='$n' value='$v'/>"; done
    echo "  </capability>"
    echo "</device>"
}
mdevctl_json() { # START ATTRS
    local n v sep=
    printf '{"mdev_type":"vfio_ap-passthrough","start":"%s","attrs":[' "$1"
    while read -r n v; do printf '%s{"%s":"%s"}' "$sep" "$n" "$v"; sep=,; done < <(attrs_lines "$2")
    printf ']}'
}
name_of() { echo "mdev_${1//-/_}_matrix"; }

# verdict PATH CASE EXPECTED RC OUTPUT [EXTRA-CHECK-RESULT]
# ok: rc 0 (or, for start/create, the checks passed and only the fake kernel
# failed: $passed=1); refused: rc != 0, the output names EXPECTED
verdict() {
    local path=$1 case=$2 want=$3 rc=$4 out=$5 passed=$6 extra=${7:-0}
    if [ "$want" = ok ]; then
        if [ "$passed" -eq 1 ] && [ "$extra" -eq 0 ]; then
            echo "PASS: $path: $case: accepted"; P[$path]=$((P[$path] + 1)); return
        fi
        echo "FAIL: $path: $case: expected accepted, got rc $rc"
    else
        if [ "$passed" -eq 0 ] && [ "$rc" -ne 0 ] && [ "$extra" -eq 0 ] && contains "$out" "$want" 2>/dev/null; then
            echo "PASS: $path: $case: refused naming $want"; P[$path]=$((P[$path] + 1))
            # the line that says it, as the user sees it
            printf '%s\n' "$out" | grep -F -m 1 -- "$want" | sed 's/^/    /'
            return
        fi
        echo "FAIL: $path: $case: expected a refusal naming '$want' (rc $rc, extra check $extra)"
    fi
    printf '%s\n' "$out" | sed 's/^/    /'
    F[$path]=$((F[$path] + 1))
}

run_validate() { # CASE OP ATTRS WANT
    local case=$1 op=$2 u=$UUID opts out rc
    nodedev_xml "$u" "$3" >"$work/$case.xml"
    case $op in
    define) opts=--scope=define ;;
    start|create) opts=--scope=start ;;
    autostart) opts="--scope=define --autostart" ;;
    esac
    out=$(VIRT_AP_ROOT=$work/vroot "$build/tools/virt-ap" validate $opts "$work/$case.xml" 2>&1); rc=$?
    verdict validate "$case" "$4" "$rc" "$out" "$([ "$rc" -eq 0 ] && echo 1 || echo 0)"
}

CREATE=/sys/devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create
run_callout() {
    local case=$1 op=$2 u=$UUID out rc passed=0 json
    json=$(mdevctl_json manual "$3")
    : >"$R$CREATE"
    case $op in
    define) inroot sh -c "printf '%s' '$json' | mdevctl define -p matrix -u $u --jsonfile /dev/stdin"
            [ "$rc" -eq 0 ] && passed=1 ;;
    start|autostart)
        inroot sh -c "printf '%s' '$json' | mdevctl define -p matrix -u $u --jsonfile /dev/stdin"
        if [ "$rc" -ne 0 ]; then
            verdict callout "$case" "$4" "$rc" "define failed: $out" 0 1; return
        fi
        if [ "$op" = start ]; then
            inroot mdevctl start -u "$u"
            # the fake sysfs cannot create a device: past the callout,
            # mdevctl writes the UUID to "create" and then fails
            [ "$(cat "$R$CREATE")" = "$u" ] && passed=1
        else
            inroot mdevctl modify -u "$u" --auto
            [ "$rc" -eq 0 ] && passed=1
        fi ;;
    create) inroot sh -c "printf '%s' '$json' | mdevctl start -p matrix -u $u --jsonfile /dev/stdin"
            [ "$(cat "$R$CREATE")" = "$u" ] && passed=1 ;;
    esac
    local res_out=$out res_rc=$rc
    inroot mdevctl undefine -u "$u"
    verdict callout "$case" "$4" "$res_rc" "$res_out" "$passed"
}

run_libvirt() {
    local case=$1 op=$2 u=$UUID n out rc passed=0 reached
    n=$(name_of "$u")
    nodedev_xml "$u" "$3" >"$work/$case.xml"
    rig_in sh -c ": >$CREATE"
    case $op in
    define) out=$(rig_in virsh -c nodedev:///system nodedev-define "$work/$case.xml" 2>&1); rc=$?
            pattern="mdevctl define .*--uuid=$u"
            [ "$rc" -eq 0 ] && passed=1 ;;
    start|autostart)
        out=$(rig_in virsh -c nodedev:///system nodedev-define "$work/$case.xml" 2>&1); rc=$?
        if [ "$rc" -ne 0 ]; then
            verdict libvirt "$case" "$4" "$rc" "define failed: $out" 0 1; return
        fi
        if [ "$op" = start ]; then
            out=$(rig_virsh nodedev-start "$n" 2>&1); rc=$?
            pattern="mdevctl start --uuid=$u"
            [ "$(rig_in cat "$CREATE")" = "$u" ] && passed=1
        else
            out=$(rig_virsh nodedev-autostart "$n" 2>&1); rc=$?
            pattern="mdevctl modify --uuid $u --auto"
            [ "$rc" -eq 0 ] && passed=1
        fi ;;
    create) out=$(rig_in virsh -c nodedev:///system nodedev-create "$work/$case.xml" 2>&1); rc=$?
            pattern="mdevctl start --parent=matrix .*--uuid=$u"
            [ "$(rig_in cat "$CREATE")" = "$u" ] && passed=1 ;;
    esac
    # a refusal is libvirt's own error, before mdevctl; an acceptance ran it
    reached=0
    grep -q -- "About to run .*$pattern" "$work/libvirt/libvirtd.log" && reached=1
    extra=0
    if [ "$4" = ok ]; then
        [ "$reached" -eq 1 ] || extra=1
    else
        [ "$reached" -eq 0 ] || extra=1
        case $out in *virt-ap-check*) extra=1 ;; esac
    fi
    [ "$extra" -eq 0 ] || out="$out
(mdevctl reached: $reached)"
    [ "$op" = define ] || [ "$op" = create ] || rig_virsh nodedev-undefine "$n" >/dev/null 2>&1
    [ "$op" != define ] || rig_virsh nodedev-undefine "$n" >/dev/null 2>&1
    verdict libvirt "$case" "$4" "$rc" "$out" "$passed" "$extra"
}

# the hosts: one per path, each built by conformance_host
for p in $paths; do
    case $p in
    validate) conformance_host "$work/vroot" ;;
    callout)
        [ -x /usr/bin/mdevctl ] || { echo "FAIL: /usr/bin/mdevctl missing (apt-get install mdevctl)"; exit 1; }
        R=$work/mroot
        conformance_host "$R"
        mkdir -p "$R/usr" "$R/dev" "$R/tmp" "$R/usr/lib/mdevctl/scripts.d/callouts" "$R/usr/lib/mdevctl/scripts.d/notifiers"
        for d in bin lib lib64 sbin; do ln -s "usr/$d" "$R/$d"; done
        callout_install "$R/usr" "$build/tools/virt-ap-check" \
            "$R/usr/lib/mdevctl/scripts.d/callouts" "$R/etc/mdevctl.d/scripts.d/callouts" ;;
    libvirt)
        why=
        if [ ! -f "$patched/stamp" ]; then
            why="no libvirt built with patches/libvirt in $patched"
        elif [ "$(cat "$patched/stamp")" != "$("$here/../scripts/libvirt-series" --stamp)" ]; then
            why="the libvirt in $patched was built from another state of patches/libvirt"
        fi
        if [ -n "$why" ]; then
            echo "SKIP: libvirt: $why (scripts/libvirt-series builds it)"
            S[libvirt]=1
            [ "$paths" = libvirt ] && exit 77
            continue
        fi
        mkdir -p "$work/libvirt"
        if ! RIG_LIBVIRT=$patched/root RIG_HOSTLIB=$here/conformance/hosts.sh \
                rig_start "$work/libvirt" "" conformance_host; then
            echo "FAIL: libvirt: the rig with the patched libvirtd did not start"
            F[libvirt]=$((F[libvirt] + 1))
            continue
        fi
        echo "libvirt: $(LD_LIBRARY_PATH=$RIG_LIBS "$RIG_DAEMON" --version 2>/dev/null) with $(wc -l <"$patched/series") patches (patches/libvirt), no callout installed"
        rig_in test ! -e /etc/mdevctl.d/scripts.d/callouts/virt-ap-check ||
            { echo "FAIL: libvirt: a callout is installed in the rig"; F[libvirt]=$((F[libvirt] + 1)); } ;;
    esac
done

i=0
while read -r case op attrs rest; do
    case $case in ''|'#'*) continue ;; esac
    rest=${rest%%#*}
    want=${rest%% [a-z]*=*}
    want=$(echo $want)
    i=$((i + 1))
    UUID=$(printf 'c0c0c0c0-0000-4000-8000-%012d' "$i")
    for p in $paths; do
        [ "${S[$p]}" = 1 ] && continue
        w=$want
        for o in $rest; do case $o in "$p"=*) w=${o#*=} ;; esac; done
        "run_$p" "$case" "$op" "$attrs" "$w"
    done
done <"$here/conformance/cases"

for p in $paths; do
    if [ "${S[$p]}" = 1 ]; then echo "conformance: $p: skipped"; continue; fi
    echo "conformance: $p: ${P[$p]} passed, ${F[$p]} failed"
done
finish
