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

/* stdin, drained; one byte more than the full callout takes */
static char input[VIR_AP_CHECK_INPUT_MAX + 1];
static size_t inputLen;
/* a sysfs attribute: at most 256 x 256 lines of "aa.dddd" */
static char sysfs[2][VIR_AP_CHECK_INPUT_MAX + 1];


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
    char scratch[8192];
    bool ok = true;
    ssize_t got;

    if (fcntl(STDIN_FILENO, F_GETFD) < 0)
        return true; /* closed: no input, and the full callout finds it closed too */
    for (;;) {
        char *to = inputLen < sizeof(input) ? input + inputLen : scratch;
        size_t room = inputLen < sizeof(input) ? sizeof(input) - inputLen : sizeof(scratch);

        if ((got = read(STDIN_FILENO, to, room)) == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (to == scratch)
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


/* get attributes of @uuid, printed; false: the full callout answers. */
static bool
virAPCheckFrontGetAttributes(const char *uuid)
{
    static char out[VIR_AP_CHECK_ATTRS_MAX];
    const char *root = getenv("VIRT_AP_ROOT");
    ssize_t matrixLen, controlLen;
    char path[4096];
    int len;

    if (!root || !*root)
        root = getenv("MDEVCTL_ENV_ROOT");
    if (!root || !*root)
        root = "/";
    if (snprintf(path, sizeof(path), "%s/sys/devices/vfio_ap/matrix/%s/matrix",
                 root, uuid) >= (int)sizeof(path) ||
        (matrixLen = virAPCheckFrontRead(path, sysfs[0], sizeof(sysfs[0]))) < 0 ||
        matrixLen > VIR_AP_CHECK_INPUT_MAX)
        return false;
    strcpy(path + strlen(path) - strlen("matrix"), "control_domains");
    if ((controlLen = virAPCheckFrontRead(path, sysfs[1], sizeof(sysfs[1]))) < 0 ||
        controlLen > VIR_AP_CHECK_INPUT_MAX ||
        (len = virAPCheckAttrsFormat(sysfs[0], matrixLen, sysfs[1], controlLen,
                                     out, sizeof(out))) < 0)
        return false;
    fwrite(out, 1, len, stdout);
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
