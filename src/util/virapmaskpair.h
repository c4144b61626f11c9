/*
 * virapmaskpair.h: apmask and aqmask together: which APQNs the host keeps
 */
#pragma once

#include "virapmask.h"

typedef struct _virAPMaskPair virAPMaskPair;
struct _virAPMaskPair {
    virAPMask apmask;
    virAPMask aqmask;
};

/* The APQNs adapters x domains. */
typedef struct _virAPRect virAPRect;
struct _virAPRect {
    virAPMask adapters;
    virAPMask domains;
};

unsigned int virAPRectCount(const virAPRect *rect);
void virAPMaskPairLost(const virAPMaskPair *from, const virAPMaskPair *to,
                       virAPRect *byAdapter, virAPRect *byDomain);
