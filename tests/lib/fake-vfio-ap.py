#!/usr/bin/python3
"""fake-vfio-ap.py ROOT: the vfio_ap driver's side of sysfs for a fake host.

Mounted (FUSE, Debian's python3-fusepy) on ROOT/sys/devices/vfio_ap/matrix, so
that Debian's mdevctl, chrooted into ROOT, can start and stop mdevs: writing a
UUID to mdev_supported_types/vfio_ap-passthrough/create makes the device (and
its link in ROOT/sys/bus/mdev/devices) before the write returns, as the kernel
does; assign_/unassign_ attributes change its matrix and control_domains; 1 in
remove removes it.  Attribute values are read as the kernel reads them
(kstrtoul, base 0); an ID above 255 is ENODEV, an APQN another mdev holds is
EBUSY.  The mdevs already in the tree (fakehost_mdev) are taken over.  Only
the driver is faked: masks, cards and queues stay the plain files of the
fake host.  Runs in the foreground until unmounted.
"""
import errno
import os
import re
import stat
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations

TYPE = "vfio_ap-passthrough"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KINDS = ("adapter", "domain", "control_domain")
TYPE_FILES = {"name": b"VFIO AP Passthrough Device\n", "device_api": b"vfio-ap\n"}


def kstrtoul(data):
    text = data.decode(errors="replace").strip().lower()
    try:
        if text.startswith("0x"):
            return int(text[2:], 16)
        if len(text) > 1 and text.startswith("0"):
            return int(text[1:], 8)
        return int(text, 10)
    except ValueError:
        raise FuseOSError(errno.EINVAL)


def lines(path):
    try:
        with open(path) as f:
            return f.read().split()
    except OSError:
        return []


class Mdev:
    def __init__(self):
        self.ids = {kind: set() for kind in KINDS}

    def matrix(self):
        ads, doms = sorted(self.ids["adapter"]), sorted(self.ids["domain"])
        if ads and doms:
            lines = ["%02x.%04x" % (a, d) for a in ads for d in doms]
        else:
            lines = ["%02x." % a for a in ads] + [".%04x" % d for d in doms]
        return "".join(line + "\n" for line in lines).encode()

    def control_domains(self):
        return "".join("%04x\n" % d for d in sorted(self.ids["control_domain"])).encode()


class VfioAp(Operations):
    def __init__(self, root):
        self.root = root
        self.mutex = threading.Lock()
        self.t0 = time.time()
        self.mdevs = {}
        matrix = os.path.join(root, "sys/devices/vfio_ap/matrix")
        for name in os.listdir(matrix):
            if not UUID.match(name):
                continue
            mdev = self.mdevs[name] = Mdev()
            for line in lines(os.path.join(matrix, name, "matrix")):  # "02.002b", "02." or ".002b"
                ad, _, dom = line.partition(".")
                if ad:
                    mdev.ids["adapter"].add(int(ad, 16))
                if dom:
                    mdev.ids["domain"].add(int(dom, 16))
            for line in lines(os.path.join(matrix, name, "control_domains")):
                mdev.ids["control_domain"].add(int(line, 16))

    def link(self, uuid):
        return os.path.join(self.root, "sys/bus/mdev/devices", uuid)

    # the tree: ("dir", names) | ("file", mode, bytes) | ("link", target) | None
    def node(self, path):
        p = [x for x in path.split("/") if x]
        if not p:
            return ("dir", ["mdev_supported_types"] + sorted(self.mdevs))
        if p[0] == "mdev_supported_types":
            q = p[1:]
            if not q:
                return ("dir", [TYPE])
            if q[0] != TYPE:
                return None
            q = q[1:]
            if not q:
                return ("dir", sorted(TYPE_FILES) + ["available_instances", "create", "devices"])
            if q == ["create"]:
                return ("file", 0o200, b"")
            if q == ["available_instances"]:
                return ("file", 0o444, b"%d\n" % (65535 - len(self.mdevs)))
            if len(q) == 1 and q[0] in TYPE_FILES:
                return ("file", 0o444, TYPE_FILES[q[0]])
            if q == ["devices"]:
                return ("dir", sorted(self.mdevs))
            if len(q) == 2 and q[0] == "devices" and q[1] in self.mdevs:
                return ("link", "../../../" + q[1])
            return None
        mdev = self.mdevs.get(p[0])
        if mdev is None or len(p) > 2:
            return None
        writable = ["remove"] + ["%s_%s" % (op, kind) for op in ("assign", "unassign") for kind in KINDS]
        if len(p) == 1:
            return ("dir", ["mdev_type", "matrix", "control_domains"] + writable)
        if p[1] == "mdev_type":
            return ("link", "../mdev_supported_types/" + TYPE)
        if p[1] == "matrix":
            return ("file", 0o444, mdev.matrix())
        if p[1] == "control_domains":
            return ("file", 0o444, mdev.control_domains())
        if p[1] in writable:
            return ("file", 0o200, b"")
        return None

    def getattr(self, path, fh=None):
        with self.mutex:
            n = self.node(path)
        if n is None:
            raise FuseOSError(errno.ENOENT)
        st = dict(st_uid=0, st_gid=0, st_atime=self.t0, st_mtime=self.t0, st_ctime=self.t0, st_nlink=1)
        if n[0] == "dir":
            st.update(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, st_size=0)
        elif n[0] == "link":
            st.update(st_mode=stat.S_IFLNK | 0o777, st_size=len(n[1]))
        else:
            st.update(st_mode=stat.S_IFREG | n[1], st_size=4096)
        return st

    def readdir(self, path, fh):
        with self.mutex:
            n = self.node(path)
        if n is None or n[0] != "dir":
            raise FuseOSError(errno.ENOTDIR)
        return [".", ".."] + n[1]

    def readlink(self, path):
        with self.mutex:
            n = self.node(path)
        if n is None or n[0] != "link":
            raise FuseOSError(errno.EINVAL)
        return n[1]

    def open(self, path, flags):
        with self.mutex:
            if self.node(path) is None:
                raise FuseOSError(errno.ENOENT)
        return 0

    def truncate(self, path, length, fh=None):
        return 0

    def read(self, path, size, offset, fh):
        with self.mutex:
            n = self.node(path)
        if n is None or n[0] != "file":
            raise FuseOSError(errno.EINVAL)
        return n[2][offset:offset + size]

    def write(self, path, data, offset, fh):
        p = [x for x in path.split("/") if x]
        with self.mutex:
            if p == ["mdev_supported_types", TYPE, "create"]:
                return self.create(data)
            if len(p) == 2 and p[0] in self.mdevs:
                return self.attribute(p[0], p[1], data)
        raise FuseOSError(errno.EACCES)

    def create(self, data):
        uuid = data.decode(errors="replace").strip().lower()
        if not UUID.match(uuid):
            raise FuseOSError(errno.EINVAL)
        if uuid in self.mdevs:
            raise FuseOSError(errno.EEXIST)
        self.mdevs[uuid] = Mdev()
        os.makedirs(os.path.dirname(self.link(uuid)), exist_ok=True)
        os.symlink("../../../devices/vfio_ap/matrix/" + uuid, self.link(uuid))
        return len(data)

    def attribute(self, uuid, name, data):
        mdev = self.mdevs[uuid]
        if name == "remove":
            if data.strip() != b"1":
                raise FuseOSError(errno.EINVAL)
            del self.mdevs[uuid]
            if os.path.lexists(self.link(uuid)):
                os.unlink(self.link(uuid))
            return len(data)
        op, _, kind = name.partition("_")
        if op not in ("assign", "unassign") or kind not in KINDS:
            raise FuseOSError(errno.EACCES)
        value = kstrtoul(data)
        if value > 255:
            raise FuseOSError(errno.ENODEV)
        if op == "unassign":
            mdev.ids[kind].discard(value)
            return len(data)
        if kind != "control_domain":
            ads = mdev.ids["adapter"] | ({value} if kind == "adapter" else set())
            doms = mdev.ids["domain"] | ({value} if kind == "domain" else set())
            for other_uuid, other in self.mdevs.items():
                if other_uuid != uuid and ads & other.ids["adapter"] and doms & other.ids["domain"]:
                    raise FuseOSError(errno.EBUSY)
        mdev.ids[kind].add(value)
        return len(data)


if __name__ == "__main__":
    root = sys.argv[1]
    FUSE(VfioAp(root), os.path.join(root, "sys/devices/vfio_ap/matrix"), foreground=True,
         nothreads=True, direct_io=True, attr_timeout=0, entry_timeout=0, negative_timeout=0,
         nonempty=True)
