/*
 * virapudev.h: the persistent AP masks in the udev rule chzdev writes
 */
#pragma once

#include <glib.h>

#define VIR_AP_UDEV_RULE "/etc/udev/rules.d/41-ap.rules"

typedef struct _virAPUdevRule virAPUdevRule;
struct _virAPUdevRule {
    GPtrArray *apmask; /* the values the rule writes, in file order */
    GPtrArray *aqmask;
};

void virAPUdevRuleFree(virAPUdevRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPUdevRule, virAPUdevRuleFree);

int virAPUdevRuleParse(const char *text, const char *name,
                       virAPUdevRule **rule, GError **error);
int virAPUdevRuleRead(virAPUdevRule **rule, GError **error);
