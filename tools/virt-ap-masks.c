/*
 * virt-ap masks: show or change the AP bus masks, active and persistent
 *
 * The vocabulary is zdev's (chzdev/lszdev -t ap): apmask=LIST replaces a
 * mask (the listed IDs stay with the host), apmask=+N,-M edits the current
 * mask of each scope from left to right.  The whole read-check-write runs
 * under the configuration lock shared with s390-tools and the callout.
 */
#include <config.h>

#include <json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_policy.h"
#include "virapfile.h"
#include "viraplock.h"
#include "viraproot.h"
#include "virapudev.h"
#include "virt-ap.h"
#include "viraperror.h"

typedef enum {
    VIR_AP_MASK_AP,
    VIR_AP_MASK_AQ,
    VIR_AP_MASK_LAST
} virAPMaskName;

static const char *const virAPMaskNames[VIR_AP_MASK_LAST] = { "apmask", "aqmask" };

/* What the command line asks of one mask. */
typedef struct {
    const char *setting; /* zdev list or edit, or NULL */
    bool remove;         /* persistent: drop the rule's line */
} virAPMaskRequest;

/* One scope of the change: the masks before and after. */
typedef struct {
    virAPMaskScope scope;
    virAPMaskPair from;
    virAPMaskPair to;
} virAPMaskPlan;


static virAPMask *
virAPMaskPairGet(virAPMaskPair *pair, virAPMaskName name)
{
    return name == VIR_AP_MASK_AP ? &pair->apmask : &pair->aqmask;
}


static const virAPBootMask *
virAPHostBootMask(const virAPHost *host, virAPMaskName name)
{
    return name == VIR_AP_MASK_AP ? &host->bootApmask : &host->bootAqmask;
}


static void
virAPHostScopePair(const virAPHost *host, virAPMaskScope scope, virAPMaskPair *pair)
{
    if (scope == VIR_AP_MASK_SCOPE_ACTIVE) {
        pair->apmask = host->activeApmask;
        pair->aqmask = host->activeAqmask;
    } else {
        pair->apmask = host->bootApmask.mask;
        pair->aqmask = host->bootAqmask.mask;
    }
}


/* The masks @requests make of @plan->from; a bad setting fails here, before
 * anything is written. */
static int
virAPMaskPlanMake(const virAPHost *host, const virAPMaskRequest *requests,
                  virAPMaskPlan *plan, GError **error)
{
    size_t i;

    virAPHostScopePair(host, plan->scope, &plan->from);
    plan->to = plan->from;
    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        virAPMask *mask = virAPMaskPairGet(&plan->to, i);

        if (requests[i].remove) {
            *mask = virAPHostBootMask(host, i)->base;
        } else if (requests[i].setting &&
                   virAPMaskParseSetting(requests[i].setting, mask, mask, error) < 0) {
            g_prefix_error(error, "%s=%s: ", virAPMaskNames[i], requests[i].setting);
            return -1;
        }
    }
    return 0;
}


static void
virAPMaskPrintRects(const char *scope, const char *direction,
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
virAPMaskPrintPlans(const virAPMaskPlan *plans, size_t nplans)
{
    size_t i, m;

    for (i = 0; i < nplans; i++) {
        const char *scope = plans[i].scope == VIR_AP_MASK_SCOPE_ACTIVE ?
                            _("active") : _("persistent");

        for (m = 0; m < VIR_AP_MASK_LAST; m++) {
            g_autofree char *from = virAPMaskFormatList(virAPMaskPairGet((virAPMaskPair *)&plans[i].from, m));
            g_autofree char *to = virAPMaskFormatList(virAPMaskPairGet((virAPMaskPair *)&plans[i].to, m));

            printf("%s: %s \"%s\" -> \"%s\"\n", scope, virAPMaskNames[m], from, to);
        }
        virAPMaskPrintRects(scope, _("host -> vfio_ap"), &plans[i].from, &plans[i].to);
        virAPMaskPrintRects(scope, _("vfio_ap -> host"), &plans[i].to, &plans[i].from);
    }
    printf("%s\n", _("dry run: nothing was written"));
}


/* Writes the active masks that change; if the second write fails, the first
 * is undone, so the pair is never half-applied. */
static int
virAPMaskWriteActive(const virAPMaskPlan *plan, GError **error)
{
    bool written[VIR_AP_MASK_LAST] = { false, false };
    size_t i;

    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        const virAPMask *from = virAPMaskPairGet((virAPMaskPair *)&plan->from, i);
        const virAPMask *to = virAPMaskPairGet((virAPMaskPair *)&plan->to, i);

        if (memcmp(from, to, sizeof(*to)) == 0)
            continue;
        if (virAPSysfsWriteMask(virAPMaskNames[i], to, error) < 0) {
            if (i > 0 && written[0]) {
                g_autoptr(GError) undo = NULL;

                if (virAPSysfsWriteMask(virAPMaskNames[0], &plan->from.apmask, &undo) < 0)
                    g_prefix_error(error, _("apmask is left changed (%s): "), undo->message);
                else
                    g_prefix_error(error, "%s", _("apmask was restored: "));
            }
            return -1;
        }
        written[i] = true;
    }
    return 0;
}


/* The persistent change, prepared before anything is written. */
typedef struct {
    char *path;
    bool existed;
    char *updated;    /* the new 41-ap.rules; NULL: remove it */
    const char *note; /* what happened to the file, if more than an update */
} virAPRuleUpdate;


static void
virAPRuleUpdateClear(virAPRuleUpdate *update)
{
    g_free(update->path);
    g_free(update->updated);
}


static int
virAPRuleUpdatePrepare(const virAPMaskPlan *plan, const virAPMaskRequest *requests,
                       virAPRuleUpdate *update, GError **error)
{
    g_autofree char *text = NULL;
    virAPUdevChange changes[VIR_AP_MASK_LAST];
    size_t i;

    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        changes[i].type = requests[i].remove ? VIR_AP_UDEV_REMOVE :
                          requests[i].setting ? VIR_AP_UDEV_SET : VIR_AP_UDEV_KEEP;
        changes[i].mask = *virAPMaskPairGet((virAPMaskPair *)&plan->to, i);
    }
    update->path = virAPRootPath(VIR_AP_UDEV_RULE);
    if (virAPFileReadOptional(update->path, &text, error) < 0 ||
        virAPUdevRuleUpdate(text, update->path, &changes[0], &changes[1],
                            &update->updated, error) < 0)
        return -1;
    update->existed = text != NULL;
    if (!update->updated && text)
        update->note = _("no persistent mask is set any more: 41-ap.rules was removed");
    else if (update->updated && requests[VIR_AP_MASK_AP].remove && requests[VIR_AP_MASK_AQ].remove)
        update->note = _("no persistent mask is set any more; 41-ap.rules is kept for its other lines");
    return 0;
}


/* Under the lock: leftovers of killed writers go, then the rule is written. */
static int
virAPRuleUpdateCommit(const virAPRuleUpdate *update, GError **error)
{
    virAPFileRemoveStaleTemporaries(update->path);
    if (update->updated)
        return virAPFileWriteAtomic(update->path, update->updated, error);
    if (update->existed)
        return virAPFileRemove(update->path, error);
    return 0;
}


/* Both masks in both scopes, as ID lists and in kernel form; also the
 * "masks" member of "virt-ap status --json". */
json_object *
virAPMasksToJSON(const virAPHost *host)
{
    json_object *root = json_object_new_object();
    size_t i;

    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        const virAPMask *active = i == VIR_AP_MASK_AP ? &host->activeApmask : &host->activeAqmask;
        const virAPBootMask *boot = virAPHostBootMask(host, i);
        const virAPMask *masks[] = { active, &boot->mask };
        const char *scopes[] = { "active", "persistent" };
        json_object *entry = json_object_new_object();
        size_t s;

        for (s = 0; s < G_N_ELEMENTS(masks); s++) {
            g_autofree char *ids = virAPMaskFormatList(masks[s]);
            g_autofree char *hex = virAPMaskFormatKernel(masks[s]);
            json_object *scope = json_object_new_object();

            json_object_object_add(scope, "ids", json_object_new_string(ids));
            json_object_object_add(scope, "mask", json_object_new_string(hex));
            if (s == 1)
                json_object_object_add(scope, "source",
                                       json_object_new_string(virAPBootSourceTypeToString(boot->source)));
            json_object_object_add(entry, scopes[s], scope);
        }
        json_object_object_add(root, virAPMaskNames[i], entry);
    }
    return root;
}


void
virAPPrintJSON(json_object *root)
{
    printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                  JSON_C_TO_STRING_SPACED |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
}


/* The masks side by side, as lszdev -t ap shows them. */
static int
virAPMasksShow(bool json)
{
    g_autoptr(virAPHost) host = NULL;
    g_autoptr(GError) error = NULL;
    char *lists[VIR_AP_MASK_LAST][2];
    size_t i;
    int width[2] = { (int)strlen(_("ACTIVE")), (int)strlen(_("PERSISTENT")) };

    if (virAPHostLoad(VIR_AP_HOST_ACTIVE | VIR_AP_HOST_BOOT_MASKS, &host, &error) < 0) {
        fprintf(stderr, "virt-ap: %s\n", error->message);
        return VIR_AP_EXIT_HOST;
    }
    if (json) {
        virAPPrintJSON(virAPMasksToJSON(host));
        return VIR_AP_EXIT_OK;
    }
    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        g_autofree char *active = virAPMaskFormatList(i == VIR_AP_MASK_AP ?
                                                      &host->activeApmask : &host->activeAqmask);
        g_autofree char *boot = virAPMaskFormatList(&virAPHostBootMask(host, i)->mask);

        lists[i][0] = g_strdup_printf("\"%s\"", active);
        lists[i][1] = g_strdup_printf("\"%s\"", boot);
        width[0] = MAX(width[0], (int)strlen(lists[i][0]));
        width[1] = MAX(width[1], (int)strlen(lists[i][1]));
    }
    printf("%-10s %-*s  %-*s  %s\n", _("ATTRIBUTE"), width[0], _("ACTIVE"),
           width[1], _("PERSISTENT"), _("PERSISTENT FROM"));
    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        printf("%-10s %-*s  %-*s  %s\n", virAPMaskNames[i], width[0], lists[i][0],
               width[1], lists[i][1],
               virAPBootSourceDescribe(virAPHostBootMask(host, i)->source));
        g_free(lists[i][0]);
        g_free(lists[i][1]);
    }
    return VIR_AP_EXIT_OK;
}


/* Check and write, under the lock; returns an exit code.  Everything that
 * can be refused is refused before the first write. */
static int
virAPMasksChange(virAPMaskPlan *plans, size_t nplans,
                 const virAPMaskRequest *requests, bool dryRun)
{
    g_autoptr(virAPHost) host = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func((GDestroyNotify)virAPProblemFree);
    virAPRuleUpdate rule = { NULL, false, NULL, NULL };
    const virAPMaskPlan *active = NULL;
    const virAPMaskPlan *persistent = NULL;
    unsigned int parts = 0;
    int rc = VIR_AP_EXIT_HOST;
    size_t i;

    for (i = 0; i < nplans; i++)
        parts |= virAPPolicyMaskChangeHostParts(plans[i].scope);
    /* the boot masks are read either way: --remove falls back to their base */
    if (virAPHostLoad(parts | VIR_AP_HOST_BOOT_MASKS, &host, &error) < 0)
        goto cleanup;
    for (i = 0; i < nplans; i++) {
        g_autoptr(GPtrArray) found = NULL;

        if (virAPMaskPlanMake(host, requests, &plans[i], &error) < 0) {
            rc = VIR_AP_EXIT_USAGE;
            goto cleanup;
        }
        found = virAPPolicyCheckMaskChange(plans[i].scope, &plans[i].from,
                                           &plans[i].to, host);
        g_ptr_array_extend_and_steal(problems, g_steal_pointer(&found));
        if (plans[i].scope == VIR_AP_MASK_SCOPE_ACTIVE)
            active = &plans[i];
        else
            persistent = &plans[i];
    }
    if (problems->len) {
        virAPPrintProblems(problems);
        printf("%s\n", _("nothing was changed"));
        rc = VIR_AP_EXIT_REFUSED;
        goto cleanup;
    }
    if (persistent && virAPRuleUpdatePrepare(persistent, requests, &rule, &error) < 0)
        goto cleanup;
    if (dryRun) {
        virAPMaskPrintPlans(plans, nplans);
        rc = VIR_AP_EXIT_OK;
        goto cleanup;
    }
    if (active && virAPMaskWriteActive(active, &error) < 0)
        goto cleanup;
    if (persistent && virAPRuleUpdateCommit(&rule, &error) < 0) {
        if (active) {
            virAPMaskPlan undo = { active->scope, active->to, active->from };
            g_autoptr(GError) undoError = NULL;

            if (virAPMaskWriteActive(&undo, &undoError) < 0)
                g_prefix_error(&error, _("the active masks are changed (%s), the persistent ones are not: "),
                               undoError->message);
            else
                g_prefix_error(&error, "%s", _("nothing was changed: "));
        }
        goto cleanup;
    }
    if (rule.note)
        printf("%s\n", rule.note);
    rc = VIR_AP_EXIT_OK;

 cleanup:
    if (error)
        fprintf(stderr, "virt-ap: %s\n", error->message);
    virAPRuleUpdateClear(&rule);
    return rc;
}


/* "apmask=..." / "aqmask=..." words and --remove names into @requests. */
static const char *
virAPMasksParseRequests(int argc, char **argv, char **removes,
                        virAPMaskRequest *requests)
{
    int i;
    size_t m;

    for (i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');

        for (m = 0; m < VIR_AP_MASK_LAST; m++) {
            if (eq && strncmp(argv[i], virAPMaskNames[m], eq - argv[i]) == 0 &&
                strlen(virAPMaskNames[m]) == (size_t)(eq - argv[i]))
                break;
        }
        if (m == VIR_AP_MASK_LAST)
            return _("settings are apmask=IDS and aqmask=IDS");
        if (requests[m].setting)
            return _("each mask may be set once");
        requests[m].setting = eq + 1;
    }
    for (i = 0; removes && removes[i]; i++) {
        for (m = 0; m < VIR_AP_MASK_LAST; m++) {
            if (g_str_equal(removes[i], virAPMaskNames[m]))
                break;
        }
        if (m == VIR_AP_MASK_LAST)
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
        { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dryRun,
          N_("show the resulting masks and the APQNs that change hands; write nothing"), NULL },
        { "json", 'J', 0, G_OPTION_ARG_NONE, &json,
          N_("show the masks as JSON, as ID lists and in kernel form"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("[apmask=IDS] [aqmask=IDS] - show or change the AP bus masks"));
    g_autoptr(GError) error = NULL;
    virAPMaskRequest requests[VIR_AP_MASK_LAST] = { { NULL, false }, { NULL, false } };
    virAPMaskPlan plans[2];
    size_t nplans = 0;
    const char *bad;
    int rc;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    g_option_context_set_summary(ctx, _("IDS is a list that replaces the mask (the IDs the host keeps: 0-1,3-255) or +/- edits of the current mask (-2,+0x10-0x1f).\n"
                                        "Without settings the masks are shown. Both scopes change unless --active or --persistent is given.\n"
                                        "Exit status: 0 done, 1 refused (an mdev holds an APQN), 2 host state unreadable or unwritable, 3 usage error."));
    if (!g_option_context_parse(ctx, &argc, &argv, &error))
        return virAPUsageError(ctx, error->message);
    if ((bad = virAPMasksParseRequests(argc, argv, removes, requests)))
        return virAPUsageError(ctx, bad);
    if (removes && active)
        return virAPUsageError(ctx, _("--remove applies to the persistent masks only"));
    if (removes)
        persistent = TRUE;

    if (!requests[0].setting && !requests[1].setting && !removes) {
        if (active || persistent || dryRun)
            return virAPUsageError(ctx, _("nothing to change: give apmask=, aqmask= or --remove"));
        return virAPMasksShow(json);
    }
    if (json)
        return virAPUsageError(ctx, _("--json shows the masks; it does not go with a change"));
    if (active || !persistent)
        plans[nplans++].scope = VIR_AP_MASK_SCOPE_ACTIVE;
    if (persistent || !active)
        plans[nplans++].scope = VIR_AP_MASK_SCOPE_PERSISTENT;

    if (!dryRun && virAPLockAcquire(getpid(), &error) < 0) {
        fprintf(stderr, "virt-ap: %s\n", error->message);
        return VIR_AP_EXIT_HOST;
    }
    rc = virAPMasksChange(plans, nplans, requests, dryRun);
    if (!dryRun)
        virAPLockRelease(getpid());
    if (rc == VIR_AP_EXIT_OK && !dryRun)
        return virAPMasksShow(false);
    return rc;
}
