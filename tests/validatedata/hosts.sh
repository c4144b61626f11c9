# The fake hosts of the validate cases (fakehost.sh and seedhost.sh sourced).
# host_NAME ROOT builds host NAME.

host_seed() { seedhost_build "$1"; }

# "chzdev -t ap --active apmask=-2 aqmask=-43": free now, not after reboot
host_activeonly() {
    fakehost_init "$1"
    fakehost_masks "$1" 0-1,3-255 0-42,44-255
}

# the same on a kernel before 6.10 (no ap_config)
host_before610() {
    host_activeonly "$1"
    fakehost_before_610 "$1"
}

# the kernel command line sets the boot masks: ap.apmask=0xdf keeps adapters
# 0,1,3-7, ap.aqmask=+0-15 keeps domains 0-15 (edits start from all zeros)
host_cmdline() {
    fakehost_init "$1"
    echo "BOOT_IMAGE=/boot/vmlinuz root=/dev/dasda1 ap.apmask=0xdf ap.aqmask=+0-15 quiet" >"$1/proc/cmdline"
}

# the rule sets only apmask; aqmask comes from the command line
host_mixed() {
    host_cmdline "$1"
    fakehost_rule "$1" 0-1,3-255 -
}

# a host without APXA: adapters 0-63, domains 0-15; the masks give all away
host_maxids() {
    fakehost_init "$1"
    fakehost_masks "$1" "" ""
    fakehost_rule "$1" "" ""
    echo 63 >"$1/sys/bus/ap/ap_max_adapter_id"
    echo 15 >"$1/sys/bus/ap/ap_max_domain_id"
}

host_corrupt() {
    seedhost_build "$1"
    printf '{"mdev_type": "vfio_ap-passthrough", "start": "auto", "attrs": [' \
        >"$1/etc/mdevctl.d/matrix/0bad0bad-0000-4000-8000-000000000001"
}

host_badvalue() {
    seedhost_build "$1"
    fakehost_define "$1" 0bad0bad-0000-4000-8000-000000000002 manual '[ { "assign_adapter": "abc" } ]'
}

host_symlink() {
    seedhost_build "$1"
    ln -s "$SEED_MDEV" "$1/etc/mdevctl.d/matrix/0bad0bad-0000-4000-8000-000000000003"
}

host_dirdef() {
    seedhost_build "$1"
    mkdir "$1/etc/mdevctl.d/matrix/0bad0bad-0000-4000-8000-000000000004"
}

host_novfio() {
    seedhost_build "$1"
    rm -rf "$1/sys/devices/vfio_ap"
}

# a rule that sets a mask only for some devices: what boot does is unknowable
host_badrule() {
    seedhost_build "$1"
    echo 'SUBSYSTEM=="ap", ATTR{../../bus/ap/apmask}="0x00"' >>"$1/etc/udev/rules.d/41-ap.rules"
}

# quotes as the kernel reads them; the last ap.apmask= wins (the first one
# would keep adapter 8 too)
host_cmdline-quoted() {
    fakehost_init "$1"
    echo 'ap.apmask=0xffff root=/dev/dasda1 "dyndbg=file x.c +p" ap.apmask="0x40" "ap.aqmask=+0-15" quiet' >"$1/proc/cmdline"
}

# Linux 6.19 override mode: both masks all ones; queues 01.0005 and 01.0006
# handed to vfio_ap by driver_override and by driverctl at boot, 01.0007 by
# driver_override only (not after reboot); adapter 2 stays the host's
host_override() {
    fakehost_init "$1"
    fakehost_card "$1" 01 CEX7C 13 0005 0006 0007
    fakehost_card "$1" 02 CEX7C 13 0005 0006
    fakehost_bind "$1" 0-255 0-255
    fakehost_kernel619 "$1"
    fakehost_override "$1" 01.0005 vfio_ap
    fakehost_override "$1" 01.0006 vfio_ap
    fakehost_override "$1" 01.0007 vfio_ap
    fakehost_driverctl "$1" 01.0005 vfio_ap
    fakehost_driverctl "$1" 01.0006 vfio_ap
}

# driverctl's overrides, but 41-ap.rules gives adapter 2 away at boot: the
# kernel refuses the overrides then (EINVAL), the masks decide
host_overmixed() {
    host_override "$1"
    fakehost_rule "$1" 0-1,3-255 -
}

# the rule makes the masks all ones, but the kernel command line does not:
# driverctl may run before the rule at boot, and its override then fails
host_overcmdline() {
    host_override "$1"
    echo "root=/dev/dasda1 ap.apmask=0xdfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" >"$1/proc/cmdline"
    fakehost_rule "$1" 0-255 0-255
}

# driverctl gives 01.0007 "none" at boot: no driver binds it, so it is
# not the host's (the kernel lets an mdev have it; nothing passes it through)
host_overnone() {
    host_override "$1"
    fakehost_driverctl "$1" 01.0007 none
}

# driver_override vfio_ap written but the queue not probed anew: still
# bound to cex4queue, so the host's (ap_owned_by_def_drv)
host_overstale() {
    host_override "$1"
    ln -sfn ../../../../bus/ap/drivers/cex4queue "$1/sys/devices/ap/card01/01.0005/driver"
}
