/*
 * virapfile.c: bounded reads of small text files
 *
 * Everything virt-ap reads is small text; anything else (a directory, a
 * symbolic link where a definition should be, a huge file, a NUL byte) is
 * refused by name rather than half-read.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virapfile.h"
#include "viraperror.h"


/* What virt-ap reads is text of at most VIR_AP_FILE_MAX bytes. */
static int
virAPFileCheckText(const char *name, const char *text, size_t len, bool toolarge,
                   GError **error)
{
    if (toolarge) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' is larger than %d bytes"), name, VIR_AP_FILE_MAX);
        return -1;
    }
    if (memchr(text, '\0', len)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' contains a NUL byte"), name);
        return -1;
    }
    return 0;
}


/*
 * Reads @fd to its end even past the limit, so that a writer on a pipe
 * (mdevctl) never sees EPIPE, then refuses what is too large or not text.
 */
int
virAPFileReadFd(int fd, const char *name, char **contents, GError **error)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    bool toolarge = false;
    char chunk[8192];
    ssize_t got;

    while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return virAPReportSystemError(error, errno, _("cannot read '%s'"), name);
        }
        if (buf->len + got > VIR_AP_FILE_MAX)
            toolarge = true;
        else
            g_string_append_len(buf, chunk, got);
    }
    if (virAPFileCheckText(name, buf->str, buf->len, toolarge, error) < 0)
        return -1;
    *contents = g_string_free(g_steal_pointer(&buf), FALSE);
    return 0;
}


/* open() of @path failed with @err: 0 for a missing optional file. */
static int
virAPFileReportOpen(const char *path, unsigned int flags, int err, GError **error)
{
    if ((flags & VIR_AP_FILE_OPTIONAL) && err == ENOENT)
        return 0;
    if ((flags & VIR_AP_FILE_NOFOLLOW) && err == ELOOP) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' is a symbolic link, which virt-ap refuses to follow"),
                    path);
        return -1;
    }
    return virAPReportSystemError(error, err, _("cannot read '%s'"), path);
}


/*
 * Reads @name in the directory open as @dirfd, which readdir() said is a
 * regular file (@path names it in messages), into @buf of
 * VIR_AP_FILE_MAX + 1 bytes that the caller reuses for every file, as a
 * string: open, one read, close, where virAPFileReadFlags() needs five
 * system calls (docs/performance.md).  A short read of a regular file is
 * its end.  Refuses what virAPFileReadFlags() refuses, with its messages;
 * 1 when read, 0 for a missing optional file.
 */
int
virAPFileReadAt(int dirfd, const char *name, const char *path,
                unsigned int flags, char *buf, GError **error)
{
    int openFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    ssize_t got;
    int fd;

    if (flags & VIR_AP_FILE_NOFOLLOW)
        openFlags |= O_NOFOLLOW;
    if ((fd = openat(dirfd, name, openFlags)) < 0)
        return virAPFileReportOpen(path, flags, errno, error);
    while ((got = read(fd, buf, VIR_AP_FILE_MAX + 1)) < 0 && errno == EINTR)
        ;
    if (got < 0) {
        int err = errno;

        close(fd);
        return virAPReportSystemError(error, err, _("cannot read '%s'"), path);
    }
    close(fd);
    if (virAPFileCheckText(path, buf, got, got > VIR_AP_FILE_MAX, error) < 0)
        return -1;
    buf[got] = '\0';
    return 1;
}


int
virAPFileReadFlags(const char *path, unsigned int flags, char **contents,
                   GError **error)
{
    int openFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    struct stat sb;
    int fd;
    int rc;

    *contents = NULL;
    if (flags & VIR_AP_FILE_NOFOLLOW)
        openFlags |= O_NOFOLLOW;
    /* O_NONBLOCK: a FIFO planted where a file belongs must not hang us (on
     * the regular files that are read, the flag has no effect) */
    if ((fd = open(path, openFlags)) < 0)
        return virAPFileReportOpen(path, flags, errno, error);
    if (fstat(fd, &sb) < 0) {
        rc = virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
    } else if (S_ISDIR(sb.st_mode)) {
        rc = virAPReportSystemError(error, EISDIR, _("cannot read '%s'"), path);
    } else if (!S_ISREG(sb.st_mode)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' is not a regular file"), path);
        rc = -1;
    } else {
        rc = virAPFileReadFd(fd, path, contents, error);
    }
    close(fd);
    return rc;
}


int
virAPFileRead(const char *path, char **contents, GError **error)
{
    return virAPFileReadFlags(path, 0, contents, error);
}


/* A missing file is not an error: *contents is then NULL. */
int
virAPFileReadOptional(const char *path, char **contents, GError **error)
{
    return virAPFileReadFlags(path, VIR_AP_FILE_OPTIONAL, contents, error);
}


/* Makes the last rename or unlink in @dir durable. */
static int
virAPFileSyncDir(const char *dir, GError **error)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = 0;

    if (fd < 0 || fsync(fd) < 0)
        rc = virAPReportSystemError(error, errno, _("cannot sync directory '%s'"), dir);
    if (fd >= 0)
        close(fd);
    return rc;
}


static int
virAPFileWriteAll(int fd, const char *contents)
{
    size_t len = strlen(contents);

    while (len) {
        ssize_t done = write(fd, contents, len);

        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0)
            return -1;
        contents += done;
        len -= done;
    }
    return 0;
}


/*
 * Replaces @path with @contents so that a crash at any point leaves either
 * the old file or the new one: a temporary file in the same directory,
 * fsync, rename over @path, fsync of the directory.  The mode of an existing
 * file is kept (0644 for a new one).
 */
int
virAPFileWriteAtomic(const char *path, const char *contents, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    struct stat sb;
    mode_t mode = 0644;
    int fd;

    if (stat(path, &sb) == 0)
        mode = sb.st_mode & 07777;
    if ((fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode)) < 0)
        return virAPReportSystemError(error, errno, _("cannot create a temporary file in '%s'"), dir);
    if (fchmod(fd, mode) < 0 || virAPFileWriteAll(fd, contents) < 0 || fsync(fd) < 0) {
        int err = errno;

        close(fd);
        unlink(tmp);
        return virAPReportSystemError(error, err, _("cannot write '%s'"), tmp);
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        int err = errno;

        unlink(tmp);
        return virAPReportSystemError(error, err, _("cannot replace '%s'"), path);
    }
    return virAPFileSyncDir(dir, error);
}


/* Removes @path durably; a missing file is not an error. */
int
virAPFileRemove(const char *path, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);

    if (unlink(path) < 0 && errno != ENOENT)
        return virAPReportSystemError(error, errno, _("cannot remove '%s'"), path);
    return virAPFileSyncDir(dir, error);
}


/*
 * Removes the temporary files virAPFileWriteAtomic() left next to @path when
 * a writer was killed.  Only for callers holding the lock that every writer
 * of @path takes: then no such file can belong to a live writer.
 */
void
virAPFileRemoveStaleTemporaries(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *prefix = g_strdup_printf(".%s.", base);
    g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
    const char *name;

    while (handle && (name = g_dir_read_name(handle))) {
        if (g_str_has_prefix(name, prefix) && strlen(name) == strlen(prefix) + 6) {
            g_autofree char *stale = g_build_filename(dir, name, NULL);

            unlink(stale);
        }
    }
}
