/* fuzz: AP masks in the kernel's forms (sysfs, ap_config fields, cmdline) */
#include <config.h>

#include "fuzz.h"
#include "virapmask.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    virAPMask current, mask;

    virAPMaskSetAll(&current);
    if (virAPMaskParseKernel(text, &current, &mask, NULL) == 0)
        g_free(virAPMaskFormatKernel(&mask));
    return 0;
}
