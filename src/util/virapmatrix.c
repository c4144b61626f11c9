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


/* The APQNs @adapter x @domains: "02.002b (2.43), 02.0032 (2.50)". */
char *
virAPFormatAPQNs(unsigned int adapter, const virAPMask *domains)
{
    GString *out = g_string_new(NULL);
    int d = -1;

    while ((d = virAPMaskNextSetBit(domains, d)) >= 0) {
        g_autofree char *apqn = virAPFormatAPQN(adapter, d);

        g_string_append_printf(out, "%s%s", out->len ? ", " : "", apqn);
    }
    return g_string_free(out, FALSE);
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


/*
 * The ap_config attribute as the kernel reads a write (vfio_ap_ops.c
 * ap_config_store, Linux 6.10+): the first 201 characters only; three
 * fields separated by ',' or a newline, anything after the third ignored;
 * each field absolute hex as apmask takes it, an empty one an empty mask.
 */
int
virAPMatrixParseAPConfig(const char *text, virAPMatrix *matrix, GError **error)
{
    g_autofree char *cut = g_strndup(text, VIR_AP_MATRIX_AP_CONFIG_MAX);
    virAPMask *masks[] = { &matrix->adapters, &matrix->domains,
                           &matrix->controlDomains };
    g_autofree char *shown = g_strescape(text, NULL);
    char *rest = cut;
    virAPMask zero;
    size_t i;

    virAPMaskClearAll(&zero);
    for (i = 0; i < G_N_ELEMENTS(masks); i++) {
        const char *field = rest;

        if (!rest) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("ap_config '%s' is not three comma-separated masks"), shown);
            return -1;
        }
        rest += strcspn(rest, ",\n");
        if (*rest)
            *rest++ = '\0';
        else
            rest = NULL;
        /* only the absolute hex form: the kernel takes no edits here */
        if (field[0] == '+' || field[0] == '-' ||
            virAPMaskParseKernel(field, &zero, masks[i], NULL) < 0) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("ap_config '%s': field %zu is not a hex mask"),
                        shown, i + 1);
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
