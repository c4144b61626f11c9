/*
 * viraplocktest.c: the AP configuration lock shared with s390-tools, under
 * a private VIRT_AP_ROOT
 */
#include <config.h>

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "viraplock.h"
#include "viraproot.h"
#include "testutils.h"

static char *lockPath;


static char *
testLockHolder(void)
{
    char *text = NULL;

    if (!g_file_get_contents(lockPath, &text, NULL, NULL))
        return g_strdup("none");
    return g_strchomp(text);
}


static void
testLockWrite(const char *content, time_t age)
{
    struct utimbuf times;

    g_file_set_contents(lockPath, content, -1, NULL);
    times.actime = times.modtime = time(NULL) - age;
    utime(lockPath, &times);
}


/* A PID that no process has: a child that has exited and been reaped. */
static pid_t
testDeadPid(void)
{
    pid_t pid = fork();

    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
    return pid;
}


static int
testAcquireRelease(const void *data)
{
    g_autofree char *mine = g_strdup_printf("%d", (int)getpid());
    g_autofree char *held = NULL;

    if (virAPLockAcquire(getpid(), NULL) < 0)
        return -1;
    held = testLockHolder();
    virAPLockRelease(getpid());
    return g_str_equal(held, mine) && !g_file_test(lockPath, G_FILE_TEST_EXISTS) ? 0 : -1;
}


static int
testReentrant(const void *data)
{
    int rc = 0;

    if (virAPLockAcquire(getpid(), NULL) < 0 || virAPLockAcquire(getpid(), NULL) < 0)
        rc = -1;
    virAPLockRelease(getpid());
    return rc;
}


static int
testHeldByLiveProcess(const void *data)
{
    g_autoptr(GError) error = NULL;
    int rc;

    testLockWrite("1\n", 0);  /* init never dies, and is older than the lock */
    rc = virAPLockAcquire(getpid(), &error);
    g_unlink(lockPath);
    if (rc == 0 || !error || !strstr(error->message, "process 1 has held it"))
        return -1;
    return 0;
}


static int
testStaleDeadHolder(const void *data)
{
    g_autofree char *content = g_strdup_printf("%d\n", (int)testDeadPid());
    int rc;

    testLockWrite(content, 0);
    rc = virAPLockAcquire(getpid(), NULL);
    virAPLockRelease(getpid());
    return rc;
}


static int
testEmptyLock(const void *data)
{
    g_autoptr(GError) error = NULL;
    int fresh, old;

    testLockWrite("", 0);
    fresh = virAPLockAcquire(getpid(), &error);
    testLockWrite("", 600);
    old = virAPLockAcquire(getpid(), NULL);
    virAPLockRelease(getpid());
    return fresh < 0 && error && strstr(error->message, "names no process") && old == 0 ? 0 : -1;
}


/* In a child: take the lock, make sure it stays ours for a while, release.
 * Exit 0 when it did, 1 when another took it meanwhile, 2 when it could
 * not take it. */
static void G_GNUC_NORETURN
testRaceChild(void)
{
    g_autofree char *mine = g_strdup_printf("%d", (int)getpid());
    int i;

    g_setenv("VIRT_AP_LOCK_TIMEOUT", "20", TRUE);
    if (virAPLockAcquire(getpid(), NULL) < 0)
        _exit(2);
    for (i = 0; i < 20; i++) {
        g_autofree char *held = testLockHolder();

        if (!g_str_equal(held, mine))
            _exit(1);
        g_usleep(500);
    }
    virAPLockRelease(getpid());
    _exit(0);
}


/* Rounds of waiters racing for one stale lock: each gets it alone. */
static int
testStaleRace(const void *data)
{
    int round, i, bad = 0;

    for (round = 0; round < 30; round++) {
        g_autofree char *content = g_strdup_printf("%d\n", (int)testDeadPid());
        pid_t children[6];

        testLockWrite(content, 0);
        for (i = 0; i < (int)G_N_ELEMENTS(children); i++) {
            if ((children[i] = fork()) == 0)
                testRaceChild();
        }
        for (i = 0; i < (int)G_N_ELEMENTS(children); i++) {
            int status;

            waitpid(children[i], &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "round %d: waiter %d %s %d\n", round, i,
                        WIFEXITED(status) ? "exited" : "was killed by signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
                bad++;
            }
        }
    }
    if (bad)
        fprintf(stderr, "%d waiters did not hold the lock alone\n", bad);
    return bad || g_file_test(lockPath, G_FILE_TEST_EXISTS) ? -1 : 0;
}


static int
testReleaseNotOwner(const void *data)
{
    g_autofree char *held = NULL;

    testLockWrite("1\n", 0);
    virAPLockRelease(getpid());
    held = testLockHolder();
    g_unlink(lockPath);
    return g_str_equal(held, "1") ? 0 : -1;
}


int
main(void)
{
    g_autofree char *root = g_dir_make_tmp("viraplocktest-XXXXXX", NULL);
    g_autofree char *run = g_build_filename(root, "run", NULL);
    g_autofree char *dir = NULL;

    g_setenv("VIRT_AP_ROOT", root, TRUE);
    g_setenv("VIRT_AP_LOCK_TIMEOUT", "0", TRUE);
    lockPath = virAPRootPath(VIR_AP_LOCK_FILE);
    dir = g_path_get_dirname(lockPath);
    g_mkdir_with_parents(dir, 0755);

    virTestRun("lock: taken with our PID, released", testAcquireRelease, NULL);
    virTestRun("lock: the owner may take it again", testReentrant, NULL);
    virTestRun("lock: held by a live process: refused, naming it", testHeldByLiveProcess, NULL);
    virTestRun("lock: held by a dead process: taken over", testStaleDeadHolder, NULL);
    virTestRun("lock: empty: refused while young, taken when old", testEmptyLock, NULL);
    virTestRun("lock: released only by its owner", testReleaseNotOwner, NULL);
    virTestRun("lock: waiters racing for a stale lock each hold it alone", testStaleRace, NULL);

    g_rmdir(dir);
    g_rmdir(run);
    g_rmdir(root);
    g_free(lockPath);
    return virTestFinish();
}
