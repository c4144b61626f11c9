/*
 * viruuid.h: UUIDs as mdevctl and sysfs name devices
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

bool virAPUUIDIsCanonical(const char *text);
char *virAPUUIDCanonicalize(const char *text, GError **error);
int virAPUUIDListDir(const char *path, GPtrArray **names, GError **error);
