/*
 * virapudevtest.c: the mask lines of 41-ap.rules
 *
 * Each tests/virapudevdata/NAME.rules is read; NAME.out lists the apmask and
 * aqmask values it writes at boot, in order, or the error.
 * Each NAME.change ("apmask=LIST|keep|remove aqmask=LIST|keep|remove", LIST
 * a zdev ID list) is applied to NAME.rules (no file if there is none);
 * NAME.updated is the resulting file, "(removed)", or the error.
 */
#include <config.h>

#include <string.h>

#include "testutils.h"
#include "virapudev.h"


static void
testUdevList(GString *out, const char *mask, GPtrArray *values)
{
    size_t i;

    g_string_append_printf(out, "%s:", mask);
    for (i = 0; i < values->len; i++)
        g_string_append_printf(out, " %s", (const char *)g_ptr_array_index(values, i));
    g_string_append_c(out, '\n');
}


static int
testUdev(const void *data)
{
    const char *path = data;
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *outpath = virTestOutputPath(path);
    g_autofree char *text = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPUdevRule) rule = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    if (virAPUdevRuleParse(text, name, &rule, &error) < 0) {
        g_string_append_printf(out, "error: %s\n", error->message);
    } else {
        testUdevList(out, "apmask", rule->apmask);
        testUdevList(out, "aqmask", rule->aqmask);
    }
    return virTestCompareToFile(out->str, outpath);
}


static int
testUdevParseChange(const char *word, const char *name, virAPUdevChange *change)
{
    g_autofree char *prefix = g_strdup_printf("%s=", name);
    const char *value;
    virAPMask zero;

    if (!g_str_has_prefix(word, prefix))
        return -1;
    value = word + strlen(prefix);
    change->type = g_str_equal(value, "keep") ? VIR_AP_UDEV_KEEP :
                   g_str_equal(value, "remove") ? VIR_AP_UDEV_REMOVE : VIR_AP_UDEV_SET;
    virAPMaskClearAll(&zero);
    if (change->type == VIR_AP_UDEV_SET &&
        virAPMaskParseSetting(value, &zero, &change->mask, NULL) < 0)
        return -1;
    return 0;
}


static int
testUdevUpdate(const void *data)
{
    const char *path = data;
    g_autofree char *base = g_strndup(path, strlen(path) - strlen(".change"));
    g_autofree char *rulesPath = g_strconcat(base, ".rules", NULL);
    g_autofree char *outpath = g_strconcat(base, ".updated", NULL);
    g_autofree char *name = g_path_get_basename(rulesPath);
    g_autofree char *changeText = NULL;
    g_autofree char *rules = NULL;
    g_autofree char *updated = NULL;
    g_autofree char *out = NULL;
    g_auto(GStrv) words = NULL;
    g_autoptr(GError) error = NULL;
    virAPUdevChange apmask, aqmask;

    if (!g_file_get_contents(path, &changeText, NULL, NULL))
        return -1;
    words = g_strsplit(g_strstrip(changeText), " ", -1);
    if (g_strv_length(words) != 2 ||
        testUdevParseChange(words[0], "apmask", &apmask) < 0 ||
        testUdevParseChange(words[1], "aqmask", &aqmask) < 0)
        return -1;
    g_file_get_contents(rulesPath, &rules, NULL, NULL);
    if (virAPUdevRuleUpdate(rules, name, &apmask, &aqmask, &updated, &error) < 0)
        out = g_strdup_printf("error: %s\n", error->message);
    else
        out = g_strdup(updated ? updated : "(removed)\n");
    return virTestCompareToFile(out, outpath);
}


int
main(void)
{
    virTestRunDataFiles("virapudevdata", ".rules", testUdev);
    virTestRunDataFiles("virapudevdata", ".change", testUdevUpdate);
    return virTestFinish();
}
