/*
 * virt-ap.h: the verbs of the command line
 */
#pragma once

#include <glib.h>
#include <json.h>

#include "node_device_ap_policy.h"

/* Exit codes, shared by every verb and documented in virt-ap(1). */
enum {
    VIR_AP_EXIT_OK = 0,          /* done, or accepted (warnings may have been printed) */
    VIR_AP_EXIT_REFUSED = 1,     /* a rule refuses it (nothing was changed), or audit found something */
    VIR_AP_EXIT_HOST = 2,        /* input or host state cannot be read or written */
    VIR_AP_EXIT_USAGE = 3,       /* bad command line or bad value */
};

int virAPUsageError(GOptionContext *ctx, const char *message);
int virAPFail(const GError *error);
void virAPPrintProblems(GPtrArray *problems);
json_object *virAPProblemsToJSON(GPtrArray *problems);
json_object *virAPMasksToJSON(const virAPHost *host);
void virAPPrintJSON(json_object *root);
GPtrArray *virAPCheckDefinition(virAPMdevctlConfig *config, virAPScope scope,
                                GError **error);

int virAPCommandValidate(int argc, char **argv);
int virAPCommandMasks(int argc, char **argv);
int virAPCommandOverrides(int argc, char **argv);
int virAPCommandStatus(int argc, char **argv);
int virAPCommandAudit(int argc, char **argv);
int virAPCommandSuggest(int argc, char **argv);
int virAPCommandDefine(int argc, char **argv);
