/*
 * virapmatrixtest.c: the sysfs "matrix" / "control_domains" attributes and
 * "ap_config"
 *
 * tests/virapmatrixdata/NAME.in holds one case a line:
 *   sysfs MATRIX|CONTROLS   (C escapes: "\n" between lines)
 *   apconfig TEXT
 * NAME.out has the resulting ID lists, or the error, a line each.
 *
 * The matrix index is checked against comparing every pair, on random
 * matrices (a fixed seed).
 */
#include <config.h>

#include <string.h>

#include "testutils.h"
#include "virapmatrix.h"
#include "virapmatrixindex.h"


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


/* A random matrix of a few adapters and domains (sometimes none). */
static void
testIndexRandomMatrix(GRand *rand, virAPMatrix *matrix)
{
    int n;

    virAPMatrixClear(matrix);
    for (n = g_rand_int_range(rand, 0, 4); n > 0; n--)
        virAPMaskSetBit(&matrix->adapters, g_rand_int_range(rand, 0, 16));
    for (n = g_rand_int_range(rand, 0, 4); n > 0; n--)
        virAPMaskSetBit(&matrix->domains, g_rand_int_range(rand, 0, 16));
}


static bool
testIndexShare(const virAPMatrix *a, const virAPMatrix *b)
{
    virAPMask adapters, domains;

    virAPMaskAnd(&a->adapters, &b->adapters, &adapters);
    virAPMaskAnd(&a->domains, &b->domains, &domains);
    return !virAPMaskIsEmpty(&adapters) && !virAPMaskIsEmpty(&domains);
}


static bool
testIndexHas(const GArray *items, guint item)
{
    guint i;

    for (i = 0; i < items->len; i++)
        if (g_array_index(items, guint, i) == item)
            return true;
    return false;
}


/* Near() and Candidates() miss no matrix that shares an APQN; Near() is
 * ascending without repeats. */
static int
testIndex(const void *data G_GNUC_UNUSED)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(20261202);
    g_autoptr(virAPMatrixIndex) index = virAPMatrixIndexNew();
    virAPMatrix items[300];
    guint i, q, k;

    for (i = 0; i < G_N_ELEMENTS(items); i++) {
        testIndexRandomMatrix(rand, &items[i]);
        virAPMatrixIndexAdd(index, &items[i], i);
    }
    for (q = 0; q < 2000; q++) {
        virAPMatrix query;
        g_autoptr(GArray) near = NULL;
        unsigned int a = g_rand_int_range(rand, 0, 16);
        unsigned int d = g_rand_int_range(rand, 0, 16);
        const GArray *candidates = virAPMatrixIndexCandidates(index, a, d);

        testIndexRandomMatrix(rand, &query);
        near = virAPMatrixIndexNear(index, &query);
        for (k = 1; k < near->len; k++)
            if (g_array_index(near, guint, k - 1) >= g_array_index(near, guint, k))
                return -1;
        for (i = 0; i < G_N_ELEMENTS(items); i++) {
            if (testIndexShare(&query, &items[i]) && !testIndexHas(near, i))
                return -1;
            if (virAPMatrixHolds(&items[i], a, d) && !testIndexHas(candidates, i))
                return -1;
        }
    }
    return 0;
}


#define DO_TEST(file) virTestRunDataFile("virapmatrixdata", file, testMatrixScript)


int
main(void)
{
    DO_TEST("apconfig.in");
    DO_TEST("sysfs.in");
    virTestRun("matrix index: every matrix sharing an APQN is found, as comparing each pair finds it",
               testIndex, NULL);
    virTestCheckDataFilesRun("virapmatrixdata", ".in");
    return virTestFinish();
}
