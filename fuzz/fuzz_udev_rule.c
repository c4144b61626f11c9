/* fuzz: udev rule files, read as udev reads them, run through the AP bus's
 * boot events, and 41-ap.rules rewritten */
#include <config.h>

#include "fuzz.h"
#include "virapudev.h"
#include "virapudevrules.h"
#include "virapudevrun.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    g_autofree char *updated = NULL;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevFileFree);
    g_autoptr(virAPUdevBootRun) run = NULL;
    virAPUdevFile *file = NULL;
    virAPUdevChange set = { VIR_AP_UDEV_SET, { { 0 } } };
    virAPUdevChange removed = { VIR_AP_UDEV_REMOVE, { { 0 } } };

    if (virAPUdevFileParse("fuzz", text, &file, NULL) == 0) {
        guint i, t;

        /* the cheap test never misses a mask write of the parse */
        for (i = 0; i < file->lines->len; i++) {
            const virAPUdevLine *line = g_ptr_array_index(file->lines, i);

            for (t = 0; t < line->tokens->len; t++) {
                const virAPUdevToken *token = g_ptr_array_index(line->tokens, t);

                if (token->type == VIR_AP_UDEV_A_ATTR && virAPUdevAttrNamesMask(token->attr) &&
                    !virAPUdevTextMayWriteMask("fuzz", text))
                    abort();
            }
        }
        g_ptr_array_add(files, file);
        if (virAPUdevBootRunNew(files, &run, NULL) == 0) {
            virAPMask base, result;
            g_autofree char *writer = NULL;

            virAPMaskSetAll(&base);
            virAPUdevBootRunApply(run, "apmask", &base, &result, &writer, NULL);
        }
    }
    virAPUdevRuleUpdate(text, "fuzz", &set, &removed, &updated, NULL);
    return 0;
}
