/*
 * virt-ap-table.c: tables through libsmartcols
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "virt-ap-table.h"
#include "viraperror.h"

struct _virAPTable {
    struct libscols_table *tb;
    GArray *shown;  /* size_t: the columns shown, in order */
};


void
virAPTableAddOptions(GOptionContext *ctx, virAPTableOptions *opts)
{
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_STRING, &opts->output,
          N_("the columns to show, comma-separated (see below)"), "LIST" },
        { "noheadings", 'n', 0, G_OPTION_ARG_NONE, &opts->noheadings,
          N_("no header line"), NULL },
        { "raw", 'r', 0, G_OPTION_ARG_NONE, &opts->raw,
          N_("one space between columns, no alignment, special characters escaped"), NULL },
        { NULL }
    };

    g_option_context_add_main_entries(ctx, entries, PACKAGE);
}


void
virAPTableOptionsClear(virAPTableOptions *opts)
{
    g_clear_pointer(&opts->output, g_free);
}


/* "Columns (-o):" and one line per column, for the --help summary. */
char *
virAPTableColumnsHelp(const virAPTableColumn *columns, size_t ncolumns)
{
    GString *out = g_string_new(_("Columns (-o):"));
    size_t i;

    for (i = 0; i < ncolumns; i++)
        g_string_append_printf(out, "\n  %-16s %s", columns[i].name, _(columns[i].help));
    return g_string_free(out, FALSE);
}


/* The columns @list names, or an error naming the unknown one. */
static GArray *
virAPTableParseColumns(const virAPTableColumn *columns, size_t ncolumns,
                       const char *list, GError **error)
{
    g_autoptr(GArray) shown = g_array_new(FALSE, FALSE, sizeof(size_t));
    g_auto(GStrv) names = g_strsplit(list, ",", -1);
    size_t i, c;

    for (i = 0; names[i]; i++) {
        for (c = 0; c < ncolumns; c++) {
            if (g_ascii_strcasecmp(names[i], columns[c].name) == 0)
                break;
        }
        if (c == ncolumns) {
            g_autofree char *name = g_strescape(names[i], NULL);

            g_set_error(error, VIR_AP_ERROR, VIR_AP_ERROR_ARGUMENT,
                        _("unknown column '%s'"), name);
            return NULL;
        }
        g_array_append_val(shown, c);
    }
    return g_steal_pointer(&shown);
}


/* A table of @columns: those of opts->output, else those of @defaults. */
virAPTable *
virAPTableNew(const virAPTableColumn *columns, size_t ncolumns,
              const char *defaults, const virAPTableOptions *opts,
              GError **error)
{
    g_autoptr(virAPTable) table = g_new0(virAPTable, 1);
    size_t i;

    if (!(table->shown = virAPTableParseColumns(columns, ncolumns,
                                                opts->output ? opts->output : defaults,
                                                error)))
        return NULL;
    table->tb = scols_new_table();
    scols_table_enable_noheadings(table->tb, opts->noheadings);
    scols_table_enable_raw(table->tb, opts->raw);
    for (i = 0; i < table->shown->len; i++) {
        const virAPTableColumn *column = &columns[g_array_index(table->shown, size_t, i)];

        scols_table_new_column(table->tb, _(column->header), 0, column->flags);
    }
    return g_steal_pointer(&table);
}


void
virAPTableFree(virAPTable *table)
{
    if (!table)
        return;
    if (table->shown)
        g_array_unref(table->shown);
    scols_unref_table(table->tb);
    g_free(table);
}


bool
virAPTableShows(const virAPTable *table, size_t column)
{
    size_t i;

    for (i = 0; i < table->shown->len; i++) {
        if (g_array_index(table->shown, size_t, i) == column)
            return true;
    }
    return false;
}


/* One row; @values holds a value for every column, shown or not. */
void
virAPTableAddRow(virAPTable *table, const char *const *values, const char *color)
{
    struct libscols_line *line = scols_table_new_line(table->tb, NULL);
    size_t i;

    for (i = 0; i < table->shown->len; i++) {
        const char *value = values[g_array_index(table->shown, size_t, i)];

        scols_line_set_data(line, i, value ? value : "");
    }
    if (color)
        scols_line_set_color(line, color);
}


void
virAPTablePrint(virAPTable *table)
{
    scols_print_table(table->tb);
    fflush(stdout);
}
