/*
 * node_device_ap_masks.h: changing the AP bus masks, active and persistent,
 * as one transaction
 */
#pragma once

#include "node_device_ap_policy.h"

/* What is asked of one mask. */
typedef struct _virAPMaskRequest virAPMaskRequest;
struct _virAPMaskRequest {
    const char *setting; /* zdev list or +/- edit, or NULL: unchanged */
    bool remove;         /* persistent only: drop the rule's line */
};

/* One scope of the change: the masks before and after. */
typedef struct _virAPMaskPlan virAPMaskPlan;
struct _virAPMaskPlan {
    virAPMaskScope scope;
    virAPMaskPair from;
    virAPMaskPair to;
};

typedef enum {
    VIR_AP_MASK_CHANGE_ACTIVE = 1 << 0,      /* the sysfs masks */
    VIR_AP_MASK_CHANGE_PERSISTENT = 1 << 1,  /* the masks of the next boot */
    VIR_AP_MASK_CHANGE_DRY_RUN = 1 << 2,     /* plan and check; write nothing */
} virAPMaskChangeFlags;

typedef struct _virAPMaskChange virAPMaskChange;
struct _virAPMaskChange {
    virAPMaskPlan plans[VIR_AP_MASK_SCOPE_LAST];
    size_t nplans;
    GPtrArray *problems;  /* why it is refused; then nothing was written */
    const char *note;     /* what happened to the rule file beyond an update */
    char *rulePath;       /* the persistent change, prepared before any write */
    char *ruleText;       /* the new rule file; NULL: remove it */
    bool ruleExisted;
};

void virAPMaskChangeFree(virAPMaskChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPMaskChange, virAPMaskChangeFree);

int virAPMaskChangeRun(const virAPMaskRequest *requests, unsigned int flags,
                       virAPMaskChange **change, GError **error);
bool virAPMaskChangeChanges(const virAPMaskChange *change);
