/*
 * virapboot.c: the AP masks the next boot gives
 *
 * The kernel starts both masks at all ones (every APQN kept by the host)
 * unless the command line sets ap.apmask= / ap.aqmask=: then the mask starts
 * at all zeros and the value is applied as a sysfs write would be; a value
 * the kernel cannot parse leaves the mask all zeros (drivers/s390/crypto/
 * ap_bus.c ap_perms_init).  Then udev writes what its rules write on the AP
 * bus's boot events (virapudevrun.c).  The command line is /proc/cmdline:
 * the one the host booted with, which is also the next one unless the boot
 * loader's configuration changes.
 */
#include <config.h>

#include <string.h>

#include "virapboot.h"
#include "virapfile.h"
#include "viraproot.h"
#include "virapudev.h"
#include "virapudevrules.h"
#include "virapudevrun.h"
#include "viraperror.h"

/* kernel/params.c param_set_charp(): a longer value is refused */
#define VIR_AP_BOOT_CHARP_MAX 1024


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


/* Like virAPBootSourceDescribe(), naming the rule file that set @name. */
const char *
virAPBootDescribe(const virAPBootMasks *boot, virAPMaskName name)
{
    if (boot->source[name] == VIR_AP_BOOT_SOURCE_RULE && boot->file[name])
        return boot->file[name];
    return virAPBootSourceDescribe(boot->source[name]);
}


VIR_AP_ENUM_IMPL(virAPBootSource, VIR_AP_BOOT_SOURCE_LAST,
                 "default", "cmdline", "rule");


void
virAPBootMasksClear(virAPBootMasks *boot)
{
    size_t i;

    for (i = 0; i < VIR_AP_MASK_LAST; i++)
        g_clear_pointer(&boot->file[i], g_free);
}


/* isspace() of the kernel's lib/ctype.c: the C blanks and 0xa0 */
static bool
virAPBootIsSpace(char c)
{
    unsigned char u = c;

    return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}


/* parameq(): '-' and '_' are the same character in a parameter name */
static bool
virAPBootParamEqual(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = *a == '-' ? '_' : *a;
        char cb = *b == '-' ? '_' : *b;

        if (ca != cb)
            return false;
        if (!ca)
            return true;
    }
}


/*
 * One parameter at @args as lib/cmdline.c next_arg() cuts it (in place):
 * it ends at a blank outside double quotes; a quote opening the parameter
 * or the value is dropped with the last character if that is a quote;
 * other quotes stay.  Returns where the next parameter starts.
 */
static char *
virAPBootNextArg(char *args, char **param, char **val)
{
    bool inQuote = false;
    bool quoted = false;
    size_t i, equals = 0;

    if (*args == '"') {
        args++;
        inQuote = quoted = true;
    }
    for (i = 0; args[i]; i++) {
        if (virAPBootIsSpace(args[i]) && !inQuote)
            break;
        if (equals == 0 && args[i] == '=')
            equals = i;
        if (args[i] == '"')
            inQuote = !inQuote;
    }
    *param = args;
    *val = NULL;
    if (equals) {
        args[equals] = '\0';
        *val = args + equals + 1;
        if (**val == '"') {
            (*val)++;
            if (args[i - 1] == '"')
                args[i - 1] = '\0';
        }
    }
    if (quoted && i > 0 && args[i - 1] == '"')
        args[i - 1] = '\0';
    if (args[i]) {
        args[i] = '\0';
        args += i + 1;
    } else {
        args += i;
    }
    while (virAPBootIsSpace(*args))
        args++;
    return args;
}


/*
 * The value the kernel gives the built-in parameter @key ("ap.apmask"),
 * or NULL: kernel/params.c parse_args() reads the parameters up to a bare
 * "--"; each "@key=VALUE" sets it again (param_set_charp), except a value
 * longer than 1024 characters, and "@key" without '=', which the kernel
 * refuses, keeping the value it had.
 */
char *
virAPBootCmdlineValue(const char *cmdline, const char *key)
{
    g_autofree char *args = g_strdup(cmdline);
    char *value = NULL;
    char *p = args;

    while (virAPBootIsSpace(*p))
        p++;
    while (*p) {
        char *param, *val;

        p = virAPBootNextArg(p, &param, &val);
        if (!val && g_str_equal(param, "--"))
            break;
        if (!virAPBootParamEqual(param, key) || !val || strlen(val) > VIR_AP_BOOT_CHARP_MAX)
            continue;
        g_free(value);
        value = g_strdup(val);
    }
    return value;
}


/* ap_perms_init(): all ones, or the command line's value applied to zeros. */
static void
virAPBootBase(const char *cmdline, virAPMaskName name, virAPBootMasks *boot)
{
    g_autofree char *key = g_strdup_printf("ap.%s", virAPMaskNameTypeToString(name));
    g_autofree char *value = NULL;
    virAPMask *mask = virAPMaskPairGet(&boot->masks, name);
    virAPMask zero;

    virAPMaskSetAll(mask);
    boot->source[name] = VIR_AP_BOOT_SOURCE_DEFAULT;
    if (cmdline)
        value = virAPBootCmdlineValue(cmdline, key);
    if (value) {
        virAPMaskClearAll(&zero);
        boot->source[name] = VIR_AP_BOOT_SOURCE_CMDLINE;
        if (virAPMaskParseKernel(value, &zero, mask, NULL) < 0)
            *mask = zero;
    }
    *virAPMaskPairGet(&boot->base, name) = *mask;
    g_clear_pointer(&boot->file[name], g_free);
    boot->line[name] = 0;
}


static int
virAPBootApplyRules(const virAPUdevBootRun *run, virAPMaskName name,
                    virAPBootMasks *boot, GError **error)
{
    g_autofree char *writer = NULL;

    if (virAPUdevBootRunApply(run, virAPMaskNameTypeToString(name),
                              virAPMaskPairGet(&boot->base, name),
                              virAPMaskPairGet(&boot->masks, name), &writer, error) < 0)
        return -1;
    if (writer) {
        const char *colon = strrchr(writer, ':');

        boot->source[name] = VIR_AP_BOOT_SOURCE_RULE;
        boot->file[name] = g_strndup(writer, colon - writer);
        boot->line[name] = g_ascii_strtoull(colon + 1, NULL, 10);
    }
    return 0;
}


static int
virAPBootRead(const virAPUdevOverride *override, virAPBootMasks *boot,
              GError **error)
{
    g_autofree char *cmdlinePath = virAPRootPath("/proc/cmdline");
    g_autofree char *cmdline = NULL;
    g_autoptr(GPtrArray) files = NULL;
    g_autoptr(virAPUdevBootRun) run = NULL;

    if (virAPFileReadOptional(cmdlinePath, &cmdline, error) < 0)
        return -1;
    virAPBootBase(cmdline, VIR_AP_MASK_AP, boot);
    virAPBootBase(cmdline, VIR_AP_MASK_AQ, boot);
    if (virAPUdevRulesRead(override, &files, error) < 0 ||
        virAPUdevBootRunNew(files, &run, error) < 0 ||
        virAPBootApplyRules(run, VIR_AP_MASK_AP, boot, error) < 0 ||
        virAPBootApplyRules(run, VIR_AP_MASK_AQ, boot, error) < 0)
        return -1;
    return 0;
}


int
virAPBootReadMasks(virAPBootMasks *boot, GError **error)
{
    return virAPBootRead(NULL, boot, error);
}


/*
 * The masks of the next boot if the rule file @rulePath (a host path, such
 * as VIR_AP_UDEV_RULE) held @ruleText (NULL: if it did not exist), every
 * other file as it is: what a rewrite of 41-ap.rules would really give.
 */
int
virAPBootReadMasksReplacing(const char *rulePath, const char *ruleText,
                            virAPBootMasks *boot, GError **error)
{
    virAPUdevOverride override = { rulePath, ruleText };

    return virAPBootRead(&override, boot, error);
}
