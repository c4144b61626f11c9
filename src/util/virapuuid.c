/*
 * virapuuid.c: UUIDs as mdevctl and sysfs name devices
 *
 * A UUID becomes a path component, so only the canonical lower-case
 * 8-4-4-4-12 form is ever used to build one.
 */
#include <config.h>

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <uuid/uuid.h>

#include "virapuuid.h"
#include "viraperror.h"


/*
 * mdevctl takes any name its UUID parser accepts as a definition: the
 * hyphenated form in either case, 32 bare hex digits, "urn:uuid:..." and
 * "{...}".  Returns the canonical form, or NULL.
 */
/* The form mdevctl itself writes, recognized without parsing. */
static bool
virAPUUIDIsCanonical(const char *text)
{
    size_t i;

    for (i = 0; i < 36; i++) {
        unsigned char c = text[i];

        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if ((unsigned int)(c - '0') > 9 && (unsigned int)(c - 'a') > 5) {
            return false;
        }
    }
    return text[36] == '\0';
}


static char *
virAPUUIDParseAny(const char *text)
{
    g_autofree char *hyphenated = NULL;
    size_t len;
    uuid_t uuid;
    char canonical[37];

    if (virAPUUIDIsCanonical(text))
        return g_strdup(text);
    len = strlen(text);
    if (g_str_has_prefix(text, "urn:uuid:")) {
        text += strlen("urn:uuid:");
        len -= strlen("urn:uuid:");
    } else if (len == 38 && text[0] == '{' && text[37] == '}') {
        hyphenated = g_strndup(text + 1, 36);
        text = hyphenated;
        len = 36;
    }
    if (len == 32) {
        hyphenated = g_strdup_printf("%.8s-%.4s-%.4s-%.4s-%.12s", text,
                                     text + 8, text + 12, text + 16, text + 20);
        text = hyphenated;
        len = 36;
    }
    if (len != 36 || uuid_parse(text, uuid) < 0)
        return NULL;
    uuid_unparse_lower(uuid, canonical);
    return g_strdup(canonical);
}

static void
virAPUUIDReportInvalid(const char *text, GError **error)
{
    g_autofree char *shown = g_strescape(text, NULL);

    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                _("'%s' is not a UUID (8-4-4-4-12 hex digits)"), shown);
}


/* Any form mdevctl accepts; returns the canonical lower-case form. */
char *
virAPUUIDCanonicalize(const char *text, GError **error)
{
    char *canonical = virAPUUIDParseAny(text);

    if (!canonical)
        virAPUUIDReportInvalid(text, error);
    return canonical;
}


/*
 * A UUID as libvirt reads one in XML (viruuid.c virUUIDParse): 32 hex
 * digits, '-' and ' ' anywhere between digit pairs, blanks around.
 */
char *
virAPUUIDCanonicalizeLibvirt(const char *text, GError **error)
{
    g_autoptr(GString) digits = g_string_new(NULL);
    const char *p = text;

    while (g_ascii_isspace(*p))
        p++;
    while (digits->len < 32 && *p) {
        if (*p == '-' || *p == ' ') {
            p++;
            continue;
        }
        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]))
            break;
        g_string_append_len(digits, p, 2);
        p += 2;
    }
    while (g_ascii_isspace(*p))
        p++;
    if (digits->len == 32 && !*p)
        return virAPUUIDCanonicalize(digits->str, error);
    virAPUUIDReportInvalid(text, error);
    return NULL;
}


static int
virAPUUIDCompare(gconstpointer a, gconstpointer b)
{
    return strcmp((*(virAPUUIDDirEntry * const *)a)->name,
                  (*(virAPUUIDDirEntry * const *)b)->name);
}


/* The entries of the directory open as @dirfd (@path, for messages) whose
 * names mdevctl would take for UUIDs, whatever their form, sorted by name,
 * each with the type readdir() gives it (DT_UNKNOWN where the file system
 * does not say): a reader of every entry needs no stat of its own. */
int
virAPUUIDListDirAt(int dirfd, const char *path, GPtrArray **entries,
                   GError **error)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
    struct dirent *entry;
    int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    DIR *dir;

    if (fd < 0 || !(dir = fdopendir(fd))) {
        int err = errno;

        if (fd >= 0)
            close(fd);
        return virAPReportSystemError(error, err, _("cannot list '%s'"), path);
    }
    while ((errno = 0, entry = readdir(dir))) {
        size_t len = strlen(entry->d_name);
        g_autofree char *canonical = NULL;
        virAPUUIDDirEntry *found1;

        if (!virAPUUIDIsCanonical(entry->d_name) &&
            !(canonical = virAPUUIDParseAny(entry->d_name)))
            continue;
        found1 = g_malloc(sizeof(*found1) + len + 1);
        found1->type = entry->d_type;
        memcpy(found1->uuid, canonical ? canonical : entry->d_name, sizeof(found1->uuid));
        memcpy(found1->name, entry->d_name, len + 1);
        g_ptr_array_add(found, found1);
    }
    if (errno != 0) {
        int err = errno;

        closedir(dir);
        return virAPReportSystemError(error, err, _("cannot list '%s'"), path);
    }
    closedir(dir);
    g_ptr_array_sort(found, virAPUUIDCompare);
    *entries = g_steal_pointer(&found);
    return 0;
}


/* The sorted names in @path (which must exist) that mdevctl would take for
 * UUIDs, whatever their form. */
int
virAPUUIDListDir(const char *path, GPtrArray **names, GError **error)
{
    g_autoptr(GPtrArray) entries = NULL;
    int dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    size_t i;
    int rc;

    if (dirfd < 0)
        return virAPReportSystemError(error, errno, _("cannot list '%s'"), path);
    rc = virAPUUIDListDirAt(dirfd, path, &entries, error);
    close(dirfd);
    if (rc < 0)
        return -1;
    *names = g_ptr_array_new_full(entries->len, g_free);
    for (i = 0; i < entries->len; i++)
        g_ptr_array_add(*names, g_strdup(((virAPUUIDDirEntry *)g_ptr_array_index(entries, i))->name));
    return 0;
}
