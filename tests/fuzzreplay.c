/*
 * fuzzreplay.c: runs one fuzz harness over every file of its seed corpus
 * (fuzz/corpus/NAME) and crash regressions (fuzz/regress/NAME), without
 * libFuzzer: every input a campaign started from or once crashed on is
 * replayed by "make check" (under ASan + UBSan in CI).
 * Usage: fuzzreplay-NAME   (the harness name is compiled in as FUZZ_NAME)
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "../fuzz/fuzz.h"


static unsigned int
fuzzReplayDir(const char *dir)
{
    g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
    const char *name;
    unsigned int count = 0;

    while (handle && (name = g_dir_read_name(handle))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_autofree char *data = NULL;
        gsize len;

        if (!g_file_get_contents(path, &data, &len, NULL))
            continue;
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        count++;
    }
    return count;
}


int
main(void)
{
    const char *top = g_getenv("abs_top_srcdir");
    g_autofree char *corpus = g_build_filename(top ? top : ".", "fuzz", "corpus", FUZZ_NAME, NULL);
    g_autofree char *regress = g_build_filename(top ? top : ".", "fuzz", "regress", FUZZ_NAME, NULL);
    unsigned int count = fuzzReplayDir(corpus) + fuzzReplayDir(regress);

    /* reaching here means no input crashed or tripped a sanitizer */
    printf("%s: fuzz harness %s replayed %u inputs\n", count ? "PASS" : "FAIL", FUZZ_NAME, count);
    return count ? EXIT_SUCCESS : EXIT_FAILURE;
}
