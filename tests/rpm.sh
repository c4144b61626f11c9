#!/bin/bash
# The RPM package (docs/rpm.md): "make dist" ships virt-ap.spec, "rpmbuild -tb"
# builds the binary package from the tarball (BuildRequires skipped with
# --nodeps: Debian's rpm database is empty; %check runs two of the
# unprivileged tests, the suite runs them all anyway).  Then, in scratch RPM
# roots whose /usr is a file system of its own (as on hosts with a separate
# /usr): installed next to a hand-placed ap-check, and next to a stand-in
# s390utils-base package that is upgraded and removed under it, virt-ap-check
# is always the only callout in mdevctl's directories, and ap-check comes back
# on removal.  Its scriptlets are Lua: they run in an empty root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/testlib.sh"
. "$here/lib/fakehost.sh"
. "$here/lib/seedhost.sh"
need_root "rpm"
command -v rpmbuild >/dev/null || { echo "FAIL: rpmbuild missing (apt-get install rpm)"; exit 1; }
# a private mount namespace for the scratch roots' /usr
if [ -z "${VIRT_AP_RPM_TEST_NS:-}" ]; then
    VIRT_AP_RPM_TEST_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
build=${abs_top_builddir:-$here/..}
work=$(mktemp -d)
trap 'umount "$work"/root*/usr 2>/dev/null; rm -rf "$work"' EXIT
var() { # the value of a make variable of the build
    printf 'print-var:\n\t@echo $(%s)\n' "$1" | make -s --no-print-directory -C "$build" -f Makefile -f - print-var 2>/dev/null | tail -n 1
}
version=$(var PACKAGE_VERSION)
CALLOUTS=usr/lib/mdevctl/scripts.d/callouts
LEGACY=etc/mdevctl.d/scripts.d/callouts
DISPLACED=usr/lib/virt-ap/displaced

# ---------------------------------------------------------------- build
# the builds below are the whole tree's, whatever the make running this
# suite was told (a test_scripts=... of its command line reaches sub-makes)
unset MAKEFLAGS MFLAGS MAKELEVEL
make -C "$build" --no-print-directory dist >"$work/dist.log" 2>&1
check "make dist makes virt-ap-$version.tar.gz" test -f "$build/virt-ap-$version.tar.gz"
mv "$build/virt-ap-$version.tar.gz" "$work/" 2>/dev/null || { tail -20 "$work/dist.log"; exit 1; }
tarball=$work/virt-ap-$version.tar.gz
check "... holding virt-ap.spec for version $version" \
    eval 'tar -xzOf "$tarball" "virt-ap-$version/virt-ap.spec" | grep -Eqx "Version: +$version"'

nice rpmbuild -tb --nodeps --define "_topdir $work/rpmbuild" \
    --define "virt_ap_check_scripts tests/po-check.sh tests/completion.sh" "$tarball" >"$work/build.log" 2>&1
rpmfile=$(ls "$work"/rpmbuild/RPMS/*/virt-ap-"$version"-1*.rpm 2>/dev/null | head -n 1)
check "rpmbuild -tb of the tarball builds the binary package" test -n "$rpmfile"
[ -n "$rpmfile" ] || { tail -30 "$work/build.log"; exit 1; }
check "... without an error (rpmbuild drops a Lua scriptlet it cannot parse, and goes on)" \
    eval '! grep -E "^error:" "$work/build.log"'
check "... after %check ran the tests with no failure" grep -Eq '^[1-9][0-9]* passed, 0 failed$' "$work/build.log"

# The file list, compressed man pages and the doc directory's name as the
# distribution's rpm makes them; build-id links only where rpm makes them.
files=$(rpm -qlp "$rpmfile" | grep -v '^/usr/lib/\.build-id' |
        sed -E -e 's/\.(gz|bz2|xz|zst)$//' -e "s|^/usr/share/doc/virt-ap-$version|/usr/share/doc/virt-ap|")
expected="/etc/mdevctl.d/scripts.d/callouts/virt-ap-check
/usr/bin/virt-ap
/usr/lib/mdevctl
/usr/lib/mdevctl/scripts.d
/usr/lib/mdevctl/scripts.d/callouts
/usr/lib/mdevctl/scripts.d/callouts/virt-ap-check
/usr/lib/virt-ap
/usr/lib/virt-ap/displaced
/usr/libexec/virt-ap
/usr/libexec/virt-ap/virt-ap-check
/usr/share/bash-completion/completions/virt-ap
/usr/share/doc/virt-ap
/usr/share/doc/virt-ap/README.md
/usr/share/doc/virt-ap/architecture.md
/usr/share/doc/virt-ap/rpm.md
/usr/share/locale/de/LC_MESSAGES/virt-ap.mo
/usr/share/man/man1/virt-ap.1
/usr/share/man/man8/virt-ap-check.8"
check "the file list: CLI, callout front in both directories, the full callout, man pages, completion, German catalog, docs" \
    test "$files" = "$expected"
[ "$files" = "$expected" ] || diff <(echo "$expected") <(echo "$files")
check "the German catalog is a %lang file" \
    eval 'rpm -qp --qf "[%{FILENAMES} %{FILELANGS}\n]" "$rpmfile" | grep -qx "/usr/share/locale/de/LC_MESSAGES/virt-ap.mo de"'
check "mdevctl 1.2's callout is a relative link to mdevctl 1.3's" \
    eval 'rpm -qp --qf "[%{FILENAMES} %{FILELINKTOS}\n]" "$rpmfile" |
          grep -qx "/etc/mdevctl.d/scripts.d/callouts/virt-ap-check ../../../../usr/lib/mdevctl/scripts.d/callouts/virt-ap-check"'
check "it requires mdevctl" eval 'rpm -qp --requires "$rpmfile" | grep -qx mdevctl'

# s390utils-base VERSION: a stand-in for the package that ships s390-tools'
# ap-check on Fedora/RHEL: the callout, and the wrapper for mdevctl 1.2
# (a %config file, as SUSE's s390-tools has it)
standin() {
    cat >"$work/standin.spec" <<EOF
Name: s390utils-base
Version: $1
Release: 1
Summary: stand-in for s390-tools' ap-check
License: MIT
BuildArch: noarch
AutoReqProv: no
%description
Stand-in for the virt-ap RPM test.
%install
mkdir -p %{buildroot}/$CALLOUTS %{buildroot}/$LEGACY
printf '#!/bin/sh\necho ap-check $1\nexit 255\n' >%{buildroot}/$CALLOUTS/ap-check
printf '#!/bin/sh\n[ -e /$CALLOUTS/ap-check ] && /$CALLOUTS/ap-check "\$@"\n' >%{buildroot}/$LEGACY/ap-check.sh
chmod 755 %{buildroot}/$CALLOUTS/ap-check %{buildroot}/$LEGACY/ap-check.sh
%files
%dir /usr/lib/mdevctl
%dir /usr/lib/mdevctl/scripts.d
%dir /$CALLOUTS
/$CALLOUTS/ap-check
%config(noreplace) /$LEGACY/ap-check.sh
EOF
    rpmbuild -bb --define "_topdir $work/standin" "$work/standin.spec" >>"$work/standin.log" 2>&1
    ls "$work"/standin/RPMS/noarch/s390utils-base-"$1"-1.noarch.rpm
}
s390old=$(standin 2.30.0) && s390new=$(standin 2.31.0)
check "the stand-in s390utils-base packages build" test -f "$s390old" -a -f "$s390new"

# ---------------------------------------------------------------- scratch roots
# newroot DIR: the seed post's host, its /usr a tmpfs, an empty rpm database
newroot() {
    R=$1
    mkdir -p "$R/usr"
    mount -t tmpfs virt-ap-rpm-usr "$R/usr"
    seedhost_build "$R"
    rpm --root "$R" --dbpath /var/lib/rpm --initdb
}
rpm_root() { # rpm ARGS in $R; output to rpm.log, which is checked for scriptlet errors
    echo "# rpm $*" >>"$work/rpm.log"
    rpm --root "$R" --dbpath /var/lib/rpm --force-debian "$@" >>"$work/rpm.log" 2>&1
}
callouts() { # the entries of both callout directories
    echo "$(ls -A "$R/$CALLOUTS" 2>/dev/null | tr '\n' ' ')| $(ls -A "$R/$LEGACY" 2>/dev/null | tr '\n' ' ')"
}
only_ours() { test "$(callouts)" = "virt-ap-check | virt-ap-check "; }
no_ap_check() { test -z "$(find "$R" -name 'ap-check*' -not -path "$R/proc/*")"; }
scriptlets_ok() { ! grep -Ei 'scriptlet failed|lua script failed|error' "$work/rpm.log"; }
same() { # same FILE1 FILE2: content, mode, owner and mtime
    cmp -s "$1" "$2" && test "$(stat -c '%a %u %g %Y' "$1")" = "$(stat -c '%a %u %g %Y' "$2")"
}

# -- 1: next to an ap-check that no package owns (s390-tools' make install)
newroot "$work/root1"
check "the scratch root's /usr and /etc are different file systems" \
    test "$(stat -c %d "$R/usr")" != "$(stat -c %d "$R/etc")"
mkdir -p "$R/$CALLOUTS"
printf '#!/bin/sh\necho stand-in ap-check\nexit 255\n' >"$R/$CALLOUTS/ap-check"
printf '#!/bin/sh\nexit 1\n' >"$R/$LEGACY/ap-check.sh"
chmod 755 "$R/$CALLOUTS/ap-check"; chmod 750 "$R/$LEGACY/ap-check.sh"; chown 2:3 "$R/$LEGACY/ap-check.sh"
touch -d 2022-12-08 "$R/$LEGACY/ap-check.sh"
cp -p "$R/$CALLOUTS/ap-check" "$R/$LEGACY/ap-check.sh" "$work/"

rpm_root -i --nodeps "$rpmfile"
check "rpm installs it into the scratch root" test $? -eq 0
check "virt-ap, man pages, completion, German catalog in place" \
    test -x "$R/usr/bin/virt-ap" -a -f "$R/usr/share/man/man1/virt-ap.1"* -a \
         -f "$R/usr/share/man/man8/virt-ap-check.8"* -a -f "$R/usr/share/bash-completion/completions/virt-ap" -a \
         -f "$R/usr/share/locale/de/LC_MESSAGES/virt-ap.mo"
check "the callout in mdevctl >= 1.3's directory, linked from mdevctl 1.2's" \
    test -x "$R/$CALLOUTS/virt-ap-check" -a "$(readlink -f "$R/$LEGACY/virt-ap-check")" = "$R/$CALLOUTS/virt-ap-check"
check "virt-ap-check is the only callout in both directories" only_ours
check "ap-check is kept in $DISPLACED, unchanged" same "$work/ap-check" "$R/$DISPLACED/$CALLOUTS/ap-check"
check "... and its wrapper, copied across file systems with its mode, owner and mtime" \
    same "$work/ap-check.sh" "$R/$DISPLACED/$LEGACY/ap-check.sh"
check "installed virt-ap --version" contains "$("$R/usr/bin/virt-ap" --version)" "virt-ap $version"
out=$(VIRT_AP_ROOT=$R "$R/usr/bin/virt-ap" audit -c "qemu+unix:///system?socket=$work/none" 2>&1)
check "virt-ap audit of the root finds no rival callout" lacks "$out" "[rival-callout]"
CB=$R/$CALLOUTS/virt-ap-check
# the front runs the full callout at its installed path: the package's, seen
# there in a private mount namespace (in a user namespace too when not root);
# where neither is allowed, the package's full callout is run itself
in_root_libexec() {
    local how
    for how in "" -r; do
        unshare $how -m --propagation private true 2>/dev/null || continue
        unshare $how -m --propagation private sh -c \
            'mount --bind "$1/usr/libexec" /usr/libexec && shift && exec "$@"' sh "$R" "$@"
        return
    done
    shift
    "$R/usr/libexec/virt-ap/virt-ap-check" "$@"
}
check "the callout's front runs the full callout in /usr/libexec/virt-ap" test -x "$R/usr/libexec/virt-ap/virt-ap-check"
"$CB" -t nvidia-35 -e pre -a define -s none -u 11111111-2222-4333-8444-000000000001 -p matrix </dev/null
check "installed callout: exit 2 for another type" test $? -eq 2
out=$(printf '{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":"3"},{"assign_domain":"50"}]}' |
      VIRT_AP_ROOT=$R in_root_libexec "$CB" -t vfio_ap-passthrough -e pre -a define -s none \
          -u 11111111-2222-4333-8444-000000000001 -p matrix 2>&1); rc=$?
check "installed callout: a clash in the root is vetoed with its message" \
    eval 'test "$rc" -eq 1 && contains "$out" "APQN 03.0032 (3.50) is kept by the host after reboot"'
out=$(VIRT_AP_ROOT=$R in_root_libexec "$CB" -t vfio_ap-passthrough -e get -a attributes -s none -u "$SEED_MDEV" -p matrix </dev/null)
check "installed callout: get attributes" test "$out" = '[{"assign_adapter":"2"},{"assign_domain":"43"}]'

rpm_root -e virt-ap
check "rpm removes it" test $? -eq 0
check "ap-check and its wrapper are back, unchanged" \
    eval 'same "$work/ap-check" "$R/$CALLOUTS/ap-check" && same "$work/ap-check.sh" "$R/$LEGACY/ap-check.sh"'
check "nothing of virt-ap is left" \
    test ! -e "$R/usr/bin/virt-ap" -a ! -e "$R/usr/lib/virt-ap" -a ! -e "$R/$CALLOUTS/virt-ap-check" -a ! -L "$R/$LEGACY/virt-ap-check"
out=$(VIRT_AP_ROOT=$R "$build/tools/virt-ap" audit -c "qemu+unix:///system?socket=$work/none" 2>&1)
check "... and audit sees ap-check as a rival again" contains "$out" "[rival-callout]"
rpm_root -i --nodeps "$rpmfile"
printf '#!/bin/sh\necho put back by hand\n' >"$R/$CALLOUTS/ap-check"
rpm_root -e virt-ap
check "an ap-check put back by hand while virt-ap is installed stays on removal; the copy goes" \
    eval 'grep -q "put back by hand" "$R/$CALLOUTS/ap-check" && test ! -e "$R/usr/lib/virt-ap"'

# -- 2: next to the s390utils-base stand-in, upgraded and removed under it
newroot "$work/root2"
rpm_root -i "$s390old" && rpm_root -i --nodeps "$rpmfile"
check "installed after s390utils-base: virt-ap-check is the only callout" only_ours
check "... ap-check 2.30.0 is kept aside" grep -q "ap-check 2.30.0" "$R/$DISPLACED/$CALLOUTS/ap-check"
rpm_root -V s390utils-base; out=$(tail -n 3 "$work/rpm.log")
check "... which rpm -V s390utils-base reports as missing (docs/rpm.md)" \
    eval 'echo "$out" | grep -Eq "^missing +/$CALLOUTS/ap-check$" && echo "$out" | grep -Eq "^missing +c? */$LEGACY/ap-check.sh$"'

check "... rpm -qf still names the package of a file kept aside" \
    eval 'rpm --root "$R" --dbpath /var/lib/rpm -qf "/$CALLOUTS/ap-check" | grep -q "^s390utils-base-2.30.0"'
rpm_root -U "$s390new"
check "s390utils-base upgraded under virt-ap: still the only callout" only_ours
check "... the new ap-check is the one kept aside" grep -q "ap-check 2.31.0" "$R/$DISPLACED/$CALLOUTS/ap-check"

rpm_root -e virt-ap
check "virt-ap removed: ap-check 2.31.0 is back in place" grep -q "ap-check 2.31.0" "$R/$CALLOUTS/ap-check"
check "... and rpm -V s390utils-base finds the package intact" rpm_root -V s390utils-base
check "... nothing kept aside any more" test ! -e "$R/usr/lib/virt-ap"

rpm_root -i --nodeps "$rpmfile" && rpm_root -e s390utils-base
check "s390utils-base removed under virt-ap: no ap-check anywhere, none kept aside" no_ap_check
check "... virt-ap-check stays, intact (rpm -V virt-ap)" \
    eval 'test "$(callouts)" = "virt-ap-check | virt-ap-check " && rpm_root -V --nodeps virt-ap'

rpm_root -i "$s390new"
check "s390utils-base installed after virt-ap: ap-check is kept aside at once" \
    eval 'only_ours && grep -q "ap-check 2.31.0" "$R/$DISPLACED/$CALLOUTS/ap-check"'
rpm_root -U --replacepkgs --nodeps "$rpmfile"
check "virt-ap reinstalled (its own upgrade path): still the only callout" only_ours

rpm_root -e virt-ap s390utils-base
check "both removed in one transaction: nothing of either is left" \
    eval 'no_ap_check && test ! -e "$R/usr/lib/virt-ap" -a ! -e "$R/$CALLOUTS/virt-ap-check" && test -z "$(rpm --root "$R" --dbpath /var/lib/rpm -qa)"'
check "no scriptlet failed in any transaction" scriptlets_ok
[ "$FAILED" -eq 0 ] || cat "$work/rpm.log"
finish
