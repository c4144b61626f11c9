/*
 * node_device_ap_guests.h: which libvirt guests have which vfio_ap mdev
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct _virAPGuest virAPGuest;
struct _virAPGuest {
    char *name;
    bool running;
    GPtrArray *mdevs; /* canonical UUIDs of its vfio-ap hostdevs */
    char *error;      /* why they are unknown (XML unreadable); NULL if known */
};

void virAPGuestFree(virAPGuest *guest);
int virAPGuestsLoad(const char *uri, GPtrArray **guests, GError **error);
