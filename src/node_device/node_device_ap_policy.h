/*
 * node_device_ap_policy.h: when a vfio_ap definition may be defined or started
 */
#pragma once

#include "node_device_ap_host.h"
#include "virapmaskpair.h"

typedef enum {
    VIR_AP_SCOPE_DEFINE, /* mdevctl define / modify (stored config) */
    VIR_AP_SCOPE_START,  /* mdevctl start / modify --live */
    VIR_AP_SCOPE_LAST
} virAPScope;

typedef enum {
    VIR_AP_MASK_SCOPE_ACTIVE,     /* /sys/bus/ap/apmask, aqmask */
    VIR_AP_MASK_SCOPE_PERSISTENT, /* 41-ap.rules: the next boot */
} virAPMaskScope;

typedef enum {
    VIR_AP_SEVERITY_ERROR,
    VIR_AP_SEVERITY_WARNING,
} virAPSeverity;

typedef struct _virAPProblem virAPProblem;
struct _virAPProblem {
    virAPSeverity severity;
    const char *rule;  /* which rule: "persistent-masks", "autostart-overlap", ... */
    char *other;       /* the UUID of the other mdev or definition, if any */
    char *message;     /* one line, with the remedy */
};

void virAPProblemFree(virAPProblem *problem);

int virAPScopeTypeFromString(const char *name);

unsigned int virAPPolicyHostParts(virAPScope scope);
GPtrArray *virAPPolicyCheck(const virAPDevice *dev, const virAPHost *host,
                            virAPScope scope);
GPtrArray *virAPPolicyProblemsFromError(const GError *error);
bool virAPPolicyRefuses(GPtrArray *problems);

unsigned int virAPPolicyMaskChangeHostParts(virAPMaskScope scope);
GPtrArray *virAPPolicyCheckMaskChange(virAPMaskScope scope, const virAPMaskPair *from,
                                      const virAPMaskPair *to, const virAPHost *host);
char *virAPProblemFormat(const virAPProblem *problem);
