/*
 * virapi18n.h: translated messages (gettext)
 */
#pragma once

#include <glib.h>
#include <libintl.h>
#include <locale.h>

/* Messages are translated from the first one on: setlocale() costs more
 * than a whole get-attributes callout, which prints no message. */
#define _(str) virAPGettext(str)
#define N_(str) str

const char *virAPGettext(const char *msgid) G_GNUC_FORMAT(1);
const char *virAPNGettext(const char *msgid, const char *plural, unsigned long n)
    G_GNUC_FORMAT(1) G_GNUC_FORMAT(2);
void virAPI18nInit(void);
