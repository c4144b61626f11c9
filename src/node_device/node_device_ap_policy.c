/*
 * node_device_ap_policy.c: when a vfio_ap definition may be defined or started
 *
 * The whole policy is the table at the end of this file: for each scope
 * the checks that run, and the host state they need.  Each check states
 * one rule and produces its own messages.  Clashes are reported one APQN a
 * line, in lszcrypt form with the decimal pair after it.
 */
#include <config.h>

#include "node_device_ap_policy.h"
#include "viraperror.h"

/* Past this many APQNs for one rule and one other party, one summary line. */
#define VIR_AP_POLICY_MAX_APQN_LINES 8

static const char *const virAPScopeNames[VIR_AP_SCOPE_LAST] = {
    "define", "start",
};


int
virAPScopeTypeFromString(const char *name)
{
    size_t i;

    for (i = 0; i < VIR_AP_SCOPE_LAST; i++) {
        if (g_str_equal(virAPScopeNames[i], name))
            return i;
    }
    return -1;
}


void
virAPProblemFree(virAPProblem *problem)
{
    if (!problem)
        return;
    g_free(problem->other);
    g_free(problem->message);
    g_free(problem);
}


static void G_GNUC_PRINTF(5, 6)
virAPPolicyReport(GPtrArray *problems, virAPSeverity severity, const char *rule,
                  const char *other, const char *fmt, ...)
{
    virAPProblem *problem = g_new0(virAPProblem, 1);
    va_list ap;

    va_start(ap, fmt);
    problem->severity = severity;
    problem->rule = rule;
    problem->other = g_strdup(other);
    problem->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(problems, problem);
}


/* Formats the message of one clashing APQN; @apqn is "02.002b (2.43)". */
typedef char *(*virAPClashMessage)(const char *apqn, unsigned int adapter,
                                   unsigned int domain, const void *other);

/*
 * Reports every APQN of the mdev @held that the set @adapters x @domains
 * also holds: the host (its masks), another mdev (its matrix), or the
 * APQNs a mask change hands over, alike.
 */
static void
virAPPolicyReportClashes(GPtrArray *problems, virAPSeverity severity,
                         const char *rule, const char *otherUUID,
                         const virAPMatrix *held, const virAPMask *adapters,
                         const virAPMask *domains, virAPClashMessage message,
                         const void *other)
{
    unsigned int total = 0;
    int adapter = -1;

    while ((adapter = virAPMaskNextSetBit(&held->adapters, adapter)) >= 0) {
        int domain = -1;

        if (!virAPMaskIsBitSet(adapters, adapter))
            continue;
        while ((domain = virAPMaskNextSetBit(&held->domains, domain)) >= 0) {
            g_autofree char *apqn = NULL;
            g_autofree char *text = NULL;

            if (!virAPMaskIsBitSet(domains, domain))
                continue;
            if (++total > VIR_AP_POLICY_MAX_APQN_LINES)
                continue;
            apqn = virAPFormatAPQN(adapter, domain);
            text = message(apqn, adapter, domain, other);
            virAPPolicyReport(problems, severity, rule, otherUUID, "%s", text);
        }
    }
    if (total > VIR_AP_POLICY_MAX_APQN_LINES)
        virAPPolicyReport(problems, severity, rule, otherUUID,
                          virAPNGettext("... and %u more APQN clashes the same way",
                                   "... and %u more APQNs clash the same way",
                                   total - VIR_AP_POLICY_MAX_APQN_LINES),
                          total - VIR_AP_POLICY_MAX_APQN_LINES);
}


static bool
virAPPolicyIsSelf(const virAPDevice *dev, const char *uuid)
{
    return dev->config->uuid && g_str_equal(dev->config->uuid, uuid);
}


/* Rule: every ID is within what this host's AP configuration can address. */
static void
virAPCheckBounds(const virAPDevice *dev, const virAPHost *host, GPtrArray *problems)
{
    int id;

    for (id = host->maxAdapter;
         (id = virAPMaskNextSetBit(&dev->matrix.adapters, id)) >= 0;)
        virAPPolicyReport(problems, VIR_AP_SEVERITY_ERROR, "bounds", NULL,
                          _("adapter %d (0x%02x) is above this host's highest adapter ID %u (ap_max_adapter_id)"),
                          id, id, host->maxAdapter);
    for (id = host->maxDomain;
         (id = virAPMaskNextSetBit(&dev->matrix.domains, id)) >= 0;)
        virAPPolicyReport(problems, VIR_AP_SEVERITY_ERROR, "bounds", NULL,
                          _("domain %d (0x%04x) is above this host's highest domain ID %u (ap_max_domain_id)"),
                          id, id, host->maxDomain);
    for (id = host->maxDomain;
         (id = virAPMaskNextSetBit(&dev->matrix.controlDomains, id)) >= 0;)
        virAPPolicyReport(problems, VIR_AP_SEVERITY_ERROR, "bounds", NULL,
                          _("control domain %d (0x%04x) is above this host's highest domain ID %u (ap_max_domain_id)"),
                          id, id, host->maxDomain);
}


/* Rule: control domains are useless without a usage domain. */
static void
virAPCheckControlDomains(const virAPDevice *dev, const virAPHost *host,
                         GPtrArray *problems)
{
    g_autofree char *list = NULL;

    if (virAPMaskIsEmpty(&dev->matrix.controlDomains) ||
        !virAPMaskIsEmpty(&dev->matrix.domains))
        return;
    list = virAPMaskFormatList(&dev->matrix.controlDomains);
    virAPPolicyReport(problems, VIR_AP_SEVERITY_ERROR, "control-domains", NULL,
                      _("control domains %s are assigned without any usage domain: assign at least one usage domain"),
                      list);
}


static char *
virAPMessageBootMasks(const char *apqn, unsigned int adapter,
                      unsigned int domain, const void *other)
{
    const virAPHost *host = other;
    const char *apSource = virAPBootSourceDescribe(host->bootApmask.source);
    const char *aqSource = virAPBootSourceDescribe(host->bootAqmask.source);

    if (host->bootApmask.source == host->bootAqmask.source)
        return g_strdup_printf(_("APQN %s is kept by the host after reboot (persistent masks: %s); free it with 'virt-ap masks --persistent apmask=-%u' (or aqmask=-%u)"),
                               apqn, apSource, adapter, domain);
    return g_strdup_printf(_("APQN %s is kept by the host after reboot (persistent apmask: %s, aqmask: %s); free it with 'virt-ap masks --persistent apmask=-%u' (or aqmask=-%u)"),
                           apqn, apSource, aqSource, adapter, domain);
}


/* Rule: after a reboot, no APQN of the definition belongs to the host. */
static void
virAPCheckBootMasks(const virAPDevice *dev, const virAPHost *host,
                    GPtrArray *problems)
{
    virAPPolicyReportClashes(problems, VIR_AP_SEVERITY_ERROR, "persistent-masks", NULL,
                             &dev->matrix,
                             &host->bootApmask.mask, &host->bootAqmask.mask,
                             virAPMessageBootMasks, host);
}


static char *
virAPMessageAutostart(const char *apqn, unsigned int adapter,
                      unsigned int domain, const void *other)
{
    const virAPDevice *def = other;

    return g_strdup_printf(_("APQN %s is also in autostart definition %s: both cannot start at boot; remove it from one of them or make one manual"),
                           apqn, def->config->uuid);
}


static char *
virAPMessageDefined(const char *apqn, unsigned int adapter,
                    unsigned int domain, const void *other)
{
    const virAPDevice *def = other;

    return g_strdup_printf(_("APQN %s is also in definition %s (%s): only one of them can be active at a time"),
                           apqn, def->config->uuid,
                           def->config->autostart ? "start=auto" : "start=manual");
}


/*
 * Rule: two autostart definitions never share an APQN (one of them would
 * fail at every boot).  Any other overlap between definitions is legitimate
 * (alternative configurations); start enforces exclusivity, so it is only
 * pointed out.
 */
static void
virAPCheckDefinitions(const virAPDevice *dev, const virAPHost *host,
                      GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < host->definitions->len; i++) {
        const virAPDevice *def = g_ptr_array_index(host->definitions, i);
        bool bothAuto = dev->config->autostart && def->config->autostart;

        if (virAPPolicyIsSelf(dev, def->config->uuid))
            continue;
        virAPPolicyReportClashes(problems,
                                 bothAuto ? VIR_AP_SEVERITY_ERROR : VIR_AP_SEVERITY_WARNING,
                                 bothAuto ? "autostart-overlap" : "definition-overlap",
                                 def->config->uuid, &dev->matrix, &def->matrix.adapters, &def->matrix.domains,
                                 bothAuto ? virAPMessageAutostart : virAPMessageDefined,
                                 def);
    }
}


static char *
virAPMessageActiveMasks(const char *apqn, unsigned int adapter,
                        unsigned int domain, const void *other)
{
    return g_strdup_printf(_("APQN %s is kept by the host by the active apmask and aqmask; free it with 'virt-ap masks --active apmask=-%u' (or aqmask=-%u)"),
                           apqn, adapter, domain);
}


/* Rule: now, no APQN of the mdev belongs to the host. */
static void
virAPCheckActiveMasks(const virAPDevice *dev, const virAPHost *host,
                      GPtrArray *problems)
{
    virAPPolicyReportClashes(problems, VIR_AP_SEVERITY_ERROR, "active-masks", NULL,
                             &dev->matrix, &host->activeApmask, &host->activeAqmask,
                             virAPMessageActiveMasks, NULL);
}


static char *
virAPMessageActiveMdev(const char *apqn, unsigned int adapter,
                       unsigned int domain, const void *other)
{
    const virAPActiveMdev *mdev = other;

    return g_strdup_printf(_("APQN %s is in use by active mdev %s; stop it or remove the APQN from it first"),
                           apqn, mdev->uuid);
}


/* Rule: now, no APQN of the mdev is in another active mdev. */
static void
virAPCheckActiveMdevs(const virAPDevice *dev, const virAPHost *host,
                      GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < host->activeMdevs->len; i++) {
        const virAPActiveMdev *mdev = g_ptr_array_index(host->activeMdevs, i);

        if (virAPPolicyIsSelf(dev, mdev->uuid))
            continue;
        virAPPolicyReportClashes(problems, VIR_AP_SEVERITY_ERROR, "active-mdev", mdev->uuid,
                                 &dev->matrix, &mdev->matrix.adapters, &mdev->matrix.domains,
                                 virAPMessageActiveMdev, mdev);
    }
}


/* What a mask change hands back to the host, for the messages below. */
typedef struct {
    const char *mask;  /* "apmask" or "aqmask": whose newly set bit takes the APQN */
    const void *other; /* the mdev or definition that holds it */
} virAPMaskClash;


static char *
virAPMessageMaskActive(const char *apqn, unsigned int adapter,
                       unsigned int domain, const void *other)
{
    const virAPMaskClash *clash = other;
    const virAPActiveMdev *mdev = clash->other;

    return g_strdup_printf(_("%s conflicts with mdev %s APQN %s: remove the APQN from the mdev or stop it first"),
                           clash->mask, mdev->uuid, apqn);
}


static char *
virAPMessageMaskPersistent(const char *apqn, unsigned int adapter,
                           unsigned int domain, const void *other)
{
    const virAPMaskClash *clash = other;
    const virAPDevice *def = clash->other;

    if (def->config->autostart)
        return g_strdup_printf(_("persistent %s conflicts with autostart definition %s APQN %s: remove the APQN from the definition or undefine it first"),
                               clash->mask, def->config->uuid, apqn);
    return g_strdup_printf(_("persistent %s conflicts with manual definition %s APQN %s: remove the APQN from the definition or undefine it first"),
                           clash->mask, def->config->uuid, apqn);
}


/*
 * Rule: a mask change never takes an APQN from an mdev.  Only bits that
 * become set (APQNs handed back to the host) can clash: in the active scope
 * with every active mdev, in the persistent scope with every definition,
 * autostart or manual, since either could be started after the next boot.
 */
GPtrArray *
virAPPolicyCheckMaskChange(virAPMaskScope scope, const virAPMaskPair *from,
                           const virAPMaskPair *to, const virAPHost *host)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func((GDestroyNotify)virAPProblemFree);
    GPtrArray *holders = scope == VIR_AP_MASK_SCOPE_ACTIVE ? host->activeMdevs : host->definitions;
    virAPClashMessage message = scope == VIR_AP_MASK_SCOPE_ACTIVE ?
                                virAPMessageMaskActive : virAPMessageMaskPersistent;
    virAPRect rects[2];
    const char *masks[] = { "apmask", "aqmask" };
    size_t i, r;

    virAPMaskPairLost(to, from, &rects[0], &rects[1]);
    for (i = 0; i < holders->len; i++) {
        const void *holder = g_ptr_array_index(holders, i);
        const virAPMatrix *held = scope == VIR_AP_MASK_SCOPE_ACTIVE ?
                                  &((const virAPActiveMdev *)holder)->matrix :
                                  &((const virAPDevice *)holder)->matrix;

        for (r = 0; r < G_N_ELEMENTS(rects); r++) {
            virAPMaskClash clash = { masks[r], holder };

            virAPPolicyReportClashes(problems, VIR_AP_SEVERITY_ERROR, "mask-change",
                                     scope == VIR_AP_MASK_SCOPE_ACTIVE ?
                                     ((const virAPActiveMdev *)holder)->uuid :
                                     ((const virAPDevice *)holder)->config->uuid,
                                     held, &rects[r].adapters, &rects[r].domains,
                                     message, &clash);
        }
    }
    return problems;
}


unsigned int
virAPPolicyMaskChangeHostParts(virAPMaskScope scope)
{
    if (scope == VIR_AP_MASK_SCOPE_ACTIVE)
        return VIR_AP_HOST_ACTIVE;
    return VIR_AP_HOST_DEFINITIONS | VIR_AP_HOST_BOOT_MASKS;
}


typedef void (*virAPCheck)(const virAPDevice *dev, const virAPHost *host,
                           GPtrArray *problems);

typedef struct {
    unsigned int hostParts;
    virAPCheck checks[5];
} virAPScopePolicy;

/* The policy.  undefine and stop are not here: they never conflict. */
static const virAPScopePolicy virAPPolicy[VIR_AP_SCOPE_LAST] = {
    [VIR_AP_SCOPE_DEFINE] = {
        VIR_AP_HOST_DEFINITIONS | VIR_AP_HOST_BOOT_MASKS,
        { virAPCheckBounds, virAPCheckControlDomains, virAPCheckBootMasks,
          virAPCheckDefinitions },
    },
    [VIR_AP_SCOPE_START] = {
        VIR_AP_HOST_VFIO_AP | VIR_AP_HOST_ACTIVE,
        { virAPCheckBounds, virAPCheckControlDomains, virAPCheckActiveMasks,
          virAPCheckActiveMdevs },
    },
};


unsigned int
virAPPolicyHostParts(virAPScope scope)
{
    return virAPPolicy[scope].hostParts;
}


/* Every problem of @dev in @scope; @host must hold the parts the scope needs. */
GPtrArray *
virAPPolicyCheck(const virAPDevice *dev, const virAPHost *host, virAPScope scope)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func((GDestroyNotify)virAPProblemFree);
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virAPPolicy[scope].checks) &&
                virAPPolicy[scope].checks[i]; i++)
        virAPPolicy[scope].checks[i](dev, host, problems);
    return problems;
}


/* The problems of a definition that cannot even be modelled: each line of
 * @error (one per bad attribute) is one. */
GPtrArray *
virAPPolicyProblemsFromError(const GError *error)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func((GDestroyNotify)virAPProblemFree);
    g_auto(GStrv) lines = g_strsplit(error->message, "\n", -1);
    size_t i;

    for (i = 0; lines[i]; i++)
        virAPPolicyReport(problems, VIR_AP_SEVERITY_ERROR, "definition", NULL, "%s", lines[i]);
    return problems;
}


bool
virAPPolicyRefuses(GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);

        if (problem->severity == VIR_AP_SEVERITY_ERROR)
            return true;
    }
    return false;
}


char *
virAPProblemFormat(const virAPProblem *problem)
{
    if (problem->severity == VIR_AP_SEVERITY_WARNING)
        return g_strdup_printf(_("warning: %s"), problem->message);
    return g_strdup(problem->message);
}
