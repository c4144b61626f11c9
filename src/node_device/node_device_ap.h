/*
 * node_device_ap.h: the vfio_ap-passthrough mdev definition
 *
 * One model whatever the source (nodedev XML, mdevctl JSON on stdin or in
 * /etc/mdevctl.d/matrix): the definition as mdevctl stores it, and the
 * matrix its attributes produce when written in order.
 */
#pragma once

#include "virapmatrix.h"
#include "virapmdevctl.h"

#define VIR_AP_MDEV_TYPE "vfio_ap-passthrough"
#define VIR_AP_MDEV_PARENT "matrix"

typedef struct _virAPDevice virAPDevice;
struct _virAPDevice {
    virAPMdevctlConfig *config;
    virAPMatrix matrix;
};

void virAPDeviceFree(virAPDevice *dev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPDevice, virAPDeviceFree);

int virAPDeviceNew(virAPMdevctlConfig *config, virAPDevice **dev, GError **error);
int virAPDeviceMatrixFromAttrs(GPtrArray *attrs, virAPMatrix *matrix,
                               GError **error);
GPtrArray *virAPDeviceMatrixToAttrs(const virAPMatrix *matrix);
