/*
 * virapmdevctlscan.h: the plain form of an mdevctl definition, read
 * without json-c
 */
#pragma once

#include "virapmdevctl.h"

virAPMdevctlConfig *virAPMdevctlScan(const char *json, const char *origin);
