/*
 * test_diff.c - src/diff.c: the patch has a/ b/ prefixes and both
 * `git apply` and `patch -p1` accept it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/diff.h"

static const char old_text[] =
    "import time\n"
    "\n"
    "\n"
    "async def main():\n"
    "    time.sleep(1)\n"
    "    print('done')\n";
static const char new_text[] =
    "import time\n"
    "import asyncio\n"
    "\n"
    "\n"
    "async def main():\n"
    "    await asyncio.sleep(1)\n"
    "    print('done')\n";

static int setup(void **state)
{
    (void)state;
    git_libgit2_init();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    git_libgit2_shutdown();
    return 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct af_buf buf = AF_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        af_buf_put(&buf, chunk, n);
    fclose(f);
    *len = buf.size;
    return buf.ptr ? af_buf_detach(&buf) : af_strdup("");
}

/* runs `cmd` in `dir`; its exit status */
static int run_in(const char *dir, const char *cmd)
{
    char *full = af_asprintf("cd '%s' && %s >/dev/null 2>&1", dir, cmd);
    int rc = system(full);
    free(full);
    return rc;
}

/* a temp dir holding `rel` with `old`, and the patch from old to new at patch.diff */
static char *make_tree(const char *rel, const char *old, size_t old_len, const char *new_t, size_t new_len,
                       struct af_buf *patch)
{
    char tmpl[] = "/tmp/af-diff-XXXXXX";
    char *dir = af_strdup(mkdtemp(tmpl));
    char *sub = af_asprintf("%s/pkg", dir);
    mkdir(sub, 0755);
    free(sub);
    char *path = af_asprintf("%s/%s", dir, rel);
    write_file(path, old, old_len);
    free(path);
    assert_int_equal(af_diff_patch(patch, rel, old, old_len, new_t, new_len), 0);
    char *pp = af_asprintf("%s/patch.diff", dir);
    write_file(pp, patch->ptr, patch->size);
    free(pp);
    return dir;
}

static void remove_tree(const char *dir)
{
    char *cmd = af_asprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void assert_file(const char *dir, const char *rel, const char *want, size_t want_len)
{
    char *path = af_asprintf("%s/%s", dir, rel);
    size_t len;
    char *got = read_file(path, &len);
    assert_int_equal(len, want_len);
    assert_memory_equal(got, want, len);
    free(got);
    free(path);
}

static void test_diff__prefixes(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    assert_int_equal(af_diff_patch(&patch, "./pkg/app.py", old_text, strlen(old_text), new_text,
                                   strlen(new_text)), 0);
    const char *p = af_buf_cstr(&patch);
    assert_non_null(strstr(p, "--- a/pkg/app.py\n"));
    assert_non_null(strstr(p, "+++ b/pkg/app.py\n"));
    assert_non_null(strstr(p, "\n+import asyncio\n"));
    assert_non_null(strstr(p, "\n-    time.sleep(1)\n+    await asyncio.sleep(1)\n"));
    assert_null(strstr(p, "./"));
    assert_string_equal(af_diff_path("./././x.py"), "x.py");
    assert_string_equal(af_diff_path("x/./y.py"), "x/./y.py");
    af_buf_dispose(&patch);
}

static void test_diff__appends(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    af_buf_puts(&patch, "HEAD\n");
    assert_int_equal(af_diff_patch(&patch, "a.py", "x\n", 2, "y\n", 2), 0);
    assert_true(strncmp(patch.ptr, "HEAD\ndiff --git a/a.py b/a.py\n", 30) == 0);
    af_buf_dispose(&patch);
}

static void test_diff__git_apply_accepts(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    char *dir = make_tree("pkg/app.py", old_text, strlen(old_text), new_text, strlen(new_text), &patch);
    assert_int_equal(run_in(dir, "git apply --check patch.diff"), 0);
    assert_int_equal(run_in(dir, "git apply patch.diff"), 0);
    assert_file(dir, "pkg/app.py", new_text, strlen(new_text));
    remove_tree(dir);
    free(dir);
    af_buf_dispose(&patch);
}

static void test_diff__patch_p1_accepts(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    char *dir = make_tree("pkg/app.py", old_text, strlen(old_text), new_text, strlen(new_text), &patch);
    assert_int_equal(run_in(dir, "patch -p1 --dry-run < patch.diff"), 0);
    assert_int_equal(run_in(dir, "patch -p1 < patch.diff"), 0);
    assert_file(dir, "pkg/app.py", new_text, strlen(new_text));
    remove_tree(dir);
    free(dir);
    af_buf_dispose(&patch);
}

static void test_diff__crlf_bom_and_no_final_newline(void **state)
{
    (void)state;
    static const char o[] = "\xEF\xBB\xBFimport time\r\nasync def f():\r\n    time.sleep(1)";
    static const char n[] = "\xEF\xBB\xBFimport time\r\nimport asyncio\r\nasync def f():\r\n    await asyncio.sleep(1)";
    struct af_buf patch = AF_BUF_INIT;
    char *dir = make_tree("pkg/app.py", o, sizeof(o) - 1, n, sizeof(n) - 1, &patch);
    assert_non_null(strstr(patch.ptr, "\\ No newline at end of file"));
    assert_int_equal(run_in(dir, "git apply --check patch.diff"), 0);
    assert_int_equal(run_in(dir, "patch -p1 --dry-run < patch.diff"), 0);
    assert_int_equal(run_in(dir, "git apply patch.diff"), 0);
    assert_file(dir, "pkg/app.py", n, sizeof(n) - 1);
    remove_tree(dir);
    free(dir);
    af_buf_dispose(&patch);
}

static void test_diff__path_with_spaces(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    char *dir = make_tree("pkg/my app.py", old_text, strlen(old_text), new_text, strlen(new_text), &patch);
    assert_int_equal(run_in(dir, "git apply --check patch.diff"), 0);
    assert_int_equal(run_in(dir, "patch -p1 --dry-run < patch.diff"), 0);
    remove_tree(dir);
    free(dir);
    af_buf_dispose(&patch);
}

static void test_diff__non_ascii_path(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    char *dir = make_tree("pkg/caf\xC3\xA9.py", old_text, strlen(old_text), new_text, strlen(new_text), &patch);
    assert_int_equal(run_in(dir, "git apply --check patch.diff"), 0);
    assert_int_equal(run_in(dir, "patch -p1 --dry-run < patch.diff"), 0);
    remove_tree(dir);
    free(dir);
    af_buf_dispose(&patch);
}

static void test_diff__identical_is_empty(void **state)
{
    (void)state;
    struct af_buf patch = AF_BUF_INIT;
    assert_int_equal(af_diff_patch(&patch, "a.py", old_text, strlen(old_text), old_text, strlen(old_text)), 0);
    assert_int_equal(patch.size, 0);
    af_buf_dispose(&patch);
}


/* applies the hunks of (old, to) to old, from the last to the first, and compares with to */
static void check_hunks(const char *old, const char *to, size_t want_hunks)
{
    struct af_diff_hunk *h;
    size_t n;
    size_t olen = strlen(old), nlen = strlen(to);
    assert_int_equal(af_diff_hunks(&h, &n, old, olen, to, nlen), 0);
    assert_int_equal(n, want_hunks);
    struct af_buf b = AF_BUF_INIT;
    af_buf_put(&b, old, olen);
    for (size_t i = n; i-- > 0;) {
        assert_true(h[i].old_start <= h[i].old_end && h[i].old_end <= olen);
        assert_true(h[i].new_start <= h[i].new_end && h[i].new_end <= nlen);
        struct af_buf next = AF_BUF_INIT;
        af_buf_put(&next, b.ptr, h[i].old_start);
        af_buf_put(&next, to + h[i].new_start, h[i].new_end - h[i].new_start);
        af_buf_put(&next, b.ptr + h[i].old_end, b.size - h[i].old_end);
        af_buf_dispose(&b);
        b = next;
    }
    assert_int_equal(b.size, nlen);
    assert_memory_equal(af_buf_cstr(&b), to, nlen);
    af_buf_dispose(&b);
    free(h);
}

static void test_diff__hunks_rebuild_the_new_text(void **state)
{
    (void)state;
    check_hunks(old_text, new_text, 2);
    check_hunks("a\nb\nc\n", "a\nb\nc\n", 0);
    /* inserted at the top, removed at the end, no final newline on either side */
    check_hunks("x\ny\nz", "new\nx\ny", 2);
    check_hunks("x\ny", "x\ny\n", 1);
    check_hunks("", "a\n", 1);
    check_hunks("a\n", "", 1);
    check_hunks("a\r\nb\r\n", "a\r\nB\r\n", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff__prefixes),
        cmocka_unit_test(test_diff__appends),
        cmocka_unit_test(test_diff__git_apply_accepts),
        cmocka_unit_test(test_diff__patch_p1_accepts),
        cmocka_unit_test(test_diff__crlf_bom_and_no_final_newline),
        cmocka_unit_test(test_diff__path_with_spaces),
        cmocka_unit_test(test_diff__non_ascii_path),
        cmocka_unit_test(test_diff__identical_is_empty),
        cmocka_unit_test(test_diff__hunks_rebuild_the_new_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
