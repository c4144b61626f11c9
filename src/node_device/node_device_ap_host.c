/*
 * node_device_ap_host.c: a snapshot of the host's AP configuration
 */
#include <config.h>

#include "node_device_ap_host.h"
#include "viraperror.h"


void
virAPHostFree(virAPHost *host)
{
    if (!host)
        return;
    if (host->definitions)
        g_ptr_array_unref(host->definitions);
    if (host->activeMdevs)
        g_ptr_array_unref(host->activeMdevs);
    g_free(host);
}


/* Every vfio_ap definition; definitions of other types under "matrix" are
 * not ours to judge.  One that cannot be evaluated fails the load. */
static int
virAPHostLoadDefinitions(virAPHost *host, GError **error)
{
    g_autoptr(GPtrArray) configs = NULL;

    host->definitions = g_ptr_array_new_with_free_func((GDestroyNotify)virAPDeviceFree);
    if (virAPMdevctlConfigListParent(VIR_AP_MDEV_PARENT, &configs, error) < 0)
        return -1;
    while (configs->len) {
        g_autoptr(virAPMdevctlConfig) config = g_ptr_array_steal_index(configs, 0);
        g_autofree char *origin = NULL;
        virAPDevice *dev;

        if (!g_str_equal(config->type, VIR_AP_MDEV_TYPE))
            continue;
        origin = g_strdup(config->origin);
        if (virAPDeviceNew(g_steal_pointer(&config), &dev, error) < 0) {
            g_prefix_error(error, _("cannot evaluate definition %s: "), origin);
            return -1;
        }
        g_ptr_array_add(host->definitions, dev);
    }
    return 0;
}


int
virAPHostLoad(unsigned int parts, virAPHost **host, GError **error)
{
    g_autoptr(virAPHost) loaded = g_new0(virAPHost, 1);

    if (virAPSysfsReadMaxID("ap_max_adapter_id", &loaded->maxAdapter, error) < 0 ||
        virAPSysfsReadMaxID("ap_max_domain_id", &loaded->maxDomain, error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_VFIO_AP) && virAPSysfsRequireVfioAP(error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_DEFINITIONS) &&
        virAPHostLoadDefinitions(loaded, error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_BOOT_MASKS) &&
        virAPBootReadMasks(&loaded->bootApmask, &loaded->bootAqmask, error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_ACTIVE) &&
        (virAPSysfsListMdevs(&loaded->activeMdevs, error) < 0 ||
         virAPSysfsReadMask("apmask", &loaded->activeApmask, error) < 0 ||
         virAPSysfsReadMask("aqmask", &loaded->activeAqmask, error) < 0))
        return -1;
    *host = g_steal_pointer(&loaded);
    return 0;
}
