/* fuzz: zdev ID lists and +/- edits, and single IDs (attr values) */
#include <config.h>

#include "fuzz.h"
#include "virapmask.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    virAPMask current, mask;
    unsigned int id;
    guint64 value;
    bool octal;

    virAPMaskSetAll(&current);
    if (virAPMaskParseSetting(text, &current, &mask, NULL) == 0)
        g_free(virAPMaskFormatList(&mask));
    virAPMaskParseID(text, &id, NULL);
    virAPMaskParseKernelID(text, &value, &octal);
    return 0;
}
