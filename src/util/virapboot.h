/*
 * virapboot.h: the AP masks the next boot gives
 */
#pragma once

#include "virapmask.h"

typedef enum {
    VIR_AP_BOOT_SOURCE_DEFAULT,  /* nothing set: the host keeps everything */
    VIR_AP_BOOT_SOURCE_CMDLINE,  /* ap.apmask= / ap.aqmask= */
    VIR_AP_BOOT_SOURCE_RULE,     /* a udev rule (41-ap.rules or another file) */
} virAPBootSource;

#define VIR_AP_BOOT_WRITER_MAX 4200

typedef struct _virAPBootMask virAPBootMask;
struct _virAPBootMask {
    virAPMask mask;          /* what the next boot gives */
    virAPBootSource source;  /* who set it last */
    virAPMask base;          /* what it would be without the udev rules */
    char file[VIR_AP_BOOT_WRITER_MAX]; /* source RULE: the rule file of the last write */
    unsigned int line;                 /* and its line */
};

int virAPBootReadMasks(virAPBootMask *apmask, virAPBootMask *aqmask,
                       GError **error);
int virAPBootReadMasksReplacing(const char *rulePath, const char *ruleText,
                                virAPBootMask *apmask, virAPBootMask *aqmask,
                                GError **error);
const char *virAPBootSourceDescribe(virAPBootSource source);
const char *virAPBootMaskDescribe(const virAPBootMask *boot);
const char *virAPBootSourceTypeToString(virAPBootSource source);
char *virAPBootCmdlineValue(const char *cmdline, const char *key);
