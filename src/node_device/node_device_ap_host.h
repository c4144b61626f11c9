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
#include "virapsysfs.h"

typedef enum {
    VIR_AP_HOST_DEFINITIONS = 1 << 0, /* /etc/mdevctl.d/matrix */
    VIR_AP_HOST_BOOT_MASKS = 1 << 1,  /* masks the next boot gives */
    VIR_AP_HOST_ACTIVE = 1 << 2,      /* sysfs masks and active mdevs */
    VIR_AP_HOST_VFIO_AP = 1 << 3,     /* fail unless vfio_ap is loaded */
} virAPHostPart;

typedef struct _virAPHost virAPHost;
struct _virAPHost {
    unsigned int maxAdapter;          /* ap_max_adapter_id */
    unsigned int maxDomain;           /* ap_max_domain_id */
    virAPMaskPair active;             /* /sys/bus/ap/apmask, aqmask */
    virAPBootMasks boot;              /* the masks the next boot gives */
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
