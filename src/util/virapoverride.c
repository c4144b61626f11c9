/*
 * virapoverride.c: per-queue driver_override (Linux 6.19) and driverctl's
 * persistent overrides
 *
 * What the kernel does (drivers/s390/crypto/ap_queue.c driver_override_store,
 * ap_bus.c ap_device_probe, ap_owned_by_def_drv, apmask_store):
 * - a driver_override write is refused with EINVAL unless both masks are all
 *   ones; it only records the name: the queue stays with its driver until it
 *   is unbound and probed again (the bus's drivers_probe);
 * - on probe an override admits only the driver it names, whatever the masks;
 * - vfio_ap asks ap_owned_by_def_drv: a queue with an override belongs to the
 *   host iff a default (zcrypt) driver is bound to it; without one the masks
 *   decide;
 * - mask writes are refused with EINVAL while any queue has an override.
 * driverctl (driverctl set-override, load-override from its udev rule at
 * boot) keeps /etc/driverctl.d/<bus>-<device> holding the driver's name and
 * a newline; unset-override removes the file.  Its udev rule
 * (05-driverctl.rules, Debian's driverctl 0.111) asks systemd for
 * driverctl@SUBSYSTEM-KERNEL.service when /etc/driverctl.d/SUBSYSTEM-KERNEL
 * exists on a device's add event; the unit runs driverctl load-override.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virapoverride.h"
#include "virapudevrules.h"
#include "virapfile.h"
#include "viraproot.h"
#include "viraperror.h"

#define VIR_AP_QUEUES_DIR "/sys/bus/ap/devices"

/* How long a rebind may take to show (the kernel probes synchronously; a
 * slow bus scan running at the same time delays it). */
#define VIR_AP_REBIND_WAIT_MS 5000


void
virAPOverridesClear(virAPOverrides *overrides)
{
    g_clear_pointer(&overrides->first, g_free);
}


void
virAPDriverctlClear(virAPDriverctl *driverctl)
{
    g_clear_pointer(&driverctl->first, g_free);
    g_clear_pointer(&driverctl->rule, g_free);
}


/* systemd's directories of system units, in its order */
static const char *const virAPSystemdUnitDirs[] = {
    "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system", "/lib/systemd/system", NULL,
};


/*
 * @file as udev finds a rule file and systemd a unit: the first of @dirs
 * that has the name decides, and a link to /dev/null masks it.  Returns
 * that file's name (in @dirs) and its host path, or NULL when it is
 * missing, masked, or not a non-empty regular file.
 */
static char *
virAPDriverctlFind(const char *const *dirs, const char *file, char **path)
{
    size_t i;

    *path = NULL;
    for (i = 0; dirs[i]; i++) {
        g_autofree char *name = g_build_filename(dirs[i], file, NULL);
        g_autofree char *where = virAPRootPath(name);
        g_autofree char *target = NULL;
        struct stat sb;

        if (lstat(where, &sb) < 0)
            continue;
        if ((S_ISLNK(sb.st_mode) && (target = g_file_read_link(where, NULL)) &&
             g_str_equal(target, "/dev/null")) ||
            stat(where, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0)
            return NULL;
        *path = g_steal_pointer(&where);
        return g_steal_pointer(&name);
    }
    return NULL;
}


/* driverctl's udev rule, if it applies /etc/driverctl.d at boot: a rule
 * line that names driverctl (not an emptied or commented-out copy), and
 * the unit it asks systemd for, driverctl@.service (which runs "driverctl
 * load-override"), installed and not masked. */
static char *
virAPDriverctlFindRule(void)
{
    g_autofree char *path = NULL;
    g_autofree char *unitPath = NULL;
    g_autofree char *unit = virAPDriverctlFind(virAPSystemdUnitDirs, VIR_AP_DRIVERCTL_UNIT, &unitPath);
    g_autofree char *name = virAPDriverctlFind(virAPUdevRulesDirs, VIR_AP_DRIVERCTL_RULE, &path);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    size_t j;

    if (!unit || !name || virAPFileReadOptional(path, &text, NULL) < 0 || !text)
        return NULL;
    lines = g_strsplit(text, "\n", -1);
    for (j = 0; lines[j]; j++) {
        const char *line = lines[j] + strspn(lines[j], " \t");

        if (*line != '#' && strstr(line, "driverctl"))
            return g_steal_pointer(&name);
    }
    return NULL;
}


static char *
virAPQueuePath(unsigned int adapter, unsigned int domain, const char *attr)
{
    g_autofree char *rel = g_strdup_printf(VIR_AP_QUEUES_DIR "/%02x.%04x%s%s", adapter, domain,
                                           attr ? "/" : "", attr ? attr : "");

    return virAPRootPath(rel);
}


bool
virAPQueueExists(unsigned int adapter, unsigned int domain)
{
    g_autofree char *path = virAPQueuePath(adapter, domain, NULL);

    return g_file_test(path, G_FILE_TEST_IS_DIR);
}


/* The queue's driver_override, or NULL when unset or absent ("" and
 * "(null)" are how kernels show none). */
char *
virAPQueueOverride(unsigned int adapter, unsigned int domain)
{
    g_autofree char *path = virAPQueuePath(adapter, domain, "driver_override");
    g_autofree char *text = NULL;

    if (virAPFileReadOptional(path, &text, NULL) < 0 || !text)
        return NULL;
    g_strstrip(text);
    if (!*text || g_str_equal(text, "(null)"))
        return NULL;
    return g_steal_pointer(&text);
}


/* The driver bound to the queue, or NULL. */
char *
virAPQueueDriverName(unsigned int adapter, unsigned int domain)
{
    g_autofree char *path = virAPQueuePath(adapter, domain, "driver");
    g_autofree char *target = g_file_read_link(path, NULL);

    return target ? g_path_get_basename(target) : NULL;
}


/*
 * The kernel generation that has driver_override (Linux 6.19, whose same
 * series checks a mask write against all IDs of the other mask: "Use
 * all-bits-one apmask/aqmask for vfio in_use() checks"): a queue shows the
 * attribute.  Only on a host without any queue is the bus's
 * bindings_complete_count taken instead: it came in the same release, but
 * in a commit of its own that a distribution may backport alone.
 */
bool
virAPOverridesSupported(void)
{
    g_autofree char *count = virAPRootPath("/sys/bus/ap/bindings_complete_count");
    g_autofree char *dir = virAPRootPath(VIR_AP_QUEUES_DIR);
    struct dirent *entry;
    DIR *d;

    if ((d = opendir(dir))) {
        while ((entry = readdir(d))) {
            unsigned int a, q;
            char tail;

            if (sscanf(entry->d_name, "%2x.%4x%c", &a, &q, &tail) == 2 &&
                strlen(entry->d_name) == 7) {
                g_autofree char *path = virAPQueuePath(a, q, "driver_override");

                closedir(d);
                return g_file_test(path, G_FILE_TEST_EXISTS);
            }
        }
        closedir(d);
    }
    return g_file_test(count, G_FILE_TEST_EXISTS);
}


/*
 * Every queue's override.  The kernel lets a queue have one only while both
 * masks are all ones, so with @masksFull false there is none to read (a
 * large host has 65536 queues).
 */
int
virAPOverridesRead(bool masksFull, virAPOverrides *overrides, GError **error)
{
    g_autofree char *dir = virAPRootPath(VIR_AP_QUEUES_DIR);
    struct dirent *entry;
    unsigned int firstKey = 0;
    DIR *d;

    memset(overrides, 0, sizeof(*overrides));
    overrides->supported = virAPOverridesSupported();
    if (!masksFull || !overrides->supported)
        return 0;
    overrides->scanned = true;
    if (!(d = opendir(dir))) {
        if (errno == ENOENT)
            return 0;
        return virAPReportSystemError(error, errno, _("cannot list '%s'"), dir);
    }
    while ((entry = readdir(d))) {
        g_autofree char *value = NULL;
        g_autofree char *driver = NULL;
        unsigned int a, q;
        char tail;

        if (sscanf(entry->d_name, "%2x.%4x%c", &a, &q, &tail) != 2 ||
            strlen(entry->d_name) != 7 || a > VIR_AP_MAX_ID || q > VIR_AP_MAX_ID)
            continue;
        virAPMaskSetBit(&overrides->queues[a], q);
        if (!(value = virAPQueueOverride(a, q)))
            continue;
        virAPMaskSetBit(&overrides->set[a], q);
        driver = virAPQueueDriverName(a, q);
        /* ap_owned_by_def_drv: the host's iff a default driver has it */
        if (!driver || g_str_equal(driver, VIR_AP_OVERRIDE_VFIO))
            virAPMaskSetBit(&overrides->vfio[a], q);
        /* the lowest queue, whatever order readdir gives */
        if (!overrides->count++ || a * VIR_AP_MASK_BITS + q < firstKey) {
            firstKey = a * VIR_AP_MASK_BITS + q;
            g_free(overrides->first);
            overrides->first = g_strdup_printf("%02x.%04x (%s)", a, q, value);
        }
    }
    closedir(d);
    return 0;
}


char *
virAPDriverctlPath(unsigned int adapter, unsigned int domain)
{
    g_autofree char *rel = g_strdup_printf(VIR_AP_DRIVERCTL_DIR "/ap-%02x.%04x", adapter, domain);

    return virAPRootPath(rel);
}


/* The driver an ap-AA.DDDD file names as driverctl reads it ($(< file):
 * trailing newlines dropped; an empty file is none), or NULL. */
static char *
virAPDriverctlParse(char *text)
{
    size_t len = strlen(text);

    while (len && text[len - 1] == '\n')
        text[--len] = '\0';
    return len ? g_strdup(text) : NULL;
}


int
virAPDriverctlReadOne(unsigned int adapter, unsigned int domain, char **driver,
                      GError **error)
{
    g_autofree char *path = virAPDriverctlPath(adapter, domain);
    g_autofree char *text = NULL;

    *driver = NULL;
    if (virAPFileReadOptional(path, &text, error) < 0)
        return -1;
    if (text)
        *driver = virAPDriverctlParse(text);
    return 0;
}


int
virAPDriverctlRead(virAPDriverctl *driverctl, GError **error)
{
    g_autofree char *dir = virAPRootPath(VIR_AP_DRIVERCTL_DIR);
    struct dirent *entry;
    unsigned int firstKey = 0;
    DIR *d;

    memset(driverctl, 0, sizeof(*driverctl));
    driverctl->rule = virAPDriverctlFindRule();
    if (!(d = opendir(dir))) {
        if (errno == ENOENT)
            return 0;
        return virAPReportSystemError(error, errno, _("cannot list '%s'"), dir);
    }
    while ((entry = readdir(d))) {
        g_autofree char *driver = NULL;
        unsigned int a, q;
        char tail;

        g_autofree char *canonical = NULL;

        /* udev's rule tests the file of the queue's own (lower-case) name */
        if (sscanf(entry->d_name, "ap-%2x.%4x%c", &a, &q, &tail) != 2 ||
            a > VIR_AP_MAX_ID || q > VIR_AP_MAX_ID ||
            !g_str_equal(entry->d_name, (canonical = g_strdup_printf("ap-%02x.%04x", a, q))))
            continue;
        if (virAPDriverctlReadOne(a, q, &driver, error) < 0) {
            closedir(d);
            return -1;
        }
        if (!driver)
            continue;
        virAPMaskSetBit(&driverctl->set[a], q);
        /* driverctl writes "none" and probes nothing: the queue stays without
         * a driver, which ap_owned_by_def_drv does not count as the host's */
        if (g_str_equal(driver, VIR_AP_OVERRIDE_VFIO) || g_str_equal(driver, "none"))
            virAPMaskSetBit(&driverctl->vfio[a], q);
        /* the lowest queue's file, whatever order readdir gives */
        if (!driverctl->count++ || a * VIR_AP_MASK_BITS + q < firstKey) {
            firstKey = a * VIR_AP_MASK_BITS + q;
            g_free(driverctl->first);
            driverctl->first = g_build_filename(VIR_AP_DRIVERCTL_DIR, entry->d_name, NULL);
        }
    }
    closedir(d);
    return 0;
}


/* driverctl's file for the queue names @driver, or is gone (NULL), written
 * atomically as driverctl's "echo $drv > file" would leave it. */
int
virAPDriverctlWrite(unsigned int adapter, unsigned int domain, const char *driver,
                    GError **error)
{
    g_autofree char *path = virAPDriverctlPath(adapter, domain);
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *text = NULL;

    virAPFileRemoveStaleTemporaries(path);
    if (!driver)
        return g_file_test(path, G_FILE_TEST_EXISTS) ? virAPFileRemove(path, error) : 0;
    if (g_mkdir_with_parents(dir, 0755) < 0)
        return virAPReportSystemError(error, errno, _("cannot create '%s'"), dir);
    text = g_strdup_printf("%s\n", driver);
    return virAPFileWriteAtomic(path, text, error);
}


static int
virAPQueueWriteAttr(const char *path, const char *text, const char *what,
                    GError **error)
{
    size_t len = strlen(text);
    int fd;

    if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC)) < 0)
        return virAPReportSystemError(error, errno, _("cannot write '%s'"), path);
    if (write(fd, text, len) != (ssize_t)len) {
        int err = errno;

        close(fd);
        return virAPReportSystemError(error, err, _("the kernel refused %s"), what);
    }
    if (close(fd) < 0)
        return virAPReportSystemError(error, errno, _("the kernel refused %s"), what);
    return 0;
}


/* @driver is @expect, or with @expect NULL some driver but vfio_ap. */
bool
virAPQueueBoundAs(const char *driver, const char *expect)
{
    if (expect)
        return g_strcmp0(driver, expect) == 0;
    return driver && !g_str_equal(driver, VIR_AP_OVERRIDE_VFIO);
}


/*
 * The queue gets driver_override @override (NULL: none) and is bound anew:
 * the write alone changes no binding.  Unbind from the current driver, then
 * the bus's drivers_probe (driverctl set-override unbinds before it writes
 * the override; this order keeps the binding when the write is refused);
 * the queue must
 * then be bound to @expect (NULL: to any driver but vfio_ap), unless
 * @unchecked (an undo back to a queue that had no driver).
 */
int
virAPQueueRebind(unsigned int adapter, unsigned int domain, const char *override,
                 const char *expect, bool unchecked, GError **error)
{
    g_autofree char *name = g_strdup_printf("%02x.%04x", adapter, domain);
    g_autofree char *overridePath = virAPQueuePath(adapter, domain, "driver_override");
    g_autofree char *unbindPath = virAPQueuePath(adapter, domain, "driver/unbind");
    g_autofree char *probePath = virAPRootPath("/sys/bus/ap/drivers_probe");
    g_autofree char *what = g_strdup_printf("driver_override \"%s\" of queue %s",
                                            override ? override : "", name);
    g_autofree char *line = g_strdup_printf("%s\n", name);
    g_autofree char *current = virAPQueueDriverName(adapter, domain);
    gint64 deadline;

    if (virAPQueueWriteAttr(overridePath, override ? override : "\n", what, error) < 0)
        return -1;
    if (!unchecked && virAPQueueBoundAs(current, expect))
        return 0;
    if (current) {
        g_autofree char *unbind = g_strdup_printf(_("unbinding queue %s from %s"), name, current);

        if (virAPQueueWriteAttr(unbindPath, line, unbind, error) < 0)
            return -1;
    }
    {
        g_autofree char *probe = g_strdup_printf(_("probing queue %s"), name);

        if (virAPQueueWriteAttr(probePath, line, probe, error) < 0)
            return -1;
    }
    if (unchecked)
        return 0;
    deadline = g_get_monotonic_time() + VIR_AP_REBIND_WAIT_MS * 1000;
    for (;;) {
        g_autofree char *driver = virAPQueueDriverName(adapter, domain);

        if (virAPQueueBoundAs(driver, expect))
            return 0;
        if (g_get_monotonic_time() > deadline) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_SYSTEM,
                        _("queue %s is bound to %s after the probe, not to %s"),
                        name, driver ? driver : _("no driver"),
                        expect ? expect : _("a default (zcrypt) driver"));
            return -1;
        }
        g_usleep(20 * 1000);
    }
}
