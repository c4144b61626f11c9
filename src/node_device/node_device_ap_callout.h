/*
 * node_device_ap_callout.h: the command line mdevctl gives its callouts
 */
#pragma once

typedef struct _virAPCalloutArgs virAPCalloutArgs;
struct _virAPCalloutArgs {
    const char *type;
    const char *event;
    const char *action;
    const char *state;
    const char *uuid;
    const char *parent;
};

int virAPCalloutParseArgs(int argc, char **argv, virAPCalloutArgs *args);
