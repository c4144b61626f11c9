/*
 * node_device_ap.c: the vfio_ap-passthrough mdev definition
 */
#include <config.h>

#include <stddef.h>

#include "node_device_ap.h"
#include "viraperror.h"

VIR_AP_ENUM_IMPL(virAPAttr, VIR_AP_ATTR_LAST,
                 "assign_adapter", "unassign_adapter",
                 "assign_domain", "unassign_domain",
                 "assign_control_domain", "unassign_control_domain",
                 "ap_config");

/* What writing an ID attribute does to the matrix (kernel vfio_ap_ops.c). */
static const struct {
    size_t mask;  /* offset of the virAPMask in virAPMatrix */
    bool assign;
} virAPAttrEffect[VIR_AP_ATTR_AP_CONFIG] = {
    [VIR_AP_ATTR_ASSIGN_ADAPTER] = { offsetof(virAPMatrix, adapters), true },
    [VIR_AP_ATTR_UNASSIGN_ADAPTER] = { offsetof(virAPMatrix, adapters), false },
    [VIR_AP_ATTR_ASSIGN_DOMAIN] = { offsetof(virAPMatrix, domains), true },
    [VIR_AP_ATTR_UNASSIGN_DOMAIN] = { offsetof(virAPMatrix, domains), false },
    [VIR_AP_ATTR_ASSIGN_CONTROL_DOMAIN] = { offsetof(virAPMatrix, controlDomains), true },
    [VIR_AP_ATTR_UNASSIGN_CONTROL_DOMAIN] = { offsetof(virAPMatrix, controlDomains), false },
};


void
virAPDeviceFree(virAPDevice *dev)
{
    size_t i;

    if (!dev)
        return;
    for (i = 0; dev->steps && i < dev->config->attrs->len; i++) {
        g_free(dev->steps[i].error);
        g_free(dev->steps[i].config);
    }
    virAPMdevctlConfigFree(dev->config);
    g_free(dev);
}


/* What the kernel makes of writing @attr; step->error says why it cannot. */
static void
virAPDeviceParseStep(const virAPMdevctlAttr *attr, virAPDeviceStep *step)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *value = NULL;

    step->attr = virAPAttrTypeFromString(attr->name);
    if ((int)step->attr < 0) {
        g_autofree char *name = g_strescape(attr->name, NULL);

        step->attr = VIR_AP_ATTR_LAST;
        step->error = g_strdup_printf(_("unknown attribute '%s' (vfio_ap takes assign_/unassign_ adapter, domain, control_domain, and ap_config)"),
                                      name);
        return;
    }
    /* sysfs never calls the store function for a write of no bytes */
    if (!*attr->value) {
        step->empty = true;
        return;
    }
    if (step->attr == VIR_AP_ATTR_AP_CONFIG) {
        step->config = g_new0(virAPMatrix, 1);
        if (virAPMatrixParseAPConfig(attr->value, step->config, &error) < 0)
            step->error = g_strdup(error->message);
        return;
    }
    if (virAPMaskParseKernelID(attr->value, &step->id, &step->octal) < 0) {
        value = g_strescape(attr->value, NULL);
        step->error = g_strdup_printf(_("'%s' is not a number the kernel reads (decimal, 0x and hex digits, or 0 and octal digits)"),
                                      value);
    } else if (step->id > VIR_AP_MAX_ID) {
        step->error = g_strdup_printf(_("%llu is above 255, the highest ID of any AP configuration"),
                                      (unsigned long long)step->id);
    }
}


bool
virAPDeviceStepIsAssign(const virAPDeviceStep *step)
{
    return step->attr < VIR_AP_ATTR_AP_CONFIG && virAPAttrEffect[step->attr].assign;
}


/* The mask of @matrix an assign_ or unassign_ step writes. */
virAPMask *
virAPDeviceStepMask(const virAPDeviceStep *step, virAPMatrix *matrix)
{
    return (virAPMask *)((char *)matrix + virAPAttrEffect[step->attr].mask);
}


/* The matrix after the kernel took @step on an mdev whose matrix is
 * @matrix (an ID it refuses for its bounds changes nothing). */
void
virAPDeviceApplyStep(const virAPDeviceStep *step, virAPMatrix *matrix)
{
    virAPMask *mask;

    if (step->empty || step->error)
        return;
    if (step->attr == VIR_AP_ATTR_AP_CONFIG) {
        *matrix = *step->config;
        return;
    }
    if (step->id > VIR_AP_MAX_ID)
        return;
    mask = virAPDeviceStepMask(step, matrix);
    if (virAPAttrEffect[step->attr].assign)
        virAPMaskSetBit(mask, step->id);
    else
        virAPMaskClearBit(mask, step->id);
}


/* "attribute 3 (assign_domain='0x2b')", for messages. */
char *
virAPDeviceStepDescribe(const virAPDevice *dev, size_t i)
{
    const virAPMdevctlAttr *attr = g_ptr_array_index(dev->config->attrs, i);
    g_autofree char *name = g_strescape(attr->name, NULL);
    g_autofree char *value = g_strescape(attr->value, NULL);

    return g_strdup_printf(_("attribute %zu (%s='%s')"), i + 1, name, value);
}


/*
 * Takes @config, on failure too.  Fails only for a definition that is not
 * a vfio_ap one; a bad attribute is a step with an error (the policy
 * reports it), and the device is then not valid.
 */
int
virAPDeviceNew(virAPMdevctlConfig *config, virAPDevice **dev, GError **error)
{
    /* one allocation: the callout reads thousands of definitions */
    g_autoptr(virAPDevice) parsed = g_malloc0(sizeof(virAPDevice) +
                                              config->attrs->len * sizeof(virAPDeviceStep));
    size_t i;

    parsed->config = config;
    parsed->steps = (virAPDeviceStep *)(parsed + 1);
    if (!g_str_equal(config->type, VIR_AP_MDEV_TYPE)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("%s: mdev type '%s' is not %s"), virAPMdevctlOriginName(config->origin),
                    config->type, VIR_AP_MDEV_TYPE);
        return -1;
    }
    parsed->valid = true;
    virAPMatrixClear(&parsed->matrix);
    for (i = 0; i < config->attrs->len; i++) {
        virAPDeviceStep *step = &parsed->steps[i];

        virAPDeviceParseStep(g_ptr_array_index(config->attrs, i), step);
        if (step->error)
            parsed->valid = false;
        else
            virAPDeviceApplyStep(step, &parsed->matrix);
    }
    *dev = g_steal_pointer(&parsed);
    return 0;
}


static void
virAPDeviceAddAttrs(GPtrArray *attrs, virAPAttr attr, const virAPMask *mask)
{
    int id = -1;

    while ((id = virAPMaskNextSetBit(mask, id)) >= 0) {
        g_autofree char *value = g_strdup_printf("%d", id);

        g_ptr_array_add(attrs, virAPMdevctlAttrNew(virAPAttrTypeToString(attr), value));
    }
}


/* The attributes that recreate @matrix: adapters, then domains, then
 * control domains, as decimal strings (what ap-check reports too). */
GPtrArray *
virAPDeviceMatrixToAttrs(const virAPMatrix *matrix)
{
    GPtrArray *attrs = g_ptr_array_new_with_free_func((GDestroyNotify)virAPMdevctlAttrFree);

    virAPDeviceAddAttrs(attrs, VIR_AP_ATTR_ASSIGN_ADAPTER, &matrix->adapters);
    virAPDeviceAddAttrs(attrs, VIR_AP_ATTR_ASSIGN_DOMAIN, &matrix->domains);
    virAPDeviceAddAttrs(attrs, VIR_AP_ATTR_ASSIGN_CONTROL_DOMAIN, &matrix->controlDomains);
    return attrs;
}
