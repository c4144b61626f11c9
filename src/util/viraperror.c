/*
 * viraperror.c: the one error domain of virt-ap
 */
#include <config.h>

#include <string.h>

#include "viraperror.h"


GQuark
virAPErrorQuark(void)
{
    return g_quark_from_static_string("virt-ap-error-quark");
}


/* @fmt is a translated sentence naming the file; the errno text follows it. */
int
virAPReportSystemErrorFull(GError **error, int errnum, const char *fmt, ...)
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


/*
 * @text with its control characters escaped as C does ("\n", "\033"):
 * a message that quotes input stays one line whatever the input holds.
 */
char *
virAPErrorOneLine(const char *text)
{
    GString *out = g_string_sized_new(strlen(text));
    const char *p;

    for (p = text; *p; p++) {
        unsigned char c = *p;

        if (c == '\n')
            g_string_append(out, "\\n");
        else if (c == '\r')
            g_string_append(out, "\\r");
        else if (c == '\t')
            g_string_append(out, "\\t");
        else if (c < 0x20 || c == 0x7f)
            g_string_append_printf(out, "\\%03o", c);
        else
            g_string_append_c(out, c);
    }
    return g_string_free(out, FALSE);
}
