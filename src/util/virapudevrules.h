/*
 * virapudevrules.h: the udev rule files, read as udev reads them
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* udev's token types, in udev's order: udev sorts the tokens of a line by
 * type and runs them in that order (systemd 252 and 257 alike). */
typedef enum {
    VIR_AP_UDEV_M_ACTION,
    VIR_AP_UDEV_M_DEVPATH,
    VIR_AP_UDEV_M_KERNEL,
    VIR_AP_UDEV_M_DEVLINK,
    VIR_AP_UDEV_M_NAME,
    VIR_AP_UDEV_M_ENV,
    VIR_AP_UDEV_M_CONST,
    VIR_AP_UDEV_M_TAG,
    VIR_AP_UDEV_M_SUBSYSTEM,
    VIR_AP_UDEV_M_DRIVER,
    VIR_AP_UDEV_M_ATTR,
    VIR_AP_UDEV_M_SYSCTL,
    VIR_AP_UDEV_M_PARENTS_KERNEL,
    VIR_AP_UDEV_M_PARENTS_SUBSYSTEM,
    VIR_AP_UDEV_M_PARENTS_DRIVER,
    VIR_AP_UDEV_M_PARENTS_ATTR,
    VIR_AP_UDEV_M_PARENTS_TAG,
    VIR_AP_UDEV_M_TEST,
    VIR_AP_UDEV_M_PROGRAM,
    VIR_AP_UDEV_M_IMPORT_FILE,
    VIR_AP_UDEV_M_IMPORT_PROGRAM,
    VIR_AP_UDEV_M_IMPORT_BUILTIN,
    VIR_AP_UDEV_M_IMPORT_DB,
    VIR_AP_UDEV_M_IMPORT_CMDLINE,
    VIR_AP_UDEV_M_IMPORT_PARENT,
    VIR_AP_UDEV_M_RESULT,
    VIR_AP_UDEV_A_OPTIONS,
    VIR_AP_UDEV_A_OWNER,
    VIR_AP_UDEV_A_GROUP,
    VIR_AP_UDEV_A_MODE,
    VIR_AP_UDEV_A_TAG,
    VIR_AP_UDEV_A_SECLABEL,
    VIR_AP_UDEV_A_ENV,
    VIR_AP_UDEV_A_NAME,
    VIR_AP_UDEV_A_DEVLINK,
    VIR_AP_UDEV_A_ATTR,
    VIR_AP_UDEV_A_SYSCTL,
    VIR_AP_UDEV_A_RUN,
} virAPUdevTokenType;

#define VIR_AP_UDEV_IS_MATCH(type) ((type) < VIR_AP_UDEV_A_OPTIONS)

typedef enum {
    VIR_AP_UDEV_OP_MATCH,        /* == */
    VIR_AP_UDEV_OP_NOMATCH,      /* != */
    VIR_AP_UDEV_OP_ADD,          /* += */
    VIR_AP_UDEV_OP_REMOVE,       /* -= */
    VIR_AP_UDEV_OP_ASSIGN,       /* = */
    VIR_AP_UDEV_OP_ASSIGN_FINAL, /* := */
} virAPUdevOp;

typedef enum {
    VIR_AP_UDEV_MATCH_EMPTY,     /* "" (and "?*" with the operator turned) */
    VIR_AP_UDEV_MATCH_PLAIN,
    VIR_AP_UDEV_MATCH_GLOB,
    VIR_AP_UDEV_MATCH_SUBSYSTEM, /* SUBSYSTEM=="subsystem|bus|class" */
} virAPUdevMatchType;

typedef struct _virAPUdevToken virAPUdevToken;
struct _virAPUdevToken {
    virAPUdevTokenType type;
    virAPUdevOp op;
    char *attr;         /* the {...} part, or NULL */
    char *value;        /* NULL: an escape virt-ap does not decode */
    virAPUdevMatchType match;
    GStrv alternatives; /* match values split at '|' */
    bool withEmpty;     /* an empty alternative: "" matches too */
    bool caseless;      /* i"..." (udev 257; udev 252 drops the line) */
};

typedef struct _virAPUdevLine virAPUdevLine;
struct _virAPUdevLine {
    unsigned int lineno;   /* udev's number: the last physical line */
    GPtrArray *tokens;     /* virAPUdevToken, sorted as udev runs them */
    char *label;           /* LABEL=, or NULL */
    char *gotoLabel;       /* GOTO=, or NULL (also when it has no target) */
    int gotoTarget;        /* index of the line GOTO jumps to, or -1 */
    const char *uncertain; /* why udev may drop this line, or NULL */
};

typedef struct _virAPUdevFile virAPUdevFile;
struct _virAPUdevFile {
    char *name;            /* the path as udev names it (no VIRT_AP_ROOT) */
    GPtrArray *lines;      /* virAPUdevLine */
    const char *uncertain; /* why udev may not read this file, or NULL */
};

void virAPUdevFileFree(virAPUdevFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPUdevFile, virAPUdevFileFree);

/* The directories udev reads, highest priority first (host paths). */
extern const char *const virAPUdevRulesDirs[];

int virAPUdevFileParse(const char *name, const char *text,
                       virAPUdevFile **file, GError **error);

/* Whether ATTR{@key} names a file called apmask or aqmask. */
bool virAPUdevAttrNamesMask(const char *key);
/* A cheap test of the text of rule file @name: false only if no line of
 * its parse can assign to such an ATTR{} (the reading skips the files after
 * the last one that may). */
bool virAPUdevTextMayWriteMask(const char *name, const char *text);

/* Replaces the text of one rule file while the rules are read: @path is a
 * host path ("/etc/udev/rules.d/41-ap.rules"); @text NULL: no such file. */
typedef struct _virAPUdevOverride virAPUdevOverride;
struct _virAPUdevOverride {
    const char *path;
    const char *text;
};

int virAPUdevRulesRead(const virAPUdevOverride *override, GPtrArray **files,
                       GError **error);
