/*
 * viraplock.c: the AP configuration lock shared with s390-tools
 *
 * chzdev, lszdev and ap-check serialise on /run/lock/s390apconfig.lock, a
 * PID file created with link(2) (research/s390-tools-ap.md 4.6): the owner's
 * PID and a newline go to a unique temporary file, which is then hard-linked
 * to the lock name; link fails if the lock exists.  A callout locks on
 * behalf of mdevctl (its parent), so a lock taken in "pre" lives until the
 * "post" callout of the same mdevctl releases it.
 *
 * Unlike s390-tools: the owner may take its own lock again (mdevctl asking
 * twice never deadlocks), a lock whose PID now names a younger process is
 * stale (PID reuse), a stale lock is broken by one waiter only (under an
 * flock of the stale file itself, re-checked to be the same file naming the
 * same dead holder), and the
 * wait is bounded by VIRT_AP_LOCK_TIMEOUT seconds (default 60) with a
 * message that names the holder.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "virapfile.h"
#include "viraplock.h"
#include "viraproot.h"
#include "viraperror.h"

#define VIR_AP_LOCK_TIMEOUT_DEFAULT 60
#define VIR_AP_LOCK_EMPTY_STALE 120 /* s390-tools: an empty lock this old is stale */


/* The PID in the lock file open as @fd (@sb filled): 0 if it names none
 * (empty, unreadable, not a file). */
static pid_t
virAPLockReadHolderFd(int fd, const char *path, struct stat *sb)
{
    g_autofree char *text = NULL;
    guint64 pid;

    if (fstat(fd, sb) < 0 || !S_ISREG(sb->st_mode) ||
        virAPFileReadFd(fd, path, &text, NULL) < 0)
        return 0;
    g_strstrip(text);
    if (!g_ascii_string_to_unsigned(text, 10, 1, G_MAXINT32, &pid, NULL))
        return 0;
    return pid;
}


/*
 * The PID in the lock file: -1 if the file is gone, 0 if it exists but names
 * no PID (empty, unreadable, not a file), else the PID.
 */
static pid_t
virAPLockReadHolder(const char *path, struct stat *sb)
{
    pid_t holder;
    int fd;

    /* the PID and the file's identity from one open file, never two */
    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0) {
        if (errno == ENOENT)
            return -1;
        return lstat(path, sb) < 0 && errno == ENOENT ? -1 : 0;
    }
    holder = virAPLockReadHolderFd(fd, path, sb);
    close(fd);
    return holder;
}


/* Seconds since the epoch at which @pid started, or 0 if unknown. */
static time_t
virAPLockProcessStart(pid_t pid)
{
    g_autofree char *statPath = g_strdup_printf("/proc/%d/stat", pid);
    g_autofree char *stat = NULL;
    g_autofree char *procstat = NULL;
    g_auto(GStrv) fields = NULL;
    const char *btime;
    const char *paren;
    long ticks = sysconf(_SC_CLK_TCK);

    if (!g_file_get_contents(statPath, &stat, NULL, NULL) ||
        !g_file_get_contents("/proc/stat", &procstat, NULL, NULL) ||
        !(paren = strrchr(stat, ')')) ||
        !(btime = strstr(procstat, "\nbtime ")) || ticks <= 0)
        return 0;
    /* after "pid (comm)": state is field 3, starttime field 22 */
    fields = g_strsplit(paren + 2, " ", 0);
    if (g_strv_length(fields) < 20)
        return 0;
    return g_ascii_strtoll(btime + 7, NULL, 10) +
           g_ascii_strtoull(fields[19], NULL, 10) / ticks;
}


static bool
virAPLockIsStale(pid_t holder, const struct stat *sb)
{
    time_t started;

    if (holder == 0)
        return time(NULL) - sb->st_mtime > VIR_AP_LOCK_EMPTY_STALE;
    if (kill(holder, 0) < 0 && errno == ESRCH)
        return true;
    /* the PID was reused if its process started after the lock was taken */
    started = virAPLockProcessStart(holder);
    return started > sb->st_mtime + 1;
}


/*
 * Removes the lock file judged stale when it was @stale, naming @holder:
 * only if the path still names that very file and it still names @holder,
 * checked under an flock of it, so that of two waiters that judged the same
 * holder dead only one removes it.  The other then finds the path gone, or
 * naming the first one's fresh lock: another file, or, when the file system
 * gave the new lock the freed inode's number again, another holder.
 */
static int
virAPLockBreak(const char *path, const struct stat *stale, pid_t holder,
               GError **error)
{
    struct stat opened;
    struct stat named;
    int fd;
    int rc = 0;

    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
        return 0; /* gone, or no plain file: judged again by the caller */
    if (flock(fd, LOCK_EX) == 0 &&
        virAPLockReadHolderFd(fd, path, &opened) == holder &&
        lstat(path, &named) == 0 &&
        opened.st_dev == stale->st_dev && opened.st_ino == stale->st_ino &&
        named.st_dev == stale->st_dev && named.st_ino == stale->st_ino &&
        unlink(path) < 0 && errno != ENOENT)
        rc = virAPReportSystemError(error, errno,
                                    _("cannot remove the stale AP configuration lock '%s'"),
                                    path);
    close(fd);
    return rc;
}


static int
virAPLockTryLink(const char *path, pid_t owner, GError **error)
{
    g_autofree char *tmp = g_strdup_printf("%s%05d%02x", path, (int)getpid(),
                                           (unsigned int)(time(NULL) & 0xff));
    g_autofree char *content = g_strdup_printf("%d\n", (int)owner);
    int fd;
    int rc;

    unlink(tmp); /* left by a crashed process with our PID */
    if ((fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644)) < 0)
        return virAPReportSystemError(error, errno, _("cannot create lock file '%s'"), tmp);
    if (write(fd, content, strlen(content)) != (ssize_t)strlen(content)) {
        int err = errno;

        close(fd);
        unlink(tmp);
        return virAPReportSystemError(error, err, _("cannot create lock file '%s'"), tmp);
    }
    close(fd);
    rc = link(tmp, path);
    if (rc < 0 && errno != EEXIST) {
        int err = errno;

        unlink(tmp);
        return virAPReportSystemError(error, err, _("cannot create lock file '%s'"), path);
    }
    unlink(tmp);
    return rc == 0 ? 1 : 0;
}


static unsigned int
virAPLockTimeout(void)
{
    const char *env = g_getenv("VIRT_AP_LOCK_TIMEOUT");
    guint64 seconds;

    if (env && g_ascii_string_to_unsigned(env, 10, 0, 3600, &seconds, NULL))
        return seconds;
    return VIR_AP_LOCK_TIMEOUT_DEFAULT;
}


int
virAPLockAcquire(pid_t owner, GError **error)
{
    g_autofree char *path = virAPRootPath(VIR_AP_LOCK_FILE);
    g_autofree char *dir = g_path_get_dirname(path);
    unsigned int timeout = virAPLockTimeout();
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout * G_USEC_PER_SEC;
    pid_t holder = 0;

    /* one stat where the directory exists, not two per path component */
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR) && g_mkdir_with_parents(dir, 0755) < 0)
        return virAPReportSystemError(error, errno, _("cannot create lock directory '%s'"), dir);

    for (;;) {
        struct stat sb;
        int rc = virAPLockTryLink(path, owner, error);

        if (rc != 0)
            return rc < 0 ? -1 : 0;
        holder = virAPLockReadHolder(path, &sb);
        if (holder == owner)
            return 0;
        if (holder < 0)
            continue; /* released between link and read: try again at once */
        if (virAPLockIsStale(holder, &sb)) {
            if (virAPLockBreak(path, &sb, holder, error) < 0)
                return -1;
            continue;
        }
        if (g_get_monotonic_time() > deadline)
            break;
        g_usleep(10000 + g_random_int_range(0, 10000));
    }
    if (holder == 0)
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_LOCK,
                    _("cannot take the AP configuration lock '%s': it exists but names no process; remove it if no configuration tool is running"),
                    path);
    else
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_LOCK,
                    _("cannot take the AP configuration lock '%s': process %d has held it for more than %u seconds"),
                    path, (int)holder, timeout);
    return -1;
}


/* Releases the lock only if @owner holds it. */
void
virAPLockRelease(pid_t owner)
{
    g_autofree char *path = virAPRootPath(VIR_AP_LOCK_FILE);
    struct stat sb;

    if (virAPLockReadHolder(path, &sb) == owner)
        unlink(path);
}
