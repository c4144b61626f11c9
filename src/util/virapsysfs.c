/*
 * virapsysfs.c: the AP bus and vfio_ap as sysfs shows them
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "virapfile.h"
#include "viraproot.h"
#include "virapsysfs.h"
#include "virapuuid.h"
#include "viraperror.h"


void
virAPActiveMdevFree(virAPActiveMdev *mdev)
{
    if (!mdev)
        return;
    g_free(mdev->uuid);
    g_free(mdev);
}


/* @name is "apmask" or "aqmask". */
int
virAPSysfsReadMask(const char *name, virAPMask *mask, GError **error)
{
    g_autofree char *rel = g_strdup_printf("/sys/bus/ap/%s", name);
    g_autofree char *path = virAPRootPath(rel);
    g_autofree char *text = NULL;
    virAPMask zero;

    virAPMaskClearAll(&zero);
    if (virAPFileRead(path, &text, error) < 0)
        return -1;
    if (!*text) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' is empty"), path);
        return -1;
    }
    if (virAPMaskParseKernel(text, &zero, mask, error) < 0) {
        g_prefix_error(error, "%s: ", path);
        return -1;
    }
    return 0;
}


/* @name is "ap_max_adapter_id" or "ap_max_domain_id"; kernels without the
 * file accept every ID up to 255. */
int
virAPSysfsReadMaxID(const char *name, unsigned int *id, GError **error)
{
    g_autofree char *rel = g_strdup_printf("/sys/bus/ap/%s", name);
    g_autofree char *path = virAPRootPath(rel);
    g_autofree char *text = NULL;
    guint64 value;

    if (virAPFileReadOptional(path, &text, error) < 0)
        return -1;
    if (!text) {
        *id = VIR_AP_MAX_ID;
        return 0;
    }
    g_strchomp(text);
    if (!g_ascii_string_to_unsigned(text, 10, 0, VIR_AP_MAX_ID, &value, NULL)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: '%s' is not an ID from 0 to 255"), path, text);
        return -1;
    }
    *id = value;
    return 0;
}


int
virAPSysfsRequireVfioAP(GError **error)
{
    g_autofree char *path = virAPRootPath(VIR_AP_SYSFS_MATRIX);

    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_UNSUPPORTED,
                    _("the vfio_ap module is not loaded (no '%s'): load it with 'modprobe vfio_ap'"),
                    path);
        return -1;
    }
    return 0;
}


/*
 * Whether vfio_ap's mdevs take ap_config writes: the attribute came with
 * Linux 6.10 together with the matrix device's "features" attribute, which
 * lists "ap_config" (vfio_ap_drv.c features_show); a kernel without that
 * file has neither.
 */
int
virAPSysfsHasAPConfig(bool *apConfig, GError **error)
{
    g_autofree char *path = virAPRootPath(VIR_AP_SYSFS_MATRIX "/features");
    g_autofree char *text = NULL;
    g_auto(GStrv) words = NULL;

    *apConfig = false;
    if (virAPFileReadOptional(path, &text, error) < 0)
        return -1;
    if (!text)
        return 0;
    words = g_strsplit_set(text, " \t\n", -1);
    *apConfig = g_strv_contains((const char *const *)words, "ap_config");
    return 0;
}


/* *mdev is NULL when @uuid is not an active mdev. */
int
virAPSysfsReadMdev(const char *uuid, virAPActiveMdev **mdev, GError **error)
{
    g_autofree char *dir = g_build_filename(VIR_AP_SYSFS_MATRIX, uuid, NULL);
    g_autofree char *rootdir = virAPRootPath(dir);
    g_autofree char *matrixPath = g_build_filename(rootdir, "matrix", NULL);
    g_autofree char *controlPath = g_build_filename(rootdir, "control_domains", NULL);
    g_autofree char *matrixText = NULL;
    g_autofree char *controlText = NULL;
    g_autoptr(virAPActiveMdev) found = g_new0(virAPActiveMdev, 1);

    *mdev = NULL;
    if (!g_file_test(rootdir, G_FILE_TEST_IS_DIR))
        return 0;
    if (virAPFileRead(matrixPath, &matrixText, error) < 0 ||
        virAPFileRead(controlPath, &controlText, error) < 0)
        return -1;
    if (virAPMatrixParseSysfs(matrixText, controlText, rootdir,
                              &found->matrix, error) < 0)
        return -1;
    found->uuid = g_strdup(uuid);
    *mdev = g_steal_pointer(&found);
    return 0;
}


/*
 * Every active vfio_ap mdev; none when vfio_ap is not loaded.  An mdev whose
 * directory vanishes while we read it was being removed and is left out;
 * any other read error is fatal, since a conflict check that skips an mdev
 * it cannot read would pass blindly.
 */
int
virAPSysfsListMdevs(GPtrArray **mdevs, GError **error)
{
    g_autofree char *path = virAPRootPath(VIR_AP_SYSFS_MATRIX);
    g_autoptr(GPtrArray) found =
        g_ptr_array_new_with_free_func((GDestroyNotify)virAPActiveMdevFree);
    g_autoptr(GPtrArray) names = NULL;
    size_t i;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        *mdevs = g_steal_pointer(&found);
        return 0;
    }
    if (virAPUUIDListDir(path, &names, error) < 0)
        return -1;
    for (i = 0; i < names->len; i++) {
        virAPActiveMdev *mdev;
        g_autoptr(GError) local = NULL;

        if (virAPSysfsReadMdev(g_ptr_array_index(names, i), &mdev, &local) < 0) {
            g_autofree char *dir = g_build_filename(path, g_ptr_array_index(names, i), NULL);

            if (!g_file_test(dir, G_FILE_TEST_EXISTS))
                continue;
            g_propagate_error(error, g_steal_pointer(&local));
            return -1;
        }
        if (mdev)
            g_ptr_array_add(found, mdev);
    }
    *mdevs = g_steal_pointer(&found);
    return 0;
}


/*
 * Writes @mask to /sys/bus/ap/@name in the kernel's full form and reads it
 * back: the kernel refuses with EBUSY when the change would take an APQN
 * from an mdev, and may have its own idea of what it was given.
 */
int
virAPSysfsWriteMask(const char *name, const virAPMask *mask, GError **error)
{
    g_autofree char *rel = g_strdup_printf("/sys/bus/ap/%s", name);
    g_autofree char *path = virAPRootPath(rel);
    g_autofree char *hex = virAPMaskFormatKernel(mask);
    g_autofree char *text = g_strdup_printf("%s\n", hex);
    virAPMask readBack;
    int fd;

    if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC)) < 0)
        return virAPReportSystemError(error, errno, _("cannot write '%s'"), path);
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        int err = errno;

        close(fd);
        return virAPReportSystemError(error, err, _("the kernel refused %s %s"), name, hex);
    }
    if (close(fd) < 0)
        return virAPReportSystemError(error, errno, _("the kernel refused %s %s"), name, hex);
    if (virAPSysfsReadMask(name, &readBack, error) < 0)
        return -1;
    if (memcmp(&readBack, mask, sizeof(readBack)) != 0) {
        g_autofree char *shown = virAPMaskFormatKernel(&readBack);

        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_SYSTEM,
                    _("%s reads %s after virt-ap wrote %s"), path, shown, hex);
        return -1;
    }
    return 0;
}


int
virAPSysfsWriteAPConfig(const char *uuid, const virAPMatrix *matrix,
                        GError **error)
{
    g_autofree char *rel = g_build_filename(VIR_AP_SYSFS_MATRIX, uuid, "ap_config", NULL);
    g_autofree char *path = virAPRootPath(rel);
    g_autofree char *text = virAPMatrixFormatAPConfig(matrix);
    size_t len = strlen(text);
    ssize_t written;
    int fd;

    if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
        if (errno == ENOENT) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_UNSUPPORTED,
                        _("this kernel cannot change an active vfio_ap mdev at once (no '%s'; needs Linux 6.10 or later): stop and start the mdev instead"),
                        path);
            return -1;
        }
        return virAPReportSystemError(error, errno, _("cannot write '%s'"), path);
    }
    /* sysfs takes the whole attribute in one write; the kernel checks the
     * result (EADDRNOTAVAIL: host-owned, EADDRINUSE: another mdev, ENODEV:
     * ID above the maximum) and leaves the mdev unchanged on error */
    written = write(fd, text, len);
    if (written != (ssize_t)len) {
        int err = written < 0 ? errno : EIO;

        close(fd);
        return virAPReportSystemError(error, err,
                                      _("the kernel refused '%s' for mdev %s"),
                                      g_strchomp(text), uuid);
    }
    if (close(fd) < 0)
        return virAPReportSystemError(error, errno,
                                      _("the kernel refused '%s' for mdev %s"),
                                      g_strchomp(text), uuid);
    return 0;
}
