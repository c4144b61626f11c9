/*
 * virapenum.h: enums with a string table, in the style of libvirt's
 * VIR_ENUM_DECL / VIR_ENUM_IMPL
 *
 *   VIR_AP_ENUM_DECL(virAPScope);                    in the header
 *   VIR_AP_ENUM_IMPL(virAPScope, VIR_AP_SCOPE_LAST,  in the .c file
 *                    "define", "start");
 * give virAPScopeTypeToString() (NULL for an unknown value) and
 * virAPScopeTypeFromString() (-1 for an unknown name).
 */
#pragma once

#include <glib.h>

const char *virAPEnumToString(const char *const *types, unsigned int ntypes,
                              int type);
int virAPEnumFromString(const char *const *types, unsigned int ntypes,
                        const char *type);

#define VIR_AP_ENUM_DECL(name) \
    const char *name ## TypeToString(int type); \
    int name ## TypeFromString(const char *type)

#define VIR_AP_ENUM_IMPL(name, lastVal, ...) \
    static const char *const name ## TypeList[] = { __VA_ARGS__ }; \
    G_STATIC_ASSERT(G_N_ELEMENTS(name ## TypeList) == lastVal); \
    const char *name ## TypeToString(int type) \
    { \
        return virAPEnumToString(name ## TypeList, G_N_ELEMENTS(name ## TypeList), type); \
    } \
    int name ## TypeFromString(const char *type) \
    { \
        return virAPEnumFromString(name ## TypeList, G_N_ELEMENTS(name ## TypeList), type); \
    }
