/*
 * virapmatrix.h: what one vfio_ap mdev holds
 *
 * Adapters x usage domains is the mdev's APQN set; control domains stand
 * apart (the kernel lets them overlap freely).
 */
#pragma once

#include "virapmask.h"

typedef struct _virAPMatrix virAPMatrix;
struct _virAPMatrix {
    virAPMask adapters;
    virAPMask domains;
    virAPMask controlDomains;
};

void virAPMatrixClear(virAPMatrix *matrix);
bool virAPMatrixEqual(const virAPMatrix *a, const virAPMatrix *b);
bool virAPMatrixHolds(const virAPMatrix *matrix, unsigned int adapter,
                      unsigned int domain);

/* An APQN as lszcrypt writes it, with the decimal pair after it:
 * "02.002b (2.43)". */
char *virAPFormatAPQN(unsigned int adapter, unsigned int domain);

/* The sysfs attributes "matrix" (lines "AA.DDDD", "AA." or ".DDDD") and
 * "control_domains" (lines "DDDD"). */
int virAPMatrixParseSysfs(const char *matrixText, const char *controlText,
                          const char *name, virAPMatrix *matrix, GError **error);

/* The ap_config attribute: "<adapters>,<domains>,<control domains>" masks. */
int virAPMatrixParseAPConfig(const char *text, virAPMatrix *matrix,
                             GError **error);
char *virAPMatrixFormatAPConfig(const virAPMatrix *matrix);
