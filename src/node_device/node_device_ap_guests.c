/*
 * node_device_ap_guests.c: which libvirt guests have which vfio_ap mdev
 *
 * Read-only through the libvirt client API: every domain, active or not,
 * and the UUIDs of its <hostdev mode='subsystem' type='mdev'
 * model='vfio-ap'> devices.
 */
#include <config.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>

#include "node_device_ap_guests.h"
#include "virapuuid.h"
#include "viraperror.h"

#define VIR_AP_GUEST_HOSTDEV_UUIDS \
    "/domain/devices/hostdev[@mode='subsystem' and @type='mdev' and @model='vfio-ap']" \
    "/source/address/@uuid"


void
virAPGuestFree(virAPGuest *guest)
{
    if (!guest)
        return;
    g_free(guest->name);
    g_free(guest->error);
    g_ptr_array_unref(guest->mdevs);
    g_free(guest);
}


static void
virAPGuestsIgnoreError(void *opaque, virErrorPtr err)
{
    /* reported through GError by the caller, not printed by libvirt */
}


static int
virAPGuestsReportError(GError **error, const char *what)
{
    const char *message = virGetLastErrorMessage();

    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_SYSTEM, "%s: %s", what, message);
    return -1;
}


/* The guest's vfio-ap mdevs; guest->error says why they are unknown. */
static void
virAPGuestParseXML(const char *xml, virAPGuest *guest)
{
    xmlDocPtr doc = xmlReadMemory(xml, strlen(xml), "domain.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlXPathContextPtr ctxt;
    xmlXPathObjectPtr result;
    int i;

    if (!doc) {
        guest->error = g_strdup(_("its domain XML is not well-formed"));
        return;
    }
    ctxt = xmlXPathNewContext(doc);
    result = xmlXPathEvalExpression(BAD_CAST VIR_AP_GUEST_HOSTDEV_UUIDS, ctxt);
    if (!result)
        guest->error = g_strdup(_("its domain XML cannot be searched for hostdevs"));
    for (i = 0; result && result->nodesetval && i < result->nodesetval->nodeNr; i++) {
        xmlChar *value = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
        char *uuid = virAPUUIDCanonicalize((const char *)value, NULL);

        if (uuid)
            g_ptr_array_add(guest->mdevs, uuid);
        else if (!guest->error)
            guest->error = g_strdup_printf(_("a vfio-ap hostdev has the UUID '%s'"),
                                           (const char *)value);
        xmlFree(value);
    }
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(ctxt);
    xmlFreeDoc(doc);
}


static int
virAPGuestCompare(gconstpointer a, gconstpointer b)
{
    return strcmp((*(virAPGuest * const *)a)->name, (*(virAPGuest * const *)b)->name);
}


/* Sorted by name (libvirt lists inactive domains in no fixed order).
 * @uri NULL: libvirt's default connection, as virsh without -c. */
static int
virAPGuestsList(const char *uri, GPtrArray **guests, GError **error)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func((GDestroyNotify)virAPGuestFree);
    virDomainPtr *domains = NULL;
    virConnectPtr conn;
    int n, i;

    if (!(conn = virConnectOpenReadOnly(uri)))
        return virAPGuestsReportError(error, uri ? uri : _("the default libvirt connection"));
    if ((n = virConnectListAllDomains(conn, &domains, 0)) < 0) {
        virConnectClose(conn);
        return virAPGuestsReportError(error, _("cannot list libvirt domains"));
    }
    for (i = 0; i < n; i++) {
        virAPGuest *guest = g_new0(virAPGuest, 1);
        char *xml = virDomainGetXMLDesc(domains[i], 0);

        guest->name = g_strdup(virDomainGetName(domains[i]));
        guest->running = virDomainIsActive(domains[i]) == 1;
        guest->mdevs = g_ptr_array_new_with_free_func(g_free);
        if (xml)
            virAPGuestParseXML(xml, guest);
        else
            guest->error = g_strdup_printf(_("its domain XML cannot be fetched: %s"),
                                           virGetLastErrorMessage());
        free(xml);
        g_ptr_array_add(found, guest);
        virDomainFree(domains[i]);
    }
    free(domains);
    virConnectClose(conn);
    g_ptr_array_sort(found, virAPGuestCompare);
    *guests = g_steal_pointer(&found);
    return 0;
}


/* libvirt's default error handler (printing) is back afterwards. */
int
virAPGuestsLoad(const char *uri, GPtrArray **guests, GError **error)
{
    int rc;

    virSetErrorFunc(NULL, virAPGuestsIgnoreError);
    rc = virAPGuestsList(uri, guests, error);
    virSetErrorFunc(NULL, NULL);
    return rc;
}
