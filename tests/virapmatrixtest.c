/*
 * virapmatrixtest.c: the sysfs "matrix" / "control_domains" attributes and
 * "ap_config"
 *
 * tests/virapmatrixdata/NAME.in holds one case a line:
 *   sysfs MATRIX|CONTROLS   (C escapes: "\n" between lines)
 *   apconfig TEXT
 * NAME.out has the resulting ID lists, or the error, a line each.
 */
#include <config.h>

#include <string.h>

#include "testutils.h"
#include "virapmatrix.h"


static void
testMatrixCase(GString *out, const char *line)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *arg = g_strcompress(strchr(line, ' ') ? strchr(line, ' ') + 1 : "");
    virAPMatrix matrix;
    int rc = -1;

    g_string_append_printf(out, "%s => ", line);
    if (g_str_has_prefix(line, "sysfs ")) {
        char *bar = strchr(arg, '|');

        if (bar)
            *bar = '\0';
        rc = virAPMatrixParseSysfs(arg, bar ? bar + 1 : "", "test", &matrix, &error);
    } else if (g_str_has_prefix(line, "apconfig ")) {
        rc = virAPMatrixParseAPConfig(arg, &matrix, &error);
        if (rc == 0) {
            g_autofree char *back = virAPMatrixFormatAPConfig(&matrix);

            if (!g_str_equal(g_strchomp(back), arg))
                g_string_append(out, "(formats differently) ");
        }
    }
    if (rc < 0) {
        g_string_append_printf(out, "error: %s\n", error ? error->message : "unknown command");
    } else {
        g_autofree char *a = virAPMaskFormatList(&matrix.adapters);
        g_autofree char *d = virAPMaskFormatList(&matrix.domains);
        g_autofree char *c = virAPMaskFormatList(&matrix.controlDomains);

        g_string_append_printf(out, "adapters \"%s\" domains \"%s\" control \"%s\"\n", a, d, c);
    }
}


static int
testMatrixScript(const void *data)
{
    const char *path = data;
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *outpath = virTestOutputPath(path);
    g_autofree char *script = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    size_t i;

    if (!g_file_get_contents(path, &script, NULL, NULL))
        return -1;
    lines = g_strsplit(script, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (*lines[i] && lines[i][0] != '#')
            testMatrixCase(out, lines[i]);
    }
    return virTestCompareToFile(out->str, outpath);
}


#define DO_TEST(file) virTestRunDataFile("virapmatrixdata", file, testMatrixScript)


int
main(void)
{
    DO_TEST("apconfig.in");
    DO_TEST("sysfs.in");
    virTestCheckDataFilesRun("virapmatrixdata", ".in");
    return virTestFinish();
}
