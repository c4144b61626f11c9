/*
 * node_device_ap_status.c: the host's AP picture: who owns each APQN
 *
 * Built once from the host snapshot (masks, definitions, active mdevs),
 * the AP devices and, if libvirt was reached, its guests; then plain data
 * for status, audit and suggest.
 */
#include <config.h>

#include <string.h>

#include "node_device_ap_status.h"
#include "viraperror.h"

#define VIR_AP_APQN_INDEX(a, d) ((a) * VIR_AP_MASK_BITS + (d))

VIR_AP_ENUM_IMPL(virAPOwner, VIR_AP_OWNER_LAST,
                 "host", "free", "mdev");


static void
virAPStatusMdevFree(virAPStatusMdev *mdev)
{
    if (!mdev)
        return;
    g_free(mdev->uuid);
    g_free(mdev->label);
    g_ptr_array_unref(mdev->guests);
    g_free(mdev);
}


void
virAPStatusFree(virAPStatus *status)
{
    if (!status)
        return;
    virAPHostFree(status->host);
    virAPDevicesFree(status->devices);
    if (status->mdevs)
        g_ptr_array_unref(status->mdevs);
    g_free(status->activeHolder);
    g_free(status->definedHolder);
    g_free(status);
}


static virAPStatusMdev *
virAPStatusFindMdev(GHashTable *byUUID, GPtrArray *mdevs, const char *uuid)
{
    virAPStatusMdev *mdev = g_hash_table_lookup(byUUID, uuid);

    if (!mdev) {
        mdev = g_new0(virAPStatusMdev, 1);
        mdev->uuid = g_strdup(uuid);
        mdev->guests = g_ptr_array_new();
        g_ptr_array_add(mdevs, mdev);
        g_hash_table_insert(byUUID, mdev->uuid, mdev);
    }
    return mdev;
}


static int
virAPStatusCompareMdevs(gconstpointer a, gconstpointer b)
{
    return strcmp((*(virAPStatusMdev * const *)a)->uuid, (*(virAPStatusMdev * const *)b)->uuid);
}


const virAPMatrix *
virAPStatusMdevMatrix(const virAPStatusMdev *mdev)
{
    return mdev->active ? &mdev->active->matrix : &mdev->defined->matrix;
}


/* Every mdev, active or defined, and every guest's mdev even when it is
 * neither (a dangling reference is part of the picture). */
static void
virAPStatusCollectMdevs(virAPStatus *status)
{
    g_autoptr(GHashTable) byUUID = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i, j;

    status->mdevs = g_ptr_array_new_with_free_func((GDestroyNotify)virAPStatusMdevFree);
    for (i = 0; i < status->host->activeMdevs->len; i++) {
        const virAPActiveMdev *active = g_ptr_array_index(status->host->activeMdevs, i);

        virAPStatusFindMdev(byUUID, status->mdevs, active->uuid)->active = active;
    }
    for (i = 0; i < status->host->definitions->len; i++) {
        const virAPDevice *def = g_ptr_array_index(status->host->definitions, i);

        virAPStatusFindMdev(byUUID, status->mdevs, def->config->uuid)->defined = def;
    }
    for (i = 0; status->guests && i < status->guests->len; i++) {
        virAPGuest *guest = g_ptr_array_index(status->guests, i);

        for (j = 0; j < guest->mdevs->len; j++) {
            virAPStatusMdev *mdev = g_hash_table_lookup(byUUID, g_ptr_array_index(guest->mdevs, j));

            if (mdev)
                g_ptr_array_add(mdev->guests, guest);
        }
    }
    g_ptr_array_sort(status->mdevs, virAPStatusCompareMdevs);
    for (i = 0; i < status->mdevs->len; i++) {
        virAPStatusMdev *mdev = g_ptr_array_index(status->mdevs, i);

        mdev->label = g_strdup_printf("m%zu", i + 1);
    }
}


static void
virAPStatusMarkHolder(guint32 *table, const virAPMatrix *matrix, guint32 holder)
{
    int a, d;

    VIR_AP_FOREACH_APQN(&matrix->adapters, &matrix->domains, a, d) {
        if (!table[VIR_AP_APQN_INDEX(a, d)])
            table[VIR_AP_APQN_INDEX(a, d)] = holder;
    }
}


/* The grid shows the adapters and domains that exist or that an mdev uses. */
static void
virAPStatusIndex(virAPStatus *status)
{
    size_t i;
    int a = -1;

    status->activeHolder = g_new0(guint32, VIR_AP_MASK_BITS * VIR_AP_MASK_BITS);
    status->definedHolder = g_new0(guint32, VIR_AP_MASK_BITS * VIR_AP_MASK_BITS);
    status->adapters = status->devices->adapters;
    while ((a = virAPMaskNextSetBit(&status->devices->adapters, a)) >= 0) {
        size_t b;

        for (b = 0; b < sizeof(status->domains.bytes); b++)
            status->domains.bytes[b] |= status->devices->queues[a].bytes[b];
    }
    for (i = 0; i < status->mdevs->len; i++) {
        const virAPStatusMdev *mdev = g_ptr_array_index(status->mdevs, i);
        const virAPMatrix *matrix = virAPStatusMdevMatrix(mdev);
        size_t b;

        if (mdev->active)
            virAPStatusMarkHolder(status->activeHolder, &mdev->active->matrix, i + 1);
        if (mdev->defined)
            virAPStatusMarkHolder(status->definedHolder, &mdev->defined->matrix, i + 1);
        for (b = 0; b < sizeof(status->domains.bytes); b++) {
            status->adapters.bytes[b] |= matrix->adapters.bytes[b];
            status->domains.bytes[b] |= matrix->domains.bytes[b];
        }
    }
}


/* Takes nothing: @guests stays the caller's and must outlive the status. */
int
virAPStatusLoad(GPtrArray *guests, virAPStatus **status, GError **error)
{
    g_autoptr(virAPStatus) loaded = g_new0(virAPStatus, 1);

    if (virAPHostLoad(VIR_AP_HOST_DEFINITIONS | VIR_AP_HOST_BOOT_MASKS | VIR_AP_HOST_ACTIVE |
                      VIR_AP_HOST_OVERRIDES | VIR_AP_HOST_DRIVERCTL,
                      &loaded->host, error) < 0 ||
        virAPDevicesLoad(&loaded->devices, error) < 0)
        return -1;
    loaded->guests = guests;
    virAPStatusCollectMdevs(loaded);
    virAPStatusIndex(loaded);
    *status = g_steal_pointer(&loaded);
    return 0;
}


virAPOwner
virAPStatusOwner(const virAPStatus *status, unsigned int adapter,
                 unsigned int domain, const virAPStatusMdev **mdev)
{
    guint32 holder = status->activeHolder[VIR_AP_APQN_INDEX(adapter, domain)];

    *mdev = NULL;
    if (virAPHostKeepsNow(status->host, adapter, domain))
        return VIR_AP_OWNER_HOST;
    if (!holder)
        return VIR_AP_OWNER_FREE;
    *mdev = g_ptr_array_index(status->mdevs, holder - 1);
    return VIR_AP_OWNER_MDEV;
}


const virAPStatusMdev *
virAPStatusDefinedHolder(const virAPStatus *status, unsigned int adapter,
                         unsigned int domain)
{
    guint32 holder = status->definedHolder[VIR_AP_APQN_INDEX(adapter, domain)];

    return holder ? g_ptr_array_index(status->mdevs, holder - 1) : NULL;
}


/*
 * The fact "APQN @adapter.@domain is free for a new definition": its queue
 * exists on a card vfio_ap can drive, the host keeps it neither now nor
 * after reboot, and no mdev, active or defined, has it.
 */
bool
virAPStatusIsFree(const virAPStatus *status, unsigned int adapter,
                  unsigned int domain)
{
    const virAPCard *card = virAPDevicesGetCard(status->devices, adapter);
    const virAPStatusMdev *mdev;

    return card && !card->error && card->online &&
           card->hwtype >= VIR_AP_MIN_PASSTHROUGH_HWTYPE &&
           virAPStatusQueuePresent(status, adapter, domain) &&
           virAPStatusOwner(status, adapter, domain, &mdev) == VIR_AP_OWNER_FREE &&
           !virAPStatusDefinedHolder(status, adapter, domain) &&
           !virAPHostKeepsAfterBoot(status->host, adapter, domain);
}


bool
virAPStatusQueuePresent(const virAPStatus *status, unsigned int adapter,
                        unsigned int domain)
{
    return virAPMaskIsBitSet(&status->devices->queues[adapter], domain);
}
