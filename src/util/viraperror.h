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

int virAPReportSystemError(GError **error, int errnum, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
