/*
 * virapmdevctltest.c: what virt-ap reads of mdevctl's own command line
 */
#include <config.h>

#include <stdio.h>

#include "virapmdevctl.h"
#include "testutils.h"

typedef struct {
    const char *cmdline;  /* blank-separated */
    int expected;
} testModifyCase;


static int
testModifiesDefined(const void *data)
{
    const testModifyCase *tc = data;
    g_auto(GStrv) argv = g_strsplit(tc->cmdline, " ", -1);
    int actual = virAPMdevctlModifiesDefined((const char *const *)argv);

    if (actual != tc->expected) {
        fprintf(stderr, "'%s': expected %d, got %d\n", tc->cmdline, tc->expected, actual);
        return -1;
    }
    return 0;
}


#define DO_TEST(cmdline, expected) \
    do { \
        static const testModifyCase tc = { cmdline, expected }; \
        virTestRun("modify --defined? " cmdline, testModifiesDefined, &tc); \
    } while (0)

#define U "0f0f0f0f-0000-4000-8000-000000000001"

int
main(void)
{
    /* libvirt 11.3 nodedev-update --live --config, --config, --live */
    DO_TEST("/usr/bin/mdevctl modify --parent=matrix --jsonfile=/dev/stdin --uuid=" U " --defined --live", 1);
    DO_TEST("/usr/bin/mdevctl modify --parent=matrix --jsonfile=/dev/stdin --uuid=" U " --defined", 1);
    DO_TEST("/usr/bin/mdevctl modify --parent=matrix --jsonfile=/dev/stdin --uuid=" U " --live", 0);
    /* by hand: short flags, clusters, values apart or attached */
    DO_TEST("mdevctl modify -u " U " -l -d --jsonfile f", 1);
    DO_TEST("mdevctl modify -ld -u " U " --jsonfile f", 1);
    DO_TEST("mdevctl modify -lu " U " --jsonfile f", 0);
    DO_TEST("mdevctl modify -u" U " -l --jsonfile f", 0);
    DO_TEST("mdevctl modify -p matrix -u dddddddd-0000-4000-8000-000000000001 --live --jsonfile f", 0);
    DO_TEST("mdevctl modify --uuid " U " --live --jsonfile d", 0);
    DO_TEST("mdevctl modify --live --jsonfile f -- -d", 0);
    /* not what this reads: unknown */
    DO_TEST("mdevctl define -u " U, -1);
    DO_TEST("mdevctl modify -u " U " --frobnicate", -1);
    DO_TEST("mdevctl modify -x", -1);
    DO_TEST("mdevctl modify -u", -1);
    DO_TEST("mdevctl modify stray", -1);
    return virTestFinish();
}
