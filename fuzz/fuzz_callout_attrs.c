/* fuzz: the callout front's get attributes (tools/virt-ap-check-attrs.c)
 * against the full callout's: where the front answers, the answer must be
 * the full callout's.  The input is sysfs "matrix", then after the first
 * '|' "control_domains". */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "node_device_ap.h"
#include "virapmdevctl.h"
#include "../tools/virt-ap-check-attrs.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *bar = memchr(text, '|', size);
    size_t matrixLen = bar ? (size_t)(bar - text) : size;
    const char *control = bar ? bar + 1 : "";
    size_t controlLen = bar ? size - matrixLen - 1 : 0;
    static char out[VIR_AP_CHECK_ATTRS_MAX];
    g_autofree char *matrixText = NULL;
    g_autofree char *controlText = NULL;
    g_autofree char *json = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(GPtrArray) attrs = NULL;
    virAPMatrix matrix;

    if (virAPCheckAttrsFormat(text, matrixLen, control, controlLen, out, sizeof(out)) < 0)
        return 0;
    /* the full callout refuses a file holding a NUL byte */
    if (memchr(text, '\0', matrixLen) || memchr(control, '\0', controlLen))
        abort();
    matrixText = g_strndup(text, matrixLen);
    controlText = g_strndup(control, controlLen);
    if (virAPMatrixParseSysfs(matrixText, controlText, "fuzz", &matrix, NULL) < 0)
        abort();
    attrs = virAPDeviceMatrixToAttrs(&matrix);
    json = virAPMdevctlFormatAttrs(attrs);
    expected = g_strdup_printf("%s\n", json);
    if (!g_str_equal(out, expected))
        abort();
    return 0;
}
