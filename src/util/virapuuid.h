/*
 * virapuuid.h: UUIDs as mdevctl and sysfs name devices
 */
#pragma once

#include <glib.h>

char *virAPUUIDCanonicalize(const char *text, GError **error);
char *virAPUUIDCanonicalizeLibvirt(const char *text, GError **error);
int virAPUUIDListDir(const char *path, GPtrArray **names, GError **error);

#define VIR_AP_UUID_LEN 36 /* 8-4-4-4-12 */

/* A directory entry named by a UUID, with its type as readdir() gave it
 * (DT_*) and the UUID in the canonical form. */
typedef struct {
    unsigned char type;
    char uuid[VIR_AP_UUID_LEN + 1];
    char name[];
} virAPUUIDDirEntry;

int virAPUUIDListDirAt(int dirfd, const char *path, GPtrArray **entries,
                       GError **error);
