/*
 * virapoverride.h: per-queue driver_override (Linux 6.19) and driverctl's
 * persistent overrides (/etc/driverctl.d/ap-AA.DDDD)
 */
#pragma once

#include "virapmask.h"

#define VIR_AP_DRIVERCTL_DIR "/etc/driverctl.d"
#define VIR_AP_OVERRIDE_VFIO "vfio_ap"
#define VIR_AP_DRIVERCTL_RULE "05-driverctl.rules"
#define VIR_AP_DRIVERCTL_UNIT "driverctl@.service"

/* The queues' driver_override as sysfs shows it now. */
typedef struct _virAPOverrides virAPOverrides;
struct _virAPOverrides {
    bool supported;                   /* Linux >= 6.19 (see virAPOverridesSupported) */
    bool scanned;                     /* the queues were read (both masks all ones) */
    virAPMask queues[VIR_AP_MASK_BITS]; /* queues[adapter]: the queues (when scanned) */
    virAPMask set[VIR_AP_MASK_BITS];  /* set[adapter]: domains whose queue has an override */
    virAPMask vfio[VIR_AP_MASK_BITS]; /* of those, the ones the default drivers do not own */
    unsigned int count;
    char *first;                      /* "AA.DDDD (driver)" of the first one, for messages */
};

/* driverctl's files for the AP bus: what its udev rule applies at boot. */
typedef struct _virAPDriverctl virAPDriverctl;
struct _virAPDriverctl {
    virAPMask set[VIR_AP_MASK_BITS];  /* a non-empty ap-AA.DDDD file */
    virAPMask vfio[VIR_AP_MASK_BITS]; /* that names vfio_ap or "none": no default driver's */
    unsigned int count;
    char *first;                      /* the path of the first one, for messages */
    char *rule;                       /* driverctl's udev rule udev reads, or NULL:
                                       * then nothing applies the files at boot */
};

void virAPOverridesClear(virAPOverrides *overrides);
void virAPDriverctlClear(virAPDriverctl *driverctl);

bool virAPOverridesSupported(void);
int virAPOverridesRead(bool masksFull, virAPOverrides *overrides, GError **error);
int virAPDriverctlRead(virAPDriverctl *driverctl, GError **error);

char *virAPDriverctlPath(unsigned int adapter, unsigned int domain);
int virAPDriverctlReadOne(unsigned int adapter, unsigned int domain, char **driver,
                          GError **error);
int virAPDriverctlWrite(unsigned int adapter, unsigned int domain, const char *driver,
                        GError **error);

bool virAPQueueExists(unsigned int adapter, unsigned int domain);
char *virAPQueueOverride(unsigned int adapter, unsigned int domain);
char *virAPQueueDriverName(unsigned int adapter, unsigned int domain);
bool virAPQueueBoundAs(const char *driver, const char *expect);
int virAPQueueRebind(unsigned int adapter, unsigned int domain, const char *override,
                     const char *expect, bool unchecked, GError **error);
