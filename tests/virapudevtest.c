/*
 * virapudevtest.c: the udev rules and the kernel command line as the next
 * boot reads them, and 41-ap.rules rewritten
 *
 * - virapudevdata/NAME.rules is read as /etc/udev/rules.d/41-ap.rules, the
 *   only rule file; NAME.out: the masks it leaves at boot (from all ones)
 *   and the file:line that wrote them last, or the refusal.
 * - virapudevdata/NAME.change ("apmask=LIST|keep|remove aqmask=..."), LIST a
 *   zdev ID list, is applied to NAME.rules (no file if there is none);
 *   NAME.updated is the result, "(removed)", or the error.
 * - virapudevdata/trees/NAME.root is a host root (rule directories,
 *   proc/cmdline); NAME.out: virAPBootReadMasks() there.
 * - virapudevdata/cmdline/NAME.cmdline is a /proc/cmdline; NAME.out: the
 *   values the kernel gives ap.apmask and ap.aqmask and the masks they make.
 */
#include <config.h>

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "testutils.h"
#include "virapboot.h"
#include "virapudev.h"
#include "virapudevrules.h"
#include "virapudevrun.h"


static void
testBootFormat(GString *out, const virAPBootMasks *boot)
{
    size_t m;

    for (m = 0; m < VIR_AP_MASK_LAST; m++) {
        const char *name = virAPMaskNameTypeToString(m);
        g_autofree char *ids = virAPMaskFormatList(virAPMaskPairGetConst(&boot->masks, m));

        if (boot->source[m] == VIR_AP_BOOT_SOURCE_RULE)
            g_string_append_printf(out, "%s: \"%s\" from %s:%u\n", name, ids,
                                   boot->file[m], boot->line[m]);
        else
            g_string_append_printf(out, "%s: \"%s\" from %s\n", name, ids,
                                   virAPBootDescribe(boot, m));
    }
}


static int
testRules(const void *data)
{
    const char *path = data;
    g_autofree char *outpath = virTestOutputPath(path);
    g_autofree char *text = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)virAPUdevFileFree);
    g_autoptr(virAPUdevBootRun) run = NULL;
    virAPUdevFile *file = NULL;
    const char *masks[] = { "apmask", "aqmask" };
    size_t m;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    if (virAPUdevFileParse(VIR_AP_UDEV_RULE, text, &file, &error) < 0)
        goto error;
    g_ptr_array_add(files, file);
    if (virAPUdevBootRunNew(files, &run, &error) < 0)
        goto error;
    for (m = 0; m < G_N_ELEMENTS(masks); m++) {
        g_autofree char *writer = NULL;
        g_autofree char *ids = NULL;
        virAPMask base, result;

        virAPMaskSetAll(&base);
        if (virAPUdevBootRunApply(run, masks[m], &base, &result, &writer, &error) < 0)
            goto error;
        ids = virAPMaskFormatList(&result);
        g_string_append_printf(out, "%s: \"%s\" from %s\n", masks[m], ids,
                               writer ? writer : "default");
    }
    return virTestCompareToFile(out->str, outpath);

 error:
    g_string_truncate(out, 0);
    g_string_append_printf(out, "error: %s\n", error->message);
    return virTestCompareToFile(out->str, outpath);
}


static int
testParseChange(const char *word, const char *name, virAPUdevChange *change)
{
    g_autofree char *prefix = g_strdup_printf("%s=", name);
    const char *value;
    virAPMask zero;

    if (!g_str_has_prefix(word, prefix))
        return -1;
    value = word + strlen(prefix);
    change->type = g_str_equal(value, "keep") ? VIR_AP_UDEV_KEEP :
                   g_str_equal(value, "remove") ? VIR_AP_UDEV_REMOVE : VIR_AP_UDEV_SET;
    virAPMaskClearAll(&zero);
    if (change->type == VIR_AP_UDEV_SET &&
        virAPMaskParseSetting(value, &zero, &change->mask, NULL) < 0)
        return -1;
    return 0;
}


static int
testUpdate(const void *data)
{
    const char *path = data;
    g_autofree char *base = g_strndup(path, strlen(path) - strlen(".change"));
    g_autofree char *rulesPath = g_strconcat(base, ".rules", NULL);
    g_autofree char *outpath = g_strconcat(base, ".updated", NULL);
    g_autofree char *name = g_path_get_basename(rulesPath);
    g_autofree char *changeText = NULL;
    g_autofree char *rules = NULL;
    g_autofree char *updated = NULL;
    g_autofree char *out = NULL;
    g_auto(GStrv) words = NULL;
    g_autoptr(GError) error = NULL;
    virAPUdevChange apmask, aqmask;

    if (!g_file_get_contents(path, &changeText, NULL, NULL))
        return -1;
    words = g_strsplit(g_strstrip(changeText), " ", -1);
    if (g_strv_length(words) != 2 ||
        testParseChange(words[0], "apmask", &apmask) < 0 ||
        testParseChange(words[1], "aqmask", &aqmask) < 0)
        return -1;
    g_file_get_contents(rulesPath, &rules, NULL, NULL);
    if (virAPUdevRuleUpdate(rules, name, &apmask, &aqmask, &updated, &error) < 0)
        out = g_strdup_printf("error: %s\n", error->message);
    else
        out = g_strdup(updated ? updated : "(removed)\n");
    return virTestCompareToFile(out, outpath);
}


static int
testTree(const void *data)
{
    const char *path = data;
    g_autofree char *base = g_strndup(path, strlen(path) - strlen(".root"));
    g_autofree char *outpath = g_strconcat(base, ".out", NULL);
    const char *root = path;
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    virAPBootMasks boot = { 0 };

    g_setenv("VIRT_AP_ROOT", root, TRUE);
    if (virAPBootReadMasks(&boot, &error) < 0)
        g_string_append_printf(out, "error: %s\n", error->message);
    else
        testBootFormat(out, &boot);
    virAPBootMasksClear(&boot);
    g_unsetenv("VIRT_AP_ROOT");
    return virTestCompareToFile(out->str, outpath);
}





static int
testCmdline(const void *data)
{
    const char *path = data;
    g_autofree char *outpath = virTestOutputPath(path);
    g_autofree char *cmdline = NULL;
    g_autofree char *root = g_dir_make_tmp("virapudevtest-XXXXXX", NULL);
    g_autofree char *proc = g_build_filename(root, "proc", NULL);
    g_autofree char *target = g_build_filename(proc, "cmdline", NULL);
    g_autofree char *ap = NULL;
    g_autofree char *aq = NULL;
    g_autofree char *values = NULL;
    g_autofree char *masks = NULL;
    int rc;

    if (!root || !g_file_get_contents(path, &cmdline, NULL, NULL))
        return -1;
    ap = virAPBootCmdlineValue(cmdline, "ap.apmask");
    aq = virAPBootCmdlineValue(cmdline, "ap.aqmask");
    values = g_strdup_printf("ap.apmask: %s%s%s\nap.aqmask: %s%s%s\n",
                             ap ? "\"" : "", ap ? ap : "(not set)", ap ? "\"" : "",
                             aq ? "\"" : "", aq ? aq : "(not set)", aq ? "\"" : "");
    g_mkdir(proc, 0755);
    g_file_set_contents(target, cmdline, -1, NULL);
    {
        g_autoptr(GString) out = g_string_new(values);
        g_autoptr(GError) error = NULL;
        virAPBootMasks boot = { 0 };

        g_setenv("VIRT_AP_ROOT", root, TRUE);
        if (virAPBootReadMasks(&boot, &error) < 0)
            g_string_append_printf(out, "error: %s\n", error->message);
        else
            testBootFormat(out, &boot);
        virAPBootMasksClear(&boot);
        g_unsetenv("VIRT_AP_ROOT");
        masks = g_string_free(g_steal_pointer(&out), FALSE);
    }
    rc = virTestCompareToFile(masks, outpath);
    unlink(target);
    g_rmdir(proc);
    g_rmdir(root);
    return rc;
}


int
main(void)
{
    virTestRunDataFile("virapudevdata", "apmask-only.rules", testRules);
    virTestRunDataFile("virapudevdata", "chzdev-fixture.rules", testRules);
    virTestRunDataFile("virapudevdata", "chzdev.rules", testRules);
    virTestRunDataFile("virapudevdata", "conditional.rules", testRules);
    virTestRunDataFile("virapudevdata", "continued.rules", testRules);
    virTestRunDataFile("virapudevdata", "crlf.rules", testRules);
    virTestRunDataFile("virapudevdata", "duplicate.rules", testRules);
    virTestRunDataFile("virapudevdata", "empty.rules", testRules);
    virTestRunDataFile("virapudevdata", "insert-aqmask.rules", testRules);
    virTestRunDataFile("virapudevdata", "match-not-assign.rules", testRules);
    virTestRunDataFile("virapudevdata", "no-kmod.rules", testRules);
    virTestRunDataFile("virapudevdata", "no-label.rules", testRules);
    virTestRunDataFile("virapudevdata", "outside.rules", testRules);
    virTestRunDataFile("virapudevdata", "remove-last.rules", testRules);
    virTestRunDataFile("virapudevdata", "short-and-edit.rules", testRules);
    virTestRunDataFile("virapudevdata", "spaced.rules", testRules);
    virTestRunDataFile("virapudevdata", "trailing-text.rules", testRules);
    virTestRunDataFile("virapudevdata", "unrelated.rules", testRules);
    virTestRunDataFile("virapudevdata", "apmask-only.change", testUpdate);
    virTestRunDataFile("virapudevdata", "chzdev-fixture.change", testUpdate);
    virTestRunDataFile("virapudevdata", "chzdev.change", testUpdate);
    virTestRunDataFile("virapudevdata", "conditional.change", testUpdate);
    virTestRunDataFile("virapudevdata", "continued.change", testUpdate);
    virTestRunDataFile("virapudevdata", "crlf.change", testUpdate);
    virTestRunDataFile("virapudevdata", "duplicate.change", testUpdate);
    virTestRunDataFile("virapudevdata", "insert-aqmask.change", testUpdate);
    virTestRunDataFile("virapudevdata", "new-file.change", testUpdate);
    virTestRunDataFile("virapudevdata", "no-kmod.change", testUpdate);
    virTestRunDataFile("virapudevdata", "no-label.change", testUpdate);
    virTestRunDataFile("virapudevdata", "nothing-no-file.change", testUpdate);
    virTestRunDataFile("virapudevdata", "outside.change", testUpdate);
    virTestRunDataFile("virapudevdata", "remove-last.change", testUpdate);
    virTestRunDataFile("virapudevdata", "spaced.change", testUpdate);
    virTestRunDataFile("virapudevdata", "unrelated.change", testUpdate);
    virTestRunDataFile("virapudevdata/trees", "absolute-link.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "cmdline-and-edit-rule.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "dangling-link.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "devnull-link.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "empty-file-masks.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "later-file-unconditional.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "lib-shadowed.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "lib-split-usr.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "order-across-dirs.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "relative-link.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "shadow-all-dirs.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "seqnum-set.root", testTree);
    virTestRunDataFile("virapudevdata/trees", "usec-unknown.root", testTree);
    virTestRunDataFile("virapudevdata/cmdline", "after-dashes.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "blanks.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "dash-in-name.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "dashes-with-value.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "empty-value.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "inner-quote.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "invalid-value.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "longest-taken.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "nbsp.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "no-equals-keeps.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "no-newline.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "none.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "octal-edit.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "overflow.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "quoted-blank.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "quoted-param.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "quoted-value.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "repeated.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "simple.cmdline", testCmdline);
    virTestRunDataFile("virapudevdata/cmdline", "too-long-keeps.cmdline", testCmdline);
    virTestCheckDataFilesRun("virapudevdata", ".rules");
    virTestCheckDataFilesRun("virapudevdata", ".change");
    virTestCheckDataFilesRun("virapudevdata/trees", ".root");
    virTestCheckDataFilesRun("virapudevdata/cmdline", ".cmdline");
    return virTestFinish();
}
