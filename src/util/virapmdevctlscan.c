/*
 * virapmdevctlscan.c: the plain form of an mdevctl definition, read
 * without json-c
 *
 * "pre define" reads every definition under /etc/mdevctl.d/matrix, and
 * building and freeing a json-c tree per file was most of its cost
 * (docs/performance.md).  This scanner takes only the form mdevctl itself
 * writes: one object holding "mdev_type" and "start" (auto or manual), each
 * once, and optionally "attrs" once (null, or a list of objects with one
 * member each), every key and value printable ASCII without escapes,
 * JSON whitespace between tokens.  Anything else is declined (NULL) and
 * read by json-c (virAPMdevctlConfigParseJSON), which stays the authority
 * and words every error.  Where this accepts, the result is json-c's:
 * tests/virapmdevctltest.c and fuzz/fuzz_mdevctl_scan.c compare them.
 */
#include <config.h>

#include <string.h>

#include "virapmdevctlscan.h"

typedef struct {
    const char *start;
    size_t len;
} virAPMdevctlScanString;


static void
virAPMdevctlScanSpace(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}


static bool
virAPMdevctlScanChar(const char **p, char c)
{
    virAPMdevctlScanSpace(p);
    if (**p != c)
        return false;
    (*p)++;
    return true;
}


/* The bytes a plain string holds: printable ASCII but '"' and '\\'. */
static const bool virAPMdevctlScanPlain[256] = {
    [' ' ... '!'] = true, ['#' ... '['] = true, [']' ... '~'] = true,
};


/* A string of printable ASCII without escapes. */
static bool
virAPMdevctlScanStr(const char **p, virAPMdevctlScanString *str)
{
    const unsigned char *q;

    if (!virAPMdevctlScanChar(p, '"'))
        return false;
    for (q = (const unsigned char *)*p; virAPMdevctlScanPlain[*q]; q++)
        ;
    if (*q != '"')
        return false;
    str->start = *p;
    str->len = (const char *)q - *p;
    *p = (const char *)q + 1;
    return true;
}


static bool
virAPMdevctlScanIs(const virAPMdevctlScanString *str, const char *word)
{
    return str->len == strlen(word) && memcmp(str->start, word, str->len) == 0;
}


/* null, or [ {"name": "value"}, ... ] */
static bool
virAPMdevctlScanAttrs(const char **p, GPtrArray *attrs)
{
    virAPMdevctlScanSpace(p);
    if (strncmp(*p, "null", 4) == 0) {
        *p += 4;
        return true;
    }
    if (!virAPMdevctlScanChar(p, '['))
        return false;
    if (virAPMdevctlScanChar(p, ']'))
        return true;
    do {
        virAPMdevctlScanString name, value;

        if (!virAPMdevctlScanChar(p, '{') || !virAPMdevctlScanStr(p, &name) ||
            !virAPMdevctlScanChar(p, ':') || !virAPMdevctlScanStr(p, &value) ||
            !virAPMdevctlScanChar(p, '}'))
            return false;
        g_ptr_array_add(attrs, virAPMdevctlAttrNewLen(name.start, name.len,
                                                      value.start, value.len));
    } while (virAPMdevctlScanChar(p, ','));
    return virAPMdevctlScanChar(p, ']');
}


/* The definition in @json, or NULL: not the plain form, for json-c. */
virAPMdevctlConfig *
virAPMdevctlScan(const char *json, const char *origin)
{
    g_autoptr(virAPMdevctlConfig) config = virAPMdevctlConfigNew(origin);
    bool seenStart = false;
    bool seenAttrs = false;
    const char *p = json;

    if (!virAPMdevctlScanChar(&p, '{'))
        return NULL;
    do {
        virAPMdevctlScanString key, value;

        if (!virAPMdevctlScanStr(&p, &key) || !virAPMdevctlScanChar(&p, ':'))
            return NULL;
        if (virAPMdevctlScanIs(&key, "attrs")) {
            if (seenAttrs || !virAPMdevctlScanAttrs(&p, config->attrs))
                return NULL;
            seenAttrs = true;
        } else if (virAPMdevctlScanIs(&key, "mdev_type")) {
            if (config->type || !virAPMdevctlScanStr(&p, &value))
                return NULL;
            config->type = g_strndup(value.start, value.len);
        } else if (virAPMdevctlScanIs(&key, "start")) {
            if (seenStart || !virAPMdevctlScanStr(&p, &value))
                return NULL;
            if (virAPMdevctlScanIs(&value, "auto"))
                config->autostart = true;
            else if (!virAPMdevctlScanIs(&value, "manual"))
                return NULL;
            seenStart = true;
        } else {
            return NULL;
        }
    } while (virAPMdevctlScanChar(&p, ','));
    if (!virAPMdevctlScanChar(&p, '}'))
        return NULL;
    virAPMdevctlScanSpace(&p);
    if (*p || !config->type || !seenStart)
        return NULL;
    return g_steal_pointer(&config);
}
