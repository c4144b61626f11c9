/*
 * virapmdevctltest.c: what virt-ap reads of mdevctl's own command line, and
 * the scanner of mdevctl's plain definitions against json-c
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "virapmdevctl.h"
#include "virapmdevctlscan.h"
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


/* -1: the scanner accepted @json and json-c read it otherwise (or not at
 * all); 1: the scanner accepted; 0: it declined. */
static int
testScanAgrees(const char *json)
{
    g_autoptr(virAPMdevctlConfig) scanned = virAPMdevctlScan(json, "origin");
    g_autoptr(virAPMdevctlConfig) parsed = NULL;
    size_t i;

    if (!scanned)
        return 0;
    if (virAPMdevctlConfigParseJSON(json, "origin", &parsed, NULL) < 0 ||
        !g_str_equal(scanned->type, parsed->type) ||
        !g_str_equal(scanned->origin, parsed->origin) ||
        scanned->autostart != parsed->autostart ||
        scanned->uuid || parsed->uuid ||
        scanned->attrs->len != parsed->attrs->len)
        return -1;
    for (i = 0; i < scanned->attrs->len; i++) {
        virAPMdevctlAttr *a = g_ptr_array_index(scanned->attrs, i);
        virAPMdevctlAttr *b = g_ptr_array_index(parsed->attrs, i);

        if (!g_str_equal(a->name, b->name) || !g_str_equal(a->value, b->value))
            return -1;
    }
    return 1;
}


/* The forms mdevctl writes (pretty: its files; compact: its stdin). */
static const char *const testScanPlain[] = {
    "{\n  \"mdev_type\": \"vfio_ap-passthrough\",\n  \"start\": \"auto\",\n  \"attrs\": [\n"
    "    {\n      \"assign_adapter\": \"2\"\n    },\n    {\n      \"assign_domain\": \"0x2b\"\n    }\n  ]\n}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\",\"attrs\":[{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"},{\"assign_control_domain\":\"43\"}]}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[]}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\"}",
    "{\"attrs\":null,\"start\":\"auto\",\"mdev_type\":\"nvidia-35\"}\r\n",
};

/* Inputs the scanner must leave to json-c (which accepts some of them). */
static const char *const testScanDeclined[] = {
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"\\u0032\"}]}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"start\":\"manual\"}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"uuid\":\"x\"}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"a\":\"1\",\"a\":\"2\"}]}",
    "{\"mdev_type\":\"vfio_ap-pass\u00fcthrough\",\"start\":\"auto\"}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"Auto\"}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":2}]}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\"} x",
    "\f{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\"}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":nul}",
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"a\":\"1\"},]}",
    "{\"start\":\"auto\"}",
    "{}",
    "",
};


static int
testScanForms(const void *data)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(testScanPlain); i++) {
        if (testScanAgrees(testScanPlain[i]) != 1) {
            fprintf(stderr, "not scanned as json-c reads it: %s\n", testScanPlain[i]);
            return -1;
        }
    }
    for (i = 0; i < G_N_ELEMENTS(testScanDeclined); i++) {
        if (testScanAgrees(testScanDeclined[i]) != 0) {
            fprintf(stderr, "scanned, not declined: %s\n", testScanDeclined[i]);
            return -1;
        }
    }
    return 0;
}


/*
 * The scanner against json-c on mutations of the plain forms: bytes
 * replaced, inserted, deleted and spans repeated, with the bytes that
 * matter to JSON more likely.  Where the scanner accepts, json-c must read
 * the same definition; the scanner must accept some mutants (the test
 * must reach its accepting paths).
 */
static int
testScanMutants(const void *data)
{
    static const char alphabet[] = "{}[]:,\" \\ntulfa0123\t\r\n\x01\x7f\xc3\xbc";
    GRand *rand = g_rand_new_with_seed(12);
    unsigned int accepted = 0;
    unsigned int n;
    int rc = 0;

    for (n = 0; n < 200000 && rc == 0; n++) {
        const char *seed = testScanPlain[n % G_N_ELEMENTS(testScanPlain)];
        GString *text = g_string_new(seed);
        unsigned int edits = g_rand_int_range(rand, 1, 4);
        int verdict;

        while (edits--) {
            gsize at = text->len ? g_rand_int_range(rand, 0, text->len) : 0;
            char c = alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
            gsize want = g_rand_int_range(rand, 1, 24);
            gsize span = MIN(text->len - at, want);

            switch (g_rand_int_range(rand, 0, 4)) {
            case 0:
                if (text->len)
                    text->str[at] = c;
                break;
            case 1:
                g_string_insert_c(text, at, c);
                break;
            case 2:
                g_string_erase(text, at, MIN(span, 8));
                break;
            default: {
                g_autofree char *copy = g_strndup(text->str + at, span);

                g_string_insert(text, g_rand_int_range(rand, 0, text->len + 1), copy);
            }
            }
        }
        verdict = testScanAgrees(text->str);
        if (verdict < 0) {
            fprintf(stderr, "scanner and json-c disagree on: %s\n", text->str);
            rc = -1;
        }
        accepted += verdict > 0;
        g_string_free(text, TRUE);
    }
    g_rand_free(rand);
    if (g_getenv("VIR_TEST_DEBUG"))
        fprintf(stderr, "the scanner accepted %u of %u mutants\n", accepted, n);
    if (rc == 0 && accepted < 1000) {
        fprintf(stderr, "the scanner accepted only %u mutants\n", accepted);
        rc = -1;
    }
    return rc;
}

int
main(void)
{
    virTestRun("scanner: mdevctl's plain forms scanned, others left to json-c", testScanForms, NULL);
    virTestRun("scanner: where it accepts, json-c reads the same (200000 mutants)", testScanMutants, NULL);
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
