/*
 * node_device_ap_problem.h: what a check found, as structured data
 *
 * The policy (node_device_ap_policy.c) and the audit (node_device_ap_audit.c)
 * report problems; the callout, "virt-ap validate", "virt-ap masks" and
 * "virt-ap audit" print them, as text or JSON, without rewording them.
 */
#pragma once

#include "virapenum.h"
#include "virapmatrix.h"

typedef enum {
    VIR_AP_SEVERITY_ERROR,    /* refuses */
    VIR_AP_SEVERITY_WARNING,  /* points something out */
    VIR_AP_SEVERITY_LAST
} virAPSeverity;

VIR_AP_ENUM_DECL(virAPSeverity);

/* Every kind of problem; the names are stable (JSON, scripts). */
typedef enum {
    /* the policy: node_device_ap_policy.c */
    VIR_AP_RULE_ATTRIBUTE,
    VIR_AP_RULE_ATTRIBUTE_OCTAL,
    VIR_AP_RULE_ATTRIBUTE_EMPTY,
    VIR_AP_RULE_BOUNDS,
    VIR_AP_RULE_CONTROL_DOMAINS,
    VIR_AP_RULE_PERSISTENT_MASKS,
    VIR_AP_RULE_AUTOSTART_OVERLAP,
    VIR_AP_RULE_DEFINITION_OVERLAP,
    VIR_AP_RULE_ACTIVE_MASKS,
    VIR_AP_RULE_ACTIVE_MDEV,
    VIR_AP_RULE_STEP_HOST,
    VIR_AP_RULE_STEP_MDEV,
    VIR_AP_RULE_AP_CONFIG,
    VIR_AP_RULE_MASK_CHANGE_ACTIVE,
    VIR_AP_RULE_MASK_CHANGE_PERSISTENT,
    VIR_AP_RULE_ACTIVE_OVERRIDE,
    VIR_AP_RULE_PERSISTENT_OVERRIDE,
    VIR_AP_RULE_OVERRIDES_MIXED,
    VIR_AP_RULE_MASK_CHANGE_OVERRIDES,
    VIR_AP_RULE_OVERRIDE_CHANGE_MASKS,
    VIR_AP_RULE_OVERRIDE_CHANGE_NO_DRIVERCTL,
    VIR_AP_RULE_OVERRIDE_CHANGE_NO_QUEUE,
    VIR_AP_RULE_OVERRIDE_CHANGE_ACTIVE,
    VIR_AP_RULE_OVERRIDE_CHANGE_PERSISTENT,
    VIR_AP_RULE_MASK_CHANGE_OVERRIDDEN,
    /* the audit: node_device_ap_audit.c */
    VIR_AP_RULE_MASKS_NOT_PERSISTENT,
    VIR_AP_RULE_ACTIVE_DIFFERS,
    VIR_AP_RULE_GUEST_MDEV_NOT_DEFINED,
    VIR_AP_RULE_GUEST_MDEV_NOT_ACTIVE,
    VIR_AP_RULE_GUEST_UNREADABLE,
    VIR_AP_RULE_CARD_UNREADABLE,
    VIR_AP_RULE_CARD_NOT_PASSTHROUGH,
    VIR_AP_RULE_CARD_OFFLINE,
    VIR_AP_RULE_ADAPTER_DROPPED,
    VIR_AP_RULE_AUTOSTART_NO_UDEV_RULE,
    VIR_AP_RULE_AUTOSTART_BROKEN_UDEV_RULE,
    VIR_AP_RULE_DRIVER_OVERRIDE_WITH_MASKS,
    VIR_AP_RULE_OVERRIDES_NOT_PERSISTENT,
    VIR_AP_RULE_DRIVERCTL_NOT_INSTALLED,
    VIR_AP_RULE_RIVAL_CALLOUT,
    VIR_AP_RULE_LAST
} virAPRule;

VIR_AP_ENUM_DECL(virAPRule);

/* One APQN: adapter.domain. */
typedef struct _virAPQN virAPQN;
struct _virAPQN {
    guint8 adapter;
    guint8 domain;
};

typedef struct _virAPProblem virAPProblem;
struct _virAPProblem {
    virAPRule rule;
    virAPSeverity severity;
    GArray *apqns;   /* virAPQN: the APQNs it is about (may be empty) */
    char *other;     /* the other party: an mdev UUID, a file; or NULL */
    char *message;   /* one line: what is wrong */
    char *remedy;    /* one line: how to fix it; or NULL */
};

virAPProblem *virAPProblemNew(virAPRule rule, virAPSeverity severity,
                              const char *other, char *message, char *remedy);
void virAPProblemFree(virAPProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPProblem, virAPProblemFree);

GPtrArray *virAPProblemListNew(void);
void virAPProblemAddAPQN(virAPProblem *problem, unsigned int adapter,
                         unsigned int domain);
bool virAPProblemsRefuse(GPtrArray *problems);
char *virAPProblemFormat(const virAPProblem *problem);
