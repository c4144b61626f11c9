/*
 * node_device_ap_host.h: a snapshot of the host's AP configuration
 *
 * Read once per command, only the parts the command needs, then plain data:
 * the policy never touches the filesystem.
 */
#pragma once

#include "node_device_ap.h"
#include "virapboot.h"
#include "virapmatrixindex.h"
#include "virapoverride.h"
#include "virapsysfs.h"

typedef enum {
    VIR_AP_HOST_DEFINITIONS = 1 << 0, /* /etc/mdevctl.d/matrix */
    VIR_AP_HOST_BOOT_MASKS = 1 << 1,  /* masks the next boot gives */
    VIR_AP_HOST_ACTIVE = 1 << 2,      /* sysfs masks and active mdevs */
    VIR_AP_HOST_VFIO_AP = 1 << 3,     /* fail unless vfio_ap is loaded */
    VIR_AP_HOST_OVERRIDES = 1 << 4,   /* queues' driver_override (Linux 6.19); with ACTIVE */
    VIR_AP_HOST_DRIVERCTL = 1 << 5,   /* driverctl's overrides of the next boot */
} virAPHostPart;

/* How the host hands queues to vfio_ap (Linux 6.19 allows one at a time). */
typedef enum {
    VIR_AP_HOST_MODE_MASKS,     /* apmask/aqmask; no queue has a driver_override */
    VIR_AP_HOST_MODE_OVERRIDES, /* per-queue driver_override, both masks all ones */
    VIR_AP_HOST_MODE_MIXED,     /* overrides and masks not all ones: the kernel refuses one of them */
    VIR_AP_HOST_MODE_LAST
} virAPHostMode;

VIR_AP_ENUM_DECL(virAPHostMode);

typedef struct _virAPHost virAPHost;
struct _virAPHost {
    unsigned int maxAdapter;          /* ap_max_adapter_id */
    unsigned int maxDomain;           /* ap_max_domain_id */
    bool apConfig;                    /* mdevs take ap_config writes (VIR_AP_HOST_VFIO_AP) */
    virAPMaskPair active;             /* /sys/bus/ap/apmask, aqmask */
    virAPBootMasks boot;              /* the masks the next boot gives */
    virAPOverrides overrides;         /* driver_override now (VIR_AP_HOST_OVERRIDES) */
    virAPDriverctl driverctl;         /* driverctl's, at the next boot (VIR_AP_HOST_DRIVERCTL) */
    GPtrArray *definitions;           /* virAPDevice */
    GPtrArray *activeMdevs;           /* virAPActiveMdev */
    virAPMatrixIndex *definitionIndex; /* of definitions, by position */
    virAPMatrixIndex *activeIndex;    /* of activeMdevs, by position */
};

void virAPHostFree(virAPHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPHost, virAPHostFree);

int virAPHostLoad(unsigned int parts, virAPHost **host, GError **error);
void virAPHostIndex(virAPHost *host);

const virAPDevice *virAPHostFindDefinition(const virAPHost *host, const char *uuid);
bool virAPHostKeepsNow(const virAPHost *host, unsigned int adapter,
                       unsigned int domain);
bool virAPHostKeepsAfterBoot(const virAPHost *host, unsigned int adapter,
                             unsigned int domain);
virAPHostMode virAPHostModeNow(const virAPHost *host);
virAPHostMode virAPHostModeAfterBoot(const virAPHost *host);
const virAPMaskPair *virAPHostBootMasksNotFull(const virAPHost *host);
bool virAPHostKernelChecksAllIDs(const virAPHost *host);
