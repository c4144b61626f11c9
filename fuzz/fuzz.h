/*
 * fuzz.h: the entry point of every fuzz harness (libFuzzer's), also driven
 * by tests/fuzzreplay.c over the seed corpora and crash regressions.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string, cut at its first NUL (as every
 * reader of these formats sees it). */
static inline char *
virAPFuzzString(const uint8_t *data, size_t size)
{
    return g_strndup((const char *)data, size);
}
