/*
 * virapuuid.h: UUIDs as mdevctl and sysfs name devices
 */
#pragma once

#include <glib.h>

char *virAPUUIDCanonicalize(const char *text, GError **error);
char *virAPUUIDCanonicalizeLibvirt(const char *text, GError **error);
int virAPUUIDListDir(const char *path, GPtrArray **names, GError **error);

/* A directory entry, with its type as readdir() gave it (DT_*). */
typedef struct {
    unsigned char type;
    char name[];
} virAPUUIDDirEntry;

int virAPUUIDListDirAt(int dirfd, const char *path, GPtrArray **entries,
                       GError **error);
