# The fake hosts of the status/audit cases (fakehost.sh, seedhost.sh sourced).

host_seed() { seedhost_build "$1"; }

# No AP bus at all (not s390): status still answers.
host_empty() { mkdir -p "$1/proc"; : >"$1/proc/cmdline"; }

# Every audit check fires once:
#  masks-not-persistent: apmask active 0-1,3-255, persistent default
#  persistent-masks: autostart definition on adapter 3 (host after reboot)
#  autostart-overlap: two autostart definitions share 04.0001
#  active-differs-from-definition: m(aaaa) active with 04.0002, defined with 04.0001
#  card-not-passthrough: adapter 05 is a CEX3C (hwtype 9); card-offline: adapter 06
#  adapter-dropped: active mdev on adapter 07 whose queue 07.0002 is bound to cex4queue
#  autostart-broken-udev-rule: Debian 12's rule runs /usr/sbin/mdevctl
#  driver-override-with-masks: queue 04.0003 has driver_override
#  guest-mdev-not-defined / guest-mdev-not-active: from messy-guests.xml
#  rival-callout: s390-tools' ap-check.sh next to virt-ap-check
host_messy() {
    local r=$1
    fakehost_init "$r"
    fakehost_card "$r" 03 CEX7C 13 0001
    fakehost_card "$r" 04 CEX7A 13 0001 0002 0003
    fakehost_card "$r" 05 CEX3C 9 0001
    fakehost_card "$r" 06 CEX7A 13 0001
    echo 0 >"$r/sys/devices/ap/card06/online"
    fakehost_card "$r" 07 CEX8S 14 0001 0002
    fakehost_masks "$r" 0-1,3-3,8-255 0,3-255
    fakehost_rule "$r" 0-2,4-255 -
    fakehost_bind "$r" 0-1,3-3,8-255 0,3-255
    ln -sfn ../../../../bus/ap/drivers/cex4queue "$r/sys/devices/ap/card07/07.0002/driver"
    echo vfio_ap >"$r/sys/devices/ap/card04/04.0003/driver_override"
    fakehost_mdevctl_rule "$r" /usr/sbin/mdevctl -
    fakehost_define "$r" aaaaaaaa-0000-4000-8000-000000000001 auto '[ { "assign_adapter": "4" }, { "assign_domain": "1" } ]'
    fakehost_define "$r" bbbbbbbb-0000-4000-8000-000000000002 auto '[ { "assign_adapter": "4" }, { "assign_domain": "1" }, { "assign_domain": "2" } ]'
    fakehost_define "$r" cccccccc-0000-4000-8000-000000000003 auto '[ { "assign_adapter": "3" }, { "assign_domain": "1" } ]'
    fakehost_define "$r" dddddddd-0000-4000-8000-000000000004 manual '[ { "assign_adapter": "5" }, { "assign_adapter": "6" }, { "assign_domain": "1" } ]'
    fakehost_mdev "$r" aaaaaaaa-0000-4000-8000-000000000001 "04.0002" ""
    fakehost_mdev "$r" eeeeeeee-0000-4000-8000-000000000005 "07.0001 07.0002" "0001"
    printf '#!/bin/sh\n' >"$r/etc/mdevctl.d/scripts.d/callouts/ap-check.sh"
}

# Linux 6.19 override mode (both masks all ones):
#  01.0005-01.0007 handed to vfio_ap by driver_override; driverctl hands
#  01.0005, 01.0006 and 02.0006 over at boot, so 01.0007 is vfio_ap's only
#  until reboot and 02.0006 only after it (overrides-not-persistent, twice)
#  m(0f0f) active and autostart on 01.0005; m(0e0e) defined on 02.0005,
#  which the host keeps now and after reboot (persistent-override)
host_override() {
    local r=$1
    fakehost_init "$r"
    fakehost_card "$r" 01 CEX7C 13 0005 0006 0007
    fakehost_card "$r" 02 CEX7C 13 0005 0006
    fakehost_bind "$r" 0-255 0-255
    fakehost_kernel619 "$r"
    fakehost_override "$r" 01.0005 vfio_ap
    fakehost_override "$r" 01.0006 vfio_ap
    fakehost_override "$r" 01.0007 vfio_ap
    fakehost_driverctl "$r" 01.0005 vfio_ap
    fakehost_driverctl "$r" 01.0006 vfio_ap
    fakehost_driverctl "$r" 02.0006 vfio_ap
    fakehost_define "$r" 0f0f0f0f-0000-4000-8000-000000000001 auto \
        '[ { "assign_adapter": "1" }, { "assign_domain": "5" } ]'
    fakehost_mdev "$r" 0f0f0f0f-0000-4000-8000-000000000001 "01.0005" ""
    fakehost_define "$r" 0e0e0e0e-0000-4000-8000-000000000002 manual \
        '[ { "assign_adapter": "2" }, { "assign_domain": "5" } ]'
}

# the override host whose 41-ap.rules gives adapter 2 away at boot: driverctl's
# overrides then fail (overrides-mixed), and the masks decide after reboot
host_overmixed() {
    host_override "$1"
    fakehost_rule "$1" 0-1,3-255 -
}

# the override host without driverctl's udev rule: its files do nothing
host_overnodriverctl() {
    host_override "$1"
    rm "$1/usr/lib/udev/rules.d/05-driverctl.rules"
}
