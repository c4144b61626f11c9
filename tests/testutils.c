/*
 * testutils.c: data-driven test helpers
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutils.h"

static unsigned int virTestFailures;


void
virTestRun(const char *name, virTestFunc func, const void *data)
{
    int rc = func(data);

    printf("%s: %s\n", rc == 0 ? "PASS" : "FAIL", name);
    fflush(stdout);
    if (rc != 0)
        virTestFailures++;
}


/* Compares @actual with the file at @path and shows both on mismatch. */
int
virTestCompareToFile(const char *actual, const char *path)
{
    g_autofree char *expected = NULL;
    g_autoptr(GError) error = NULL;

    if (g_getenv("VIR_TEST_REGENERATE_OUTPUT")) {
        if (!g_file_set_contents(path, actual, -1, &error)) {
            fprintf(stderr, "%s\n", error->message);
            return -1;
        }
        return 0;
    }
    if (!g_file_get_contents(path, &expected, NULL, &error)) {
        fprintf(stderr, "%s\n", error->message);
        return -1;
    }
    if (strcmp(expected, actual) != 0) {
        fprintf(stderr, "--- expected %s\n%s--- actual\n%s---\n", path, expected, actual);
        return -1;
    }
    return 0;
}


char *
virTestDataPath(const char *relative)
{
    const char *srcdir = g_getenv("abs_srcdir");

    return g_build_filename(srcdir ? srcdir : ABS_SRCDIR, relative, NULL);
}


/* The expected-output file of an input file: its extension becomes ".out". */
char *
virTestOutputPath(const char *input)
{
    const char *dot = strrchr(input, '.');
    g_autofree char *base = g_strndup(input, dot ? (size_t)(dot - input) : strlen(input));

    return g_strconcat(base, ".out", NULL);
}


static int
virTestCompareNames(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char * const *)a, *(char * const *)b);
}


/* Runs @func on the path of every file in the data directory @dir (relative
 * to tests/) whose name ends with @suffix, in name order; the file name is
 * the case's name. */
void
virTestRunDataFiles(const char *dir, const char *suffix, virTestFunc func)
{
    g_autofree char *path = virTestDataPath(dir);
    g_autoptr(GDir) handle = g_dir_open(path, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    size_t i;

    while (handle && (name = g_dir_read_name(handle))) {
        if (g_str_has_suffix(name, suffix))
            g_ptr_array_add(names, g_strdup(name));
    }
    if (names->len == 0) {
        printf("FAIL: no %s files in %s\n", suffix, path);
        virTestFailures++;
        return;
    }
    g_ptr_array_sort(names, virTestCompareNames);
    for (i = 0; i < names->len; i++) {
        g_autofree char *file = g_build_filename(path, g_ptr_array_index(names, i), NULL);
        g_autofree char *desc = g_strdup_printf("%s/%s", dir, (char *)g_ptr_array_index(names, i));

        virTestRun(desc, func, file);
    }
}


/* The files run by virTestRunDataFile(), as "dir/file". */
static GHashTable *virTestFilesRun;


/* Runs @func on the path of tests/@dir/@file; the case is named after the
 * file.  A listed file that is missing fails its case. */
void
virTestRunDataFile(const char *dir, const char *file, virTestFunc func)
{
    g_autofree char *path = virTestDataPath(dir);
    g_autofree char *full = g_build_filename(path, file, NULL);
    char *desc = g_strdup_printf("%s/%s", dir, file);

    if (!virTestFilesRun)
        virTestFilesRun = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add(virTestFilesRun, desc);
    if (!g_file_test(full, G_FILE_TEST_IS_REGULAR)) {
        printf("FAIL: %s (the data file is missing)\n", desc);
        virTestFailures++;
        return;
    }
    virTestRun(desc, func, full);
}


/* Fails for every file of tests/@dir ending in @suffix that no
 * virTestRunDataFile() call ran: a new case must be listed to count. */
void
virTestCheckDataFilesRun(const char *dir, const char *suffix)
{
    g_autofree char *path = virTestDataPath(dir);
    g_autoptr(GDir) handle = g_dir_open(path, 0, NULL);
    const char *name;

    while (handle && (name = g_dir_read_name(handle))) {
        g_autofree char *desc = g_strdup_printf("%s/%s", dir, name);

        if (!g_str_has_suffix(name, suffix) ||
            (virTestFilesRun && g_hash_table_contains(virTestFilesRun, desc)))
            continue;
        printf("FAIL: %s is not listed in its test driver\n", desc);
        virTestFailures++;
    }
}


int
virTestFinish(void)
{
    return virTestFailures ? EXIT_FAILURE : EXIT_SUCCESS;
}
