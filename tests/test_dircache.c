/*
 * test_dircache.c - the folder listings pass 1 answers its module probes
 * from: every answer is the one stat() gives (symbolic links to files and
 * to folders, dangling links, FIFOs, namespace folders, case, roots given
 * as relative paths, ".", or links), the look below an absent entry costs
 * no system call, and a folder that cannot be listed falls back to stat().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/common.h"
#include "asyncfix/dircache.h"

#include "folders.h"

static char root[64];

static void put(const char *rel)
{
    test_put(root, rel, "");
}

static void link_at(const char *target, const char *rel)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    assert_int_equal(symlink(target, path), 0);
}

/*
 * root/
 *   pkg/__init__.py pkg/mod.py pkg/stub.pyi pkg/Case.py
 *   pkg/ns/inner.py           a folder without __init__.py
 *   pkg/to_mod.py -> mod.py   a link to a file
 *   pkg/to_dir.py -> ns       a link to a folder named like a module
 *   pkg/dangling.py -> gone.py
 *   pkg/fifo.py               a FIFO
 *   pkg/plain.py              a file, asked as a folder too (pkg/plain.py/x.py)
 *   via -> pkg                a link to a folder, as a part of the path
 *   loop -> loop              a link to itself
 */
static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/af-dircache-XXXXXX");
    assert_non_null(mkdtemp(root));
    put("pkg/__init__.py");
    put("pkg/mod.py");
    put("pkg/stub.pyi");
    put("pkg/Case.py");
    put("pkg/plain.py");
    put("pkg/ns/inner.py");
    link_at("mod.py", "pkg/to_mod.py");
    link_at("ns", "pkg/to_dir.py");
    link_at("gone.py", "pkg/dangling.py");
    link_at("pkg", "via");
    link_at("loop", "loop");
    char fifo[128];
    snprintf(fifo, sizeof(fifo), "%s/pkg/fifo.py", root);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s'; rm -rf '%s'", root, root);
    return system(cmd) == 0 ? 0 : -1;
}

static bool stat_says(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* the cache's answer for TOP/rel (asked twice: listed, then from the listing) is `want` and stat()'s */
static void probe(struct af_dircache *c, const char *top, const char *rel, bool want)
{
    char *path = af_asprintf("%s/%s", top, rel);
    bool first = af_dircache_is_file(c, path, strlen(top));
    bool again = af_dircache_is_file(c, path, strlen(top));
    if (first != want || again != want || stat_says(path) != want)
        fail_msg("%s: cache says %d then %d, stat says %d, expected %d", path, first, again, stat_says(path), want);
    free(path);
}

static void test_dircache__answers_as_stat(void **state)
{
    (void)state;
    struct af_dircache *c = af_dircache_new();
    probe(c, root, "pkg/mod.py", true);
    probe(c, root, "pkg/__init__.py", true);
    probe(c, root, "pkg/__init__.pyi", false);
    probe(c, root, "pkg/stub.py", false);            /* a .pyi-only module */
    probe(c, root, "pkg/stub.pyi", true);
    probe(c, root, "pkg/ns.py", false);              /* a namespace folder is no file */
    probe(c, root, "pkg/ns/__init__.py", false);
    probe(c, root, "pkg/ns/inner.py", true);
    probe(c, root, "pkg/to_mod.py", true);           /* a link to a file */
    probe(c, root, "pkg/to_dir.py", false);          /* a link to a folder */
    probe(c, root, "pkg/to_dir.py/inner.py", true);  /* ... which is a folder below */
    probe(c, root, "pkg/dangling.py", false);
    probe(c, root, "pkg/fifo.py", false);
    probe(c, root, "pkg/fifo.py/x.py", false);
    probe(c, root, "pkg/case.py", false);            /* bytes, not case-folded */
    probe(c, root, "pkg/Case.py", true);
    probe(c, root, "pkg/CASE.py", false);
    probe(c, root, "pkg/plain.py/x.py", false);      /* a file as a folder */
    probe(c, root, "pkg/plain/x.py", false);
    probe(c, root, "via/mod.py", true);              /* a link to a folder as a part */
    probe(c, root, "via/ns/inner.py", true);
    probe(c, root, "via/nothing.py", false);
    probe(c, root, "loop/x.py", false);              /* a loop of links */
    probe(c, root, "pkg", false);                    /* a folder */
    probe(c, root, "nothing/at/all.py", false);
    af_dircache_free(c);
}

static void test_dircache__odd_paths_as_stat(void **state)
{
    (void)state;
    struct af_dircache *c = af_dircache_new();
    probe(c, root, "pkg//mod.py", true);             /* an empty part */
    probe(c, root, "/pkg/mod.py", true);
    probe(c, root, "pkg/../pkg/mod.py", true);       /* ".." and "." go to stat() */
    probe(c, root, "pkg/./mod.py", true);
    probe(c, root, "via/../pkg/mod.py", true);
    probe(c, root, "pkg/ns/../mod.py", true);
    probe(c, root, "pkg/mod.py/", false);            /* a trailing slash */
    probe(c, root, "pkg/.py", false);                /* a module name ending in a dot */
    probe(c, root, "pkg/...py", false);
    /* the whole path as ROOT/REL with ROOT empty ("/tmp/..."): stat() */
    char *path = af_asprintf("%s/pkg/mod.py", root);
    assert_true(af_dircache_is_file(c, path, 0));
    free(path);
    af_dircache_free(c);
}

static void test_dircache__roots_relative_dot_and_linked(void **state)
{
    (void)state;
    char cwd[PATH_MAX], *linked = af_asprintf("%s-link", root);
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(symlink(root, linked), 0);
    struct af_dircache *c = af_dircache_new();
    probe(c, linked, "pkg/mod.py", true);            /* the root is a link */
    probe(c, linked, "pkg/nothing.py", false);
    assert_int_equal(chdir(root), 0);
    probe(c, ".", "pkg/mod.py", true);
    probe(c, ".", "pkg/gone.py", false);
    probe(c, "pkg", "mod.py", true);                 /* relative */
    probe(c, "pkg", "ns.py", false);
    probe(c, "./pkg/", "mod.py", true);
    probe(c, "via", "to_mod.py", true);
    probe(c, "nothing", "mod.py", false);            /* a root that does not exist */
    probe(c, "pkg/mod.py", "x.py", false);           /* a root that is a file */
    assert_int_equal(chdir(cwd), 0);
    af_dircache_free(c);
    unlink(linked);
    free(linked);
}

/* below a name its folder does not list, nothing is asked of the kernel */
static void test_dircache__absent_parts_cost_nothing(void **state)
{
    (void)state;
    struct af_dircache *c = af_dircache_new();
    size_t stats, opens;
    probe(c, root, "pkg/mod.py", true);
    af_dircache_counts(c, &stats, &opens);
    assert_int_equal(opens, 2);                      /* root and pkg, once */
    assert_int_equal(stats, 2);                      /* the hit, asked twice: stat() says yes */
    probe(c, root, "pkg/Client/get.py", false);
    probe(c, root, "pkg/Client/get/__init__.pyi", false);
    probe(c, root, "Other/a/b/c.py", false);
    probe(c, root, "pkg/plain.py/x.py", false);      /* a regular file as a part: no opendir */
    probe(c, root, "pkg/fifo.py", false);            /* a FIFO: its type says */
    probe(c, root, "pkg/ns.py", false);
    size_t stats2, opens2;
    af_dircache_counts(c, &stats2, &opens2);
    assert_int_equal(stats2, stats);
    assert_int_equal(opens2, opens);
    af_dircache_free(c);
}

/*
 * A folder that cannot be listed for another reason than ENOENT/ENOTDIR:
 * stat() of each path below it. Out of file descriptors (EMFILE) works as
 * root too, where permissions do not stop opendir.
 */
static void test_dircache__unlistable_folder_falls_back_to_stat(void **state)
{
    (void)state;
    struct rlimit old, none;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    struct af_dircache *c = af_dircache_new();
    probe(c, root, "pkg/mod.py", true);              /* root and pkg listed */
    none = old;
    none.rlim_cur = 0;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &none), 0);
    /* pkg/ns and via cannot be opened now: their answers come from stat() */
    char *a = af_asprintf("%s/pkg/ns/inner.py", root), *b = af_asprintf("%s/via/mod.py", root),
         *d = af_asprintf("%s/pkg/ns/gone.py", root);
    size_t rl = strlen(root), stats, opens;
    bool ra = af_dircache_is_file(c, a, rl), rb = af_dircache_is_file(c, b, rl), rd = af_dircache_is_file(c, d, rl);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_true(ra);
    assert_true(rb);
    assert_false(rd);
    af_dircache_counts(c, &stats, &opens);
    assert_int_equal(opens, 4);                      /* root, pkg, then pkg/ns and via failed */
    /* still unlisted: stat() again, no opendir */
    assert_true(af_dircache_is_file(c, a, rl));
    af_dircache_counts(c, &stats, &opens);
    assert_int_equal(opens, 4);
    free(a);
    free(b);
    free(d);
    af_dircache_free(c);
}

/* a root that cannot be listed */
static void test_dircache__unlistable_root_falls_back_to_stat(void **state)
{
    (void)state;
    struct rlimit old, none;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    struct af_dircache *c = af_dircache_new();
    none = old;
    none.rlim_cur = 0;
    char *a = af_asprintf("%s/pkg/mod.py", root), *b = af_asprintf("%s/pkg/gone.py", root);
    size_t rl = strlen(root);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &none), 0);
    bool ra = af_dircache_is_file(c, a, rl), rb = af_dircache_is_file(c, b, rl);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_true(ra);
    assert_false(rb);
    free(a);
    free(b);
    af_dircache_free(c);
}

/*
 * Permissions (not as root, where they do not stop opendir or stat): a
 * folder searchable but not readable (0111) falls back to stat(); a folder
 * readable but not searchable (0644) lists names whose stat() fails.
 */
static void test_dircache__permissions_as_stat(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip();
    put("locked/open/mod.py");
    put("shut/mod.py");
    char *locked = af_asprintf("%s/locked", root), *shut = af_asprintf("%s/shut", root);
    assert_int_equal(chmod(locked, 0111), 0);
    assert_int_equal(chmod(shut, 0644), 0);
    struct af_dircache *c = af_dircache_new();
    probe(c, root, "locked/open/mod.py", true);
    probe(c, root, "locked/gone.py", false);
    probe(c, root, "shut/mod.py", false);
    probe(c, root, "shut/gone.py", false);
    af_dircache_free(c);
    chmod(locked, 0755);
    chmod(shut, 0755);
    free(locked);
    free(shut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dircache__answers_as_stat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dircache__odd_paths_as_stat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dircache__roots_relative_dot_and_linked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dircache__absent_parts_cost_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dircache__unlistable_folder_falls_back_to_stat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dircache__unlistable_root_falls_back_to_stat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dircache__permissions_as_stat, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
