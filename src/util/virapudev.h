/*
 * virapudev.h: 41-ap.rules, the udev rule chzdev writes, rewritten
 */
#pragma once

#include "virapmask.h"

#define VIR_AP_UDEV_RULE "/etc/udev/rules.d/41-ap.rules"

typedef enum {
    VIR_AP_UDEV_KEEP,    /* leave the mask's lines as they are (or absent) */
    VIR_AP_UDEV_SET,     /* write this mask at boot */
    VIR_AP_UDEV_REMOVE,  /* no line: the boot value of the mask stays */
} virAPUdevChangeType;

typedef struct _virAPUdevChange virAPUdevChange;
struct _virAPUdevChange {
    virAPUdevChangeType type;
    virAPMask mask;
};

typedef enum {
    /* never answer "remove the file": a file reached through a symbolic
     * link is kept, with no mask line if none is left */
    VIR_AP_UDEV_UPDATE_KEEP_FILE = 1 << 0,
} virAPUdevUpdateFlags;

int virAPUdevRuleUpdate(const char *text, const char *name,
                        const virAPUdevChange *apmask,
                        const virAPUdevChange *aqmask,
                        char **updated, GError **error);
int virAPUdevRuleUpdateFlags(const char *text, const char *name,
                             const virAPUdevChange *apmask,
                             const virAPUdevChange *aqmask,
                             unsigned int flags, char **updated, GError **error);
int virAPUdevRuleTarget(const char *path, char **target, GError **error);
