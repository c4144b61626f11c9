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


/* An invalid definition: the attributes the kernel would not take. */
static void
testParseDescribeSteps(GString *out, const virAPDevice *dev)
{
    size_t i;

    for (i = 0; i < dev->config->attrs->len; i++) {
        g_autofree char *step = NULL;

        if (!dev->steps[i].error)
            continue;
        step = virAPDeviceStepDescribe(dev, i);
        g_string_append_printf(out, "error: %s: %s\n", step, dev->steps[i].error);
    }
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
    if (rc == 0 && dev->valid)
        testParseDescribe(out, dev);
    else if (rc == 0)
        testParseDescribeSteps(out, dev);
    else
        g_string_append_printf(out, "error: %s\n", error->message);
    return virTestCompareToFile(out->str, outpath);
}


#define DO_TEST(file) virTestRunDataFile("nodedevapparsedata", file, testParse)


int
main(void)
{
    DO_TEST("no-type.xml");
    DO_TEST("not-device.xml");
    DO_TEST("order-and-duplicates.xml");
    DO_TEST("seed-dumpxml.xml");
    DO_TEST("two-capabilities.xml");
    DO_TEST("unknown-element.xml");
    DO_TEST("uuid-path.xml");
    DO_TEST("uuid-upper.xml");
    DO_TEST("array.json");
    DO_TEST("attrs-object.json");
    DO_TEST("bad-hex.json");
    DO_TEST("bad-start.json");
    DO_TEST("comment.json");
    DO_TEST("empty-attr.json");
    DO_TEST("no-attrs.json");
    DO_TEST("not-utf8.json");
    DO_TEST("null-attrs.json");
    DO_TEST("seed-mdevctl-file.json");
    DO_TEST("trailing-comma.json");
    DO_TEST("trailing.json");
    DO_TEST("two-keys.json");
    DO_TEST("unknown-top-key.json");
    virTestCheckDataFilesRun("nodedevapparsedata", ".xml");
    virTestCheckDataFilesRun("nodedevapparsedata", ".json");
    return virTestFinish();
}
