/*
 * virt-ap-check-front: what mdevctl runs as the callout virt-ap-check
 *
 * mdevctl runs its callout once per active mdev on every "mdevctl list"
 * (so on every libvirt refresh), and then the callout is only asked for
 * the mdev's attributes.  Linked with glib, json-c and libuuid the full
 * callout spends most of such a call in the dynamic loader
 * (docs/performance.md); this front is linked statically against libc
 * alone, answers "get attributes" of a vfio_ap-passthrough mdev itself
 * when the kernel's sysfs form is all it meets, says "not my type" for
 * other types, and otherwise becomes the full callout (execv, same
 * process, same parent, same argv and environment), which answers every
 * other event and words every refusal.  stdin is handed over as it came:
 * untouched, or, once drained for "get attributes", replayed from a
 * memfd.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virt-ap-check-attrs.h"

#define EXIT_NOT_MY_TYPE 2
#define VIR_AP_CHECK_INPUT_MAX (1024 * 1024) /* VIR_AP_FILE_MAX */

/* One scratch area, filled front to back: stdin drained (one byte more than
 * the full callout takes), then the two sysfs attributes (at most 256 x 256
 * lines of "aa.dddd" each), then the answer.  A small answer touches one
 * page of it: every page a process touches first costs a fault, which is
 * much of what a program this small costs (docs/performance.md). */
static char scratch[3 * (VIR_AP_CHECK_INPUT_MAX + 1) + VIR_AP_CHECK_ATTRS_MAX];
static char *const input = scratch;
static size_t inputLen;


/* argv as the full callout takes it (virAPCalloutParseArgs): each of
 * -t -e -a -s -u -p once, nothing else. */
static bool
virAPCheckFrontParseArgs(int argc, char **argv, const char *slots[6])
{
    const char *letters = "teasup";
    int opt;

    opterr = 0;
    while ((opt = getopt(argc, argv, "+t:e:a:s:u:p:")) != -1) {
        const char *slot = opt == '?' || opt == ':' ? NULL : strchr(letters, opt);

        if (!slot || slots[slot - letters])
            return false;
        slots[slot - letters] = optarg;
    }
    for (opt = 0; opt < 6; opt++) {
        if (!slots[opt])
            return false;
    }
    return optind == argc;
}


/* The form mdevctl writes, the only one answered here: a path component. */
static bool
virAPCheckFrontUUIDIsCanonical(const char *text)
{
    size_t i;

    for (i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (dash ? text[i] != '-' :
            !((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
            return false;
    }
    return text[36] == '\0';
}


/* Drains stdin as the full callout does first.  false: a read error, a
 * NUL byte or too much, for the full callout to word. */
static bool
virAPCheckFrontDrain(void)
{
    char discard[8192];
    bool ok = true;
    ssize_t got;

    if (fcntl(STDIN_FILENO, F_GETFD) < 0)
        return true; /* closed: no input, and the full callout finds it closed too */
    for (;;) {
        char *to = inputLen <= VIR_AP_CHECK_INPUT_MAX ? input + inputLen : discard;
        size_t room = inputLen <= VIR_AP_CHECK_INPUT_MAX ? VIR_AP_CHECK_INPUT_MAX + 1 - inputLen :
                                                           sizeof(discard);

        if ((got = read(STDIN_FILENO, to, room)) == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (to == discard)
            ok = false; /* too large: the full callout is given enough to say so */
        else
            inputLen += got;
    }
    return ok && inputLen <= VIR_AP_CHECK_INPUT_MAX && !memchr(input, '\0', inputLen);
}


/* A regular file read whole into @buf; -1 for anything else. */
static ssize_t
virAPCheckFrontRead(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat sb;
    size_t len = 0;
    ssize_t got = -1;

    if (fd < 0)
        return -1;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        while (len < size && (got = read(fd, buf + len, size - len)) > 0)
            len += got;
    }
    close(fd);
    return got == 0 ? (ssize_t)len : -1;
}


/* @len bytes of @buf to stdout, unbuffered (stdio's buffer would be one
 * more page); a failure goes unreported, as the full callout's printf's. */
static void
virAPCheckFrontWrite(const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t put = write(STDOUT_FILENO, buf, len);

        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return;
        buf += put;
        len -= put;
    }
}


/* get attributes of @uuid, printed; false: the full callout answers. */
static bool
virAPCheckFrontGetAttributes(const char *uuid)
{
    char *matrix = input + inputLen;
    char *control;
    char *out;
    const char *root = getenv("VIRT_AP_ROOT");
    ssize_t matrixLen, controlLen;
    char path[4096];
    int len;

    if (!root || !*root)
        root = getenv("MDEVCTL_ENV_ROOT");
    if (!root || !*root)
        root = "/";
    /* no snprintf: its code is pages more to fault in */
    if (strlen(root) + strlen(uuid) + 64 > sizeof(path))
        return false;
    strcpy(stpcpy(stpcpy(stpcpy(path, root), "/sys/devices/vfio_ap/matrix/"), uuid), "/matrix");
    if ((matrixLen = virAPCheckFrontRead(path, matrix, VIR_AP_CHECK_INPUT_MAX + 1)) < 0 ||
        matrixLen > VIR_AP_CHECK_INPUT_MAX)
        return false;
    control = matrix + matrixLen;
    strcpy(path + strlen(path) - strlen("matrix"), "control_domains");
    if ((controlLen = virAPCheckFrontRead(path, control, VIR_AP_CHECK_INPUT_MAX + 1)) < 0 ||
        controlLen > VIR_AP_CHECK_INPUT_MAX)
        return false;
    out = control + controlLen;
    if ((len = virAPCheckAttrsFormat(matrix, matrixLen, control, controlLen,
                                     out, VIR_AP_CHECK_ATTRS_MAX)) < 0)
        return false;
    virAPCheckFrontWrite(out, len);
    return true;
}


/* What was drained from stdin, back on stdin; false if it cannot be. */
static bool
virAPCheckFrontReplay(void)
{
    int fd = memfd_create("stdin", MFD_CLOEXEC);
    size_t done = 0;
    ssize_t put;
    bool ok;

    if (fd < 0)
        return false;
    while (done < inputLen && (put = write(fd, input + done, inputLen - done)) > 0)
        done += put;
    ok = done == inputLen && lseek(fd, 0, SEEK_SET) == 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO;
    close(fd);
    return ok;
}


static void
virAPCheckFrontI18nInit(void)
{
    setlocale(LC_ALL, "");
    bindtextdomain(PACKAGE, LOCALEDIR);
    textdomain(PACKAGE);
}


/* The one thing the front says itself: why the full callout cannot take
 * over (a veto, as every failure of a callout is). */
#define virAPCheckFrontFail(format, err) \
    (virAPCheckFrontI18nInit(), \
     fprintf(stderr, gettext(format), VIR_AP_CHECK_FULL, strerror(err)), \
     fputc('\n', stderr), EXIT_FAILURE)


int
main(int argc, char **argv)
{
    const char *slots[6] = { NULL }; /* t e a s u p */
    int err;

    if (virAPCheckFrontParseArgs(argc, argv, slots)) {
        if (strcmp(slots[0], "vfio_ap-passthrough") != 0)
            return EXIT_NOT_MY_TYPE;
        if (strcmp(slots[1], "get") == 0 && strcmp(slots[2], "attributes") == 0 &&
            strcmp(slots[5], "matrix") == 0 && virAPCheckFrontUUIDIsCanonical(slots[4])) {
            bool drained = virAPCheckFrontDrain();

            if (drained && virAPCheckFrontGetAttributes(slots[4]))
                return EXIT_SUCCESS;
            if (inputLen && !virAPCheckFrontReplay()) {
                err = errno;
                return virAPCheckFrontFail("cannot hand stdin over to '%s': %s", err);
            }
        }
    }
    execv(VIR_AP_CHECK_FULL, argv);
    err = errno;
    return virAPCheckFrontFail("cannot run '%s': %s", err);
}
