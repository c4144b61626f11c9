/*
 * viraplock.h: the AP configuration lock shared with s390-tools
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#define VIR_AP_LOCK_FILE "/run/lock/s390apconfig.lock"

int virAPLockAcquire(pid_t owner, GError **error);
void virAPLockRelease(pid_t owner);
