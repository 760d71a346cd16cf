/*
 * test_summary.c - pass 1's walk over a file's tokens: scopes and their
 * qualified names, calls with their callees resolved as Python looks names
 * up, the flags of a call, decorators and bases, what the coroutine index
 * gets, and the files it cannot cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/project.h"
#include "asyncfix/summary.h"

struct walked {
    struct af_file_summary *fs;
    struct af_project_def *defs;
    size_t ndefs, cap;
};

static void walk_text(struct walked *w, const char *path, const char *module, const char *text, bool uses)
{
    memset(w, 0, sizeof(*w));
    struct af_summary_input in = { path, text, strlen(text), module, NULL, true, uses };
    assert_int_equal(af_summary_walk(&w->fs, &w->defs, &w->ndefs, &w->cap, &in), 0);
}

static void walked_free(struct walked *w)
{
    for (size_t i = 0; i < w->ndefs; i++)
        free(w->defs[i].qualname);
    free(w->defs);
    af_file_summary_free(w->fs);
}

static const struct af_summary_scope *scope_named(const struct walked *w, const char *qualname)
{
    for (uint32_t s = 0; s < w->fs->nscopes; s++)
        if (!strcmp(w->fs->scopes[s].qualname, qualname))
            return &w->fs->scopes[s];
    return NULL;
}

/* the call written `text` in scope `qualname` (the first one), or NULL */
static const struct af_summary_call *call_in(const struct walked *w, const char *qualname, const char *text)
{
    const struct af_summary_scope *sc = scope_named(w, qualname);
    assert_non_null(sc);
    for (uint32_t k = 0; k < sc->ncalls; k++) {
        const struct af_summary_call *c = &w->fs->calls[sc->first_call + k];
        if (!strcmp(c->text, text))
            return c;
    }
    return NULL;
}

static void check_callee(const struct walked *w, const char *scope, const char *text, const char *callee)
{
    const struct af_summary_call *c = call_in(w, scope, text);
    assert_non_null(c);
    if (callee)
        assert_string_equal(c->callee, callee);
    else
        assert_null(c->callee);
}

static unsigned facts_of(const struct walked *w, const char *qualname)
{
    unsigned facts = 0;
    for (size_t i = 0; i < w->ndefs; i++)
        if (!strcmp(w->defs[i].qualname, qualname))
            facts |= w->defs[i].facts;
    return facts;
}

static void test_summary__scopes_and_qualified_names(void **state)
{
    (void)state;
    struct walked w;
    walk_text(&w, "pkg/m.py", "pkg.m",
              "class Repo:\n"
              "    def get(self):\n"
              "        def inner():\n"
              "            pass\n"
              "        class Local:\n"
              "            def method(self): pass\n"
              "        return inner\n"
              "    async def fetch(self): ...\n"
              "def top(): return 1\n"
              "f = lambda x: x\n", false);
    assert_non_null(scope_named(&w, "pkg.m"));
    assert_non_null(scope_named(&w, "pkg.m.Repo"));
    assert_non_null(scope_named(&w, "pkg.m.Repo.get"));
    assert_non_null(scope_named(&w, "pkg.m.Repo.get.<locals>.inner"));
    assert_non_null(scope_named(&w, "pkg.m.Repo.get.<locals>.Local.method"));
    assert_non_null(scope_named(&w, "pkg.m.Repo.fetch"));
    assert_non_null(scope_named(&w, "pkg.m.top"));
    assert_non_null(scope_named(&w, "pkg.m.<lambda>"));
    const struct af_summary_scope *get = scope_named(&w, "pkg.m.Repo.get");
    assert_int_equal(get->line, 2);
    assert_int_equal(get->column, 5);
    assert_true(scope_named(&w, "pkg.m.Repo.fetch")->facts & AF_PROJECT_ASYNC);
    assert_true(facts_of(&w, "pkg.m.Repo.fetch") & AF_PROJECT_METHOD);
    assert_true(facts_of(&w, "pkg.m.Repo") & AF_PROJECT_REBOUND);
    assert_int_equal(facts_of(&w, "pkg.m.Repo.get.<locals>.inner"), 0);
    walked_free(&w);
}

static void test_summary__callees_resolved_as_python_looks_names_up(void **state)
{
    (void)state;
    struct walked w;
    walk_text(&w, "pkg/sub/m.py", "pkg.sub.m",
              "import time as t, os.path\n"
              "from . import db\n"
              "from ..util import fetch as get\n"
              "import requests\n"
              "def helper(): pass\n"
              "class Repo:\n"
              "    def a(self):\n"
              "        self.b()\n"
              "        Repo.b(self)\n"
              "    def b(self): pass\n"
              "    @classmethod\n"
              "    def c(cls):\n"
              "        cls.b(None)\n"
              "    @staticmethod\n"
              "    def s(x):\n"
              "        x.b()\n"
              "async def main(requests):\n"
              "    t.sleep(1)\n"
              "    os.path.exists('p')\n"
              "    db.save()\n"
              "    get()\n"
              "    helper()\n"
              "    requests.get('u')\n"
              "    print('x')\n"
              "    def nested(): pass\n"
              "    nested()\n"
              "    v = helper\n"
              "    v()\n"
              "def g():\n"
              "    global helper\n"
              "    helper()\n", false);
    check_callee(&w, "pkg.sub.m.main", "t.sleep", "time.sleep");
    check_callee(&w, "pkg.sub.m.main", "os.path.exists", "os.path.exists");
    check_callee(&w, "pkg.sub.m.main", "db.save", "pkg.sub.db.save");
    check_callee(&w, "pkg.sub.m.main", "get", "pkg.util.fetch");
    check_callee(&w, "pkg.sub.m.main", "helper", "pkg.sub.m.helper");
    check_callee(&w, "pkg.sub.m.main", "requests.get", NULL);     /* a parameter shadows the import */
    check_callee(&w, "pkg.sub.m.main", "print", "builtins.print");
    check_callee(&w, "pkg.sub.m.main", "nested", "pkg.sub.m.main.<locals>.nested");
    check_callee(&w, "pkg.sub.m.main", "v", NULL);
    check_callee(&w, "pkg.sub.m.Repo.a", "self.b", "pkg.sub.m.Repo.b");
    check_callee(&w, "pkg.sub.m.Repo.a", "Repo.b", "pkg.sub.m.Repo.b");
    check_callee(&w, "pkg.sub.m.Repo.c", "cls.b", "pkg.sub.m.Repo.b");
    check_callee(&w, "pkg.sub.m.Repo.s", "x.b", NULL);             /* a staticmethod has no self */
    check_callee(&w, "pkg.sub.m.g", "helper", "pkg.sub.m.helper");
    walked_free(&w);
}

static void test_summary__flags_of_calls(void **state)
{
    (void)state;
    struct walked w;
    walk_text(&w, "m.py", "m",
              "import os, asyncio\r\n"
              "async def main(xs):\r\n"
              "    await fetch()\r\n"
              "    ys = [work(x) for x in xs]\r\n"
              "    total = sum(count(x) for x in xs)\r\n"
              "    quiet()  # noqa: AF106\r\n"
              "    loud()  # noqa: AF101\r\n"
              "    os.spawnl(os.P_WAIT, 'a')\r\n"
              "    os.waitpid(1, os.WNOHANG)\r\n"
              "    os.wait()\r\n"
              "    await asyncio.to_thread(helper, 1)\r\n"
              "    cb = lambda: inside()\r\n", true);
    assert_true(call_in(&w, "m.main", "fetch")->flags & AF_CALL_AWAITED);
    assert_true(call_in(&w, "m.main", "work")->flags & AF_CALL_IN_COMPREHENSION);
    assert_true(call_in(&w, "m.main", "count")->flags & AF_CALL_IN_COMPREHENSION);
    assert_false(call_in(&w, "m.main", "sum")->flags & AF_CALL_IN_COMPREHENSION);
    assert_true(call_in(&w, "m.main", "quiet")->flags & AF_CALL_NOQA);
    assert_false(call_in(&w, "m.main", "loud")->flags & AF_CALL_NOQA);
    assert_true(call_in(&w, "m.main", "os.spawnl")->flags & AF_CALL_ARG_P_WAIT);
    assert_true(call_in(&w, "m.main", "os.waitpid")->flags & AF_CALL_ARG_WNOHANG);
    assert_true(call_in(&w, "m.main", "os.waitpid")->flags & AF_CALL_ARG_ANY);
    assert_false(call_in(&w, "m.main", "os.wait")->flags & AF_CALL_ARG_ANY);
    const struct af_summary_call *helper = call_in(&w, "m.main", "helper");
    assert_non_null(helper);
    assert_true(helper->flags & AF_CALL_VALUE);            /* passed, not called */
    assert_null(call_in(&w, "m.main", "inside"));          /* the lambda's */
    assert_non_null(call_in(&w, "m.main.<lambda>", "inside"));
    walked_free(&w);
}

static void test_summary__decorators_bases_wrappers_and_all(void **state)
{
    (void)state;
    struct walked w;
    walk_text(&w, "m.py", "m",
              "import functools\n"
              "from functools import lru_cache\n"
              "__all__ = ['public', \"other\"]\n"
              "def retry(fn):\n"
              "    @functools.wraps(fn)\n"
              "    def wrapper(*a):\n"
              "        return fn(*a)\n"
              "    return wrapper\n"
              "@retry\n"
              "@lru_cache(maxsize=1)\n"
              "def public(): pass\n"
              "class Base: pass\n"
              "class Child(Base, metaclass=Meta):\n"
              "    pass\n", false);
    const struct af_summary_scope *pub = scope_named(&w, "m.public");
    assert_int_equal(pub->ndecorators, 2);
    assert_string_equal(pub->decorators[0], "m.retry");
    assert_string_equal(pub->decorators[1], "functools.lru_cache");
    assert_string_equal(scope_named(&w, "m.retry")->wrapper, "m.retry.<locals>.wrapper");
    const struct af_summary_scope *child = scope_named(&w, "m.Child");
    assert_int_equal(child->nbases, 1);
    assert_string_equal(child->bases[0], "m.Base");
    assert_int_equal(w.fs->nall, 2);
    assert_string_equal(w.fs->all[0], "public");
    assert_string_equal(w.fs->all[1], "other");
    walked_free(&w);
}

static void test_summary__strings_comments_and_continuations(void **state)
{
    (void)state;
    struct walked w;
    walk_text(&w, "m.py", "m",
              "def f():\n"
              "    s = 'a(b' + \"#\" + '''\n"
              "not_a_call()\n"
              "'''\n"
              "    t = f'{hidden()}'\n"
              "    x = first(1,\n"
              "              second())  # a(b\n"
              "    y = \\\n"
              "        third()\n"
              "    é = 'é'; fourth()\n", false);
    assert_null(call_in(&w, "m.f", "not_a_call"));
    assert_null(call_in(&w, "m.f", "hidden"));
    assert_non_null(call_in(&w, "m.f", "first"));
    assert_non_null(call_in(&w, "m.f", "second"));
    const struct af_summary_call *third = call_in(&w, "m.f", "third");
    assert_non_null(third);
    assert_int_equal(third->line, 9);
    const struct af_summary_call *fourth = call_in(&w, "m.f", "fourth");
    assert_non_null(fourth);
    assert_int_equal(fourth->column, 14);   /* code points: each é is one */
    walked_free(&w);
}

static void test_summary__a_file_it_cannot_cut(void **state)
{
    (void)state;
    const char *texts[] = { "x = (1,\n", "s = '''open\n", "x = 1)\n" };
    for (size_t i = 0; i < 3; i++) {
        struct af_file_summary *fs = NULL;
        struct af_project_def *defs = NULL;
        size_t n = 0, cap = 0;
        struct af_summary_input in = { "m.py", texts[i], strlen(texts[i]), "m", NULL, true, false };
        assert_int_equal(af_summary_walk(&fs, &defs, &n, &cap, &in), AF_EINVALID);
        assert_null(fs);
        assert_int_equal(n, 0);
        free(defs);
    }
}

static void test_summary__generators_and_coroutine_facts(void **state)
{
    (void)state;
    struct walked w;
    walk_text(&w, "m.py", "m",
              "async def agen():\n    yield 1\n"
              "async def outer():\n    def inner():\n        yield 2\n"
              "def gen():\n    yield 3\n"
              "def plain():\n    def g():\n        yield 4\n"
              "async def ok(): pass\n"
              "if cond:\n    async def guarded(): pass\n", false);
    assert_true(facts_of(&w, "m.agen") & AF_PROJECT_GENERATOR);
    assert_true(facts_of(&w, "m.outer") & AF_PROJECT_GENERATOR);   /* as a tree gives it: nested defs included */
    assert_true(scope_named(&w, "m.gen")->facts & AF_PROJECT_GENERATOR);
    assert_false(scope_named(&w, "m.plain")->facts & AF_PROJECT_GENERATOR);
    assert_true(facts_of(&w, "m.ok") & AF_PROJECT_ASYNC);
    assert_false(facts_of(&w, "m.ok") & AF_PROJECT_GENERATOR);
    assert_true(facts_of(&w, "m.guarded") & AF_PROJECT_ASYNC);
    walked_free(&w);
}

/* the shallow verdict: the walk's own count of nesting, at most half of CPython's limits */
static bool shallow(const char *text)
{
    struct walked w;
    walk_text(&w, "m.py", "m", text, false);
    bool ok = w.fs->shallow;
    walked_free(&w);
    return ok;
}

/* x = ([{...}]) with n brackets open at once */
static char *nested_brackets(int n)
{
    char *s = malloc(2 * (size_t)n + 8), *p = s;
    p += sprintf(p, "x = ");
    for (int i = 0; i < n; i++)
        *p++ = "([{"[i % 3];
    for (int i = n; i-- > 0;)
        *p++ = ")]}"[i % 3];
    strcpy(p, "\n");
    return s;
}

/* an async def whose body nests `levels` levels of `if` (each indented by `unit`), then a line `back` levels up */
static char *nested_blocks(int levels, int back, const char *unit)
{
    size_t ul = strlen(unit), cap = 64 + (size_t)(levels + 2) * (size_t)(levels + 2) * (ul + 8);
    char *s = malloc(cap), *p = s;
    p += sprintf(p, "async def f():\n");
    for (int i = 1; i < levels; i++) {
        for (int k = 0; k < i; k++)
            p += sprintf(p, "%s", unit);
        p += sprintf(p, "if x:\n");
    }
    for (int k = 0; k < levels; k++)
        p += sprintf(p, "%s", unit);
    p += sprintf(p, "pass\n");
    for (int k = 0; k < levels - back; k++)
        p += sprintf(p, "%s", unit);
    p += sprintf(p, "pass\n");
    return s;
}

static void test_summary__shallow_files(void **state)
{
    (void)state;
    char *s;
    assert_true(shallow("async def f():\n    return g(1, [2, {3: (4,)}])\n"));
    assert_true(shallow(s = nested_brackets(100)));   /* AF_MAX_BRACKETS / 2 */
    free(s);
    assert_false(shallow(s = nested_brackets(101)));
    free(s);
    /* brackets in strings and comments are not code */
    char text[512];
    snprintf(text, sizeof(text), "x = '%0*d'  # %0*d\n", 150, 0, 150, 0);
    for (char *p = text; *p; p++)
        *p = *p == '0' ? '(' : *p;
    assert_true(shallow(text));
    assert_true(shallow(s = nested_blocks(49, 0, "    ")));   /* AF_MAX_INDENT_LEVELS / 2 */
    free(s);
    assert_false(shallow(s = nested_blocks(50, 0, "    ")));
    free(s);
    assert_false(shallow(s = nested_blocks(50, 0, "\t")));   /* a tab is a level as well */
    free(s);
    /* levels closed and opened again count once: 49 open at most */
    assert_true(shallow(s = nested_blocks(49, 20, "  ")));
    free(s);
    /* lines inside brackets and strings open no level */
    assert_true(shallow("async def f():\n    x = (1,\n                       2)\n"
                        "    s = '''\n                  deep\n'''\n"));
    /* CRLF is one line break; a lone CR is one to CPython and none to the walk: never shallow */
    assert_true(shallow("async def f():\r\n    pass\r\n"));
    assert_false(shallow("async def f():\r    pass\n"));
    assert_false(shallow("async def f():\n    pass\n# a comment\r"));
}

/*
 * One module in two files (a package under two roots): the def its name
 * resolves to is the later file's, as the project adds them, wherever the
 * two sit in memory (the choice went by address, so runs with threads
 * could disagree).
 */
static void test_summary__same_qualname_in_two_files(void **state)
{
    (void)state;
    struct walked a, b;
    walk_text(&a, "a/pkg/helpers.py", "pkg.helpers", "import time\n\n\ndef helper():\n    time.sleep(1)\n", false);
    walk_text(&b, "b/pkg/helpers.py", "pkg.helpers", "import os\n\n\ndef helper():\n    os.makedirs('x')\n", false);
    /* the file added first sits higher in memory: the choice by address took it */
    struct walked *first = &a, *second = &b;
    if (scope_named(&a, "pkg.helpers.helper") < scope_named(&b, "pkg.helpers.helper")) {
        first = &b;
        second = &a;
    }
    const struct af_summary_scope *want = scope_named(second, "pkg.helpers.helper");
    assert_non_null(want);
    struct af_project *p = af_project_new();
    af_project_add_summary(p, first->fs);
    af_project_add_summary(p, second->fs);
    const struct af_file_summary *file = NULL;
    assert_ptr_equal(af_project_function(p, "pkg.helpers.helper", &file), want);
    assert_ptr_equal(file, second->fs);
    af_project_free(p);
    a.fs = b.fs = NULL;
    walked_free(&a);
    walked_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary__scopes_and_qualified_names),
        cmocka_unit_test(test_summary__callees_resolved_as_python_looks_names_up),
        cmocka_unit_test(test_summary__flags_of_calls),
        cmocka_unit_test(test_summary__decorators_bases_wrappers_and_all),
        cmocka_unit_test(test_summary__strings_comments_and_continuations),
        cmocka_unit_test(test_summary__a_file_it_cannot_cut),
        cmocka_unit_test(test_summary__generators_and_coroutine_facts),
        cmocka_unit_test(test_summary__shallow_files),
        cmocka_unit_test(test_summary__same_qualname_in_two_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
