/*
 * node_device_ap.c: the vfio_ap-passthrough mdev definition
 */
#include <config.h>

#include <stddef.h>

#include "node_device_ap.h"
#include "viraperror.h"

/* What writing one attribute does to the matrix (kernel vfio_ap_ops.c). */
typedef struct {
    const char *name;
    size_t mask;   /* offset of the virAPMask in virAPMatrix */
    bool assign;
} virAPDeviceAttrDef;

static const virAPDeviceAttrDef virAPDeviceAttrs[] = {
    { "assign_adapter", offsetof(virAPMatrix, adapters), true },
    { "unassign_adapter", offsetof(virAPMatrix, adapters), false },
    { "assign_domain", offsetof(virAPMatrix, domains), true },
    { "unassign_domain", offsetof(virAPMatrix, domains), false },
    { "assign_control_domain", offsetof(virAPMatrix, controlDomains), true },
    { "unassign_control_domain", offsetof(virAPMatrix, controlDomains), false },
};

#define VIR_AP_DEVICE_ATTR_AP_CONFIG "ap_config"


void
virAPDeviceFree(virAPDevice *dev)
{
    if (!dev)
        return;
    virAPMdevctlConfigFree(dev->config);
    g_free(dev);
}


static const virAPDeviceAttrDef *
virAPDeviceAttrLookup(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virAPDeviceAttrs); i++) {
        if (g_str_equal(virAPDeviceAttrs[i].name, name))
            return &virAPDeviceAttrs[i];
    }
    return NULL;
}


/* Applies one attribute to @matrix, as the kernel would on start. */
static int
virAPDeviceApplyAttr(const virAPMdevctlAttr *attr, virAPMatrix *matrix,
                     GError **error)
{
    const virAPDeviceAttrDef *def = virAPDeviceAttrLookup(attr->name);
    virAPMask *mask;
    unsigned int id;

    if (g_str_equal(attr->name, VIR_AP_DEVICE_ATTR_AP_CONFIG))
        return virAPMatrixParseAPConfig(attr->value, matrix, error);
    if (!def) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("unknown attribute '%s' (vfio_ap takes assign_/unassign_ adapter, domain, control_domain, and ap_config)"),
                    attr->name);
        return -1;
    }
    if (virAPMaskParseID(attr->value, &id, error) < 0)
        return -1;
    mask = (virAPMask *)((char *)matrix + def->mask);
    if (def->assign)
        virAPMaskSetBit(mask, id);
    else
        virAPMaskClearBit(mask, id);
    return 0;
}


/*
 * The matrix that writing @attrs in order gives.  Every bad attribute is
 * named, one per line, not just the first.
 */
int
virAPDeviceMatrixFromAttrs(GPtrArray *attrs, virAPMatrix *matrix,
                           GError **error)
{
    g_autoptr(GString) problems = g_string_new(NULL);
    size_t i;

    virAPMatrixClear(matrix);
    for (i = 0; i < attrs->len; i++) {
        const virAPMdevctlAttr *attr = g_ptr_array_index(attrs, i);
        g_autoptr(GError) local = NULL;

        if (virAPDeviceApplyAttr(attr, matrix, &local) < 0)
            g_string_append_printf(problems, _("%sattribute %zu (%s='%s'): %s"),
                                   problems->len ? "\n" : "", i + 1,
                                   attr->name, attr->value, local->message);
    }
    if (problems->len) {
        g_set_error_literal(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID, problems->str);
        return -1;
    }
    return 0;
}


/* Takes @config, on failure too. */
int
virAPDeviceNew(virAPMdevctlConfig *config, virAPDevice **dev, GError **error)
{
    g_autoptr(virAPDevice) parsed = g_new0(virAPDevice, 1);

    parsed->config = config;
    if (!g_str_equal(config->type, VIR_AP_MDEV_TYPE)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: mdev type '%s' is not %s"), config->origin,
                    config->type, VIR_AP_MDEV_TYPE);
        return -1;
    }
    if (virAPDeviceMatrixFromAttrs(config->attrs, &parsed->matrix, error) < 0)
        return -1;
    *dev = g_steal_pointer(&parsed);
    return 0;
}


static void
virAPDeviceAddAttrs(GPtrArray *attrs, const char *name, const virAPMask *mask)
{
    int id = -1;

    while ((id = virAPMaskNextSetBit(mask, id)) >= 0) {
        g_autofree char *value = g_strdup_printf("%d", id);

        g_ptr_array_add(attrs, virAPMdevctlAttrNew(name, value));
    }
}


/* The attributes that recreate @matrix: adapters, then domains, then
 * control domains, as decimal strings (what ap-check reports too). */
GPtrArray *
virAPDeviceMatrixToAttrs(const virAPMatrix *matrix)
{
    GPtrArray *attrs = g_ptr_array_new_with_free_func((GDestroyNotify)virAPMdevctlAttrFree);

    virAPDeviceAddAttrs(attrs, "assign_adapter", &matrix->adapters);
    virAPDeviceAddAttrs(attrs, "assign_domain", &matrix->domains);
    virAPDeviceAddAttrs(attrs, "assign_control_domain", &matrix->controlDomains);
    return attrs;
}
