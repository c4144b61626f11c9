/*
 * node_device_ap_policy.h: when a vfio_ap definition may be defined or
 * started, and when the masks may change
 */
#pragma once

#include "node_device_ap_host.h"
#include "node_device_ap_problem.h"
#include "virapmaskpair.h"

typedef enum {
    VIR_AP_SCOPE_DEFINE, /* mdevctl define / modify (stored config) */
    VIR_AP_SCOPE_START,  /* mdevctl start / modify --live */
    VIR_AP_SCOPE_LAST
} virAPScope;

VIR_AP_ENUM_DECL(virAPScope);

typedef enum {
    VIR_AP_MASK_SCOPE_ACTIVE,     /* /sys/bus/ap/apmask, aqmask */
    VIR_AP_MASK_SCOPE_PERSISTENT, /* the masks the next boot gives */
    VIR_AP_MASK_SCOPE_LAST
} virAPMaskScope;

VIR_AP_ENUM_DECL(virAPMaskScope);

unsigned int virAPPolicyHostParts(virAPScope scope);
GPtrArray *virAPPolicyCheck(const virAPDevice *dev, const virAPHost *host,
                            virAPScope scope);

unsigned int virAPPolicyMaskChangeHostParts(virAPMaskScope scope);
GPtrArray *virAPPolicyCheckMaskChange(virAPMaskScope scope, const virAPMaskPair *from,
                                      const virAPMaskPair *to, const virAPHost *host);

/* One queue asked of the override change: handed to vfio_ap, or back to
 * the default (zcrypt) driver. */
typedef struct _virAPQueueRequest virAPQueueRequest;
struct _virAPQueueRequest {
    guint8 adapter;
    guint8 domain;
    bool vfio;
};

unsigned int virAPPolicyOverrideChangeHostParts(virAPMaskScope scope);
GPtrArray *virAPPolicyCheckOverrideChange(virAPMaskScope scope, const GArray *requests,
                                          const virAPHost *host);

virAPProblem *virAPPolicyCheckOverridesMixed(const virAPHost *host);
