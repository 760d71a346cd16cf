/*
 * test_writer.c - src/writer.c: atomic replace keeping owner and mode
 * (setuid/setgid included), refusing files changed on disk or read-only,
 * races made deterministic by the writer's test hook (an edit or a
 * replacement right before the exchange, a folder swapped for a symbolic
 * link), runs killed while writing, and the paths taken on file systems
 * without O_TMPFILE or RENAME_EXCHANGE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <grp.h>
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
    af_writer__test.hook = NULL;
    af_writer__test.stale_seconds = 60;
    af_writer__test.no_tmpfile = af_writer__test.no_exchange = false;
    af_writer__forget_swept();
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

/* ---- races made deterministic: the hook acts right before the exchange ---- */

static const char *race_path;
static enum { RACE_EDIT_IN_PLACE, RACE_REPLACE, RACE_SWAP_FOLDER } race_kind;
static enum af_writer_point race_point;

static void race(enum af_writer_point point, const char *dir, const char *temp_name)
{
    (void)temp_name;
    if (point != race_point)
        return;
    if (race_kind == RACE_EDIT_IN_PLACE) {
        /* an editor writing into the same inode */
        int fd = open(race_path, O_WRONLY | O_TRUNC);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, "edited\n", 7), 7);
        close(fd);
    } else if (race_kind == RACE_REPLACE) {
        /* an editor saving atomically: a new inode renamed over the file */
        char *other = af_asprintf("%s.new", race_path);
        write_file(other, "saved by an editor\n", 0644);
        assert_int_equal(rename(other, race_path), 0);
        free(other);
    } else {
        /* the folder moved away and a symbolic link to elsewhere put in its place */
        char *moved = af_asprintf("%s.moved", dir);
        char *outside = af_asprintf("%s.outside", dir);
        assert_int_equal(rename(dir, moved), 0);
        assert_int_equal(symlink(outside, dir), 0);
        free(moved);
        free(outside);
    }
}

static void test_writer__edit_in_place_before_the_exchange_is_kept(void **state)
{
    struct fixture *f = *state;
    write_file(f->path, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    race_path = f->path;
    race_kind = RACE_EDIT_IN_PLACE;
    race_point = AF_WRITER_BEFORE_EXCHANGE;
    af_writer__test.hook = race;
    /* the exchanged-out file holds other bytes: swapped back, nothing lost */
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), AF_ECHANGED);
    assert_contents(f->path, "edited\n");
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);
}

static void test_writer__replacement_before_the_exchange_is_kept(void **state)
{
    struct fixture *f = *state;
    write_file(f->path, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    race_path = f->path;
    race_kind = RACE_REPLACE;
    race_point = AF_WRITER_BEFORE_EXCHANGE;
    af_writer__test.hook = race;
    /* the exchanged-out file is another inode (with the bytes read or not): swapped back */
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), AF_ECHANGED);
    assert_contents(f->path, "saved by an editor\n");
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);
}

static void test_writer__without_exchange_the_last_look_still_refuses(void **state)
{
    struct fixture *f = *state;
    af_writer__test.no_exchange = true;
    af_writer__test.no_tmpfile = true;
    write_file(f->path, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    /* an edit while the temp file was written: the last look sees it */
    race_path = f->path;
    race_kind = RACE_EDIT_IN_PLACE;
    race_point = AF_WRITER_TEMP_NAMED;
    af_writer__test.hook = race;
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), AF_ECHANGED);
    assert_contents(f->path, "edited\n");
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);
    /* and without a race the plain rename writes, mode kept */
    af_writer__test.hook = NULL;
    write_file(f->path, "as read\n", 0750);
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), 0);
    assert_contents(f->path, "fixed\n");
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0750);
    assert_int_equal(entries(f->dir), 1);
    af_source_dispose(&src);
}

static void test_writer__folder_swapped_for_a_symlink_before_the_write(void **state)
{
    struct fixture *f = *state;
    char *sub = af_asprintf("%s/pkg", f->dir), *file = af_asprintf("%s/pkg/mod.py", f->dir);
    char *moved = af_asprintf("%s/pkg.moved", f->dir), *outside = af_asprintf("%s/outside", f->dir);
    char *outside_file = af_asprintf("%s/outside/mod.py", f->dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(outside, 0755), 0);
    write_file(file, "as read\n", 0644);
    write_file(outside_file, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, file), 0);
    /* after the read: pkg/ moved away, pkg -> outside/ (same name, same bytes there) */
    assert_int_equal(rename(sub, moved), 0);
    assert_int_equal(symlink("outside", sub), 0);
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), AF_ECHANGED);
    assert_non_null(strstr(af_error_last(), "folder"));
    assert_contents(outside_file, "as read\n");
    assert_int_equal(entries(outside), 1);
    af_source_dispose(&src);
    free(sub), free(file), free(moved), free(outside), free(outside_file);
}

static void test_writer__folder_swapped_during_the_write_lands_where_read(void **state)
{
    struct fixture *f = *state;
    char *sub = af_asprintf("%s/pkg", f->dir), *file = af_asprintf("%s/pkg/mod.py", f->dir);
    char *moved = af_asprintf("%s/pkg.moved/mod.py", f->dir), *outside = af_asprintf("%s/pkg.outside", f->dir);
    char *outside_file = af_asprintf("%s/pkg.outside/mod.py", f->dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(outside, 0755), 0);
    write_file(file, "as read\n", 0644);
    write_file(outside_file, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, file), 0);
    /* once the folder is open, its path no longer matters: the write goes into the folder read */
    race_kind = RACE_SWAP_FOLDER;
    race_point = AF_WRITER_TEMP_WRITTEN;
    af_writer__test.hook = race;
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), 0);
    assert_contents(moved, "fixed\n");
    assert_contents(outside_file, "as read\n");
    assert_int_equal(entries(outside), 1);
    af_source_dispose(&src);
    free(sub), free(file), free(moved), free(outside), free(outside_file);
}

static void test_writer__file_swapped_for_a_symlink(void **state)
{
    struct fixture *f = *state;
    char *outside = af_asprintf("%s/outside.py", f->dir);
    write_file(f->path, "as read\n", 0644);
    write_file(outside, "as read\n", 0644);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(unlink(f->path), 0);
    assert_int_equal(symlink("outside.py", f->path), 0);
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), AF_ECHANGED);
    assert_contents(outside, "as read\n");
    struct stat st;
    assert_int_equal(lstat(f->path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(entries(f->dir), 2);
    af_source_dispose(&src);
    free(outside);
}

/* ---- owner and mode ---- */

static void test_writer__keeps_owner_and_setuid_setgid(void **state)
{
    struct fixture *f = *state;
    if (geteuid() != 0)
        skip();
    write_file(f->path, "old\n", 0644);
    assert_int_equal(chown(f->path, 65534, 65534), 0);
    assert_int_equal(chmod(f->path, 06755), 0);
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "new\n", 4), 0);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_uid, 65534);
    assert_int_equal(st.st_gid, 65534);
    assert_int_equal(st.st_mode & 07777, 06755);
    assert_contents(f->path, "new\n");
    af_source_dispose(&src);
}

/* runs `fn` in a child as nobody (65534); its exit status */
static int as_nobody(int (*fn)(struct fixture *), struct fixture *f)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
            _exit(90);
        _exit(fn(f));
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static int nobody_writes(struct fixture *f)
{
    struct af_source src;
    if (af_source_load(&src, f->path) < 0)
        return 91;
    int rc = af_writer_replace(&src, "new\n", 4);
    af_source_dispose(&src);
    return rc == 0 ? 0 : rc == AF_ECHANGED ? 2 : strstr(af_error_last(), "setuid") ? 3 :
           strstr(af_error_last(), "read-only") ? 4 : 1;
}

static void test_writer__as_nobody(void **state)
{
    struct fixture *f = *state;
    if (geteuid() != 0)
        skip();
    assert_int_equal(chmod(f->dir, 0777), 0);
    /* root's setuid file, writable by all: nobody cannot keep the owner, refused */
    write_file(f->path, "old\n", 0666);
    assert_int_equal(chmod(f->path, 04777), 0);
    assert_int_equal(as_nobody(nobody_writes, f), 3);
    assert_contents(f->path, "old\n");
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_uid, 0);
    assert_int_equal(st.st_mode & 07777, 04777);
    assert_int_equal(entries(f->dir), 1);
    /* root's file that nobody may not write: read-only for nobody */
    write_file(f->path, "old\n", 0644);
    assert_int_equal(as_nobody(nobody_writes, f), 4);
    assert_contents(f->path, "old\n");
    /* nobody's own setgid file: owner and bits kept */
    write_file(f->path, "old\n", 0644);
    assert_int_equal(chown(f->path, 65534, 65534), 0);
    assert_int_equal(chmod(f->path, 02755), 0);
    assert_int_equal(as_nobody(nobody_writes, f), 0);
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_uid, 65534);
    assert_int_equal(st.st_gid, 65534);
    assert_int_equal(st.st_mode & 07777, 02755);
    assert_contents(f->path, "new\n");
    assert_int_equal(entries(f->dir), 1);
}

/* ---- a run killed while writing ---- */

static enum af_writer_point kill_point;

static void kill_here(enum af_writer_point point, const char *dir, const char *temp_name)
{
    (void)dir;
    (void)temp_name;
    if (point == kill_point)
        raise(SIGKILL);
}

static void killed_write(struct fixture *f, enum af_writer_point point)
{
    write_file(f->path, "old\n", 0644);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct af_source src;
        if (af_source_load(&src, f->path) < 0)
            _exit(91);
        kill_point = point;
        af_writer__test.hook = kill_here;
        af_writer_replace(&src, "new and much longer\n", 20);
        _exit(92);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_contents(f->path, "old\n");
}

static void test_writer__killed_while_writing_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    killed_write(f, AF_WRITER_TEMP_WRITTEN);
    /* the complete temp file was unnamed: nothing to clean */
    assert_int_equal(entries(f->dir), 1);
}

static void test_writer__a_killed_runs_temp_file_is_removed_by_the_next(void **state)
{
    struct fixture *f = *state;
    killed_write(f, AF_WRITER_TEMP_NAMED);
    assert_int_equal(entries(f->dir), 2);
    /* not ours: a symbolic link and other names with the prefix stay */
    char *link = af_asprintf("%s/.asyncfix-zzzzzz", f->dir), *other = af_asprintf("%s/.asyncfix-notes", f->dir);
    assert_int_equal(symlink("app.py", link), 0);
    write_file(other, "mine\n", 0644);
    /* a recent one is left alone (it may be a running writer's) */
    struct af_source src;
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "fixed\n", 6), 0);
    assert_int_equal(entries(f->dir), 4);
    af_source_dispose(&src);
    /* once it is old enough, the next write in the folder removes it */
    af_writer__test.stale_seconds = 0;
    af_writer__forget_swept();
    assert_int_equal(af_source_load(&src, f->path), 0);
    assert_int_equal(af_writer_replace(&src, "fixed again\n", 12), 0);
    assert_contents(f->path, "fixed again\n");
    assert_int_equal(entries(f->dir), 3);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_int_equal(lstat(other, &st), 0);
    af_source_dispose(&src);
    free(link);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_writer__replaces_and_keeps_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__refuses_file_changed_on_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__refuses_read_only_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__writes_through_a_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__empty_result, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__edit_in_place_before_the_exchange_is_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__replacement_before_the_exchange_is_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__without_exchange_the_last_look_still_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__folder_swapped_for_a_symlink_before_the_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__folder_swapped_during_the_write_lands_where_read, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_writer__file_swapped_for_a_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__keeps_owner_and_setuid_setgid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__as_nobody, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__killed_while_writing_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer__a_killed_runs_temp_file_is_removed_by_the_next, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
