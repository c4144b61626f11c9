#!/usr/bin/python3
"""udev-fold.py WRITES: the masks the next boot ends with, from the writes
udev-oracle.sh saw (EVENT MASK FILE:LINE VALUE lines), every mask starting
at all ones.  The boot sees the 'bindings complete' change and the coldplug
add of /bus/ap in either order: bindings then add (bindings_complete_count
1, or no such attribute), add then bindings (count 0, or none).  Prints
"apmask=0x... aqmask=0x..." when every order ends the same, else
"ambiguous".  A write is applied as drivers/s390/crypto/ap_bus.c
ap_parse_bitmap_str() applies it (written from reading that code, apart
from virt-ap's C implementation on purpose); a value the kernel refuses
leaves the mask as it was."""
import sys

BITS = 256
ULONG = (1 << 64) - 1


def strtoul(s, i):
    """simple_strtoul(s + i, &end, 0): (value, end); wraps at 2^64."""
    base = 10
    if s[i:i + 1] == "0":
        if s[i + 1:i + 2].lower() == "x" and s[i + 2:i + 3] and s[i + 2] in "0123456789abcdefABCDEF":
            base, i = 16, i + 2
        else:
            base = 8
    value = 0
    while i < len(s):
        c = s[i].lower()
        d = "0123456789abcdef".find(c)
        if d < 0 or d >= base:
            break
        value = (value * base + d) & ULONG
        i += 1
    return value, i


def apply(text, mask):
    """The new mask (a list of 256 bools, ID 0 first), or None (EINVAL)."""
    if text[:1] in ("+", "-"):
        new = list(mask)
        i = 0
        while i < len(text):
            sign = text[i]
            i += 1
            if sign not in "+-":
                return None
            a, end = strtoul(text, i)
            if end == i or a >= BITS:
                return None
            i, z = end, a
            if text[i:i + 1] == "-":
                i += 1
                z, end = strtoul(text, i)
                if end == i or a > z or z >= BITS:
                    return None
                i = end
            for b in range(a, z + 1):
                new[b] = sign == "+"
            while text[i:i + 1] in (",", "\n") and i < len(text):
                i += 1
        return new
    new = [False] * BITS
    i = 0
    if text[:2] == "0x":
        i = 1
    if text[i:i + 1] == "x":
        i += 1
    bit = 0
    while i < len(text) and text[i] in "0123456789abcdefABCDEF" and bit < BITS:
        n = int(text[i], 16)
        for k in range(4):
            new[bit + k] = bool(n & (8 >> k))
        bit += 4
        i += 1
    if text[i:i + 1] == "\n":
        i += 1
    if i != len(text):
        return None
    return new


def hexmask(mask):
    out = "0x"
    for i in range(0, BITS, 4):
        out += "%x" % (mask[i] * 8 + mask[i + 1] * 4 + mask[i + 2] * 2 + mask[i + 3])
    return out


def main():
    writes = {}
    with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            event, mask, _where, value = (line.split(" ", 3) + [""])[:4]
            writes.setdefault(event, []).append((mask, value))
    orders = [("bindings", "add1"), ("add0", "bindings"), ("bindings", "addnone"), ("addnone", "bindings")]
    finals = set()
    for order in orders:
        masks = {"apmask": [True] * BITS, "aqmask": [True] * BITS}
        for event in order:
            for mask, value in writes.get(event, []):
                new = apply(value, masks[mask])
                if new is not None:
                    masks[mask] = new
        finals.add("apmask=%s aqmask=%s" % (hexmask(masks["apmask"]), hexmask(masks["aqmask"])))
    print(finals.pop() if len(finals) == 1 else "ambiguous")


main()
