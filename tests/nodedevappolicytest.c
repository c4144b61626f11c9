/*
 * nodedevappolicytest.c: the policy, rule by rule, on hosts built in memory
 *
 * Each case names a host, a definition (mdevctl JSON) and a scope, and the
 * problems the policy must find, each written "severity:rule:APQNS:other"
 * (APQNS comma-separated, "-" for none), joined by " | ".
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "node_device_ap_overrides.h"
#include "node_device_ap_policy.h"
#include "testutils.h"

#define SEED_AUTO "d36d7d0f-cf3d-4fef-bb9c-ed393954996b"
#define SEED_MANUAL "5eed5eed-0000-4000-8000-000000000002"
#define SELF "0f0f0f0f-0000-4000-8000-000000000001"


static void
testSetMask(virAPMask *mask, const char *ids)
{
    virAPMask empty;

    virAPMaskClearAll(&empty);
    g_assert_cmpint(virAPMaskParseSetting(ids, &empty, mask, NULL), ==, 0);
}


static virAPDevice *
testDevice(const char *uuid, const char *json)
{
    virAPMdevctlConfig *config = NULL;
    virAPDevice *dev = NULL;

    g_assert_cmpint(virAPMdevctlConfigParse(json, "test", &config, NULL), ==, 0);
    config->uuid = g_strdup(uuid);
    g_assert_cmpint(virAPDeviceNew(config, &dev, NULL), ==, 0);
    return dev;
}


/*
 * The seed post's host: 64 adapters, 16 domains; the host gives adapter 2
 * and domain 43 to vfio_ap, now and after reboot (43 > 15 only matters for
 * the bounds cases); an autostart definition and its active mdev hold
 * 02.002b; a manual definition holds 02.0033.
 */
static virAPHost *
testHostSeed(void)
{
    virAPHost *host = g_new0(virAPHost, 1);
    virAPActiveMdev *mdev = g_new0(virAPActiveMdev, 1);

    host->maxAdapter = 255;
    host->maxDomain = 255;
    testSetMask(&host->active.apmask, "0-1,3-255");
    testSetMask(&host->active.aqmask, "0-42,44-255");
    host->boot.masks = host->active;
    host->boot.base = host->active;
    host->boot.source[VIR_AP_MASK_AP] = VIR_AP_BOOT_SOURCE_RULE;
    host->boot.source[VIR_AP_MASK_AQ] = VIR_AP_BOOT_SOURCE_RULE;
    host->definitions = g_ptr_array_new_with_free_func((GDestroyNotify)virAPDeviceFree);
    g_ptr_array_add(host->definitions,
                    testDevice(SEED_AUTO, "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\","
                               "\"attrs\":[{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"}]}"));
    g_ptr_array_add(host->definitions,
                    testDevice(SEED_MANUAL, "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\","
                               "\"attrs\":[{\"assign_adapter\":\"2\"},{\"assign_domain\":\"51\"}]}"));
    host->activeMdevs = g_ptr_array_new_with_free_func((GDestroyNotify)virAPActiveMdevFree);
    mdev->uuid = g_strdup(SEED_AUTO);
    testSetMask(&mdev->matrix.adapters, "2");
    testSetMask(&mdev->matrix.domains, "43");
    g_ptr_array_add(host->activeMdevs, mdev);
    virAPHostIndex(host);
    return host;
}


/* The seed host, with a kernel whose mdevs take ap_config (Linux >= 6.10). */
static virAPHost *
testHostSeedAPConfig(void)
{
    virAPHost *host = testHostSeed();

    host->apConfig = true;
    return host;
}


/* The seed host, on a machine with 16 adapters and 16 domains. */
static virAPHost *
testHostSmall(void)
{
    virAPHost *host = testHostSeed();

    host->maxAdapter = 15;
    host->maxDomain = 15;
    return host;
}


/* The seed host, where the boot will give all of adapter 3 to vfio_ap as
 * well (apmask differs after reboot), but nothing is active now. */
static virAPHost *
testHostBootOnly(void)
{
    virAPHost *host = testHostSeed();

    testSetMask(&host->boot.masks.apmask, "0-1,4-255");
    host->boot.source[VIR_AP_MASK_AQ] = VIR_AP_BOOT_SOURCE_DEFAULT;
    g_ptr_array_set_size(host->activeMdevs, 0);
    virAPHostIndex(host);
    return host;
}


/* The seed host on Linux 6.19 (masks mode): the kernel checks a mask write
 * that sets bits against every ID of the other mask. */
static virAPHost *
testHostSeed619(void)
{
    virAPHost *host = testHostSeed();

    host->overrides.supported = true;
    return host;
}


#define OVR_AUTO "0a0a0a0a-0000-4000-8000-000000000001"
#define OVR_MDEV "0b0b0b0b-0000-4000-8000-000000000002"

/*
 * Linux 6.19 override mode: both masks all ones, now and after reboot;
 * queues 01.0005-01.0007 and 02.0005 exist; 01.0005 and 01.0006 have
 * driver_override vfio_ap and are bound to it, 01.0007 has it but is still
 * bound to cex4queue; driverctl hands 01.0005 over at boot.  An autostart
 * definition holds 01.0005; active mdev OVR_MDEV holds 01.0006.
 */
static virAPHost *
testHostOverride(void)
{
    virAPHost *host = g_new0(virAPHost, 1);
    virAPActiveMdev *mdev = g_new0(virAPActiveMdev, 1);

    host->maxAdapter = 255;
    host->maxDomain = 255;
    virAPMaskSetAll(&host->active.apmask);
    virAPMaskSetAll(&host->active.aqmask);
    host->boot.masks = host->active;
    host->boot.base = host->active;
    host->overrides.supported = true;
    host->overrides.scanned = true;
    testSetMask(&host->overrides.queues[1], "5-7");
    testSetMask(&host->overrides.queues[2], "5");
    testSetMask(&host->overrides.set[1], "5-7");
    testSetMask(&host->overrides.vfio[1], "5-6");
    host->overrides.count = 3;
    host->overrides.first = g_strdup("01.0005 (vfio_ap)");
    testSetMask(&host->driverctl.set[1], "5");
    testSetMask(&host->driverctl.vfio[1], "5");
    host->driverctl.count = 1;
    host->driverctl.first = g_strdup("/etc/driverctl.d/ap-01.0005");
    host->driverctl.rule = g_strdup("/usr/lib/udev/rules.d/05-driverctl.rules");
    host->definitions = g_ptr_array_new_with_free_func((GDestroyNotify)virAPDeviceFree);
    g_ptr_array_add(host->definitions,
                    testDevice(OVR_AUTO, "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\","
                               "\"attrs\":[{\"assign_adapter\":\"1\"},{\"assign_domain\":\"5\"}]}"));
    host->activeMdevs = g_ptr_array_new_with_free_func((GDestroyNotify)virAPActiveMdevFree);
    mdev->uuid = g_strdup(OVR_MDEV);
    testSetMask(&mdev->matrix.adapters, "1");
    testSetMask(&mdev->matrix.domains, "6");
    g_ptr_array_add(host->activeMdevs, mdev);
    virAPHostIndex(host);
    return host;
}


/* Override mode with a boot whose apmask gives adapter 2 away: driverctl's
 * overrides fail then (EINVAL), the masks decide. */
static virAPHost *
testHostOverrideMixedBoot(void)
{
    virAPHost *host = testHostOverride();

    testSetMask(&host->boot.masks.apmask, "0-1,3-255");
    return host;
}


/* Override mode where driverctl is not installed: its files do nothing. */
static virAPHost *
testHostOverrideNoDriverctl(void)
{
    virAPHost *host = testHostOverride();

    g_clear_pointer(&host->driverctl.rule, g_free);
    return host;
}


static char *
testDescribe(GPtrArray *problems)
{
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i, j;

    for (i = 0; i < problems->len; i++) {
        const virAPProblem *problem = g_ptr_array_index(problems, i);

        g_string_append_printf(out, "%s%s:%s:", i ? " | " : "",
                               virAPSeverityTypeToString(problem->severity),
                               virAPRuleTypeToString(problem->rule));
        for (j = 0; j < problem->apqns->len; j++) {
            const virAPQN *apqn = &g_array_index(problem->apqns, virAPQN, j);

            g_string_append_printf(out, "%s%02x.%04x", j ? "," : "", apqn->adapter, apqn->domain);
        }
        g_string_append_printf(out, "%s:%s", problem->apqns->len ? "" : "-",
                               problem->other ? problem->other : "-");
        if (!problem->message || strchr(problem->message, '\n'))
            g_string_append(out, " (BAD MESSAGE)");
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}


typedef struct {
    virAPHost *(*host)(void);
    const char *json;
    virAPScope scope;
    const char *expected;
} testPolicyCase;


static int
testPolicy(const void *data)
{
    const testPolicyCase *tc = data;
    g_autoptr(virAPHost) host = tc->host();
    g_autoptr(virAPDevice) dev = testDevice(SELF, tc->json);
    g_autoptr(GPtrArray) problems = virAPPolicyCheck(dev, host, tc->scope);
    g_autofree char *actual = testDescribe(problems);

    if (!g_str_equal(actual, tc->expected)) {
        fprintf(stderr, "expected: %s\nactual:   %s\n", tc->expected, actual);
        return -1;
    }
    return 0;
}


typedef struct {
    virAPMaskScope scope;
    const char *apmask;  /* the change, as a zdev setting on the host */
    const char *aqmask;
    const char *expected;
    virAPHost *(*host)(void); /* NULL: the seed host */
} testMaskCase;


static int
testMaskChange(const void *data)
{
    const testMaskCase *tc = data;
    g_autoptr(virAPHost) host = tc->host ? tc->host() : testHostSeed();
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *actual = NULL;
    virAPMaskPair from = tc->scope == VIR_AP_MASK_SCOPE_ACTIVE ? host->active : host->boot.masks;
    virAPMaskPair to = from;

    g_assert_cmpint(virAPMaskParseSetting(tc->apmask, &from.apmask, &to.apmask, NULL), ==, 0);
    g_assert_cmpint(virAPMaskParseSetting(tc->aqmask, &from.aqmask, &to.aqmask, NULL), ==, 0);
    problems = virAPPolicyCheckMaskChange(tc->scope, &from, &to, host);
    actual = testDescribe(problems);
    if (!g_str_equal(actual, tc->expected)) {
        fprintf(stderr, "expected: %s\nactual:   %s\n", tc->expected, actual);
        return -1;
    }
    return 0;
}


#define ATTRS(start, list) \
    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"" start "\",\"attrs\":[" list "]}"

#define DO_TEST(name, hostFunc, json, scope, expected) \
    do { \
        static const testPolicyCase tc = { hostFunc, json, scope, expected }; \
        virTestRun("policy " name, testPolicy, &tc); \
    } while (0)

#define DO_TEST_MASKS(name, scope, apmask, aqmask, expected) \
    do { \
        static const testMaskCase tc = { scope, apmask, aqmask, expected, NULL }; \
        virTestRun("mask change " name, testMaskChange, &tc); \
    } while (0)

#define DO_TEST_MASKS_ON(name, hostFunc, scope, apmask, aqmask, expected) \
    do { \
        static const testMaskCase tc = { scope, apmask, aqmask, expected, hostFunc }; \
        virTestRun("mask change " name, testMaskChange, &tc); \
    } while (0)


typedef struct {
    virAPHost *(*host)(void);
    virAPMaskScope scope;
    const char *vfio;      /* queues handed to vfio_ap, or NULL */
    const char *back;      /* queues given back to the default driver, or NULL */
    const char *expected;
} testOverrideCase;


static int
testOverrideChange(const void *data)
{
    const testOverrideCase *tc = data;
    g_autoptr(virAPHost) host = tc->host();
    g_autoptr(GArray) requests = g_array_new(FALSE, FALSE, sizeof(virAPQueueRequest));
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *actual = NULL;

    if (tc->vfio)
        g_assert_cmpint(virAPOverrideParseQueues(tc->vfio, true, requests, NULL), ==, 0);
    if (tc->back)
        g_assert_cmpint(virAPOverrideParseQueues(tc->back, false, requests, NULL), ==, 0);
    problems = virAPPolicyCheckOverrideChange(tc->scope, requests, host);
    actual = testDescribe(problems);
    if (!g_str_equal(actual, tc->expected)) {
        fprintf(stderr, "expected: %s\nactual:   %s\n", tc->expected, actual);
        return -1;
    }
    return 0;
}

#define DO_TEST_OVERRIDES(name, hostFunc, scope, vfio, back, expected) \
    do { \
        static const testOverrideCase tc = { hostFunc, scope, vfio, back, expected }; \
        virTestRun("override change " name, testOverrideChange, &tc); \
    } while (0)


int
main(void)
{
    /* attribute: every bad one, nothing else judged */
    DO_TEST("attribute: unknown name and bad value", testHostSeed,
            ATTRS("manual", "{\"assign_adaptor\":\"2\"},{\"assign_domain\":\"0x2g\"},{\"assign_adapter\":\"3\"}"),
            VIR_AP_SCOPE_DEFINE, "error:attribute:-:- | error:attribute:-:-");
    DO_TEST("attribute: the kernel's number syntax: '+', 0x, trailing newline", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"+2\"},{\"assign_domain\":\"0X32\\n\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    DO_TEST("attribute: '0x' alone, a sign inside, two newlines", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"0x\"},{\"assign_domain\":\"-1\"},{\"assign_domain\":\"5\\n\\n\"}"),
            VIR_AP_SCOPE_DEFINE, "error:attribute:-:- | error:attribute:-:- | error:attribute:-:-");
    DO_TEST("attribute: a leading 0 is octal, as the kernel reads it (warning)", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"02\"},{\"assign_domain\":\"062\"}"),
            VIR_AP_SCOPE_DEFINE, "warning:attribute-octal:-:- | warning:attribute-octal:-:-");
    DO_TEST("attribute: '08' is no octal number", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"08\"}"),
            VIR_AP_SCOPE_DEFINE, "error:attribute:-:-");
    DO_TEST("attribute: an empty value is a write the kernel never sees (warning)", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_DEFINE, "warning:attribute-empty:-:-");
    DO_TEST("attribute: an ID above 255 no host has", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"256\"}"),
            VIR_AP_SCOPE_DEFINE, "error:attribute:-:-");
    DO_TEST("bounds: unassign too, each ID once", testHostSmall,
            ATTRS("manual", "{\"unassign_adapter\":\"40\"},"
                            "{\"unassign_domain\":\"40\"},{\"unassign_adapter\":\"40\"}"),
            VIR_AP_SCOPE_DEFINE, "error:bounds:-:- | error:bounds:-:-");
    DO_TEST("bounds: the IDs of an ap_config write", testHostSmall,
            ATTRS("manual", "{\"ap_config\":\"0x00008,0x00008,0x00008\"}"),
            VIR_AP_SCOPE_DEFINE,
            "error:bounds:-:- | error:bounds:-:- | error:bounds:-:- | error:persistent-masks:10.0010:-");
    /* bounds */
    DO_TEST("bounds: adapter, domain and control domain", testHostSmall,
            ATTRS("manual", "{\"assign_adapter\":\"16\"},{\"assign_domain\":\"15\"},{\"assign_control_domain\":\"20\"}"),
            VIR_AP_SCOPE_START, "error:bounds:-:- | error:bounds:-:- | error:active-masks:10.000f:-");
    DO_TEST("bounds: the highest IDs are fine", testHostSmall,
            ATTRS("manual", "{\"assign_adapter\":\"15\"},{\"assign_domain\":\"15\"},{\"assign_control_domain\":\"15\"}"),
            VIR_AP_SCOPE_DEFINE, "error:persistent-masks:0f.000f:-");
    /* control domains */
    DO_TEST("control domains without usage domain", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_control_domain\":\"43\"}"),
            VIR_AP_SCOPE_DEFINE, "error:control-domains:-:-");
    DO_TEST("control domains with a usage domain", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"50\"},{\"assign_control_domain\":\"43\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    /* persistent masks */
    DO_TEST("persistent masks: kept after reboot", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_DEFINE, "error:persistent-masks:03.0032:-");
    DO_TEST("persistent masks: free after reboot though kept now", testHostBootOnly,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    DO_TEST("persistent masks: past 8 APQNs one summary carries the rest", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"50\"},{\"assign_domain\":\"51\"},"
                            "{\"assign_domain\":\"52\"},{\"assign_domain\":\"53\"},{\"assign_domain\":\"54\"},"
                            "{\"assign_domain\":\"55\"},{\"assign_domain\":\"56\"},{\"assign_domain\":\"57\"},"
                            "{\"assign_domain\":\"58\"},{\"assign_domain\":\"59\"}"),
            VIR_AP_SCOPE_DEFINE,
            "error:persistent-masks:03.0032:- | error:persistent-masks:03.0033:- | "
            "error:persistent-masks:03.0034:- | error:persistent-masks:03.0035:- | "
            "error:persistent-masks:03.0036:- | error:persistent-masks:03.0037:- | "
            "error:persistent-masks:03.0038:- | error:persistent-masks:03.0039:- | "
            "error:persistent-masks:03.003a,03.003b:-");
    /* definitions */
    DO_TEST("autostart overlap", testHostSeed,
            ATTRS("auto", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"}"),
            VIR_AP_SCOPE_DEFINE, "error:autostart-overlap:02.002b:" SEED_AUTO);
    DO_TEST("an overlap with a manual definition is a warning", testHostSeed,
            ATTRS("auto", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"51\"}"),
            VIR_AP_SCOPE_DEFINE, "warning:definition-overlap:02.0033:" SEED_MANUAL);
    DO_TEST("a manual definition's overlap is a warning", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"}"),
            VIR_AP_SCOPE_DEFINE, "warning:definition-overlap:02.002b:" SEED_AUTO);
    /* active masks and mdevs */
    DO_TEST("active masks", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_START, "error:active-masks:03.0032:-");
    DO_TEST("active mdev", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"}"),
            VIR_AP_SCOPE_START, "error:active-mdev:02.002b:" SEED_AUTO);
    DO_TEST("start checks neither definitions nor the boot", testHostBootOnly,
            ATTRS("auto", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"}"),
            VIR_AP_SCOPE_START, "");
    DO_TEST("define checks neither active masks nor mdevs", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_DEFINE, "");

    /* the replay: writes in order, as the kernel checks them */
    DO_TEST("replay: a step on the way pairs adapter 3 with domain 50, kept after reboot", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"50\"},"
                            "{\"unassign_adapter\":\"3\"},{\"assign_adapter\":\"2\"}"),
            VIR_AP_SCOPE_DEFINE, "error:step-kept-by-host:03.0032:-");
    DO_TEST("replay: the same order is fine when nothing is kept", testHostBootOnly,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"50\"},"
                            "{\"unassign_adapter\":\"3\"},{\"assign_adapter\":\"2\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    DO_TEST("replay: unassign first, then no step pairs them", testHostSeed,
            ATTRS("manual", "{\"assign_domain\":\"50\"},{\"assign_adapter\":\"2\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    DO_TEST("replay: a step on the way holds the active mdev's APQN (start)", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"},"
                            "{\"unassign_domain\":\"43\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_START, "error:step-in-other-mdev:02.002b:" SEED_AUTO);
    DO_TEST("replay: the host's APQN on the way, now (start)", testHostSeed,
            ATTRS("manual", "{\"assign_domain\":\"50\"},{\"assign_adapter\":\"3\"},"
                            "{\"unassign_adapter\":\"3\"},{\"assign_adapter\":\"2\"}"),
            VIR_AP_SCOPE_START, "error:step-kept-by-host:03.0032:-");
    DO_TEST("replay: an autostart definition's APQN on the way (define, autostart)", testHostBootOnly,
            ATTRS("auto", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"},"
                          "{\"unassign_domain\":\"43\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_DEFINE, "error:step-in-other-mdev:02.002b:" SEED_AUTO);
    DO_TEST("replay: ... not for a manual definition", testHostBootOnly,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"43\"},"
                            "{\"unassign_domain\":\"43\"},{\"assign_domain\":\"50\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    DO_TEST("replay: an ap_config write is checked whole", testHostSeed,
            ATTRS("manual", "{\"ap_config\":\"0x30,0x00000000000080,0x\"},{\"ap_config\":\"0x20,0x00000000000020,\"}"),
            VIR_AP_SCOPE_DEFINE, "error:step-kept-by-host:03.0030:-");
    DO_TEST("ap_config: a kernel without it cannot start a definition that writes it", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"ap_config\":\"0x20,0x00000000000020,\"}"),
            VIR_AP_SCOPE_START, "error:ap-config-unsupported:-:-");
    DO_TEST("ap_config: ... a kernel with it can", testHostSeedAPConfig,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"ap_config\":\"0x20,0x00000000000020,\"}"),
            VIR_AP_SCOPE_START, "");
    DO_TEST("ap_config: ... and define does not ask (the next boot's kernel is not known)", testHostSeed,
            ATTRS("manual", "{\"ap_config\":\"0x20,0x00000000000020,\"}"),
            VIR_AP_SCOPE_DEFINE, "");
    DO_TEST("replay: assigning an ID again is no write the kernel checks", testHostSeed,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"50\"},{\"assign_adapter\":\"2\"}"),
            VIR_AP_SCOPE_START, "");

    /* the mask change */
    DO_TEST_MASKS("active: giving adapter 2 back takes 02.002b from its mdev",
                  VIR_AP_MASK_SCOPE_ACTIVE, "+2", "+43",
                  "error:mask-change-active:02.002b:" SEED_AUTO);
    DO_TEST_MASKS("active: giving domain 51 back is fine (no active mdev has it)",
                  VIR_AP_MASK_SCOPE_ACTIVE, "+2", "-0",
                  "");
    DO_TEST_MASKS("persistent: manual definitions count too",
                  VIR_AP_MASK_SCOPE_PERSISTENT, "+2", "+51",
                  "error:mask-change-persistent:02.0033:" SEED_MANUAL);
    DO_TEST_MASKS("taking more from the host never clashes",
                  VIR_AP_MASK_SCOPE_PERSISTENT, "-0-1", "-0-10",
                  "");

    /* Linux 6.19 override mode: ownership per queue */
    DO_TEST("override: queues handed to vfio_ap are free now (start)", testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"5\"}"),
            VIR_AP_SCOPE_START, "");
    DO_TEST("override: a queue without override is the host's now, with the override remedy", testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"2\"},{\"assign_domain\":\"5\"}"),
            VIR_AP_SCOPE_START, "error:active-override:02.0005:-");
    DO_TEST("override: an override still bound to the default driver is the host's (ap_owned_by_def_drv)",
            testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"7\"}"),
            VIR_AP_SCOPE_START, "error:active-override:01.0007:-");
    DO_TEST("override: an APQN without a queue stays the host's (the masks are all ones)", testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"3\"},{\"assign_domain\":\"5\"}"),
            VIR_AP_SCOPE_START, "error:active-override:03.0005:-");
    DO_TEST("override: the active mdev's queue is still in use", testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"6\"}"),
            VIR_AP_SCOPE_START, "error:active-mdev:01.0006:" OVR_MDEV);
    DO_TEST("override: driverctl hands 01.0005 over after reboot (define)", testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"5\"}"),
            VIR_AP_SCOPE_DEFINE, "warning:definition-overlap:01.0005:" OVR_AUTO);
    DO_TEST("override: without driverctl's file the host keeps it after reboot", testHostOverride,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"6\"}"),
            VIR_AP_SCOPE_DEFINE, "error:persistent-override:01.0006:-");
    DO_TEST("override: a mixed boot is an error, and the masks decide", testHostOverrideMixedBoot,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"6\"},"
                            "{\"assign_adapter\":\"2\"}"),
            VIR_AP_SCOPE_DEFINE, "error:overrides-mixed:-:- | error:persistent-masks:01.0006:-");
    DO_TEST("override: replay: a step on the way pairs 02.0005, kept now (start)", testHostOverride,
            ATTRS("manual", "{\"assign_domain\":\"5\"},{\"assign_adapter\":\"2\"},"
                            "{\"unassign_adapter\":\"2\"},{\"assign_adapter\":\"1\"}"),
            VIR_AP_SCOPE_START, "error:step-kept-by-host:02.0005:-");

    DO_TEST("override: driverctl's files do nothing without its udev rule", testHostOverrideNoDriverctl,
            ATTRS("manual", "{\"assign_adapter\":\"1\"},{\"assign_domain\":\"5\"}"),
            VIR_AP_SCOPE_DEFINE, "error:persistent-override:01.0005:- | warning:definition-overlap:01.0005:" OVR_AUTO);

    /* K1: Linux 6.19 checks the new bits against every ID of the other mask */
    DO_TEST_MASKS_ON("6.19: giving adapter 2 back is checked against every domain (02.002b)",
                     testHostSeed619, VIR_AP_MASK_SCOPE_ACTIVE, "+2", "-0",
                     "error:mask-change-active:02.002b:" SEED_AUTO);
    DO_TEST_MASKS_ON("before 6.19: domain 43 back, adapter 2 not kept: no clash",
                     testHostSeed, VIR_AP_MASK_SCOPE_ACTIVE, "+0", "+43", "");
    DO_TEST_MASKS_ON("6.19: domain 43 back is checked against every adapter (02.002b)",
                     testHostSeed619, VIR_AP_MASK_SCOPE_ACTIVE, "+0", "+43",
                     "error:mask-change-active:02.002b:" SEED_AUTO);
    DO_TEST_MASKS_ON("6.19: the persistent check stays what the boot keeps (no kernel write check)",
                     testHostSeed619, VIR_AP_MASK_SCOPE_PERSISTENT, "+0", "+43", "");
    DO_TEST_MASKS_ON("override mode: no active mask write while a queue has an override",
                     testHostOverride, VIR_AP_MASK_SCOPE_ACTIVE, "-3", "+0",
                     "error:mask-change-overrides:-:-");
    DO_TEST_MASKS_ON("override mode: persistent masks not all ones break driverctl at boot",
                     testHostOverride, VIR_AP_MASK_SCOPE_PERSISTENT, "-3", "+0",
                     "error:mask-change-overrides:-:/etc/driverctl.d/ap-01.0005");
    DO_TEST_MASKS_ON("override mode: persistent masks that stay all ones are fine",
                     testHostOverride, VIR_AP_MASK_SCOPE_PERSISTENT, "+3", "+0", "");

    /* the override change */
    DO_TEST_OVERRIDES("active: handing a queue over", testHostOverride,
                      VIR_AP_MASK_SCOPE_ACTIVE, "02.0005", NULL, "");
    DO_TEST_OVERRIDES("active: not from an active mdev", testHostOverride,
                      VIR_AP_MASK_SCOPE_ACTIVE, NULL, "01.0006,01.0007",
                      "error:override-change-active:01.0006:" OVR_MDEV);
    DO_TEST_OVERRIDES("active: no such queue", testHostOverride,
                      VIR_AP_MASK_SCOPE_ACTIVE, "03.0005", NULL,
                      "error:override-change-no-queue:03.0005:-");
    DO_TEST_OVERRIDES("persistent: not from a definition; a missing queue is fine", testHostOverride,
                      VIR_AP_MASK_SCOPE_PERSISTENT, "03.0005", "01.0005",
                      "error:override-change-persistent:01.0005:" OVR_AUTO);
    DO_TEST_OVERRIDES("persistent: no driverctl, nothing would apply the file", testHostOverrideNoDriverctl,
                      VIR_AP_MASK_SCOPE_PERSISTENT, "02.0005", NULL,
                      "error:override-change-no-driverctl:-:-");
    DO_TEST_OVERRIDES("persistent: no driverctl, removing files is fine", testHostOverrideNoDriverctl,
                      VIR_AP_MASK_SCOPE_PERSISTENT, NULL, "02.0005", "");
    DO_TEST_OVERRIDES("active: masks not all ones", testHostSeed,
                      VIR_AP_MASK_SCOPE_ACTIVE, "02.0005", NULL,
                      "error:override-change-masks:-:-");
    DO_TEST_OVERRIDES("persistent: boot masks not all ones", testHostOverrideMixedBoot,
                      VIR_AP_MASK_SCOPE_PERSISTENT, "02.0005", NULL,
                      "error:override-change-masks:-:-");
    return virTestFinish();
}
