/*
 * virapmaskpair.c: apmask and aqmask together: which APQNs the host keeps
 *
 * The host keeps an APQN when its adapter bit is set in apmask and its
 * domain bit in aqmask: the kept set is the rectangle apmask x aqmask.
 */
#include <config.h>

#include "virapmaskpair.h"

VIR_AP_ENUM_IMPL(virAPMaskName, VIR_AP_MASK_LAST,
                 "apmask", "aqmask");


virAPMask *
virAPMaskPairGet(virAPMaskPair *pair, virAPMaskName name)
{
    return name == VIR_AP_MASK_AP ? &pair->apmask : &pair->aqmask;
}


const virAPMask *
virAPMaskPairGetConst(const virAPMaskPair *pair, virAPMaskName name)
{
    return name == VIR_AP_MASK_AP ? &pair->apmask : &pair->aqmask;
}


bool
virAPMaskPairEqual(const virAPMaskPair *a, const virAPMaskPair *b)
{
    return virAPMaskEqual(&a->apmask, &b->apmask) &&
           virAPMaskEqual(&a->aqmask, &b->aqmask);
}


/* The fact "the host keeps APQN @adapter.@domain" under these masks. */
bool
virAPMaskPairKeeps(const virAPMaskPair *pair, unsigned int adapter,
                   unsigned int domain)
{
    return virAPMaskIsBitSet(&pair->apmask, adapter) &&
           virAPMaskIsBitSet(&pair->aqmask, domain);
}


unsigned int
virAPRectCount(const virAPRect *rect)
{
    return virAPMaskCount(&rect->adapters) * virAPMaskCount(&rect->domains);
}


/*
 * The APQNs the host keeps with @from and not with @to, as two disjoint
 * rectangles: @byAdapter, whose adapter bit is cleared (every domain @from
 * kept on those adapters), and @byDomain, on the adapters both keep, whose
 * domain bit is cleared.  Swap the arguments for the APQNs the host gains.
 */
void
virAPMaskPairLost(const virAPMaskPair *from, const virAPMaskPair *to,
                  virAPRect *byAdapter, virAPRect *byDomain)
{
    virAPMaskAndNot(&from->apmask, &to->apmask, &byAdapter->adapters);
    byAdapter->domains = from->aqmask;
    virAPMaskAnd(&from->apmask, &to->apmask, &byDomain->adapters);
    virAPMaskAndNot(&from->aqmask, &to->aqmask, &byDomain->domains);
}
