/*
 * virt-ap status: who owns each APQN of the host, at a glance
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "node_device_ap_status.h"
#include "virt-ap.h"
#include "virt-ap-table.h"
#include "viraperror.h"

/* Colours (libsmartcols' names), used only on a terminal */
#define VIR_AP_COLOR_HOST "blue"
#define VIR_AP_COLOR_FREE "green"
#define VIR_AP_COLOR_MDEV "bold yellow"
#define VIR_AP_COLOR_DIM "halfbright"

enum {
    VIR_AP_STATUS_COL_MDEV,
    VIR_AP_STATUS_COL_UUID,
    VIR_AP_STATUS_COL_STATE,
    VIR_AP_STATUS_COL_START,
    VIR_AP_STATUS_COL_GUEST,
    VIR_AP_STATUS_COL_APQNS,
    VIR_AP_STATUS_COL_CONTROL,
    VIR_AP_STATUS_COL_LAST
};

static const virAPTableColumn virAPStatusColumns[VIR_AP_STATUS_COL_LAST] = {
    { "mdev", N_("MDEV"), N_("the mdev's short name in the grid"), 0 },
    { "uuid", N_("UUID"), N_("the mdev's UUID"), 0 },
    { "state", N_("STATE"), N_("active or only defined"), 0 },
    { "start", N_("START"), N_("auto, manual, or transient (not defined)"), 0 },
    { "guest", N_("GUEST"), N_("the libvirt guests that use it"), 0 },
    { "apqns", N_("APQNS"), N_("its APQNs (lszcrypt form)"), 0 },
    { "control-domains", N_("CONTROL DOMAINS"), N_("its control domains, as a decimal ID list"), 0 },
};

#define VIR_AP_STATUS_DEFAULT_COLUMNS "mdev,uuid,state,start,guest"


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
    case VIR_AP_OWNER_LAST:
        break;
    }
    return NULL;
}


static char *
virAPStatusAdapterHeader(const virAPStatus *status, unsigned int a)
{
    const virAPCard *card = virAPDevicesGetCard(status->devices, a);

    if (!card)
        return g_strdup_printf(_("%02x (no card)"), a);
    if (card->error)
        return g_strdup_printf(_("%02x (%s)"), a, card->error);
    return g_strdup_printf("%02x %s hw%u %s%s", a, card->type,
                           card->hwtype, card->online ? _("online") : _("offline"),
                           card->hwtype < VIR_AP_MIN_PASSTHROUGH_HWTYPE ? _(" (no vfio_ap)") : "");
}


/* Adapters down, domains across: who has each APQN. */
static void
virAPStatusPrintGrid(const virAPStatus *status, const virAPTableOptions *opts, bool color)
{
    struct libscols_table *tb = scols_new_table();
    int a = -1;
    int d = -1;

    scols_table_enable_colors(tb, color);
    scols_table_enable_noheadings(tb, opts->noheadings);
    scols_table_enable_raw(tb, opts->raw);
    scols_table_new_column(tb, _("ADAPTER"), 0, 0);
    while ((d = virAPMaskNextSetBit(&status->domains, d)) >= 0) {
        g_autofree char *header = g_strdup_printf("%04x", d);

        scols_table_new_column(tb, header, 0, 0);
    }
    while ((a = virAPMaskNextSetBit(&status->adapters, a)) >= 0) {
        struct libscols_line *line = scols_table_new_line(tb, NULL);
        g_autofree char *header = virAPStatusAdapterHeader(status, a);
        size_t column = 1;

        scols_line_set_data(line, 0, header);
        for (d = -1; (d = virAPMaskNextSetBit(&status->domains, d)) >= 0; column++) {
            char text[32];
            const char *cellColor = virAPStatusCell(status, a, d, text, sizeof(text));

            scols_line_set_data(line, column, text);
            scols_cell_set_color(scols_line_get_cell(line, column), cellColor);
        }
    }
    scols_print_table(tb);
    scols_unref_table(tb);
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
    if (!out->len)
        g_string_append(out, "-");
    return g_string_free(g_steal_pointer(&out), FALSE);
}


static char *
virAPStatusAPQNList(const virAPMatrix *matrix)
{
    GString *out = g_string_new(NULL);
    int a, d;

    VIR_AP_FOREACH_APQN(&matrix->adapters, &matrix->domains, a, d)
        g_string_append_printf(out, "%s%02x.%04x", out->len ? "," : "", a, d);
    return g_string_free(out, FALSE);
}


static void
virAPStatusPrintMdevs(const virAPStatus *status, virAPTable *table)
{
    size_t i;

    if (!status->mdevs->len) {
        printf("%s\n", _("no vfio_ap mdev is active or defined"));
        return;
    }
    for (i = 0; i < status->mdevs->len; i++) {
        const virAPStatusMdev *mdev = g_ptr_array_index(status->mdevs, i);
        const virAPMatrix *matrix = virAPStatusMdevMatrix(mdev);
        g_autofree char *guests = virAPStatusGuestList(mdev);
        g_autofree char *apqns = virAPStatusAPQNList(matrix);
        g_autofree char *controls = virAPMaskFormatList(&matrix->controlDomains);
        const char *values[VIR_AP_STATUS_COL_LAST] = {
            mdev->label, mdev->uuid,
            mdev->active ? _("active") : _("defined"),
            !mdev->defined ? _("transient") :
            mdev->defined->config->autostart ? _("auto") : _("manual"),
            guests, apqns, controls,
        };

        virAPTableAddRow(table, values, NULL);
    }
    virAPTablePrint(table);
}


static void
virAPStatusPrintMasks(const virAPHost *host)
{
    g_autofree char *ap = virAPMaskFormatList(&host->active.apmask);
    g_autofree char *aq = virAPMaskFormatList(&host->active.aqmask);
    g_autofree char *bootAp = virAPMaskFormatList(&host->boot.masks.apmask);
    g_autofree char *bootAq = virAPMaskFormatList(&host->boot.masks.aqmask);

    printf(_("masks: apmask \"%s\" aqmask \"%s\""), ap, aq);
    if (virAPMaskPairEqual(&host->active, &host->boot.masks))
        printf(" %s\n", _("(the same after reboot)"));
    else
        printf(_("; after reboot: apmask \"%s\" aqmask \"%s\"\n"), bootAp, bootAq);
    if (virAPHostModeNow(host) != VIR_AP_HOST_MODE_MASKS ||
        virAPHostModeAfterBoot(host) != VIR_AP_HOST_MODE_MASKS)
        printf(_("driver_override (Linux 6.19): overridden queues: %u now, %u by driverctl after reboot; mode: %s now, %s after reboot\n"),
               host->overrides.count, host->driverctl.count,
               virAPHostModeTypeToString(virAPHostModeNow(host)),
               virAPHostModeTypeToString(virAPHostModeAfterBoot(host)));
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
    int a, d;

    json_object_object_add(obj, "uuid", json_object_new_string(mdev->uuid));
    json_object_object_add(obj, "label", json_object_new_string(mdev->label));
    json_object_object_add(obj, "active", json_object_new_boolean(mdev->active != NULL));
    json_object_object_add(obj, "defined", json_object_new_boolean(mdev->defined != NULL));
    json_object_object_add(obj, "autostart",
                           json_object_new_boolean(mdev->defined && mdev->defined->config->autostart));
    VIR_AP_FOREACH_APQN(&matrix->adapters, &matrix->domains, a, d)
        json_object_array_add(apqns, virAPStatusAPQNToJSON(a, d));
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
    json_object *root = json_object_new_object();
    json_object *cards = json_object_new_array();
    json_object *apqns = json_object_new_array();
    json_object *mdevs = json_object_new_array();
    json_object *libvirt = json_object_new_object();
    json_object *unreadable = json_object_new_array();
    size_t i;
    int a, d;

    json_object_object_add(root, "masks", virAPMasksToJSON(status->host));
    json_object_object_add(root, "mode", json_object_new_string(virAPHostModeTypeToString(virAPHostModeNow(status->host))));
    json_object_object_add(root, "persistent_mode",
                           json_object_new_string(virAPHostModeTypeToString(virAPHostModeAfterBoot(status->host))));
    for (i = 0; i < status->devices->cards->len; i++) {
        const virAPCard *card = g_ptr_array_index(status->devices->cards, i);
        json_object *c = json_object_new_object();

        json_object_object_add(c, "adapter", json_object_new_int(card->id));
        json_object_object_add(c, "type", card->type ? json_object_new_string(card->type) : NULL);
        json_object_object_add(c, "error", card->error ? json_object_new_string(card->error) : NULL);
        json_object_object_add(c, "hwtype", json_object_new_int(card->hwtype));
        json_object_object_add(c, "online", json_object_new_boolean(card->online));
        json_object_object_add(c, "passthrough",
                               json_object_new_boolean(!card->error &&
                                                       card->hwtype >= VIR_AP_MIN_PASSTHROUGH_HWTYPE));
        json_object_array_add(cards, c);
    }
    VIR_AP_FOREACH_APQN(&status->adapters, &status->domains, a, d) {
        const virAPStatusMdev *mdev;
        const virAPStatusMdev *defined = virAPStatusDefinedHolder(status, a, d);
        virAPOwner owner = virAPStatusOwner(status, a, d, &mdev);
        json_object *q = json_object_new_object();

        json_object_object_add(q, "apqn", virAPStatusAPQNToJSON(a, d));
        json_object_object_add(q, "adapter", json_object_new_int(a));
        json_object_object_add(q, "domain", json_object_new_int(d));
        json_object_object_add(q, "present", json_object_new_boolean(virAPStatusQueuePresent(status, a, d)));
        json_object_object_add(q, "owner", json_object_new_string(virAPOwnerTypeToString(owner)));
        json_object_object_add(q, "mdev", mdev ? json_object_new_string(mdev->uuid) : NULL);
        json_object_object_add(q, "defined_in", defined ? json_object_new_string(defined->uuid) : NULL);
        json_object_array_add(apqns, q);
    }
    for (i = 0; i < status->mdevs->len; i++)
        json_object_array_add(mdevs, virAPStatusMdevToJSON(g_ptr_array_index(status->mdevs, i)));
    json_object_object_add(root, "cards", cards);
    json_object_object_add(root, "apqns", apqns);
    json_object_object_add(root, "mdevs", mdevs);
    json_object_object_add(libvirt, "reachable", json_object_new_boolean(status->guests != NULL));
    json_object_object_add(libvirt, "error", libvirtError ? json_object_new_string(libvirtError) : NULL);
    for (i = 0; status->guests && i < status->guests->len; i++) {
        const virAPGuest *guest = g_ptr_array_index(status->guests, i);
        json_object *g;

        if (!guest->error)
            continue;
        g = json_object_new_object();
        json_object_object_add(g, "name", json_object_new_string(guest->name));
        json_object_object_add(g, "error", json_object_new_string(guest->error));
        json_object_array_add(unreadable, g);
    }
    json_object_object_add(libvirt, "unreadable_guests", unreadable);
    json_object_object_add(root, "libvirt", libvirt);
    return root;
}


/* The guests whose vfio-ap mdevs are unknown, said rather than skipped. */
static void
virAPStatusPrintUnreadableGuests(GPtrArray *guests)
{
    size_t i;

    for (i = 0; guests && i < guests->len; i++) {
        const virAPGuest *guest = g_ptr_array_index(guests, i);

        if (guest->error)
            printf(_("guest %s: %s; its mdevs are not shown\n"), guest->name, guest->error);
    }
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
    g_autoptr(virAPTable) table = NULL;
    g_autofree char *columns = virAPTableColumnsHelp(virAPStatusColumns, VIR_AP_STATUS_COL_LAST);
    virAPTableOptions opts = { NULL, FALSE, FALSE };
    bool color;
    int rc = VIR_AP_EXIT_OK;

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    virAPTableAddOptions(ctx, &opts);
    g_option_context_set_summary(ctx, columns);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        rc = virAPUsageError(ctx, error->message);
        goto cleanup;
    }
    if (argc != 1) {
        rc = virAPUsageError(ctx, _("status takes no arguments"));
        goto cleanup;
    }
    color = !noColor && isatty(STDOUT_FILENO) && g_strcmp0(g_getenv("TERM"), "dumb") != 0;

    if (!json && !(table = virAPTableNew(virAPStatusColumns, VIR_AP_STATUS_COL_LAST,
                                         VIR_AP_STATUS_DEFAULT_COLUMNS, &opts, &error))) {
        rc = virAPFail(error);
        goto cleanup;
    }
    virAPGuestsLoad(uri, &guests, &libvirtError);
    if (virAPStatusLoad(guests, &status, &error) < 0) {
        rc = virAPFail(error);
        goto cleanup;
    }
    if (json) {
        virAPPrintJSON(virAPStatusToJSON(status, libvirtError ? libvirtError->message : NULL));
        goto cleanup;
    }
    virAPStatusPrintMasks(status->host);
    printf("\n");
    virAPStatusPrintGrid(status, &opts, color);
    printf("\n%s\n\n", _("host: kept by the host (zcrypt)  free: for vfio_ap, in no active mdev  mN: in active mdev mN  (mN): only in definition mN  -: no such queue"));
    virAPStatusPrintMdevs(status, table);
    virAPStatusPrintUnreadableGuests(guests);
    if (libvirtError)
        printf(_("\nlibvirt: %s; the guests are not shown\n"), libvirtError->message);

 cleanup:
    virAPTableOptionsClear(&opts);
    return rc;
}
