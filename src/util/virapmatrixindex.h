/*
 * virapmatrixindex.h: which of many matrices may hold an APQN
 *
 * The kernel allows 65536 mdevs; comparing each with each is 4 billion
 * pairs.  The index lists, per adapter and per domain, the matrices that
 * have it: a matrix holding APQN a.d is in both lists, so the shorter one
 * is enough to look through.
 */
#pragma once

#include "virapmatrix.h"

typedef struct _virAPMatrixIndex virAPMatrixIndex;

virAPMatrixIndex *virAPMatrixIndexNew(void);
void virAPMatrixIndexFree(virAPMatrixIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPMatrixIndex, virAPMatrixIndexFree);

/* Item @item (its position in the caller's list) has @matrix. */
void virAPMatrixIndexAdd(virAPMatrixIndex *index, const virAPMatrix *matrix,
                         guint item);

/* The items that may hold APQN @adapter.@domain (a superset, in the order
 * added): the caller checks each. */
const GArray *virAPMatrixIndexCandidates(const virAPMatrixIndex *index,
                                         unsigned int adapter,
                                         unsigned int domain);

/* The items that may share an APQN with @matrix (a superset), ascending
 * and each once. */
GArray *virAPMatrixIndexNear(const virAPMatrixIndex *index,
                             const virAPMatrix *matrix);
