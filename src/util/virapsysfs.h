/*
 * virapsysfs.h: the AP bus and vfio_ap as sysfs shows them
 */
#pragma once

#include "virapmatrix.h"

#define VIR_AP_SYSFS_MATRIX "/sys/devices/vfio_ap/matrix"

typedef struct _virAPActiveMdev virAPActiveMdev;
struct _virAPActiveMdev {
    char *uuid;
    virAPMatrix matrix;
};

void virAPActiveMdevFree(virAPActiveMdev *mdev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPActiveMdev, virAPActiveMdevFree);

int virAPSysfsReadMask(const char *name, virAPMask *mask, GError **error);
int virAPSysfsReadMaxID(const char *name, unsigned int *id, GError **error);
int virAPSysfsRequireVfioAP(GError **error);
int virAPSysfsHasAPConfig(bool *apConfig, GError **error);
int virAPSysfsReadMdev(const char *uuid, virAPActiveMdev **mdev, GError **error);
int virAPSysfsListMdevs(GPtrArray **mdevs, GError **error);
int virAPSysfsWriteMask(const char *name, const virAPMask *mask, GError **error);
int virAPSysfsWriteAPConfig(const char *uuid, const virAPMatrix *matrix,
                            GError **error);
