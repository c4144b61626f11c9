/*
 * virt-ap suggest: APQNs free for a new vfio_ap mdev, or the mask change
 * that would free some
 *
 * Every offer is a candidate definition that the define and start policy
 * accept, checked before it is printed: suggest never offers what the
 * callout would refuse.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include "node_device_ap_status.h"
#include "virt-ap.h"
#include "virt-ap-table.h"
#include "virapuuid.h"
#include "viraperror.h"

enum {
    VIR_AP_SUGGEST_COL_ADAPTER,
    VIR_AP_SUGGEST_COL_TYPE,
    VIR_AP_SUGGEST_COL_COUNT,
    VIR_AP_SUGGEST_COL_APQNS,
    VIR_AP_SUGGEST_COL_DOMAINS,
    VIR_AP_SUGGEST_COL_LAST
};

static const virAPTableColumn virAPSuggestColumns[VIR_AP_SUGGEST_COL_LAST] = {
    { "adapter", N_("ADAPTER"), N_("the adapter, as lszcrypt names it"), 0 },
    { "type", N_("TYPE"), N_("the card type"), 0 },
    { "free", N_("FREE"), N_("how many of its APQNs are free"), SCOLS_FL_RIGHT },
    { "apqns", N_("APQNS"), N_("its free APQNs (lszcrypt form)"), 0 },
    { "domains", N_("DOMAINS"), N_("their domains, as a decimal ID list (the masks' vocabulary)"), 0 },
};

#define VIR_AP_SUGGEST_DEFAULT_COLUMNS "adapter,type,free,apqns"


/* The definition assign_adapter @adapter, then the first @want of @domains. */
static virAPMdevctlConfig *
virAPSuggestCandidate(const char *uuid, unsigned int adapter,
                      const virAPMask *domains, unsigned int want)
{
    virAPMdevctlConfig *config = virAPMdevctlConfigNew(_("suggestion"));
    g_autofree char *adapterText = g_strdup_printf("0x%02x", adapter);
    int d = -1;

    config->uuid = g_strdup(uuid);
    config->type = g_strdup(VIR_AP_MDEV_TYPE);
    g_ptr_array_add(config->attrs, virAPMdevctlAttrNew(virAPAttrTypeToString(VIR_AP_ATTR_ASSIGN_ADAPTER),
                                                       adapterText));
    while (want-- && (d = virAPMaskNextSetBit(domains, d)) >= 0) {
        g_autofree char *domainText = g_strdup_printf("0x%04x", d);

        g_ptr_array_add(config->attrs, virAPMdevctlAttrNew(virAPAttrTypeToString(VIR_AP_ATTR_ASSIGN_DOMAIN),
                                                           domainText));
    }
    return config;
}


/* @config (taken) as a device, if the policy accepts it to be defined and
 * started; else NULL. */
static virAPDevice *
virAPSuggestCheck(virAPMdevctlConfig *config, const virAPHost *host)
{
    g_autoptr(virAPDevice) dev = NULL;
    g_autoptr(GPtrArray) define = NULL;
    g_autoptr(GPtrArray) start = NULL;

    if (virAPDeviceNew(config, &dev, NULL) < 0)
        return NULL;
    define = virAPPolicyCheck(dev, host, VIR_AP_SCOPE_DEFINE);
    start = virAPPolicyCheck(dev, host, VIR_AP_SCOPE_START);
    if (virAPProblemsRefuse(define) || virAPProblemsRefuse(start))
        return NULL;
    return g_steal_pointer(&dev);
}


static void
virAPSuggestPrintXML(const virAPMdevctlConfig *config)
{
    size_t i;

    printf("<device>\n  <parent>ap_matrix</parent>\n  <capability type='mdev'>\n");
    printf("    <type id='%s'/>\n    <uuid>%s</uuid>\n", config->type, config->uuid);
    for (i = 0; i < config->attrs->len; i++) {
        const virAPMdevctlAttr *attr = g_ptr_array_index(config->attrs, i);

        printf("    <attr name='%s' value='%s'/>\n", attr->name, attr->value);
    }
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
        const virAPCard *card = virAPDevicesGetCard(status->devices, a);
        g_autofree char *apqns = NULL;
        virAPMask unused;
        int d = -1;

        if (!card || card->error || card->hwtype < VIR_AP_MIN_PASSTHROUGH_HWTYPE)
            continue;
        virAPMaskClearAll(&unused);
        while ((d = virAPMaskNextSetBit(&status->devices->queues[a], d)) >= 0) {
            const virAPStatusMdev *mdev;

            if (virAPStatusOwner(status, a, d, &mdev) != VIR_AP_OWNER_MDEV &&
                !virAPStatusDefinedHolder(status, a, d))
                virAPMaskSetBit(&unused, d);
        }
        if (virAPMaskCount(&unused) < want)
            continue;
        apqns = virAPFormatAPQNs(a, &unused);
        if (virAPHostModeNow(status->host) == VIR_AP_HOST_MODE_OVERRIDES ||
            virAPHostModeAfterBoot(status->host) == VIR_AP_HOST_MODE_OVERRIDES) {
            g_autoptr(GString) queues = g_string_new(NULL);
            unsigned int n = 0;

            d = -1;
            while (n++ < want && (d = virAPMaskNextSetBit(&unused, d)) >= 0)
                g_string_append_printf(queues, "%s%02x.%04x", queues->len ? "," : "", a, d);
            printf(_("adapter %02x has unused APQNs %s: hand queues to vfio_ap with 'virt-ap overrides vfio_ap=%s' (Linux 6.19 override mode)\n"),
                   a, apqns, queues->str);
            return;
        }
        printf(_("adapter %02x has unused APQNs %s: free them with 'virt-ap masks apmask=-%d' (the whole adapter), or with aqmask=-DOMAIN for some of them (on every adapter)\n"),
               a, apqns, a);
        return;
    }
    printf("%s\n", _("no adapter vfio_ap can drive has that many unused queues"));
}


static void
virAPSuggestAddRow(virAPTable *table, const virAPCard *card, const virAPMask *free)
{
    g_autofree char *adapter = g_strdup_printf("%02x", card->id);
    g_autofree char *count = g_strdup_printf("%u", virAPMaskCount(free));
    g_autofree char *apqns = virAPFormatAPQNs(card->id, free);
    g_autofree char *domains = virAPMaskFormatList(free);
    const char *values[VIR_AP_SUGGEST_COL_LAST] = {
        adapter, card->type, count, apqns, domains,
    };

    virAPTableAddRow(table, values, NULL);
}


static char *
virAPSuggestNewUUID(void)
{
    uuid_t raw;
    char *uuid = g_new0(char, 37);

    uuid_generate_random(raw);
    uuid_unparse_lower(raw, uuid);
    return uuid;
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
    g_autoptr(virAPTable) table = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *columns = virAPTableColumnsHelp(virAPSuggestColumns, VIR_AP_SUGGEST_COL_LAST);
    g_autofree char *summary = NULL;
    virAPTableOptions opts = { NULL, FALSE, FALSE };
    virAPMask adapters;
    bool found = false;
    int rc = VIR_AP_EXIT_OK;
    int a = -1;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    virAPTableAddOptions(ctx, &opts);
    summary = g_strdup_printf("%s\n\n%s",
                              _("Exit status: 0 free APQNs found, 1 none (a mask change is suggested), 2 host state unreadable, 3 usage error."),
                              columns);
    g_option_context_set_summary(ctx, summary);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if (argc != 1 || want < 1 || want > VIR_AP_MAX_ID + 1 || adapterOpt > VIR_AP_MAX_ID ||
        adapterOpt < -1) {
        rc = virAPUsageError(ctx, _("--adapter is 0-255, --domains 1-256, and there are no arguments"));
        goto cleanup;
    }
    if (uuidOpt && !(uuid = virAPUUIDCanonicalize(uuidOpt, &error))) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if (!uuid)
        uuid = virAPSuggestNewUUID();
    if ((!xml && !(table = virAPTableNew(virAPSuggestColumns, VIR_AP_SUGGEST_COL_LAST,
                                         VIR_AP_SUGGEST_DEFAULT_COLUMNS, &opts, &error))) ||
        virAPStatusLoad(NULL, &status, &error) < 0) {
        rc = virAPFail(error);
        goto cleanup;
    }
    virAPMaskClearAll(&adapters);
    if (adapterOpt >= 0)
        virAPMaskSetBit(&adapters, adapterOpt);
    else
        adapters = status->devices->adapters;

    while ((a = virAPMaskNextSetBit(&adapters, a)) >= 0) {
        g_autoptr(virAPDevice) candidate = NULL;
        virAPMask free;
        int d = -1;

        virAPMaskClearAll(&free);
        while ((d = virAPMaskNextSetBit(&status->devices->queues[a], d)) >= 0) {
            if (virAPStatusIsFree(status, a, d))
                virAPMaskSetBit(&free, d);
        }
        if (virAPMaskCount(&free) < (unsigned int)want)
            continue;
        if (!(candidate = virAPSuggestCheck(virAPSuggestCandidate(uuid, a, &free, want),
                                            status->host)))
            continue;
        if (xml) {
            virAPSuggestPrintXML(candidate->config);
            goto cleanup;
        }
        virAPSuggestAddRow(table, virAPDevicesGetCard(status->devices, a), &free);
        found = true;
    }
    if (found) {
        printf("%s\n", _("free for a new vfio_ap mdev, now and after reboot:"));
        virAPTablePrint(table);
        goto cleanup;
    }
    virAPSuggestMaskChange(status, &adapters, want);
    rc = VIR_AP_EXIT_REFUSED;

 cleanup:
    virAPTableOptionsClear(&opts);
    return rc;
}
