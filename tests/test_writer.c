/*
 * test_writer.c - src/writer.c: atomic replace keeping the mode, refusing
 * files changed on disk or read-only, leaving no temp file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/writer.h"

struct fixture {
    char dir[64];
    char *path;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    strcpy(f->dir, "/tmp/af-writer-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->path = af_asprintf("%s/app.py", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char *cmd = af_asprintf("rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(cmd);
    free(f->path);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(path, mode), 0);
}

static void assert_contents(const char *path, const char *want)
{
    struct af_source now;
    assert_int_equal(af_source_load(&now, path), 0);
    assert_int_equal(now.len, strlen(want));
    assert_memory_equal(now.data, want, now.len);
    af_source_dispose(&now);
}

/* the number of entries in `dir` besides . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_writer__replaces_and_keeps_mode(void **state)
{
    struct fixture *f = *state;
    write_file(f->path, "old\n", 0755);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "new text\n", 9), 0);
    assert_contents(f->path, "new text\n");
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0755);
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);

    write_file(f->path, "old\n", 0640);
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "x\n", 2), 0);
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    af_source_dispose(&src);
}

static void test_writer__refuses_file_changed_on_disk(void **state)
{
    struct fixture *f = *state;
    write_file(f->path, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    write_file(f->path, "edited meanwhile\n", 0644);
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), AF_ECHANGED);
    assert_contents(f->path, "edited meanwhile\n");
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);

    /* same length, other bytes */
    write_file(f->path, "aaaa\n", 0644);
    assert_int_equal(af_source_load(&src, f->path), 0);
    write_file(f->path, "bbbb\n", 0644);
    assert_int_equal(af_writer_replace(&src, "cccc\n", 5), AF_ECHANGED);
    assert_contents(f->path, "bbbb\n");
    af_source_dispose(&src);

    /* removed meanwhile: not recreated */
    write_file(f->path, "aaaa\n", 0644);
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(unlink(f->path), 0);
    assert_true(af_writer_replace(&src, "cccc\n", 5) < 0);
    assert_int_equal(access(f->path, F_OK), -1);
    assert_int_equal(entries(f->dir), 0);
    af_source_dispose(&src);
}

static void test_writer__refuses_read_only_file(void **state)
{
    struct fixture *f = *state;
    /* also when running as root, for whom access(W_OK) ignores the mode */
    write_file(f->path, "read only\n", 0444);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_true(af_writer_replace(&src, "fixed\n", 6) < 0);
    assert_non_null(strstr(af_error_last(), "read-only"));
    assert_contents(f->path, "read only\n");
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0444);
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);

    /* made read-only after it was read */
    write_file(f->path, "writable\n", 0644);
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(chmod(f->path, 0444), 0);
    assert_true(af_writer_replace(&src, "fixed\n", 6) < 0);
    assert_contents(f->path, "writable\n");
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);
}

static void test_writer__writes_through_a_symlink(void **state)
{
    struct fixture *f = *state;
    write_file(f->path, "old\n", 0644);
    char *link = af_asprintf("%s/link.py", f->dir);
    assert_int_equal(symlink("app.py", link), 0);
    struct af_source src;
    assert_int_equal(af_source_load(&src, link), 0);
    assert_int_equal(af_writer_replace(&src, "new\n", 4), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_contents(f->path, "new\n");
    assert_int_equal(entries(f->dir), 2);
    af_source_dispose(&src);
    free(link);
}

static void test_writer__empty_result(void **state)
{
    struct fixture *f = *state;
    write_file(f->path, "x = 1\n", 0600);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "", 0), 0);
    assert_contents(f->path, "");
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_writer__replaces_and_keeps_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__refuses_file_changed_on_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__refuses_read_only_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__writes_through_a_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__empty_result, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
