# The seed post's host (shared/seeds, first post): card 02 (CEX7A) with
# domains 0x2b, 0x32, 0x33, and a second card 03 the host keeps; after
# "chzdev -t ap apmask=-2 aqmask=-43" in both scopes, with autostart mdev
# d36d7d0f... holding 02.002b, defined and active, as in the post.
# Usage: seedhost_build ROOT   (fakehost.sh must be sourced)
SEED_MDEV=d36d7d0f-cf3d-4fef-bb9c-ed393954996b
seedhost_build() {
    local r=$1
    fakehost_init "$r"
    fakehost_card "$r" 02 CEX7A 13 002b 0032 0033
    fakehost_card "$r" 03 CEX7C 13 002b 0032 0033
    fakehost_masks "$r" 0-1,3-255 0-42,44-255
    fakehost_rule "$r" 0-1,3-255 0-42,44-255
    fakehost_bind "$r" 0-1,3-255 0-42,44-255
    fakehost_mdevctl_rule "$r" /usr/bin/mdevctl
    fakehost_define "$r" "$SEED_MDEV" auto '[ { "assign_adapter": "0x02" }, { "assign_domain": "0x002b" } ]'
    fakehost_mdev "$r" "$SEED_MDEV" "02.002b" ""
}
