/*
 * virapenum.c: enums with a string table
 */
#include <config.h>

#include "virapenum.h"


const char *
virAPEnumToString(const char *const *types, unsigned int ntypes, int type)
{
    if (type < 0 || (unsigned int)type >= ntypes)
        return NULL;
    return types[type];
}


int
virAPEnumFromString(const char *const *types, unsigned int ntypes,
                    const char *type)
{
    unsigned int i;

    for (i = 0; type && i < ntypes; i++) {
        if (g_str_equal(types[i], type))
            return i;
    }
    return -1;
}
