/*
 * virapuuid.h: UUIDs as mdevctl and sysfs name devices
 */
#pragma once

#include <glib.h>

char *virAPUUIDCanonicalize(const char *text, GError **error);
int virAPUUIDListDir(const char *path, GPtrArray **names, GError **error);
