/*
 * virapmask.c: 256-bit AP masks (adapter, usage-domain and control-domain sets)
 */
#include <config.h>

#include <string.h>

#include "virapmask.h"
#include "viraperror.h"


void
virAPMaskClearAll(virAPMask *mask)
{
    memset(mask->bytes, 0, sizeof(mask->bytes));
}


void
virAPMaskSetAll(virAPMask *mask)
{
    memset(mask->bytes, 0xff, sizeof(mask->bytes));
}


void
virAPMaskSetBit(virAPMask *mask, unsigned int id)
{
    g_return_if_fail(id <= VIR_AP_MAX_ID);
    mask->bytes[id / 8] |= 0x80 >> (id % 8);
}


void
virAPMaskClearBit(virAPMask *mask, unsigned int id)
{
    g_return_if_fail(id <= VIR_AP_MAX_ID);
    mask->bytes[id / 8] &= ~(0x80 >> (id % 8));
}


bool
virAPMaskIsBitSet(const virAPMask *mask, unsigned int id)
{
    if (id > VIR_AP_MAX_ID)
        return false;
    return mask->bytes[id / 8] & (0x80 >> (id % 8));
}


bool
virAPMaskIsEmpty(const virAPMask *mask)
{
    return virAPMaskNextSetBit(mask, -1) < 0;
}


unsigned int
virAPMaskCount(const virAPMask *mask)
{
    unsigned int count = 0;
    size_t i;

    for (i = 0; i < sizeof(mask->bytes); i++)
        count += __builtin_popcount(mask->bytes[i]);
    return count;
}


void
virAPMaskAnd(const virAPMask *a, const virAPMask *b, virAPMask *result)
{
    size_t i;

    for (i = 0; i < sizeof(result->bytes); i++)
        result->bytes[i] = a->bytes[i] & b->bytes[i];
}


/* @a without the IDs of @b. */
void
virAPMaskAndNot(const virAPMask *a, const virAPMask *b, virAPMask *result)
{
    size_t i;

    for (i = 0; i < sizeof(result->bytes); i++)
        result->bytes[i] = a->bytes[i] & ~b->bytes[i];
}


/* The first set ID greater than @after, or -1.  Hot: the definitions
 * index walks every mask of every definition (docs/performance.md). */
int
virAPMaskNextSetBit(const virAPMask *mask, int after)
{
    unsigned int id = after + 1;
    unsigned int i;

    if (after < -1 || id > VIR_AP_MAX_ID)
        return -1;
    /* byte 0 bit 7 is ID 0: read big-endian, 64 IDs at a time, the highest
     * set bit of a word is its first ID */
    for (i = id / 64; i < sizeof(mask->bytes) / 8; i++) {
        guint64 word;

        memcpy(&word, mask->bytes + i * 8, sizeof(word));
        word = GUINT64_FROM_BE(word);
        if (i == id / 64)
            word &= G_MAXUINT64 >> (id % 64);
        if (word)
            return i * 64 + __builtin_clzll(word);
    }
    return -1;
}


bool
virAPMaskEqual(const virAPMask *a, const virAPMask *b)
{
    return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}


bool
virAPMaskIsFull(const virAPMask *mask)
{
    return virAPMaskCount(mask) == VIR_AP_MASK_BITS;
}


char *
virAPMaskFormatKernel(const virAPMask *mask)
{
    GString *out = g_string_sized_new(2 + 2 * sizeof(mask->bytes) + 1);
    size_t i;

    g_string_append(out, "0x");
    for (i = 0; i < sizeof(mask->bytes); i++)
        g_string_append_printf(out, "%02x", mask->bytes[i]);
    return g_string_free(out, FALSE);
}


char *
virAPMaskFormatList(const virAPMask *mask)
{
    GString *out = g_string_new(NULL);
    int first = virAPMaskNextSetBit(mask, -1);

    while (first >= 0) {
        int last = first;

        while (virAPMaskIsBitSet(mask, last + 1))
            last++;
        if (out->len)
            g_string_append_c(out, ',');
        if (last == first)
            g_string_append_printf(out, "%d", first);
        else
            g_string_append_printf(out, "%d-%d", first, last);
        first = virAPMaskNextSetBit(mask, last);
    }
    return g_string_free(out, FALSE);
}


/*
 * The kernel's own number syntax (simple_strtoul with base 0: "0x" hex,
 * a leading "0" octal, else decimal).  Used only to read what the kernel
 * will read, never for input that virt-ap accepts from users.  Like the
 * kernel's (lib/kstrtox.c _parse_integer_limit(), whose overflow flag
 * simple_strtoull() ignores), every digit is consumed and the value wraps
 * modulo 2^64 on a 64-bit kernel: "+18446744073709551617" sets bit 1.
 * Returns the number of characters consumed, 0 when there is no number.
 */
static size_t
virAPMaskParseKernelNumber(const char *text, guint64 *value)
{
    unsigned int base = 10;
    size_t pos = 0;

    *value = 0;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
        g_ascii_isxdigit(text[2])) {
        base = 16;
        pos = 2;
    } else if (text[0] == '0') {
        base = 8;
    }
    for (; text[pos]; pos++) {
        int digit = g_ascii_xdigit_value(text[pos]);

        if (digit < 0 || (unsigned int)digit >= base)
            break;
        *value = *value * base + digit;
    }
    return pos;
}


/* Kernel relative form: "+N", "-A-B", each item signed, ',' or '\n' between. */
static int
virAPMaskParseKernelEdit(const char *text, virAPMask *mask, GError **error)
{
    const char *p = text;

    while (*p) {
        char sign = *p++;
        guint64 first, last;
        size_t len;

        if (sign != '+' && sign != '-')
            goto invalid;
        if (!(len = virAPMaskParseKernelNumber(p, &first)) ||
            first > VIR_AP_MAX_ID)
            goto invalid;
        p += len;
        last = first;
        if (*p == '-') {
            p++;
            if (!(len = virAPMaskParseKernelNumber(p, &last)) ||
                last > VIR_AP_MAX_ID || first > last)
                goto invalid;
            p += len;
        }
        for (; first <= last; first++) {
            if (sign == '+')
                virAPMaskSetBit(mask, first);
            else
                virAPMaskClearBit(mask, first);
        }
        while (*p == ',' || *p == '\n')
            p++;
    }
    return 0;

 invalid:
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                _("invalid AP mask '%s': the kernel would refuse it"), text);
    return -1;
}


/* Kernel absolute form: up to 64 hex digits after an optional "0x", padded
 * with zeros on the right, one trailing newline allowed. */
static int
virAPMaskParseKernelHex(const char *text, virAPMask *mask, GError **error)
{
    const char *p = text;
    unsigned int id = 0;

    virAPMaskClearAll(mask);
    if (p[0] == '0' && p[1] == 'x')
        p++;
    if (*p == 'x')
        p++;
    for (; g_ascii_isxdigit(*p) && id < VIR_AP_MASK_BITS; p++, id += 4) {
        int nibble = g_ascii_xdigit_value(*p);
        unsigned int bit;

        for (bit = 0; bit < 4; bit++) {
            if (nibble & (0x8 >> bit))
                virAPMaskSetBit(mask, id + bit);
        }
    }
    if (*p == '\n')
        p++;
    if (*p) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("invalid AP mask '%s': expected at most 64 hex digits"),
                    text);
        return -1;
    }
    return 0;
}


/*
 * Read a mask the way the kernel reads it from sysfs, ap_config or the
 * command line.  An edit ("+N,-M") applies to @current, which the caller
 * must give (the mask at the time the kernel would apply the text).
 */
int
virAPMaskParseKernel(const char *text, const virAPMask *current,
                     virAPMask *result, GError **error)
{
    virAPMask mask;

    if (text[0] == '+' || text[0] == '-') {
        mask = *current;
        if (virAPMaskParseKernelEdit(text, &mask, error) < 0)
            return -1;
    } else if (virAPMaskParseKernelHex(text, &mask, error) < 0) {
        return -1;
    }
    *result = mask;
    return 0;
}


/*
 * Strict ID for users: "0", decimal without leading zeros, or 0x-hex.
 * A leading zero is refused because the kernel would read it as octal.
 */
int
virAPMaskParseID(const char *text, unsigned int *id, GError **error)
{
    unsigned int value = 0;
    unsigned int base = 10;
    const char *digits = text;
    const char *p;

    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        digits = text + 2;
    } else if (text[0] == '0' && g_ascii_isdigit(text[1])) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("ID '%s' has a leading zero, which the kernel reads as octal: write it in decimal without leading zeros or as 0x-hex"),
                    text);
        return -1;
    }
    if (!*digits)
        goto invalid;
    for (p = digits; *p; p++) {
        int digit = base == 16 ? g_ascii_xdigit_value(*p) : g_ascii_digit_value(*p);

        if (digit < 0)
            goto invalid;
        value = value * base + digit;
        if (value > VIR_AP_MAX_ID) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("ID '%s' is out of range 0-255"), text);
            return -1;
        }
    }
    *id = value;
    return 0;

 invalid:
    g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                _("ID '%s' is not a decimal or 0x-hex number"), text);
    return -1;
}


/*
 * One number as the kernel's kstrtoull(text, 0) reads a sysfs write
 * (lib/kstrtox.c; the vfio_ap assign_ and unassign_ attributes): one
 * leading '+', then "0x" and hex digits, or a leading "0" and octal
 * digits, or decimal; one trailing newline; nothing else.  The value may
 * be above 255: the bounds are the caller's.  *octal tells that a leading
 * zero made it octal.  Returns -1 where the kernel fails with EINVAL or
 * ERANGE.
 */
int
virAPMaskParseKernelID(const char *text, guint64 *value, bool *octal)
{
    const char *p = text;
    unsigned int base = 10;
    guint64 result = 0;
    size_t digits = 0;

    if (*p == '+')
        p++;
    if (p[0] == '0' && g_ascii_tolower(p[1]) == 'x' && g_ascii_isxdigit(p[2])) {
        base = 16;
        p += 2;
    } else if (p[0] == '0') {
        base = 8;
    }
    for (; g_ascii_isxdigit(*p) && (unsigned int)g_ascii_xdigit_value(*p) < base; p++, digits++) {
        guint64 digit = g_ascii_xdigit_value(*p);

        if (result > (G_MAXUINT64 - digit) / base)
            return -1;
        result = result * base + digit;
    }
    if (*p == '\n')
        p++;
    if (!digits || *p)
        return -1;
    *value = result;
    *octal = base == 8 && result != 0;
    return 0;
}


/* "N" or "A-B" with A <= B. */
static int
virAPMaskParseRange(const char *text, const char *item,
                    unsigned int *first, unsigned int *last, GError **error)
{
    g_autofree char *start = NULL;
    const char *dash = strchr(text, '-');

    if (!*text || dash == text || (dash && !dash[1])) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("item '%s' is not an ID or a range A-B"), item);
        return -1;
    }
    if (!dash) {
        if (virAPMaskParseID(text, first, error) < 0)
            return -1;
        *last = *first;
        return 0;
    }

    start = g_strndup(text, dash - text);
    if (virAPMaskParseID(start, first, error) < 0 ||
        virAPMaskParseID(dash + 1, last, error) < 0)
        return -1;
    if (*first > *last) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                    _("range '%s' is reversed: its start is above its end"),
                    item);
        return -1;
    }
    return 0;
}


/*
 * zdev setting: "0-1,3-255" replaces the mask (listed IDs are set),
 * "+2,-4-8" edits @current from left to right; every item of an edit
 * carries its own sign and the two forms never mix.
 */
int
virAPMaskParseSetting(const char *text, const virAPMask *current,
                      virAPMask *result, GError **error)
{
    g_auto(GStrv) items = g_strsplit(text, ",", -1);
    bool edit = text[0] == '+' || text[0] == '-';
    virAPMask mask;
    size_t i;

    if (edit)
        mask = *current;
    else
        virAPMaskClearAll(&mask);

    if (!*text) {
        g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID, "%s",
                    _("empty mask setting: list the IDs kept by the host, or use -0-255 to give all away"));
        return -1;
    }

    for (i = 0; items[i]; i++) {
        const char *item = items[i];
        bool signed_item = item[0] == '+' || item[0] == '-';
        unsigned int first, last;

        if (!*item) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("empty item in mask setting '%s'"), text);
            return -1;
        }
        if (signed_item != edit) {
            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_INVALID,
                        _("mask setting '%s' mixes a list with +/- edits: either every item carries a sign or none does"),
                        text);
            return -1;
        }
        if (virAPMaskParseRange(item + (edit ? 1 : 0), item,
                                &first, &last, error) < 0)
            return -1;
        for (; first <= last; first++) {
            if (item[0] == '-')
                virAPMaskClearBit(&mask, first);
            else
                virAPMaskSetBit(&mask, first);
        }
    }
    *result = mask;
    return 0;
}
