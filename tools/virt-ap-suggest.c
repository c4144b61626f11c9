/*
 * virt-ap suggest: APQNs free for a new vfio_ap mdev, or the mask change
 * that would free some
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include "node_device_ap_status.h"
#include "virt-ap.h"
#include "virapuuid.h"
#include "viraperror.h"


/* Free for a new definition: the queue exists on a card vfio_ap can drive,
 * the host keeps it neither now nor after reboot, and no mdev, active or
 * defined, has it. */
static bool
virAPSuggestIsFree(const virAPStatus *status, unsigned int a, unsigned int d)
{
    const virAPHost *host = status->host;
    const virAPCard *card = virAPDevicesGetCard(status->devices, a);
    const virAPStatusMdev *mdev;

    return card && card->online && card->hwtype >= VIR_AP_MIN_PASSTHROUGH_HWTYPE &&
           virAPStatusQueuePresent(status, a, d) &&
           virAPStatusOwner(status, a, d, &mdev) == VIR_AP_OWNER_FREE &&
           !virAPStatusDefinedHolder(status, a, d) &&
           !(virAPMaskIsBitSet(&host->bootApmask.mask, a) &&
             virAPMaskIsBitSet(&host->bootAqmask.mask, d));
}


/* Queues of usable cards that no mdev has: what a mask change could free. */
static bool
virAPSuggestIsUnused(const virAPStatus *status, unsigned int a, unsigned int d)
{
    const virAPCard *card = virAPDevicesGetCard(status->devices, a);
    const virAPStatusMdev *mdev;

    return card && card->hwtype >= VIR_AP_MIN_PASSTHROUGH_HWTYPE &&
           virAPStatusQueuePresent(status, a, d) &&
           virAPStatusOwner(status, a, d, &mdev) != VIR_AP_OWNER_MDEV &&
           !virAPStatusDefinedHolder(status, a, d);
}


static void
virAPSuggestPrintXML(const char *uuid, unsigned int adapter, const virAPMask *domains,
                     unsigned int want)
{
    int d = -1;

    printf("<device>\n  <parent>ap_matrix</parent>\n  <capability type='mdev'>\n");
    printf("    <type id='vfio_ap-passthrough'/>\n    <uuid>%s</uuid>\n", uuid);
    printf("    <attr name='assign_adapter' value='0x%02x'/>\n", adapter);
    while (want-- && (d = virAPMaskNextSetBit(domains, d)) >= 0)
        printf("    <attr name='assign_domain' value='0x%04x'/>\n", d);
    printf("  </capability>\n</device>\n");
}


/* No adapter has enough free domains: the smallest mask changes that
 * would free @want domains on one adapter (a whole adapter, apmask=-N, or
 * domains on every adapter, aqmask=-D,...). */
static void
virAPSuggestMaskChange(const virAPStatus *status, const virAPMask *adapters,
                       unsigned int want)
{
    int a = -1;

    printf(virAPNGettext("no adapter has %u free domain now and after reboot.\n",
                    "no adapter has %u free domains now and after reboot.\n", want), want);
    while ((a = virAPMaskNextSetBit(adapters, a)) >= 0) {
        virAPMask unused;
        g_autofree char *list = NULL;
        int d = -1;

        virAPMaskClearAll(&unused);
        while ((d = virAPMaskNextSetBit(&status->devices->queues[a], d)) >= 0) {
            if (virAPSuggestIsUnused(status, a, d))
                virAPMaskSetBit(&unused, d);
        }
        if (virAPMaskCount(&unused) < want)
            continue;
        list = virAPMaskFormatList(&unused);
        printf(_("adapter %02x has unused domains %s: free them with 'virt-ap masks apmask=-%d' (the whole adapter), or with aqmask=-DOMAIN for some of them (on every adapter)\n"),
               a, list, a);
        return;
    }
    printf("%s\n", _("no adapter vfio_ap can drive has that many unused queues"));
}


int
virAPCommandSuggest(int argc, char **argv)
{
    gint adapterOpt = -1;
    gint want = 1;
    gboolean xml = FALSE;
    g_autofree char *uuidOpt = NULL;
    GOptionEntry entries[] = {
        { "adapter", 0, 0, G_OPTION_ARG_INT, &adapterOpt, N_("only this adapter (decimal)"), "N" },
        { "domains", 0, 0, G_OPTION_ARG_INT, &want, N_("usage domains wanted on one adapter (default 1)"), "K" },
        { "xml", 0, 0, G_OPTION_ARG_NONE, &xml, N_("print nodedev XML for virsh nodedev-define / virt-ap define"), NULL },
        { "uuid", 0, 0, G_OPTION_ARG_STRING, &uuidOpt, N_("the UUID for --xml (default: a new random one)"), "UUID" },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("- APQNs free for a new vfio_ap mdev now and after reboot"));
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPStatus) status = NULL;
    g_autofree char *uuid = NULL;
    virAPMask adapters;
    bool found = false;
    int a = -1;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    g_option_context_set_summary(ctx, _("Exit status: 0 free APQNs found, 1 none (a mask change is suggested), 2 host state unreadable, 3 usage error."));
    if (!g_option_context_parse(ctx, &argc, &argv, &error))
        return virAPUsageError(ctx, error->message);
    if (argc != 1 || want < 1 || want > VIR_AP_MAX_ID + 1 || adapterOpt > VIR_AP_MAX_ID ||
        adapterOpt < -1)
        return virAPUsageError(ctx, _("--adapter is 0-255, --domains 1-256, and there are no arguments"));
    if (uuidOpt && !(uuid = virAPUUIDCanonicalize(uuidOpt, &error)))
        return virAPUsageError(ctx, error->message);
    if (!uuid) {
        uuid_t raw;

        uuid = g_new0(char, 37);
        uuid_generate_random(raw);
        uuid_unparse_lower(raw, uuid);
    }
    if (virAPStatusLoad(NULL, &status, &error) < 0) {
        fprintf(stderr, "virt-ap: %s\n", error->message);
        return VIR_AP_EXIT_HOST;
    }
    virAPMaskClearAll(&adapters);
    if (adapterOpt >= 0)
        virAPMaskSetBit(&adapters, adapterOpt);
    else
        adapters = status->devices->adapters;

    if (!xml)
        printf("%s\n", _("free for a new vfio_ap mdev, now and after reboot:"));
    while ((a = virAPMaskNextSetBit(&adapters, a)) >= 0) {
        const virAPCard *card = virAPDevicesGetCard(status->devices, a);
        g_autofree char *list = NULL;
        virAPMask free;
        int d = -1;

        virAPMaskClearAll(&free);
        while ((d = virAPMaskNextSetBit(&status->devices->queues[a], d)) >= 0) {
            if (virAPSuggestIsFree(status, a, d))
                virAPMaskSetBit(&free, d);
        }
        if (virAPMaskCount(&free) < (unsigned int)want)
            continue;
        if (xml) {
            virAPSuggestPrintXML(uuid, a, &free, want);
            return VIR_AP_EXIT_OK;
        }
        list = virAPMaskFormatList(&free);
        printf(_("  adapter %02x (%s): domains %s\n"), a, card->type ? card->type : "?", list);
        found = true;
    }
    if (found)
        return VIR_AP_EXIT_OK;
    virAPSuggestMaskChange(status, &adapters, want);
    return VIR_AP_EXIT_REFUSED;
}
