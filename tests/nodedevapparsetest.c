/*
 * nodedevapparsetest.c: vfio_ap definitions from nodedev XML and mdevctl JSON
 *
 * Each tests/nodedevapparsedata/NAME.xml or NAME.json is parsed into the
 * definition model; NAME.out holds what libvirt would send to mdevctl for
 * it (start, uuid, attrs in order) and the matrix its attrs give, or the
 * error.  XML and JSON of the same device must produce the same model.
 */
#include <config.h>

#include <string.h>

#include "node_device_ap.h"
#include "node_device_ap_xml.h"
#include "testutils.h"


static void
testParseDescribe(GString *out, const virAPDevice *dev)
{
    g_autofree char *attrs = virAPMdevctlFormatAttrs(dev->config->attrs);
    g_autofree char *adapters = virAPMaskFormatList(&dev->matrix.adapters);
    g_autofree char *domains = virAPMaskFormatList(&dev->matrix.domains);
    g_autofree char *controls = virAPMaskFormatList(&dev->matrix.controlDomains);

    g_string_append_printf(out, "uuid: %s\nstart: %s\nattrs: %s\n",
                           dev->config->uuid ? dev->config->uuid : "-",
                           dev->config->autostart ? "auto" : "manual", attrs);
    g_string_append_printf(out, "adapters: %s\ndomains: %s\ncontrol domains: %s\n",
                           adapters, domains, controls);
}


static int
testParse(const void *data)
{
    const char *path = data;
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *outpath = virTestOutputPath(path);
    g_autofree char *text = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(virAPMdevctlConfig) config = NULL;
    g_autoptr(virAPDevice) dev = NULL;
    int rc;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    if (g_str_has_suffix(name, ".xml"))
        rc = virAPDeviceConfigParseXML(text, name, &config, &error);
    else
        rc = virAPMdevctlConfigParse(text, name, &config, &error);
    if (rc == 0)
        rc = virAPDeviceNew(g_steal_pointer(&config), &dev, &error);
    if (rc == 0)
        testParseDescribe(out, dev);
    else
        g_string_append_printf(out, "error: %s\n", error->message);
    return virTestCompareToFile(out->str, outpath);
}


int
main(void)
{
    virTestRunDataFiles("nodedevapparsedata", ".xml", testParse);
    virTestRunDataFiles("nodedevapparsedata", ".json", testParse);
    return virTestFinish();
}
