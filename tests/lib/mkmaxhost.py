#!/usr/bin/python3
"""Build a maximal, consistent fake AP host under ROOT: 256 CEX8S adapters
with 256 queues each (65536 APQNs, all given to vfio_ap now and, by
41-ap.rules, after reboot; every queue bound to vfio_ap), and N (default
1000) vfio_ap mdevs, active and defined for autostart, mdev i holding adapter
i % 256 x domains K*(i // 256) .. +K-1 (K default 8), so that no two share an
APQN (N = 65536 with K = 1: every APQN in an mdev of its own).
Usage: mkmaxhost.py ROOT [N [K]]"""
import os
import sys

root = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
per = int(sys.argv[3]) if len(sys.argv) > 3 else 8
ap = f"{root}/sys/bus/ap"
os.makedirs(f"{ap}/devices", exist_ok=True)
os.makedirs(f"{root}/etc/mdevctl.d/matrix", exist_ok=True)
os.makedirs(f"{root}/proc", exist_ok=True)
open(f"{root}/proc/cmdline", "w").close()
for name, value in (("apmask", "0x" + "0" * 64), ("aqmask", "0x" + "0" * 64),
                    ("ap_max_adapter_id", "255"), ("ap_max_domain_id", "255")):
    with open(f"{ap}/{name}", "w") as f:
        f.write(value + "\n")
zero = "0x" + "0" * 64
os.makedirs(f"{root}/etc/udev/rules.d", exist_ok=True)
with open(f"{root}/etc/udev/rules.d/41-ap.rules", "w") as f:
    f.write('LABEL="cfg_ap"\n'
            f'ATTR{{../../bus/ap/apmask}}="{zero}"\nATTR{{../../bus/ap/aqmask}}="{zero}"\n')
os.makedirs(f"{root}/usr/lib/udev/rules.d", exist_ok=True)
os.makedirs(f"{root}/usr/bin", exist_ok=True)
with open(f"{root}/usr/lib/udev/rules.d/60-mdevctl.rules", "w") as f:
    f.write('ACTION=="add", RUN+="/usr/bin/mdevctl start-parent-mdevs %k"\n')
with open(f"{root}/usr/bin/mdevctl", "w") as f:
    f.write("#!/bin/sh\n")
os.chmod(f"{root}/usr/bin/mdevctl", 0o755)
os.makedirs(f"{ap}/drivers/vfio_ap", exist_ok=True)
for a in range(256):
    card = f"{root}/sys/devices/ap/card{a:02x}"
    os.makedirs(card, exist_ok=True)
    for attr, value in (("type", "CEX8S"), ("hwtype", "14"), ("online", "1")):
        with open(f"{card}/{attr}", "w") as f:
            f.write(value + "\n")
    os.symlink(f"../../../devices/ap/card{a:02x}", f"{ap}/devices/card{a:02x}")
    for d in range(256):
        os.mkdir(f"{card}/{a:02x}.{d:04x}")
        os.symlink("../../../../bus/ap/drivers/vfio_ap", f"{card}/{a:02x}.{d:04x}/driver")
        os.symlink(f"../../../devices/ap/card{a:02x}/{a:02x}.{d:04x}",
                   f"{ap}/devices/{a:02x}.{d:04x}")
matrix = f"{root}/sys/devices/vfio_ap/matrix"
os.makedirs(matrix, exist_ok=True)
for i in range(count):
    uuid = f"{i:08x}-0000-4000-8000-000000000000"
    a, base = i % 256, per * (i // 256)
    os.makedirs(f"{matrix}/{uuid}")
    with open(f"{matrix}/{uuid}/matrix", "w") as f:
        f.write("".join(f"{a:02x}.{d:04x}\n" for d in range(base, base + per)))
    open(f"{matrix}/{uuid}/control_domains", "w").close()
    attrs = [f'{{ "assign_adapter": "{a}" }}'] + \
            [f'{{ "assign_domain": "{d}" }}' for d in range(base, base + per)]
    with open(f"{root}/etc/mdevctl.d/matrix/{uuid}", "w") as f:
        f.write('{\n  "mdev_type": "vfio_ap-passthrough",\n  "start": "auto",\n'
                f'  "attrs": [ {", ".join(attrs)} ]\n}}')
