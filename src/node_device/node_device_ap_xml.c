/*
 * node_device_ap_xml.c: the nodedev XML form of a vfio_ap mdev
 *
 * Reads what "virsh nodedev-define" takes and "virsh nodedev-dumpxml"
 * prints:
 *   <device>
 *     <parent>ap_matrix</parent>
 *     <capability type='mdev'>
 *       <type id='vfio_ap-passthrough'/>
 *       <uuid>...</uuid>
 *       <attr name='assign_adapter' value='0x02'/>
 *     </capability>
 *   </device>
 * into the mdevctl definition libvirt would hand to "mdevctl define": same
 * attributes, same order, start=manual.  No network, no DTD, no entities.
 */
#include <config.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "node_device_ap_xml.h"
#include "virapuuid.h"
#include "viraperror.h"


static bool
virAPXMLIsElement(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST name);
}


static char *
virAPXMLGetProp(xmlNodePtr node, const char *name)
{
    xmlChar *value = xmlGetNoNsProp(node, BAD_CAST name);
    char *copy = value ? g_strdup((const char *)value) : NULL;

    xmlFree(value);
    return copy;
}


static char *
virAPXMLGetText(xmlNodePtr node)
{
    xmlChar *value = xmlNodeGetContent(node);
    char *copy = g_strstrip(g_strdup(value ? (const char *)value : ""));

    xmlFree(value);
    return copy;
}


static int
virAPXMLParseCapability(xmlNodePtr cap, virAPMdevctlConfig *config, GError **error)
{
    xmlNodePtr node;

    for (node = cap->children; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (virAPXMLIsElement(node, "type")) {
            g_free(config->type);
            if (!(config->type = virAPXMLGetProp(node, "id"))) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                            _("%s: <type> has no id attribute"), config->origin);
                return -1;
            }
        } else if (virAPXMLIsElement(node, "uuid")) {
            g_autofree char *text = virAPXMLGetText(node);

            g_free(config->uuid);
            if (!(config->uuid = virAPUUIDCanonicalize(text, error))) {
                g_prefix_error(error, "%s: <uuid>: ", config->origin);
                return -1;
            }
        } else if (virAPXMLIsElement(node, "attr")) {
            g_autofree char *name = virAPXMLGetProp(node, "name");
            g_autofree char *value = virAPXMLGetProp(node, "value");

            if (!name || !value) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                            _("%s: line %ld: <attr> needs both name and value (libvirt 9 drops such an attr silently)"),
                            config->origin, xmlGetLineNo(node));
                return -1;
            }
            g_ptr_array_add(config->attrs, virAPMdevctlAttrNew(name, value));
        } else if (!virAPXMLIsElement(node, "parent_addr") &&
                   !virAPXMLIsElement(node, "iommuGroup")) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s: unexpected element <%s> in the mdev capability"),
                        config->origin, (const char *)node->name);
            return -1;
        }
    }
    if (!config->type) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: the mdev capability has no <type id='...'/>"), config->origin);
        return -1;
    }
    return 0;
}


static int
virAPXMLParseDevice(xmlNodePtr root, virAPMdevctlConfig *config, GError **error)
{
    g_autofree char *parent = NULL;
    xmlNodePtr capability = NULL;
    xmlNodePtr node;

    if (!virAPXMLIsElement(root, "device")) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: the root element is <%s>, not <device>"),
                    config->origin, (const char *)root->name);
        return -1;
    }
    for (node = root->children; node; node = node->next) {
        if (virAPXMLIsElement(node, "parent")) {
            g_free(parent);
            parent = virAPXMLGetText(node);
        } else if (virAPXMLIsElement(node, "capability")) {
            g_autofree char *type = virAPXMLGetProp(node, "type");

            if (capability || g_strcmp0(type, "mdev") != 0) {
                g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                            _("%s: a vfio_ap device has exactly one <capability type='mdev'>"),
                            config->origin);
                return -1;
            }
            capability = node;
        }
    }
    if (g_strcmp0(parent, VIR_AP_NODEDEV_PARENT) != 0) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: <parent> is '%s', but a vfio_ap mdev's parent is '%s'"),
                    config->origin, parent ? parent : "", VIR_AP_NODEDEV_PARENT);
        return -1;
    }
    if (!capability) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: no <capability type='mdev'>"), config->origin);
        return -1;
    }
    return virAPXMLParseCapability(capability, config, error);
}


int
virAPDeviceConfigParseXML(const char *xml, const char *origin,
                          virAPMdevctlConfig **config, GError **error)
{
    g_autoptr(virAPMdevctlConfig) parsed = virAPMdevctlConfigNew(origin);
    xmlDocPtr doc;
    int rc = -1;

    /* no XML_PARSE_NOENT (entities stay unexpanded) and no DTD loading */
    doc = xmlReadMemory(xml, strlen(xml), origin, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *err = xmlGetLastError();

        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: not well-formed XML: line %d: %s"), origin,
                    err ? err->line : 0,
                    err && err->message ? g_strchomp(err->message) : "");
        return -1;
    }
    if (doc->intSubset || doc->extSubset) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: a DOCTYPE is not allowed in a node device definition"),
                    origin);
        goto cleanup;
    }
    if (virAPXMLParseDevice(xmlDocGetRootElement(doc), parsed, error) < 0)
        goto cleanup;

    *config = g_steal_pointer(&parsed);
    rc = 0;

 cleanup:
    xmlFreeDoc(doc);
    return rc;
}
