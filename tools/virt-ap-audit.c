/*
 * virt-ap audit: every inconsistency of the host's AP configuration
 */
#include <config.h>

#include <stdio.h>

#include "node_device_ap_audit.h"
#include "virt-ap.h"
#include "viraperror.h"


static json_object *
virAPFindingsToJSON(GPtrArray *findings)
{
    json_object *array = json_object_new_array();
    size_t i;

    for (i = 0; i < findings->len; i++) {
        const virAPFinding *finding = g_ptr_array_index(findings, i);
        json_object *obj = json_object_new_object();

        json_object_object_add(obj, "check", json_object_new_string(finding->check));
        json_object_object_add(obj, "message", json_object_new_string(finding->message));
        json_object_object_add(obj, "fix", json_object_new_string(finding->fix));
        json_object_array_add(array, obj);
    }
    return array;
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
    size_t i;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    g_option_context_set_summary(ctx, _("Exit status: 0 nothing found, 1 inconsistencies found, 2 host state unreadable, 3 usage error."));
    if (!g_option_context_parse(ctx, &argc, &argv, &error))
        return virAPUsageError(ctx, error->message);
    if (argc != 1)
        return virAPUsageError(ctx, _("audit takes no arguments"));

    virAPGuestsLoad(uri, &guests, &libvirtError);
    if (virAPStatusLoad(guests, &status, &error) < 0 ||
        virAPAuditFactsLoad(status, &facts, &error) < 0) {
        fprintf(stderr, "virt-ap: %s\n", error->message);
        return VIR_AP_EXIT_HOST;
    }
    findings = virAPAudit(status, facts);
    if (json) {
        virAPPrintJSON(virAPFindingsToJSON(findings));
    } else {
        for (i = 0; i < findings->len; i++) {
            const virAPFinding *finding = g_ptr_array_index(findings, i);

            printf("[%s] %s\n", finding->check, finding->message);
            printf(_("  fix: %s\n"), finding->fix);
        }
        if (findings->len)
            printf(virAPNGettext("%u inconsistency found\n", "%u inconsistencies found\n",
                            findings->len), findings->len);
        else
            printf("%s\n", _("no inconsistency found"));
        if (libvirtError)
            printf(_("libvirt: %s; the guests were not checked\n"), libvirtError->message);
    }
    return findings->len ? VIR_AP_EXIT_REFUSED : VIR_AP_EXIT_OK;
}
