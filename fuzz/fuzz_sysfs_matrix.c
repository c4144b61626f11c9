/* fuzz: the sysfs attributes matrix and control_domains (split at the
 * first '|'), and ap_config */
#include <config.h>

#include <string.h>

#include "fuzz.h"
#include "virapmatrix.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    char *bar = strchr(text, '|');
    virAPMatrix matrix;

    if (virAPMatrixParseAPConfig(text, &matrix, NULL) == 0)
        g_free(virAPMatrixFormatAPConfig(&matrix));
    if (bar)
        *bar = '\0';
    virAPMatrixParseSysfs(text, bar ? bar + 1 : "", "fuzz", &matrix, NULL);
    return 0;
}
