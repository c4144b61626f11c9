/*
 * virapmdevctl.c: mdevctl device definitions (JSON)
 *
 * The rules are mdevctl's own (research/mdevctl.md 1.1): "mdev_type" and
 * "start" are required strings; "attrs" is absent, null, or a list of
 * objects with exactly one string member each, in order.  virt-ap is
 * stricter where mdevctl would misbehave: a number as a value (mdevctl 1.2
 * panics), a "start" that is neither auto nor manual, invalid UTF-8.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <string.h>
#include <unistd.h>

#include "virapfile.h"
#include "viraproot.h"
#include "virapmdevctl.h"
#include "virapmdevctlscan.h"

/* Nesting json-c allows: above what mdevctl's serde_json takes (128), so
 * that no definition mdevctl reads is unreadable to virt-ap. */
#define VIR_AP_MDEVCTL_JSON_DEPTH 256
#include "virapuuid.h"
#include "viraperror.h"


/* One allocation: the callout reads thousands of definitions. */
virAPMdevctlAttr *
virAPMdevctlAttrNewLen(const char *name, size_t nameLen,
                       const char *value, size_t valueLen)
{
    virAPMdevctlAttr *attr = g_malloc(sizeof(*attr) + nameLen + valueLen + 2);

    attr->name = (char *)(attr + 1);
    attr->value = attr->name + nameLen + 1;
    memcpy(attr->name, name, nameLen);
    attr->name[nameLen] = '\0';
    memcpy(attr->value, value, valueLen);
    attr->value[valueLen] = '\0';
    return attr;
}


virAPMdevctlAttr *
virAPMdevctlAttrNew(const char *name, const char *value)
{
    return virAPMdevctlAttrNewLen(name, strlen(name), value, strlen(value));
}


void
virAPMdevctlAttrFree(virAPMdevctlAttr *attr)
{
    g_free(attr);
}


/* How messages name a definition that came from @origin: the file, or for
 * NULL the device JSON mdevctl sent to the callout, named in the user's
 * language only when a message needs it (starting gettext costs more than
 * scanning a definition; docs/performance.md). */
const char *
virAPMdevctlOriginName(const char *origin)
{
    return origin ? origin : _("device JSON from mdevctl");
}


/* The origin in the same allocation: the callout reads thousands. */
virAPMdevctlConfig *
virAPMdevctlConfigNew(const char *origin)
{
    size_t len = origin ? strlen(origin) + 1 : 0;
    virAPMdevctlConfig *config = g_malloc0(sizeof(*config) + len);

    if (origin)
        config->origin = memcpy(config + 1, origin, len);
    config->attrs = g_ptr_array_new_with_free_func((GDestroyNotify)virAPMdevctlAttrFree);
    return config;
}


void
virAPMdevctlConfigFree(virAPMdevctlConfig *config)
{
    if (!config)
        return;
    g_free(config->uuid);
    g_free(config->type);
    g_ptr_array_unref(config->attrs);
    g_free(config);
}


static int
virAPMdevctlConfigParseAttrs(json_object *attrs, virAPMdevctlConfig *config,
                           GError **error)
{
    size_t i;

    if (!json_object_is_type(attrs, json_type_array)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: \"attrs\" must be a list"), virAPMdevctlOriginName(config->origin));
        return -1;
    }
    for (i = 0; i < json_object_array_length(attrs); i++) {
        json_object *item = json_object_array_get_idx(attrs, i);
        struct json_object_iterator it;

        if (!json_object_is_type(item, json_type_object) ||
            json_object_object_length(item) != 1) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s: attribute %zu must be an object with exactly one member"),
                        virAPMdevctlOriginName(config->origin), i + 1);
            return -1;
        }
        it = json_object_iter_begin(item);
        if (!json_object_is_type(json_object_iter_peek_value(&it), json_type_string)) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s: attribute %zu (%s) must have a string value"),
                        virAPMdevctlOriginName(config->origin), i + 1,
                        json_object_iter_peek_name(&it));
            return -1;
        }
        g_ptr_array_add(config->attrs,
                        virAPMdevctlAttrNew(json_object_iter_peek_name(&it),
                                          json_object_get_string(json_object_iter_peek_value(&it))));
    }
    return 0;
}


static const char *
virAPMdevctlConfigGetString(json_object *root, const char *key,
                          const char *origin, GError **error)
{
    json_object *value;

    if (!json_object_object_get_ex(root, key, &value) ||
        !json_object_is_type(value, json_type_string)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: \"%s\" is missing or not a string"),
                    virAPMdevctlOriginName(origin), key);
        return NULL;
    }
    return json_object_get_string(value);
}


/* The definition in @json as json-c reads it: the authority, and every
 * message about a definition that is not in the plain form. */
int
virAPMdevctlConfigParseJSON(const char *json, const char *origin,
                            virAPMdevctlConfig **config, GError **error)
{
    g_autoptr(virAPMdevctlConfig) parsed = virAPMdevctlConfigNew(origin);
    json_tokener *tok = json_tokener_new_ex(VIR_AP_MDEVCTL_JSON_DEPTH);
    json_object *root;
    json_object *attrs;
    const char *start;
    const char *type;
    int rc = -1;

    /* strict: no trailing text, no comments, valid UTF-8 */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    root = json_tokener_parse_ex(tok, json, strlen(json));
    if (!root || json_tokener_get_error(tok) != json_tokener_success) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: invalid JSON at byte %zu: %s"), virAPMdevctlOriginName(origin),
                    json_tokener_get_parse_end(tok),
                    json_tokener_error_desc(json_tokener_get_error(tok)));
        goto cleanup;
    }
    if (!json_object_is_type(root, json_type_object)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: a device definition must be a JSON object"),
                    virAPMdevctlOriginName(origin));
        goto cleanup;
    }
    if (!(type = virAPMdevctlConfigGetString(root, "mdev_type", origin, error)) ||
        !(start = virAPMdevctlConfigGetString(root, "start", origin, error)))
        goto cleanup;
    if (!g_str_equal(start, "auto") && !g_str_equal(start, "manual")) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: \"start\" is '%s', not 'auto' or 'manual'"),
                    virAPMdevctlOriginName(origin), start);
        goto cleanup;
    }
    parsed->type = g_strdup(type);
    parsed->autostart = g_str_equal(start, "auto");
    if (json_object_object_get_ex(root, "attrs", &attrs) && attrs &&
        virAPMdevctlConfigParseAttrs(attrs, parsed, error) < 0)
        goto cleanup;

    *config = g_steal_pointer(&parsed);
    rc = 0;

 cleanup:
    json_object_put(root);
    json_tokener_free(tok);
    return rc;
}


/* The plain form mdevctl writes is scanned (virapmdevctlscan.c), anything
 * else read by json-c. */
int
virAPMdevctlConfigParse(const char *json, const char *origin,
                        virAPMdevctlConfig **config, GError **error)
{
    if ((*config = virAPMdevctlScan(json, origin)))
        return 0;
    return virAPMdevctlConfigParseJSON(json, origin, config, error);
}


/* A definition must be a plain file: a link or a directory where mdevctl
 * keeps one is refused by name, never skipped.  *config stays NULL when the
 * file was removed since the directory was listed. */
static int
virAPMdevctlConfigReadFile(const char *path, virAPMdevctlConfig **config,
                           GError **error)
{
    g_autofree char *text = NULL;

    *config = NULL;
    if (virAPFileReadFlags(path, VIR_AP_FILE_OPTIONAL | VIR_AP_FILE_NOFOLLOW, &text, error) < 0)
        return -1;
    if (!text)
        return 0;
    return virAPMdevctlConfigParse(text, path, config, error);
}


/* One definition, @entry of the directory open as @dirfd: a file readdir()
 * says is regular is read with one read into @buf.  @path is the
 * directory's path and a '/', and holds the file's path meanwhile (the
 * callout reads thousands of definitions). */
static int
virAPMdevctlConfigReadEntry(int dirfd, GString *path, const virAPUUIDDirEntry *entry,
                            char *buf, virAPMdevctlConfig **config, GError **error)
{
    gsize dirLen = path->len;
    int rc;

    g_string_append(path, entry->name);
    *config = NULL;
    if (entry->type != DT_REG)
        rc = virAPMdevctlConfigReadFile(path->str, config, error);
    else if ((rc = virAPFileReadAt(dirfd, entry->name, path->str,
                                   VIR_AP_FILE_OPTIONAL | VIR_AP_FILE_NOFOLLOW, buf, error)) > 0)
        rc = virAPMdevctlConfigParse(buf, path->str, config, error);
    if (*config)
        (*config)->uuid = g_strdup(entry->uuid);
    g_string_truncate(path, dirLen);
    return rc < 0 ? -1 : 0;
}


/*
 * Every definition under /etc/mdevctl.d/@parent, sorted by file name.  One
 * that cannot be read or parsed fails the whole listing, as it would fail
 * mdevctl's: a check that skipped it could let a clash through.
 */
int
virAPMdevctlConfigListParent(const char *parent, GPtrArray **configs,
                           GError **error)
{
    g_autofree char *rel = g_build_filename(VIR_AP_MDEVCTL_CONFIG_DIR, parent, NULL);
    g_autofree char *dir = virAPRootPath(rel);
    g_autoptr(GPtrArray) found =
        g_ptr_array_new_with_free_func((GDestroyNotify)virAPMdevctlConfigFree);
    g_autoptr(GPtrArray) entries = NULL;
    g_autofree char *buf = NULL;
    g_autoptr(GString) path = NULL;
    int dirfd;
    size_t i;
    int rc = 0;

    if (!g_file_test(dir, G_FILE_TEST_EXISTS)) {
        *configs = g_steal_pointer(&found);
        return 0;
    }
    if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return virAPReportSystemError(error, errno, _("cannot list '%s'"), dir);
    if (virAPUUIDListDirAt(dirfd, dir, &entries, error) < 0) {
        close(dirfd);
        return -1;
    }
    buf = g_malloc(VIR_AP_FILE_MAX + 1);
    path = g_string_new(dir);
    g_string_append_c(path, '/');
    for (i = 0; rc == 0 && i < entries->len; i++) {
        virAPMdevctlConfig *config;

        rc = virAPMdevctlConfigReadEntry(dirfd, path, g_ptr_array_index(entries, i),
                                         buf, &config, error);
        if (config)
            g_ptr_array_add(found, config);
    }
    close(dirfd);
    if (rc < 0)
        return -1;
    *configs = g_steal_pointer(&found);
    return 0;
}


/* The compact attrs list mdevctl expects from a get-attributes callout. */
char *
virAPMdevctlFormatAttrs(GPtrArray *attrs)
{
    json_object *array = json_object_new_array();
    char *text;
    size_t i;

    for (i = 0; i < attrs->len; i++) {
        virAPMdevctlAttr *attr = g_ptr_array_index(attrs, i);
        json_object *item = json_object_new_object();

        json_object_object_add(item, attr->name, json_object_new_string(attr->value));
        json_object_array_add(array, item);
    }
    text = g_strdup(json_object_to_json_string_ext(array, JSON_C_TO_STRING_PLAIN |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(array);
    return text;
}


/* udev's search order for a rule file name: the first one found is used. */
static const char *const virAPMdevctlUdevRuleDirs[] = {
    "/etc/udev/rules.d", "/run/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d",
};


/*
 * The program that mdevctl's udev rule runs at boot to start autostart
 * devices ("... /usr/sbin/mdevctl start-parent-mdevs %k ..."): *rule is the
 * rule file udev uses and *command the program path, both NULL when there
 * is no such rule.
 */
int
virAPMdevctlBootCommand(char **rule, char **command, GError **error)
{
    size_t i;

    *rule = *command = NULL;
    for (i = 0; i < G_N_ELEMENTS(virAPMdevctlUdevRuleDirs); i++) {
        g_autofree char *rel = g_build_filename(virAPMdevctlUdevRuleDirs[i], "60-mdevctl.rules", NULL);
        g_autofree char *path = virAPRootPath(rel);
        g_autofree char *text = NULL;
        const char *verb;
        const char *start;

        if (virAPFileReadOptional(path, &text, error) < 0)
            return -1;
        if (!text)
            continue;
        *rule = g_strdup(rel);
        if ((verb = strstr(text, " start-parent-mdevs"))) {
            for (start = verb; start > text && !strchr(" \t'\"{;", start[-1]); start--)
                ;
            *command = g_strndup(start, verb - start);
        }
        return 0;
    }
    return 0;
}


/*
 * Whether the mdevctl command line @argv is a "modify" that also changes
 * the stored definition (--defined, -d, also inside a cluster such as
 * -ld): 1 if so, 0 if not, -1 if @argv is no modify mdevctl would parse
 * the way this reads it.  The options are mdevctl's (src/cli.rs, 1.3+):
 * -u/-p/-t/-i and --uuid, --parent, --type, --index, --addattr, --value,
 * --jsonfile take a value, the rest are flags.
 */
int
virAPMdevctlModifiesDefined(const char *const *argv)
{
    static const char *const withValue[] = {
        "--uuid", "--parent", "--type", "--index", "--addattr", "--value", "--jsonfile", NULL,
    };
    static const char *const flags[] = {
        "--live", "--auto", "--manual", "--delattr", "--force", NULL,
    };
    size_t i;

    for (i = 1; argv[i] && !g_str_equal(argv[i], "modify"); i++)
        ;
    if (!argv[i])
        return -1;
    for (i++; argv[i] && !g_str_equal(argv[i], "--"); i++) {
        const char *arg = argv[i];
        const char *p;

        if (g_str_equal(arg, "--defined"))
            return 1;
        if (g_str_has_prefix(arg, "--")) {
            if (strchr(arg, '=') || g_strv_contains(flags, arg))
                continue;
            if (!g_strv_contains(withValue, arg) || !argv[++i])
                return -1;
            continue;
        }
        if (arg[0] != '-')
            return -1;
        for (p = arg + 1; *p; p++) {
            if (*p == 'd')
                return 1;
            if (strchr("upti", *p)) {
                if (!p[1] && !argv[++i])
                    return -1;
                break;
            }
            if (!strchr("lamf", *p))
                return -1;
        }
    }
    return 0;
}
