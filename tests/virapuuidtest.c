/*
 * virapuuidtest.c: the UUID forms mdevctl takes, and the directory lister
 */
#include <config.h>

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "virapuuid.h"
#include "testutils.h"

#define CANONICAL "d36d7d0f-cf3d-4fef-bb9c-ed393954996b"

typedef struct {
    const char *text;
    const char *canonical;  /* NULL: refused */
} testUUIDCase;


static int
testCanonicalize(const void *data)
{
    const testUUIDCase *tc = data;
    g_autoptr(GError) error = NULL;
    g_autofree char *actual = virAPUUIDCanonicalize(tc->text, &error);

    if (g_strcmp0(actual, tc->canonical) != 0) {
        fprintf(stderr, "'%s': expected %s, got %s\n", tc->text,
                tc->canonical ? tc->canonical : "a refusal", actual ? actual : "a refusal");
        return -1;
    }
    /* a refusal names the text, escaped: one line whatever it holds */
    if (!actual && (!error || strchr(error->message, '\n')))
        return -1;
    return 0;
}


static int
testListDir(const void *data)
{
    g_autofree char *dir = g_dir_make_tmp("virapuuidtest-XXXXXX", NULL);
    const char *names[] = { CANONICAL, "D36D7D0F-CF3D-4FEF-BB9C-ED393954996A",
                            "not-a-uuid", ".hidden", "d36d7d0fcf3d4fefbb9ced393954996c" };
    g_autoptr(GPtrArray) found = NULL;
    g_autofree char *joined = NULL;
    size_t i;
    int rc = 0;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = g_build_filename(dir, names[i], NULL);

        g_file_set_contents(path, "", 0, NULL);
    }
    if (virAPUUIDListDir(dir, &found, NULL) < 0)
        rc = -1;
    if (rc == 0) {
        g_ptr_array_add(found, NULL);
        joined = g_strjoinv(" ", (char **)found->pdata);
        if (!g_str_equal(joined, "D36D7D0F-CF3D-4FEF-BB9C-ED393954996A " CANONICAL
                                 " d36d7d0fcf3d4fefbb9ced393954996c")) {
            fprintf(stderr, "listed: %s\n", joined);
            rc = -1;
        }
    }
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = g_build_filename(dir, names[i], NULL);

        g_unlink(path);
    }
    g_rmdir(dir);
    return rc;
}


static int
testListMissingDir(const void *data)
{
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GError) error = NULL;

    if (virAPUUIDListDir("/nonexistent/virapuuidtest", &found, &error) == 0 || !error)
        return -1;
    return strstr(error->message, "/nonexistent/virapuuidtest") ? 0 : -1;
}


#define DO_TEST_NAMED(name, text, canonical) \
    do { \
        static const testUUIDCase tc = { text, canonical }; \
        virTestRun("uuid " name, testCanonicalize, &tc); \
    } while (0)
#define DO_TEST(text, canonical) DO_TEST_NAMED(text, text, canonical)

int
main(void)
{
    DO_TEST(CANONICAL, CANONICAL);
    DO_TEST("D36D7D0F-CF3D-4FEF-BB9C-ED393954996B", CANONICAL);
    DO_TEST("d36d7d0fcf3d4fefbb9ced393954996b", CANONICAL);
    DO_TEST("urn:uuid:" CANONICAL, CANONICAL);
    DO_TEST("{" CANONICAL "}", CANONICAL);
    DO_TEST("d36d7d0f-cf3d-4fef-bb9c-ed393954996", NULL);
    DO_TEST("d36d7d0f-cf3d-4fef-bb9c-ed393954996bb", NULL);
    DO_TEST("d36d7d0g-cf3d-4fef-bb9c-ed393954996b", NULL);
    DO_TEST("../../etc/passwd", NULL);
    DO_TEST("", NULL);
    DO_TEST_NAMED("with a newline", "d36d7d0f-cf3d-4fef-bb9c-ed39395\n996b", NULL);
    virTestRun("uuid: a directory's UUID names, sorted", testListDir, NULL);
    virTestRun("uuid: a missing directory is named", testListMissingDir, NULL);
    return virTestFinish();
}
