/*
 * test_index.c - the project index: what pass 1 records from a package on
 * disk, and af_project_mentioned.
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

#include "asyncfix/index.h"
#include "asyncfix/lang.h"
#include "asyncfix/options.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/af-index-XXXXXX");
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

/* builds the index over the given files (relative to root) */
static struct af_project *build(const char *const *rel, size_t n)
{
    char **paths = calloc(n, sizeof(*paths));
    for (size_t i = 0; i < n; i++)
        paths[i] = af_asprintf("%s/%s", root, rel[i]);
    struct af_project *ix;
    struct af_options opts;
    af_options_init(&opts);
    opts.jobs = 2;
    assert_int_equal(af_index_build(&ix, paths, n, &opts), 0);
    af_options_dispose(&opts);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return ix;
}

static void test_index__defs_and_methods_recorded(void **state)
{
    (void)state;
    put("pkg/__init__.py", "");
    put("pkg/db.py",
        "async def fetch_user(uid):\n    return uid\n\n"
        "class Repo:\n    async def get(self):\n        pass\n\n"
        "    class Inner:\n\tasync def deep(self): ...\n\n"
        "def sync_one():\n    async def nested(): ...\n"
        "async def agen():\n    for i in x:\n        yield i\n");
    const char *files[] = { "pkg/db.py" };
    struct af_project *ix = build(files, 1);
    assert_true(af_project_is_coroutine(ix, "pkg.db.fetch_user"));
    assert_true(af_project_is_coroutine(ix, "pkg.db.Repo.get"));
    assert_true(af_project_is_coroutine(ix, "pkg.db.Repo.Inner.deep"));
    assert_true(af_project_facts(ix, "pkg.db.Repo.get") & AF_PROJECT_METHOD);
    assert_false(af_project_is_coroutine(ix, "pkg.db.sync_one"));
    assert_false(af_project_is_coroutine(ix, "pkg.db.nested"));
    assert_false(af_project_is_coroutine(ix, "pkg.db.sync_one.nested"));
    assert_false(af_project_is_coroutine(ix, "pkg.db.agen"));
    assert_true(af_project_facts(ix, "pkg.db.agen") & AF_PROJECT_GENERATOR);
    assert_int_equal(af_project_count(ix), 3);
    af_project_free(ix);
}

static void test_index__strings_comments_and_blocks_hold_no_defs(void **state)
{
    (void)state;
    put("m.py",
        "\"\"\"\nasync def in_docstring(): ...\n\"\"\"\n"
        "# async def in_comment(): ...\n"
        "x = ('(', '''\nasync def in_string(): ...\n''')\n"
        "if True:\n    async def in_if(): ...\n"
        "async \\\ndef continued(): ...\n");
    const char *files[] = { "m.py" };
    struct af_project *ix = build(files, 1);
    assert_false(af_project_is_coroutine(ix, "m.in_docstring"));
    assert_false(af_project_is_coroutine(ix, "m.in_comment"));
    assert_false(af_project_is_coroutine(ix, "m.in_string"));
    assert_false(af_project_is_coroutine(ix, "m.in_if"));
    assert_true(af_project_is_coroutine(ix, "m.continued"));
    af_project_free(ix);
}

static void test_index__rebound_names_are_not_coroutines(void **state)
{
    (void)state;
    put("r.py",
        "async def a(): ...\ndef a(): ...\n"
        "async def b(): ...\nb = wrap(b)\n"
        "from x import (c,\n    d as e)\nasync def e(): ...\n"
        "async def kept(): ...\n");
    const char *files[] = { "r.py" };
    struct af_project *ix = build(files, 1);
    assert_false(af_project_is_coroutine(ix, "r.a"));
    assert_false(af_project_is_coroutine(ix, "r.b"));
    assert_false(af_project_is_coroutine(ix, "r.e"));
    assert_true(af_project_is_coroutine(ix, "r.kept"));
    af_project_free(ix);
}

static void test_index__decorators(void **state)
{
    (void)state;
    put("d.py",
        "from typing import overload\n"
        "@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\nasync def f(x): ...\n"
        "@functools.lru_cache()\nasync def cached(): ...\n"
        "@sync_wrapper\nasync def wrapped(): ...\n"
        "class K:\n    @staticmethod\n    async def s(): ...\n");
    const char *files[] = { "d.py" };
    struct af_project *ix = build(files, 1);
    assert_true(af_project_is_coroutine(ix, "d.f"));
    assert_false(af_project_facts(ix, "d.f") & AF_PROJECT_OTHER_DECORATOR);
    assert_true(af_project_facts(ix, "d.cached") & AF_PROJECT_OTHER_DECORATOR);
    assert_true(af_project_facts(ix, "d.wrapped") & AF_PROJECT_OTHER_DECORATOR);
    assert_true(af_project_is_coroutine(ix, "d.K.s"));
    assert_false(af_project_facts(ix, "d.K.s") & AF_PROJECT_OTHER_DECORATOR);
    assert_true(af_project_facts(ix, "d.K.s") & AF_PROJECT_STATICMETHOD);
    af_project_free(ix);
}

static void test_index__package_read_when_one_file_given(void **state)
{
    (void)state;
    put("top/__init__.py", "");
    put("top/given.py", "x = 1\n");
    put("top/sub/__init__.py", "");
    put("top/sub/other.py", "async def sibling(): ...\n");
    put("top/notpkg/lonely.py", "async def unseen(): ...\n");
    put("outside.py", "async def outside(): ...\n");
    const char *files[] = { "top/given.py" };
    struct af_project *ix = build(files, 1);
    assert_true(af_project_is_coroutine(ix, "top.sub.other.sibling"));
    assert_false(af_project_is_coroutine(ix, "notpkg.lonely.unseen"));
    assert_false(af_project_is_coroutine(ix, "outside.outside"));
    assert_int_equal(af_project_files_seen(ix), 4);
    af_project_free(ix);
}

static void test_index__unclosed_bracket_goes_to_the_parser(void **state)
{
    (void)state;
    put("broken.py", "async def before(): ...\nx = (\n");
    const char *files[] = { "broken.py" };
    struct af_project *ix = build(files, 1);
    assert_true(af_project_is_coroutine(ix, "broken.before"));
    af_project_free(ix);
}

static void test_index__mentioned_needs_name_and_module(void **state)
{
    (void)state;
    put("app/__init__.py", "");
    put("app/db.py", "async def fetch_user(): ...\nclass R:\n    async def get(self): ...\n");
    const char *files[] = { "app/db.py" };
    struct af_project *ix = build(files, 1);
    const char *yes[] = { "from .db import fetch_user\n", "from app import db\ndb.fetch_user()\n",
                          "import app.db as d\nd.fetch_user()", "import app\napp.db.fetch_user()\n",
                          "from app import (\n    db,\n)\ndb.fetch_user()\n" };
    const char *no[] = { "fetch_user()\n", "from .db import x\n", "db.get()\n", "fetch_users = db\n",
                         "2fetch_user db\n",
                         "db = 1\nfetch_user = 2\n" };
    for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
        assert_true(af_project_mentioned(ix, yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
        assert_false(af_project_mentioned(ix, no[i], strlen(no[i])));
    af_project_free(ix);
    assert_false(af_project_mentioned(NULL, yes[0], strlen(yes[0])));
}

int main(void)
{
    af_lang_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index__defs_and_methods_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__strings_comments_and_blocks_hold_no_defs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__rebound_names_are_not_coroutines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__decorators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__package_read_when_one_file_given, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__unclosed_bracket_goes_to_the_parser, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__mentioned_needs_name_and_module, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
