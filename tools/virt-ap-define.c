/*
 * virt-ap define: check a vfio_ap mdev definition, then define it through
 * the libvirt API (virNodeDeviceDefineXML), as virsh nodedev-define does
 */
#include <config.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>

#include "node_device_ap_policy.h"
#include "node_device_ap_xml.h"
#include "virapfile.h"
#include "virt-ap.h"
#include "viraperror.h"


static void
virAPDefineIgnoreError(void *opaque, virErrorPtr err)
{
    /* printed once, verbatim, below */
}


/* Defines @xml (and marks it autostart); libvirt's error is printed as is. */
static int
virAPDefineThroughLibvirt(const char *uri, const char *xml, const char *path,
                          bool autostart)
{
    virConnectPtr conn;
    virNodeDevicePtr dev = NULL;
    int rc = VIR_AP_EXIT_HOST;

    virSetErrorFunc(NULL, virAPDefineIgnoreError);
    if (!(conn = virConnectOpen(uri)))
        goto error;
    if (!(dev = virNodeDeviceDefineXML(conn, xml, 0)))
        goto error;
    if (autostart && virNodeDeviceSetAutostart(dev, 1) < 0) {
        fprintf(stderr, _("virt-ap: node device '%s' was defined, but not made autostart:\n"),
                virNodeDeviceGetName(dev));
        goto error;
    }
    printf(_("Node device '%s' defined from '%s'%s\n"), virNodeDeviceGetName(dev), path,
           autostart ? _(", autostart") : "");
    rc = VIR_AP_EXIT_OK;
    goto cleanup;

 error:
    fprintf(stderr, "libvirt: %s\n", virGetLastErrorMessage());
 cleanup:
    if (dev)
        virNodeDeviceFree(dev);
    if (conn)
        virConnectClose(conn);
    virSetErrorFunc(NULL, NULL);
    return rc;
}


int
virAPCommandDefine(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    gboolean autostart = FALSE;
    GOptionEntry entries[] = {
        { "connect", 'c', 0, G_OPTION_ARG_STRING, &uri, N_("libvirt connection URI, as for virsh"), "URI" },
        { "autostart", 0, 0, G_OPTION_ARG_NONE, &autostart,
          N_("also mark it autostart (virNodeDeviceSetAutostart)"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("FILE - check a vfio_ap mdev definition (nodedev XML), then define it through libvirt"));
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPMdevctlConfig) config = NULL;
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *xml = NULL;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    g_option_context_set_summary(ctx, _("Exit status: 0 defined, 1 refused by virt-ap's checks (libvirt not called), 2 unreadable input or libvirt's refusal, 3 usage error."));
    if (!g_option_context_parse(ctx, &argc, &argv, &error))
        return virAPUsageError(ctx, error->message);
    if (argc != 2)
        return virAPUsageError(ctx, _("define takes exactly one FILE"));

    if (virAPFileRead(argv[1], &xml, &error) < 0 ||
        virAPDeviceConfigParseXML(xml, argv[1], &config, &error) < 0)
        return virAPFail(error);
    config->autostart = autostart;
    if (!(problems = virAPCheckDefinition(g_steal_pointer(&config), VIR_AP_SCOPE_DEFINE, &error)))
        return virAPFail(error);
    virAPPrintProblems(problems);
    if (virAPProblemsRefuse(problems)) {
        printf(_("%s: refused; nothing was defined\n"), argv[1]);
        return VIR_AP_EXIT_REFUSED;
    }
    return virAPDefineThroughLibvirt(uri, xml, argv[1], autostart);
}
