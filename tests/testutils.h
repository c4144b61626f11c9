/*
 * testutils.h: data-driven test helpers, in the spirit of libvirt's testutils
 *
 * Each case prints "PASS: name" or "FAIL: name"; tests/run-tests counts them.
 * VIR_TEST_REGENERATE_OUTPUT=1 rewrites expected-output files instead of
 * comparing, for intended format changes (review the diff before committing).
 */
#pragma once

#include <glib.h>

typedef int (*virTestFunc)(const void *data);

void virTestRun(const char *name, virTestFunc func, const void *data);
int virTestCompareToFile(const char *actual, const char *path);
char *virTestDataPath(const char *relative);
char *virTestOutputPath(const char *input);
void virTestRunDataFiles(const char *dir, const char *suffix, virTestFunc func);
void virTestRunDataFile(const char *dir, const char *file, virTestFunc func);
void virTestCheckDataFilesRun(const char *dir, const char *suffix);
int virTestFinish(void);
