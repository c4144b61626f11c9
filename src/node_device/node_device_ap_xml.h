/*
 * node_device_ap_xml.h: the nodedev XML form of a vfio_ap mdev
 */
#pragma once

#include "virapmdevctl.h"

#define VIR_AP_NODEDEV_PARENT "ap_matrix"

int virAPDeviceConfigParseXML(const char *xml, const char *origin,
                              virAPMdevctlConfig **config, GError **error);
