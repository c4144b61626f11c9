/* The I/O floor of "pre define": a static program that reads stdin and
 * every file of the directory it is given, and nothing else. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    char buf[65536];
    struct dirent *entry;
    DIR *dir;

    while (read(0, buf, sizeof(buf)) > 0)
        ;
    if (argc < 2 || !(dir = opendir(argv[1])))
        return 1;
    while ((entry = readdir(dir))) {
        char path[4096];
        int fd;

        snprintf(path, sizeof(path), "%s/%s", argv[1], entry->d_name);
        if ((fd = open(path, O_RDONLY)) < 0)
            continue;
        while (read(fd, buf, sizeof(buf)) > 0)
            ;
        close(fd);
    }
    closedir(dir);
    return 0;
}
