/*
 * node_device_ap_callout.h: what the mdevctl callout does, event by event
 */
#pragma once

#include <glib.h>

typedef struct _virAPCalloutArgs virAPCalloutArgs;
struct _virAPCalloutArgs {
    const char *type;
    const char *event;
    const char *action;
    const char *state;
    const char *uuid;
    const char *parent;
};

/* What one callout run tells mdevctl. */
typedef struct _virAPCalloutResult virAPCalloutResult;
struct _virAPCalloutResult {
    GPtrArray *problems;  /* for stderr, one a line (warnings too) */
    char *output;         /* for stdout (get events), or NULL */
};

void virAPCalloutResultClear(virAPCalloutResult *result);

int virAPCalloutParseArgs(int argc, char **argv, virAPCalloutArgs *args);
int virAPCalloutRun(const virAPCalloutArgs *args, const char *input,
                    virAPCalloutResult *result, GError **error);
