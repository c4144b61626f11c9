# The conformance host (tests/conformance.sh; fakehost.sh must be sourced):
# cards 02-05 with domains 0x2b, 0x2c, 0x32; the active masks release
# adapters 02-03, the persistent ones (chzdev's 41-ap.rules) 02 and 05, both
# domains 0x2b-0x2c; autostart mdev A holds 02.002c and is active,
# autostart definition B holds 05.002b (inactive).
CONF_A=aaaaaaaa-0000-4000-8000-00000000000a
CONF_B=bbbbbbbb-0000-4000-8000-00000000000b
conformance_host() {
    local r=$1 c
    fakehost_init "$r"
    for c in 02 03 04 05; do fakehost_card "$r" "$c" CEX7A 13 002b 002c 0032; done
    fakehost_masks "$r" 0-1,4-255 0-42,45-255
    fakehost_rule "$r" 0-1,3-4,6-255 0-42,45-255
    fakehost_bind "$r" 0-1,4-255 0-42,45-255
    fakehost_define "$r" "$CONF_A" auto '[ { "assign_adapter": "0x02" }, { "assign_domain": "0x002c" } ]'
    fakehost_mdev "$r" "$CONF_A" "02.002c" ""
    fakehost_define "$r" "$CONF_B" auto '[ { "assign_adapter": "0x05" }, { "assign_domain": "0x002b" } ]'
}
