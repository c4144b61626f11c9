/*
 * node_device_ap.h: the vfio_ap-passthrough mdev definition
 *
 * One model whatever the source (nodedev XML, mdevctl JSON on stdin or in
 * /etc/mdevctl.d/matrix): the definition as mdevctl stores it, each of its
 * attributes as the kernel will take it (one sysfs write each, in order),
 * and the matrix they produce.
 */
#pragma once

#include "virapenum.h"
#include "virapmatrix.h"
#include "virapmdevctl.h"

#define VIR_AP_MDEV_TYPE "vfio_ap-passthrough"
#define VIR_AP_MDEV_PARENT "matrix"

/* The sysfs attributes of a vfio_ap mdev that a definition may write. */
typedef enum {
    VIR_AP_ATTR_ASSIGN_ADAPTER,
    VIR_AP_ATTR_UNASSIGN_ADAPTER,
    VIR_AP_ATTR_ASSIGN_DOMAIN,
    VIR_AP_ATTR_UNASSIGN_DOMAIN,
    VIR_AP_ATTR_ASSIGN_CONTROL_DOMAIN,
    VIR_AP_ATTR_UNASSIGN_CONTROL_DOMAIN,
    VIR_AP_ATTR_AP_CONFIG,
    VIR_AP_ATTR_LAST
} virAPAttr;

VIR_AP_ENUM_DECL(virAPAttr);

/* One attribute write, as the kernel will take it (vfio_ap_ops.c). */
typedef struct _virAPDeviceStep virAPDeviceStep;
struct _virAPDeviceStep {
    virAPAttr attr;
    guint64 id;           /* assign_* and unassign_*; may exceed the host's bounds */
    bool octal;           /* the value has a leading 0: the kernel read it as octal */
    bool empty;           /* an empty value: the kernel never sees the write */
    virAPMatrix *config;  /* ap_config: the whole matrix at once (a pointer: the
                           * callout holds thousands of steps, rarely this one) */
    char *error;          /* why the kernel refuses the value (EINVAL); NULL if it takes it */
};

typedef struct _virAPDevice virAPDevice;
struct _virAPDevice {
    virAPMdevctlConfig *config;
    virAPDeviceStep *steps;  /* one per config->attrs, in the same order */
    bool valid;              /* no step has an error */
    virAPMatrix matrix;      /* what the steps give, when valid */
};

void virAPDeviceFree(virAPDevice *dev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPDevice, virAPDeviceFree);

int virAPDeviceNew(virAPMdevctlConfig *config, virAPDevice **dev, GError **error);
bool virAPDeviceStepIsAssign(const virAPDeviceStep *step);
virAPMask *virAPDeviceStepMask(const virAPDeviceStep *step, virAPMatrix *matrix);
void virAPDeviceApplyStep(const virAPDeviceStep *step, virAPMatrix *matrix);
char *virAPDeviceStepDescribe(const virAPDevice *dev, size_t i);
GPtrArray *virAPDeviceMatrixToAttrs(const virAPMatrix *matrix);
