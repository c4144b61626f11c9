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


/* One line per problem on stdout, "error: " or "warning: " first. */
void
virAPPrintProblems(GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);

        if (problem->severity == VIR_AP_SEVERITY_ERROR)
            printf(_("error: %s\n"), problem->message);
        else
            printf(_("warning: %s\n"), problem->message);
    }
}


/*
 * The problems of @config (taken) under the policy of @scope, bad attributes
 * included; NULL when the host state cannot be read (said on stderr).
 */
GPtrArray *
virAPCheckDefinition(virAPMdevctlConfig *config, virAPScope scope)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPDevice) dev = NULL;
    g_autoptr(virAPHost) host = NULL;

    if (virAPDeviceNew(config, &dev, &error) < 0)
        return virAPPolicyProblemsFromError(error);
    if (virAPHostLoad(virAPPolicyHostParts(scope), &host, &error) < 0) {
        fprintf(stderr, "virt-ap: %s\n", error->message);
        return NULL;
    }
    return virAPPolicyCheck(dev, host, scope);
}


static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} virAPCommands[] = {
    { "validate", virAPCommandValidate, N_("check a vfio_ap mdev definition against the host") },
    { "masks", virAPCommandMasks, N_("show or change the AP bus masks, active and persistent") },
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
