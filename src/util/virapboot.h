/*
 * virapboot.h: the AP masks the next boot gives
 */
#pragma once

#include "virapmask.h"

typedef enum {
    VIR_AP_BOOT_SOURCE_DEFAULT,  /* nothing set: the host keeps everything */
    VIR_AP_BOOT_SOURCE_CMDLINE,  /* ap.apmask= / ap.aqmask= */
    VIR_AP_BOOT_SOURCE_RULE,     /* 41-ap.rules */
} virAPBootSource;

typedef struct _virAPBootMask virAPBootMask;
struct _virAPBootMask {
    virAPMask mask;          /* what the next boot gives */
    virAPBootSource source;  /* who set it last */
    virAPMask base;          /* what it would be without the rule */
};

int virAPBootReadMasks(virAPBootMask *apmask, virAPBootMask *aqmask,
                       GError **error);
const char *virAPBootSourceDescribe(virAPBootSource source);
const char *virAPBootSourceTypeToString(virAPBootSource source);
char *virAPBootCmdlineValue(const char *cmdline, const char *key);
