/*
 * virapudev.c: the persistent AP masks in the udev rule chzdev writes
 *
 * chzdev -t ap writes /etc/udev/rules.d/41-ap.rules with lines such as
 *   ATTR{../../bus/ap/apmask}="0xdfff...ff"
 * under a label that the "bindings complete" uevent jumps to at boot
 * (research/s390-tools-ap.md 4.4).  Every other line is udev plumbing.  A
 * line that mentions a mask in any other shape is refused: virt-ap cannot
 * tell what it would do at boot, and a guess would be a silent pass.
 */
#include <config.h>

#include <string.h>

#include "virapfile.h"
#include "viraproot.h"
#include "virapudev.h"
#include "virerror.h"


void
virAPUdevRuleFree(virAPUdevRule *rule)
{
    if (!rule)
        return;
    g_ptr_array_unref(rule->apmask);
    g_ptr_array_unref(rule->aqmask);
    g_free(rule);
}


/* ATTR{<path ending in bus/ap/apmask|aqmask>}="<value>", nothing else. */
static GPtrArray *
virAPUdevRuleMatchLine(virAPUdevRule *rule, const char *line, char **value)
{
    const char *close = strchr(line, '}');
    const char *quote;
    g_autofree char *attr = NULL;
    size_t len;

    if (!g_str_has_prefix(line, "ATTR{") || !close || !g_str_has_prefix(close, "}=\""))
        return NULL;
    quote = close + 3;
    len = strlen(quote);
    if (len == 0 || quote[len - 1] != '"' || memchr(quote, '"', len - 1))
        return NULL;
    attr = g_strndup(line + 5, close - line - 5);
    *value = g_strndup(quote, len - 1);
    if (g_str_equal(attr, "apmask") || g_str_has_suffix(attr, "bus/ap/apmask"))
        return rule->apmask;
    if (g_str_equal(attr, "aqmask") || g_str_has_suffix(attr, "bus/ap/aqmask"))
        return rule->aqmask;
    g_clear_pointer(value, g_free);
    return NULL;
}


int
virAPUdevRuleParse(const char *text, const char *name,
                   virAPUdevRule **rule, GError **error)
{
    g_autoptr(virAPUdevRule) parsed = g_new0(virAPUdevRule, 1);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    size_t i;

    parsed->apmask = g_ptr_array_new_with_free_func(g_free);
    parsed->aqmask = g_ptr_array_new_with_free_func(g_free);
    for (i = 0; lines[i]; i++) {
        g_autofree char *line = g_strstrip(g_strdup(lines[i]));
        GPtrArray *target;
        char *value = NULL;

        if (!*line || line[0] == '#')
            continue;
        if ((target = virAPUdevRuleMatchLine(parsed, line, &value))) {
            g_ptr_array_add(target, value);
            continue;
        }
        if (strstr(line, "apmask") || strstr(line, "aqmask")) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s:%zu: cannot tell what this line does to the AP masks at boot: '%s'"),
                        name, i + 1, line);
            return -1;
        }
    }
    *rule = g_steal_pointer(&parsed);
    return 0;
}


/* A missing rule file is an empty rule: no persistent mask is set. */
int
virAPUdevRuleRead(virAPUdevRule **rule, GError **error)
{
    g_autofree char *path = virAPRootPath(VIR_AP_UDEV_RULE);
    g_autofree char *text = NULL;

    if (virAPFileReadOptional(path, &text, error) < 0)
        return -1;
    return virAPUdevRuleParse(text ? text : "", path, rule, error);
}
