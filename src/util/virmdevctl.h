/*
 * virmdevctl.h: mdevctl device definitions (JSON)
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define VIR_MDEVCTL_CONFIG_DIR "/etc/mdevctl.d"

typedef struct _virMdevctlAttr virMdevctlAttr;
struct _virMdevctlAttr {
    char *name;
    char *value;
};

typedef struct _virMdevctlConfig virMdevctlConfig;
struct _virMdevctlConfig {
    char *uuid;      /* canonical; NULL when the input does not say */
    char *origin;    /* the file it came from, for messages */
    char *type;
    bool autostart;
    GPtrArray *attrs; /* virMdevctlAttr, in the order mdevctl writes them */
};

void virMdevctlAttrFree(virMdevctlAttr *attr);
virMdevctlAttr *virMdevctlAttrNew(const char *name, const char *value);
void virMdevctlConfigFree(virMdevctlConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virMdevctlConfig, virMdevctlConfigFree);

virMdevctlConfig *virMdevctlConfigNew(const char *origin);
int virMdevctlConfigParse(const char *json, const char *origin,
                          virMdevctlConfig **config, GError **error);
int virMdevctlConfigListParent(const char *parent, GPtrArray **configs,
                               GError **error);
char *virMdevctlFormatAttrs(GPtrArray *attrs);
int virMdevctlBootCommand(char **rule, char **command, GError **error);
