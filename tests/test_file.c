/*
 * test_file.c - what a file is called as a module: through the run's roots
 * (namespace packages, src/ layouts, pyproject-declared roots found by
 * af_discover_roots), else by its __init__.py packages; relative import
 * bases; absolute paths by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/discover.h"
#include "asyncfix/file.h"

#include "folders.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    test_put(root, rel, text);
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/af-file-XXXXXX");
    assert_non_null(mkdtemp(root));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* the module name of root/rel with the roots af_discover_roots finds for root/named */
static char *name_of(const char *named, const char *rel)
{
    struct af_strlist paths = { 0 }, roots = { 0 };
    char *p = af_asprintf("%s/%s", root, named), *file = af_asprintf("%s/%s", root, rel);
    af_strlist_add(&paths, p);
    af_discover_roots(&roots, &paths);
    char *name = af_module_name(file, &roots);
    af_strlist_dispose(&paths);
    af_strlist_dispose(&roots);
    free(p);
    free(file);
    return name;
}

static void check_name(const char *named, const char *rel, const char *want)
{
    char *name = name_of(named, rel);
    if (want)
        assert_string_equal(name, want);
    else
        assert_null(name);
    free(name);
}

static void test_file__absolute_paths_by_name(void **state)
{
    (void)state;
    struct af_buf out = AF_BUF_INIT;
    af_path_absolute(&out, "/a/./b//c/../d");
    assert_string_equal(out.ptr, "/a/b/d");
    af_path_absolute(&out, "/..");
    assert_string_equal(out.ptr, "/");
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    af_path_absolute(&out, "./x/../y.py");
    char *want = af_asprintf("%s/y.py", cwd);
    assert_string_equal(out.ptr, want);
    free(want);
    af_buf_dispose(&out);
}

static void test_file__namespace_packages_below_the_named_folder(void **state)
{
    (void)state;
    put("bot/main.py", "");
    put("bot/helpers/db.py", "");
    put("bot/helpers/deep/x.py", "");
    check_name("bot", "bot/helpers/db.py", "helpers.db");
    check_name("bot/main.py", "bot/helpers/deep/x.py", "helpers.deep.x");
    check_name("bot", "bot/main.py", "main");
}

static void test_file__a_named_package_is_named_from_above(void **state)
{
    (void)state;
    put("proj/pkg/__init__.py", "");
    put("proj/pkg/sub/__init__.py", "");
    put("proj/pkg/sub/mod.py", "");
    check_name("proj/pkg/sub", "proj/pkg/sub/mod.py", "pkg.sub.mod");
    check_name("proj/pkg/sub/mod.py", "proj/pkg/sub/__init__.py", "pkg.sub");
}

static void test_file__src_layout_and_pyproject_roots(void **state)
{
    (void)state;
    put("app/src/core/store.py", "");
    check_name("app", "app/src/core/store.py", "core.store");
    put("lib1/pyproject.toml", "[tool.setuptools.packages.find]\nwhere = [\"code\"]\n");
    put("lib1/code/svc/api.py", "");
    check_name("lib1", "lib1/code/svc/api.py", "svc.api");
    put("lib2/pyproject.toml", "[tool.setuptools]\npackage-dir = {\"\" = \"python\"}\n");
    put("lib2/python/m.py", "");
    check_name("lib2", "lib2/python/m.py", "m");
    put("lib3/pyproject.toml", "[tool.poetry]\npackages = [{include = \"w\", from = \"pkgs\"}]\n");
    put("lib3/pkgs/w/k.py", "");
    check_name("lib3", "lib3/pkgs/w/k.py", "w.k");
    put("lib4/pyproject.toml", "[tool.hatch.build.targets.wheel]\npackages = [\"srcdir/h\"]\n");
    put("lib4/srcdir/h/k.py", "");
    check_name("lib4", "lib4/srcdir/h/k.py", "h.k");
    /* a pyproject that does not parse declares nothing: the folder named is the root */
    put("lib5/pyproject.toml", "[tool.setuptools\nwhere = \n");
    put("lib5/code/k.py", "");
    check_name("lib5", "lib5/code/k.py", "code.k");
}

static void test_file__a_part_that_is_no_identifier_falls_back_to_packages(void **state)
{
    (void)state;
    put("tools/my-scripts/run.py", "");
    check_name("tools", "tools/my-scripts/run.py", "run");
    put("tools/pkg.d/__init__.py", "");
    put("tools/pkg.d/m.py", "");
    check_name("tools", "tools/pkg.d/m.py", "pkg.d.m");
}

static void test_file__relative_import_bases(void **state)
{
    (void)state;
    char *b = af_module_relative_base("pkg.sub.mod", false, 1);
    assert_string_equal(b, "pkg.sub");
    free(b);
    b = af_module_relative_base("pkg.sub.mod", false, 2);
    assert_string_equal(b, "pkg");
    free(b);
    b = af_module_relative_base("pkg.sub", true, 1);
    assert_string_equal(b, "pkg.sub");
    free(b);
    assert_null(af_module_relative_base("mod", false, 1));
    assert_null(af_module_relative_base(NULL, false, 1));
    assert_true(af_path_is_package_init("a/b/__init__.py"));
    assert_true(af_path_is_package_init("__init__.pyi"));
    assert_false(af_path_is_package_init("a/init.py"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file__absolute_paths_by_name),
        cmocka_unit_test_setup_teardown(test_file__namespace_packages_below_the_named_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file__a_named_package_is_named_from_above, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file__src_layout_and_pyproject_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file__a_part_that_is_no_identifier_falls_back_to_packages, setup,
                                        teardown),
        cmocka_unit_test(test_file__relative_import_bases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
