/*
 * virapmaskpair.h: apmask and aqmask together: which APQNs the host keeps
 */
#pragma once

#include "virapenum.h"
#include "virapmask.h"

typedef enum {
    VIR_AP_MASK_AP,  /* apmask: adapters */
    VIR_AP_MASK_AQ,  /* aqmask: usage domains */
    VIR_AP_MASK_LAST
} virAPMaskName;

VIR_AP_ENUM_DECL(virAPMaskName);

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

virAPMask *virAPMaskPairGet(virAPMaskPair *pair, virAPMaskName name);
const virAPMask *virAPMaskPairGetConst(const virAPMaskPair *pair, virAPMaskName name);
bool virAPMaskPairEqual(const virAPMaskPair *a, const virAPMaskPair *b);
bool virAPMaskPairKeeps(const virAPMaskPair *pair, unsigned int adapter,
                        unsigned int domain);

unsigned int virAPRectCount(const virAPRect *rect);
void virAPMaskPairLost(const virAPMaskPair *from, const virAPMaskPair *to,
                       virAPRect *byAdapter, virAPRect *byDomain);
