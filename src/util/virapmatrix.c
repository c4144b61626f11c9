/*
 * virapmatrix.c: what one vfio_ap mdev holds
 */
#include <config.h>

#include <string.h>

#include "virapmatrix.h"
#include "viraperror.h"


void
virAPMatrixClear(virAPMatrix *matrix)
{
    virAPMaskClearAll(&matrix->adapters);
    virAPMaskClearAll(&matrix->domains);
    virAPMaskClearAll(&matrix->controlDomains);
}


bool
virAPMatrixEqual(const virAPMatrix *a, const virAPMatrix *b)
{
    return virAPMaskEqual(&a->adapters, &b->adapters) &&
           virAPMaskEqual(&a->domains, &b->domains) &&
           virAPMaskEqual(&a->controlDomains, &b->controlDomains);
}


/* The mdev has the APQN @adapter.@domain: both are assigned to it. */
bool
virAPMatrixHolds(const virAPMatrix *matrix, unsigned int adapter,
                 unsigned int domain)
{
    return virAPMaskIsBitSet(&matrix->adapters, adapter) &&
           virAPMaskIsBitSet(&matrix->domains, domain);
}


char *
virAPFormatAPQN(unsigned int adapter, unsigned int domain)
{
    return g_strdup_printf("%02x.%04x (%u.%u)", adapter, domain, adapter, domain);
}


/* One sysfs hex ID of at most @width digits; an empty string is "none". */
static int
virAPMatrixParseSysfsID(const char *text, size_t width, int *id)
{
    unsigned int value = 0;
    size_t i;

    *id = -1;
    if (!*text)
        return 0;
    if (strlen(text) > width)
        return -1;
    for (i = 0; text[i]; i++) {
        int digit = g_ascii_xdigit_value(text[i]);

        if (digit < 0)
            return -1;
        value = value * 16 + digit;
    }
    if (value > VIR_AP_MAX_ID)
        return -1;
    *id = value;
    return 0;
}


int
virAPMatrixParseSysfs(const char *matrixText, const char *controlText,
                      const char *name, virAPMatrix *matrix, GError **error)
{
    g_auto(GStrv) lines = g_strsplit(matrixText, "\n", -1);
    g_auto(GStrv) controls = g_strsplit(controlText, "\n", -1);
    size_t i;

    virAPMatrixClear(matrix);
    for (i = 0; lines[i]; i++) {
        const char *dot = strchr(lines[i], '.');
        g_autofree char *adapterText = NULL;
        int adapter, domain;

        if (!*lines[i])
            continue;
        if (!dot)
            goto invalid;
        adapterText = g_strndup(lines[i], dot - lines[i]);
        if (virAPMatrixParseSysfsID(adapterText, 2, &adapter) < 0 ||
            virAPMatrixParseSysfsID(dot + 1, 4, &domain) < 0 ||
            (adapter < 0 && domain < 0))
            goto invalid;
        if (adapter >= 0)
            virAPMaskSetBit(&matrix->adapters, adapter);
        if (domain >= 0)
            virAPMaskSetBit(&matrix->domains, domain);
    }
    for (i = 0; controls[i]; i++) {
        int domain;

        if (!*controls[i])
            continue;
        if (virAPMatrixParseSysfsID(controls[i], 4, &domain) < 0 || domain < 0) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("%s: unexpected control_domains line '%s'"),
                        name, controls[i]);
            return -1;
        }
        virAPMaskSetBit(&matrix->controlDomains, domain);
    }
    return 0;

 invalid:
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                _("%s: unexpected matrix line '%s'"), name, lines[i]);
    return -1;
}


int
virAPMatrixParseAPConfig(const char *text, virAPMatrix *matrix, GError **error)
{
    g_auto(GStrv) fields = g_strsplit(text, ",", -1);
    virAPMask *masks[] = { &matrix->adapters, &matrix->domains,
                           &matrix->controlDomains };
    virAPMask zero;
    size_t i;

    if (g_strv_length(fields) != G_N_ELEMENTS(masks)) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("ap_config '%s' is not three comma-separated masks"), text);
        return -1;
    }
    virAPMaskClearAll(&zero);
    for (i = 0; i < G_N_ELEMENTS(masks); i++) {
        /* only the absolute hex form: the kernel takes no edits here */
        if (fields[i][0] == '+' || fields[i][0] == '-' ||
            virAPMaskParseKernel(fields[i], &zero, masks[i], NULL) < 0) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("ap_config '%s': field %zu is not a hex mask"),
                        text, i + 1);
            return -1;
        }
    }
    return 0;
}


char *
virAPMatrixFormatAPConfig(const virAPMatrix *matrix)
{
    g_autofree char *adapters = virAPMaskFormatKernel(&matrix->adapters);
    g_autofree char *domains = virAPMaskFormatKernel(&matrix->domains);
    g_autofree char *controls = virAPMaskFormatKernel(&matrix->controlDomains);

    return g_strdup_printf("%s,%s,%s\n", adapters, domains, controls);
}
