/*
 * virapudevtest.c: the mask lines of 41-ap.rules
 *
 * Each tests/virapudevdata/NAME.rules is read; NAME.out lists the apmask and
 * aqmask values it writes at boot, in order, or the error.
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


int
main(void)
{
    virTestRunDataFiles("virapudevdata", ".rules", testUdev);
    return virTestFinish();
}
