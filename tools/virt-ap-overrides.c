/*
 * virt-ap overrides: show or change which AP queues Linux 6.19's per-queue
 * driver_override hands to vfio_ap, active and persistent (driverctl)
 *
 * The override-mode counterpart of "virt-ap masks": vfio_ap=QUEUES hands
 * queues to vfio_ap, default=QUEUES gives them back to the default
 * (zcrypt) driver.  The change itself is a library transaction
 * (node_device_ap_overrides.c); this file parses and prints.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "node_device_ap_overrides.h"
#include "node_device_ap_masks.h"
#include "virt-ap.h"
#include "virt-ap-table.h"
#include "viraperror.h"

enum {
    VIR_AP_OVERRIDES_COL_QUEUE,
    VIR_AP_OVERRIDES_COL_DRIVER,
    VIR_AP_OVERRIDES_COL_OVERRIDE,
    VIR_AP_OVERRIDES_COL_PERSISTENT,
    VIR_AP_OVERRIDES_COL_LAST
};

static const virAPTableColumn virAPOverridesColumns[VIR_AP_OVERRIDES_COL_LAST] = {
    { "queue", N_("QUEUE"), N_("the AP queue, AA.DDDD as sysfs names it"), 0 },
    { "driver", N_("DRIVER"), N_("the driver bound to it now"), 0 },
    { "override", N_("OVERRIDE"), N_("its driver_override now"), 0 },
    { "persistent", N_("PERSISTENT"), N_("the override driverctl gives it at boot (/etc/driverctl.d)"), 0 },
};

#define VIR_AP_OVERRIDES_DEFAULT_COLUMNS "queue,driver,override,persistent"


static const char *
virAPOverridesText(const char *value)
{
    return value ? value : "-";
}


static json_object *
virAPOverridesString(const char *value)
{
    return value ? json_object_new_string(value) : NULL;
}


/* Every queue with an override now or at the next boot. */
static int
virAPOverridesShow(const virAPTableOptions *opts, bool json)
{
    g_autoptr(virAPHost) host = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPTable) table = NULL;
    json_object *root = NULL;
    g_autoptr(GPtrArray) list = NULL;
    json_object *queues = NULL;
    size_t i;

    if (!json && !(table = virAPTableNew(virAPOverridesColumns, VIR_AP_OVERRIDES_COL_LAST,
                                         VIR_AP_OVERRIDES_DEFAULT_COLUMNS, opts, &error)))
        return virAPFail(error);
    if (virAPHostLoad(VIR_AP_HOST_ACTIVE | VIR_AP_HOST_OVERRIDES | VIR_AP_HOST_BOOT_MASKS |
                      VIR_AP_HOST_DRIVERCTL, &host, &error) < 0 ||
        virAPOverrideQueuesList(host, &list, &error) < 0)
        return virAPFail(error);
    if (json) {
        root = json_object_new_object();
        queues = json_object_new_array();
        json_object_object_add(root, "supported", json_object_new_boolean(host->overrides.supported));
        json_object_object_add(root, "mode", json_object_new_string(virAPHostModeTypeToString(virAPHostModeNow(host))));
        json_object_object_add(root, "persistent_mode",
                               json_object_new_string(virAPHostModeTypeToString(virAPHostModeAfterBoot(host))));
    } else {
        printf(_("mode: %s now, %s after reboot%s\n"),
               virAPHostModeTypeToString(virAPHostModeNow(host)),
               virAPHostModeTypeToString(virAPHostModeAfterBoot(host)),
               host->overrides.supported ? "" : _(" (this kernel has no driver_override: Linux 6.19)"));
    }
    for (i = 0; i < list->len; i++) {
        const virAPOverrideQueue *q = g_ptr_array_index(list, i);

        if (json) {
            json_object *row = json_object_new_object();

            json_object_object_add(row, "queue", json_object_new_string(q->queue));
            json_object_object_add(row, "driver", virAPOverridesString(q->driver));
            json_object_object_add(row, "override", virAPOverridesString(q->override));
            json_object_object_add(row, "persistent", virAPOverridesString(q->persistent));
            json_object_array_add(queues, row);
        } else {
            const char *values[VIR_AP_OVERRIDES_COL_LAST] = {
                q->queue, virAPOverridesText(q->driver), virAPOverridesText(q->override),
                virAPOverridesText(q->persistent),
            };

            virAPTableAddRow(table, values, NULL);
        }
    }
    if (json) {
        json_object_object_add(root, "queues", queues);
        virAPPrintJSON(root);
        return VIR_AP_EXIT_OK;
    }
    virAPTablePrint(table);
    return VIR_AP_EXIT_OK;
}


static const char *
virAPOverridesScopeLabel(virAPMaskScope scope)
{
    return scope == VIR_AP_MASK_SCOPE_ACTIVE ? _("active") : _("persistent");
}


/* --dry-run: each queue's override before and after. */
static void
virAPOverridesPrintPlans(const virAPOverrideChange *change)
{
    size_t i, j;

    for (i = 0; i < change->nplans; i++) {
        const virAPOverridePlan *plan = &change->plans[i];

        for (j = 0; j < plan->steps->len; j++) {
            const virAPOverrideStep *step = &g_array_index(plan->steps, virAPOverrideStep, j);
            const char *to = step->to ? step->to : _("none (default driver)");

            if (plan->scope == VIR_AP_MASK_SCOPE_ACTIVE)
                printf(_("%s: queue %02x.%04x: override %s, driver %s -> override %s%s\n"),
                       virAPOverridesScopeLabel(plan->scope), step->adapter, step->domain,
                       virAPOverridesText(step->fromOverride), virAPOverridesText(step->fromDriver),
                       to, step->changes ? "" : _(" (unchanged)"));
            else
                printf(_("%s: queue %02x.%04x: driverctl %s -> %s%s\n"),
                       virAPOverridesScopeLabel(plan->scope), step->adapter, step->domain,
                       virAPOverridesText(step->fromOverride), to,
                       step->changes ? "" : _(" (unchanged)"));
        }
    }
    printf("%s\n", _("dry run: nothing was written"));
}


static json_object *
virAPOverridesChangeToJSON(const virAPOverrideChange *change, bool dryRun)
{
    json_object *root = json_object_new_object();
    json_object *scopes = json_object_new_array();
    size_t i, j;

    for (i = 0; i < change->nplans; i++) {
        const virAPOverridePlan *plan = &change->plans[i];
        json_object *scope = json_object_new_object();
        json_object *queues = json_object_new_array();

        json_object_object_add(scope, "scope", json_object_new_string(virAPMaskScopeTypeToString(plan->scope)));
        for (j = 0; plan->steps && j < plan->steps->len; j++) {
            const virAPOverrideStep *step = &g_array_index(plan->steps, virAPOverrideStep, j);
            g_autofree char *name = g_strdup_printf("%02x.%04x", step->adapter, step->domain);
            json_object *q = json_object_new_object();

            json_object_object_add(q, "queue", json_object_new_string(name));
            json_object_object_add(q, "from", virAPOverridesString(step->fromOverride));
            if (plan->scope == VIR_AP_MASK_SCOPE_ACTIVE)
                json_object_object_add(q, "driver", virAPOverridesString(step->fromDriver));
            json_object_object_add(q, "to", virAPOverridesString(step->to));
            json_object_object_add(q, "changes", json_object_new_boolean(step->changes));
            json_object_array_add(queues, q);
        }
        json_object_object_add(scope, "queues", queues);
        json_object_array_add(scopes, scope);
    }
    json_object_object_add(root, "dry_run", json_object_new_boolean(dryRun));
    json_object_object_add(root, "changed", json_object_new_boolean(virAPOverrideChangeChanges(change)));
    json_object_object_add(root, "scopes", scopes);
    json_object_object_add(root, "problems", virAPProblemsToJSON(change->problems));
    return root;
}


static int
virAPOverridesChange(const GArray *requests, unsigned int flags,
                     const virAPTableOptions *opts, bool json)
{
    g_autoptr(virAPOverrideChange) change = NULL;
    g_autoptr(GError) error = NULL;
    bool dryRun = flags & VIR_AP_MASK_CHANGE_DRY_RUN;

    if (virAPOverrideChangeRun(requests, flags, &change, &error) < 0)
        return virAPFail(error);
    if (json) {
        virAPPrintJSON(virAPOverridesChangeToJSON(change, dryRun));
        return change->problems->len ? VIR_AP_EXIT_REFUSED : VIR_AP_EXIT_OK;
    }
    if (change->problems->len) {
        virAPPrintProblems(change->problems);
        printf("%s\n", _("nothing was changed"));
        return VIR_AP_EXIT_REFUSED;
    }
    if (dryRun) {
        virAPOverridesPrintPlans(change);
        return VIR_AP_EXIT_OK;
    }
    return virAPOverridesShow(opts, false);
}


/* "vfio_ap=QUEUES" / "default=QUEUES" words into @requests. */
static int
virAPOverridesParseRequests(int argc, char **argv, GArray *requests, GError **error)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        g_autofree char *name = eq ? g_strndup(argv[i], eq - argv[i]) : NULL;

        if (!name || (!g_str_equal(name, "vfio_ap") && !g_str_equal(name, "default"))) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_ARGUMENT, "%s",
                        _("settings are vfio_ap=QUEUES and default=QUEUES"));
            return -1;
        }
        if (virAPOverrideParseQueues(eq + 1, g_str_equal(name, "vfio_ap"), requests, error) < 0)
            return -1;
    }
    return 0;
}


int
virAPCommandOverrides(int argc, char **argv)
{
    gboolean active = FALSE;
    gboolean persistent = FALSE;
    gboolean dryRun = FALSE;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        { "active", 'a', 0, G_OPTION_ARG_NONE, &active,
          N_("change the queues' driver_override only (/sys/bus/ap/devices)"), NULL },
        { "persistent", 'p', 0, G_OPTION_ARG_NONE, &persistent,
          N_("change driverctl's overrides only (/etc/driverctl.d/ap-AA.DDDD)"), NULL },
        { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dryRun,
          N_("show each queue's override before and after; write nothing"), NULL },
        { "json", 'J', 0, G_OPTION_ARG_NONE, &json,
          N_("JSON: the overridden queues; with a change, the change"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("[vfio_ap=QUEUES] [default=QUEUES] - show or change the AP queues' driver_override (Linux 6.19)"));
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) requests = g_array_new(FALSE, FALSE, sizeof(virAPQueueRequest));
    g_autofree char *columns = virAPTableColumnsHelp(virAPOverridesColumns, VIR_AP_OVERRIDES_COL_LAST);
    g_autofree char *summary = NULL;
    virAPTableOptions opts = { NULL, FALSE, FALSE };
    unsigned int flags = 0;
    int rc;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    virAPTableAddOptions(ctx, &opts);
    summary = g_strdup_printf("%s\n\n%s",
                              _("QUEUES is a list of AP queues as sysfs names them (01.002b,01.002c). vfio_ap= hands them to vfio_ap, default= gives them back to the default driver.\n"
                                "Linux 6.19 takes a driver_override only while both masks are all ones, and no mask change while a queue has one.\n"
                                "Without settings the overridden queues are shown. Both scopes change unless --active or --persistent is given.\n"
                                "Exit status: 0 done, 1 refused (an mdev holds a queue, masks not all ones), 2 host state unreadable or unwritable, 3 usage error."),
                              columns);
    g_option_context_set_summary(ctx, summary);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if (virAPOverridesParseRequests(argc, argv, requests, &error) < 0) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if (!requests->len) {
        if (active || persistent || dryRun)
            rc = virAPUsageError(ctx, _("nothing to change: give vfio_ap= or default="));
        else
            rc = virAPOverridesShow(&opts, json);
        goto cleanup;
    }
    if (active || !persistent)
        flags |= VIR_AP_MASK_CHANGE_ACTIVE;
    if (persistent || !active)
        flags |= VIR_AP_MASK_CHANGE_PERSISTENT;
    if (dryRun)
        flags |= VIR_AP_MASK_CHANGE_DRY_RUN;
    rc = virAPOverridesChange(requests, flags, &opts, json);

 cleanup:
    virAPTableOptionsClear(&opts);
    return rc;
}
