/*
 * virerror.h: the one error domain of virt-ap, and gettext
 */
#pragma once

#include <glib.h>
#include <libintl.h>
#include <locale.h>

/* Messages are translated from the first one on: setlocale() costs more
 * than a whole get-attributes callout, which prints no message. */
#define _(str) virAPGettext(str)
#define N_(str) str

const char *virAPGettext(const char *msgid) G_GNUC_FORMAT(1);
const char *virAPNGettext(const char *msgid, const char *plural, unsigned long n)
    G_GNUC_FORMAT(1) G_GNUC_FORMAT(2);
void virAPI18nInit(void);

#define VIR_AP_ERROR (virAPErrorQuark())

typedef enum {
    VIR_AP_ERROR_INVALID,     /* malformed input: names the offending text */
    VIR_AP_ERROR_SYSTEM,      /* a host file could not be read or written */
    VIR_AP_ERROR_LOCK,        /* the configuration lock could not be taken */
    VIR_AP_ERROR_UNSUPPORTED, /* the host lacks what is needed (vfio_ap, ap_config) */
} virAPErrorCode;

GQuark virAPErrorQuark(void);

int virAPReportSystemError(GError **error, int errnum, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
