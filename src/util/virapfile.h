/*
 * virapfile.h: bounded reads of small text files
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Largest definition, rule or sysfs file virt-ap reads (a full vfio_ap
 * definition with 768 attributes is about 22 KiB). */
#define VIR_AP_FILE_MAX (1024 * 1024)

typedef enum {
    VIR_AP_FILE_OPTIONAL = 1 << 0, /* a missing file is *contents NULL, not an error */
    VIR_AP_FILE_NOFOLLOW = 1 << 1, /* a symbolic link is refused */
} virAPFileFlags;

int virAPFileReadFlags(const char *path, unsigned int flags, char **contents,
                       GError **error);
int virAPFileRead(const char *path, char **contents, GError **error);
int virAPFileReadOptional(const char *path, char **contents, GError **error);
int virAPFileReadFd(int fd, const char *name, char **contents, GError **error);
int virAPFileReadAt(int dirfd, const char *name, const char *path,
                    unsigned int flags, char *buf, GError **error);
int virAPFileWriteAtomic(const char *path, const char *contents, GError **error);
int virAPFileRemove(const char *path, GError **error);
void virAPFileRemoveStaleTemporaries(const char *path);
