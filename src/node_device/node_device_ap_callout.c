/*
 * node_device_ap_callout.c: what the mdevctl callout does, event by event
 *
 * mdevctl runs its callout as
 *   CALLOUT -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT
 * each option exactly once, with the device JSON on stdin for pre, post
 * and live events (research/mdevctl.md 2.2).  Each event's handler is a
 * transaction of its own: pre checks under the configuration lock and
 * keeps it, on mdevctl's behalf, until post; live modify checks and writes
 * ap_config under the lock.  The rules are the policy's.
 */
#include <config.h>

#include <json.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_callout.h"
#include "node_device_ap_policy.h"
#include "viraplock.h"
#include "viraperror.h"

typedef int (*virAPCalloutHandler)(const virAPCalloutArgs *args, const char *input,
                                   virAPCalloutResult *result, GError **error);

/* Also the lists announced to mdevctl >= 1.3 in get/capabilities. */
static const char *const virAPCalloutActions[] = {
    "define", "undefine", "modify", "start", "stop", "attributes", "capabilities",
};
static const char *const virAPCalloutEvents[] = { "pre", "post", "get", "live" };


void
virAPCalloutResultClear(virAPCalloutResult *result)
{
    g_clear_pointer(&result->problems, g_ptr_array_unref);
    g_clear_pointer(&result->output, g_free);
}


int
virAPCalloutParseArgs(int argc, char **argv, virAPCalloutArgs *args)
{
    const char **slots[] = { &args->type, &args->event, &args->action,
                             &args->state, &args->uuid, &args->parent };
    const char *letters = "teasup";
    int opt;

    memset(args, 0, sizeof(*args));
    opterr = 0;
    optind = 0; /* a full getopt reset, for callers that parse more than once */
    while ((opt = getopt(argc, argv, "+t:e:a:s:u:p:")) != -1) {
        const char *slot = opt == '?' || opt == ':' ? NULL : strchr(letters, opt);

        if (!slot || *slots[slot - letters])
            return -1;
        *slots[slot - letters] = optarg;
    }
    if (optind != argc || !args->type || !args->event || !args->action ||
        !args->state || !args->uuid || !args->parent)
        return -1;
    return 0;
}


/*
 * The definition mdevctl sent on stdin.  mdevctl >= 1.3 promotes an active
 * mdev ("define -u UUID" with no JSON) by sending pre define with no
 * attributes and storing the live ones afterwards (research/debian13-and-
 * libvirt-source.md 2; 1.2 asks for them first): what will be stored is
 * the live matrix, so that is what is judged.
 */
static int
virAPCalloutReadConfig(const virAPCalloutArgs *args, const char *input,
                       virAPMdevctlConfig **config, GError **error)
{
    g_autoptr(virAPActiveMdev) live = NULL;

    if (virAPMdevctlConfigParse(input, NULL, config, error) < 0)
        return -1;
    (*config)->uuid = g_strdup(args->uuid);
    if (!g_str_equal(args->action, "define") || (*config)->attrs->len)
        return 0;
    if (virAPSysfsReadMdev(args->uuid, &live, error) < 0)
        return -1;
    if (live) {
        g_ptr_array_unref((*config)->attrs);
        (*config)->attrs = virAPDeviceMatrixToAttrs(&live->matrix);
    }
    return 0;
}


/*
 * The host snapshots loaded, kept until the process ends: a callout handles
 * one event and exits, and freeing thousands of definitions one by one was
 * an eighth of a pre define (docs/performance.md).  They stay reachable, so
 * leak checkers do not count them.
 */
static GPtrArray *virAPCalloutHosts;


/* Judges the definition in @input under @scope, adding to result->problems;
 * *matrix (if given) is the matrix judged.  -1 without @error: refused. */
static int
virAPCalloutCheck(const virAPCalloutArgs *args, const char *input,
                  virAPScope scope, virAPCalloutResult *result,
                  virAPMatrix *matrix, GError **error)
{
    g_autoptr(virAPMdevctlConfig) config = NULL;
    g_autoptr(virAPDevice) dev = NULL;
    virAPHost *host = NULL;

    if (virAPCalloutReadConfig(args, input, &config, error) < 0 ||
        virAPDeviceNew(g_steal_pointer(&config), &dev, error) < 0 ||
        (dev->valid && virAPHostLoad(virAPPolicyHostParts(scope), &host, error) < 0))
        return -1;
    if (host) {
        if (!virAPCalloutHosts)
            virAPCalloutHosts = g_ptr_array_new();
        g_ptr_array_add(virAPCalloutHosts, host);
    }
    if (!result->problems)
        result->problems = virAPProblemListNew();
    g_ptr_array_extend_and_steal(result->problems, virAPPolicyCheck(dev, host, scope));
    if (virAPProblemsRefuse(result->problems))
        return -1;
    if (matrix)
        *matrix = dev->matrix;
    return 0;
}


/*
 * The lock, taken on behalf of the mdevctl that started the callout and
 * only while it lives: a callout whose mdevctl was killed (reparented, to
 * PID 1 or a subreaper) never holds the lock for a process that is not
 * its mdevctl, which would block every later command.
 */
static int
virAPCalloutLock(const virAPCalloutArgs *args, GError **error)
{
    if (args->mdevctl > 1 && getppid() == args->mdevctl) {
        if (virAPLockAcquire(args->mdevctl, error) < 0)
            return -1;
        if (getppid() == args->mdevctl)
            return 0;
        virAPLockRelease(args->mdevctl);
    }
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_LOCK, "%s",
                _("the mdevctl that ran this callout is gone: nothing is checked or locked on its behalf"));
    return -1;
}


/* pre: check under the lock and keep it, on mdevctl's behalf, until post. */
static int
virAPCalloutPre(const virAPCalloutArgs *args, const char *input,
                virAPCalloutResult *result, GError **error)
{
    int scope = -1;

    if (g_str_equal(args->action, "define") || g_str_equal(args->action, "modify"))
        scope = VIR_AP_SCOPE_DEFINE;
    else if (g_str_equal(args->action, "start"))
        scope = VIR_AP_SCOPE_START;

    if (virAPCalloutLock(args, error) < 0)
        return -1;
    /* stop and undefine never conflict: they only hold the lock */
    if (scope >= 0 && virAPCalloutCheck(args, input, scope, result, NULL, error) < 0) {
        virAPLockRelease(args->mdevctl);
        return -1;
    }
    return 0;
}


static int
virAPCalloutPost(const virAPCalloutArgs *args, const char *input,
                 virAPCalloutResult *result, GError **error)
{
    virAPLockRelease(args->mdevctl);
    return 0;
}


/* get/attributes: the live matrix, lock-free (it runs once per active mdev
 * on every "mdevctl list"). */
static int
virAPCalloutGetAttributes(const virAPCalloutArgs *args, const char *input,
                          virAPCalloutResult *result, GError **error)
{
    g_autoptr(virAPActiveMdev) mdev = NULL;
    g_autoptr(GPtrArray) attrs = NULL;

    if (virAPSysfsReadMdev(args->uuid, &mdev, error) < 0)
        return -1;
    if (!mdev) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("mdev %s is not active"), args->uuid);
        return -1;
    }
    attrs = virAPDeviceMatrixToAttrs(&mdev->matrix);
    result->output = virAPMdevctlFormatAttrs(attrs);
    return 0;
}


static json_object *
virAPCalloutIntersect(json_object *offered, const char *const *ours, size_t n)
{
    json_object *intersection = json_object_new_array();
    size_t i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; offered && j < json_object_array_length(offered); j++) {
            if (g_strcmp0(json_object_get_string(json_object_array_get_idx(offered, j)),
                          ours[i]) == 0) {
                json_object_array_add(intersection, json_object_new_string(ours[i]));
                break;
            }
        }
    }
    return intersection;
}


/* get/capabilities (mdevctl >= 1.3): what mdevctl offers that we handle. */
static int
virAPCalloutGetCapabilities(const virAPCalloutArgs *args, const char *input,
                            virAPCalloutResult *result, GError **error)
{
    json_object *root = json_tokener_parse(input);
    json_object *provides = NULL;
    json_object *actions = NULL;
    json_object *events = NULL;
    json_object *reply;
    json_object *supports;

    if (!root || !json_object_object_get_ex(root, "provides", &provides) ||
        !json_object_object_get_ex(provides, "actions", &actions) ||
        !json_object_object_get_ex(provides, "events", &events) ||
        !json_object_is_type(actions, json_type_array) ||
        !json_object_is_type(events, json_type_array)) {
        json_object_put(root);
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID, "%s",
                    _("get capabilities: stdin is not {\"provides\":{\"version\":N,\"actions\":[...],\"events\":[...]}}"));
        return -1;
    }
    supports = json_object_new_object();
    json_object_object_add(supports, "version", json_object_new_int(2));
    json_object_object_add(supports, "actions",
                           virAPCalloutIntersect(actions, virAPCalloutActions,
                                                 G_N_ELEMENTS(virAPCalloutActions)));
    json_object_object_add(supports, "events",
                           virAPCalloutIntersect(events, virAPCalloutEvents,
                                                 G_N_ELEMENTS(virAPCalloutEvents)));
    reply = json_object_new_object();
    json_object_object_add(reply, "supports", supports);
    result->output = g_strdup(json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN));
    json_object_put(reply);
    json_object_put(root);
    return 0;
}


/*
 * Whether the mdevctl that ran us will also store the definition: "modify
 * --live --defined" sends the live event first and the pre modify of the
 * stored definition after it (research/debian13-and-libvirt-source.md 2).
 * Its command line says; when it cannot be read, assume it will (a split
 * outcome is what must not happen).
 */
static bool
virAPCalloutAlsoDefines(const virAPCalloutArgs *args)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)args->mdevctl);
    g_autofree char *cmdline = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    gsize len;
    gsize i;

    if (!g_file_get_contents(path, &cmdline, &len, NULL) || !len)
        return true;
    for (i = 0; i < len; i += strlen(cmdline + i) + 1)
        g_ptr_array_add(argv, cmdline + i);
    g_ptr_array_add(argv, NULL);
    return virAPMdevctlModifiesDefined((const char *const *)argv->pdata) != 0;
}


/*
 * live/modify (mdevctl >= 1.3 modify --live): check the new matrix against
 * the active state, then hand it to the kernel in one ap_config write.
 * When the same command will also store it (--live --defined), the stored
 * half is judged first too: a change whose definition will be refused is
 * not applied live either, so that the two never split.
 */
static int
virAPCalloutLiveModify(const virAPCalloutArgs *args, const char *input,
                       virAPCalloutResult *result, GError **error)
{
    virAPMatrix matrix;
    int rc;

    if (virAPCalloutLock(args, error) < 0)
        return -1;
    rc = virAPCalloutCheck(args, input, VIR_AP_SCOPE_START, result, &matrix, error);
    if (rc == 0 && virAPCalloutAlsoDefines(args))
        rc = virAPCalloutCheck(args, input, VIR_AP_SCOPE_DEFINE, result, NULL, error);
    if (rc == 0)
        rc = virAPSysfsWriteAPConfig(args->uuid, &matrix, error);
    virAPLockRelease(args->mdevctl);
    return rc;
}


static const struct {
    const char *event;
    const char *action; /* NULL: any action */
    virAPCalloutHandler handler;
} virAPCalloutHandlers[] = {
    { "pre", "define", virAPCalloutPre },
    { "pre", "modify", virAPCalloutPre },
    { "pre", "start", virAPCalloutPre },
    { "pre", "stop", virAPCalloutPre },
    { "pre", "undefine", virAPCalloutPre },
    { "post", NULL, virAPCalloutPost },
    { "get", "attributes", virAPCalloutGetAttributes },
    { "get", "capabilities", virAPCalloutGetCapabilities },
    { "live", "modify", virAPCalloutLiveModify },
};


/*
 * Handles one event for a vfio_ap-passthrough mdev, once per process (what
 * it read of the host is freed by the process's end).  Returns 0 to let
 * mdevctl go on, -1 to veto: with @error set, or with the refusing
 * problems in @result.
 */
int
virAPCalloutRun(const virAPCalloutArgs *args, const char *input,
                virAPCalloutResult *result, GError **error)
{
    size_t i;

    if (!g_str_equal(args->parent, VIR_AP_MDEV_PARENT)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("parent '%s' is not '%s': a vfio_ap-passthrough mdev lives under the vfio_ap matrix device"),
                    args->parent, VIR_AP_MDEV_PARENT);
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(virAPCalloutHandlers); i++) {
        if (g_str_equal(virAPCalloutHandlers[i].event, args->event) &&
            (!virAPCalloutHandlers[i].action ||
             g_str_equal(virAPCalloutHandlers[i].action, args->action)))
            return virAPCalloutHandlers[i].handler(args, input, result, error);
    }
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                _("unsupported callout event '%s' with action '%s'"),
                args->event, args->action);
    return -1;
}
