/*
 * virapmask.h: 256-bit AP masks (adapter, usage-domain and control-domain sets)
 *
 * Three text forms exist and are kept apart on purpose:
 *  - the kernel form ("0x" + 64 hex digits, ID 0 = leftmost bit), which is
 *    also what the kernel accepts in sysfs, ap_config and on the command line,
 *    where shorter hex strings and "+N,-A-B" edits are allowed as well;
 *  - the zdev ID list ("0-1,3-255", "0x2b"), absolute;
 *  - the zdev edit ("+2,-4-8"), relative, every item signed.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define VIR_AP_MASK_BITS 256
#define VIR_AP_MAX_ID (VIR_AP_MASK_BITS - 1)

typedef struct _virAPMask virAPMask;
struct _virAPMask {
    guint8 bytes[VIR_AP_MASK_BITS / 8]; /* byte 0 bit 7 is ID 0, as the kernel prints it */
};

void virAPMaskClearAll(virAPMask *mask);
void virAPMaskSetAll(virAPMask *mask);
void virAPMaskSetBit(virAPMask *mask, unsigned int id);
void virAPMaskClearBit(virAPMask *mask, unsigned int id);
bool virAPMaskIsBitSet(const virAPMask *mask, unsigned int id);
bool virAPMaskIsEmpty(const virAPMask *mask);
unsigned int virAPMaskCount(const virAPMask *mask);
void virAPMaskAnd(const virAPMask *a, const virAPMask *b, virAPMask *result);
void virAPMaskAndNot(const virAPMask *a, const virAPMask *b, virAPMask *result);
int virAPMaskNextSetBit(const virAPMask *mask, int after);
bool virAPMaskEqual(const virAPMask *a, const virAPMask *b);
bool virAPMaskIsFull(const virAPMask *mask);

/* Every APQN of the set @adapters x @domains (two virAPMask *), adapter by
 * adapter; @a and @d are int variables. */
#define VIR_AP_FOREACH_APQN(adapters, domains, a, d) \
    for ((a) = -1; ((a) = virAPMaskNextSetBit((adapters), (a))) >= 0;) \
        for ((d) = -1; ((d) = virAPMaskNextSetBit((domains), (d))) >= 0;)

/* Kernel text, as read from sysfs, the udev rule or the command line. */
int virAPMaskParseKernel(const char *text, const virAPMask *current,
                         virAPMask *result, GError **error);
char *virAPMaskFormatKernel(const virAPMask *mask);

/* zdev setting: absolute ID list, or relative edit applied to @current. */
int virAPMaskParseSetting(const char *text, const virAPMask *current,
                          virAPMask *result, GError **error);
char *virAPMaskFormatList(const virAPMask *mask);

/* One ID: decimal without leading zeros, or 0x-hex. */
int virAPMaskParseID(const char *text, unsigned int *id, GError **error);
