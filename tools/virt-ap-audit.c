/*
 * virt-ap audit: every inconsistency of the host's AP configuration
 */
#include <config.h>

#include <stdio.h>

#include "node_device_ap_audit.h"
#include "virt-ap.h"
#include "virt-ap-table.h"
#include "viraperror.h"

enum {
    VIR_AP_AUDIT_COL_RULE,
    VIR_AP_AUDIT_COL_SEVERITY,
    VIR_AP_AUDIT_COL_APQNS,
    VIR_AP_AUDIT_COL_OTHER,
    VIR_AP_AUDIT_COL_MESSAGE,
    VIR_AP_AUDIT_COL_REMEDY,
    VIR_AP_AUDIT_COL_LAST
};

static const virAPTableColumn virAPAuditColumns[VIR_AP_AUDIT_COL_LAST] = {
    { "rule", N_("RULE"), N_("the kind of inconsistency"), 0 },
    { "severity", N_("SEVERITY"), N_("error or warning"), 0 },
    { "apqns", N_("APQNS"), N_("the APQNs it is about (lszcrypt form)"), 0 },
    { "other", N_("OTHER"), N_("the mdev or file it involves"), 0 },
    { "message", N_("MESSAGE"), N_("what is wrong"), 0 },
    { "remedy", N_("REMEDY"), N_("how to fix it"), 0 },
};


static void
virAPAuditPrintTable(GPtrArray *findings, virAPTable *table)
{
    size_t i, j;

    for (i = 0; i < findings->len; i++) {
        const virAPProblem *finding = g_ptr_array_index(findings, i);
        g_autoptr(GString) apqns = g_string_new(NULL);
        const char *values[VIR_AP_AUDIT_COL_LAST] = {
            virAPRuleTypeToString(finding->rule),
            virAPSeverityTypeToString(finding->severity),
            NULL, finding->other, finding->message, finding->remedy,
        };

        for (j = 0; j < finding->apqns->len; j++) {
            const virAPQN *apqn = &g_array_index(finding->apqns, virAPQN, j);

            g_string_append_printf(apqns, "%s%02x.%04x", j ? "," : "", apqn->adapter, apqn->domain);
        }
        values[VIR_AP_AUDIT_COL_APQNS] = apqns->str;
        virAPTableAddRow(table, values, NULL);
    }
    virAPTablePrint(table);
}


/* The findings as a list: each with its fix under it. */
static void
virAPAuditPrintList(GPtrArray *findings)
{
    size_t i;

    for (i = 0; i < findings->len; i++) {
        const virAPProblem *finding = g_ptr_array_index(findings, i);

        printf("[%s] %s\n", virAPRuleTypeToString(finding->rule), finding->message);
        if (finding->remedy)
            printf(_("  fix: %s\n"), finding->remedy);
    }
    if (findings->len)
        printf(virAPNGettext("%u inconsistency found\n", "%u inconsistencies found\n",
                             findings->len), findings->len);
    else
        printf("%s\n", _("no inconsistency found"));
}


int
virAPCommandAudit(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        { "connect", 'c', 0, G_OPTION_ARG_STRING, &uri,
          N_("libvirt connection URI, as for virsh (to check the guests' mdevs)"), "URI" },
        { "json", 'J', 0, G_OPTION_ARG_NONE, &json, N_("the findings as JSON"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("- every inconsistency of the host's AP configuration, with a fix"));
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) libvirtError = NULL;
    g_autoptr(GPtrArray) guests = NULL;
    g_autoptr(virAPStatus) status = NULL;
    g_autoptr(virAPAuditFacts) facts = NULL;
    g_autoptr(GPtrArray) findings = NULL;
    g_autoptr(virAPTable) table = NULL;
    g_autofree char *columns = virAPTableColumnsHelp(virAPAuditColumns, VIR_AP_AUDIT_COL_LAST);
    g_autofree char *summary = NULL;
    virAPTableOptions opts = { NULL, FALSE, FALSE };
    int rc;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    virAPTableAddOptions(ctx, &opts);
    summary = g_strdup_printf("%s\n\n%s",
                              _("The findings are a list, each with its fix; -o, -n or -r show them as a table.\n"
                                "Exit status: 0 nothing found, 1 inconsistencies found, 2 host state unreadable, 3 usage error."),
                              columns);
    g_option_context_set_summary(ctx, summary);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if (argc != 1) {
        rc = virAPUsageError(ctx, _("audit takes no arguments"));
        goto cleanup;
    }
    if ((opts.output || opts.noheadings || opts.raw) &&
        !(table = virAPTableNew(virAPAuditColumns, VIR_AP_AUDIT_COL_LAST,
                                "rule,apqns,other,message", &opts, &error))) {
        rc = virAPFail(error);
        goto cleanup;
    }

    virAPGuestsLoad(uri, &guests, &libvirtError);
    if (virAPStatusLoad(guests, &status, &error) < 0 ||
        virAPAuditFactsLoad(status, &facts, &error) < 0) {
        rc = virAPFail(error);
        goto cleanup;
    }
    findings = virAPAudit(status, facts);
    if (json)
        virAPPrintJSON(virAPProblemsToJSON(findings));
    else if (table)
        virAPAuditPrintTable(findings, table);
    else
        virAPAuditPrintList(findings);
    if (!json && libvirtError)
        printf(_("libvirt: %s; the guests were not checked\n"), libvirtError->message);
    rc = findings->len ? VIR_AP_EXIT_REFUSED : VIR_AP_EXIT_OK;

 cleanup:
    virAPTableOptionsClear(&opts);
    return rc;
}
