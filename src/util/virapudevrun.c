/*
 * virapudevrun.c: what udev writes to the AP masks at boot
 *
 * chzdev's rule writes the masks on two events of the AP bus (research/
 * next-boot.md): the first "bindings complete" change of /devices/ap
 * (BINDINGS=complete, COMPLETECOUNT=1) and, since s390-tools 2.40, the
 * coldplug "add" of /bus/ap once bindings_complete_count is not 0.  Both
 * happen at every boot, in either order.  Each is run through every rule
 * file as udev runs it (udev_rules_apply_to_event): lines in order, tokens
 * in udev's order, a false match ends the line, GOTO jumps within the file,
 * ENV{} assignments seen by later matches.  What virt-ap cannot decide (a
 * PROGRAM, an attribute it does not know, a line udev may drop) splits the
 * run in two; the result stands only if every branch and both orders of the
 * events leave the same masks.  Every other event (the rest of the AP bus's
 * events, every other device) must not reach a mask write at all.
 */
#include <config.h>

#include <fnmatch.h>
#include <string.h>

#include "virapudevrules.h"
#include "virapudevrun.h"
#include "viraperror.h"

#define VIR_AP_UDEV_MAX_STATES 4096
/* more branches than this at one line are joined (see virAPUdevStatesJoin) */
#define VIR_AP_UDEV_JOIN_STATES 16
#define VIR_AP_UDEV_NAME_SIZE 512

typedef enum { VIR_AP_NO, VIR_AP_YES, VIR_AP_MAYBE } virAPTri;

/* An event, as far as virt-ap knows it; NULL fields are unknown. */
typedef struct {
    const char *name;
    bool boot;                       /* its writes count; else none may happen */
    const char *action;
    const char *notAction;
    const char *devpath;
    const char *const *notDevpath;
    const char *syspath;
    const char *kernel;
    const char *const *subsystems;   /* the value is one of these */
    const char *driver;
    const char *const *env;          /* KEY=VALUE known, KEY!VALUE excluded, KEY? unknown */
    bool busAttrs;                   /* the attributes of /sys/bus/ap */
    bool closedEnv;                  /* its properties are all known */
} virAPUdevEvent;

static const char *const virAPUdevSubsysAp[] = { "ap", NULL };
/* the kernel sends "bus" for /bus/ap; udevadm test's device says "subsystem" */
static const char *const virAPUdevSubsysBus[] = { "bus", "subsystem", NULL };
static const char *const virAPUdevApPaths[] = { "/devices/ap", "/bus/ap", NULL };

/* Properties of the boot events besides those the event fields give: the
 * kernel numbers every uevent (SEQNUM, lib/kobject_uevent.c), so it is set,
 * to a value nobody knows in advance; udevd may give USEC_INITIALIZED a
 * value before the rules run (not decided here: unknown). */
#define VIR_AP_UDEV_ENV_BOOT "SEQNUM!", "USEC_INITIALIZED?"
static const char *const virAPUdevEnvBindings[] = { "BINDINGS=complete", "COMPLETECOUNT=1",
                                                    VIR_AP_UDEV_ENV_BOOT, NULL };
static const char *const virAPUdevEnvColdplug[] = { VIR_AP_UDEV_ENV_BOOT, NULL };
static const char *const virAPUdevEnvNotComplete[] = { "BINDINGS!complete", NULL };
static const char *const virAPUdevEnvLaterCount[] = { "BINDINGS=complete", "COMPLETECOUNT!1", NULL };

enum { VIR_AP_EVENT_BINDINGS, VIR_AP_EVENT_COLDPLUG };

static const virAPUdevEvent virAPUdevEvents[] = {
    [VIR_AP_EVENT_BINDINGS] = {
        N_("the first 'bindings complete' change of /devices/ap"), true,
        "change", NULL, "/devices/ap", NULL, "/sys/devices/ap", "ap",
        virAPUdevSubsysAp, "", virAPUdevEnvBindings, false, true },
    [VIR_AP_EVENT_COLDPLUG] = {
        N_("the coldplug add of /bus/ap"), true,
        "add", NULL, "/bus/ap", NULL, "/sys/bus/ap", "ap",
        virAPUdevSubsysBus, "", virAPUdevEnvColdplug, true, true },
    { N_("another event of /bus/ap"), false,
      NULL, "add", "/bus/ap", NULL, "/sys/bus/ap", "ap",
      virAPUdevSubsysBus, "", NULL, true },
    { N_("another event of /devices/ap"), false,
      NULL, "change", "/devices/ap", NULL, "/sys/devices/ap", "ap",
      virAPUdevSubsysAp, "", NULL, false },
    { N_("another change of /devices/ap"), false,
      "change", NULL, "/devices/ap", NULL, "/sys/devices/ap", "ap",
      virAPUdevSubsysAp, "", virAPUdevEnvNotComplete, false },
    { N_("a later 'bindings complete' change of /devices/ap"), false,
      "change", NULL, "/devices/ap", NULL, "/sys/devices/ap", "ap",
      virAPUdevSubsysAp, "", virAPUdevEnvLaterCount, false },
    { N_("an event of another device"), false,
      NULL, NULL, NULL, virAPUdevApPaths, NULL, NULL, NULL, NULL, NULL, false },
};

/* The sysfs directories whose layout is known: a path through anything else
 * may go through a symbolic link. */
static const char *const virAPUdevKnownDirs[] = {
    "/sys", "/sys/bus", "/sys/bus/ap", "/sys/devices", "/sys/devices/ap", NULL,
};


/* One possible value: one of @values, or (values NULL) anything but @excluded. */
typedef struct {
    GStrv values;
    GStrv excluded;
} virAPUdevValue;


static void
virAPUdevValueFree(virAPUdevValue *value)
{
    g_strfreev(value->values);
    g_strfreev(value->excluded);
    g_free(value);
}


static virAPUdevValue *
virAPUdevValueKnown(const char *value)
{
    virAPUdevValue *v = g_new0(virAPUdevValue, 1);
    const char *values[] = { value, NULL };

    v->values = g_strdupv((char **)values);
    return v;
}


typedef struct {
    char *file;
    unsigned int lineno;
    char *value;
} virAPUdevWrite;


static void
virAPUdevWriteFree(virAPUdevWrite *write)
{
    g_free(write->file);
    g_free(write->value);
    g_free(write);
}


/* Where a branch was split and why, worded only for a message (gettext
 * costs more than a run of the rules; docs/performance.md): @why is a
 * message id, of the match @token of @line, or of @line (@token NULL), or
 * of @file (@line NULL). */
typedef struct {
    const virAPUdevFile *file; /* NULL: the branch was never split */
    const virAPUdevLine *line;
    const virAPUdevToken *token;
    const char *why;
} virAPUdevMaybe;

/* One branch of the run of one event. */
typedef struct {
    GHashTable *env;     /* ENV{} known so far; a missing key is unknown */
    GPtrArray *writes[2]; /* virAPUdevWrite to apmask, aqmask */
    char *refusal;       /* why this branch cannot be decided */
    virAPUdevMaybe maybe; /* the first undecidable point on the way */
    unsigned int count;  /* what bindings_complete_count may be on this branch */
    const char *event;   /* the event's name, for messages */
    bool closed;         /* a key missing from env is not set ("") */
    GHashTable *tags;    /* the event's current tags (TAG+=), or NULL: unknown */
} virAPUdevState;

/* /sys/bus/ap/bindings_complete_count: absent before Linux 6.19, else "0"
 * until the first bindings complete, then a positive count */
enum {
    VIR_AP_COUNT_ABSENT = 1 << 0,
    VIR_AP_COUNT_ZERO = 1 << 1,
    VIR_AP_COUNT_POSITIVE = 1 << 2,
};


static void
virAPUdevStateFree(virAPUdevState *state)
{
    g_hash_table_unref(state->env);
    g_ptr_array_unref(state->writes[0]);
    g_ptr_array_unref(state->writes[1]);
    g_free(state->refusal);
    if (state->tags)
        g_hash_table_unref(state->tags);
    g_free(state);
}


static virAPUdevState *
virAPUdevStateCopy(const virAPUdevState *from)
{
    virAPUdevState *state = g_new0(virAPUdevState, 1);
    GHashTableIter iter;
    gpointer key, value;
    size_t m;

    state->env = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)virAPUdevValueFree);
    if (from) {
        g_hash_table_iter_init(&iter, from->env);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            virAPUdevValue *v = g_new0(virAPUdevValue, 1);

            v->values = g_strdupv(((virAPUdevValue *)value)->values);
            v->excluded = g_strdupv(((virAPUdevValue *)value)->excluded);
            g_hash_table_insert(state->env, g_strdup(key), v);
        }
        state->refusal = g_strdup(from->refusal);
        state->maybe = from->maybe;
        state->count = from->count;
        state->event = from->event;
        state->closed = from->closed;
        if (from->tags) {
            GHashTableIter tagIter;
            gpointer tag;

            state->tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            g_hash_table_iter_init(&tagIter, from->tags);
            while (g_hash_table_iter_next(&tagIter, &tag, NULL))
                g_hash_table_add(state->tags, g_strdup(tag));
        }
    }
    for (m = 0; m < 2; m++) {
        state->writes[m] = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevWriteFree);
        if (from) {
            guint i;

            for (i = 0; i < from->writes[m]->len; i++) {
                virAPUdevWrite *w = g_ptr_array_index(from->writes[m], i);
                virAPUdevWrite *copy = g_new0(virAPUdevWrite, 1);

                copy->file = g_strdup(w->file);
                copy->lineno = w->lineno;
                copy->value = g_strdup(w->value);
                g_ptr_array_add(state->writes[m], copy);
            }
        }
    }
    return state;
}


/* @strv's strings, each after @sep; @none for NULL. */
static void
virAPUdevKeyAppendStrv(GString *key, char sep, const char *const *strv,
                       const char *none)
{
    if (!strv) {
        g_string_append(key, none);
        return;
    }
    for (; *strv; strv++) {
        g_string_append_c(key, sep);
        g_string_append(key, *strv);
    }
}


/* One ENV{} value: its possible values (or "?": any), then its excluded ones. */
static void
virAPUdevKeyAppendValue(GString *key, const virAPUdevValue *v)
{
    virAPUdevKeyAppendStrv(key, '\x02', (const char *const *)v->values, "?");
    g_string_append_c(key, '\x03');
    virAPUdevKeyAppendStrv(key, '\x02', (const char *const *)v->excluded, "");
}


/* @table's keys, sorted. */
static GList *
virAPUdevSortedKeys(GHashTable *table)
{
    return g_list_sort(g_hash_table_get_keys(table), (GCompareFunc)strcmp);
}


/* Two branches that agree in everything that matters are one. */
static char *
virAPUdevStateKey(const virAPUdevState *state)
{
    GString *key = g_string_new(state->refusal);
    g_autoptr(GList) keys = virAPUdevSortedKeys(state->env);
    GList *k;
    size_t m;
    guint i;

    g_string_append_c(key, '\x06');
    g_string_append_c(key, '0' + state->count);
    g_string_append_c(key, state->closed ? 'c' : 'o');
    if (!state->tags) {
        g_string_append(key, "\x07?");
    } else {
        g_autoptr(GList) tags = virAPUdevSortedKeys(state->tags);
        GList *t;

        for (t = tags; t; t = t->next) {
            g_string_append_c(key, '\x07');
            g_string_append(key, t->data);
        }
    }
    for (k = keys; k; k = k->next) {
        virAPUdevValue *v = g_hash_table_lookup(state->env, k->data);

        g_string_append_c(key, '\x01');
        g_string_append(key, k->data);
        g_string_append_c(key, '\x03');
        virAPUdevKeyAppendValue(key, v);
    }
    for (m = 0; m < 2; m++) {
        g_string_append_c(key, '\x04');
        for (i = 0; i < state->writes[m]->len; i++) {
            g_string_append_c(key, '\x05');
            g_string_append(key, ((virAPUdevWrite *)g_ptr_array_index(state->writes[m], i))->value);
        }
    }
    return g_string_free(key, FALSE);
}


/* The first reason a branch was split, for the message. */
static void
virAPUdevStateMaybe(virAPUdevState *state, const virAPUdevFile *file,
                    const virAPUdevLine *line, const virAPUdevToken *token,
                    const char *why)
{
    if (state->maybe.file)
        return;
    state->maybe = (virAPUdevMaybe){ file, line, token, why };
}


static void
virAPUdevStateRefuse(virAPUdevState *state, const virAPUdevFile *file,
                     const virAPUdevLine *line, char *why)
{
    if (!state->refusal)
        state->refusal = g_strdup_printf("%s:%u: %s", file->name, line->lineno, why);
    g_free(why);
}


/* ------------------------------------------------------------ matching */

static const virAPUdevValue virAPUdevUnset = { (GStrv)(const char *const[]){ "", NULL }, NULL };
static const virAPUdevValue virAPUdevUnknown = { NULL, NULL };

/* ENV{@key}: the kernel's event carries every property it has (udev copies
 * no old database entry into the event), so on a closed state a key not
 * set is empty; "udevadm trigger" may add SYNTH_* keys. */
static const virAPUdevValue *
virAPUdevEnvGet(const virAPUdevState *state, const char *key)
{
    const virAPUdevValue *v = g_hash_table_lookup(state->env, key);

    if (v)
        return v;
    if (state->closed && !g_str_has_prefix(key, "SYNTH_"))
        return &virAPUdevUnset;
    return &virAPUdevUnknown;
}


/* ENV{@key} is no longer known. */
static void
virAPUdevEnvForget(virAPUdevState *state, const char *key)
{
    g_hash_table_insert(state->env, g_strdup(key), g_new0(virAPUdevValue, 1));
}


/* Every ENV{} may have been set (an IMPORT). */
static void
virAPUdevEnvForgetAll(virAPUdevState *state)
{
    g_hash_table_remove_all(state->env);
    state->closed = false;
}

/* The key of a match token, for messages. */
static const char *
virAPUdevTokenKey(const virAPUdevToken *token)
{
    static const char *const keys[] = {
        [VIR_AP_UDEV_M_ACTION] = "ACTION", [VIR_AP_UDEV_M_DEVPATH] = "DEVPATH",
        [VIR_AP_UDEV_M_KERNEL] = "KERNEL", [VIR_AP_UDEV_M_DEVLINK] = "SYMLINK",
        [VIR_AP_UDEV_M_NAME] = "NAME", [VIR_AP_UDEV_M_ENV] = "ENV",
        [VIR_AP_UDEV_M_CONST] = "CONST", [VIR_AP_UDEV_M_TAG] = "TAG",
        [VIR_AP_UDEV_M_SUBSYSTEM] = "SUBSYSTEM", [VIR_AP_UDEV_M_DRIVER] = "DRIVER",
        [VIR_AP_UDEV_M_ATTR] = "ATTR", [VIR_AP_UDEV_M_SYSCTL] = "SYSCTL",
        [VIR_AP_UDEV_M_PARENTS_KERNEL] = "KERNELS", [VIR_AP_UDEV_M_PARENTS_SUBSYSTEM] = "SUBSYSTEMS",
        [VIR_AP_UDEV_M_PARENTS_DRIVER] = "DRIVERS", [VIR_AP_UDEV_M_PARENTS_ATTR] = "ATTRS",
        [VIR_AP_UDEV_M_PARENTS_TAG] = "TAGS", [VIR_AP_UDEV_M_TEST] = "TEST",
        [VIR_AP_UDEV_M_PROGRAM] = "PROGRAM", [VIR_AP_UDEV_M_IMPORT_FILE] = "IMPORT",
        [VIR_AP_UDEV_M_IMPORT_PROGRAM] = "IMPORT", [VIR_AP_UDEV_M_IMPORT_BUILTIN] = "IMPORT",
        [VIR_AP_UDEV_M_IMPORT_DB] = "IMPORT", [VIR_AP_UDEV_M_IMPORT_CMDLINE] = "IMPORT",
        [VIR_AP_UDEV_M_IMPORT_PARENT] = "IMPORT", [VIR_AP_UDEV_M_RESULT] = "RESULT",
    };

    return token->type < G_N_ELEMENTS(keys) && keys[token->type] ? keys[token->type] : "?";
}


/* "FILE:LINE: KEY{ATTR} "VALUE": why", or NULL if never split. */
static char *
virAPUdevMaybeFormat(const virAPUdevMaybe *maybe)
{
    const virAPUdevToken *token = maybe->token;
    g_autofree char *escaped = NULL;
    g_autofree char *what = NULL;

    if (!maybe->file)
        return NULL;
    if (!maybe->line)
        return g_strdup_printf("%s: %s", maybe->file->name, _(maybe->why));
    if (!token)
        return g_strdup_printf("%s:%u: %s", maybe->file->name, maybe->line->lineno, _(maybe->why));
    escaped = token->value ? g_strescape(token->value, NULL) : g_strdup("?");
    what = g_strdup_printf(_("%s%s%s%s \"%s\": %s"), virAPUdevTokenKey(token),
                           token->attr ? "{" : "", token->attr ? token->attr : "",
                           token->attr ? "}" : "", escaped, _(maybe->why));
    return g_strdup_printf("%s:%u: %s", maybe->file->name, maybe->line->lineno, what);
}


/* token_match_string() for a known string. */
static bool
virAPUdevMatchString(const virAPUdevToken *token, const char *str)
{
    bool match = false;
    size_t i;

    switch (token->match) {
    case VIR_AP_UDEV_MATCH_EMPTY:
        match = !*str;
        break;
    case VIR_AP_UDEV_MATCH_SUBSYSTEM:
        match = g_str_equal(str, "subsystem") || g_str_equal(str, "class") || g_str_equal(str, "bus");
        break;
    case VIR_AP_UDEV_MATCH_PLAIN:
    case VIR_AP_UDEV_MATCH_GLOB:
        if (token->withEmpty && !*str) {
            match = true;
            break;
        }
        for (i = 0; token->alternatives[i] && !match; i++) {
            const char *alt = token->alternatives[i];

            if (token->match == VIR_AP_UDEV_MATCH_GLOB)
                match = fnmatch(alt, str, token->caseless ? FNM_CASEFOLD : 0) == 0;
            else
                match = token->caseless ? g_ascii_strcasecmp(alt, str) == 0 : g_str_equal(alt, str);
        }
        break;
    }
    return token->op == (match ? VIR_AP_UDEV_OP_MATCH : VIR_AP_UDEV_OP_NOMATCH);
}


static virAPTri
virAPUdevMatchValue(const virAPUdevToken *token, const virAPUdevValue *value)
{
    virAPTri result = VIR_AP_MAYBE;
    size_t i;

    if (!token->value)
        return VIR_AP_MAYBE;
    if (value && value->values) {
        for (i = 0; value->values[i]; i++) {
            virAPTri one = virAPUdevMatchString(token, value->values[i]) ? VIR_AP_YES : VIR_AP_NO;

            if (i > 0 && one != result)
                return VIR_AP_MAYBE;
            result = one;
        }
        return result;
    }
    /* unknown, but none of value->excluded: decided when every string the
     * token matches is excluded */
    if (!value || !value->excluded || token->caseless)
        return VIR_AP_MAYBE;
    switch (token->match) {
    case VIR_AP_UDEV_MATCH_EMPTY:
        if (!g_strv_contains((const char *const *)value->excluded, ""))
            return VIR_AP_MAYBE;
        break;
    case VIR_AP_UDEV_MATCH_PLAIN:
        if (token->withEmpty && !g_strv_contains((const char *const *)value->excluded, ""))
            return VIR_AP_MAYBE;
        for (i = 0; token->alternatives[i]; i++) {
            if (!g_strv_contains((const char *const *)value->excluded, token->alternatives[i]))
                return VIR_AP_MAYBE;
        }
        break;
    case VIR_AP_UDEV_MATCH_SUBSYSTEM:
    case VIR_AP_UDEV_MATCH_GLOB:
        return VIR_AP_MAYBE;
    }
    return token->op == VIR_AP_UDEV_OP_NOMATCH ? VIR_AP_YES : VIR_AP_NO;
}


static virAPTri
virAPUdevMatchField(const virAPUdevToken *token, const char *known,
                    const char *const *candidates, const char *excluded,
                    const char *const *excludedList)
{
    virAPUdevValue value = { NULL, NULL };
    const char *one[] = { known, NULL };
    const char *ex[] = { excluded, NULL };

    if (known)
        value.values = (GStrv)one;
    else if (candidates)
        value.values = (GStrv)candidates;
    else if (excluded)
        value.excluded = (GStrv)ex;
    else
        value.excluded = (GStrv)excludedList;
    return virAPUdevMatchValue(token, &value);
}


static bool
virAPUdevIsPositive(const char *s)
{
    return s[0] >= '1' && s[0] <= '9' && strspn(s, "0123456789") == strlen(s);
}


/* ATTR{bindings_complete_count} of /sys/bus/ap for each value it may
 * have: the values for which the match holds, and those for which it fails
 * (a value may be in both when virt-ap cannot tell). */
static void
virAPUdevMatchBindingsCount(const virAPUdevToken *token, unsigned int *yes,
                            unsigned int *no)
{
    bool unsure = token->match == VIR_AP_UDEV_MATCH_GLOB || token->caseless || !token->value;
    size_t i;

    /* an absent attribute matches nothing, whatever the operator */
    *yes = 0;
    *no = VIR_AP_COUNT_ABSENT;
    if (!token->value || virAPUdevMatchString(token, "0"))
        *yes |= VIR_AP_COUNT_ZERO;
    if (!token->value || !virAPUdevMatchString(token, "0"))
        *no |= VIR_AP_COUNT_ZERO;
    for (i = 0; token->alternatives && token->alternatives[i]; i++) {
        if (token->match == VIR_AP_UDEV_MATCH_PLAIN && virAPUdevIsPositive(token->alternatives[i]))
            unsure = true;
    }
    if (unsure || virAPUdevMatchString(token, "1"))
        *yes |= VIR_AP_COUNT_POSITIVE;
    if (unsure || !virAPUdevMatchString(token, "1"))
        *no |= VIR_AP_COUNT_POSITIVE;
}


static virAPTri
virAPUdevMatch(const virAPUdevEvent *ev, virAPUdevState *state,
               const virAPUdevToken *token, const char **why)
{
    *why = NULL;
    switch (token->type) {
    case VIR_AP_UDEV_M_ACTION:
        return virAPUdevMatchField(token, ev->action, NULL, ev->notAction, NULL);
    case VIR_AP_UDEV_M_DEVPATH:
        return virAPUdevMatchField(token, ev->devpath, NULL, NULL, ev->notDevpath);
    case VIR_AP_UDEV_M_KERNEL:
    case VIR_AP_UDEV_M_PARENTS_KERNEL:
        /* neither /sys/devices/ap nor /sys/bus/ap has a parent device */
        return virAPUdevMatchField(token, ev->kernel, NULL, NULL, NULL);
    case VIR_AP_UDEV_M_SUBSYSTEM:
    case VIR_AP_UDEV_M_PARENTS_SUBSYSTEM:
        return virAPUdevMatchField(token, NULL, ev->subsystems, NULL, NULL);
    case VIR_AP_UDEV_M_DRIVER:
    case VIR_AP_UDEV_M_PARENTS_DRIVER:
        return virAPUdevMatchField(token, ev->driver, NULL, NULL, NULL);
    case VIR_AP_UDEV_M_ENV:
        return virAPUdevMatchValue(token, virAPUdevEnvGet(state, token->attr));
    case VIR_AP_UDEV_M_ATTR:
    case VIR_AP_UDEV_M_PARENTS_ATTR:
        *why = N_("an attribute virt-ap does not know");
        return VIR_AP_MAYBE;
    case VIR_AP_UDEV_M_TAG:
    case VIR_AP_UDEV_M_PARENTS_TAG:
        /* the tags the event got so far (TK_M_TAG: any tag matching) */
        if (state->tags && token->value && (ev->kernel || token->type == VIR_AP_UDEV_M_TAG)) {
            GHashTableIter iter;
            gpointer tag;
            bool any = false;

            g_hash_table_iter_init(&iter, state->tags);
            while (!any && g_hash_table_iter_next(&iter, &tag, NULL))
                any = virAPUdevMatchString(token, tag) == (token->op == VIR_AP_UDEV_OP_MATCH);
            if (any)
                return token->op == VIR_AP_UDEV_OP_MATCH ? VIR_AP_YES : VIR_AP_NO;
            return token->op == VIR_AP_UDEV_OP_NOMATCH ? VIR_AP_YES : VIR_AP_NO;
        }
        *why = N_("tags virt-ap does not know");
        return VIR_AP_MAYBE;
    case VIR_AP_UDEV_M_PROGRAM:
        *why = N_("the result of a PROGRAM");
        return VIR_AP_MAYBE;
    case VIR_AP_UDEV_M_IMPORT_PARENT:
        /* /sys/devices/ap and /sys/bus/ap have no parent device: nothing is
         * imported and the match fails (import_parent_into_properties) */
        if (ev->kernel)
            return token->op == VIR_AP_UDEV_OP_NOMATCH ? VIR_AP_YES : VIR_AP_NO;
        if (token->value && !strpbrk(token->value, "*?[$%"))
            virAPUdevEnvForget(state, token->value);
        else
            virAPUdevEnvForgetAll(state);
        *why = N_("the result of an IMPORT");
        return VIR_AP_MAYBE;
    case VIR_AP_UDEV_M_IMPORT_FILE:
    case VIR_AP_UDEV_M_IMPORT_PROGRAM:
    case VIR_AP_UDEV_M_IMPORT_BUILTIN:
        virAPUdevEnvForgetAll(state);
        *why = N_("the result of an IMPORT");
        return VIR_AP_MAYBE;
    case VIR_AP_UDEV_M_IMPORT_DB:
    case VIR_AP_UDEV_M_IMPORT_CMDLINE:
        if (token->value && !strpbrk(token->value, "$%"))
            virAPUdevEnvForget(state, token->value);
        else
            virAPUdevEnvForgetAll(state);
        *why = N_("the result of an IMPORT");
        return VIR_AP_MAYBE;
    default:
        *why = N_("a match virt-ap cannot evaluate at boot");
        return VIR_AP_MAYBE;
    }
}


/* ------------------------------------------------------------ effects */

typedef enum {
    VIR_AP_UDEV_TARGET_NONE,
    VIR_AP_UDEV_TARGET_APMASK,
    VIR_AP_UDEV_TARGET_AQMASK,
    VIR_AP_UDEV_TARGET_UNKNOWN,
} virAPUdevTarget;


/*
 * The file ATTR{@key}= writes: udev appends the key to the device's sysfs
 * path (a key starting with "/" is no exception) and the kernel resolves
 * "..": only the path through known directories is followed.
 */
static virAPUdevTarget
virAPUdevAttrTarget(const virAPUdevEvent *ev, const char *key, char **why)
{
    g_auto(GStrv) comps = NULL;
    g_autoptr(GPtrArray) stack = NULL;
    g_autofree char *joined = NULL;
    g_autofree char *full = NULL;
    size_t i, n;

    if (!virAPUdevAttrNamesMask(key))
        return VIR_AP_UDEV_TARGET_NONE;
    stack = g_ptr_array_new_with_free_func(g_free);
    if (key[0] == '[') {
        *why = g_strdup(_("the [subsystem/device] form of the attribute path"));
        return VIR_AP_UDEV_TARGET_UNKNOWN;
    }
    if (strstr(key, "/*/")) {
        *why = g_strdup(_("a '*' directory in the attribute path"));
        return VIR_AP_UDEV_TARGET_UNKNOWN;
    }
    if (!ev->syspath) {
        *why = g_strdup(_("an attribute path relative to a device virt-ap does not know"));
        return VIR_AP_UDEV_TARGET_UNKNOWN;
    }
    full = g_strdup_printf("%s/%s", ev->syspath, key);
    if (strlen(full) >= 1024) {
        *why = g_strdup(_("an attribute path longer than udev takes"));
        return VIR_AP_UDEV_TARGET_UNKNOWN;
    }
    comps = g_strsplit(full, "/", -1);
    n = g_strv_length(comps);
    for (i = 0; i < n; i++) {
        const char *c = comps[i];

        if (!*c || g_str_equal(c, "."))
            continue;
        if (g_str_equal(c, "..")) {
            if (stack->len <= 1) {
                *why = g_strdup_printf(_("attribute path %s leaves /sys"), full);
                return VIR_AP_UDEV_TARGET_UNKNOWN;
            }
            g_ptr_array_remove_index(stack, stack->len - 1);
        } else {
            g_ptr_array_add(stack, g_strdup(c));
        }
        if (i == n - 1)
            break;
        g_ptr_array_add(stack, NULL);
        g_free(joined);
        joined = g_strjoinv("/", (char **)stack->pdata);
        g_ptr_array_remove_index(stack, stack->len - 1);
        {
            g_autofree char *dir = g_strconcat("/", joined, NULL);

            if (!g_strv_contains(virAPUdevKnownDirs, dir)) {
                *why = g_strdup_printf(_("attribute path %s goes through %s, whose layout virt-ap does not know"),
                                       full, dir);
                return VIR_AP_UDEV_TARGET_UNKNOWN;
            }
        }
    }
    if (!*comps[n - 1]) {
        *why = g_strdup_printf(_("attribute path %s ends in '/'"), full);
        return VIR_AP_UDEV_TARGET_UNKNOWN;
    }
    g_ptr_array_add(stack, NULL);
    g_free(joined);
    joined = g_strjoinv("/", (char **)stack->pdata);
    if (g_str_equal(joined, "sys/bus/ap/apmask"))
        return VIR_AP_UDEV_TARGET_APMASK;
    if (g_str_equal(joined, "sys/bus/ap/aqmask"))
        return VIR_AP_UDEV_TARGET_AQMASK;
    return VIR_AP_UDEV_TARGET_NONE; /* no such file: the write fails */
}


static void
virAPUdevAssignAttr(const virAPUdevEvent *ev, virAPUdevState *state,
                    const virAPUdevFile *file, const virAPUdevLine *line,
                    const virAPUdevToken *token)
{
    char *why = NULL;
    g_autofree char *key = g_strescape(token->attr, NULL);
    virAPUdevTarget target = virAPUdevAttrTarget(ev, token->attr, &why);
    virAPUdevWrite *write;

    if (target == VIR_AP_UDEV_TARGET_NONE)
        return;
    /* on other events, an absolute value that may or may not reach a mask
     * is judged with the mask's other writes (virAPUdevBootRunApply) */
    if (target == VIR_AP_UDEV_TARGET_UNKNOWN &&
        (ev->boot || !token->value || token->value[0] == '+' || token->value[0] == '-')) {
        virAPUdevStateRefuse(state, file, line,
                             g_strdup_printf(_("cannot tell whether ATTR{%s} writes an AP mask: %s"), key, why));
        g_free(why);
        return;
    }
    g_free(why);
    if (!token->value || !*token->value || strpbrk(token->value, "$%") ||
        strlen(token->value) >= VIR_AP_UDEV_NAME_SIZE) {
        g_autofree char *value = token->value ? g_strescape(token->value, NULL) : g_strdup("?");

        virAPUdevStateRefuse(state, file, line,
                             g_strdup_printf(_("cannot tell what ATTR{%s}=\"%s\" writes (substitution, escape, empty or long value)"),
                                             key, value));
        return;
    }
    write = g_new0(virAPUdevWrite, 1);
    write->file = g_strdup(file->name);
    write->lineno = line->lineno;
    write->value = g_strdup(token->value);
    if (target == VIR_AP_UDEV_TARGET_UNKNOWN) {
        /* apmask or aqmask, whichever the key names */
        g_ptr_array_add(state->writes[g_str_has_suffix(token->attr, "aqmask")], write);
        return;
    }
    g_ptr_array_add(state->writes[target == VIR_AP_UDEV_TARGET_AQMASK], write);
}


static void
virAPUdevAssignEnv(virAPUdevState *state, const virAPUdevLine *line,
                   const virAPUdevToken *token)
{
    const virAPUdevValue *old = virAPUdevEnvGet(state, token->attr);
    bool escapeReplace = false;
    guint i;

    for (i = 0; i < line->tokens->len; i++) {
        const virAPUdevToken *t = g_ptr_array_index(line->tokens, i);

        if (t->type == VIR_AP_UDEV_A_OPTIONS && t->value && g_str_has_prefix(t->value, "string_escape"))
            escapeReplace = true;
    }
    if (!token->value || strpbrk(token->value, "$%") || escapeReplace ||
        strlen(token->value) >= VIR_AP_UDEV_NAME_SIZE) {
        virAPUdevEnvForget(state, token->attr);
        return;
    }
    if (token->op == VIR_AP_UDEV_OP_ADD) {
        g_autofree char *joined = NULL;

        if (!*token->value)
            return;
        if (!old->values || g_strv_length(old->values) != 1) {
            virAPUdevEnvForget(state, token->attr);
            return;
        }
        joined = *old->values[0] ? g_strdup_printf("%s %s", old->values[0], token->value) :
                                   g_strdup(token->value);
        g_hash_table_insert(state->env, g_strdup(token->attr), virAPUdevValueKnown(joined));
        return;
    }
    g_hash_table_insert(state->env, g_strdup(token->attr), virAPUdevValueKnown(token->value));
}


/* TAG=, TAG+=, TAG-= (TK_A_TAG): a tag name of letters, digits, '-' and
 * '_', else ignored (after TAG= has cleared the tags). */
static void
virAPUdevAssignTag(virAPUdevState *state, const virAPUdevToken *token)
{
    if (!state->tags)
        return;
    if (!token->value || strpbrk(token->value, "$%")) {
        g_clear_pointer(&state->tags, g_hash_table_unref);
        return;
    }
    if (token->op == VIR_AP_UDEV_OP_ASSIGN)
        g_hash_table_remove_all(state->tags);
    if (token->value[strspn(token->value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")])
        return;
    if (token->op == VIR_AP_UDEV_OP_REMOVE)
        g_hash_table_remove(state->tags, token->value);
    else
        g_hash_table_add(state->tags, g_strdup(token->value));
}


/* ------------------------------------------------------------ the run */

/* Runs @line on @in; the branches that go on with the next line are added
 * to @next, those that jump to @jumped. */
static void
virAPUdevRunLine(const virAPUdevEvent *ev, const virAPUdevFile *file,
                 const virAPUdevLine *line, virAPUdevState *in,
                 GPtrArray *next, GPtrArray *jumped)
{
    g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevStateFree);
    guint t, s;

    if (line->tokens->len == 0 && !line->gotoLabel) {
        g_ptr_array_add(next, in); /* a label only: udev skips it */
        return;
    }
    if (line->uncertain) {
        virAPUdevState *dropped = virAPUdevStateCopy(in);

        virAPUdevStateMaybe(dropped, file, line, NULL, line->uncertain);
        virAPUdevStateMaybe(in, file, line, NULL, line->uncertain);
        g_ptr_array_add(next, dropped);
    }
    g_ptr_array_add(live, in);
    for (t = 0; t < line->tokens->len; t++) {
        const virAPUdevToken *token = g_ptr_array_index(line->tokens, t);

        for (s = 0; s < live->len;) {
            virAPUdevState *state = g_ptr_array_index(live, s);
            const char *why = NULL;
            virAPTri r;

            if (!VIR_AP_UDEV_IS_MATCH(token->type)) {
                if (token->type == VIR_AP_UDEV_A_ATTR)
                    virAPUdevAssignAttr(ev, state, file, line, token);
                else if (token->type == VIR_AP_UDEV_A_ENV)
                    virAPUdevAssignEnv(state, line, token);
                else if (token->type == VIR_AP_UDEV_A_TAG)
                    virAPUdevAssignTag(state, token);
                s++;
                continue;
            }
            if (ev->busAttrs && token->attr &&
                (token->type == VIR_AP_UDEV_M_ATTR || token->type == VIR_AP_UDEV_M_PARENTS_ATTR) &&
                g_str_equal(token->attr, "bindings_complete_count")) {
                unsigned int yes, no;

                virAPUdevMatchBindingsCount(token, &yes, &no);
                yes &= state->count;
                no &= state->count;
                if (yes && no) {
                    virAPUdevState *fails = virAPUdevStateCopy(state);

                    fails->count = no;
                    state->count = yes;
                    g_ptr_array_add(next, fails);
                    s++;
                } else if (yes) {
                    s++;
                } else {
                    g_ptr_array_add(next, g_ptr_array_steal_index(live, s));
                }
                continue;
            }
            r = virAPUdevMatch(ev, state, token, &why);
            if (r == VIR_AP_YES) {
                s++;
                continue;
            }
            if (r == VIR_AP_MAYBE) {
                virAPUdevState *no = virAPUdevStateCopy(state);

                if (!why)
                    why = N_("not known at boot");
                virAPUdevStateMaybe(no, file, line, token, why);
                virAPUdevStateMaybe(state, file, line, token, why);
                g_ptr_array_add(next, no);
                s++;
                continue;
            }
            g_ptr_array_add(next, g_ptr_array_steal_index(live, s));
        }
    }
    for (s = 0; s < live->len; s++)
        g_ptr_array_add(line->gotoTarget >= 0 ? jumped : next, g_ptr_array_index(live, s));
    g_ptr_array_set_free_func(live, NULL);
}


/* Adds @state to @states unless an equal branch is there.  *@keys holds
 * the keys of @states, made only when a second branch comes (most lines
 * see one). */
static void
virAPUdevStatesAdd(GPtrArray *states, GHashTable **keys, virAPUdevState *state)
{
    char *key;

    if (states->len == 0) {
        g_ptr_array_add(states, state);
        return;
    }
    if (!*keys) {
        *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_add(*keys, virAPUdevStateKey(g_ptr_array_index(states, 0)));
    }
    key = virAPUdevStateKey(state);
    if (g_hash_table_contains(*keys, key)) {
        g_free(key);
        virAPUdevStateFree(state);
        return;
    }
    g_hash_table_add(*keys, key);
    g_ptr_array_add(states, state);
}


static char *
virAPUdevValueKey(const virAPUdevValue *v)
{
    GString *key = g_string_new(NULL);

    virAPUdevKeyAppendValue(key, v);
    return g_string_free(key, FALSE);
}


/* @into keeps of its ENV{} what @from knows the same way: a join loses
 * knowledge, never adds any, so the branches it stands for stay covered. */
static void
virAPUdevStateJoinEnv(virAPUdevState *into, const virAPUdevState *from)
{
    g_autoptr(GHashTable) all = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GList) keys = NULL;
    bool closed = into->closed && from->closed;
    GHashTableIter iter;
    gpointer key;
    GList *k;

    g_hash_table_iter_init(&iter, into->env);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_hash_table_add(all, key);
    g_hash_table_iter_init(&iter, from->env);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_hash_table_add(all, key);
    keys = g_hash_table_get_keys(all);
    for (k = keys; k; k = k->next) {
        g_autofree char *ka = virAPUdevValueKey(virAPUdevEnvGet(into, k->data));
        g_autofree char *kb = virAPUdevValueKey(virAPUdevEnvGet(from, k->data));
        g_autofree char *name = g_strdup(k->data);

        if (g_str_equal(ka, kb)) {
            /* the same on both sides: keep it (explicitly, if it was unset) */
            if (!g_hash_table_contains(into->env, name)) {
                const virAPUdevValue *v = virAPUdevEnvGet(from, name);
                virAPUdevValue *copy = g_new0(virAPUdevValue, 1);

                copy->values = g_strdupv(v->values);
                copy->excluded = g_strdupv(v->excluded);
                g_hash_table_insert(into->env, g_strdup(name), copy);
            }
            continue;
        }
        if (closed)
            virAPUdevEnvForget(into, name);
        else
            g_hash_table_remove(into->env, name);
    }
    into->closed = closed;
    if (into->tags && from->tags) {
        GHashTableIter tagIter;
        gpointer tag;
        bool same = g_hash_table_size(into->tags) == g_hash_table_size(from->tags);

        g_hash_table_iter_init(&tagIter, into->tags);
        while (same && g_hash_table_iter_next(&tagIter, &tag, NULL))
            same = g_hash_table_contains(from->tags, tag);
        if (!same)
            g_clear_pointer(&into->tags, g_hash_table_unref);
    } else if (into->tags) {
        g_clear_pointer(&into->tags, g_hash_table_unref);
    }
}


/*
 * Too many branches at one line (a file setting ENV{} under conditions
 * virt-ap cannot decide, for an event it knows little of): the branches
 * that agree on everything but ENV{} become one, which knows of ENV{} only
 * what they all know.
 */
static void
virAPUdevStatesJoin(GPtrArray *states, GHashTable *keys)
{
    g_autoptr(GHashTable) groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) joined = g_ptr_array_new();
    guint i;

    for (i = 0; i < states->len; i++) {
        virAPUdevState *state = g_ptr_array_index(states, i);
        g_autoptr(GHashTable) saved = state->env;
        g_autofree char *group = NULL;
        virAPUdevState *into;

        /* the key without ENV{} */
        state->env = g_hash_table_new(g_str_hash, g_str_equal);
        group = virAPUdevStateKey(state);
        g_hash_table_unref(state->env);
        state->env = g_steal_pointer(&saved);
        if ((into = g_hash_table_lookup(groups, group))) {
            virAPUdevStateJoinEnv(into, state);
            virAPUdevStateFree(state);
            continue;
        }
        g_hash_table_insert(groups, g_steal_pointer(&group), state);
        g_ptr_array_add(joined, state);
    }
    g_ptr_array_set_size(states, 0);
    g_hash_table_remove_all(keys);
    for (i = 0; i < joined->len; i++) {
        virAPUdevState *state = g_ptr_array_index(joined, i);

        g_ptr_array_add(states, state);
        g_hash_table_add(keys, virAPUdevStateKey(state));
    }
}


/* Runs @states through @file; returns the branches at its end. */
static GPtrArray *
virAPUdevRunFile(const virAPUdevEvent *ev, const virAPUdevFile *file,
                 GPtrArray *states, GError **error)
{
    guint n = file->lines->len;
    g_autofree GPtrArray **pending = g_new0(GPtrArray *, n + 1);
    g_autofree GHashTable **keys = g_new0(GHashTable *, n + 1);
    GPtrArray *out;
    guint i, s;

    for (i = 0; i <= n; i++) {
        pending[i] = g_ptr_array_new();
    }
    for (s = 0; s < states->len; s++) {
        virAPUdevState *state = g_ptr_array_index(states, s);

        if (file->uncertain) {
            virAPUdevState *skipped = virAPUdevStateCopy(state);

            virAPUdevStateMaybe(skipped, file, NULL, NULL, file->uncertain);
            virAPUdevStatesAdd(pending[n], &keys[n], skipped);
        }
        virAPUdevStatesAdd(pending[0], &keys[0], state);
    }
    g_ptr_array_set_free_func(states, NULL);
    g_ptr_array_unref(states);

    for (i = 0; i < n; i++) {
        const virAPUdevLine *line = g_ptr_array_index(file->lines, i);

        if (pending[i]->len > VIR_AP_UDEV_JOIN_STATES)
            virAPUdevStatesJoin(pending[i], keys[i]);
        if (pending[i]->len > VIR_AP_UDEV_MAX_STATES) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s:%u: too many cases to follow for %s"),
                        file->name, line->lineno, _(ev->name));
            out = NULL;
            goto cleanup;
        }
        for (s = 0; s < pending[i]->len; s++) {
            g_autoptr(GPtrArray) next = g_ptr_array_new();
            g_autoptr(GPtrArray) jumped = g_ptr_array_new();
            guint k;

            virAPUdevRunLine(ev, file, line, g_ptr_array_index(pending[i], s), next, jumped);
            for (k = 0; k < next->len; k++)
                virAPUdevStatesAdd(pending[i + 1], &keys[i + 1], g_ptr_array_index(next, k));
            for (k = 0; k < jumped->len; k++)
                virAPUdevStatesAdd(pending[line->gotoTarget], &keys[line->gotoTarget],
                                   g_ptr_array_index(jumped, k));
        }
        g_ptr_array_set_size(pending[i], 0);
    }
    out = g_steal_pointer(&pending[n]);
    g_ptr_array_set_free_func(out, (GDestroyNotify)virAPUdevStateFree);

 cleanup:
    for (i = 0; i <= n; i++) {
        if (pending[i]) {
            g_ptr_array_set_free_func(pending[i], (GDestroyNotify)virAPUdevStateFree);
            g_ptr_array_unref(pending[i]);
        }
        if (keys[i])
            g_hash_table_unref(keys[i]);
    }
    return out;
}


/* Whether a line of @file may write a mask: an ATTR{} assignment whose
 * path ends in apmask or aqmask. */
static bool
virAPUdevFileWritesMask(const virAPUdevFile *file)
{
    guint i, t;

    for (i = 0; i < file->lines->len; i++) {
        const virAPUdevLine *line = g_ptr_array_index(file->lines, i);

        for (t = 0; t < line->tokens->len; t++) {
            const virAPUdevToken *token = g_ptr_array_index(line->tokens, t);

            if (token->type == VIR_AP_UDEV_A_ATTR && virAPUdevAttrNamesMask(token->attr))
                return true;
        }
    }
    return false;
}


static GPtrArray *
virAPUdevRunEvent(const virAPUdevEvent *ev, GPtrArray *files, GError **error)
{
    GPtrArray *states = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevStateFree);
    virAPUdevState *start = virAPUdevStateCopy(NULL);
    size_t i, last;

    if (ev->action)
        g_hash_table_insert(start->env, g_strdup("ACTION"), virAPUdevValueKnown(ev->action));
    if (ev->devpath)
        g_hash_table_insert(start->env, g_strdup("DEVPATH"), virAPUdevValueKnown(ev->devpath));
    if (ev->subsystems) {
        virAPUdevValue *v = g_new0(virAPUdevValue, 1);

        v->values = g_strdupv((char **)ev->subsystems);
        g_hash_table_insert(start->env, g_strdup("SUBSYSTEM"), v);
    }
    for (i = 0; ev->env && ev->env[i]; i++) {
        const char *sep = strpbrk(ev->env[i], "=!?");
        g_autofree char *key = g_strndup(ev->env[i], sep - ev->env[i]);
        virAPUdevValue *v;

        if (*sep == '=') {
            v = virAPUdevValueKnown(sep + 1);
        } else if (*sep == '?') {
            v = g_new0(virAPUdevValue, 1);
        } else {
            const char *ex[] = { sep + 1, NULL };

            v = g_new0(virAPUdevValue, 1);
            v->excluded = g_strdupv((char **)ex);
        }
        g_hash_table_insert(start->env, g_steal_pointer(&key), v);
    }
    start->event = ev->name;
    /* current tags start empty: old ones stay in the database */
    start->tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    start->closed = ev->closedEnv;
    if (ev->busAttrs)
        start->count = VIR_AP_COUNT_ABSENT | VIR_AP_COUNT_ZERO | VIR_AP_COUNT_POSITIVE;
    g_ptr_array_add(states, start);
    /* the files after the last one that may write a mask change nothing */
    for (last = files->len; last > 0; last--) {
        if (virAPUdevFileWritesMask(g_ptr_array_index(files, last - 1)))
            break;
    }
    for (i = 0; i < last; i++) {
        states = virAPUdevRunFile(ev, g_ptr_array_index(files, i), states, error);
        if (!states)
            return NULL;
    }
    return states;
}


struct _virAPUdevBootRun {
    GPtrArray *outcomes[2]; /* virAPUdevState at the end of each boot event */
    GPtrArray *others;      /* ... and of every other event */
};


void
virAPUdevBootRunFree(virAPUdevBootRun *run)
{
    size_t e;

    if (!run)
        return;
    for (e = 0; e < 2; e++) {
        if (run->outcomes[e])
            g_ptr_array_unref(run->outcomes[e]);
    }
    if (run->others)
        g_ptr_array_unref(run->others);
    g_free(run);
}


int
virAPUdevBootRunNew(GPtrArray *files, virAPUdevBootRun **run, GError **error)
{
    g_autoptr(virAPUdevBootRun) result = g_new0(virAPUdevBootRun, 1);
    size_t e;

    result->others = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevStateFree);
    guint s;

    for (e = 0; e < G_N_ELEMENTS(virAPUdevEvents); e++) {
        g_autoptr(GPtrArray) states = virAPUdevRunEvent(&virAPUdevEvents[e], files, error);

        if (!states)
            return -1;
        for (s = 0; s < states->len; s++) {
            virAPUdevState *state = g_ptr_array_index(states, s);

            if (state->refusal) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID, "%s", state->refusal);
                return -1;
            }
        }
        if (virAPUdevEvents[e].boot)
            result->outcomes[e] = g_steal_pointer(&states);
        else
            g_ptr_array_extend_and_steal(result->others, g_steal_pointer(&states));
    }
    *run = g_steal_pointer(&result);
    return 0;
}


/* @writes applied to @mask as the kernel applies them. */
static int
virAPUdevApplyWrites(GPtrArray *writes, virAPMask *mask, GError **error)
{
    guint i;

    for (i = 0; i < writes->len; i++) {
        virAPUdevWrite *w = g_ptr_array_index(writes, i);
        g_autoptr(GError) bad = NULL;

        if (virAPMaskParseKernel(w->value, mask, mask, &bad) < 0) {
            g_autofree char *value = g_strescape(w->value, NULL);

            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s:%u: the kernel refuses the mask \"%s\" (%s)"),
                        w->file, w->lineno, value, bad->message);
            return -1;
        }
    }
    return 0;
}


/* "file:line and file:line" of the last writes of two events, for messages. */
static const char *
virAPUdevWritesWhere(GPtrArray *a, GPtrArray *b)
{
    static char where[2 * VIR_AP_UDEV_NAME_SIZE];
    GPtrArray *both[] = { a, b };
    size_t i;

    where[0] = '\0';
    for (i = 0; i < 2; i++) {
        virAPUdevWrite *w;

        if (!both[i]->len)
            continue;
        w = g_ptr_array_index(both[i], both[i]->len - 1);
        g_snprintf(where + strlen(where), sizeof(where) - strlen(where), "%s%s:%u",
                   where[0] ? _(" and ") : "", w->file, w->lineno);
    }
    return where;
}


/* The mask after both boot events, in either order, from @base. */
static int
virAPUdevBootFinal(const virAPUdevBootRun *run, const char *mask, size_t m,
                   const virAPMask *base, virAPMask *result,
                   char **writer, GError **error)
{
    bool first = true;
    guint a, b;
    size_t order;

    *writer = NULL;
    *result = *base;
    for (a = 0; a < run->outcomes[0]->len; a++) {
        for (b = 0; b < run->outcomes[1]->len; b++) {
            virAPUdevState *states[2] = { g_ptr_array_index(run->outcomes[0], a),
                                          g_ptr_array_index(run->outcomes[1], b) };

            /* the bindings event before the coldplug add (which then sees a
             * positive count, or none), and after it (count 0, or none) */
            for (order = 0; order < 2; order++) {
                virAPUdevState *one = states[order];
                virAPUdevState *two = states[1 - order];
                unsigned int counts = VIR_AP_COUNT_ABSENT |
                                      (order == 0 ? VIR_AP_COUNT_POSITIVE : VIR_AP_COUNT_ZERO);
                virAPMask value = *base;

                if (!(states[1]->count & counts))
                    continue;
                if (virAPUdevApplyWrites(one->writes[m], &value, error) < 0 ||
                    virAPUdevApplyWrites(two->writes[m], &value, error) < 0)
                    return -1;
                if (first) {
                    virAPUdevWrite *last = NULL;

                    *result = value;
                    if (two->writes[m]->len)
                        last = g_ptr_array_index(two->writes[m], two->writes[m]->len - 1);
                    else if (one->writes[m]->len)
                        last = g_ptr_array_index(one->writes[m], one->writes[m]->len - 1);
                    if (last)
                        *writer = g_strdup_printf("%s:%u", last->file, last->lineno);
                    first = false;
                } else if (memcmp(&value, result, sizeof(value)) != 0) {
                    g_autofree char *maybe = virAPUdevMaybeFormat(one->maybe.file ? &one->maybe : &two->maybe);
                    const char *where = virAPUdevWritesWhere(one->writes[m], two->writes[m]);

                    /* this way nothing writes the mask: the other way's write
                     * is the one that makes the difference */
                    if (!*where && *writer)
                        where = *writer;
                    if (maybe)
                        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                                    _("cannot tell the %s the next boot sets: it depends on %s"),
                                    mask, maybe);
                    else
                        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                                    _("cannot tell the %s the next boot sets: it depends on the order of the AP bus's boot events (%s)"),
                                    mask, where);
                    g_clear_pointer(writer, g_free);
                    return -1;
                }
            }
        }
    }
    return 0;
}


static char *
virAPUdevWriteWhere(GPtrArray *writes)
{
    virAPUdevWrite *w = g_ptr_array_index(writes, writes->len - 1);

    return g_strdup_printf("%s:%u", w->file, w->lineno);
}


/*
 * The boot events' result, unless a rule also writes @mask on other events
 * (a line outside chzdev's section, say): udev then writes it at every such
 * event, before and after the boot events, so the result is known only when
 * each of those writes sets the whole mask to one value H, and the boot
 * events, started from the boot value or from H, end at H too.
 */
int
virAPUdevBootRunApply(const virAPUdevBootRun *run, const char *mask,
                      const virAPMask *base, virAPMask *result,
                      char **writer, GError **error)
{
    size_t m = g_str_equal(mask, "aqmask");
    virAPUdevState *first = NULL;
    virAPMask h, zeros, ones, fromH;
    g_autofree char *ignored = NULL;
    guint i, k;

    if (virAPUdevBootFinal(run, mask, m, base, result, writer, error) < 0)
        return -1;
    for (i = 0; i < run->others->len; i++) {
        virAPUdevState *state = g_ptr_array_index(run->others, i);
        g_autofree char *where = NULL;

        if (!state->writes[m]->len)
            continue;
        where = virAPUdevWriteWhere(state->writes[m]);
        for (k = 0; k < state->writes[m]->len; k++) {
            virAPUdevWrite *w = g_ptr_array_index(state->writes[m], k);
            g_autoptr(GPtrArray) one = g_ptr_array_new();

            /* any of these writes may be the last of the boot: each must set
             * the whole mask, to the same value */
            g_ptr_array_add(one, w);
            virAPMaskClearAll(&zeros);
            virAPMaskSetAll(&ones);
            if (virAPUdevApplyWrites(one, &zeros, error) < 0 ||
                virAPUdevApplyWrites(one, &ones, error) < 0)
                return -1;
            if (memcmp(&zeros, &ones, sizeof(zeros)) != 0 ||
                (first && memcmp(&zeros, &h, sizeof(h)) != 0)) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                            _("%s:%u: also writes the %s at %s; the next boot's value depends on the order of events"),
                            w->file, w->lineno, mask, _(state->event));
                return -1;
            }
            if (!first) {
                first = state;
                h = zeros;
            }
        }
    }
    if (!first)
        return 0;
    if (virAPUdevBootFinal(run, mask, m, &h, &fromH, &ignored, error) < 0)
        return -1;
    if (memcmp(result, &h, sizeof(h)) != 0 || memcmp(&fromH, &h, sizeof(h)) != 0) {
        g_autofree char *where = virAPUdevWriteWhere(first->writes[m]);

        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: also writes the %s at %s; the next boot's value depends on the order of events"),
                    where, mask, _(first->event));
        return -1;
    }
    g_free(*writer);
    *writer = virAPUdevWriteWhere(first->writes[m]);
    return 0;
}
