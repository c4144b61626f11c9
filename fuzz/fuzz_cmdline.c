/* fuzz: the kernel command line, as read for ap.apmask= / ap.aqmask= */
#include <config.h>

#include "fuzz.h"
#include "virapboot.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);

    g_free(virAPBootCmdlineValue(text, "ap.apmask"));
    return 0;
}
