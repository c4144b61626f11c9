# The fake hosts of the masks cases (fakehost.sh and seedhost.sh sourced).

host_default() { fakehost_init "$1"; }

host_seed() { seedhost_build "$1"; }

# only adapter 2 given away, in both scopes: apmask=+2 would hand 02.002b
# back from the seed's mdev (the seed post's refused "chzdev -t ap apmask=+2")
host_adapter2() {
    seedhost_build "$1"
    fakehost_masks "$1" 0-1,3-255 0-255
    fakehost_rule "$1" 0-1,3-255 0-255
    fakehost_define "$1" 5eed5eed-0000-4000-8000-000000000002 manual \
        '[ { "assign_adapter": "2" }, { "assign_domain": "0x33" } ]'
}

# the command line keeps adapters 0-7 at boot; the rule narrows it
host_cmdline() {
    fakehost_init "$1"
    echo "root=/dev/dasda1 ap.apmask=0xff" >"$1/proc/cmdline"
    fakehost_rule "$1" 0-3 -
}

host_unrelated() {
    fakehost_init "$1"
    fakehost_rule "$1" 0-1,3-255 0-42,44-255
    echo 'SUBSYSTEM=="ap", RUN+="/usr/local/bin/log-ap"' >>"$1/etc/udev/rules.d/41-ap.rules"
}

# a mask written only if a program says so: what boot does is unknowable
host_badrule() {
    fakehost_init "$1"
    echo 'PROGRAM=="/usr/local/bin/ap-choice", ATTR{../../bus/ap/apmask}="0x00"' >"$1/etc/udev/rules.d/41-ap.rules"
}

host_foreignrule() {
    fakehost_init "$1"
    echo '# hand-written' >"$1/etc/udev/rules.d/41-ap.rules"
    echo 'ACTION=="add", SUBSYSTEM=="ap", RUN+="/usr/bin/true"' >>"$1/etc/udev/rules.d/41-ap.rules"
}
