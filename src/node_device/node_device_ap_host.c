/*
 * node_device_ap_host.c: a snapshot of the host's AP configuration
 */
#include <config.h>

#include "node_device_ap_host.h"
#include "viraperror.h"

VIR_AP_ENUM_IMPL(virAPHostMode, VIR_AP_HOST_MODE_LAST,
                 "masks", "overrides", "mixed");


void
virAPHostFree(virAPHost *host)
{
    if (!host)
        return;
    virAPBootMasksClear(&host->boot);
    virAPOverridesClear(&host->overrides);
    virAPDriverctlClear(&host->driverctl);
    if (host->definitions)
        g_ptr_array_unref(host->definitions);
    if (host->activeMdevs)
        g_ptr_array_unref(host->activeMdevs);
    virAPMatrixIndexFree(host->definitionIndex);
    virAPMatrixIndexFree(host->activeIndex);
    g_free(host);
}


/* A neighbour whose matrix is unknown: nothing can be judged against it. */
static void
virAPHostReportInvalid(const virAPDevice *dev, GError **error)
{
    g_autofree char *step = NULL;
    size_t i;

    for (i = 0; !dev->steps[i].error; i++)
        ;
    step = virAPDeviceStepDescribe(dev, i);
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                _("cannot evaluate definition %s: %s: %s"),
                virAPMdevctlOriginName(dev->config->origin), step, dev->steps[i].error);
}


/* Every vfio_ap definition; definitions of other types under "matrix" are
 * not ours to judge.  One that cannot be evaluated fails the load. */
static int
virAPHostLoadDefinitions(virAPHost *host, GError **error)
{
    g_autoptr(GPtrArray) configs = NULL;
    size_t i;

    host->definitions = g_ptr_array_new_with_free_func((GDestroyNotify)virAPDeviceFree);
    if (virAPMdevctlConfigListParent(VIR_AP_MDEV_PARENT, &configs, error) < 0)
        return -1;
    for (i = 0; i < configs->len; i++) {
        g_autoptr(virAPMdevctlConfig) config = g_steal_pointer(&configs->pdata[i]);
        g_autoptr(virAPDevice) dev = NULL;

        if (!g_str_equal(config->type, VIR_AP_MDEV_TYPE))
            continue;
        if (virAPDeviceNew(g_steal_pointer(&config), &dev, error) < 0)
            return -1;
        if (!dev->valid) {
            virAPHostReportInvalid(dev, error);
            return -1;
        }
        g_ptr_array_add(host->definitions, g_steal_pointer(&dev));
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
    if ((parts & VIR_AP_HOST_VFIO_AP) &&
        (virAPSysfsRequireVfioAP(error) < 0 ||
         virAPSysfsHasAPConfig(&loaded->apConfig, error) < 0))
        return -1;
    if ((parts & VIR_AP_HOST_DEFINITIONS) &&
        virAPHostLoadDefinitions(loaded, error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_BOOT_MASKS) &&
        virAPBootReadMasks(&loaded->boot, error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_ACTIVE) &&
        (virAPSysfsListMdevs(&loaded->activeMdevs, error) < 0 ||
         virAPSysfsReadMask("apmask", &loaded->active.apmask, error) < 0 ||
         virAPSysfsReadMask("aqmask", &loaded->active.aqmask, error) < 0))
        return -1;
    if ((parts & VIR_AP_HOST_OVERRIDES) &&
        virAPOverridesRead(virAPMaskIsFull(&loaded->active.apmask) &&
                           virAPMaskIsFull(&loaded->active.aqmask),
                           &loaded->overrides, error) < 0)
        return -1;
    if ((parts & VIR_AP_HOST_DRIVERCTL) &&
        virAPDriverctlRead(&loaded->driverctl, error) < 0)
        return -1;
    virAPHostIndex(loaded);
    *host = g_steal_pointer(&loaded);
    return 0;
}


/* (Re)builds the indexes of the definitions and active mdevs loaded, so
 * that the policy finds the holders of an APQN without comparing every
 * pair (the kernel allows 65536 mdevs). */
void
virAPHostIndex(virAPHost *host)
{
    size_t i;

    g_clear_pointer(&host->definitionIndex, virAPMatrixIndexFree);
    g_clear_pointer(&host->activeIndex, virAPMatrixIndexFree);
    host->definitionIndex = virAPMatrixIndexNew();
    host->activeIndex = virAPMatrixIndexNew();
    for (i = 0; host->definitions && i < host->definitions->len; i++)
        virAPMatrixIndexAdd(host->definitionIndex,
                            &((virAPDevice *)g_ptr_array_index(host->definitions, i))->matrix, i);
    for (i = 0; host->activeMdevs && i < host->activeMdevs->len; i++)
        virAPMatrixIndexAdd(host->activeIndex,
                            &((virAPActiveMdev *)g_ptr_array_index(host->activeMdevs, i))->matrix, i);
}


/*
 * The fact "the host keeps APQN @adapter.@domain now", as vfio_ap asks it
 * (ap_bus.c ap_owned_by_def_drv): a queue with a driver_override is the
 * host's iff a default driver is bound to it; any other APQN is the host's
 * iff both masks keep it.
 */
bool
virAPHostKeepsNow(const virAPHost *host, unsigned int adapter,
                  unsigned int domain)
{
    if (virAPMaskIsBitSet(&host->overrides.set[adapter], domain))
        return !virAPMaskIsBitSet(&host->overrides.vfio[adapter], domain);
    return virAPMaskPairKeeps(&host->active, adapter, domain);
}


/*
 * The next boot's masks where they are not all ones, or NULL: first the
 * kernel command line's, then what udev's rules make of them.  driverctl
 * writes a queue's override on the queue's add event, early in the boot,
 * and 41-ap.rules writes the masks on "bindings complete", later: nothing
 * orders the two, so overrides are certain to be taken only with all ones
 * from the start of the boot to its end.
 */
const virAPMaskPair *
virAPHostBootMasksNotFull(const virAPHost *host)
{
    const virAPMaskPair *both[] = { &host->boot.base, &host->boot.masks };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(both); i++) {
        if (!virAPMaskIsFull(&both[i]->apmask) || !virAPMaskIsFull(&both[i]->aqmask))
            return both[i];
    }
    return NULL;
}


/*
 * The fact "the host keeps APQN @adapter.@domain after the next boot":
 * driverctl's udev rule writes the queue's override at boot, which the
 * kernel takes only while the masks are all ones (throughout the boot, see
 * virAPHostBootMasksNotFull); the queue is then
 * probed anew and bound to the driver it names.  Otherwise (or when the
 * rule is not installed: nothing applies the files) the masks decide.
 */
bool
virAPHostKeepsAfterBoot(const virAPHost *host, unsigned int adapter,
                        unsigned int domain)
{
    if (virAPMaskIsBitSet(&host->driverctl.set[adapter], domain) &&
        host->driverctl.rule && !virAPHostBootMasksNotFull(host))
        return !virAPMaskIsBitSet(&host->driverctl.vfio[adapter], domain);
    return virAPMaskPairKeeps(&host->boot.masks, adapter, domain);
}


/* How the host hands queues to vfio_ap now.  The kernel keeps overrides
 * and masks apart, so a mix is only seen when it changed under us. */
virAPHostMode
virAPHostModeNow(const virAPHost *host)
{
    if (!host->overrides.count)
        return VIR_AP_HOST_MODE_MASKS;
    if (virAPMaskIsFull(&host->active.apmask) && virAPMaskIsFull(&host->active.aqmask))
        return VIR_AP_HOST_MODE_OVERRIDES;
    return VIR_AP_HOST_MODE_MIXED;
}


/* ... and after the next boot: driverctl's files with masks that are not
 * all ones throughout the boot are a mix (whether the overrides or the
 * masks win depends on the order of the boot's events). */
virAPHostMode
virAPHostModeAfterBoot(const virAPHost *host)
{
    if (!host->driverctl.count)
        return VIR_AP_HOST_MODE_MASKS;
    if (!virAPHostBootMasksNotFull(host))
        return VIR_AP_HOST_MODE_OVERRIDES;
    return VIR_AP_HOST_MODE_MIXED;
}


/* Whether the kernel checks a mask write that sets bits against all IDs of
 * the other mask (Linux 6.19) rather than against the other mask as it is. */
bool
virAPHostKernelChecksAllIDs(const virAPHost *host)
{
    return host->overrides.supported;
}


/* The stored definition of @uuid, or NULL. */
const virAPDevice *
virAPHostFindDefinition(const virAPHost *host, const char *uuid)
{
    size_t i;

    for (i = 0; uuid && i < host->definitions->len; i++) {
        const virAPDevice *def = g_ptr_array_index(host->definitions, i);

        if (g_str_equal(def->config->uuid, uuid))
            return def;
    }
    return NULL;
}
