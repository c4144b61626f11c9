/*
 * virt-ap-check-attrs.h: an active mdev's sysfs matrix as mdevctl attrs,
 * with libc alone (for the callout's front, virt-ap-check-front.c)
 */
#pragma once

#include <stddef.h>

/* Room for the longest answer: 3 x 256 attributes of at most 32 bytes. */
#define VIR_AP_CHECK_ATTRS_MAX (3 * 256 * 32 + 8)

int virAPCheckAttrsFormat(const char *matrix, size_t matrixLen,
                          const char *control, size_t controlLen,
                          char *out, size_t outSize);
