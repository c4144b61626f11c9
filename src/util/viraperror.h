/*
 * viraperror.h: the one error domain of virt-ap
 */
#pragma once

#include "virapi18n.h"

#define VIR_AP_ERROR (virAPErrorQuark())

typedef enum {
    VIR_AP_ERROR_INVALID,     /* malformed input: names the offending text */
    VIR_AP_ERROR_ARGUMENT,    /* a bad value on the command line */
    VIR_AP_ERROR_SYSTEM,      /* a host file could not be read or written */
    VIR_AP_ERROR_LOCK,        /* the configuration lock could not be taken */
    VIR_AP_ERROR_UNSUPPORTED, /* the host lacks what is needed (vfio_ap, ap_config) */
} virAPErrorCode;

GQuark virAPErrorQuark(void);

int virAPReportSystemErrorFull(GError **error, int errnum, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* @errnum (usually errno) is read before the message's arguments run: the
 * first _() starts gettext, whose file lookups change errno, and the
 * arguments of one call run in no fixed order. */
#define virAPReportSystemError(error, errnum, ...) \
    ({ int virAPErrnum_ = (errnum); \
       virAPReportSystemErrorFull(error, virAPErrnum_, __VA_ARGS__); })

char *virAPErrorOneLine(const char *text);
