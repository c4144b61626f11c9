/*
 * node_device_ap_audit.c: every inconsistency of the host's AP configuration
 *
 * Each check below states one kind of inconsistency, with its message and
 * the fix it suggests.  Definitions are judged by the define policy itself
 * (node_device_ap_policy.c), not by a second copy of its rules.
 */
#include <config.h>

#include <string.h>

#include "node_device_ap_audit.h"
#include "node_device_ap_policy.h"
#include "virapdevices.h"
#include "viraproot.h"
#include "virapmdevctl.h"
#include "viraperror.h"


void
virAPAuditFactsFree(virAPAuditFacts *facts)
{
    if (!facts)
        return;
    g_free(facts->overrideQueue);
    g_free(facts->mdevctlRule);
    g_free(facts->mdevctlCommand);
    g_ptr_array_unref(facts->rivalCallouts);
    g_free(facts);
}


/* One finding: the message, @fix (taken) how to mend it. */
static virAPProblem * G_GNUC_PRINTF(5, 6)
virAPAuditReport(GPtrArray *findings, virAPRule rule, const char *other, char *fix,
                 const char *fmt, ...)
{
    virAPProblem *finding;
    va_list ap;

    va_start(ap, fmt);
    finding = virAPProblemNew(rule, VIR_AP_SEVERITY_ERROR, other,
                              g_strdup_vprintf(fmt, ap), fix);
    va_end(ap);
    g_ptr_array_add(findings, finding);
    return finding;
}


/* s390-tools' callout for the same mdev type, where mdevctl looks for callouts. */
static const char *const virAPAuditRivalCallouts[] = {
    "/usr/lib/mdevctl/scripts.d/callouts/ap-check",
    "/etc/mdevctl.d/scripts.d/callouts/ap-check",
    "/etc/mdevctl.d/scripts.d/callouts/ap-check.sh",
};


/* Queue drivers are read only for the APQNs of active mdevs, driver_override
 * only until one is found: a large host has 65536 queues. */
int
virAPAuditFactsLoad(const virAPStatus *status, virAPAuditFacts **facts,
                    GError **error)
{
    g_autoptr(virAPAuditFacts) loaded = g_new0(virAPAuditFacts, 1);
    size_t i;
    int a = -1;

    for (i = 0; i < status->host->activeMdevs->len; i++) {
        const virAPActiveMdev *mdev = g_ptr_array_index(status->host->activeMdevs, i);
        int ad, d;

        VIR_AP_FOREACH_APQN(&mdev->matrix.adapters, &mdev->matrix.domains, ad, d) {
            g_autofree char *driver = virAPDevicesQueueDriver(ad, d);

            if (g_strcmp0(driver, "vfio_ap") == 0)
                virAPMaskSetBit(&loaded->vfioBound[ad], d);
        }
    }
    while (!loaded->overrideQueue &&
           (a = virAPMaskNextSetBit(&status->devices->adapters, a)) >= 0) {
        int d = -1;

        while (!loaded->overrideQueue &&
               (d = virAPMaskNextSetBit(&status->devices->queues[a], d)) >= 0) {
            g_autofree char *value = virAPDevicesQueueDriverOverride(a, d);

            if (value)
                loaded->overrideQueue = g_strdup_printf("%02x.%04x (%s)", a, d, value);
        }
    }
    loaded->rivalCallouts = g_ptr_array_new();
    for (i = 0; i < G_N_ELEMENTS(virAPAuditRivalCallouts); i++) {
        g_autofree char *path = virAPRootPath(virAPAuditRivalCallouts[i]);

        if (g_file_test(path, G_FILE_TEST_EXISTS))
            g_ptr_array_add(loaded->rivalCallouts, (gpointer)virAPAuditRivalCallouts[i]);
    }
    if (virAPMdevctlBootCommand(&loaded->mdevctlRule, &loaded->mdevctlCommand, error) < 0)
        return -1;
    if (loaded->mdevctlCommand) {
        g_autofree char *path = virAPRootPath(loaded->mdevctlCommand);

        loaded->mdevctlCommandExists = g_file_test(path, G_FILE_TEST_IS_EXECUTABLE);
    }
    *facts = g_steal_pointer(&loaded);
    return 0;
}


/* Check: what the host keeps now is what it keeps after reboot. */
static void
virAPAuditMasks(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    const virAPHost *host = status->host;
    size_t m;

    for (m = 0; m < VIR_AP_MASK_LAST; m++) {
        const char *name = virAPMaskNameTypeToString(m);
        g_autofree char *now = virAPMaskFormatList(virAPMaskPairGetConst(&host->active, m));
        g_autofree char *boot = virAPMaskFormatList(virAPMaskPairGetConst(&host->boot.masks, m));

        if (g_str_equal(now, boot))
            continue;
        virAPAuditReport(findings, VIR_AP_RULE_MASKS_NOT_PERSISTENT, NULL,
                         g_strdup_printf(_("make it persistent: virt-ap masks --persistent %s=%s, or return to the boot value: virt-ap masks --active %s=%s"),
                                         name, now, name, boot),
                         _("%s is \"%s\" now but \"%s\" after reboot (%s)"),
                         name, now, boot, virAPBootDescribe(&host->boot, m));
    }
}


/* Check: every definition could be defined as it stands: in particular it
 * can start after reboot, and no two autostart definitions share an APQN
 * (reported once per pair).  The findings are the policy's problems. */
static void
virAPAuditDefinitions(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i, j;

    for (i = 0; i < status->host->definitions->len; i++) {
        const virAPDevice *def = g_ptr_array_index(status->host->definitions, i);
        g_autoptr(GPtrArray) problems = virAPPolicyCheck(def, status->host, VIR_AP_SCOPE_DEFINE);

        for (j = 0; j < problems->len; j++) {
            const virAPProblem *problem = g_ptr_array_index(problems, j);
            virAPProblem *finding;

            /* a mixed boot is the host's, reported once (virAPAuditOverrides) */
            if (problem->severity != VIR_AP_SEVERITY_ERROR ||
                problem->rule == VIR_AP_RULE_OVERRIDES_MIXED ||
                (problem->other && strcmp(problem->other, def->config->uuid) < 0))
                continue;
            finding = virAPAuditReport(findings, problem->rule, problem->other,
                                       g_strdup(problem->remedy), _("definition %s: %s"),
                                       def->config->uuid, problem->message);
            g_array_append_vals(finding->apqns, problem->apqns->data, problem->apqns->len);
        }
    }
}


/* Check: an active mdev is what its definition says. */
static void
virAPAuditActiveVsDefined(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i;

    for (i = 0; i < status->mdevs->len; i++) {
        const virAPStatusMdev *mdev = g_ptr_array_index(status->mdevs, i);

        if (!mdev->active || !mdev->defined ||
            virAPMatrixEqual(&mdev->active->matrix, &mdev->defined->matrix))
            continue;
        virAPAuditReport(findings, VIR_AP_RULE_ACTIVE_DIFFERS, mdev->uuid,
                         g_strdup_printf(_("update the definition (mdevctl modify -u %s --jsonfile ...) or restart the mdev from it"),
                                         mdev->uuid),
                         _("mdev %s is active with another matrix than its definition: the next start brings the definition back"),
                         mdev->uuid);
    }
}


/* Check: every guest's vfio-ap hostdevs are known (a guest whose XML
 * cannot be read is not skipped silently). */
static void
virAPAuditUnreadableGuests(const virAPStatus *status, const virAPAuditFacts *facts,
                           GPtrArray *findings)
{
    size_t i;

    for (i = 0; status->guests && i < status->guests->len; i++) {
        const virAPGuest *guest = g_ptr_array_index(status->guests, i);

        if (guest->error)
            virAPAuditReport(findings, VIR_AP_RULE_GUEST_UNREADABLE, NULL,
                             g_strdup_printf(_("check the guest's XML: virsh dumpxml %s"), guest->name),
                             _("guest %s: %s: its vfio-ap mdevs were not checked"),
                             guest->name, guest->error);
    }
}


/* Check: every card's type, hwtype and online state are known. */
static void
virAPAuditUnreadableCards(const virAPStatus *status, const virAPAuditFacts *facts,
                          GPtrArray *findings)
{
    size_t i;

    for (i = 0; i < status->devices->cards->len; i++) {
        const virAPCard *card = g_ptr_array_index(status->devices->cards, i);

        if (card->error)
            virAPAuditReport(findings, VIR_AP_RULE_CARD_UNREADABLE, NULL,
                             g_strdup(_("check the card with lszcrypt -V; until then it is not offered for passthrough")),
                             "%s", card->error);
    }
}


/* Check: every vfio-ap hostdev of a guest names an mdev that exists. */
static void
virAPAuditGuests(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i, j, k;

    for (i = 0; status->guests && i < status->guests->len; i++) {
        const virAPGuest *guest = g_ptr_array_index(status->guests, i);

        for (j = 0; j < guest->mdevs->len; j++) {
            const char *uuid = g_ptr_array_index(guest->mdevs, j);
            const virAPStatusMdev *mdev = NULL;

            for (k = 0; k < status->mdevs->len && !mdev; k++) {
                if (g_str_equal(((virAPStatusMdev *)g_ptr_array_index(status->mdevs, k))->uuid, uuid))
                    mdev = g_ptr_array_index(status->mdevs, k);
            }
            if (!mdev || !mdev->defined)
                virAPAuditReport(findings, VIR_AP_RULE_GUEST_MDEV_NOT_DEFINED, uuid,
                                 g_strdup_printf(_("define it (virsh nodedev-define, or mdevctl define -u %s), or remove the hostdev from %s"),
                                                 uuid, guest->name),
                                 _("guest %s uses mdev %s, which is not defined%s"),
                                 guest->name, uuid,
                                 mdev ? _(": it is gone after reboot") : "");
            else if (!mdev->active)
                virAPAuditReport(findings, VIR_AP_RULE_GUEST_MDEV_NOT_ACTIVE, uuid,
                                 g_strdup_printf(_("start it (virsh nodedev-start, or mdevctl start -u %s)%s"),
                                                 uuid, mdev->defined->config->autostart ? "" :
                                                 _(" and consider making it autostart")),
                                 _("guest %s uses mdev %s, which is not active: the guest cannot start"),
                                 guest->name, uuid);
        }
    }
}


/* Check: every adapter an mdev uses can be passed through. */
static void
virAPAuditCards(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i;

    for (i = 0; i < status->mdevs->len; i++) {
        const virAPStatusMdev *mdev = g_ptr_array_index(status->mdevs, i);
        int a = -1;

        while ((a = virAPMaskNextSetBit(&virAPStatusMdevMatrix(mdev)->adapters, a)) >= 0) {
            const virAPCard *card = virAPDevicesGetCard(status->devices, a);

            if (!card || card->error)
                continue; /* not configured yet (vfio_ap plugs it in when it
                           * appears), or unreadable: reported on its own */
            if (card->hwtype < VIR_AP_MIN_PASSTHROUGH_HWTYPE)
                virAPAuditReport(findings, VIR_AP_RULE_CARD_NOT_PASSTHROUGH, mdev->uuid,
                                 g_strdup(_("use a CEX4 or later adapter")),
                                 _("mdev %s uses adapter %02x (%s, hwtype %u): vfio_ap drives CEX4 and later (hwtype 10 and up) only"),
                                 mdev->uuid, a, card->type ? card->type : "?", card->hwtype);
            else if (!card->online)
                virAPAuditReport(findings, VIR_AP_RULE_CARD_OFFLINE, mdev->uuid,
                                 g_strdup_printf(_("set it online: chzcrypt -e %02x"), a),
                                 _("mdev %s uses adapter %02x, which is offline"), mdev->uuid, a);
        }
    }
}


/* Check: the kernel gives the guest every adapter of an active mdev; it
 * drops an adapter when any of its APQNs has no queue bound to vfio_ap. */
static void
virAPAuditDroppedAdapters(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i;

    for (i = 0; i < status->host->activeMdevs->len; i++) {
        const virAPActiveMdev *mdev = g_ptr_array_index(status->host->activeMdevs, i);
        int a = -1;

        while ((a = virAPMaskNextSetBit(&mdev->matrix.adapters, a)) >= 0) {
            virAPMask unbound;
            g_autofree char *list = NULL;
            virAPProblem *finding;
            int d;

            if (!virAPMaskIsBitSet(&status->devices->adapters, a))
                continue; /* not configured: reported by the kernel when it appears */
            virAPMaskAndNot(&mdev->matrix.domains, &facts->vfioBound[a], &unbound);
            if (virAPMaskIsEmpty(&unbound))
                continue;
            list = virAPFormatAPQNs(a, &unbound);
            finding = virAPAuditReport(findings, VIR_AP_RULE_ADAPTER_DROPPED, mdev->uuid,
                                       g_strdup(_("give those queues to vfio_ap (virt-ap masks), or unassign the domains from the mdev")),
                                       _("the guest of mdev %s does not get adapter %02x: its queues %s are missing or not bound to vfio_ap"),
                                       mdev->uuid, a, list);
            for (d = -1; (d = virAPMaskNextSetBit(&unbound, d)) >= 0;)
                virAPProblemAddAPQN(finding, a, d);
        }
    }
}


/* Check: what is persistent will also happen at boot. */
static void
virAPAuditBoot(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i;
    bool autostart = false;

    for (i = 0; i < status->host->definitions->len; i++)
        autostart |= ((virAPDevice *)g_ptr_array_index(status->host->definitions, i))->config->autostart;
    if (!autostart)
        return;
    if (!facts->mdevctlRule)
        virAPAuditReport(findings, VIR_AP_RULE_AUTOSTART_NO_UDEV_RULE, NULL,
                         g_strdup(_("install mdevctl's udev rule 60-mdevctl.rules")),
                         "%s", _("autostart mdevs are defined, but no udev rule runs mdevctl at boot (no 60-mdevctl.rules)"));
    else if (facts->mdevctlCommand && !facts->mdevctlCommandExists)
        virAPAuditReport(findings, VIR_AP_RULE_AUTOSTART_BROKEN_UDEV_RULE, facts->mdevctlRule,
                         g_strdup_printf(_("copy %s to /etc/udev/rules.d/ with the path of mdevctl (command -v mdevctl) in place of %s"),
                                         facts->mdevctlRule, facts->mdevctlCommand),
                         _("autostart mdevs will not start at boot: %s runs %s, which does not exist"),
                         facts->mdevctlRule, facts->mdevctlCommand);
}


/* Check: masks and per-queue driver_override are not both in use (Linux
 * 6.19 refuses either while the other is). */
static void
virAPAuditDriverOverride(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    if (!facts->overrideQueue ||
        (virAPMaskIsFull(&status->host->active.apmask) &&
         virAPMaskIsFull(&status->host->active.aqmask)))
        return;
    virAPAuditReport(findings, VIR_AP_RULE_DRIVER_OVERRIDE_WITH_MASKS, NULL,
                     g_strdup(_("use either the masks or driver_override: clear driver_override, or reset the masks (virt-ap masks apmask=0-255 aqmask=0-255)")),
                     _("queue %s has a driver_override while the masks are not all ones: the kernel refuses mask changes and overrides in this state"),
                     facts->overrideQueue);
}


/*
 * Check (Linux 6.19 override mode): the next boot takes driverctl's
 * overrides (masks all ones), and each overridden queue is vfio_ap's after
 * reboot iff it is now.
 */
static void
virAPAuditOverrides(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    const virAPHost *host = status->host;
    virAPProblem *mixed = virAPPolicyCheckOverridesMixed(host);
    int a, d;

    /* mixed, the masks decide after reboot: the per-queue findings would
     * only repeat that */
    if (mixed) {
        g_ptr_array_add(findings, mixed);
        return;
    }
    if (host->driverctl.count && !host->driverctl.rule) {
        virAPAuditReport(findings, VIR_AP_RULE_DRIVERCTL_NOT_INSTALLED, host->driverctl.first,
                         g_strdup(_("install driverctl, or remove the files (virt-ap overrides --persistent default=QUEUES)")),
                         _("%s hands AP queues to drivers at boot (%s), but driverctl's udev rule (%s) is not installed: nothing applies it"),
                         VIR_AP_DRIVERCTL_DIR, host->driverctl.first, VIR_AP_DRIVERCTL_RULE);
        return;
    }
    for (a = 0; a < VIR_AP_MASK_BITS; a++) {
        virAPMask both = host->overrides.set[a];
        size_t b;

        for (b = 0; b < sizeof(both.bytes); b++)
            both.bytes[b] |= host->driverctl.set[a].bytes[b];
        d = -1;
        while ((d = virAPMaskNextSetBit(&both, d)) >= 0) {
            bool now = virAPHostKeepsNow(host, a, d);
            virAPProblem *finding;

            if (now == virAPHostKeepsAfterBoot(host, a, d))
                continue;
            if (now)
                finding = virAPAuditReport(findings, VIR_AP_RULE_OVERRIDES_NOT_PERSISTENT, NULL,
                                           g_strdup_printf(_("hand it over now: virt-ap overrides --active vfio_ap=%02x.%04x, or keep it the host's after reboot: virt-ap overrides --persistent default=%02x.%04x"),
                                                           a, d, a, d),
                                           _("queue %02x.%04x is the host's now but vfio_ap's after reboot (driverctl)"),
                                           a, d);
            else
                finding = virAPAuditReport(findings, VIR_AP_RULE_OVERRIDES_NOT_PERSISTENT, NULL,
                                           g_strdup_printf(_("make it persistent: virt-ap overrides --persistent vfio_ap=%02x.%04x, or give it back now: virt-ap overrides --active default=%02x.%04x"),
                                                           a, d, a, d),
                                           _("queue %02x.%04x is vfio_ap's now (driver_override) but the host's after reboot (no driverctl override)"),
                                           a, d);
            virAPProblemAddAPQN(finding, a, d);
        }
    }
}


/* Check: virt-ap-check is the only callout for vfio_ap-passthrough (mdevctl
 * runs the first one that claims the type; mdevctl 1.2 in random order). */
static void
virAPAuditRivals(const virAPStatus *status, const virAPAuditFacts *facts, GPtrArray *findings)
{
    size_t i;

    for (i = 0; i < facts->rivalCallouts->len; i++) {
        const char *path = g_ptr_array_index(facts->rivalCallouts, i);

        virAPAuditReport(findings, VIR_AP_RULE_RIVAL_CALLOUT, path,
                         g_strdup_printf(_("remove or rename %s (the Debian package of virt-ap diverts it)"), path),
                         _("s390-tools' ap-check is installed as %s: mdevctl uses whichever callout for vfio_ap-passthrough it tries first, so virt-ap-check may not run"),
                         path);
    }
}


typedef void (*virAPAuditCheck)(const virAPStatus *status, const virAPAuditFacts *facts,
                                GPtrArray *findings);

static const virAPAuditCheck virAPAuditChecks[] = {
    virAPAuditMasks,
    virAPAuditDefinitions,
    virAPAuditActiveVsDefined,
    virAPAuditUnreadableGuests,
    virAPAuditGuests,
    virAPAuditUnreadableCards,
    virAPAuditCards,
    virAPAuditDroppedAdapters,
    virAPAuditBoot,
    virAPAuditDriverOverride,
    virAPAuditOverrides,
    virAPAuditRivals,
};


GPtrArray *
virAPAudit(const virAPStatus *status, const virAPAuditFacts *facts)
{
    GPtrArray *findings = virAPProblemListNew();
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virAPAuditChecks); i++)
        virAPAuditChecks[i](status, facts, findings);
    return findings;
}
