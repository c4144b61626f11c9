/*
 * virt-ap status: who owns each APQN of the host, at a glance
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_status.h"
#include "virt-ap.h"
#include "viraperror.h"

/* ANSI colours, used only on a terminal */
#define VIR_AP_COLOR_HOST "\033[34m"
#define VIR_AP_COLOR_FREE "\033[32m"
#define VIR_AP_COLOR_MDEV "\033[1;33m"
#define VIR_AP_COLOR_DIM "\033[2m"
#define VIR_AP_COLOR_RESET "\033[0m"

/* What one grid cell says, and its colour. */
static const char *
virAPStatusCell(const virAPStatus *status, unsigned int a, unsigned int d,
                char *buf, size_t len)
{
    const virAPStatusMdev *mdev;
    const virAPStatusMdev *defined;

    switch (virAPStatusOwner(status, a, d, &mdev)) {
    case VIR_AP_OWNER_MDEV:
        g_strlcpy(buf, mdev->label, len);
        return VIR_AP_COLOR_MDEV;
    case VIR_AP_OWNER_HOST:
        g_strlcpy(buf, virAPStatusQueuePresent(status, a, d) ? "host" : "-", len);
        return VIR_AP_COLOR_HOST;
    case VIR_AP_OWNER_FREE:
        if ((defined = virAPStatusDefinedHolder(status, a, d))) {
            g_snprintf(buf, len, "(%s)", defined->label);
            return VIR_AP_COLOR_DIM;
        }
        g_strlcpy(buf, virAPStatusQueuePresent(status, a, d) ? "free" : "-", len);
        return VIR_AP_COLOR_FREE;
    }
    return "";
}


static char *
virAPStatusAdapterHeader(const virAPStatus *status, unsigned int a)
{
    const virAPCard *card = virAPDevicesGetCard(status->devices, a);

    if (!card)
        return g_strdup_printf(_("%02x (no card)"), a);
    return g_strdup_printf("%02x %s hw%u %s%s", a, card->type ? card->type : "?",
                           card->hwtype, card->online ? _("online") : _("offline"),
                           card->hwtype < VIR_AP_MIN_PASSTHROUGH_HWTYPE ? _(" (no vfio_ap)") : "");
}


static void
virAPStatusPrintGrid(const virAPStatus *status, bool color)
{
    g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func(g_free);
    int width = 0;
    int cell = 6;
    size_t i;
    int a = -1;
    int d = -1;

    while ((a = virAPMaskNextSetBit(&status->adapters, a)) >= 0) {
        char *header = virAPStatusAdapterHeader(status, a);

        width = MAX(width, (int)strlen(header));
        g_ptr_array_add(headers, header);
    }
    for (i = 0; i < status->mdevs->len; i++)
        cell = MAX(cell, (int)strlen(((virAPStatusMdev *)g_ptr_array_index(status->mdevs, i))->label) + 4);

    printf("%-*s", width, _("ADAPTER"));
    while ((d = virAPMaskNextSetBit(&status->domains, d)) >= 0)
        printf("  %-*.4x", cell - 2, d);
    printf("\n");
    for (a = -1, i = 0; (a = virAPMaskNextSetBit(&status->adapters, a)) >= 0; i++) {
        printf("%-*s", width, (char *)g_ptr_array_index(headers, i));
        for (d = -1; (d = virAPMaskNextSetBit(&status->domains, d)) >= 0;) {
            char text[32];
            const char *cellColor = virAPStatusCell(status, a, d, text, sizeof(text));

            if (color)
                printf("  %s%-*s%s", cellColor, cell - 2, text, VIR_AP_COLOR_RESET);
            else
                printf("  %-*s", cell - 2, text);
        }
        printf("\n");
    }
}


static char *
virAPStatusGuestList(const virAPStatusMdev *mdev)
{
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    for (i = 0; i < mdev->guests->len; i++) {
        const virAPGuest *guest = g_ptr_array_index(mdev->guests, i);

        g_string_append_printf(out, "%s%s (%s)", i ? ", " : "", guest->name,
                               guest->running ? _("running") : _("shut off"));
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}


static void
virAPStatusPrintMdevs(const virAPStatus *status)
{
    size_t i;

    if (!status->mdevs->len) {
        printf("%s\n", _("no vfio_ap mdev is active or defined"));
        return;
    }
    printf("%-5s %-36s  %-8s  %-9s  %s\n", _("MDEV"), _("UUID"), _("STATE"),
           _("START"), _("GUEST"));
    for (i = 0; i < status->mdevs->len; i++) {
        const virAPStatusMdev *mdev = g_ptr_array_index(status->mdevs, i);
        g_autofree char *guests = virAPStatusGuestList(mdev);
        const char *start = !mdev->defined ? _("transient") :
                            mdev->defined->config->autostart ? _("auto") : _("manual");

        printf("%-5s %-36s  %-8s  %-9s  %s\n", mdev->label, mdev->uuid,
               mdev->active ? _("active") : _("defined"), start,
               *guests ? guests : "-");
    }
}


static void
virAPStatusPrintMasks(const virAPHost *host)
{
    g_autofree char *ap = virAPMaskFormatList(&host->activeApmask);
    g_autofree char *aq = virAPMaskFormatList(&host->activeAqmask);
    g_autofree char *bootAp = virAPMaskFormatList(&host->bootApmask.mask);
    g_autofree char *bootAq = virAPMaskFormatList(&host->bootAqmask.mask);

    printf(_("masks: apmask \"%s\" aqmask \"%s\""), ap, aq);
    if (g_str_equal(ap, bootAp) && g_str_equal(aq, bootAq))
        printf(" %s\n", _("(the same after reboot)"));
    else
        printf(_("; after reboot: apmask \"%s\" aqmask \"%s\"\n"), bootAp, bootAq);
}


static json_object *
virAPStatusAPQNToJSON(unsigned int adapter, unsigned int domain)
{
    char text[8];

    g_snprintf(text, sizeof(text), "%02x.%04x", adapter, domain);
    return json_object_new_string(text);
}


static json_object *
virAPStatusMdevToJSON(const virAPStatusMdev *mdev)
{
    json_object *obj = json_object_new_object();
    json_object *guests = json_object_new_array();
    json_object *apqns = json_object_new_array();
    const virAPMatrix *matrix = virAPStatusMdevMatrix(mdev);
    g_autofree char *controls = virAPMaskFormatList(&matrix->controlDomains);
    size_t i;
    int a = -1;

    json_object_object_add(obj, "uuid", json_object_new_string(mdev->uuid));
    json_object_object_add(obj, "label", json_object_new_string(mdev->label));
    json_object_object_add(obj, "active", json_object_new_boolean(mdev->active != NULL));
    json_object_object_add(obj, "defined", json_object_new_boolean(mdev->defined != NULL));
    json_object_object_add(obj, "autostart",
                           json_object_new_boolean(mdev->defined && mdev->defined->config->autostart));
    while ((a = virAPMaskNextSetBit(&matrix->adapters, a)) >= 0) {
        int d = -1;

        while ((d = virAPMaskNextSetBit(&matrix->domains, d)) >= 0)
            json_object_array_add(apqns, virAPStatusAPQNToJSON(a, d));
    }
    json_object_object_add(obj, "apqns", apqns);
    json_object_object_add(obj, "control_domains", json_object_new_string(controls));
    for (i = 0; i < mdev->guests->len; i++) {
        const virAPGuest *guest = g_ptr_array_index(mdev->guests, i);
        json_object *g = json_object_new_object();

        json_object_object_add(g, "name", json_object_new_string(guest->name));
        json_object_object_add(g, "running", json_object_new_boolean(guest->running));
        json_object_array_add(guests, g);
    }
    json_object_object_add(obj, "guests", guests);
    return obj;
}


static json_object *
virAPStatusToJSON(const virAPStatus *status, const char *libvirtError)
{
    static const char *const owners[] = { "host", "free", "mdev" };
    json_object *root = json_object_new_object();
    json_object *cards = json_object_new_array();
    json_object *apqns = json_object_new_array();
    json_object *mdevs = json_object_new_array();
    json_object *libvirt = json_object_new_object();
    size_t i;
    int a = -1;

    json_object_object_add(root, "masks", virAPMasksToJSON(status->host));
    for (i = 0; i < status->devices->cards->len; i++) {
        const virAPCard *card = g_ptr_array_index(status->devices->cards, i);
        json_object *c = json_object_new_object();

        json_object_object_add(c, "adapter", json_object_new_int(card->id));
        json_object_object_add(c, "type", card->type ? json_object_new_string(card->type) : NULL);
        json_object_object_add(c, "hwtype", json_object_new_int(card->hwtype));
        json_object_object_add(c, "online", json_object_new_boolean(card->online));
        json_object_object_add(c, "passthrough",
                               json_object_new_boolean(card->hwtype >= VIR_AP_MIN_PASSTHROUGH_HWTYPE));
        json_object_array_add(cards, c);
    }
    while ((a = virAPMaskNextSetBit(&status->adapters, a)) >= 0) {
        int d = -1;

        while ((d = virAPMaskNextSetBit(&status->domains, d)) >= 0) {
            const virAPStatusMdev *mdev;
            const virAPStatusMdev *defined = virAPStatusDefinedHolder(status, a, d);
            virAPOwner owner = virAPStatusOwner(status, a, d, &mdev);
            json_object *q = json_object_new_object();

            json_object_object_add(q, "apqn", virAPStatusAPQNToJSON(a, d));
            json_object_object_add(q, "adapter", json_object_new_int(a));
            json_object_object_add(q, "domain", json_object_new_int(d));
            json_object_object_add(q, "present", json_object_new_boolean(virAPStatusQueuePresent(status, a, d)));
            json_object_object_add(q, "owner", json_object_new_string(owners[owner]));
            json_object_object_add(q, "mdev", mdev ? json_object_new_string(mdev->uuid) : NULL);
            json_object_object_add(q, "defined_in", defined ? json_object_new_string(defined->uuid) : NULL);
            json_object_array_add(apqns, q);
        }
    }
    for (i = 0; i < status->mdevs->len; i++)
        json_object_array_add(mdevs, virAPStatusMdevToJSON(g_ptr_array_index(status->mdevs, i)));
    json_object_object_add(root, "cards", cards);
    json_object_object_add(root, "apqns", apqns);
    json_object_object_add(root, "mdevs", mdevs);
    json_object_object_add(libvirt, "reachable", json_object_new_boolean(status->guests != NULL));
    json_object_object_add(libvirt, "error", libvirtError ? json_object_new_string(libvirtError) : NULL);
    json_object_object_add(root, "libvirt", libvirt);
    return root;
}


int
virAPCommandStatus(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    gboolean json = FALSE;
    gboolean noColor = FALSE;
    GOptionEntry entries[] = {
        { "connect", 'c', 0, G_OPTION_ARG_STRING, &uri,
          N_("libvirt connection URI, as for virsh (for the guests using each mdev)"), "URI" },
        { "json", 'J', 0, G_OPTION_ARG_NONE, &json, N_("the same facts as JSON"), NULL },
        { "no-color", 0, 0, G_OPTION_ARG_NONE, &noColor, N_("no colours, even on a terminal"), NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(_("- who owns each APQN: the host, vfio_ap, which mdev and guest"));
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) libvirtError = NULL;
    g_autoptr(GPtrArray) guests = NULL;
    g_autoptr(virAPStatus) status = NULL;
    bool color;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    if (!g_option_context_parse(ctx, &argc, &argv, &error))
        return virAPUsageError(ctx, error->message);
    if (argc != 1)
        return virAPUsageError(ctx, _("status takes no arguments"));
    color = !noColor && isatty(STDOUT_FILENO) && g_strcmp0(g_getenv("TERM"), "dumb") != 0;

    virAPGuestsLoad(uri, &guests, &libvirtError);
    if (virAPStatusLoad(guests, &status, &error) < 0) {
        fprintf(stderr, "virt-ap: %s\n", error->message);
        return VIR_AP_EXIT_HOST;
    }
    if (json) {
        virAPPrintJSON(virAPStatusToJSON(status, libvirtError ? libvirtError->message : NULL));
        return VIR_AP_EXIT_OK;
    }
    virAPStatusPrintMasks(status->host);
    printf("\n");
    virAPStatusPrintGrid(status, color);
    printf("\n%s\n\n", _("host: kept by the host (zcrypt)  free: for vfio_ap, in no active mdev  mN: in active mdev mN  (mN): only in definition mN  -: no such queue"));
    virAPStatusPrintMdevs(status);
    if (libvirtError)
        printf(_("\nlibvirt: %s; the guests are not shown\n"), libvirtError->message);
    return VIR_AP_EXIT_OK;
}
