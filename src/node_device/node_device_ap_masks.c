/*
 * node_device_ap_masks.c: changing the AP bus masks, active and persistent,
 * as one transaction
 *
 * Under the configuration lock shared with s390-tools and the callout:
 * plan (the masks each scope gets), check (no APQN taken from an mdev or a
 * definition: the policy), then write the active masks in an order the
 * kernel accepts at every step, each write read back, undone on any
 * failure, and last the persistent rule, atomically.  A refused change
 * writes nothing.
 */
#include <config.h>

#include <unistd.h>

#include "node_device_ap_masks.h"
#include "virapfile.h"
#include "viraplock.h"
#include "viraproot.h"
#include "virapudev.h"
#include "viraperror.h"


void
virAPMaskChangeFree(virAPMaskChange *change)
{
    if (!change)
        return;
    if (change->problems)
        g_ptr_array_unref(change->problems);
    g_free(change->rulePath);
    g_free(change->ruleText);
    g_free(change);
}


/* The masks @requests make of @plan->from; a bad setting fails here, before
 * anything is written. */
static int
virAPMaskPlanMake(const virAPHost *host, const virAPMaskRequest *requests,
                  virAPMaskPlan *plan, GError **error)
{
    size_t i;

    plan->from = plan->scope == VIR_AP_MASK_SCOPE_ACTIVE ? host->active : host->boot.masks;
    plan->to = plan->from;
    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        virAPMask *mask = virAPMaskPairGet(&plan->to, i);

        if (requests[i].remove) {
            *mask = *virAPMaskPairGetConst(&host->boot.base, i);
        } else if (requests[i].setting &&
                   virAPMaskParseSetting(requests[i].setting, mask, mask, error) < 0) {
            g_prefix_error(error, "%s=%s: ", virAPMaskNameTypeToString(i), requests[i].setting);
            (*error)->code = VIR_AP_ERROR_ARGUMENT;
            return -1;
        }
    }
    return 0;
}


/* One sysfs write: @mask gets @value. */
typedef struct {
    virAPMaskName mask;
    virAPMask value;
} virAPMaskWrite;

/*
 * The writes that take the active masks from @from to @to such that the
 * kernel accepts each one whenever the policy accepts the change.  Before
 * Linux 6.19 the kernel checks a write that sets bits (hands APQNs back to
 * the host) against the other mask as it is at that moment (ap_bus.c
 * apmask_store, aqmask_store; research/kernel-writes.md): clearing
 * apmask's lost bits first, then aqmask, then setting apmask's new bits
 * keeps every APQN those writes hand back among the ones the change hands
 * back.  Linux 6.19 checks the new bits against every ID of the other mask,
 * whatever the order; the policy checks that set on such a kernel
 * (virAPPolicyCheckMaskChange), so this order is accepted there too.
 */
static size_t
virAPMaskWritesPlan(const virAPMaskPair *from, const virAPMaskPair *to,
                    virAPMaskWrite *writes)
{
    size_t n = 0;
    virAPMask kept;

    virAPMaskAnd(&from->apmask, &to->apmask, &kept);
    if (!virAPMaskEqual(&kept, &from->apmask))
        writes[n++] = (virAPMaskWrite) { VIR_AP_MASK_AP, kept };
    if (!virAPMaskEqual(&from->aqmask, &to->aqmask))
        writes[n++] = (virAPMaskWrite) { VIR_AP_MASK_AQ, to->aqmask };
    if (!virAPMaskEqual(&kept, &to->apmask))
        writes[n++] = (virAPMaskWrite) { VIR_AP_MASK_AP, to->apmask };
    return n;
}


/* Writes the active masks from *@current to @to; *@current follows every
 * write that succeeded. */
static int
virAPMaskWritesApply(virAPMaskPair *current, const virAPMaskPair *to, GError **error)
{
    virAPMaskWrite writes[3];
    size_t n = virAPMaskWritesPlan(current, to, writes);
    size_t i;

    for (i = 0; i < n; i++) {
        if (virAPSysfsWriteMask(virAPMaskNameTypeToString(writes[i].mask),
                                &writes[i].value, error) < 0)
            return -1;
        *virAPMaskPairGet(current, writes[i].mask) = writes[i].value;
    }
    return 0;
}


/* The active masks become @to, or stay @from: a failed write is undone. */
static int
virAPMaskWriteActive(const virAPMaskPair *from, const virAPMaskPair *to,
                     GError **error)
{
    virAPMaskPair current = *from;
    g_autoptr(GError) undo = NULL;

    if (virAPMaskWritesApply(&current, to, error) == 0)
        return 0;
    if (virAPMaskPairEqual(&current, from))
        return -1;
    if (virAPMaskWritesApply(&current, from, &undo) < 0)
        g_prefix_error(error, _("the active masks are left half changed (%s): "), undo->message);
    else
        g_prefix_error(error, "%s", _("the active masks were restored: "));
    return -1;
}


/*
 * The next boot with the new rule file must give the planned masks: a rule
 * file udev reads after it, or a line it runs otherwise, would undo them.
 * That is a refusal (a problem naming the file and line), not an error.
 */
static int
virAPMaskRuleVerify(virAPMaskChange *change, const virAPMaskPlan *plan, GError **error)
{
    virAPBootMasks boot = { 0 };
    size_t m;

    if (virAPBootReadMasksReplacing(VIR_AP_UDEV_RULE, change->ruleText, &boot, error) < 0) {
        g_prefix_error(error, _("with the new %s: "), VIR_AP_UDEV_RULE);
        return -1;
    }
    for (m = 0; m < VIR_AP_MASK_LAST; m++) {
        const virAPMask *want = virAPMaskPairGetConst(&plan->to, m);
        const virAPMask *got = virAPMaskPairGetConst(&boot.masks, m);
        g_autofree char *list = NULL;
        g_autofree char *from = NULL;

        if (virAPMaskEqual(want, got))
            continue;
        list = virAPMaskFormatList(got);
        from = boot.source[m] == VIR_AP_BOOT_SOURCE_RULE ?
               g_strdup_printf("%s:%u", boot.file[m], boot.line[m]) :
               g_strdup(virAPBootDescribe(&boot, m));
        g_ptr_array_add(change->problems,
                        virAPProblemNew(VIR_AP_RULE_MASK_CHANGE_OVERRIDDEN, VIR_AP_SEVERITY_ERROR, from,
                                        g_strdup_printf(_("with the new %s the next boot would still set %s \"%s\" (%s)"),
                                                        VIR_AP_UDEV_RULE, virAPMaskNameTypeToString(m), list, from),
                                        g_strdup(_("edit or remove that rule first"))));
    }
    virAPBootMasksClear(&boot);
    return 0;
}


static int
virAPMaskRulePrepare(virAPMaskChange *change, const virAPMaskPlan *plan,
                     const virAPMaskRequest *requests, GError **error)
{
    g_autofree char *text = NULL;
    g_autofree char *rule = virAPRootPath(VIR_AP_UDEV_RULE);
    virAPUdevChange edits[VIR_AP_MASK_LAST];
    unsigned int flags = 0;
    size_t i;

    for (i = 0; i < VIR_AP_MASK_LAST; i++) {
        edits[i].type = requests[i].remove ? VIR_AP_UDEV_REMOVE :
                        requests[i].setting ? VIR_AP_UDEV_SET : VIR_AP_UDEV_KEEP;
        edits[i].mask = *virAPMaskPairGetConst(&plan->to, i);
    }
    /* a symbolic link is written through, at its target, and kept */
    if (virAPUdevRuleTarget(rule, &change->rulePath, error) < 0)
        return -1;
    if (!g_str_equal(rule, change->rulePath))
        flags |= VIR_AP_UDEV_UPDATE_KEEP_FILE;
    if (virAPFileReadOptional(change->rulePath, &text, error) < 0 ||
        virAPUdevRuleUpdateFlags(text, change->rulePath, &edits[VIR_AP_MASK_AP],
                                 &edits[VIR_AP_MASK_AQ], flags, &change->ruleText, error) < 0 ||
        virAPMaskRuleVerify(change, plan, error) < 0)
        return -1;
    change->ruleExisted = text != NULL;
    if (!change->ruleText && text)
        change->note = _("no persistent mask is set any more: 41-ap.rules was removed");
    else if (change->ruleText && requests[VIR_AP_MASK_AP].remove && requests[VIR_AP_MASK_AQ].remove)
        change->note = _("no persistent mask is set any more; 41-ap.rules is kept for its other lines");
    return 0;
}


/* Under the lock: leftovers of killed writers go, then the rule is written. */
static int
virAPMaskRuleCommit(const virAPMaskChange *change, GError **error)
{
    virAPFileRemoveStaleTemporaries(change->rulePath);
    if (change->ruleText)
        return virAPFileWriteAtomic(change->rulePath, change->ruleText, error);
    if (change->ruleExisted)
        return virAPFileRemove(change->rulePath, error);
    return 0;
}


static const virAPMaskPlan *
virAPMaskChangeFind(const virAPMaskChange *change, virAPMaskScope scope)
{
    size_t i;

    for (i = 0; i < change->nplans; i++) {
        if (change->plans[i].scope == scope)
            return &change->plans[i];
    }
    return NULL;
}


/* Plan, check, write: what virAPMaskChangeRun does under the lock. */
static int
virAPMaskChangeApply(virAPMaskChange *change, const virAPMaskRequest *requests,
                     bool dryRun, GError **error)
{
    g_autoptr(virAPHost) host = NULL;
    const virAPMaskPlan *active;
    const virAPMaskPlan *persistent;
    unsigned int parts = VIR_AP_HOST_BOOT_MASKS; /* --remove falls back to their base */
    size_t i;

    for (i = 0; i < change->nplans; i++)
        parts |= virAPPolicyMaskChangeHostParts(change->plans[i].scope);
    if (virAPHostLoad(parts, &host, error) < 0)
        return -1;
    for (i = 0; i < change->nplans; i++) {
        virAPMaskPlan *plan = &change->plans[i];

        if (virAPMaskPlanMake(host, requests, plan, error) < 0)
            return -1;
        g_ptr_array_extend_and_steal(change->problems,
                                     virAPPolicyCheckMaskChange(plan->scope, &plan->from,
                                                                &plan->to, host));
    }
    if (change->problems->len)
        return 0;
    active = virAPMaskChangeFind(change, VIR_AP_MASK_SCOPE_ACTIVE);
    persistent = virAPMaskChangeFind(change, VIR_AP_MASK_SCOPE_PERSISTENT);
    if (persistent && virAPMaskRulePrepare(change, persistent, requests, error) < 0)
        return -1;
    if (change->problems->len || dryRun)
        return 0;
    if (active && virAPMaskWriteActive(&active->from, &active->to, error) < 0)
        return -1;
    if (persistent && virAPMaskRuleCommit(change, error) < 0) {
        g_autoptr(GError) undo = NULL;

        if (!active)
            return -1;
        if (virAPMaskWriteActive(&active->to, &active->from, &undo) < 0)
            g_prefix_error(error, _("the active masks are changed (%s), the persistent ones are not: "),
                           undo->message);
        else
            g_prefix_error(error, "%s", _("nothing was changed: "));
        return -1;
    }
    return 0;
}


/*
 * Changes the masks as @requests (one per virAPMaskName) ask, in the scopes
 * of @flags.  Returns 0 when done, when refused (*change has problems; then
 * nothing was written) and after a dry run; -1 with @error otherwise, when
 * the error says what was left changed if anything was.
 */
int
virAPMaskChangeRun(const virAPMaskRequest *requests, unsigned int flags,
                   virAPMaskChange **change, GError **error)
{
    g_autoptr(virAPMaskChange) planned = g_new0(virAPMaskChange, 1);
    bool dryRun = flags & VIR_AP_MASK_CHANGE_DRY_RUN;
    int rc;

    planned->problems = virAPProblemListNew();
    if (flags & VIR_AP_MASK_CHANGE_ACTIVE)
        planned->plans[planned->nplans++].scope = VIR_AP_MASK_SCOPE_ACTIVE;
    if (flags & VIR_AP_MASK_CHANGE_PERSISTENT)
        planned->plans[planned->nplans++].scope = VIR_AP_MASK_SCOPE_PERSISTENT;

    if (!dryRun && virAPLockAcquire(getpid(), error) < 0)
        return -1;
    rc = virAPMaskChangeApply(planned, requests, dryRun, error);
    if (!dryRun)
        virAPLockRelease(getpid());
    if (rc < 0)
        return -1;
    *change = g_steal_pointer(&planned);
    return 0;
}


/* Whether any mask of any scope differs after the change. */
bool
virAPMaskChangeChanges(const virAPMaskChange *change)
{
    size_t i;

    for (i = 0; i < change->nplans; i++) {
        if (!virAPMaskPairEqual(&change->plans[i].from, &change->plans[i].to))
            return true;
    }
    return false;
}
