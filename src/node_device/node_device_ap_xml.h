/*
 * node_device_ap_xml.h: the nodedev XML form of a vfio_ap mdev
 */
#pragma once

#include "virmdevctl.h"

#define VIR_AP_NODEDEV_PARENT "ap_matrix"

int virAPDeviceConfigParseXML(const char *xml, const char *origin,
                              virMdevctlConfig **config, GError **error);
