/*
 * virapmdevctl.h: mdevctl device definitions (JSON)
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define VIR_AP_MDEVCTL_CONFIG_DIR "/etc/mdevctl.d"

typedef struct _virAPMdevctlAttr virAPMdevctlAttr;
struct _virAPMdevctlAttr { /* one allocation (virAPMdevctlAttrNew) */
    char *name;
    char *value;
};

typedef struct _virAPMdevctlConfig virAPMdevctlConfig;
struct _virAPMdevctlConfig {
    char *uuid;      /* canonical; NULL when the input does not say */
    char *origin;    /* the file it came from, for messages; NULL: the device
                      * JSON from mdevctl (virAPMdevctlOriginName); set only
                      * by virAPMdevctlConfigNew, in the same allocation */
    char *type;
    bool autostart;
    GPtrArray *attrs; /* virAPMdevctlAttr, in the order mdevctl writes them */
};

void virAPMdevctlAttrFree(virAPMdevctlAttr *attr);
virAPMdevctlAttr *virAPMdevctlAttrNew(const char *name, const char *value);
virAPMdevctlAttr *virAPMdevctlAttrNewLen(const char *name, size_t nameLen,
                                         const char *value, size_t valueLen);
void virAPMdevctlConfigFree(virAPMdevctlConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPMdevctlConfig, virAPMdevctlConfigFree);

const char *virAPMdevctlOriginName(const char *origin);
virAPMdevctlConfig *virAPMdevctlConfigNew(const char *origin);
int virAPMdevctlConfigParse(const char *json, const char *origin,
                          virAPMdevctlConfig **config, GError **error);
int virAPMdevctlConfigParseJSON(const char *json, const char *origin,
                                virAPMdevctlConfig **config, GError **error);
int virAPMdevctlConfigListParent(const char *parent, GPtrArray **configs,
                               GError **error);
char *virAPMdevctlFormatAttrs(GPtrArray *attrs);
int virAPMdevctlBootCommand(char **rule, char **command, GError **error);
int virAPMdevctlModifiesDefined(const char *const *argv);
