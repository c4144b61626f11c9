/*
 * node_device_ap_overrides.h: handing AP queues to vfio_ap or back to the
 * default driver by driver_override (Linux 6.19), active and persistent
 * (driverctl), as one transaction
 */
#pragma once

#include "node_device_ap_policy.h"

/* One queue in one scope: its override before and after. */
typedef struct _virAPOverrideStep virAPOverrideStep;
struct _virAPOverrideStep {
    guint8 adapter;
    guint8 domain;
    char *fromOverride;  /* driver_override, or driverctl's driver; NULL: none */
    char *fromDriver;    /* active: the driver bound before; NULL: none */
    const char *to;      /* "vfio_ap", or NULL: none (the default driver) */
    bool changes;
    bool done;           /* written (to undo on failure) */
};

typedef struct _virAPOverridePlan virAPOverridePlan;
struct _virAPOverridePlan {
    virAPMaskScope scope;
    GArray *steps;       /* virAPOverrideStep */
};

typedef struct _virAPOverrideChange virAPOverrideChange;
struct _virAPOverrideChange {
    virAPOverridePlan plans[VIR_AP_MASK_SCOPE_LAST];
    size_t nplans;
    GPtrArray *problems; /* why it is refused; then nothing was written */
};

/* A queue with an override now or in driverctl's files. */
typedef struct _virAPOverrideQueue virAPOverrideQueue;
struct _virAPOverrideQueue {
    char *queue;       /* "AA.DDDD", as sysfs names it */
    char *driver;      /* bound now; NULL: none */
    char *override;    /* driver_override now; NULL: none */
    char *persistent;  /* driverctl's at the next boot; NULL: none */
};

void virAPOverrideQueueFree(virAPOverrideQueue *queue);
int virAPOverrideQueuesList(const virAPHost *host, GPtrArray **queues, GError **error);

void virAPOverrideChangeFree(virAPOverrideChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPOverrideChange, virAPOverrideChangeFree);

int virAPOverrideParseQueues(const char *text, bool vfio, GArray *requests, GError **error);
int virAPOverrideChangeRun(const GArray *requests, unsigned int flags,
                           virAPOverrideChange **change, GError **error);
bool virAPOverrideChangeChanges(const virAPOverrideChange *change);
