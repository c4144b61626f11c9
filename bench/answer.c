/* What answering at all costs mdevctl: a static program that drains stdin
 * and prints one fixed attribute list, as a callout's get attributes
 * does (the no-op floor prints nothing, which mdevctl has less to do
 * with). */
#include <unistd.h>

int
main(void)
{
    static const char answer[] = "[{\"assign_adapter\":\"1\"},{\"assign_domain\":\"0\"}]\n";
    char buf[4096];

    while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
        ;
    return write(STDOUT_FILENO, answer, sizeof(answer) - 1) == sizeof(answer) - 1 ? 0 : 1;
}
