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


static int
virTestCompareNames(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char * const *)a, *(char * const *)b);
}


/* Sorted names (not paths) in @dir ending with @suffix. */
GPtrArray *
virTestListFiles(const char *dir, const char *suffix)
{
    g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (!handle)
        return names;
    while ((name = g_dir_read_name(handle))) {
        if (g_str_has_suffix(name, suffix))
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, virTestCompareNames);
    return names;
}


int
virTestFinish(void)
{
    return virTestFailures ? EXIT_FAILURE : EXIT_SUCCESS;
}
