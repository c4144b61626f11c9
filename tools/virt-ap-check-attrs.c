/*
 * virt-ap-check-attrs.c: an active mdev's sysfs matrix as mdevctl attrs,
 * with libc alone
 *
 * The answer to "get attributes" that the callout's front gives without
 * starting the full callout: the sysfs text the kernel writes, read as
 * virAPMatrixParseSysfs() reads it, printed as virAPMdevctlFormatAttrs()
 * prints virAPDeviceMatrixToAttrs().  Whatever those would refuse is
 * declined here (-1), and the full callout then words the problem: this
 * file has no message of its own.  fuzz/fuzz_callout_attrs.c checks that
 * where it answers, the answer is the full callout's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "virt-ap-check-attrs.h"

#define VIR_AP_CHECK_IDS 256

enum { ADAPTERS, DOMAINS, CONTROLS, KINDS };

/* One hex ID of at most @width digits; an empty one is "none" (-1). */
static bool
virAPCheckAttrsID(const char *text, size_t len, size_t width, int *id)
{
    unsigned int value = 0;
    size_t i;

    *id = -1;
    if (len > width)
        return false;
    for (i = 0; i < len; i++) {
        char c = text[i];
        int digit = c >= '0' && c <= '9' ? c - '0' :
                    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        if (digit < 0)
            return false;
        value = value * 16 + digit;
    }
    if (value >= VIR_AP_CHECK_IDS)
        return false;
    if (len)
        *id = value;
    return true;
}


/* Every non-empty line of @text: "ADAPTER.DOMAIN" (either side may be
 * empty, not both) in the matrix, "DOMAIN" in control_domains. */
static bool
virAPCheckAttrsParse(const char *text, size_t len, bool matrix,
                     bool ids[KINDS][VIR_AP_CHECK_IDS])
{
    const char *end = text + len;

    if (memchr(text, '\0', len))
        return false;
    while (text < end) {
        const char *eol = memchr(text, '\n', end - text);
        const char *dot;
        int a, d;

        if (!eol)
            eol = end;
        if (eol == text) {
            text++;
            continue;
        }
        if (!matrix) {
            if (!virAPCheckAttrsID(text, eol - text, 4, &d) || d < 0)
                return false;
            ids[CONTROLS][d] = true;
        } else {
            if (!(dot = memchr(text, '.', eol - text)) ||
                !virAPCheckAttrsID(text, dot - text, 2, &a) ||
                !virAPCheckAttrsID(dot + 1, eol - dot - 1, 4, &d) ||
                (a < 0 && d < 0))
                return false;
            if (a >= 0)
                ids[ADAPTERS][a] = true;
            if (d >= 0)
                ids[DOMAINS][d] = true;
        }
        text = eol;
    }
    return true;
}


/*
 * The attrs of the mdev whose sysfs "matrix" and "control_domains" are
 * given, as mdevctl reads them from a callout: adapters, domains, control
 * domains, each ascending, in decimal.  Returns the length written to @out
 * (a string ending in a newline), or -1: declined.
 */
int
virAPCheckAttrsFormat(const char *matrix, size_t matrixLen,
                      const char *control, size_t controlLen,
                      char *out, size_t outSize)
{
    static const char *const names[KINDS] = {
        "assign_adapter", "assign_domain", "assign_control_domain",
    };
    bool ids[KINDS][VIR_AP_CHECK_IDS] = { { false } };
    size_t len = 0;
    int kind, id;

    if (outSize < VIR_AP_CHECK_ATTRS_MAX ||
        !virAPCheckAttrsParse(matrix, matrixLen, true, ids) ||
        !virAPCheckAttrsParse(control, controlLen, false, ids))
        return -1;
    out[len++] = '[';
    for (kind = 0; kind < KINDS; kind++) {
        for (id = 0; id < VIR_AP_CHECK_IDS; id++) {
            if (ids[kind][id])
                len += snprintf(out + len, outSize - len, "%s{\"%s\":\"%d\"}",
                                len > 1 ? "," : "", names[kind], id);
        }
    }
    out[len++] = ']';
    out[len++] = '\n';
    out[len] = '\0';
    return len;
}
