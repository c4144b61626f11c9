/*
 * virapudevrun.h: what udev writes to the AP masks at boot
 */
#pragma once

#include "virapmask.h"

typedef struct _virAPUdevBootRun virAPUdevBootRun;

void virAPUdevBootRunFree(virAPUdevBootRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPUdevBootRun, virAPUdevBootRunFree);

/* Runs the AP bus's boot events through @files (virAPUdevFile, in udev's
 * order); refuses, naming file:line, what it cannot decide. */
int virAPUdevBootRunNew(GPtrArray *files, virAPUdevBootRun **run,
                        GError **error);

/* The value udev leaves in @mask ("apmask" or "aqmask") when the boot
 * starts it at @base; *writer is "file:line" of the last write, or NULL
 * when no rule writes the mask. */
int virAPUdevBootRunApply(const virAPUdevBootRun *run, const char *mask,
                          const virAPMask *base, virAPMask *result,
                          char **writer, GError **error);
