/*
 * virapmatrixindex.c: which of many matrices may hold an APQN
 */
#include <config.h>

#include "virapmatrixindex.h"

struct _virAPMatrixIndex {
    GArray *byAdapter[VIR_AP_MASK_BITS]; /* guint items; NULL: none yet */
    GArray *byDomain[VIR_AP_MASK_BITS];
    GArray *none;                        /* the list of an ID without items */
};


virAPMatrixIndex *
virAPMatrixIndexNew(void)
{
    virAPMatrixIndex *index = g_new0(virAPMatrixIndex, 1);

    index->none = g_array_new(FALSE, FALSE, sizeof(guint));
    return index;
}


/* The items of @id in @lists. */
static const GArray *
virAPMatrixIndexList(const virAPMatrixIndex *index, GArray *const *lists,
                     unsigned int id)
{
    return lists[id] ? lists[id] : index->none;
}


void
virAPMatrixIndexFree(virAPMatrixIndex *index)
{
    size_t i;

    if (!index)
        return;
    for (i = 0; i < VIR_AP_MASK_BITS; i++) {
        if (index->byAdapter[i])
            g_array_unref(index->byAdapter[i]);
        if (index->byDomain[i])
            g_array_unref(index->byDomain[i]);
    }
    g_array_unref(index->none);
    g_free(index);
}


static void
virAPMatrixIndexAddMask(GArray **lists, const virAPMask *mask, guint item)
{
    int id;

    for (id = -1; (id = virAPMaskNextSetBit(mask, id)) >= 0;) {
        if (!lists[id])
            lists[id] = g_array_new(FALSE, FALSE, sizeof(guint));
        g_array_append_val(lists[id], item);
    }
}


void
virAPMatrixIndexAdd(virAPMatrixIndex *index, const virAPMatrix *matrix,
                    guint item)
{
    /* a matrix without domains (or adapters) holds no APQN */
    if (virAPMaskIsEmpty(&matrix->adapters) || virAPMaskIsEmpty(&matrix->domains))
        return;
    virAPMatrixIndexAddMask(index->byAdapter, &matrix->adapters, item);
    virAPMatrixIndexAddMask(index->byDomain, &matrix->domains, item);
}


const GArray *
virAPMatrixIndexCandidates(const virAPMatrixIndex *index, unsigned int adapter,
                           unsigned int domain)
{
    const GArray *byAdapter = virAPMatrixIndexList(index, index->byAdapter, adapter);
    const GArray *byDomain = virAPMatrixIndexList(index, index->byDomain, domain);

    return byAdapter->len <= byDomain->len ? byAdapter : byDomain;
}


/* How many entries the lists of @mask's IDs have together. */
static gsize
virAPMatrixIndexWeight(const virAPMatrixIndex *index, GArray *const *lists,
                       const virAPMask *mask)
{
    gsize weight = 0;
    int id;

    for (id = -1; (id = virAPMaskNextSetBit(mask, id)) >= 0;)
        weight += virAPMatrixIndexList(index, lists, id)->len;
    return weight;
}


static gint
virAPMatrixIndexCompare(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a;
    guint y = *(const guint *)b;

    return x < y ? -1 : x > y;
}


GArray *
virAPMatrixIndexNear(const virAPMatrixIndex *index, const virAPMatrix *matrix)
{
    GArray *near = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *const *lists = index->byAdapter;
    const virAPMask *mask = &matrix->adapters;
    gsize i, kept;
    int id;

    if (virAPMaskIsEmpty(&matrix->adapters) || virAPMaskIsEmpty(&matrix->domains))
        return near;
    if (virAPMatrixIndexWeight(index, index->byDomain, &matrix->domains) <
        virAPMatrixIndexWeight(index, index->byAdapter, &matrix->adapters)) {
        lists = index->byDomain;
        mask = &matrix->domains;
    }
    for (id = -1; (id = virAPMaskNextSetBit(mask, id)) >= 0;) {
        const GArray *list = virAPMatrixIndexList(index, lists, id);

        g_array_append_vals(near, list->data, list->len);
    }
    g_array_sort(near, virAPMatrixIndexCompare);
    for (i = 0, kept = 0; i < near->len; i++) {
        if (kept && g_array_index(near, guint, kept - 1) == g_array_index(near, guint, i))
            continue;
        g_array_index(near, guint, kept++) = g_array_index(near, guint, i);
    }
    g_array_set_size(near, kept);
    return near;
}
