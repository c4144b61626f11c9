/*
 * virapudevrules.c: the udev rule files, read as udev reads them
 *
 * What udev (systemd 252 in Debian 12, 257 in Debian 13) does, from its
 * code (src/udev/udev-rules.c, src/basic/conf-files.c, fileio.c read_line):
 *  - every *.rules file of the rules directories, one list sorted by file
 *    name; a name found in a directory of higher priority hides the others;
 *    an empty file or a character device (a link to /dev/null) is skipped,
 *    so it hides the same name in the directories below;
 *  - lines end at \n, \r, \r\n, \n\r or NUL; a line of 16384 characters or
 *    more stops the reading of the file (252 keeps the lines before it, 257
 *    drops the file: virt-ap refuses such a file);
 *  - leading blanks are skipped, a line starting with '#' is a comment, even
 *    inside a continuation; a line ending in '\' continues on the next;
 *  - KEY{attr}OP"value" pairs separated by blanks or commas; a value is
 *    double-quoted, \" is a quote, e"..." is C-unescaped, i"..." (257 only)
 *    matches case-insensitively; a malformed pair drops the whole line, as
 *    does an unknown key, a wrong operator or a wrong attribute;
 *  - a line with no effect is dropped; GOTO jumps to the first later line of
 *    the same file with that LABEL; a GOTO without one is dropped.
 * Where the two versions differ, or where udev's reading depends on the
 * host (user names, built-in commands), the line is marked uncertain.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virapfile.h"
#include "viraproot.h"
#include "virapudevrules.h"
#include "viraperror.h"

#define VIR_AP_UDEV_LINE_SIZE 16384

const char *const virAPUdevRulesDirs[] = {
    "/etc/udev/rules.d",
    "/run/udev/rules.d",
    "/usr/local/lib/udev/rules.d",
    "/usr/lib/udev/rules.d",
    "/lib/udev/rules.d", /* 252 only (Debian builds it with split-usr) */
    NULL,
};


static void
virAPUdevTokenFree(virAPUdevToken *token)
{
    g_free(token->attr);
    g_free(token->value);
    g_strfreev(token->alternatives);
    g_free(token);
}


static void
virAPUdevLineFree(virAPUdevLine *line)
{
    if (!line)
        return;
    g_ptr_array_unref(line->tokens);
    g_free(line->label);
    g_free(line->gotoLabel);
    g_free(line);
}


void
virAPUdevFileFree(virAPUdevFile *file)
{
    if (!file)
        return;
    g_free(file->name);
    g_ptr_array_unref(file->lines);
    g_free(file);
}


/* ------------------------------------------------------------ values */

static bool
virAPUdevIsBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}


/* C escapes as systemd's cunescape() decodes them.  *known is false for
 * \u and \U (not decoded here); NULL with *known true: udev refuses the
 * escape (and drops the line). */
static char *
virAPUdevUnescape(const char *text, size_t len, bool *known)
{
    static const char from[] = "abfnrtv\\\"'s";
    static const char to[] = "\a\b\f\n\r\t\v\\\"' ";
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    *known = true;
    for (i = 0; i < len; i++) {
        const char *esc;
        char c;

        if (text[i] != '\\') {
            g_string_append_c(out, text[i]);
            continue;
        }
        c = i + 1 < len ? text[i + 1] : '\0';
        if (c && (esc = strchr(from, c))) {
            g_string_append_c(out, to[esc - from]);
            i++;
        } else if (c == 'x' && i + 3 < len + 1 && g_ascii_isxdigit(text[i + 2]) &&
                   i + 3 < len && g_ascii_isxdigit(text[i + 3])) {
            int v = g_ascii_xdigit_value(text[i + 2]) * 16 + g_ascii_xdigit_value(text[i + 3]);

            if (v == 0)
                return NULL;
            g_string_append_c(out, (char)v);
            i += 3;
        } else if (c >= '0' && c <= '7') {
            int v;

            if (i + 3 >= len || c > '3' || text[i + 2] < '0' || text[i + 2] > '7' ||
                text[i + 3] < '0' || text[i + 3] > '7')
                return NULL;
            v = (c - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0');
            if (v == 0)
                return NULL;
            g_string_append_c(out, (char)v);
            i += 3;
        } else if (c == 'u' || c == 'U') {
            *known = false;
            return NULL;
        } else {
            return NULL;
        }
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}


/*
 * udev_rule_parse_value(): a quoted value at *@pos, with its e/i prefix.
 * Returns -1 when udev refuses it (the line is dropped).
 */
static int
virAPUdevParseValue(const char **pos, char **value, bool *caseless,
                    bool *known)
{
    const char *p = *pos;
    bool escaped = false;
    size_t k;

    *caseless = false;
    *known = true;
    for (k = 0; k < 2 && p[k] != '"'; k++) {
        if (p[k] == 'e' && !escaped)
            escaped = true;
        else if (p[k] == 'i' && !*caseless)
            *caseless = true;
        else
            return -1;
    }
    p += escaped + *caseless;
    if (*p != '"')
        return -1;
    p++;
    if (!escaped) {
        g_autoptr(GString) out = g_string_new(NULL);

        for (; *p != '"'; p++) {
            if (!*p)
                return -1;
            if (p[0] == '\\' && p[1] == '"')
                p++;
            g_string_append_c(out, *p);
        }
        *value = g_string_free(g_steal_pointer(&out), FALSE);
    } else {
        const char *start = p;

        for (; *p != '"'; p++) {
            if (*p == '\\')
                p++;
            if (!*p)
                return -1;
        }
        *value = virAPUdevUnescape(start, p - start, known);
        if (!*value && *known)
            return -1; /* cunescape() refuses it */
    }
    *pos = p + 1;
    return 0;
}


/* ------------------------------------------------------------ keys */

typedef enum {
    VIR_AP_UDEV_KEY_MATCH_ONLY, /* ACTION, DEVPATH, ...: == and != only */
    VIR_AP_UDEV_KEY_EITHER,     /* == != match, the others assign */
    VIR_AP_UDEV_KEY_ASSIGN_ONLY,
} virAPUdevKeyKind;

typedef enum {
    VIR_AP_UDEV_ATTR_NONE,      /* KEY{...} is refused */
    VIR_AP_UDEV_ATTR_REQUIRED,  /* KEY without {...} or with {} is refused */
    VIR_AP_UDEV_ATTR_ANY,
} virAPUdevAttrRule;

typedef struct {
    const char *key;
    virAPUdevKeyKind kind;
    virAPUdevAttrRule attr;
    bool noRemove;              /* -= is refused */
    virAPUdevTokenType match;
    virAPUdevTokenType assign;
} virAPUdevKeyDef;

/* parse_token() of udev-rules.c, as a table; the special cases of each key
 * follow in virAPUdevLineAddToken(). */
static const virAPUdevKeyDef virAPUdevKeys[] = {
    { "ACTION", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_ACTION, 0 },
    { "DEVPATH", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_DEVPATH, 0 },
    { "KERNEL", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_KERNEL, 0 },
    { "SYMLINK", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_NONE, true, VIR_AP_UDEV_M_DEVLINK, VIR_AP_UDEV_A_DEVLINK },
    { "NAME", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_NONE, true, VIR_AP_UDEV_M_NAME, VIR_AP_UDEV_A_NAME },
    { "ENV", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_REQUIRED, true, VIR_AP_UDEV_M_ENV, VIR_AP_UDEV_A_ENV },
    { "CONST", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_REQUIRED, false, VIR_AP_UDEV_M_CONST, 0 },
    { "TAG", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_TAG, VIR_AP_UDEV_A_TAG },
    { "SUBSYSTEM", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_SUBSYSTEM, 0 },
    { "DRIVER", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_DRIVER, 0 },
    { "ATTR", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_REQUIRED, true, VIR_AP_UDEV_M_ATTR, VIR_AP_UDEV_A_ATTR },
    { "SYSCTL", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_REQUIRED, true, VIR_AP_UDEV_M_SYSCTL, VIR_AP_UDEV_A_SYSCTL },
    { "KERNELS", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_PARENTS_KERNEL, 0 },
    { "SUBSYSTEMS", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_PARENTS_SUBSYSTEM, 0 },
    { "DRIVERS", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_PARENTS_DRIVER, 0 },
    { "ATTRS", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_REQUIRED, false, VIR_AP_UDEV_M_PARENTS_ATTR, 0 },
    { "TAGS", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_PARENTS_TAG, 0 },
    { "TEST", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_ANY, false, VIR_AP_UDEV_M_TEST, 0 },
    { "PROGRAM", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_NONE, true, VIR_AP_UDEV_M_PROGRAM, VIR_AP_UDEV_M_PROGRAM },
    { "IMPORT", VIR_AP_UDEV_KEY_EITHER, VIR_AP_UDEV_ATTR_REQUIRED, true, VIR_AP_UDEV_M_IMPORT_FILE, VIR_AP_UDEV_M_IMPORT_FILE },
    { "RESULT", VIR_AP_UDEV_KEY_MATCH_ONLY, VIR_AP_UDEV_ATTR_NONE, false, VIR_AP_UDEV_M_RESULT, 0 },
    { "OPTIONS", VIR_AP_UDEV_KEY_ASSIGN_ONLY, VIR_AP_UDEV_ATTR_NONE, true, 0, VIR_AP_UDEV_A_OPTIONS },
    { "OWNER", VIR_AP_UDEV_KEY_ASSIGN_ONLY, VIR_AP_UDEV_ATTR_NONE, true, 0, VIR_AP_UDEV_A_OWNER },
    { "GROUP", VIR_AP_UDEV_KEY_ASSIGN_ONLY, VIR_AP_UDEV_ATTR_NONE, true, 0, VIR_AP_UDEV_A_GROUP },
    { "MODE", VIR_AP_UDEV_KEY_ASSIGN_ONLY, VIR_AP_UDEV_ATTR_NONE, true, 0, VIR_AP_UDEV_A_MODE },
    { "SECLABEL", VIR_AP_UDEV_KEY_ASSIGN_ONLY, VIR_AP_UDEV_ATTR_REQUIRED, true, 0, VIR_AP_UDEV_A_SECLABEL },
    { "RUN", VIR_AP_UDEV_KEY_ASSIGN_ONLY, VIR_AP_UDEV_ATTR_ANY, true, 0, VIR_AP_UDEV_A_RUN },
};

/* udev_builtin_lookup() compares the first word with a name's prefix. */
static const char *const virAPUdevBuiltins[] = {
    "blkid", "btrfs", "hwdb", "input_id", "keyboard", "kmod", "net_id",
    "net_setup_link", "path_id", "usb_id", "uaccess", NULL,
};
static const char *const virAPUdevBuiltins257[] = { "net_driver", NULL };

/* ENV{} names udev refuses to assign */
static const char *const virAPUdevReservedEnv[] = {
    "ACTION", "DEVLINKS", "DEVNAME", "DEVPATH", "DEVTYPE", "DRIVER", "IFINDEX",
    "MAJOR", "MINOR", "SEQNUM", "SUBSYSTEM", "TAGS", NULL,
};


static bool
virAPUdevBuiltinIn(const char *const *names, const char *command)
{
    size_t n;

    command += strspn(command, " \t\n\r");
    n = strcspn(command, " \t\n\r");
    for (; *names; names++) {
        if (strncmp(*names, command, n) == 0)
            return true;
    }
    return false;
}


/* Whether udev knows the built-in command: NULL yes, else why not for sure. */
static const char *
virAPUdevBuiltinCheck(const char *command, bool *invalid)
{
    *invalid = false;
    if (!command)
        return N_("an escaped built-in command");
    if (virAPUdevBuiltinIn(virAPUdevBuiltins, command))
        return NULL;
    if (virAPUdevBuiltinIn(virAPUdevBuiltins257, command))
        return N_("a built-in command only udev 257 has");
    *invalid = true;
    return NULL;
}


static bool
virAPUdevIsDigits(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}


/* The match value as udev prepares it (rule_line_add_token). */
static void
virAPUdevTokenPrepareMatch(virAPUdevToken *token)
{
    const char *v = token->value ? token->value : "";
    g_auto(GStrv) parts = NULL;
    g_autoptr(GPtrArray) alts = g_ptr_array_new();
    bool split = token->type < VIR_AP_UDEV_M_TEST || token->type == VIR_AP_UDEV_M_RESULT;
    size_t i;

    if (token->type == VIR_AP_UDEV_M_SUBSYSTEM &&
        (g_str_equal(v, "subsystem") || g_str_equal(v, "bus") || g_str_equal(v, "class")))
        token->match = VIR_AP_UDEV_MATCH_SUBSYSTEM;
    else if (!*v)
        token->match = VIR_AP_UDEV_MATCH_EMPTY;
    else if (g_str_equal(v, "?*")) {
        token->match = VIR_AP_UDEV_MATCH_EMPTY;
        token->op = token->op == VIR_AP_UDEV_OP_MATCH ? VIR_AP_UDEV_OP_NOMATCH : VIR_AP_UDEV_OP_MATCH;
    } else if (strpbrk(v, "*?["))
        token->match = VIR_AP_UDEV_MATCH_GLOB;
    else
        token->match = VIR_AP_UDEV_MATCH_PLAIN;

    if (!split || token->match == VIR_AP_UDEV_MATCH_EMPTY ||
        token->match == VIR_AP_UDEV_MATCH_SUBSYSTEM) {
        token->alternatives = g_strsplit(v, "\x01", 1); /* the value whole */
        return;
    }
    parts = g_strsplit(v, "|", -1);
    for (i = 0; parts[i]; i++) {
        if (!*parts[i])
            token->withEmpty = true;
        else
            g_ptr_array_add(alts, g_strdup(parts[i]));
    }
    g_ptr_array_add(alts, NULL);
    token->alternatives = (GStrv)g_ptr_array_free(g_steal_pointer(&alts), FALSE);
}


typedef struct {
    virAPUdevLine *line;
    bool hasEffect;   /* udev's line type is not 0 */
    bool invalid;     /* udev drops the line */
} virAPUdevLineBuild;


/* One KEY{attr}OP"value" of the line: parse_token() of udev-rules.c. */
static void
virAPUdevLineAddToken(virAPUdevLineBuild *b, const char *key, char *attr,
                      virAPUdevOp op, char *value, bool caseless, bool known)
{
    g_autofree char *ownedAttr = attr;
    g_autofree char *ownedValue = value;
    bool isMatch = op == VIR_AP_UDEV_OP_MATCH || op == VIR_AP_UDEV_OP_NOMATCH;
    const virAPUdevKeyDef *def = NULL;
    virAPUdevToken *token;
    bool invalid;
    size_t i;

    if (caseless && !b->line->uncertain)
        b->line->uncertain = N_("i\"...\" is read by udev 257 and refused by udev 252");
    if (!known && !b->line->uncertain)
        b->line->uncertain = N_("an e\"...\" escape virt-ap does not decode");

    if (g_str_equal(key, "GOTO") || g_str_equal(key, "LABEL")) {
        if (attr || op != VIR_AP_UDEV_OP_ASSIGN) {
            b->invalid = true;
            return;
        }
        b->hasEffect = true;
        if (g_str_equal(key, "LABEL")) {
            g_free(b->line->label);
            b->line->label = g_steal_pointer(&ownedValue);
        } else if (!b->line->gotoLabel) {
            b->line->gotoLabel = g_steal_pointer(&ownedValue);
        }
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(virAPUdevKeys); i++) {
        if (g_str_equal(key, virAPUdevKeys[i].key))
            def = &virAPUdevKeys[i];
    }
    /* udev 252 drops a SYMLINK-= line, 257 runs it (its parse_token has no
     * such check: research/next-boot.md 10, N1) */
    if (def && def->noRemove && op == VIR_AP_UDEV_OP_REMOVE && g_str_equal(key, "SYMLINK")) {
        if (!b->line->uncertain)
            b->line->uncertain = N_("SYMLINK-=, which udev 252 drops and udev 257 runs");
        op = VIR_AP_UDEV_OP_ADD;
    }
    if (!def ||
        (def->attr == VIR_AP_UDEV_ATTR_NONE && attr) ||
        (def->attr == VIR_AP_UDEV_ATTR_REQUIRED && (!attr || !*attr)) ||
        (def->kind == VIR_AP_UDEV_KEY_MATCH_ONLY && !isMatch) ||
        (def->kind == VIR_AP_UDEV_KEY_ASSIGN_ONLY && isMatch) ||
        (def->noRemove && op == VIR_AP_UDEV_OP_REMOVE)) {
        b->invalid = true;
        return;
    }

    token = g_new0(virAPUdevToken, 1);
    token->type = isMatch ? def->match : def->assign;
    token->op = op;
    token->caseless = caseless;
    g_ptr_array_add(b->line->tokens, token);
    token->attr = g_steal_pointer(&ownedAttr);
    token->value = g_steal_pointer(&ownedValue);

    /* the special cases of parse_token() */
    if (g_str_equal(key, "NAME") && !isMatch) {
        if (op == VIR_AP_UDEV_OP_ADD)
            token->op = VIR_AP_UDEV_OP_ASSIGN;
        if (token->value && (g_str_equal(token->value, "%k") || !*token->value))
            b->invalid = true;
    } else if (g_str_equal(key, "TAG") && !isMatch) {
        /* both udevs assign TAG:= as TAG=, which clears the tags (N2) */
        if (op == VIR_AP_UDEV_OP_ASSIGN_FINAL)
            token->op = VIR_AP_UDEV_OP_ASSIGN;
    } else if (g_str_equal(key, "ENV") && !isMatch) {
        if (op == VIR_AP_UDEV_OP_ASSIGN_FINAL)
            token->op = VIR_AP_UDEV_OP_ASSIGN;
        if (g_strv_contains(virAPUdevReservedEnv, token->attr))
            b->invalid = true;
    } else if (g_str_equal(key, "CONST")) {
        if (!g_str_equal(token->attr, "arch") && !g_str_equal(token->attr, "virt"))
            b->invalid = true;
    } else if ((g_str_equal(key, "ATTR") || g_str_equal(key, "SYSCTL")) && !isMatch) {
        token->op = VIR_AP_UDEV_OP_ASSIGN;
    } else if (g_str_equal(key, "TEST")) {
        guint64 mode;

        /* udev's parse_mode also takes what this does not (leading blanks,
         * N4): such a line is not dropped, its effect is not known */
        if (token->attr && *token->attr &&
            (!g_ascii_string_to_unsigned(token->attr, 8, 0, 07777, &mode, NULL)) &&
            !b->line->uncertain)
            b->line->uncertain = N_("a TEST mode virt-ap does not read as udev does");
    } else if (g_str_equal(key, "PROGRAM") || g_str_equal(key, "IMPORT")) {
        token->op = isMatch ? op : VIR_AP_UDEV_OP_MATCH;
        if (g_str_equal(key, "IMPORT")) {
            static const char *const kinds[] = { "file", "program", "builtin", "db", "cmdline", "parent", NULL };
            static const virAPUdevTokenType types[] = {
                VIR_AP_UDEV_M_IMPORT_FILE, VIR_AP_UDEV_M_IMPORT_PROGRAM, VIR_AP_UDEV_M_IMPORT_BUILTIN,
                VIR_AP_UDEV_M_IMPORT_DB, VIR_AP_UDEV_M_IMPORT_CMDLINE, VIR_AP_UDEV_M_IMPORT_PARENT,
            };
            for (i = 0; kinds[i] && !g_str_equal(kinds[i], token->attr); i++)
                ;
            if (!kinds[i]) {
                b->invalid = true;
                return;
            }
            token->type = types[i];
            if (token->type == VIR_AP_UDEV_M_IMPORT_BUILTIN) {
                const char *why = virAPUdevBuiltinCheck(token->value, &invalid);

                b->invalid |= invalid;
                if (why && !b->line->uncertain)
                    b->line->uncertain = why;
            }
        }
    } else if (g_str_equal(key, "OPTIONS")) {
        const char *v = token->value ? token->value : "";
        const char *arg;
        gint64 prio;

        /* udev's safe_atoi also takes blanks, signs and base prefixes (N3) */
        if ((arg = g_str_has_prefix(v, "link_priority=") ? v + strlen("link_priority=") : NULL) &&
            !g_ascii_string_to_signed(arg, 10, G_MININT, G_MAXINT, &prio, NULL) &&
            !b->line->uncertain)
            b->line->uncertain = N_("an OPTIONS link_priority virt-ap does not read as udev does");
        if (g_str_has_prefix(v, "log_level=") && !b->line->uncertain)
            b->line->uncertain = N_("an OPTIONS log_level whose validity virt-ap does not check");
        if (!g_str_equal(v, "string_escape=none") && !g_str_equal(v, "string_escape=replace") &&
            !g_str_equal(v, "db_persist") && !g_str_equal(v, "watch") && !g_str_equal(v, "nowatch") &&
            !g_str_has_prefix(v, "static_node=") && !g_str_has_prefix(v, "link_priority=") &&
            !g_str_has_prefix(v, "log_level=")) {
            g_ptr_array_remove(b->line->tokens, token); /* ignored, with a warning */
            return;
        }
    } else if (g_str_equal(key, "OWNER") || g_str_equal(key, "GROUP")) {
        const char *v = token->value ? token->value : "";

        /* a plain name is resolved when the rules are loaded: an unknown
         * user or group drops the line, and that depends on the host */
        if (!virAPUdevIsDigits(v) && !strpbrk(v, "%$") && v[0] != '[' && !b->line->uncertain)
            b->line->uncertain = N_("a user or group name that udev resolves on the host");
    } else if (g_str_equal(key, "RUN")) {
        if (token->attr && g_str_equal(token->attr, "builtin")) {
            const char *why = virAPUdevBuiltinCheck(token->value, &invalid);

            b->invalid |= invalid;
            if (why && !b->line->uncertain)
                b->line->uncertain = why;
        } else if (token->attr && !g_str_equal(token->attr, "program")) {
            b->invalid = true;
        }
    }
    if (VIR_AP_UDEV_IS_MATCH(token->type))
        virAPUdevTokenPrepareMatch(token);
    /* a line of matches only has no effect; any assignment, PROGRAM or
     * IMPORT has one (LINE_UPDATE_SOMETHING and friends) */
    if (!VIR_AP_UDEV_IS_MATCH(token->type) ||
        (token->type >= VIR_AP_UDEV_M_PROGRAM && token->type != VIR_AP_UDEV_M_RESULT))
        b->hasEffect = true;
}


static int
virAPUdevTokenCompare(gconstpointer a, gconstpointer b)
{
    const virAPUdevToken *ta = *(virAPUdevToken *const *)a;
    const virAPUdevToken *tb = *(virAPUdevToken *const *)b;

    return (int)ta->type - (int)tb->type;
}


/* parse_line() and rule_add_line(): NULL when udev drops the line. */
static virAPUdevLine *
virAPUdevLineParse(const char *text, unsigned int lineno)
{
    g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevTokenFree);
    virAPUdevLine *line = g_new0(virAPUdevLine, 1);
    virAPUdevLineBuild b = { line, false, false };
    const char *p = text;

    line->lineno = lineno;
    line->tokens = g_steal_pointer(&tokens);
    line->gotoTarget = -1;
    while (!b.invalid) {
        const char *keyBegin, *keyEnd;
        g_autofree char *key = NULL;
        char *attr = NULL;
        char *value = NULL;
        virAPUdevOp op;
        bool caseless, known;

        while (*p == ',' || virAPUdevIsBlank(*p))
            p++;
        if (!*p)
            break;
        keyBegin = p;
        for (keyEnd = p;; keyEnd++) {
            if (!*keyEnd) {
                b.invalid = true;
                break;
            }
            if (virAPUdevIsBlank(*keyEnd) || *keyEnd == '=' || *keyEnd == '{')
                break;
            if (strchr("+-!:", *keyEnd) && keyEnd[1] == '=')
                break;
        }
        if (b.invalid)
            break;
        p = keyEnd;
        if (*p == '{') {
            const char *close = strchr(p + 1, '}');

            if (!close) {
                b.invalid = true;
                break;
            }
            attr = g_strndup(p + 1, close - p - 1);
            p = close + 1;
        }
        while (virAPUdevIsBlank(*p))
            p++;
        if (g_str_has_prefix(p, "=="))
            op = VIR_AP_UDEV_OP_MATCH;
        else if (g_str_has_prefix(p, "!="))
            op = VIR_AP_UDEV_OP_NOMATCH;
        else if (g_str_has_prefix(p, "+="))
            op = VIR_AP_UDEV_OP_ADD;
        else if (g_str_has_prefix(p, "-="))
            op = VIR_AP_UDEV_OP_REMOVE;
        else if (g_str_has_prefix(p, "="))
            op = VIR_AP_UDEV_OP_ASSIGN;
        else if (g_str_has_prefix(p, ":="))
            op = VIR_AP_UDEV_OP_ASSIGN_FINAL;
        else {
            g_free(attr);
            b.invalid = true;
            break;
        }
        p += op == VIR_AP_UDEV_OP_ASSIGN ? 1 : 2;
        while (virAPUdevIsBlank(*p))
            p++;
        if (virAPUdevParseValue(&p, &value, &caseless, &known) < 0) {
            g_free(attr);
            b.invalid = true;
            break;
        }
        key = g_strndup(keyBegin, keyEnd - keyBegin);
        virAPUdevLineAddToken(&b, key, attr, op, value, caseless, known);
    }
    if (b.invalid || !b.hasEffect) {
        virAPUdevLineFree(line);
        return NULL;
    }
    g_ptr_array_sort(line->tokens, virAPUdevTokenCompare);
    return line;
}


/* Whether udev would run the line for an event at all (LINE_HAS_GOTO or
 * LINE_UPDATE_SOMETHING): an assignment, PROGRAM or IMPORT. */
static bool
virAPUdevLineHasEffect(const virAPUdevLine *line)
{
    guint i;

    for (i = 0; i < line->tokens->len; i++) {
        const virAPUdevToken *t = g_ptr_array_index(line->tokens, i);

        if (!VIR_AP_UDEV_IS_MATCH(t->type) ||
            (t->type >= VIR_AP_UDEV_M_PROGRAM && t->type != VIR_AP_UDEV_M_RESULT))
            return true;
    }
    return false;
}


static int
virAPUdevFileFindLabel(const virAPUdevFile *file, guint from, const char *label)
{
    guint j;

    for (j = from + 1; j < file->lines->len; j++) {
        if (g_strcmp0(((virAPUdevLine *)g_ptr_array_index(file->lines, j))->label, label) == 0)
            return j;
    }
    return -1;
}


/* rule_resolve_goto(): each GOTO to the first later line with its label;
 * a GOTO without one is dropped, and so is a line left with no effect. */
static int
virAPUdevFileResolveGoto(virAPUdevFile *file, GError **error)
{
    guint i;

    for (i = 0; i < file->lines->len;) {
        virAPUdevLine *line = g_ptr_array_index(file->lines, i);
        int target;

        if (!line->gotoLabel || (target = virAPUdevFileFindLabel(file, i, line->gotoLabel)) >= 0) {
            i++;
            continue;
        }
        g_clear_pointer(&line->gotoLabel, g_free);
        if (!virAPUdevLineHasEffect(line)) {
            if (!line->label) {
                g_ptr_array_remove_index(file->lines, i);
                continue;
            }
            g_ptr_array_set_size(line->tokens, 0);
        }
        i++;
    }
    for (i = 0; i < file->lines->len; i++) {
        virAPUdevLine *line = g_ptr_array_index(file->lines, i);
        virAPUdevLine *target;

        if (!line->gotoLabel)
            continue;
        line->gotoTarget = virAPUdevFileFindLabel(file, i, line->gotoLabel);
        target = g_ptr_array_index(file->lines, line->gotoTarget);
        /* a label on a line udev may drop: the jump may go further */
        if (target->uncertain) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s:%u: cannot tell where GOTO=\"%s\" jumps: line %u has %s"),
                        file->name, line->lineno, line->gotoLabel,
                        target->lineno, _(target->uncertain));
            return -1;
        }
    }
    return 0;
}


/*
 * The logical lines of @text as udev_rules_parse_file() builds them from
 * read_line(): continuations joined, comments and blank lines skipped (the
 * list at the top of this file).
 */
typedef struct {
    const char *name;
    const char *p;
    GString *buf;
    GString *continuation;
    bool ignoreLine;
    unsigned int lineno;
} virAPUdevLineReader;


static void
virAPUdevLineReaderInit(virAPUdevLineReader *reader, const char *name,
                        const char *text)
{
    *reader = (virAPUdevLineReader){ name, text, g_string_new(NULL), NULL, false, 0 };
}


static void
virAPUdevLineReaderClear(virAPUdevLineReader *reader)
{
    g_string_free(reader->buf, TRUE);
    if (reader->continuation)
        g_string_free(reader->continuation, TRUE);
}


/* The next line udev parses (valid until the next call) in *line, with the
 * number of its last physical line: 1, or 0 at the end, or -1 with @error
 * for a line virt-ap refuses. */
static int
virAPUdevLineReaderNext(virAPUdevLineReader *reader, const char **line,
                        unsigned int *lineno, GError **error)
{
    while (*reader->p) {
        unsigned int eol = 0;
        const char *text;
        size_t len;

        /* read_line(): \n, \r, and each combination of them (and a NUL, which
         * virt-ap never reads) with no marker twice ends a line */
        len = strcspn(reader->p, "\n\r");
        g_string_truncate(reader->buf, 0);
        g_string_append_len(reader->buf, reader->p, len);
        reader->p += len;
        while (*reader->p == '\n' || *reader->p == '\r') {
            unsigned int kind = *reader->p == '\n' ? 1 : 2;

            if (eol & kind)
                break;
            eol |= kind;
            reader->p++;
        }
        reader->lineno++;
        if (reader->buf->len >= VIR_AP_UDEV_LINE_SIZE) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s:%u: line longer than udev reads (%d characters): udev 252 and 257 read the file differently"),
                        reader->name, reader->lineno, VIR_AP_UDEV_LINE_SIZE - 1);
            return -1;
        }
        text = reader->buf->str;
        while (virAPUdevIsBlank(*text))
            text++;
        if (text[0] == '#')
            continue;
        len = strlen(text);
        if (reader->continuation && !reader->ignoreLine) {
            if (reader->continuation->len + len >= VIR_AP_UDEV_LINE_SIZE)
                reader->ignoreLine = true;
            g_string_append(reader->continuation, text);
            if (!reader->ignoreLine) {
                text = reader->continuation->str;
                len = reader->continuation->len;
            }
        }
        if (len > 0 && text[len - 1] == '\\') {
            if (reader->ignoreLine)
                continue;
            if (!reader->continuation)
                reader->continuation = g_string_new_len(text, len - 1);
            else
                g_string_truncate(reader->continuation, len - 1);
            continue;
        }
        *line = NULL;
        if (!reader->ignoreLine && len > 0) {
            /* a joined line outlives its continuation in buf */
            if (reader->continuation && text == reader->continuation->str) {
                g_string_assign(reader->buf, text);
                text = reader->buf->str;
            }
            *line = text;
            *lineno = reader->lineno;
        }
        if (reader->continuation) {
            g_string_free(reader->continuation, TRUE);
            reader->continuation = NULL;
        }
        reader->ignoreLine = false;
        if (*line)
            return 1;
    }
    return 0;
}


int
virAPUdevFileParse(const char *name, const char *text, virAPUdevFile **file,
                   GError **error)
{
    g_autoptr(virAPUdevFile) parsed = g_new0(virAPUdevFile, 1);
    virAPUdevLineReader reader;
    unsigned int lineno;
    const char *line;
    int rc;

    parsed->name = g_strdup(name);
    parsed->lines = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevLineFree);
    virAPUdevLineReaderInit(&reader, name, text);
    while ((rc = virAPUdevLineReaderNext(&reader, &line, &lineno, error)) > 0) {
        virAPUdevLine *parsedLine = virAPUdevLineParse(line, lineno);

        if (parsedLine)
            g_ptr_array_add(parsed->lines, parsedLine);
    }
    virAPUdevLineReaderClear(&reader);
    if (rc < 0 || virAPUdevFileResolveGoto(parsed, error) < 0)
        return -1;
    *file = g_steal_pointer(&parsed);
    return 0;
}


/* Whether ATTR{@key} names a file called apmask or aqmask (after its last
 * '/' or ']'): no other key can write a mask. */
bool
virAPUdevAttrNamesMask(const char *key)
{
    const char *last = strrchr(key, '/');

    last = last ? last + 1 : key;
    if (strchr(last, ']'))
        last = strrchr(last, ']') + 1;
    return g_str_equal(last, "apmask") || g_str_equal(last, "aqmask");
}


/* Whether a line of @text (of file @name) may hold an ATTR{} assignment
 * to apmask or aqmask: it names one; or virt-ap refuses the file, which
 * its parse then says. */
bool
virAPUdevTextMayWriteMask(const char *name, const char *text)
{
    virAPUdevLineReader reader;
    unsigned int lineno;
    const char *line;
    int rc;

    virAPUdevLineReaderInit(&reader, name, text);
    while ((rc = virAPUdevLineReaderNext(&reader, &line, &lineno, NULL)) > 0 &&
           !strstr(line, "apmask") && !strstr(line, "aqmask"))
        ;
    virAPUdevLineReaderClear(&reader);
    return rc != 0;
}


typedef struct {
    char *name;      /* the host path of the file udev reads */
    int dir;         /* index in virAPUdevRulesDirs */
} virAPUdevEntry;


static void
virAPUdevEntryFree(virAPUdevEntry *entry)
{
    g_free(entry->name);
    g_free(entry);
}


static int
virAPUdevEntryCompare(gconstpointer a, gconstpointer b)
{
    const virAPUdevEntry *ea = *(virAPUdevEntry *const *)a;
    const virAPUdevEntry *eb = *(virAPUdevEntry *const *)b;
    g_autofree char *na = g_path_get_basename(ea->name);
    g_autofree char *nb = g_path_get_basename(eb->name);

    return strcmp(na, nb);
}


/* conf_files_list_strv(".rules"): the first directory holding a name wins. */
static int
virAPUdevRulesList(const virAPUdevOverride *override, GPtrArray *entries,
                   GError **error)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *overrideDir = override ? g_path_get_dirname(override->path) : NULL;
    g_autofree char *overrideBase = override ? g_path_get_basename(override->path) : NULL;
    struct stat usrLib;
    bool haveUsrLib = false;
    size_t d;

    for (d = 0; virAPUdevRulesDirs[d]; d++) {
        g_autofree char *path = virAPRootPath(virAPUdevRulesDirs[d]);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        struct stat sb;
        struct dirent *ent;
        DIR *dir;
        guint i;

        if (g_str_equal(virAPUdevRulesDirs[d], "/usr/lib/udev/rules.d"))
            haveUsrLib = stat(path, &usrLib) == 0;
        /* with a merged /usr, /lib/udev/rules.d is /usr/lib/udev/rules.d */
        if (g_str_equal(virAPUdevRulesDirs[d], "/lib/udev/rules.d") && haveUsrLib &&
            stat(path, &sb) == 0 && sb.st_dev == usrLib.st_dev && sb.st_ino == usrLib.st_ino)
            continue;
        if ((dir = opendir(path))) {
            while ((ent = readdir(dir)))
                g_ptr_array_add(names, g_strdup(ent->d_name));
            closedir(dir);
        } else if (errno != ENOENT && errno != ENOTDIR) {
            return virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
        }
        if (overrideDir && g_str_equal(overrideDir, virAPUdevRulesDirs[d])) {
            for (i = 0; i < names->len; i++) {
                if (g_str_equal(g_ptr_array_index(names, i), overrideBase))
                    g_ptr_array_remove_index(names, i--);
            }
            if (override->text)
                g_ptr_array_add(names, g_strdup(overrideBase));
        }
        for (i = 0; i < names->len; i++) {
            const char *name = g_ptr_array_index(names, i);
            virAPUdevEntry *entry;

            if (name[0] == '.' || !g_str_has_suffix(name, ".rules") ||
                g_hash_table_contains(seen, name))
                continue;
            g_hash_table_add(seen, g_strdup(name));
            entry = g_new0(virAPUdevEntry, 1);
            entry->name = g_build_filename(virAPUdevRulesDirs[d], name, NULL);
            entry->dir = d;
            g_ptr_array_add(entries, entry);
        }
    }
    g_ptr_array_sort(entries, virAPUdevEntryCompare);
    return 0;
}


/*
 * The text udev reads for @name (a host path), following symbolic links
 * inside the root; NULL when udev skips the file: missing, empty, or a
 * character device such as /dev/null (which masks the name).
 */
static int
virAPUdevRulesReadFile(const char *name, char **text, GError **error)
{
    g_autofree char *path = virAPRootPath(name);
    struct stat sb;
    int hops;

    *text = NULL;
    for (hops = 0; hops < 32; hops++) {
        g_autofree char *target = NULL;
        g_autofree char *dir = NULL;

        if (lstat(path, &sb) < 0) {
            if (errno == ENOENT)
                return 0;
            return virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
        }
        if (!S_ISLNK(sb.st_mode))
            break;
        if (!(target = g_file_read_link(path, NULL)))
            return virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
        if (g_str_equal(target, "/dev/null"))
            return 0;
        dir = g_path_get_dirname(path);
        g_free(path);
        path = g_path_is_absolute(target) ? virAPRootPath(target) :
                                            g_build_filename(dir, target, NULL);
    }
    if (S_ISCHR(sb.st_mode) || (S_ISREG(sb.st_mode) && sb.st_size == 0))
        return 0;
    if (!S_ISREG(sb.st_mode)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: not a regular file: cannot tell what udev reads from it"), name);
        return -1;
    }
    return virAPFileRead(path, text, error);
}


/* Every rule file udev reads, in its order, as virAPUdevFile. */
int
virAPUdevRulesRead(const virAPUdevOverride *override, GPtrArray **files,
                   GError **error)
{
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevEntryFree);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevFileFree);
    guint i, last = 0;

    if (virAPUdevRulesList(override, entries, error) < 0)
        return -1;
    for (i = 0; i < entries->len; i++) {
        virAPUdevEntry *entry = g_ptr_array_index(entries, i);
        char *text = NULL;

        if (override && g_str_equal(override->path, entry->name))
            text = g_strdup(override->text);
        else if (virAPUdevRulesReadFile(entry->name, &text, error) < 0)
            return -1;
        g_ptr_array_add(texts, text);
        if (text && virAPUdevTextMayWriteMask(entry->name, text))
            last = i + 1;
    }
    /* the files after the last one that may write a mask change nothing:
     * a host has dozens, and reading them is most of the cost */
    for (i = 0; i < last; i++) {
        virAPUdevEntry *entry = g_ptr_array_index(entries, i);
        const char *text = g_ptr_array_index(texts, i);
        virAPUdevFile *file = NULL;

        if (!text || !*text)
            continue;
        if (virAPUdevFileParse(entry->name, text, &file, error) < 0)
            return -1;
        if (g_str_equal(virAPUdevRulesDirs[entry->dir], "/lib/udev/rules.d"))
            file->uncertain = N_("only udev 252 reads /lib/udev/rules.d");
        g_ptr_array_add(parsed, file);
    }
    *files = g_steal_pointer(&parsed);
    return 0;
}
