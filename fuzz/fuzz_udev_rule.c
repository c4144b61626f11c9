/* fuzz: 41-ap.rules, read and rewritten */
#include <config.h>

#include "fuzz.h"
#include "virapudev.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    g_autofree char *updated = NULL;
    virAPUdevRule *rule = NULL;
    virAPUdevChange set = { VIR_AP_UDEV_SET, { { 0 } } };
    virAPUdevChange removed = { VIR_AP_UDEV_REMOVE, { { 0 } } };

    if (virAPUdevRuleParse(text, "fuzz", &rule, NULL) == 0)
        virAPUdevRuleFree(rule);
    virAPUdevRuleUpdate(text, "fuzz", &set, &removed, &updated, NULL);
    return 0;
}
