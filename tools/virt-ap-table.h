/*
 * virt-ap-table.h: tables through libsmartcols, with the options users of
 * lsblk and findmnt expect: -o/--output, -n/--noheadings, -r/--raw
 */
#pragma once

#include <glib.h>
#include <libsmartcols.h>
#include <stdbool.h>

typedef struct _virAPTableColumn virAPTableColumn;
struct _virAPTableColumn {
    const char *name;    /* for -o (case does not matter) */
    const char *header;  /* N_() text shown, translated */
    const char *help;    /* N_() one line, for --help */
    int flags;           /* SCOLS_FL_* */
};

typedef struct _virAPTableOptions virAPTableOptions;
struct _virAPTableOptions {
    char *output;        /* -o: comma-separated column names */
    gboolean noheadings;
    gboolean raw;
};

typedef struct _virAPTable virAPTable;

void virAPTableAddOptions(GOptionContext *ctx, virAPTableOptions *opts);
void virAPTableOptionsClear(virAPTableOptions *opts);
char *virAPTableColumnsHelp(const virAPTableColumn *columns, size_t ncolumns);

virAPTable *virAPTableNew(const virAPTableColumn *columns, size_t ncolumns,
                          const char *defaults, const virAPTableOptions *opts,
                          GError **error);
void virAPTableFree(virAPTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virAPTable, virAPTableFree);

bool virAPTableShows(const virAPTable *table, size_t column);
void virAPTableAddRow(virAPTable *table, const char *const *values,
                      const char *color);
void virAPTablePrint(virAPTable *table);
