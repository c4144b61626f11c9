/*
 * viraproot.h: every host path lives under one root
 *
 * VIRT_AP_ROOT, else MDEVCTL_ENV_ROOT (which mdevctl >= 1.3 passes to its
 * callouts), else "/".  Tests point it at fake trees.
 */
#pragma once

char *virAPRootPath(const char *path);
