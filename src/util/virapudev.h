/*
 * virapudev.h: the persistent AP masks in the udev rule chzdev writes
 */
#pragma once

#include "virapmask.h"

#define VIR_AP_UDEV_RULE "/etc/udev/rules.d/41-ap.rules"

typedef struct _virAPUdevRule virAPUdevRule;
struct _virAPUdevRule {
    GPtrArray *apmask; /* the values the rule writes, in file order */
    GPtrArray *aqmask;
};

void virAPUdevRuleFree(virAPUdevRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPUdevRule, virAPUdevRuleFree);

typedef enum {
    VIR_AP_UDEV_KEEP,    /* leave the mask's line as it is (or absent) */
    VIR_AP_UDEV_SET,     /* write this mask at boot */
    VIR_AP_UDEV_REMOVE,  /* no line: the boot value of the mask stays */
} virAPUdevChangeType;

typedef struct _virAPUdevChange virAPUdevChange;
struct _virAPUdevChange {
    virAPUdevChangeType type;
    virAPMask mask;
};

int virAPUdevRuleParse(const char *text, const char *name,
                       virAPUdevRule **rule, GError **error);
int virAPUdevRuleRead(virAPUdevRule **rule, GError **error);
int virAPUdevRuleUpdate(const char *text, const char *name,
                        const virAPUdevChange *apmask,
                        const virAPUdevChange *aqmask,
                        char **updated, GError **error);
