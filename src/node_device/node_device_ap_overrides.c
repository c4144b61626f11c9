/*
 * node_device_ap_overrides.c: handing AP queues to vfio_ap or back to the
 * default driver by driver_override (Linux 6.19), active and persistent
 * (driverctl), as one transaction
 *
 * Under the configuration lock shared with the mask change and the callout:
 * plan (each queue's override before and after), check (the policy: the
 * masks all ones, no queue taken from an mdev or a definition), then write:
 * each queue's driver_override, unbound and probed anew (the write alone
 * binds nothing; util/virapoverride.c), then driverctl's files, atomically.
 * A failed write undoes what was written; a refused change writes nothing.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_overrides.h"
#include "node_device_ap_masks.h"
#include "viraplock.h"
#include "viraperror.h"


static void
virAPOverrideStepClear(virAPOverrideStep *step)
{
    g_free(step->fromOverride);
    g_free(step->fromDriver);
}


void
virAPOverrideChangeFree(virAPOverrideChange *change)
{
    size_t i;

    if (!change)
        return;
    for (i = 0; i < change->nplans; i++) {
        if (change->plans[i].steps)
            g_array_unref(change->plans[i].steps);
    }
    if (change->problems)
        g_ptr_array_unref(change->problems);
    g_free(change);
}


/* "AA.DDDD,AA.DDDD" (hex, as sysfs names queues) into @requests; a queue
 * asked twice is a usage error. */
int
virAPOverrideParseQueues(const char *text, bool vfio, GArray *requests, GError **error)
{
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    size_t i, j;

    for (i = 0; items[i]; i++) {
        unsigned int a, d;
        int n = -1;
        virAPQueueRequest req;

        if (sscanf(items[i], "%2x.%4x%n", &a, &d, &n) != 2 || n != (int)strlen(items[i]) ||
            strlen(items[i]) != 7 || a > VIR_AP_MAX_ID || d > VIR_AP_MAX_ID) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_ARGUMENT,
                        _("'%s' is not an AP queue: give AA.DDDD in hex as sysfs names it (01.002b)"),
                        items[i]);
            return -1;
        }
        for (j = 0; j < requests->len; j++) {
            const virAPQueueRequest *r = &g_array_index(requests, virAPQueueRequest, j);

            if (r->adapter == a && r->domain == d) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_ARGUMENT,
                            _("queue %02x.%04x is asked for more than once"), a, d);
                return -1;
            }
        }
        req.adapter = a;
        req.domain = d;
        req.vfio = vfio;
        g_array_append_val(requests, req);
    }
    return 0;
}


static int
virAPOverridePlanMake(virAPOverridePlan *plan, const GArray *requests, GError **error)
{
    size_t i;

    plan->steps = g_array_new(FALSE, TRUE, sizeof(virAPOverrideStep));
    g_array_set_clear_func(plan->steps, (GDestroyNotify)virAPOverrideStepClear);
    for (i = 0; i < requests->len; i++) {
        const virAPQueueRequest *req = &g_array_index(requests, virAPQueueRequest, i);
        virAPOverrideStep step = { req->adapter, req->domain, NULL, NULL,
                                   req->vfio ? VIR_AP_OVERRIDE_VFIO : NULL, false, false };

        if (plan->scope == VIR_AP_MASK_SCOPE_ACTIVE) {
            step.fromOverride = virAPQueueOverride(req->adapter, req->domain);
            step.fromDriver = virAPQueueDriverName(req->adapter, req->domain);
            step.changes = g_strcmp0(step.fromOverride, step.to) != 0 ||
                           !virAPQueueBoundAs(step.fromDriver, step.to);
        } else {
            if (virAPDriverctlReadOne(req->adapter, req->domain, &step.fromOverride, error) < 0)
                return -1;
            step.changes = g_strcmp0(step.fromOverride, step.to) != 0;
        }
        g_array_append_val(plan->steps, step);
    }
    return 0;
}


static int
virAPOverrideStepWrite(virAPMaskScope scope, const virAPOverrideStep *step,
                       bool undo, GError **error)
{
    const char *override = undo ? step->fromOverride : step->to;

    if (scope == VIR_AP_MASK_SCOPE_PERSISTENT)
        return virAPDriverctlWrite(step->adapter, step->domain, override, error);
    return virAPQueueRebind(step->adapter, step->domain, override,
                            undo ? step->fromDriver : step->to,
                            undo && !step->fromDriver, error);
}


/* Undoes the steps of @plan that were written, last first; on failure
 * @error says which queues are left changed. */
static void
virAPOverridePlanUndo(virAPOverridePlan *plan, GError **error)
{
    g_autoptr(GString) left = g_string_new(NULL);
    size_t i;

    for (i = plan->steps->len; i-- > 0;) {
        virAPOverrideStep *step = &g_array_index(plan->steps, virAPOverrideStep, i);
        g_autoptr(GError) undo = NULL;

        if (!step->done)
            continue;
        if (virAPOverrideStepWrite(plan->scope, step, true, &undo) < 0)
            g_string_append_printf(left, "%s%02x.%04x (%s)", left->len ? ", " : "",
                                   step->adapter, step->domain, undo->message);
        else
            step->done = false;
    }
    if (!error || !*error)
        return;
    if (left->len)
        g_prefix_error(error, _("%s: queues left changed: %s: "),
                       virAPMaskScopeTypeToString(plan->scope), left->str);
    else
        g_prefix_error(error, _("%s: the overrides were restored: "),
                       virAPMaskScopeTypeToString(plan->scope));
}


static int
virAPOverridePlanWrite(virAPOverridePlan *plan, GError **error)
{
    size_t i;

    for (i = 0; i < plan->steps->len; i++) {
        virAPOverrideStep *step = &g_array_index(plan->steps, virAPOverrideStep, i);

        if (!step->changes)
            continue;
        /* a failed rebind may have written the override already */
        step->done = true;
        if (virAPOverrideStepWrite(plan->scope, step, false, error) < 0) {
            virAPOverridePlanUndo(plan, error);
            return -1;
        }
    }
    return 0;
}


static int
virAPOverrideChangeApply(virAPOverrideChange *change, const GArray *requests,
                         bool dryRun, GError **error)
{
    g_autoptr(virAPHost) host = NULL;
    virAPOverridePlan *active = NULL;
    virAPOverridePlan *persistent = NULL;
    unsigned int parts = 0;
    size_t i;

    for (i = 0; i < change->nplans; i++)
        parts |= virAPPolicyOverrideChangeHostParts(change->plans[i].scope);
    if (virAPHostLoad(parts, &host, error) < 0)
        return -1;
    for (i = 0; i < change->nplans; i++) {
        virAPOverridePlan *plan = &change->plans[i];

        if (plan->scope == VIR_AP_MASK_SCOPE_ACTIVE) {
            active = plan;
            if (!host->overrides.supported) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_UNSUPPORTED, "%s",
                            _("this kernel has no per-queue driver_override (it came with Linux 6.19): hand queues to vfio_ap with 'virt-ap masks'"));
                return -1;
            }
        } else {
            persistent = plan;
        }
        g_ptr_array_extend_and_steal(change->problems,
                                     virAPPolicyCheckOverrideChange(plan->scope, requests, host));
    }
    if (change->problems->len)
        return 0;
    for (i = 0; i < change->nplans; i++) {
        if (virAPOverridePlanMake(&change->plans[i], requests, error) < 0)
            return -1;
    }
    if (dryRun)
        return 0;
    if (active && virAPOverridePlanWrite(active, error) < 0)
        return -1;
    if (persistent && virAPOverridePlanWrite(persistent, error) < 0) {
        if (active) {
            g_autoptr(GError) undo = NULL;

            g_set_error(&undo, VIR_AP_ERROR, VIR_AP_ERROR_SYSTEM, "%s", (*error)->message);
            virAPOverridePlanUndo(active, &undo);
            g_clear_error(error);
            g_propagate_error(error, g_steal_pointer(&undo));
        }
        return -1;
    }
    return 0;
}


void
virAPOverrideQueueFree(virAPOverrideQueue *queue)
{
    if (!queue)
        return;
    g_free(queue->queue);
    g_free(queue->driver);
    g_free(queue->override);
    g_free(queue->persistent);
    g_free(queue);
}


/* Every queue of @host (VIR_AP_HOST_OVERRIDES, VIR_AP_HOST_DRIVERCTL) with
 * an override now or at the next boot, in queue order, as sysfs and
 * driverctl's files show it. */
int
virAPOverrideQueuesList(const virAPHost *host, GPtrArray **queues, GError **error)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)virAPOverrideQueueFree);
    unsigned int a;
    size_t i;

    for (a = 0; a < VIR_AP_MASK_BITS; a++) {
        virAPMask both = host->overrides.set[a];
        int d = -1;

        for (i = 0; i < sizeof(both.bytes); i++)
            both.bytes[i] |= host->driverctl.set[a].bytes[i];
        while ((d = virAPMaskNextSetBit(&both, d)) >= 0) {
            virAPOverrideQueue *q = g_new0(virAPOverrideQueue, 1);

            g_ptr_array_add(list, q);
            q->queue = g_strdup_printf("%02x.%04x", a, d);
            q->driver = virAPQueueDriverName(a, d);
            q->override = virAPQueueOverride(a, d);
            if (virAPDriverctlReadOne(a, d, &q->persistent, error) < 0)
                return -1;
        }
    }
    *queues = g_steal_pointer(&list);
    return 0;
}


/*
 * Hands the queues of @requests over in the scopes of @flags
 * (virAPMaskChangeFlags).  Returns 0 when done, when refused (*change has
 * problems; then nothing was written) and after a dry run; -1 with @error
 * otherwise, when the error says what was left changed if anything was.
 */
int
virAPOverrideChangeRun(const GArray *requests, unsigned int flags,
                       virAPOverrideChange **change, GError **error)
{
    g_autoptr(virAPOverrideChange) planned = g_new0(virAPOverrideChange, 1);
    bool dryRun = flags & VIR_AP_MASK_CHANGE_DRY_RUN;
    int rc;

    planned->problems = virAPProblemListNew();
    if (flags & VIR_AP_MASK_CHANGE_ACTIVE)
        planned->plans[planned->nplans++].scope = VIR_AP_MASK_SCOPE_ACTIVE;
    if (flags & VIR_AP_MASK_CHANGE_PERSISTENT)
        planned->plans[planned->nplans++].scope = VIR_AP_MASK_SCOPE_PERSISTENT;

    if (!dryRun && virAPLockAcquire(getpid(), error) < 0)
        return -1;
    rc = virAPOverrideChangeApply(planned, requests, dryRun, error);
    if (!dryRun)
        virAPLockRelease(getpid());
    if (rc < 0)
        return -1;
    *change = g_steal_pointer(&planned);
    return 0;
}


bool
virAPOverrideChangeChanges(const virAPOverrideChange *change)
{
    size_t i, j;

    for (i = 0; i < change->nplans; i++) {
        for (j = 0; change->plans[i].steps && j < change->plans[i].steps->len; j++) {
            if (g_array_index(change->plans[i].steps, virAPOverrideStep, j).changes)
                return true;
        }
    }
    return false;
}
