/*
 * virt-ap masks: show or change the AP bus masks, active and persistent
 *
 * The vocabulary is zdev's (chzdev/lszdev -t ap): apmask=LIST replaces a
 * mask (the listed IDs stay with the host), apmask=+N,-M edits the current
 * mask of each scope from left to right.  The change itself is a library
 * transaction (node_device_ap_masks.c); this file parses and prints.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "node_device_ap_masks.h"
#include "virt-ap.h"
#include "virt-ap-table.h"
#include "viraperror.h"

enum {
    VIR_AP_MASKS_COL_ATTRIBUTE,
    VIR_AP_MASKS_COL_ACTIVE,
    VIR_AP_MASKS_COL_PERSISTENT,
    VIR_AP_MASKS_COL_FROM,
    VIR_AP_MASKS_COL_ACTIVE_MASK,
    VIR_AP_MASKS_COL_PERSISTENT_MASK,
    VIR_AP_MASKS_COL_LAST
};

static const virAPTableColumn virAPMasksColumns[VIR_AP_MASKS_COL_LAST] = {
    { "attribute", N_("ATTRIBUTE"), N_("apmask or aqmask"), 0 },
    { "active", N_("ACTIVE"), N_("the IDs the host keeps now (/sys/bus/ap)"), 0 },
    { "persistent", N_("PERSISTENT"), N_("the IDs the host keeps after reboot"), 0 },
    { "persistent-from", N_("PERSISTENT FROM"), N_("what sets them at boot"), 0 },
    { "active-mask", N_("ACTIVE MASK"), N_("the active mask in kernel form"), 0 },
    { "persistent-mask", N_("PERSISTENT MASK"), N_("the persistent mask in kernel form"), 0 },
};

#define VIR_AP_MASKS_DEFAULT_COLUMNS "attribute,active,persistent,persistent-from"


/* The masks side by side, as lszdev -t ap shows them. */
static int
virAPMasksShow(const virAPTableOptions *opts, bool json)
{
    g_autoptr(virAPHost) host = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPTable) table = NULL;
    size_t m;

    if (!json && !(table = virAPTableNew(virAPMasksColumns, VIR_AP_MASKS_COL_LAST,
                                         VIR_AP_MASKS_DEFAULT_COLUMNS, opts, &error)))
        return virAPFail(error);
    if (virAPHostLoad(VIR_AP_HOST_ACTIVE | VIR_AP_HOST_BOOT_MASKS | VIR_AP_HOST_OVERRIDES,
                      &host, &error) < 0)
        return virAPFail(error);
    if (json) {
        virAPPrintJSON(virAPMasksToJSON(host));
        return VIR_AP_EXIT_OK;
    }
    for (m = 0; m < VIR_AP_MASK_LAST; m++) {
        const virAPMask *active = virAPMaskPairGetConst(&host->active, m);
        const virAPMask *boot = virAPMaskPairGetConst(&host->boot.masks, m);
        g_autofree char *activeList = virAPMaskFormatList(active);
        g_autofree char *bootList = virAPMaskFormatList(boot);
        g_autofree char *activeText = g_strdup_printf("\"%s\"", activeList);
        g_autofree char *bootText = g_strdup_printf("\"%s\"", bootList);
        g_autofree char *activeHex = virAPMaskFormatKernel(active);
        g_autofree char *bootHex = virAPMaskFormatKernel(boot);
        const char *values[VIR_AP_MASKS_COL_LAST] = {
            virAPMaskNameTypeToString(m), activeText, bootText,
            virAPBootDescribe(&host->boot, m), activeHex, bootHex,
        };

        virAPTableAddRow(table, values, NULL);
    }
    virAPTablePrint(table);
    if (host->overrides.count)
        printf(virAPNGettext("%u queue has a driver_override (Linux 6.19 override mode): the kernel takes no mask change now; see 'virt-ap overrides'\n",
                             "%u queues have a driver_override (Linux 6.19 override mode): the kernel takes no mask change now; see 'virt-ap overrides'\n",
                             host->overrides.count),
               host->overrides.count);
    return VIR_AP_EXIT_OK;
}


static const char *
virAPMasksScopeLabel(virAPMaskScope scope)
{
    return scope == VIR_AP_MASK_SCOPE_ACTIVE ? _("active") : _("persistent");
}


static void
virAPMasksPrintRects(const char *scope, const char *direction,
                     const virAPMaskPair *from, const virAPMaskPair *to)
{
    virAPRect rects[2];
    size_t i;

    virAPMaskPairLost(from, to, &rects[0], &rects[1]);
    for (i = 0; i < G_N_ELEMENTS(rects); i++) {
        g_autofree char *adapters = virAPMaskFormatList(&rects[i].adapters);
        g_autofree char *domains = virAPMaskFormatList(&rects[i].domains);
        unsigned int count = virAPRectCount(&rects[i]);

        if (count)
            printf(virAPNGettext("%s: %s: adapters %s x domains %s (%u APQN)\n",
                                 "%s: %s: adapters %s x domains %s (%u APQNs)\n", count),
                   scope, direction, adapters, domains, count);
    }
}


/* --dry-run: the masks each scope would get, and the APQNs that change hands. */
static void
virAPMasksPrintPlans(const virAPMaskChange *change)
{
    size_t i, m;

    for (i = 0; i < change->nplans; i++) {
        const virAPMaskPlan *plan = &change->plans[i];
        const char *scope = virAPMasksScopeLabel(plan->scope);

        for (m = 0; m < VIR_AP_MASK_LAST; m++) {
            g_autofree char *from = virAPMaskFormatList(virAPMaskPairGetConst(&plan->from, m));
            g_autofree char *to = virAPMaskFormatList(virAPMaskPairGetConst(&plan->to, m));

            printf("%s: %s \"%s\" -> \"%s\"\n", scope, virAPMaskNameTypeToString(m), from, to);
        }
        virAPMasksPrintRects(scope, _("host -> vfio_ap"), &plan->from, &plan->to);
        virAPMasksPrintRects(scope, _("vfio_ap -> host"), &plan->to, &plan->from);
    }
    printf("%s\n", _("dry run: nothing was written"));
}


/* The APQNs the host keeps with @from and not with @to, as rectangles. */
static json_object *
virAPMasksRectsToJSON(const virAPMaskPair *from, const virAPMaskPair *to)
{
    json_object *array = json_object_new_array();
    virAPRect rects[2];
    size_t i;

    virAPMaskPairLost(from, to, &rects[0], &rects[1]);
    for (i = 0; i < G_N_ELEMENTS(rects); i++) {
        g_autofree char *adapters = virAPMaskFormatList(&rects[i].adapters);
        g_autofree char *domains = virAPMaskFormatList(&rects[i].domains);
        json_object *rect;

        if (!virAPRectCount(&rects[i]))
            continue;
        rect = json_object_new_object();
        json_object_object_add(rect, "adapters", json_object_new_string(adapters));
        json_object_object_add(rect, "domains", json_object_new_string(domains));
        json_object_object_add(rect, "count", json_object_new_int(virAPRectCount(&rects[i])));
        json_object_array_add(array, rect);
    }
    return array;
}


static json_object *
virAPMasksChangeToJSON(const virAPMaskChange *change, bool dryRun)
{
    json_object *root = json_object_new_object();
    json_object *scopes = json_object_new_array();
    size_t i, m;

    for (i = 0; i < change->nplans; i++) {
        const virAPMaskPlan *plan = &change->plans[i];
        json_object *scope = json_object_new_object();

        json_object_object_add(scope, "scope", json_object_new_string(virAPMaskScopeTypeToString(plan->scope)));
        for (m = 0; m < VIR_AP_MASK_LAST; m++) {
            g_autofree char *from = virAPMaskFormatList(virAPMaskPairGetConst(&plan->from, m));
            g_autofree char *to = virAPMaskFormatList(virAPMaskPairGetConst(&plan->to, m));
            json_object *mask = json_object_new_object();

            json_object_object_add(mask, "from", json_object_new_string(from));
            json_object_object_add(mask, "to", json_object_new_string(to));
            json_object_object_add(scope, virAPMaskNameTypeToString(m), mask);
        }
        json_object_object_add(scope, "to_vfio_ap", virAPMasksRectsToJSON(&plan->from, &plan->to));
        json_object_object_add(scope, "to_host", virAPMasksRectsToJSON(&plan->to, &plan->from));
        json_object_array_add(scopes, scope);
    }
    json_object_object_add(root, "dry_run", json_object_new_boolean(dryRun));
    json_object_object_add(root, "changed", json_object_new_boolean(virAPMaskChangeChanges(change)));
    json_object_object_add(root, "scopes", scopes);
    json_object_object_add(root, "problems", virAPProblemsToJSON(change->problems));
    return root;
}


/* Change the masks; returns an exit code. */
static int
virAPMasksChange(const virAPMaskRequest *requests, unsigned int flags,
                 const virAPTableOptions *opts, bool json)
{
    g_autoptr(virAPMaskChange) change = NULL;
    g_autoptr(GError) error = NULL;
    bool dryRun = flags & VIR_AP_MASK_CHANGE_DRY_RUN;

    if (virAPMaskChangeRun(requests, flags, &change, &error) < 0)
        return virAPFail(error);
    if (json) {
        virAPPrintJSON(virAPMasksChangeToJSON(change, dryRun));
        return change->problems->len ? VIR_AP_EXIT_REFUSED : VIR_AP_EXIT_OK;
    }
    if (change->problems->len) {
        virAPPrintProblems(change->problems);
        printf("%s\n", _("nothing was changed"));
        return VIR_AP_EXIT_REFUSED;
    }
    if (dryRun) {
        virAPMasksPrintPlans(change);
        return VIR_AP_EXIT_OK;
    }
    if (change->note)
        printf("%s\n", change->note);
    return virAPMasksShow(opts, false);
}


/* "apmask=..." / "aqmask=..." words and --remove names into @requests. */
static const char *
virAPMasksParseRequests(int argc, char **argv, char **removes,
                        virAPMaskRequest *requests)
{
    int i, m;

    for (i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        g_autofree char *name = eq ? g_strndup(argv[i], eq - argv[i]) : NULL;

        if ((m = virAPMaskNameTypeFromString(name)) < 0)
            return _("settings are apmask=IDS and aqmask=IDS");
        if (requests[m].setting)
            return _("each mask may be set once");
        requests[m].setting = eq + 1;
    }
    for (i = 0; removes && removes[i]; i++) {
        if ((m = virAPMaskNameTypeFromString(removes[i])) < 0)
            return _("--remove takes apmask or aqmask");
        if (requests[m].setting)
            return _("a mask cannot be set and removed at once");
        requests[m].remove = true;
    }
    return NULL;
}


int
virAPCommandMasks(int argc, char **argv)
{
    gboolean active = FALSE;
    gboolean persistent = FALSE;
    gboolean dryRun = FALSE;
    gboolean json = FALSE;
    g_auto(GStrv) removes = NULL;
    GOptionEntry entries[] = {
        { "active", 'a', 0, G_OPTION_ARG_NONE, &active,
          N_("change the active masks only (/sys/bus/ap)"), NULL },
        { "persistent", 'p', 0, G_OPTION_ARG_NONE, &persistent,
          N_("change the persistent masks only (/etc/udev/rules.d/41-ap.rules)"), NULL },
        { "remove", 0, 0, G_OPTION_ARG_STRING_ARRAY, &removes,
          N_("drop the persistent setting of MASK (apmask or aqmask) so that the next boot keeps its default; implies --persistent"),
          "MASK" },
        { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dryRun,
          N_("show the resulting masks and the APQNs that change hands; write nothing"), NULL },
        { "json", 'J', 0, G_OPTION_ARG_NONE, &json,
          N_("JSON: the masks, as ID lists and in kernel form; with a change, the change"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("[apmask=IDS] [aqmask=IDS] - show or change the AP bus masks"));
    g_autoptr(GError) error = NULL;
    g_autofree char *columns = virAPTableColumnsHelp(virAPMasksColumns, VIR_AP_MASKS_COL_LAST);
    g_autofree char *summary = NULL;
    virAPTableOptions opts = { NULL, FALSE, FALSE };
    virAPMaskRequest requests[VIR_AP_MASK_LAST] = { { NULL, false }, { NULL, false } };
    unsigned int flags = 0;
    const char *bad;
    int rc;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    virAPTableAddOptions(ctx, &opts);
    summary = g_strdup_printf("%s\n\n%s",
                              _("IDS is a list that replaces the mask (the IDs the host keeps: 0-1,3-255) or +/- edits of the current mask (-2,+0x10-0x1f).\n"
                                "Without settings the masks are shown. Both scopes change unless --active or --persistent is given.\n"
                                "Exit status: 0 done, 1 refused (an mdev holds an APQN), 2 host state unreadable or unwritable, 3 usage error."),
                              columns);
    g_option_context_set_summary(ctx, summary);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if ((bad = virAPMasksParseRequests(argc, argv, removes, requests))) {
        rc = virAPUsageError(ctx, bad);
        goto cleanup;
    }
    if (removes && active) {
        rc = virAPUsageError(ctx, _("--remove applies to the persistent masks only"));
        goto cleanup;
    }
    if (removes)
        persistent = TRUE;

    if (!requests[VIR_AP_MASK_AP].setting && !requests[VIR_AP_MASK_AQ].setting && !removes) {
        if (active || persistent || dryRun)
            rc = virAPUsageError(ctx, _("nothing to change: give apmask=, aqmask= or --remove"));
        else
            rc = virAPMasksShow(&opts, json);
        goto cleanup;
    }
    if (active || !persistent)
        flags |= VIR_AP_MASK_CHANGE_ACTIVE;
    if (persistent || !active)
        flags |= VIR_AP_MASK_CHANGE_PERSISTENT;
    if (dryRun)
        flags |= VIR_AP_MASK_CHANGE_DRY_RUN;
    rc = virAPMasksChange(requests, flags, &opts, json);

 cleanup:
    virAPTableOptionsClear(&opts);
    return rc;
}
