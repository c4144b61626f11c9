/*
 * virapmasktest.c: mask syntax, data-driven
 *
 * Each tests/virapmaskdata/NAME.in is a script, one command per line:
 *   start LIST    the current mask (zdev list, "all" or "none")
 *   set TEXT      a zdev setting applied to the current mask
 *   kernel TEXT   kernel text read against the current mask
 *   id TEXT       one ID
 * The results, one line per command, are compared with NAME.out.
 */
#include <config.h>

#include <string.h>

#include "testutils.h"
#include "virapmask.h"


static void
testMaskDescribe(GString *out, const virAPMask *mask)
{
    g_autofree char *list = virAPMaskFormatList(mask);
    g_autofree char *hex = virAPMaskFormatKernel(mask);

    g_string_append_printf(out, "\"%s\" %s\n", list, hex);
}


static void
testMaskCommand(GString *out, virAPMask *current, const char *line)
{
    g_autoptr(GError) error = NULL;
    const char *space = strchr(line, ' ');
    const char *arg = space ? space + 1 : "";
    g_autofree char *cmd = g_strndup(line, space ? (size_t)(space - line) : strlen(line));
    virAPMask mask;
    unsigned int id;
    int rc = -1;

    g_string_append_printf(out, "%s => ", line);
    if (g_str_equal(cmd, "start")) {
        virAPMaskClearAll(&mask);
        if (g_str_equal(arg, "all"))
            virAPMaskSetAll(&mask);
        rc = g_str_equal(arg, "all") || g_str_equal(arg, "none") ? 0 :
             virAPMaskParseSetting(arg, &mask, &mask, &error);
    } else if (g_str_equal(cmd, "set")) {
        rc = virAPMaskParseSetting(arg, current, &mask, &error);
    } else if (g_str_equal(cmd, "kernel")) {
        g_autofree char *text = g_strcompress(arg); /* allows "\n" in data */
        rc = virAPMaskParseKernel(text, current, &mask, &error);
    } else if (g_str_equal(cmd, "id")) {
        if ((rc = virAPMaskParseID(arg, &id, &error)) == 0) {
            g_string_append_printf(out, "%u\n", id);
            return;
        }
    } else {
        g_string_append(out, "unknown test command\n");
        return;
    }
    if (rc < 0) {
        g_string_append_printf(out, "error: %s\n", error->message);
        return;
    }
    *current = mask;
    testMaskDescribe(out, current);
}


static int
testMaskScript(const void *data)
{
    const char *inpath = data;
    g_autofree char *outpath = virTestOutputPath(inpath);
    g_autofree char *script = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    virAPMask current;
    size_t i;

    virAPMaskSetAll(&current);
    if (!g_file_get_contents(inpath, &script, NULL, NULL))
        return -1;
    lines = g_strsplit(script, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (!*lines[i] || lines[i][0] == '#')
            continue;
        testMaskCommand(out, &current, lines[i]);
    }
    return virTestCompareToFile(out->str, outpath);
}


static int
testMaskBits(const void *data)
{
    virAPMask mask;

    virAPMaskClearAll(&mask);
    virAPMaskSetBit(&mask, 0);
    virAPMaskSetBit(&mask, 255);
    if (mask.bytes[0] != 0x80 || mask.bytes[31] != 0x01)
        return -1;
    if (virAPMaskNextSetBit(&mask, -1) != 0 || virAPMaskNextSetBit(&mask, 0) != 255 ||
        virAPMaskNextSetBit(&mask, 255) != -1 || virAPMaskIsBitSet(&mask, 256))
        return -1;
    virAPMaskClearBit(&mask, 0);
    virAPMaskSetAll(&mask);
    return mask.bytes[0] == 0xff && mask.bytes[31] == 0xff ? 0 : -1;
}


#define DO_TEST(file) virTestRunDataFile("virapmaskdata", file, testMaskScript)


int
main(void)
{
    virTestRun("mask bit order", testMaskBits, NULL);
    DO_TEST("ids.in");
    DO_TEST("kernel.in");
    DO_TEST("seed.in");
    DO_TEST("strict.in");
    virTestCheckDataFilesRun("virapmaskdata", ".in");
    return virTestFinish();
}
