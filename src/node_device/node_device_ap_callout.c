/*
 * node_device_ap_callout.c: the command line mdevctl gives its callouts
 *
 * "-t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT", each exactly once
 * and nothing else (research/mdevctl.md 2.2).
 */
#include <config.h>

#include <string.h>
#include <unistd.h>

#include "node_device_ap_callout.h"


int
virAPCalloutParseArgs(int argc, char **argv, virAPCalloutArgs *args)
{
    const char **slots[] = { &args->type, &args->event, &args->action,
                             &args->state, &args->uuid, &args->parent };
    const char *letters = "teasup";
    int opt;

    memset(args, 0, sizeof(*args));
    opterr = 0;
    optind = 0; /* a full getopt reset, for callers that parse more than once */
    while ((opt = getopt(argc, argv, "+t:e:a:s:u:p:")) != -1) {
        const char *slot = opt == '?' || opt == ':' ? NULL : strchr(letters, opt);

        if (!slot || *slots[slot - letters])
            return -1;
        *slots[slot - letters] = optarg;
    }
    if (optind != argc || !args->type || !args->event || !args->action ||
        !args->state || !args->uuid || !args->parent)
        return -1;
    return 0;
}
