/*
 * virapboot.h: the AP masks the next boot gives
 */
#pragma once

#include "virapmaskpair.h"

typedef enum {
    VIR_AP_BOOT_SOURCE_DEFAULT,  /* nothing set: the host keeps everything */
    VIR_AP_BOOT_SOURCE_CMDLINE,  /* ap.apmask= / ap.aqmask= */
    VIR_AP_BOOT_SOURCE_RULE,     /* a udev rule (41-ap.rules or another file) */
    VIR_AP_BOOT_SOURCE_LAST
} virAPBootSource;

VIR_AP_ENUM_DECL(virAPBootSource);

typedef struct _virAPBootMasks virAPBootMasks;
struct _virAPBootMasks {
    virAPMaskPair masks;                       /* what the next boot gives */
    virAPMaskPair base;                        /* the same without the udev rules */
    virAPBootSource source[VIR_AP_MASK_LAST];  /* who set each mask last */
    char *file[VIR_AP_MASK_LAST];              /* source RULE: the file of the last write */
    unsigned int line[VIR_AP_MASK_LAST];       /* and its line */
};

void virAPBootMasksClear(virAPBootMasks *boot);
int virAPBootReadMasks(virAPBootMasks *boot, GError **error);
int virAPBootReadMasksReplacing(const char *rulePath, const char *ruleText,
                                virAPBootMasks *boot, GError **error);
const char *virAPBootSourceDescribe(virAPBootSource source);
const char *virAPBootDescribe(const virAPBootMasks *boot, virAPMaskName name);
char *virAPBootCmdlineValue(const char *cmdline, const char *key);
