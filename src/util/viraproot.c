/*
 * viraproot.c: every host path lives under one root
 */
#include <config.h>

#include <glib.h>

#include "viraproot.h"


char *
virAPRootPath(const char *path)
{
    const char *root = g_getenv("VIRT_AP_ROOT");

    if (!root || !*root)
        root = g_getenv("MDEVCTL_ENV_ROOT");
    if (!root || !*root)
        root = "/";
    return g_build_filename(root, path, NULL);
}
