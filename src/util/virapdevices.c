/*
 * virapdevices.c: the AP cards and queues the host has (sysfs /sys/bus/ap/devices)
 *
 * The AP bus names cards "cardXX" and queues "XX.YYYY" (hex).  Only the
 * names are listed for queues (a large host has 65536 of them); a queue's
 * driver is read when asked for.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "virapdevices.h"
#include "virapfile.h"
#include "viraproot.h"
#include "viraperror.h"

#define VIR_AP_DEVICES_DIR "/sys/bus/ap/devices"


static void
virAPCardFree(virAPCard *card)
{
    if (!card)
        return;
    g_free(card->type);
    g_free(card->error);
    g_free(card);
}


void
virAPDevicesFree(virAPDevices *devices)
{
    if (!devices)
        return;
    g_ptr_array_unref(devices->cards);
    g_free(devices);
}


/* A small sysfs attribute of a device, stripped; NULL if absent. */
static char *
virAPDevicesReadAttr(const char *device, const char *attr)
{
    g_autofree char *rel = g_build_filename(VIR_AP_DEVICES_DIR, device, attr, NULL);
    g_autofree char *path = virAPRootPath(rel);
    char *text = NULL;

    if (virAPFileReadOptional(path, &text, NULL) < 0 || !text)
        return NULL;
    return g_strstrip(text);
}


/* The card's attributes; one that cannot be read or makes no sense is
 * said in card->error (the card is then not usable for passthrough). */
static virAPCard *
virAPDevicesLoadCard(const char *name, unsigned int id)
{
    virAPCard *card = g_new0(virAPCard, 1);
    g_autofree char *hwtype = virAPDevicesReadAttr(name, "hwtype");
    g_autofree char *online = virAPDevicesReadAttr(name, "online");
    guint64 value = 0;

    card->id = id;
    card->type = virAPDevicesReadAttr(name, "type");
    if (!card->type || !hwtype || !online)
        card->error = g_strdup_printf(_("cannot read the %s of %s"),
                                      !card->type ? "type" : !hwtype ? "hwtype" : "online",
                                      name);
    else if (!g_ascii_string_to_unsigned(hwtype, 10, 0, G_MAXUINT, &value, NULL))
        card->error = g_strdup_printf(_("the hwtype of %s is '%s', not a number"),
                                      name, hwtype);
    else if (!g_str_equal(online, "0") && !g_str_equal(online, "1"))
        card->error = g_strdup_printf(_("the online state of %s is '%s', not 0 or 1"),
                                      name, online);
    card->hwtype = value;
    card->online = g_strcmp0(online, "1") == 0;
    return card;
}


static int
virAPDevicesCompareCards(gconstpointer a, gconstpointer b)
{
    const virAPCard *x = *(virAPCard * const *)a;
    const virAPCard *y = *(virAPCard * const *)b;

    return (int)x->id - (int)y->id;
}


/* No AP bus (not s390, or ap not loaded) is no devices, not an error. */
int
virAPDevicesLoad(virAPDevices **devices, GError **error)
{
    g_autofree char *path = virAPRootPath(VIR_AP_DEVICES_DIR);
    g_autoptr(virAPDevices) loaded = g_new0(virAPDevices, 1);
    struct dirent *entry;
    DIR *dir;

    loaded->cards = g_ptr_array_new_with_free_func((GDestroyNotify)virAPCardFree);
    if (!(dir = opendir(path))) {
        if (errno != ENOENT)
            return virAPReportSystemError(error, errno, _("cannot list '%s'"), path);
        *devices = g_steal_pointer(&loaded);
        return 0;
    }
    while ((entry = readdir(dir))) {
        unsigned int adapter, domain;
        char tail;

        if (sscanf(entry->d_name, "card%2x%c", &adapter, &tail) == 1 &&
            strlen(entry->d_name) == 6) {
            virAPMaskSetBit(&loaded->adapters, adapter);
            g_ptr_array_add(loaded->cards, virAPDevicesLoadCard(entry->d_name, adapter));
        } else if (sscanf(entry->d_name, "%2x.%4x%c", &adapter, &domain, &tail) == 2 &&
                   strlen(entry->d_name) == 7 && adapter <= VIR_AP_MAX_ID &&
                   domain <= VIR_AP_MAX_ID) {
            virAPMaskSetBit(&loaded->queues[adapter], domain);
        }
    }
    closedir(dir);
    g_ptr_array_sort(loaded->cards, virAPDevicesCompareCards);
    *devices = g_steal_pointer(&loaded);
    return 0;
}


const virAPCard *
virAPDevicesGetCard(const virAPDevices *devices, unsigned int id)
{
    size_t i;

    for (i = 0; i < devices->cards->len; i++) {
        const virAPCard *card = g_ptr_array_index(devices->cards, i);

        if (card->id == id)
            return card;
    }
    return NULL;
}


/* The driver bound to queue @adapter.@domain ("vfio_ap", "cex4queue"), or
 * NULL when it has none or does not exist. */
char *
virAPDevicesQueueDriver(unsigned int adapter, unsigned int domain)
{
    g_autofree char *rel = g_strdup_printf(VIR_AP_DEVICES_DIR "/%02x.%04x/driver", adapter, domain);
    g_autofree char *path = virAPRootPath(rel);
    g_autofree char *target = g_file_read_link(path, NULL);

    return target ? g_path_get_basename(target) : NULL;
}


/* The queue's driver_override (Linux 6.19), or NULL when unset or absent. */
char *
virAPDevicesQueueDriverOverride(unsigned int adapter, unsigned int domain)
{
    g_autofree char *name = g_strdup_printf("%02x.%04x", adapter, domain);
    g_autofree char *value = virAPDevicesReadAttr(name, "driver_override");

    if (!value || !*value || g_str_equal(value, "(null)"))
        return NULL;
    return g_steal_pointer(&value);
}
