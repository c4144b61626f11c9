/*
 * virt-ap: AP (crypto) passthrough for KVM on IBM Z, the command line
 *
 * Options and output only; the rules live in src/node_device.  One file per
 * verb: virt-ap-validate.c, virt-ap-masks.c.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "node_device_ap_policy.h"
#include "virt-ap.h"
#include "viraperror.h"


int
virAPUsageError(GOptionContext *ctx, const char *message)
{
    g_autofree char *help = g_option_context_get_help(ctx, TRUE, NULL);

    fprintf(stderr, "virt-ap: %s\n\n%s", message, help);
    return VIR_AP_EXIT_USAGE;
}


/*
 * The exit status for an error of virt-ap's domain: the one place where
 * error kinds become the exit codes virt-ap(1) documents.  The message is
 * printed first.
 */
int
virAPFail(const GError *error)
{
    g_autofree char *line = virAPErrorOneLine(error->message);

    fprintf(stderr, "virt-ap: %s\n", line);
    if (error->domain == VIR_AP_ERROR && error->code == VIR_AP_ERROR_ARGUMENT)
        return VIR_AP_EXIT_USAGE;
    return VIR_AP_EXIT_HOST;
}


/* One line per problem on stdout, "error: " or "warning: " first. */
void
virAPPrintProblems(GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);
        g_autofree char *line = virAPProblemFormat(problem);

        if (problem->severity == VIR_AP_SEVERITY_ERROR)
            printf(_("error: %s\n"), line);
        else
            printf("%s\n", line);
    }
}


static json_object *
virAPStringToJSON(const char *text)
{
    return text ? json_object_new_string(text) : NULL;
}


/* Every problem with all it carries; the same shape for every verb. */
json_object *
virAPProblemsToJSON(GPtrArray *problems)
{
    json_object *array = json_object_new_array();
    size_t i, j;

    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);
        json_object *obj = json_object_new_object();
        json_object *apqns = json_object_new_array();

        for (j = 0; j < problem->apqns->len; j++) {
            const virAPQN *apqn = &g_array_index(problem->apqns, virAPQN, j);
            char text[8];

            g_snprintf(text, sizeof(text), "%02x.%04x", apqn->adapter, apqn->domain);
            json_object_array_add(apqns, json_object_new_string(text));
        }
        json_object_object_add(obj, "rule", json_object_new_string(virAPRuleTypeToString(problem->rule)));
        json_object_object_add(obj, "severity",
                               json_object_new_string(virAPSeverityTypeToString(problem->severity)));
        json_object_object_add(obj, "apqns", apqns);
        json_object_object_add(obj, "other", virAPStringToJSON(problem->other));
        json_object_object_add(obj, "message", json_object_new_string(problem->message));
        json_object_object_add(obj, "remedy", virAPStringToJSON(problem->remedy));
        json_object_array_add(array, obj);
    }
    return array;
}


/* Both masks in both scopes, as ID lists and in kernel form; also the
 * "masks" member of "virt-ap status --json". */
json_object *
virAPMasksToJSON(const virAPHost *host)
{
    json_object *root = json_object_new_object();
    size_t m;

    for (m = 0; m < VIR_AP_MASK_LAST; m++) {
        const virAPMask *masks[] = { virAPMaskPairGetConst(&host->active, m),
                                     virAPMaskPairGetConst(&host->boot.masks, m) };
        json_object *entry = json_object_new_object();
        size_t s;

        for (s = 0; s < VIR_AP_MASK_SCOPE_LAST; s++) {
            g_autofree char *ids = virAPMaskFormatList(masks[s]);
            g_autofree char *hex = virAPMaskFormatKernel(masks[s]);
            json_object *scope = json_object_new_object();

            json_object_object_add(scope, "ids", json_object_new_string(ids));
            json_object_object_add(scope, "mask", json_object_new_string(hex));
            if (s == VIR_AP_MASK_SCOPE_PERSISTENT)
                json_object_object_add(scope, "source",
                                       json_object_new_string(virAPBootSourceTypeToString(host->boot.source[m])));
            json_object_object_add(entry, virAPMaskScopeTypeToString(s), scope);
        }
        json_object_object_add(root, virAPMaskNameTypeToString(m), entry);
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


/*
 * The problems of @config (taken) under the policy of @scope, bad attributes
 * included; NULL with @error when the definition or the host state cannot
 * be read.
 */
GPtrArray *
virAPCheckDefinition(virAPMdevctlConfig *config, virAPScope scope, GError **error)
{
    g_autoptr(virAPDevice) dev = NULL;
    g_autoptr(virAPHost) host = NULL;

    if (virAPDeviceNew(config, &dev, error) < 0)
        return NULL;
    /* bad attributes are all there is to say: no host state is needed */
    if (dev->valid && virAPHostLoad(virAPPolicyHostParts(scope), &host, error) < 0)
        return NULL;
    return virAPPolicyCheck(dev, host, scope);
}


static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} virAPCommands[] = {
    { "validate", virAPCommandValidate, N_("check a vfio_ap mdev definition against the host") },
    { "masks", virAPCommandMasks, N_("show or change the AP bus masks, active and persistent") },
    { "overrides", virAPCommandOverrides, N_("show or change the AP queues handed to vfio_ap by driver_override (Linux 6.19)") },
    { "status", virAPCommandStatus, N_("who owns each APQN: the host, vfio_ap, which mdev and guest") },
    { "audit", virAPCommandAudit, N_("every inconsistency of the host's AP configuration, with a fix") },
    { "suggest", virAPCommandSuggest, N_("APQNs free for a new mdev now and after reboot, or how to free some") },
    { "define", virAPCommandDefine, N_("check a definition, then define it through libvirt") },
};


static int
virAPUsage(FILE *out)
{
    size_t i;

    fprintf(out, "%s", _("Usage: virt-ap COMMAND [OPTION...]\n\nCommands:\n"));
    for (i = 0; i < G_N_ELEMENTS(virAPCommands); i++)
        fprintf(out, "  %-10s %s\n", virAPCommands[i].name, _(virAPCommands[i].summary));
    fprintf(out, "%s", _("\n'virt-ap COMMAND --help' describes a command; virt-ap(1) has the rest.\n"));
    return out == stdout ? VIR_AP_EXIT_OK : VIR_AP_EXIT_USAGE;
}


int
main(int argc, char **argv)
{
    size_t i;


    if (argc < 2)
        return virAPUsage(stderr);
    if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h"))
        return virAPUsage(stdout);
    if (g_str_equal(argv[1], "--version")) {
        printf("virt-ap %s\n", PACKAGE_VERSION);
        return VIR_AP_EXIT_OK;
    }
    for (i = 0; i < G_N_ELEMENTS(virAPCommands); i++) {
        if (g_str_equal(argv[1], virAPCommands[i].name))
            return virAPCommands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, _("virt-ap: unknown command '%s'\n"), argv[1]);
    return virAPUsage(stderr);
}
