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

#include "asyncfix/discover.h"
#include "asyncfix/index.h"
#include "asyncfix/lang.h"
#include "asyncfix/options.h"

#include "folders.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    test_put(root, rel, text);
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
    assert_int_equal(af_index_build(&ix, &(struct af_index_input){ paths, n, NULL, 0, NULL, NULL }, &opts), 0);   /* every rule on: the call graph too */
    af_options_dispose(&opts);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return ix;
}

/* builds the index over the given files (relative to root), roots found as a run finds them, with options */
static struct af_project *build_as_run(const char *const *rel, size_t n, const char *extra_option,
                                       const char *value)
{
    char **paths = calloc(n, sizeof(*paths));
    struct af_options opts;
    af_options_init(&opts);
    opts.jobs = 2;
    for (size_t i = 0; i < n; i++) {
        paths[i] = af_asprintf("%s/%s", root, rel[i]);
        af_strlist_add(&opts.paths, paths[i]);
    }
    af_discover_roots(&opts.roots, &opts.paths);
    if (extra_option) {
        struct af_option_ref *all;
        size_t nall = af_options_all(&all);
        int code;
        for (size_t i = 0; i < nall; i++)
            if (!strcmp(all[i].row->name, extra_option))
                assert_int_equal(af_options_set(&opts, &all[i], value, true, &code), 0);
        free(all);
    }
    struct af_project *ix;
    assert_int_equal(af_index_build(&ix, &(struct af_index_input){ paths, n, NULL, 0, NULL, NULL }, &opts), 0);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    af_options_dispose(&opts);
    return ix;
}

/* the length of the chain from `qual` to a blocking call (0: none), its next step's name in *next */
static uint32_t chain_of(const struct af_project *ix, const char *qual, const char **next)
{
    const struct af_summary_scope *sc = af_project_function(ix, qual, NULL);
    if (next)
        *next = sc && sc->next ? sc->next->qualname : sc && sc->via ? sc->via->callee : NULL;
    return sc ? sc->blocks : 0;
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

static void test_index__strings_and_comments_hold_no_defs_blocks_do(void **state)
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
    /* a def under `if` at module level is still the module's */
    assert_true(af_project_is_coroutine(ix, "m.in_if"));
    assert_true(af_project_is_coroutine(ix, "m.continued"));
    af_project_free(ix);
}

/* a file walked (it holds the bytes `async def`) that defines and binds nothing: no defs to sort */
static void test_index__file_without_defs(void **state)
{
    (void)state;
    put("m.py", "print('async def f(): ...')\n");
    const char *files[] = { "m.py" };
    struct af_project *ix = build(files, 1);
    assert_false(af_project_is_coroutine(ix, "m.f"));
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

static const char cm_module[] =
    "import contextlib\n"
    "@contextlib.asynccontextmanager\nasync def session():\n    yield 1\n"
    "class Pool:\n    async def __aenter__(self): ...\n    async def __aexit__(self, *e): ...\n"
    "class Both:\n    def __enter__(self): ...\n    async def __aenter__(self): ...\n"
    "async def plain(): ...\n";

/* the line scan and the parser (an unclosed bracket sends the second file to it) see the same */
static void test_index__async_context_managers(void **state)
{
    (void)state;
    char *parsed = malloc(sizeof(cm_module) + 8);
    snprintf(parsed, sizeof(cm_module) + 8, "%sx = (\n", cm_module);
    put("cm.py", cm_module);
    put("cmp.py", parsed);
    free(parsed);
    const char *files[] = { "cm.py", "cmp.py" };
    struct af_project *ix = build(files, 2);
    for (int i = 0; i < 2; i++) {
        const char *m = i ? "cmp" : "cm";
        char q[64];
        snprintf(q, sizeof(q), "%s.session", m);
        assert_true(af_project_is_async_cm(ix, q));
        assert_false(af_project_is_coroutine(ix, q));
        snprintf(q, sizeof(q), "%s.Pool", m);
        assert_true(af_project_is_async_cm(ix, q));
        snprintf(q, sizeof(q), "%s.Both", m);
        assert_false(af_project_is_async_cm(ix, q));
        snprintf(q, sizeof(q), "%s.plain", m);
        assert_false(af_project_is_async_cm(ix, q));
    }
    /* a file that only imports and enters them (no async def) is still parsed */
    const char *yes[] = { "from cm import session\n", "from cm import Pool\n" };
    const char *no[] = { "from cm import Both\n", "from cm import plain2\n" };
    for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
        assert_true(af_project_mentioned(ix, yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
        assert_false(af_project_mentioned(ix, no[i], strlen(no[i])));
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

/* a name in a comment or a plain string is no call: only the words of the code count */
static void test_index__mentioned_only_in_code(void **state)
{
    (void)state;
    put("app/__init__.py", "");
    put("app/db.py", "async def fetch_user(): ...\n");
    const char *files[] = { "app/db.py" };
    struct af_project *ix = build(files, 1);
    const char *yes[] = {
        "from app import db  # db.fetch_user\ndb.fetch_user()\n",
        /* an f-string's fields are code: from the first one on, every word counts */
        "from app import db\nx = f'{db.fetch_user()}'\n",
        "from app import db\nx = rf\"{db}\" + fetch_user\n",
        "from app import db\nx = F'''{\ndb.fetch_user()}'''\n",
        "from app import db\nx = t'{db.fetch_user()}'\n",
        /* Python 3.12 nests the quotes: the plain string after the f-string is no longer trusted */
        "from app import db\nx = f\"{'\"'}\" + db.fetch_user('y')\n",
        /* a string left open: the rest of the bytes count */
        "from app import db\nx = 'abc\nfetch_user\n",
        "\357\273\277fetch_user()\nfrom app import db\n",   /* a BOM first */
        "from app import db\nif'x':fetch_user()\n",
    };
    const char *no[] = {
        "from app import db\n# db.fetch_user()\n",
        "from app import db\nx = 'fetch_user'\n",
        "from app import db\nx = b\"fetch_user\" + r'''\nfetch_user()'''\n",
        "from app import db\n\"\"\"\ndb.fetch_user()\n\"\"\"\n",
        "from app import db\nx = 'a\\'fetch_user'\n",
        "from app import db\nx = 'a\\\nfetch_user'\n",
        "from app import db\nif'fetch_user':pass\n",
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
        assert_true(af_project_mentioned(ix, yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
        assert_false(af_project_mentioned(ix, no[i], strlen(no[i])));
    af_project_free(ix);
}

static void test_index__chains_across_modules_and_files_not_given(void **state)
{
    (void)state;
    put("bot/main.py", "from helpers.net import get_weather\nasync def on_message(c):\n    get_weather(c)\n");
    put("bot/helpers/net.py", "from helpers.http import fetch_json\ndef get_weather(c):\n    return fetch_json(c)\n");
    put("bot/helpers/http.py", "import requests\ndef fetch_json(u):\n    return requests.get(u).json()\n"
                               "def unused():\n    import time\n    time.sleep(1)\n");
    const char *files[] = { "bot/main.py" };
    struct af_project *ix = build_as_run(files, 1, NULL, NULL);
    const char *next;
    assert_int_equal(chain_of(ix, "helpers.net.get_weather", &next), 2);
    assert_string_equal(next, "helpers.http.fetch_json");
    assert_int_equal(chain_of(ix, "helpers.http.fetch_json", &next), 1);
    assert_string_equal(next, "requests.get");
    /* not reached from an async def: not followed */
    assert_int_equal(chain_of(ix, "helpers.http.unused", NULL), 0);
    af_project_free(ix);
}

static void test_index__imported_modules_found_below_the_roots(void **state)
{
    (void)state;
    put("b2/main.py", "from helpers.db import save_user\nasync def on(u):\n    save_user(u)\n");
    put("b2/helpers/db.py", "async def save_user(u): ...\n");
    put("b2/helpers/unused.py", "async def never(): ...\n");
    const char *files[] = { "b2/main.py" };
    struct af_project *ix = build_as_run(files, 1, "ignore", "AF106");
    /* a namespace package below the folder of the file given, read because main.py imports it */
    assert_true(af_project_is_coroutine(ix, "helpers.db.save_user"));
    assert_false(af_project_is_coroutine(ix, "helpers.unused.never"));
    af_project_free(ix);
}

/* builds the index over root/given with the roots root/<each of roots> (NULL-terminated) */
static struct af_project *build_with_roots(const char *given, const char *const *roots)
{
    char *path = af_asprintf("%s/%s", root, given);
    struct af_options opts;
    af_options_init(&opts);
    opts.jobs = 2;
    for (size_t i = 0; roots[i]; i++) {
        char *r = af_asprintf("%s/%s", root, roots[i]);
        af_strlist_add(&opts.roots, r);
        free(r);
    }
    struct af_project *ix;
    assert_int_equal(af_index_build(&ix, &(struct af_index_input){ &path, 1, NULL, 0, NULL, NULL }, &opts), 0);
    af_options_dispose(&opts);
    free(path);
    return ix;
}

static void link_at(const char *target, const char *rel)
{
    char *path = af_asprintf("%s/%s", root, rel);
    assert_int_equal(symlink(target, path), 0);
    free(path);
}

/*
 * Modules looked for below two roots (dircache.c answers as stat() does): a
 * module under the second root only, behind a dangling link or a link to a
 * folder named like it under the first; a link to a file; a .pyi-only
 * module; a namespace folder (no file: its submodule is found).
 */
static void test_index__modules_looked_for_below_the_roots(void **state)
{
    (void)state;
    put("app/main.py", "import helpers.db, linked, stubbed, dang, dirmod, ns.inner\n"
                       "async def on(u):\n    pass\n");
    put("one/helpers/other.py", "async def other(): ...\n");
    put("two/helpers/db.py", "async def save_user(u): ...\n");
    put("real/target.py", "async def go(): ...\n");
    link_at("../real/target.py", "one/linked.py");
    put("one/stubbed.pyi", "async def s(): ...\n");
    link_at("gone.py", "one/dang.py");
    put("two/dang.py", "async def d(): ...\n");
    link_at("../real", "one/dirmod.py");
    put("one/dirmod/__init__.py", "async def in_init(): ...\n");
    put("one/ns/inner.py", "async def deep(): ...\n");
    const char *roots[] = { "one", "two", NULL };
    struct af_project *ix = build_with_roots("app/main.py", roots);
    assert_true(af_project_is_coroutine(ix, "helpers.db.save_user"));      /* the second root only */
    assert_false(af_project_is_coroutine(ix, "helpers.other.other"));      /* not imported */
    assert_true(af_project_is_coroutine(ix, "linked.go"));                 /* a link to a file */
    assert_true(af_project_is_coroutine(ix, "stubbed.s"));                 /* .pyi only */
    assert_true(af_project_is_coroutine(ix, "dang.d"));                    /* a dangling link is no file */
    assert_true(af_project_is_coroutine(ix, "dirmod.in_init"));            /* nor a link to a folder */
    assert_true(af_project_is_coroutine(ix, "ns.inner.deep"));
    af_project_free(ix);
}

static void test_index__recursion_cycles_and_the_shortest_chain(void **state)
{
    (void)state;
    put("r/m.py", "import time, subprocess\n"
                  "def rec(n):\n    if n:\n        rec(n - 1)\n    time.sleep(n)\n"
                  "def ping(n):\n    pong(n)\n"
                  "def pong(n):\n    ping(n)\n    deep(n)\n"
                  "def deep(n):\n    deeper(n)\n"
                  "def deeper(n):\n    subprocess.run(['x'])\n"
                  "def loop_only():\n    loop_only()\n"
                  "async def main():\n    rec(1)\n    ping(1)\n    loop_only()\n");
    const char *files[] = { "r/m.py" };
    struct af_project *ix = build_as_run(files, 1, NULL, NULL);
    const char *next;
    assert_int_equal(chain_of(ix, "m.rec", &next), 1);
    assert_string_equal(next, "time.sleep");
    assert_int_equal(chain_of(ix, "m.ping", &next), 4);
    assert_string_equal(next, "m.pong");
    assert_int_equal(chain_of(ix, "m.pong", &next), 3);
    assert_string_equal(next, "m.deep");
    assert_int_equal(chain_of(ix, "m.loop_only", NULL), 0);
    af_project_free(ix);
}

static void test_index__what_is_not_followed(void **state)
{
    (void)state;
    put("n/m.py", "import time, asyncio, functools, contextlib\n"
                  "def offloaded():\n    return asyncio.to_thread(time.sleep, 1)\n"
                  "def in_lambda():\n    return lambda: time.sleep(1)\n"
                  "def nested_never_called():\n    def inner():\n        time.sleep(1)\n    return inner\n"
                  "def nested_called():\n    def inner():\n        time.sleep(1)\n    inner()\n"
                  "def gen():\n    time.sleep(1)\n    yield 1\n"
                  "@contextlib.contextmanager\ndef managed():\n    time.sleep(1)\n    yield\n"
                  "@functools.lru_cache()\ndef cached():\n    time.sleep(1)\n"
                  "def declared_fine():\n    time.sleep(1)\n"
                  "class Client:\n    def __init__(self):\n        time.sleep(1)\n"
                  "async def main():\n    offloaded()\n    in_lambda()\n    nested_never_called()\n"
                  "    nested_called()\n    gen()\n    managed()\n    cached()\n    declared_fine()\n"
                  "    Client()\n");
    const char *files[] = { "n/m.py" };
    struct af_project *ix = build_as_run(files, 1, "assume-non-blocking", "m.declared_fine");
    assert_int_equal(chain_of(ix, "m.offloaded", NULL), 0);
    assert_int_equal(chain_of(ix, "m.in_lambda", NULL), 0);
    assert_int_equal(chain_of(ix, "m.nested_never_called", NULL), 0);
    assert_int_equal(chain_of(ix, "m.nested_called", NULL), 2);
    assert_int_equal(chain_of(ix, "m.gen", NULL), 0);
    assert_int_equal(chain_of(ix, "m.managed", NULL), 0);
    assert_int_equal(chain_of(ix, "m.cached", NULL), 1);
    assert_int_equal(chain_of(ix, "m.declared_fine", NULL), 0);
    assert_int_equal(chain_of(ix, "m.Client", NULL), 1);      /* a class is called through __init__ */
    af_project_free(ix);
}

static void test_index__names_an_init_re_exports(void **state)
{
    (void)state;
    put("e/pkg/__init__.py", "from .api import fetch\n");
    put("e/pkg/api.py", "import urllib.request\ndef fetch(u):\n    return urllib.request.urlopen(u)\n");
    put("e/app.py", "from pkg import fetch\nasync def main():\n    fetch('u')\n");
    const char *files[] = { "e/app.py" };
    struct af_project *ix = build_as_run(files, 1, NULL, NULL);
    assert_int_equal(chain_of(ix, "pkg.fetch", NULL), 1);
    assert_int_equal(chain_of(ix, "pkg.api.fetch", NULL), 1);
    af_project_free(ix);
}

int main(void)
{
    af_lang_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index__defs_and_methods_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__strings_and_comments_hold_no_defs_blocks_do, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__file_without_defs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__rebound_names_are_not_coroutines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__decorators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__package_read_when_one_file_given, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__unclosed_bracket_goes_to_the_parser, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__async_context_managers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__mentioned_needs_name_and_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__mentioned_only_in_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__chains_across_modules_and_files_not_given, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__imported_modules_found_below_the_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__modules_looked_for_below_the_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__recursion_cycles_and_the_shortest_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__what_is_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index__names_an_init_re_exports, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
