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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virapfile.h"
#include "virerror.h"


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
    if (toolarge) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' is larger than %d bytes"), name, VIR_AP_FILE_MAX);
        return -1;
    }
    if (memchr(buf->str, '\0', buf->len)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' contains a NUL byte"), name);
        return -1;
    }
    *contents = g_string_free(g_steal_pointer(&buf), FALSE);
    return 0;
}


static int
virAPFileReadInternal(const char *path, bool optional, char **contents,
                      GError **error)
{
    struct stat sb;
    int fd;
    int rc;

    *contents = NULL;
    /* O_NONBLOCK: a FIFO planted where a file belongs must not hang us */
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0) {
        if (optional && errno == ENOENT)
            return 0;
        return virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
    }
    if (fstat(fd, &sb) < 0) {
        rc = virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
    } else if (S_ISDIR(sb.st_mode)) {
        rc = virAPReportSystemError(error, EISDIR, _("cannot read '%s'"), path);
    } else if (!S_ISREG(sb.st_mode)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("'%s' is not a regular file"), path);
        rc = -1;
    } else if (fcntl(fd, F_SETFL, 0) < 0) {
        rc = virAPReportSystemError(error, errno, _("cannot read '%s'"), path);
    } else {
        rc = virAPFileReadFd(fd, path, contents, error);
    }
    close(fd);
    return rc;
}


int
virAPFileRead(const char *path, char **contents, GError **error)
{
    return virAPFileReadInternal(path, false, contents, error);
}


/* A missing file is not an error: *contents is then NULL. */
int
virAPFileReadOptional(const char *path, char **contents, GError **error)
{
    return virAPFileReadInternal(path, true, contents, error);
}
