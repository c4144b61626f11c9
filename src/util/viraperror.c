/*
 * viraperror.c: the one error domain of virt-ap
 */
#include <config.h>

#include "viraperror.h"


GQuark
virAPErrorQuark(void)
{
    return g_quark_from_static_string("virt-ap-error-quark");
}


/* @fmt is a translated sentence naming the file; the errno text follows it. */
int
virAPReportSystemError(GError **error, int errnum, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *what = NULL;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_SYSTEM, "%s: %s",
                what, g_strerror(errnum));
    return -1;
}
