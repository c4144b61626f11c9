/*
 * virt-ap validate: check one vfio_ap mdev definition against the host
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_policy.h"
#include "node_device_ap_xml.h"
#include "virapfile.h"
#include "virt-ap.h"
#include "virapuuid.h"
#include "viraperror.h"


/* The definition in @path (nodedev XML or mdevctl JSON, told apart by its
 * first character); "-" is stdin.  A JSON file named after a UUID is a
 * definition from /etc/mdevctl.d/matrix and is that device. */
static int
virAPReadDefinition(const char *path, virAPMdevctlConfig **config, GError **error)
{
    g_autofree char *text = NULL;
    g_autofree char *base = g_path_get_basename(path);
    const char *start;

    if (g_str_equal(path, "-")) {
        if (virAPFileReadFd(STDIN_FILENO, "stdin", &text, error) < 0)
            return -1;
    } else if (virAPFileRead(path, &text, error) < 0) {
        return -1;
    }
    start = text + strspn(text, " \t\r\n");
    if (*start == '<')
        return virAPDeviceConfigParseXML(text, path, config, error);
    if (*start != '{') {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: neither a nodedev XML <device> nor an mdevctl JSON definition"),
                    path);
        return -1;
    }
    if (virAPMdevctlConfigParse(text, path, config, error) < 0)
        return -1;
    (*config)->uuid = virAPUUIDCanonicalize(base, NULL);
    return 0;
}


static json_object *
virAPVerdictToJSON(const char *path, GPtrArray *problems)
{
    json_object *root = json_object_new_object();

    json_object_object_add(root, "file", json_object_new_string(path));
    json_object_object_add(root, "verdict",
                           json_object_new_string(virAPProblemsRefuse(problems) ? "refused" : "accepted"));
    json_object_object_add(root, "problems", virAPProblemsToJSON(problems));
    return root;
}


static void
virAPPrintVerdict(const char *path, GPtrArray *problems)
{
    unsigned int errors = 0;
    unsigned int warnings = 0;
    size_t i;

    virAPPrintProblems(problems);
    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);

        if (problem->severity == VIR_AP_SEVERITY_ERROR)
            errors++;
        else
            warnings++;
    }
    if (errors)
        printf(virAPNGettext("%s: refused (%u error)\n", "%s: refused (%u errors)\n",
                        errors), path, errors);
    else if (warnings)
        printf(virAPNGettext("%s: accepted with %u warning\n",
                        "%s: accepted with %u warnings\n", warnings),
               path, warnings);
    else
        printf(_("%s: accepted\n"), path);
}


int
virAPCommandValidate(int argc, char **argv)
{
    g_autofree char *scopeName = NULL;
    g_autofree char *uuidOpt = NULL;
    gboolean autostart = FALSE;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        { "scope", 0, 0, G_OPTION_ARG_STRING, &scopeName,
          N_("define (the default: as mdevctl define/modify) or start (as mdevctl start)"),
          "SCOPE" },
        { "autostart", 0, 0, G_OPTION_ARG_NONE, &autostart,
          N_("judge the definition as start=auto (as virsh nodedev-autostart would make it)"),
          NULL },
        { "uuid", 0, 0, G_OPTION_ARG_STRING, &uuidOpt,
          N_("the UUID of the device the definition is for (its own definition is then no clash)"),
          "UUID" },
        { "json", 'J', 0, G_OPTION_ARG_NONE, &json, N_("the verdict and every problem as JSON"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE - check a vfio_ap mdev definition"));
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPMdevctlConfig) config = NULL;
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *uuid = NULL;
    int scope = VIR_AP_SCOPE_DEFINE;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    g_option_context_set_summary(ctx, _("FILE is nodedev XML (as for virsh nodedev-define) or an mdevctl JSON definition; - reads stdin.\n"
                                        "Exit status: 0 accepted, 1 refused, 2 input or host state unreadable, 3 usage error."));
    if (!g_option_context_parse(ctx, &argc, &argv, &error))
        return virAPUsageError(ctx, error->message);
    if (argc != 2)
        return virAPUsageError(ctx, _("validate takes exactly one FILE"));
    if (scopeName && (scope = virAPScopeTypeFromString(scopeName)) < 0)
        return virAPUsageError(ctx, _("--scope must be 'define' or 'start'"));

    if (uuidOpt && !(uuid = virAPUUIDCanonicalize(uuidOpt, &error)))
        return virAPUsageError(ctx, error->message);

    if (virAPReadDefinition(argv[1], &config, &error) < 0)
        return virAPFail(error);
    if (autostart)
        config->autostart = true;
    if (uuid) {
        g_free(config->uuid);
        config->uuid = g_steal_pointer(&uuid);
    }
    if (!(problems = virAPCheckDefinition(g_steal_pointer(&config), scope, &error)))
        return virAPFail(error);
    if (json)
        virAPPrintJSON(virAPVerdictToJSON(argv[1], problems));
    else
        virAPPrintVerdict(argv[1], problems);
    return virAPProblemsRefuse(problems) ? VIR_AP_EXIT_REFUSED : VIR_AP_EXIT_OK;
}
