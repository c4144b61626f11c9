/*
 * virt-ap-check: the mdevctl callout for vfio_ap-passthrough mdevs
 *
 * mdevctl runs it as
 *   virt-ap-check -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT
 * with the device JSON on stdin for pre/post/live (research/mdevctl.md 2).
 * Exit 2 means "not my type" and is used for nothing else; 1 vetoes, for
 * whatever reason (a refusal, unreadable input or host state: 2 would let
 * the command through).  This file parses and prints; what each event does
 * is node_device_ap_callout.c's.
 */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_callout.h"
#include "node_device_ap_policy.h"
#include "virapfile.h"
#include "virapuuid.h"
#include "viraperror.h"

#define EXIT_NOT_MY_TYPE 2


/* Every problem a line on stderr (warnings too), the output on stdout. */
static void
virAPCalloutPrint(const virAPCalloutResult *result)
{
    size_t i;

    for (i = 0; result->problems && i < result->problems->len; i++) {
        g_autofree char *line = virAPProblemFormat(g_ptr_array_index(result->problems, i));

        fprintf(stderr, "%s\n", line);
    }
    if (result->output)
        printf("%s\n", result->output);
}


int
main(int argc, char **argv)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *input = NULL;
    g_autofree char *uuid = NULL;
    virAPCalloutArgs args;
    virAPCalloutResult result = { NULL, NULL };
    int rc;


    if (virAPCalloutParseArgs(argc, argv, &args) < 0) {
        fprintf(stderr, "%s\n", _("usage: virt-ap-check -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT (each once)"));
        return EXIT_FAILURE;
    }
    if (!g_str_equal(args.type, VIR_AP_MDEV_TYPE))
        return EXIT_NOT_MY_TYPE;

    /* Drain stdin before anything can fail: mdevctl 1.2 ignores the exit
     * status of a callout that did not read all it was sent.  A closed
     * stdin is no input. */
    if (fcntl(STDIN_FILENO, F_GETFD) < 0)
        input = g_strdup("");
    if ((!input && virAPFileReadFd(STDIN_FILENO, "stdin", &input, &error) < 0) ||
        !(uuid = virAPUUIDCanonicalize(args.uuid, &error))) {
        fprintf(stderr, "%s\n", error->message);
        return EXIT_FAILURE;
    }
    args.uuid = uuid;
    rc = virAPCalloutRun(&args, input, &result, &error);
    virAPCalloutPrint(&result);
    virAPCalloutResultClear(&result);
    if (rc < 0) {
        if (error)
            fprintf(stderr, "%s\n", error->message);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
