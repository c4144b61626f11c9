/* fuzz: mdevctl device JSON, and the vfio_ap model built from its attrs */
#include <config.h>

#include "fuzz.h"
#include "node_device_ap.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = virAPFuzzString(data, size);
    virAPMdevctlConfig *config = NULL;
    virAPDevice *dev = NULL;

    if (virAPMdevctlConfigParse(text, "fuzz", &config, NULL) == 0 &&
        virAPDeviceNew(config, &dev, NULL) == 0)
        virAPDeviceFree(dev);
    return 0;
}
