/* fuzz: the scanner of mdevctl's plain definitions against json-c, the
 * authority: where the scanner accepts, json-c must read the same */
#include <config.h>

#include <stdlib.h>

#include "fuzz.h"
#include "virapmdevctlscan.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    g_autoptr(virAPMdevctlConfig) scanned = virAPMdevctlScan(text, "fuzz");
    g_autoptr(virAPMdevctlConfig) parsed = NULL;
    size_t i;

    if (!scanned)
        return 0;
    if (virAPMdevctlConfigParseJSON(text, "fuzz", &parsed, NULL) < 0 ||
        !g_str_equal(scanned->type, parsed->type) ||
        scanned->autostart != parsed->autostart ||
        scanned->attrs->len != parsed->attrs->len)
        abort();
    for (i = 0; i < scanned->attrs->len; i++) {
        virAPMdevctlAttr *a = g_ptr_array_index(scanned->attrs, i);
        virAPMdevctlAttr *b = g_ptr_array_index(parsed->attrs, i);

        if (!g_str_equal(a->name, b->name) || !g_str_equal(a->value, b->value))
            abort();
    }
    return 0;
}
