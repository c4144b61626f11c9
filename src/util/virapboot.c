/*
 * virapboot.c: the AP masks the next boot gives
 *
 * At boot the kernel starts both masks at all ones (every APQN kept by the
 * host) unless the command line sets ap.apmask= / ap.aqmask=, which start
 * from all zeros and are read like a sysfs write; a value the kernel cannot
 * parse leaves that mask all zeros.  Then the udev rule writes its values,
 * in order.  The command line is read from /proc/cmdline: the one the host
 * booted with, which is also the next one unless the boot loader changes.
 */
#include <config.h>

#include <string.h>

#include "virapboot.h"
#include "virapfile.h"
#include "viraproot.h"
#include "virapudev.h"
#include "viraperror.h"


const char *
virAPBootSourceDescribe(virAPBootSource source)
{
    switch (source) {
    case VIR_AP_BOOT_SOURCE_DEFAULT:
        return _("boot default");
    case VIR_AP_BOOT_SOURCE_CMDLINE:
        return _("kernel command line");
    case VIR_AP_BOOT_SOURCE_RULE:
        return VIR_AP_UDEV_RULE;
    case VIR_AP_BOOT_SOURCE_LAST:
        break;
    }
    return "";
}


VIR_AP_ENUM_IMPL(virAPBootSource, VIR_AP_BOOT_SOURCE_LAST,
                 "default", "cmdline", "rule");


/*
 * The value of the last "@key=" parameter of the command line, or NULL.
 * The kernel splits at blanks outside double quotes and drops the quotes
 * (lib/cmdline.c next_arg); a later parameter overrides an earlier one.
 */
char *
virAPBootCmdlineValue(const char *cmdline, const char *key)
{
    g_autofree char *prefix = g_strdup_printf("%s=", key);
    g_autoptr(GString) word = g_string_new(NULL);
    char *value = NULL;
    bool quoted = false;
    const char *p;

    for (p = cmdline;; p++) {
        if (*p == '"') {
            quoted = !quoted;
            continue;
        }
        if (*p && (quoted || !g_ascii_isspace(*p))) {
            g_string_append_c(word, *p);
            continue;
        }
        if (g_str_has_prefix(word->str, prefix)) {
            g_free(value);
            value = g_strdup(word->str + strlen(prefix));
        }
        g_string_truncate(word, 0);
        if (!*p)
            return value;
    }
}


static int
virAPBootApply(virAPBootMasks *boot, virAPMaskName name, const char *cmdlineValue,
               GPtrArray *ruleValues, const char *rulePath, GError **error)
{
    virAPMask *mask = virAPMaskPairGet(&boot->masks, name);
    virAPMask zero;
    size_t i;

    virAPMaskClearAll(&zero);
    virAPMaskSetAll(mask);
    boot->source[name] = VIR_AP_BOOT_SOURCE_DEFAULT;
    if (cmdlineValue) {
        boot->source[name] = VIR_AP_BOOT_SOURCE_CMDLINE;
        if (virAPMaskParseKernel(cmdlineValue, &zero, mask, NULL) < 0)
            *mask = zero;
    }
    *virAPMaskPairGet(&boot->base, name) = *mask;
    for (i = 0; i < ruleValues->len; i++) {
        boot->source[name] = VIR_AP_BOOT_SOURCE_RULE;
        if (virAPMaskParseKernel(g_ptr_array_index(ruleValues, i), mask,
                                 mask, error) < 0) {
            g_prefix_error(error, "%s: ", rulePath);
            return -1;
        }
    }
    return 0;
}


int
virAPBootReadMasks(virAPBootMasks *boot, GError **error)
{
    g_autofree char *cmdlinePath = virAPRootPath("/proc/cmdline");
    g_autofree char *rulePath = virAPRootPath(VIR_AP_UDEV_RULE);
    g_autofree char *cmdline = NULL;
    g_autofree char *apValue = NULL;
    g_autofree char *aqValue = NULL;
    g_autoptr(virAPUdevRule) rule = NULL;

    if (virAPFileReadOptional(cmdlinePath, &cmdline, error) < 0 ||
        virAPUdevRuleRead(&rule, error) < 0)
        return -1;
    if (cmdline) {
        apValue = virAPBootCmdlineValue(cmdline, "ap.apmask");
        aqValue = virAPBootCmdlineValue(cmdline, "ap.aqmask");
    }
    if (virAPBootApply(boot, VIR_AP_MASK_AP, apValue, rule->apmask, rulePath, error) < 0 ||
        virAPBootApply(boot, VIR_AP_MASK_AQ, aqValue, rule->aqmask, rulePath, error) < 0)
        return -1;
    return 0;
}
