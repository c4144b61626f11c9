/* fuzz: the callout's command line; the input is its arguments separated by
 * NUL bytes, and its UUID argument as the callout canonicalizes it */
#include <config.h>

#include "fuzz.h"
#include "node_device_ap_callout.h"
#include "virapuuid.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    virAPCalloutArgs args;
    size_t start = 0, i;

    g_ptr_array_add(argv, g_strdup("virt-ap-check"));
    for (i = 0; i <= size; i++) {
        if (i == size || data[i] == '\0') {
            g_ptr_array_add(argv, g_strndup((const char *)data + start, i - start));
            start = i + 1;
        }
    }
    g_ptr_array_add(argv, NULL);
    if (virAPCalloutParseArgs(argv->len - 1, (char **)argv->pdata, &args) == 0)
        g_free(virAPUUIDCanonicalize(args.uuid, NULL));
    return 0;
}
