/*
 * node_device_ap_audit.h: every inconsistency of the host's AP configuration
 */
#pragma once

#include "node_device_ap_problem.h"
#include "node_device_ap_status.h"

/* What the audit reads beyond the status, gathered before it runs. */
typedef struct _virAPAuditFacts virAPAuditFacts;
struct _virAPAuditFacts {
    virAPMask vfioBound[VIR_AP_MASK_BITS]; /* [adapter]: domains whose queue vfio_ap drives */
    char *overrideQueue;                   /* a queue with driver_override set, or NULL */
    char *mdevctlRule;                     /* the 60-mdevctl.rules udev uses, or NULL */
    char *mdevctlCommand;                  /* what it runs at boot, or NULL */
    bool mdevctlCommandExists;
    GPtrArray *rivalCallouts;              /* s390-tools' ap-check in a callout directory */
};

void virAPAuditFactsFree(virAPAuditFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPAuditFacts, virAPAuditFactsFree);

int virAPAuditFactsLoad(const virAPStatus *status, virAPAuditFacts **facts,
                        GError **error);
GPtrArray *virAPAudit(const virAPStatus *status, const virAPAuditFacts *facts);
