/*
 * node_device_ap_policy.c: when a vfio_ap definition may be defined or
 * started, and when the masks may change
 *
 * Two tables hold the whole policy: virAPRules, what each rule says (its
 * severity, message and remedy), and virAPPolicy, the checks each scope
 * runs and the host state they need.  Clashes are reported one APQN a
 * problem, in lszcrypt form with the decimal pair after it.
 */
#include <config.h>

#include <string.h>

#include "node_device_ap_policy.h"
#include "viraperror.h"

/* Past this many APQNs for one rule and one other party, one summary. */
#define VIR_AP_POLICY_MAX_APQN_LINES 8

VIR_AP_ENUM_IMPL(virAPScope, VIR_AP_SCOPE_LAST,
                 "define", "start");

VIR_AP_ENUM_IMPL(virAPMaskScope, VIR_AP_MASK_SCOPE_LAST,
                 "active", "persistent");

/* What a rule's message and remedy are made of. */
typedef struct {
    const char *apqn;      /* "02.002b (2.43)", for rules about an APQN */
    unsigned int adapter;
    unsigned int domain;
    const void *data;      /* the rule's own: see each formatter */
} virAPRuleArgs;

typedef char *(*virAPRuleFormat)(const virAPRuleArgs *args);

typedef struct {
    virAPSeverity severity;
    virAPRuleFormat message;
    virAPRuleFormat remedy;  /* NULL: the message says it all */
} virAPRuleDef;


/* data: virAPRuleStep */
typedef struct {
    const char *step;   /* "attribute 2 (assign_domain='0x2g')" */
    const char *error;  /* why the kernel cannot take it */
} virAPRuleStep;

static char *
virAPRuleAttributeMessage(const virAPRuleArgs *args)
{
    const virAPRuleStep *step = args->data;

    return g_strdup_printf("%s: %s", step->step, step->error);
}


/* data: virAPRuleStep (error: the kernel's complaint) */
static char *
virAPRuleAttributeEmptyMessage(const virAPRuleArgs *args)
{
    const virAPRuleStep *step = args->data;

    return g_strdup_printf(_("%s is empty: the kernel never sees the write, so it does nothing"),
                           step->step);
}


/* data: virAPRuleID */
typedef struct {
    const char *step;   /* "attribute 2 (assign_domain='043')" */
    virAPAttr attr;     /* which kind of ID */
    guint64 id;
    unsigned int max;
} virAPRuleID;

/* "adapter", "domain" or "control domain" */
static const char *
virAPRuleIDKind(virAPAttr attr)
{
    switch (attr) {
    case VIR_AP_ATTR_ASSIGN_ADAPTER:
    case VIR_AP_ATTR_UNASSIGN_ADAPTER:
        return _("adapter");
    case VIR_AP_ATTR_ASSIGN_DOMAIN:
    case VIR_AP_ATTR_UNASSIGN_DOMAIN:
        return _("domain");
    default:
        return _("control domain");
    }
}

static char *
virAPRuleAttributeOctalMessage(const virAPRuleArgs *args)
{
    const virAPRuleID *id = args->data;

    return g_strdup_printf(_("%s: the kernel reads a leading 0 as octal: this is %s %llu (0x%llx)"),
                           id->step, virAPRuleIDKind(id->attr),
                           (unsigned long long)id->id, (unsigned long long)id->id);
}

static char *
virAPRuleAttributeOctalRemedy(const virAPRuleArgs *args)
{
    const virAPRuleID *id = args->data;

    return g_strdup_printf(_("write %llu or 0x%llx to say so, or drop the leading 0 if you meant a decimal number"),
                           (unsigned long long)id->id, (unsigned long long)id->id);
}

static char *
virAPRuleBoundsMessage(const virAPRuleArgs *args)
{
    const virAPRuleID *bound = args->data;
    unsigned long long id = bound->id;

    switch (bound->attr) {
    case VIR_AP_ATTR_ASSIGN_ADAPTER:
    case VIR_AP_ATTR_UNASSIGN_ADAPTER:
        return g_strdup_printf(_("adapter %llu (0x%02llx) is above this host's highest adapter ID %u (ap_max_adapter_id)"),
                               id, id, bound->max);
    case VIR_AP_ATTR_ASSIGN_DOMAIN:
    case VIR_AP_ATTR_UNASSIGN_DOMAIN:
        return g_strdup_printf(_("domain %llu (0x%04llx) is above this host's highest domain ID %u (ap_max_domain_id)"),
                               id, id, bound->max);
    default:
        return g_strdup_printf(_("control domain %llu (0x%04llx) is above this host's highest domain ID %u (ap_max_domain_id)"),
                               id, id, bound->max);
    }
}

static char *
virAPRuleBoundsRemedy(const virAPRuleArgs *args)
{
    const virAPRuleID *bound = args->data;

    return g_strdup_printf(_("use IDs from 0 to %u"), bound->max);
}


/* data: the control domains, as a list */
static char *
virAPRuleControlDomainsMessage(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("control domains %s are assigned without any usage domain"),
                           (const char *)args->data);
}

static char *
virAPRuleControlDomainsRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("assign at least one usage domain"));
}


/* data: the host */
static char *
virAPRulePersistentMasksMessage(const virAPRuleArgs *args)
{
    const virAPHost *host = args->data;
    const char *apSource = virAPBootDescribe(&host->boot, VIR_AP_MASK_AP);
    const char *aqSource = virAPBootDescribe(&host->boot, VIR_AP_MASK_AQ);

    if (g_str_equal(apSource, aqSource))
        return g_strdup_printf(_("APQN %s is kept by the host after reboot (persistent masks: %s)"),
                               args->apqn, apSource);
    return g_strdup_printf(_("APQN %s is kept by the host after reboot (persistent apmask: %s, aqmask: %s)"),
                           args->apqn, apSource, aqSource);
}

static char *
virAPRulePersistentMasksRemedy(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("free it with 'virt-ap masks --persistent apmask=-%u' (or aqmask=-%u)"),
                           args->adapter, args->domain);
}


/* data: the other definition (virAPDevice) */
static char *
virAPRuleAutostartOverlapMessage(const virAPRuleArgs *args)
{
    const virAPDevice *def = args->data;

    return g_strdup_printf(_("APQN %s is also in autostart definition %s: both cannot start at boot"),
                           args->apqn, def->config->uuid);
}

static char *
virAPRuleAutostartOverlapRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("remove it from one of them or make one manual"));
}


/* data: the other definition (virAPDevice) */
static char *
virAPRuleDefinitionOverlapMessage(const virAPRuleArgs *args)
{
    const virAPDevice *def = args->data;

    return g_strdup_printf(_("APQN %s is also in definition %s (%s): only one of them can be active at a time"),
                           args->apqn, def->config->uuid,
                           def->config->autostart ? "start=auto" : "start=manual");
}


static char *
virAPRuleActiveMasksMessage(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("APQN %s is kept by the host by the active apmask and aqmask"),
                           args->apqn);
}

static char *
virAPRuleActiveMasksRemedy(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("free it with 'virt-ap masks --active apmask=-%u' (or aqmask=-%u)"),
                           args->adapter, args->domain);
}


/* data: the other mdev (virAPActiveMdev) */
static char *
virAPRuleActiveMdevMessage(const virAPRuleArgs *args)
{
    const virAPActiveMdev *mdev = args->data;

    return g_strdup_printf(_("APQN %s is in use by active mdev %s"), args->apqn, mdev->uuid);
}

static char *
virAPRuleActiveMdevRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("stop it or remove the APQN from it first"));
}


/* data: virAPRuleStepClash */
typedef struct {
    const char *step;       /* the write the kernel refuses */
    virAPScope scope;       /* start: the host now; define: after reboot */
    const virAPHost *host;
    const char *other;      /* the mdev or definition that has the APQN */
} virAPRuleStepClash;

static char *
virAPRuleStepHostMessage(const virAPRuleArgs *args)
{
    const virAPRuleStepClash *clash = args->data;

    if (clash->scope == VIR_AP_SCOPE_START &&
        virAPHostModeNow(clash->host) == VIR_AP_HOST_MODE_OVERRIDES)
        return g_strdup_printf(_("%s gives the mdev APQN %s, whose queue no driver_override hands to vfio_ap: the kernel refuses this write, and the attributes after it never run"),
                               clash->step, args->apqn);
    if (clash->scope == VIR_AP_SCOPE_START)
        return g_strdup_printf(_("%s gives the mdev APQN %s, which the host keeps by the active apmask and aqmask: the kernel refuses this write, and the attributes after it never run"),
                               clash->step, args->apqn);
    return g_strdup_printf(_("%s gives the mdev APQN %s, which the host keeps after reboot: the kernel will refuse this write, and the attributes after it never run"),
                           clash->step, args->apqn);
}

static char *
virAPRuleStepMdevMessage(const virAPRuleArgs *args)
{
    const virAPRuleStepClash *clash = args->data;

    if (clash->scope == VIR_AP_SCOPE_START)
        return g_strdup_printf(_("%s gives the mdev APQN %s, which active mdev %s has: the kernel refuses this write, and the attributes after it never run"),
                               clash->step, args->apqn, clash->other);
    return g_strdup_printf(_("%s gives the mdev APQN %s, which autostart definition %s has: one of them fails at boot"),
                           clash->step, args->apqn, clash->other);
}

static char *
virAPRuleStepRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("order the attributes so that no write pairs an adapter with a domain of that APQN (unassign first), or drop them"));
}


/* data: the step, as virAPDeviceStepDescribe() gives it */
static char *
virAPRuleAPConfigMessage(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("%s: this kernel's vfio_ap has no ap_config attribute (Linux 6.10 added it; %s does not list it): the write fails, and the attributes after it never run"),
                           (const char *)args->data, VIR_AP_SYSFS_MATRIX "/features");
}

static char *
virAPRuleAPConfigRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("write the matrix with assign_adapter, assign_domain and assign_control_domain instead"));
}


/* data: virAPRuleMaskClash */
typedef struct {
    virAPMaskName mask;  /* whose newly set bit hands the APQN to the host */
    const void *holder;  /* the active mdev or the definition holding it */
} virAPRuleMaskClash;

static char *
virAPRuleMaskChangeActiveMessage(const virAPRuleArgs *args)
{
    const virAPRuleMaskClash *clash = args->data;
    const virAPActiveMdev *mdev = clash->holder;

    return g_strdup_printf(_("%s conflicts with mdev %s APQN %s"),
                           virAPMaskNameTypeToString(clash->mask), mdev->uuid, args->apqn);
}

static char *
virAPRuleMaskChangeActiveRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("remove the APQN from the mdev or stop it first"));
}

static char *
virAPRuleMaskChangePersistentMessage(const virAPRuleArgs *args)
{
    const virAPRuleMaskClash *clash = args->data;
    const virAPDevice *def = clash->holder;
    const char *mask = virAPMaskNameTypeToString(clash->mask);

    if (def->config->autostart)
        return g_strdup_printf(_("persistent %s conflicts with autostart definition %s APQN %s"),
                               mask, def->config->uuid, args->apqn);
    return g_strdup_printf(_("persistent %s conflicts with manual definition %s APQN %s"),
                           mask, def->config->uuid, args->apqn);
}

static char *
virAPRuleMaskChangePersistentRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("remove the APQN from the definition or undefine it first"));
}


/* data: the host */
static char *
virAPRuleActiveOverrideMessage(const virAPRuleArgs *args)
{
    const virAPHost *host = args->data;

    if (virAPMaskIsBitSet(&host->overrides.set[args->adapter], args->domain))
        return g_strdup_printf(_("APQN %s is kept by the host: queue %02x.%04x has a driver_override but is still bound to a default driver (the override takes effect when the queue is probed anew)"),
                               args->apqn, args->adapter, args->domain);
    return g_strdup_printf(_("APQN %s is kept by the host: no driver_override hands queue %02x.%04x to vfio_ap (Linux 6.19 override mode; the masks are all ones)"),
                           args->apqn, args->adapter, args->domain);
}

static char *
virAPRuleActiveOverrideRemedy(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("hand it over with 'virt-ap overrides --active vfio_ap=%02x.%04x' (or 'driverctl -b ap --nosave set-override %02x.%04x vfio_ap')"),
                           args->adapter, args->domain, args->adapter, args->domain);
}


/* data: the host */
static char *
virAPRulePersistentOverrideMessage(const virAPRuleArgs *args)
{
    const virAPHost *host = args->data;

    if (!host->driverctl.rule && virAPMaskIsBitSet(&host->driverctl.set[args->adapter], args->domain))
        return g_strdup_printf(_("APQN %s is kept by the host after reboot: driverctl's udev rule (%s) is not installed, so nothing applies %s at boot"),
                               args->apqn, VIR_AP_DRIVERCTL_RULE, VIR_AP_DRIVERCTL_DIR);
    return g_strdup_printf(_("APQN %s is kept by the host after reboot: no driverctl override (%s/ap-%02x.%04x) hands its queue to vfio_ap"),
                           args->apqn, VIR_AP_DRIVERCTL_DIR, args->adapter, args->domain);
}

static char *
virAPRulePersistentOverrideRemedy(const virAPRuleArgs *args)
{
    const virAPHost *host = args->data;

    if (!host->driverctl.rule && virAPMaskIsBitSet(&host->driverctl.set[args->adapter], args->domain))
        return g_strdup(_("install driverctl (its udev rule applies /etc/driverctl.d at boot)"));
    return g_strdup_printf(_("hand it over with 'virt-ap overrides --persistent vfio_ap=%02x.%04x' (or 'driverctl -b ap set-override %02x.%04x vfio_ap')"),
                           args->adapter, args->domain, args->adapter, args->domain);
}


/* data: the host */
static char *
virAPRuleOverridesMixedMessage(const virAPRuleArgs *args)
{
    const virAPHost *host = args->data;
    const virAPMaskPair *masks = virAPHostBootMasksNotFull(host);
    g_autofree char *ap = virAPMaskFormatList(&masks->apmask);
    g_autofree char *aq = virAPMaskFormatList(&masks->aqmask);
    const char *from = masks == &host->boot.base ? _("the kernel command line") : _("udev's rules");

    return g_strdup_printf(virAPNGettext("driverctl overrides %u AP queue at boot (%s) but the next boot's masks are not all ones (%s: apmask \"%s\", aqmask \"%s\"): Linux takes an override only while both masks are all ones and a mask write only while no queue has one, and nothing orders driverctl and the mask writes at boot",
                                         "driverctl overrides %u AP queues at boot (%s) but the next boot's masks are not all ones (%s: apmask \"%s\", aqmask \"%s\"): Linux takes an override only while both masks are all ones and a mask write only while no queue has one, and nothing orders driverctl and the mask writes at boot",
                                         host->driverctl.count),
                           host->driverctl.count, host->driverctl.first, from, ap, aq);
}

static char *
virAPRuleOverridesMixedRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("use one of them: for overrides, no ap.apmask=/ap.aqmask= on the kernel command line and 'virt-ap masks --persistent apmask=0-255 aqmask=0-255'; for masks, 'virt-ap overrides --persistent default=QUEUES'"));
}


/* data: virAPRuleOverrides */
typedef struct {
    bool active;          /* the active scope, else the next boot */
    const char *first;    /* the first override: "AA.DDDD (driver)" or a driverctl file */
    const virAPMaskPair *masks;
} virAPRuleOverrides;

static char *
virAPRuleMaskChangeOverridesMessage(const virAPRuleArgs *args)
{
    const virAPRuleOverrides *o = args->data;

    if (o->active)
        return g_strdup_printf(_("queue %s has a driver_override: Linux refuses every apmask and aqmask write while a queue has one (EINVAL)"),
                               o->first);
    return g_strdup_printf(_("driverctl overrides AP queues at boot (%s): with persistent masks that are not all ones those overrides fail at boot (EINVAL)"),
                           o->first);
}

static char *
virAPRuleMaskChangeOverridesRemedy(const virAPRuleArgs *args)
{
    const virAPRuleOverrides *o = args->data;

    if (o->active)
        return g_strdup(_("hand queues over with 'virt-ap overrides' instead, or give every overridden queue back first ('virt-ap overrides --active default=QUEUES')"));
    return g_strdup(_("remove them first ('virt-ap overrides --persistent default=QUEUES')"));
}


static char *
virAPRuleOverrideChangeMasksMessage(const virAPRuleArgs *args)
{
    const virAPRuleOverrides *o = args->data;
    g_autofree char *ap = virAPMaskFormatList(&o->masks->apmask);
    g_autofree char *aq = virAPMaskFormatList(&o->masks->aqmask);

    if (o->active)
        return g_strdup_printf(_("the active masks are not all ones (apmask \"%s\", aqmask \"%s\"): Linux refuses driver_override writes then (EINVAL)"),
                               ap, aq);
    return g_strdup_printf(_("the next boot's masks are not all ones (apmask \"%s\", aqmask \"%s\"): driverctl's override may fail at boot (EINVAL), nothing orders it and the boot's mask writes"),
                           ap, aq);
}

static char *
virAPRuleOverrideChangeMasksRemedy(const virAPRuleArgs *args)
{
    const virAPRuleOverrides *o = args->data;

    if (o->active)
        return g_strdup(_("keep using the masks ('virt-ap masks'), or make them all ones first: 'virt-ap masks --active apmask=0-255 aqmask=0-255'"));
    return g_strdup(_("keep using the masks ('virt-ap masks'), or make them all ones first: no ap.apmask=/ap.aqmask= on the kernel command line and 'virt-ap masks --persistent apmask=0-255 aqmask=0-255'"));
}


static char *
virAPRuleOverrideChangeNoQueueMessage(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("queue %02x.%04x does not exist (/sys/bus/ap/devices): there is no driver_override to write"),
                           args->adapter, args->domain);
}


static char *
virAPRuleOverrideChangeNoDriverctlMessage(const virAPRuleArgs *args)
{
    return g_strdup_printf(_("driverctl's udev rule (%s) is not installed: nothing would apply %s at boot"),
                           VIR_AP_DRIVERCTL_RULE, VIR_AP_DRIVERCTL_DIR);
}

static char *
virAPRuleOverrideChangeNoDriverctlRemedy(const virAPRuleArgs *args)
{
    return g_strdup(_("install driverctl first, or change the active overrides only (--active)"));
}


/* data: the active mdev (virAPActiveMdev) */
static char *
virAPRuleOverrideChangeActiveMessage(const virAPRuleArgs *args)
{
    const virAPActiveMdev *mdev = args->data;

    return g_strdup_printf(_("queue %02x.%04x is in active mdev %s: giving it back to the host takes it from the guest"),
                           args->adapter, args->domain, mdev->uuid);
}


/* data: the definition (virAPDevice) */
static char *
virAPRuleOverrideChangePersistentMessage(const virAPRuleArgs *args)
{
    const virAPDevice *def = args->data;

    if (def->config->autostart)
        return g_strdup_printf(_("queue %02x.%04x is in autostart definition %s: it would fail to start after reboot"),
                               args->adapter, args->domain, def->config->uuid);
    return g_strdup_printf(_("queue %02x.%04x is in manual definition %s: it could not start after reboot"),
                           args->adapter, args->domain, def->config->uuid);
}


/* What each rule of the policy says. */
static const virAPRuleDef virAPRules[VIR_AP_RULE_OVERRIDE_CHANGE_PERSISTENT + 1] = {
    [VIR_AP_RULE_ATTRIBUTE] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleAttributeMessage, NULL },
    [VIR_AP_RULE_ATTRIBUTE_OCTAL] = {
        VIR_AP_SEVERITY_WARNING, virAPRuleAttributeOctalMessage, virAPRuleAttributeOctalRemedy },
    [VIR_AP_RULE_ATTRIBUTE_EMPTY] = {
        VIR_AP_SEVERITY_WARNING, virAPRuleAttributeEmptyMessage, NULL },
    [VIR_AP_RULE_BOUNDS] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleBoundsMessage, virAPRuleBoundsRemedy },
    [VIR_AP_RULE_CONTROL_DOMAINS] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleControlDomainsMessage, virAPRuleControlDomainsRemedy },
    [VIR_AP_RULE_PERSISTENT_MASKS] = {
        VIR_AP_SEVERITY_ERROR, virAPRulePersistentMasksMessage, virAPRulePersistentMasksRemedy },
    [VIR_AP_RULE_AUTOSTART_OVERLAP] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleAutostartOverlapMessage, virAPRuleAutostartOverlapRemedy },
    [VIR_AP_RULE_DEFINITION_OVERLAP] = {
        VIR_AP_SEVERITY_WARNING, virAPRuleDefinitionOverlapMessage, NULL },
    [VIR_AP_RULE_ACTIVE_MASKS] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleActiveMasksMessage, virAPRuleActiveMasksRemedy },
    [VIR_AP_RULE_ACTIVE_MDEV] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleActiveMdevMessage, virAPRuleActiveMdevRemedy },
    [VIR_AP_RULE_STEP_HOST] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleStepHostMessage, virAPRuleStepRemedy },
    [VIR_AP_RULE_STEP_MDEV] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleStepMdevMessage, virAPRuleStepRemedy },
    [VIR_AP_RULE_AP_CONFIG] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleAPConfigMessage, virAPRuleAPConfigRemedy },
    [VIR_AP_RULE_MASK_CHANGE_ACTIVE] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleMaskChangeActiveMessage, virAPRuleMaskChangeActiveRemedy },
    [VIR_AP_RULE_MASK_CHANGE_PERSISTENT] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleMaskChangePersistentMessage, virAPRuleMaskChangePersistentRemedy },
    [VIR_AP_RULE_ACTIVE_OVERRIDE] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleActiveOverrideMessage, virAPRuleActiveOverrideRemedy },
    [VIR_AP_RULE_PERSISTENT_OVERRIDE] = {
        VIR_AP_SEVERITY_ERROR, virAPRulePersistentOverrideMessage, virAPRulePersistentOverrideRemedy },
    [VIR_AP_RULE_OVERRIDES_MIXED] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleOverridesMixedMessage, virAPRuleOverridesMixedRemedy },
    [VIR_AP_RULE_MASK_CHANGE_OVERRIDES] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleMaskChangeOverridesMessage, virAPRuleMaskChangeOverridesRemedy },
    [VIR_AP_RULE_OVERRIDE_CHANGE_MASKS] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleOverrideChangeMasksMessage, virAPRuleOverrideChangeMasksRemedy },
    [VIR_AP_RULE_OVERRIDE_CHANGE_NO_DRIVERCTL] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleOverrideChangeNoDriverctlMessage, virAPRuleOverrideChangeNoDriverctlRemedy },
    [VIR_AP_RULE_OVERRIDE_CHANGE_NO_QUEUE] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleOverrideChangeNoQueueMessage, NULL },
    [VIR_AP_RULE_OVERRIDE_CHANGE_ACTIVE] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleOverrideChangeActiveMessage, virAPRuleActiveMdevRemedy },
    [VIR_AP_RULE_OVERRIDE_CHANGE_PERSISTENT] = {
        VIR_AP_SEVERITY_ERROR, virAPRuleOverrideChangePersistentMessage, virAPRuleMaskChangePersistentRemedy },
};


/* A problem of @rule as the table words it. */
static virAPProblem *
virAPPolicyReport(GPtrArray *problems, virAPRule rule, const char *other,
                  const virAPRuleArgs *args)
{
    const virAPRuleDef *def = &virAPRules[rule];
    virAPProblem *problem = virAPProblemNew(rule, def->severity, other,
                                            def->message(args),
                                            def->remedy ? def->remedy(args) : NULL);

    g_ptr_array_add(problems, problem);
    return problem;
}


/* Tells whether the other party has APQN @adapter.@domain. */
typedef bool (*virAPPolicyHolds)(const void *party, unsigned int adapter,
                                 unsigned int domain);

/*
 * Reports, under @rule, every APQN of @held that @party also has (the
 * host, another mdev, what a mask change hands back alike); @data is the
 * rule's own for its formatters.  Past VIR_AP_POLICY_MAX_APQN_LINES, one
 * problem sums up the rest and carries their APQNs.
 */
static void
virAPPolicyReportClashes(GPtrArray *problems, virAPRule rule, const char *otherUUID,
                         const virAPMatrix *held, virAPPolicyHolds holds,
                         const void *party, const void *data)
{
    virAPProblem *summary = NULL;
    unsigned int total = 0;
    int a, d;

    VIR_AP_FOREACH_APQN(&held->adapters, &held->domains, a, d) {
        g_autofree char *apqn = NULL;
        virAPRuleArgs args = { NULL, a, d, data };

        if (!holds(party, a, d))
            continue;
        if (++total > VIR_AP_POLICY_MAX_APQN_LINES) {
            if (!summary) {
                summary = virAPProblemNew(rule, virAPRules[rule].severity, otherUUID, NULL, NULL);
                g_ptr_array_add(problems, summary);
            }
            virAPProblemAddAPQN(summary, a, d);
            continue;
        }
        args.apqn = apqn = virAPFormatAPQN(a, d);
        virAPProblemAddAPQN(virAPPolicyReport(problems, rule, otherUUID, &args), a, d);
    }
    if (summary)
        summary->message = g_strdup_printf(virAPNGettext("... and %u more APQN clashes the same way",
                                                         "... and %u more APQNs clash the same way",
                                                         summary->apqns->len),
                                           summary->apqns->len);
}


static bool
virAPPolicyHostKeepsNow(const void *host, unsigned int adapter, unsigned int domain)
{
    return virAPHostKeepsNow(host, adapter, domain);
}


static bool
virAPPolicyHostKeepsAfterBoot(const void *host, unsigned int adapter, unsigned int domain)
{
    return virAPHostKeepsAfterBoot(host, adapter, domain);
}


static bool
virAPPolicyMatrixHolds(const void *matrix, unsigned int adapter, unsigned int domain)
{
    return virAPMatrixHolds(matrix, adapter, domain);
}


static bool
virAPPolicyIsSelf(const virAPDevice *dev, const char *uuid)
{
    return dev->config->uuid && g_str_equal(dev->config->uuid, uuid);
}


/* Rule: the kernel takes every attribute's name and value; a value it
 * takes otherwise than it reads is pointed out. */
static void
virAPCheckAttributes(const virAPDevice *dev, const virAPHost *host, GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < dev->config->attrs->len; i++) {
        const virAPDeviceStep *step = &dev->steps[i];
        g_autofree char *text = NULL;
        virAPRuleStep data = { NULL, step->error };
        virAPRuleID id = { NULL, step->attr, step->id, 0 };
        virAPRuleArgs args = { NULL, 0, 0, &data };

        if (!step->error && !step->empty && !step->octal)
            continue;
        data.step = id.step = text = virAPDeviceStepDescribe(dev, i);
        if (step->error) {
            virAPPolicyReport(problems, VIR_AP_RULE_ATTRIBUTE, NULL, &args);
        } else if (step->empty) {
            virAPPolicyReport(problems, VIR_AP_RULE_ATTRIBUTE_EMPTY, NULL, &args);
        } else {
            args.data = &id;
            virAPPolicyReport(problems, VIR_AP_RULE_ATTRIBUTE_OCTAL, NULL, &args);
        }
    }
}


/* The highest ID the kernel takes for the kind of ID @attr writes. */
static unsigned int
virAPPolicyMaxID(const virAPHost *host, virAPAttr attr)
{
    if (attr == VIR_AP_ATTR_ASSIGN_ADAPTER || attr == VIR_AP_ATTR_UNASSIGN_ADAPTER)
        return host->maxAdapter;
    return host->maxDomain;
}


static void
virAPPolicyReportBound(GPtrArray *problems, virAPAttr attr, guint64 id, unsigned int max)
{
    virAPRuleID bound = { NULL, attr, id, max };
    virAPRuleArgs args = { NULL, 0, 0, &bound };

    virAPPolicyReport(problems, VIR_AP_RULE_BOUNDS, NULL, &args);
}


/* Reports the IDs of @ids above @max that are not in @reported yet. */
static void
virAPCheckBoundsOf(const virAPMask *ids, virAPAttr attr, unsigned int max,
                   virAPMask *reported, GPtrArray *problems)
{
    int id;

    for (id = max; (id = virAPMaskNextSetBit(ids, id)) >= 0;) {
        if (virAPMaskIsBitSet(reported, id))
            continue;
        virAPMaskSetBit(reported, id);
        virAPPolicyReportBound(problems, attr, id, max);
    }
}


/*
 * Rule: every write names IDs within what this host's AP configuration can
 * address, unassign_ ones too (the kernel refuses with ENODEV); each
 * offending ID once.
 */
static void
virAPCheckBounds(const virAPDevice *dev, const virAPHost *host, GPtrArray *problems)
{
    virAPMatrix reported;
    size_t i;

    virAPMatrixClear(&reported);
    for (i = 0; i < dev->config->attrs->len; i++) {
        const virAPDeviceStep *step = &dev->steps[i];
        virAPMask one;

        if (step->empty || step->error)
            continue;
        if (step->attr == VIR_AP_ATTR_AP_CONFIG) {
            virAPCheckBoundsOf(&step->config->adapters, VIR_AP_ATTR_ASSIGN_ADAPTER,
                               host->maxAdapter, &reported.adapters, problems);
            virAPCheckBoundsOf(&step->config->domains, VIR_AP_ATTR_ASSIGN_DOMAIN,
                               host->maxDomain, &reported.domains, problems);
            virAPCheckBoundsOf(&step->config->controlDomains, VIR_AP_ATTR_ASSIGN_CONTROL_DOMAIN,
                               host->maxDomain, &reported.controlDomains, problems);
        } else if (step->id > VIR_AP_MAX_ID) {
            virAPPolicyReportBound(problems, step->attr, step->id,
                                   virAPPolicyMaxID(host, step->attr));
        } else {
            virAPMaskClearAll(&one);
            virAPMaskSetBit(&one, step->id);
            virAPCheckBoundsOf(&one, step->attr, virAPPolicyMaxID(host, step->attr),
                               virAPDeviceStepMask(step, &reported), problems);
        }
    }
}


/* Rule: control domains are useless without a usage domain. */
static void
virAPCheckControlDomains(const virAPDevice *dev, const virAPHost *host,
                         GPtrArray *problems)
{
    g_autofree char *list = NULL;
    virAPRuleArgs args = { NULL, 0, 0, NULL };

    if (virAPMaskIsEmpty(&dev->matrix.controlDomains) ||
        !virAPMaskIsEmpty(&dev->matrix.domains))
        return;
    args.data = list = virAPMaskFormatList(&dev->matrix.controlDomains);
    virAPPolicyReport(problems, VIR_AP_RULE_CONTROL_DOMAINS, NULL, &args);
}


/*
 * Rule: after a reboot, no APQN of the definition belongs to the host, by
 * the masks or, in override mode, by driverctl's overrides.  driverctl's
 * files with masks that are not all ones are an error of their own: the
 * kernel refuses the overrides at boot.
 */
static void
virAPCheckBootMasks(const virAPDevice *dev, const virAPHost *host,
                    GPtrArray *problems)
{
    virAPHostMode mode = virAPHostModeAfterBoot(host);
    virAPRuleArgs args = { NULL, 0, 0, host };

    if (mode == VIR_AP_HOST_MODE_MIXED)
        virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDES_MIXED, NULL, &args);
    virAPPolicyReportClashes(problems,
                             mode == VIR_AP_HOST_MODE_OVERRIDES ? VIR_AP_RULE_PERSISTENT_OVERRIDE :
                                                                  VIR_AP_RULE_PERSISTENT_MASKS,
                             NULL, &dev->matrix, virAPPolicyHostKeepsAfterBoot, host, host);
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
    g_autoptr(GArray) near = virAPMatrixIndexNear(host->definitionIndex, &dev->matrix);
    size_t i;

    for (i = 0; i < near->len; i++) {
        const virAPDevice *def = g_ptr_array_index(host->definitions, g_array_index(near, guint, i));
        bool bothAuto = dev->config->autostart && def->config->autostart;

        if (virAPPolicyIsSelf(dev, def->config->uuid))
            continue;
        virAPPolicyReportClashes(problems,
                                 bothAuto ? VIR_AP_RULE_AUTOSTART_OVERLAP : VIR_AP_RULE_DEFINITION_OVERLAP,
                                 def->config->uuid, &dev->matrix,
                                 virAPPolicyMatrixHolds, &def->matrix, def);
    }
}


/* Rule: now, no APQN of the mdev belongs to the host (by the masks, or in
 * override mode by its queue's driver_override and binding). */
static void
virAPCheckActiveMasks(const virAPDevice *dev, const virAPHost *host,
                      GPtrArray *problems)
{
    virAPPolicyReportClashes(problems,
                             virAPHostModeNow(host) == VIR_AP_HOST_MODE_MASKS ?
                             VIR_AP_RULE_ACTIVE_MASKS : VIR_AP_RULE_ACTIVE_OVERRIDE,
                             NULL, &dev->matrix, virAPPolicyHostKeepsNow, host, host);
}


/* Rule: now, no APQN of the mdev is in another active mdev. */
static void
virAPCheckActiveMdevs(const virAPDevice *dev, const virAPHost *host,
                      GPtrArray *problems)
{
    g_autoptr(GArray) near = virAPMatrixIndexNear(host->activeIndex, &dev->matrix);
    size_t i;

    for (i = 0; i < near->len; i++) {
        const virAPActiveMdev *mdev = g_ptr_array_index(host->activeMdevs, g_array_index(near, guint, i));

        if (virAPPolicyIsSelf(dev, mdev->uuid))
            continue;
        virAPPolicyReportClashes(problems, VIR_AP_RULE_ACTIVE_MDEV, mdev->uuid, &dev->matrix,
                                 virAPPolicyMatrixHolds, &mdev->matrix, mdev);
    }
}


/* Who else may have an APQN the replay gives the mdev: in the start scope
 * the active mdevs, in the define scope the autostart definitions (when
 * this one starts at boot too).  NULL if nobody has it. */
static const char *
virAPPolicyStepHolder(const virAPDevice *dev, const virAPHost *host, virAPScope scope,
                      unsigned int adapter, unsigned int domain)
{
    const GArray *candidates;
    size_t i;

    if (scope == VIR_AP_SCOPE_START) {
        candidates = virAPMatrixIndexCandidates(host->activeIndex, adapter, domain);
        for (i = 0; i < candidates->len; i++) {
            const virAPActiveMdev *mdev = g_ptr_array_index(host->activeMdevs,
                                                            g_array_index(candidates, guint, i));

            if (!virAPPolicyIsSelf(dev, mdev->uuid) &&
                virAPMatrixHolds(&mdev->matrix, adapter, domain))
                return mdev->uuid;
        }
        return NULL;
    }
    if (!dev->config->autostart)
        return NULL;
    candidates = virAPMatrixIndexCandidates(host->definitionIndex, adapter, domain);
    for (i = 0; i < candidates->len; i++) {
        const virAPDevice *def = g_ptr_array_index(host->definitions,
                                                   g_array_index(candidates, guint, i));

        if (def->config->autostart && !virAPPolicyIsSelf(dev, def->config->uuid) &&
            virAPMatrixHolds(&def->matrix, adapter, domain))
            return def->config->uuid;
    }
    return NULL;
}


/*
 * Rule: the kernel takes every write in turn (vfio_ap_ops.c assign_*_store,
 * ap_config_store; research/kernel-writes.md R3): an assign of an ID the
 * mdev does not have yet, or an ap_config write, fails when the matrix it
 * makes has an APQN the host keeps (EADDRNOTAVAIL) or another mdev has
 * (EADDRINUSE), and mdevctl then stops.  The APQNs of the final matrix are
 * the other rules' to report; this one reports those that only a step on
 * the way holds, at the first step that holds them.
 */
static void
virAPCheckStepsIn(const virAPDevice *dev, const virAPHost *host, virAPScope scope,
                  GPtrArray *problems)
{
    virAPMask reported[VIR_AP_MASK_BITS];
    virAPMatrix matrix;
    size_t i;

    memset(reported, 0, sizeof(reported));
    virAPMatrixClear(&matrix);
    for (i = 0; i < dev->config->attrs->len; i++) {
        const virAPDeviceStep *step = &dev->steps[i];
        g_autofree char *text = NULL;
        int a, d;

        if (step->attr != VIR_AP_ATTR_AP_CONFIG) {
            if (step->empty || step->id > virAPPolicyMaxID(host, step->attr))
                continue;
            if (!virAPDeviceStepIsAssign(step) ||
                virAPMaskIsBitSet(virAPDeviceStepMask(step, &matrix), step->id)) {
                virAPDeviceApplyStep(step, &matrix);
                continue;
            }
        }
        virAPDeviceApplyStep(step, &matrix);
        VIR_AP_FOREACH_APQN(&matrix.adapters, &matrix.domains, a, d) {
            virAPRuleStepClash clash = { NULL, scope, host, NULL };
            virAPRuleArgs args = { NULL, a, d, &clash };
            g_autofree char *apqn = NULL;
            bool kept;

            if (virAPMatrixHolds(&dev->matrix, a, d) || virAPMaskIsBitSet(&reported[a], d))
                continue;
            kept = scope == VIR_AP_SCOPE_START ? virAPHostKeepsNow(host, a, d) :
                                                 virAPHostKeepsAfterBoot(host, a, d);
            clash.other = virAPPolicyStepHolder(dev, host, scope, a, d);
            if (!kept && !clash.other)
                continue;
            virAPMaskSetBit(&reported[a], d);
            if (!text)
                text = virAPDeviceStepDescribe(dev, i);
            clash.step = text;
            args.apqn = apqn = virAPFormatAPQN(a, d);
            virAPProblemAddAPQN(virAPPolicyReport(problems,
                                                  kept ? VIR_AP_RULE_STEP_HOST : VIR_AP_RULE_STEP_MDEV,
                                                  kept ? NULL : clash.other, &args),
                                a, d);
        }
    }
}


/*
 * Rule: mdevctl writes ap_config like any attribute; a kernel before 6.10
 * has no such file, so the start fails there (the next boot's kernel is not
 * known: define does not check this).
 */
static void
virAPCheckAPConfig(const virAPDevice *dev, const virAPHost *host, GPtrArray *problems)
{
    size_t i;

    if (host->apConfig)
        return;
    for (i = 0; i < dev->config->attrs->len; i++) {
        if (dev->steps[i].attr == VIR_AP_ATTR_AP_CONFIG) {
            g_autofree char *step = virAPDeviceStepDescribe(dev, i);
            virAPRuleArgs args = { NULL, 0, 0, step };

            virAPPolicyReport(problems, VIR_AP_RULE_AP_CONFIG, NULL, &args);
            return;
        }
    }
}


static void
virAPCheckStepsNow(const virAPDevice *dev, const virAPHost *host, GPtrArray *problems)
{
    virAPCheckStepsIn(dev, host, VIR_AP_SCOPE_START, problems);
}


static void
virAPCheckStepsAfterBoot(const virAPDevice *dev, const virAPHost *host, GPtrArray *problems)
{
    virAPCheckStepsIn(dev, host, VIR_AP_SCOPE_DEFINE, problems);
}


typedef void (*virAPCheck)(const virAPDevice *dev, const virAPHost *host,
                           GPtrArray *problems);

typedef struct {
    unsigned int hostParts;
    virAPCheck checks[6];
} virAPScopePolicy;

/* The policy.  undefine and stop are not here: they never conflict.  The
 * attributes are checked first; the other checks need their matrix. */
static const virAPScopePolicy virAPPolicy[VIR_AP_SCOPE_LAST] = {
    [VIR_AP_SCOPE_DEFINE] = {
        VIR_AP_HOST_DEFINITIONS | VIR_AP_HOST_BOOT_MASKS | VIR_AP_HOST_DRIVERCTL,
        { virAPCheckBounds, virAPCheckControlDomains, virAPCheckBootMasks,
          virAPCheckDefinitions, virAPCheckStepsAfterBoot },
    },
    [VIR_AP_SCOPE_START] = {
        VIR_AP_HOST_VFIO_AP | VIR_AP_HOST_ACTIVE | VIR_AP_HOST_OVERRIDES,
        { virAPCheckBounds, virAPCheckControlDomains, virAPCheckAPConfig,
          virAPCheckActiveMasks, virAPCheckActiveMdevs, virAPCheckStepsNow },
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
    GPtrArray *problems = virAPProblemListNew();
    size_t i;

    virAPCheckAttributes(dev, host, problems);
    if (!dev->valid)
        return problems;
    for (i = 0; i < G_N_ELEMENTS(virAPPolicy[scope].checks) &&
                virAPPolicy[scope].checks[i]; i++)
        virAPPolicy[scope].checks[i](dev, host, problems);
    return problems;
}


/* The fact "APQN @adapter.@domain is in the rectangle @rect". */
static bool
virAPPolicyRectHolds(const void *rect, unsigned int adapter, unsigned int domain)
{
    const virAPRect *r = rect;

    return virAPMaskIsBitSet(&r->adapters, adapter) && virAPMaskIsBitSet(&r->domains, domain);
}


/*
 * Rule: a mask change never takes an APQN from an mdev.  Only bits that
 * become set (APQNs handed back to the host) can clash: in the active scope
 * with every active mdev, in the persistent scope with every definition,
 * autostart or manual, since either could be started after the next boot.
 * Linux 6.19 checks a write that sets bits against all IDs of the other
 * mask ("Use all-bits-one apmask/aqmask for vfio in_use() checks",
 * ap_bus.c __verify_card_reservations, __verify_queue_reservations), so
 * there the APQNs that clash are the new bits with every ID.  And it takes
 * no mask write while a queue has a driver_override (EINVAL); persistent
 * masks that are not all ones break driverctl's overrides at boot.
 */
GPtrArray *
virAPPolicyCheckMaskChange(virAPMaskScope scope, const virAPMaskPair *from,
                           const virAPMaskPair *to, const virAPHost *host)
{
    GPtrArray *problems = virAPProblemListNew();
    bool active = scope == VIR_AP_MASK_SCOPE_ACTIVE;
    GPtrArray *holders = active ? host->activeMdevs : host->definitions;
    virAPRect gained[VIR_AP_MASK_LAST];
    virAPRuleOverrides overrides = { active, NULL, NULL };
    virAPRuleArgs args = { NULL, 0, 0, &overrides };
    size_t i;
    int m;

    if (active && host->overrides.count) {
        overrides.first = host->overrides.first;
        virAPPolicyReport(problems, VIR_AP_RULE_MASK_CHANGE_OVERRIDES, NULL, &args);
        return problems;
    }
    if (!active && host->driverctl.count &&
        !(virAPMaskIsFull(&to->apmask) && virAPMaskIsFull(&to->aqmask))) {
        overrides.first = host->driverctl.first;
        virAPPolicyReport(problems, VIR_AP_RULE_MASK_CHANGE_OVERRIDES, host->driverctl.first, &args);
        return problems;
    }
    virAPMaskPairLost(to, from, &gained[VIR_AP_MASK_AP], &gained[VIR_AP_MASK_AQ]);
    if (active && virAPHostKernelChecksAllIDs(host)) {
        virAPMaskSetAll(&gained[VIR_AP_MASK_AP].domains);
        virAPMaskSetAll(&gained[VIR_AP_MASK_AQ].adapters);
    }
    for (i = 0; i < holders->len; i++) {
        const void *holder = g_ptr_array_index(holders, i);
        const virAPMatrix *held = active ? &((const virAPActiveMdev *)holder)->matrix :
                                           &((const virAPDevice *)holder)->matrix;
        const char *uuid = active ? ((const virAPActiveMdev *)holder)->uuid :
                                    ((const virAPDevice *)holder)->config->uuid;

        for (m = 0; m < VIR_AP_MASK_LAST; m++) {
            virAPRuleMaskClash clash = { m, holder };

            virAPPolicyReportClashes(problems,
                                     active ? VIR_AP_RULE_MASK_CHANGE_ACTIVE :
                                              VIR_AP_RULE_MASK_CHANGE_PERSISTENT,
                                     uuid, held, virAPPolicyRectHolds, &gained[m], &clash);
        }
    }
    return problems;
}


unsigned int
virAPPolicyMaskChangeHostParts(virAPMaskScope scope)
{
    if (scope == VIR_AP_MASK_SCOPE_ACTIVE)
        return VIR_AP_HOST_ACTIVE | VIR_AP_HOST_OVERRIDES;
    return VIR_AP_HOST_DEFINITIONS | VIR_AP_HOST_BOOT_MASKS | VIR_AP_HOST_DRIVERCTL;
}


/*
 * Rule: a queue changes hands by driver_override only where the kernel
 * takes it (both masks all ones, now or at the next boot, and the queue
 * exists now), and never away from an mdev: not from an active mdev now,
 * not from a definition after reboot (autostart or manual: either could be
 * started then).
 */
GPtrArray *
virAPPolicyCheckOverrideChange(virAPMaskScope scope, const GArray *requests,
                               const virAPHost *host)
{
    GPtrArray *problems = virAPProblemListNew();
    bool active = scope == VIR_AP_MASK_SCOPE_ACTIVE;
    const virAPMaskPair *masks = active ? &host->active : virAPHostBootMasksNotFull(host);
    virAPRuleOverrides overrides = { active, NULL, masks };
    virAPRuleArgs args = { NULL, 0, 0, &overrides };
    size_t i, j;

    if (masks && (!virAPMaskIsFull(&masks->apmask) || !virAPMaskIsFull(&masks->aqmask))) {
        virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDE_CHANGE_MASKS, NULL, &args);
        return problems;
    }
    for (i = 0; !active && !host->driverctl.rule && i < requests->len; i++) {
        if (g_array_index(requests, virAPQueueRequest, i).vfio) {
            virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDE_CHANGE_NO_DRIVERCTL, NULL, &args);
            return problems;
        }
    }
    for (i = 0; i < requests->len; i++) {
        const virAPQueueRequest *req = &g_array_index(requests, virAPQueueRequest, i);
        g_autofree char *apqn = virAPFormatAPQN(req->adapter, req->domain);
        virAPRuleArgs q = { apqn, req->adapter, req->domain, NULL };

        if (active && !virAPMaskIsBitSet(&host->overrides.queues[req->adapter], req->domain)) {
            virAPProblemAddAPQN(virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDE_CHANGE_NO_QUEUE,
                                                  NULL, &q),
                                req->adapter, req->domain);
            continue;
        }
        if (req->vfio)
            continue;
        if (active) {
            const GArray *near = virAPMatrixIndexCandidates(host->activeIndex, req->adapter, req->domain);

            for (j = 0; j < near->len; j++) {
                const virAPActiveMdev *mdev = g_ptr_array_index(host->activeMdevs,
                                                                g_array_index(near, guint, j));

                if (!virAPMatrixHolds(&mdev->matrix, req->adapter, req->domain))
                    continue;
                q.data = mdev;
                virAPProblemAddAPQN(virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDE_CHANGE_ACTIVE,
                                                      mdev->uuid, &q),
                                    req->adapter, req->domain);
            }
        } else {
            const GArray *near = virAPMatrixIndexCandidates(host->definitionIndex, req->adapter, req->domain);

            for (j = 0; j < near->len; j++) {
                const virAPDevice *def = g_ptr_array_index(host->definitions,
                                                           g_array_index(near, guint, j));

                if (!virAPMatrixHolds(&def->matrix, req->adapter, req->domain))
                    continue;
                q.data = def;
                virAPProblemAddAPQN(virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDE_CHANGE_PERSISTENT,
                                                      def->config->uuid, &q),
                                    req->adapter, req->domain);
            }
        }
    }
    return problems;
}


unsigned int
virAPPolicyOverrideChangeHostParts(virAPMaskScope scope)
{
    /* a queue handed to vfio_ap while the module is missing would be left
     * without a driver until the undo */
    if (scope == VIR_AP_MASK_SCOPE_ACTIVE)
        return VIR_AP_HOST_VFIO_AP | VIR_AP_HOST_ACTIVE | VIR_AP_HOST_OVERRIDES;
    return VIR_AP_HOST_DEFINITIONS | VIR_AP_HOST_BOOT_MASKS | VIR_AP_HOST_DRIVERCTL;
}


/* The host's next boot mixes driverctl's overrides with masks that are not
 * all ones (the problem, or NULL): the audit's view of the define rule. */
virAPProblem *
virAPPolicyCheckOverridesMixed(const virAPHost *host)
{
    g_autoptr(GPtrArray) problems = virAPProblemListNew();
    virAPRuleArgs args = { NULL, 0, 0, host };

    if (virAPHostModeAfterBoot(host) != VIR_AP_HOST_MODE_MIXED)
        return NULL;
    virAPPolicyReport(problems, VIR_AP_RULE_OVERRIDES_MIXED, NULL, &args);
    return g_ptr_array_steal_index(problems, 0);
}
