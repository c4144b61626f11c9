/*
 * virapboot.h: the AP masks the next boot gives
 */
#pragma once

#include "virapmaskpair.h"

typedef enum {
    VIR_AP_BOOT_SOURCE_DEFAULT,  /* nothing set: the host keeps everything */
    VIR_AP_BOOT_SOURCE_CMDLINE,  /* ap.apmask= / ap.aqmask= */
    VIR_AP_BOOT_SOURCE_RULE,     /* 41-ap.rules */
    VIR_AP_BOOT_SOURCE_LAST
} virAPBootSource;

VIR_AP_ENUM_DECL(virAPBootSource);

typedef struct _virAPBootMasks virAPBootMasks;
struct _virAPBootMasks {
    virAPMaskPair masks;                       /* what the next boot gives */
    virAPMaskPair base;                        /* the same without the rule */
    virAPBootSource source[VIR_AP_MASK_LAST];  /* who set each mask last */
};

int virAPBootReadMasks(virAPBootMasks *boot, GError **error);
const char *virAPBootSourceDescribe(virAPBootSource source);
char *virAPBootCmdlineValue(const char *cmdline, const char *key);
