/*
 * node_device_ap_problem.c: what a check found, as structured data
 */
#include <config.h>

#include "node_device_ap_problem.h"
#include "viraperror.h"

VIR_AP_ENUM_IMPL(virAPSeverity, VIR_AP_SEVERITY_LAST,
                 "error", "warning");

VIR_AP_ENUM_IMPL(virAPRule, VIR_AP_RULE_LAST,
                 "attribute",
                 "attribute-octal",
                 "attribute-empty",
                 "bounds",
                 "control-domains",
                 "persistent-masks",
                 "autostart-overlap",
                 "definition-overlap",
                 "active-masks",
                 "active-mdev",
                 "step-kept-by-host",
                 "step-in-other-mdev",
                 "ap-config-unsupported",
                 "mask-change-active",
                 "mask-change-persistent",
                 "active-override",
                 "persistent-override",
                 "overrides-mixed",
                 "mask-change-overrides",
                 "override-change-masks",
                 "override-change-no-driverctl",
                 "override-change-no-queue",
                 "override-change-active",
                 "override-change-persistent",
                 "mask-change-overridden",
                 "masks-not-persistent",
                 "active-differs-from-definition",
                 "guest-mdev-not-defined",
                 "guest-mdev-not-active",
                 "guest-unreadable",
                 "card-unreadable",
                 "card-not-passthrough",
                 "card-offline",
                 "adapter-dropped",
                 "autostart-no-udev-rule",
                 "autostart-broken-udev-rule",
                 "driver-override-with-masks",
                 "overrides-not-persistent",
                 "driverctl-not-installed",
                 "rival-callout");


/* @text (taken) as one line, or NULL. */
static char *
virAPProblemLine(char *text)
{
    g_autofree char *taken = text;

    return taken ? virAPErrorOneLine(taken) : NULL;
}


/* Takes @message and @remedy; each becomes one line whatever it quotes. */
virAPProblem *
virAPProblemNew(virAPRule rule, virAPSeverity severity, const char *other,
                char *message, char *remedy)
{
    virAPProblem *problem = g_new0(virAPProblem, 1);

    problem->rule = rule;
    problem->severity = severity;
    problem->apqns = g_array_new(FALSE, FALSE, sizeof(virAPQN));
    problem->other = g_strdup(other);
    problem->message = virAPProblemLine(message);
    problem->remedy = virAPProblemLine(remedy);
    return problem;
}


void
virAPProblemFree(virAPProblem *problem)
{
    if (!problem)
        return;
    g_array_unref(problem->apqns);
    g_free(problem->other);
    g_free(problem->message);
    g_free(problem->remedy);
    g_free(problem);
}


GPtrArray *
virAPProblemListNew(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify)virAPProblemFree);
}


void
virAPProblemAddAPQN(virAPProblem *problem, unsigned int adapter,
                    unsigned int domain)
{
    virAPQN apqn = { adapter, domain };

    g_array_append_val(problem->apqns, apqn);
}


bool
virAPProblemsRefuse(GPtrArray *problems)
{
    size_t i;

    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);

        if (problem->severity == VIR_AP_SEVERITY_ERROR)
            return true;
    }
    return false;
}


/* The one line the callout prints: the message, then its remedy. */
char *
virAPProblemFormat(const virAPProblem *problem)
{
    g_autofree char *line = NULL;

    if (problem->remedy)
        line = g_strdup_printf(_("%s; %s"), problem->message, problem->remedy);
    else
        line = g_strdup(problem->message);
    if (problem->severity == VIR_AP_SEVERITY_WARNING)
        return g_strdup_printf(_("warning: %s"), line);
    return g_steal_pointer(&line);
}
