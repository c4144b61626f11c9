/*
 * virapdevices.h: the AP cards and queues the host has (sysfs /sys/bus/ap/devices)
 */
#pragma once

#include "virapmask.h"

typedef struct _virAPCard virAPCard;
struct _virAPCard {
    unsigned int id;
    char *type;           /* "CEX7A" */
    unsigned int hwtype;  /* vfio_ap drives hwtype >= 10 (CEX4 and later) */
    bool online;
    char *error;          /* why type, hwtype or online are unknown; NULL if known */
};

#define VIR_AP_MIN_PASSTHROUGH_HWTYPE 10

typedef struct _virAPDevices virAPDevices;
struct _virAPDevices {
    GPtrArray *cards;       /* virAPCard, by ID */
    virAPMask adapters;     /* cards present */
    virAPMask queues[VIR_AP_MASK_BITS]; /* queues[adapter]: domains present */
};

void virAPDevicesFree(virAPDevices *devices);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPDevices, virAPDevicesFree);

int virAPDevicesLoad(virAPDevices **devices, GError **error);
const virAPCard *virAPDevicesGetCard(const virAPDevices *devices, unsigned int id);
char *virAPDevicesQueueDriver(unsigned int adapter, unsigned int domain);
char *virAPDevicesQueueDriverOverride(unsigned int adapter, unsigned int domain);
