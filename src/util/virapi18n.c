/*
 * virapi18n.c: translated messages (gettext)
 */
#include <config.h>

#include <stdbool.h>

#include "virapi18n.h"


void
virAPI18nInit(void)
{
    static bool done;

    if (done)
        return;
    done = true;
    setlocale(LC_ALL, "");
    bindtextdomain(PACKAGE, LOCALEDIR);
    textdomain(PACKAGE);
}


const char *
virAPGettext(const char *msgid)
{
    virAPI18nInit();
    return gettext(msgid);
}


const char *
virAPNGettext(const char *msgid, const char *plural, unsigned long n)
{
    virAPI18nInit();
    return ngettext(msgid, plural, n);
}
