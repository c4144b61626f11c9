/*
 * node_device_ap_status.h: the host's AP picture: who owns each APQN
 */
#pragma once

#include "node_device_ap_guests.h"
#include "node_device_ap_host.h"
#include "virapdevices.h"

/* One mdev as the host knows it: active (sysfs), defined (mdevctl), or both. */
typedef struct _virAPStatusMdev virAPStatusMdev;
struct _virAPStatusMdev {
    char *uuid;
    char *label;                  /* "m1": short name for the grid */
    const virAPActiveMdev *active; /* NULL if not active */
    const virAPDevice *defined;    /* NULL if not defined */
    GPtrArray *guests;            /* virAPGuest (borrowed) that attach it */
};

typedef enum {
    VIR_AP_OWNER_HOST,  /* kept by the active masks: zcrypt */
    VIR_AP_OWNER_FREE,  /* given to vfio_ap, in no active mdev */
    VIR_AP_OWNER_MDEV,  /* in an active mdev */
    VIR_AP_OWNER_LAST
} virAPOwner;

VIR_AP_ENUM_DECL(virAPOwner);

typedef struct _virAPStatus virAPStatus;
struct _virAPStatus {
    virAPHost *host;
    virAPDevices *devices;
    GPtrArray *guests;           /* borrowed; NULL when libvirt was not asked or reached */
    GPtrArray *mdevs;            /* virAPStatusMdev, by UUID */
    virAPMask adapters;          /* shown: present or referenced */
    virAPMask domains;
    guint32 *activeHolder;       /* [a * 256 + d]: 1 + index in mdevs, 0 none */
    guint32 *definedHolder;      /* the first definition holding it, same form */
};

void virAPStatusFree(virAPStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPStatus, virAPStatusFree);

int virAPStatusLoad(GPtrArray *guests, virAPStatus **status, GError **error);
virAPOwner virAPStatusOwner(const virAPStatus *status, unsigned int adapter,
                            unsigned int domain, const virAPStatusMdev **mdev);
const virAPStatusMdev *virAPStatusDefinedHolder(const virAPStatus *status,
                                                unsigned int adapter, unsigned int domain);
const virAPMatrix *virAPStatusMdevMatrix(const virAPStatusMdev *mdev);
bool virAPStatusIsFree(const virAPStatus *status, unsigned int adapter,
                       unsigned int domain);
bool virAPStatusQueuePresent(const virAPStatus *status, unsigned int adapter,
                             unsigned int domain);
