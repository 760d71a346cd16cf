/*
 * test_semantic.c - src/semantic.c: qualified names, shadowing, async
 * context, relative imports, noqa, module aliases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

/* the qualified name of the callee of the nth call starting with `needle`, or NULL */
static char *qual_of(const struct test_file *t, const char *needle, int nth)
{
    const struct af_site *site = test_call(t, needle, nth);
    struct af_buf buf = AF_BUF_INIT;
    TSNode fn = af_field_child(site->node, af_field.function);
    if (af_sem_qualname(&buf, &t->file, fn, site->scope) < 0) {
        af_buf_dispose(&buf);
        return NULL;
    }
    return af_buf_detach(&buf);
}

static void assert_qual(const char *text, const char *needle, int nth, const char *want)
{
    struct test_file *t = test_file_parse(text);
    char *got = qual_of(t, needle, nth);
    if (want) {
        if (!got || strcmp(got, want) != 0)
            fail_msg("%s: got %s, want %s in:\n%s", needle, got ? got : "(not found)", want, text);
    } else if (got) {
        fail_msg("%s: got %s, want no qualified name in:\n%s", needle, got, text);
    }
    free(got);
    test_file_free(t);
}

static void test_semantic__import_as(void **state)
{
    (void)state;
    assert_qual("import time as t\nasync def f():\n    t.sleep(1)\n", "t.sleep", 0, "time.sleep");
    assert_qual("import time\nasync def f():\n    time.sleep(1)\n", "time.sleep", 0, "time.sleep");
    assert_qual("import os.path\nos.path.join(a)\n", "os.path.join", 0, "os.path.join");
    assert_qual("import os.path as p\np.join(a)\n", "p.join", 0, "os.path.join");
}

static void test_semantic__from_import(void **state)
{
    (void)state;
    assert_qual("from time import sleep\nasync def f():\n    sleep(1)\n", "sleep(1)", 0, "time.sleep");
    assert_qual("from time import sleep as pause\nasync def f():\n    pause(1)\n", "pause(1)", 0,
                "time.sleep");
    assert_qual("from time import (\n    sleep,\n)\nsleep(1)\n", "sleep(1)", 0, "time.sleep");
    /* the original name is not bound by an alias import */
    assert_qual("from time import sleep as pause\nsleep(1)\n", "sleep(1)", 0, "builtins.sleep");
}

static void test_semantic__unbound_is_builtin(void **state)
{
    (void)state;
    assert_qual("print(1)\n", "print", 0, "builtins.print");
    assert_qual("async def f():\n    other.time.sleep(1)\n", "other.time", 0, "builtins.other.time.sleep");
    assert_qual("import time\nasync def f(other):\n    other.time.sleep(1)\n", "other.time", 0, NULL);
}

static void test_semantic__parameter_shadows(void **state)
{
    (void)state;
    assert_qual("import time\nasync def f(time):\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f(x, *, time=None):\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f(*time):\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f(**time):\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f(time: int = 0):\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\nclass C:\n    async def m(self):\n        self.sleep(1)\n", "self.sleep", 0,
                NULL);
    /* a lambda's parameter */
    assert_qual("import time\nf = lambda time: time.sleep(1)\n", "time.sleep", 0, NULL);
    /* the parameter of another function does not leak */
    assert_qual("import time\ndef g(time):\n    pass\nasync def f():\n    time.sleep(1)\n", "time.sleep", 0,
                "time.sleep");
}

static void test_semantic__assignment_shadows(void **state)
{
    (void)state;
    assert_qual("import time\nasync def f():\n    time = Clock()\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    /* bound later in the function: still local for the whole function */
    assert_qual("import time\nasync def f():\n    time.sleep(1)\n    time = 2\n", "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f():\n    a, time = g()\n    time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f():\n    time: Clock = g()\n    time.sleep(1)\n", "time.sleep", 0,
                NULL);
    assert_qual("import time\nasync def f():\n    if (time := g()):\n        time.sleep(1)\n", "time.sleep", 0,
                NULL);
    /* the module rebinds the name to something else too */
    assert_qual("import time\ntime = Fake()\nasync def f():\n    time.sleep(1)\n", "time.sleep", 0, NULL);
}

static void test_semantic__loop_with_except_targets_shadow(void **state)
{
    (void)state;
    assert_qual("import time\nasync def f(xs):\n    for time in xs:\n        time.sleep(1)\n", "time.sleep", 0,
                NULL);
    assert_qual("import time\nasync def f(xs):\n    for i, (a, time) in xs:\n        time.sleep(1)\n",
                "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f():\n    with clock() as time:\n        time.sleep(1)\n", "time.sleep",
                0, NULL);
    assert_qual("import time\nasync def f():\n    with a() as x, b() as (y, time):\n        time.sleep(1)\n",
                "time.sleep", 0, NULL);
    assert_qual("import time\nasync def f():\n    try:\n        pass\n    except E as time:\n        time.sleep(1)\n",
                "time.sleep", 0, NULL);
    /* a local import of something else */
    assert_qual("import time\nasync def f():\n    import fake as time\n    time.sleep(1)\n", "time.sleep", 0,
                "fake.sleep");
}

static void test_semantic__class_body_not_visible_from_methods(void **state)
{
    (void)state;
    const char *text =
        "import time\n"
        "class C:\n"
        "    time = Fake()\n"
        "    time.sleep(0)\n"
        "    async def m(self):\n"
        "        time.sleep(1)\n";
    assert_qual(text, "time.sleep", 0, NULL);           /* in the class body: the class's `time` */
    assert_qual(text, "time.sleep", 1, "time.sleep");   /* in the method: the module's */
}

static void test_semantic__global(void **state)
{
    (void)state;
    assert_qual("import time\nasync def f():\n    global time\n    time.sleep(1)\n", "time.sleep", 0,
                "time.sleep");
    assert_qual("import time\ndef outer():\n    time = 1\n    async def f():\n        global time\n"
                "        time.sleep(1)\n", "time.sleep", 0, "time.sleep");
    /* `nonlocal` refers to the enclosing function's name, not the module's */
    assert_qual("import time\ndef outer():\n    time = Clock()\n    async def f():\n        nonlocal time\n"
                "        time.sleep(1)\n", "time.sleep", 0, NULL);
    assert_qual("import time\ndef outer():\n    import fake as time\n    async def f():\n        nonlocal time\n"
                "        time.sleep(1)\n", "time.sleep", 0, "fake.sleep");
    /* without `global` the enclosing function's variable wins */
    assert_qual("import time\ndef outer():\n    time = 1\n    async def f():\n        time.sleep(1)\n",
                "time.sleep", 0, NULL);
}

static void test_semantic__local_def_named_sleep(void **state)
{
    (void)state;
    assert_qual("from time import sleep\nasync def f():\n    def sleep(x):\n        pass\n    sleep(1)\n",
                "sleep(1)", 0, NULL);
    assert_qual("from time import sleep\nasync def f():\n    async def sleep(x):\n        pass\n    sleep(1)\n",
                "sleep(1)", 0, NULL);
    assert_qual("from time import sleep\nclass sleep:\n    pass\nsleep(1)\n", "sleep(1)", 0, NULL);
    /* a def named sleep inside another function does not shadow here */
    assert_qual("from time import sleep\ndef g():\n    def sleep(x):\n        pass\nasync def f():\n"
                "    sleep(1)\n", "sleep(1)", 0, "time.sleep");
}

static void test_semantic__comprehension_variable(void **state)
{
    (void)state;
    assert_qual("import time\nasync def f(xs):\n    return [time.sleep(1) for time in xs]\n", "time.sleep", 0,
                NULL);
    assert_qual("import time\nasync def f(xs):\n    return [time.sleep(x) for x in xs]\n", "time.sleep", 0,
                "time.sleep");
}

/* af_sem_in_async for the nth call starting with `needle` */
static bool in_async(const char *text, const char *needle, int nth)
{
    struct test_file *t = test_file_parse(text);
    bool r = af_sem_in_async(&t->file, test_call(t, needle, nth)->scope);
    test_file_free(t);
    return r;
}

static void test_semantic__in_async(void **state)
{
    (void)state;
    assert_true(in_async("async def f():\n    g()\n", "g()", 0));
    assert_true(in_async("async def f():\n    if x:\n        for a in b:\n            g()\n", "g()", 0));
    assert_false(in_async("def f():\n    g()\n", "g()", 0));
    assert_false(in_async("g()\n", "g()", 0));
    assert_true(in_async("class C:\n    async def m(self):\n        g()\n", "g()", 0));
}

static void test_semantic__in_async_stops_at_nested_scopes(void **state)
{
    (void)state;
    assert_false(in_async("async def f():\n    def inner():\n        g()\n", "g()", 0));
    assert_false(in_async("async def f():\n    h = lambda: g()\n", "g()", 0));
    assert_false(in_async("async def f():\n    class C:\n        x = g()\n", "g()", 0));
    assert_false(in_async("async def f():\n    class C:\n        def m(self):\n            g()\n", "g()", 0));
    assert_false(in_async("async def f():\n    return (g() for x in xs)\n", "g()", 0));
    assert_false(in_async("def f():\n    async def inner():\n        pass\n    g()\n", "g()", 0));
}

static void test_semantic__in_async_through_comprehensions(void **state)
{
    (void)state;
    assert_true(in_async("async def f():\n    return [g() for x in xs]\n", "g()", 0));
    assert_true(in_async("async def f():\n    return {g() for x in xs}\n", "g()", 0));
    assert_true(in_async("async def f():\n    return {x: g() for x in xs}\n", "g()", 0));
    assert_true(in_async("async def f():\n    return [[g() for y in x] for x in xs]\n", "g()", 0));
    assert_false(in_async("def f():\n    return [g() for x in xs]\n", "g()", 0));
    assert_false(in_async("async def f():\n    return [(g() for y in x) for x in xs]\n", "g()", 0));
}

static void test_semantic__in_async_defaults_and_decorators(void **state)
{
    (void)state;
    /* evaluated in the enclosing async def, not in the nested function */
    assert_true(in_async("async def f():\n    def inner(x=g()):\n        pass\n", "g()", 0));
    assert_true(in_async("async def f():\n    @g()\n    def inner():\n        pass\n", "g()", 0));
    assert_true(in_async("async def f():\n    h = lambda x=g(): x\n", "g()", 0));
    assert_true(in_async("async def f():\n    class C(g()):\n        pass\n", "g()", 0));
    /* an async def's own defaults run where it is defined */
    assert_false(in_async("async def f(x=g()):\n    pass\n", "g()", 0));
}

static char *write_file(const char *dir, const char *rel, const char *text)
{
    char *path = af_asprintf("%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_semantic__relative_imports(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/af-sem-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    char *pkg = af_asprintf("%s/pkg", dir), *sub = af_asprintf("%s/pkg/sub", dir);
    assert_int_equal(mkdir(pkg, 0755), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    char *i1 = write_file(dir, "pkg/__init__.py", "");
    char *i2 = write_file(dir, "pkg/sub/__init__.py", "");
    const char *text =
        "from . import db\n"
        "from .db import fetch\n"
        "from ..util import sleep as nap\n"
        "from ... import toplevel\n"
        "async def f():\n"
        "    db.get()\n"
        "    fetch()\n"
        "    nap()\n"
        "    toplevel()\n";
    char *mod = write_file(dir, "pkg/sub/mod.py", text);

    char *name = af_module_name_for_path(mod);
    assert_string_equal(name, "pkg.sub.mod");
    free(name);
    name = af_module_name_for_path(i2);
    assert_string_equal(name, "pkg.sub");
    free(name);
    name = af_module_name_for_path(i1);
    assert_string_equal(name, "pkg");
    free(name);

    struct test_file *t = test_file_parse_as(mod, text, strlen(text));
    assert_string_equal(t->file.module, "pkg.sub.mod");
    char *q = qual_of(t, "db.get", 0);
    assert_string_equal(q, "pkg.sub.db.get");
    free(q);
    q = qual_of(t, "fetch()", 0);
    assert_string_equal(q, "pkg.sub.db.fetch");
    free(q);
    q = qual_of(t, "nap()", 0);
    assert_string_equal(q, "pkg.util.sleep");
    free(q);
    /* beyond the top-level package: not a name in any module we know */
    q = qual_of(t, "toplevel()", 0);
    assert_true(q == NULL || strncmp(q, "pkg", 3) != 0);
    free(q);
    test_file_free(t);

    /* in a package's __init__.py, one dot is the package itself */
    const char *init_text = "from . import db\ndb.get()\n";
    t = test_file_parse_as(i2, init_text, strlen(init_text));
    q = qual_of(t, "db.get", 0);
    assert_string_equal(q, "pkg.sub.db.get");
    free(q);
    test_file_free(t);

    /* a stub package's __init__.pyi is the package too */
    char *stub = write_file(dir, "pkg/sub/__init__.pyi", init_text);
    t = test_file_parse_as(stub, init_text, strlen(init_text));
    q = qual_of(t, "db.get", 0);
    assert_string_equal(q, "pkg.sub.db.get");
    free(q);
    test_file_free(t);
    unlink(stub);
    free(stub);

    unlink(mod);
    unlink(i2);
    unlink(i1);
    rmdir(sub);
    rmdir(pkg);
    rmdir(dir);
    free(mod);
    free(i1);
    free(i2);
    free(sub);
    free(pkg);
}

static void test_semantic__noqa(void **state)
{
    (void)state;
    const char *text =
        "a()  # noqa: AF101\n"
        "b()  # noqa\n"
        "c()  # noqa:AF102,AF101\n"
        "d()  # NOQA: AF102\n"
        "e()\n"
        "f('# noqa')\n"
        "g()  # noqa: AF102 AF103\n"
        "h()  # this is not a noqa comment\n"
        "i()  # type: ignore # noqa: AF101\n"
        "j()  # noqa:AF101 because the sleep is short\n";
    struct test_file *t = test_file_parse(text);
    const struct af_file *f = &t->file;
    uint32_t a = (uint32_t)(strstr(text, "a()") - text);
    uint32_t b = (uint32_t)(strstr(text, "b()") - text);
    uint32_t c = (uint32_t)(strstr(text, "c()") - text);
    uint32_t d = (uint32_t)(strstr(text, "d()") - text);
    uint32_t e = (uint32_t)(strstr(text, "e()") - text);
    uint32_t s = (uint32_t)(strstr(text, "f(") - text);
    uint32_t g = (uint32_t)(strstr(text, "g()") - text);
    assert_true(af_sem_noqa(f, a, "AF101"));
    assert_false(af_sem_noqa(f, a, "AF102"));
    assert_true(af_sem_noqa(f, b, "AF101"));
    assert_true(af_sem_noqa(f, b, "AF502"));
    assert_true(af_sem_noqa(f, c, "AF101"));
    assert_true(af_sem_noqa(f, c, "AF102"));
    assert_false(af_sem_noqa(f, c, "AF103"));
    assert_true(af_sem_noqa(f, d, "AF102"));
    assert_false(af_sem_noqa(f, d, "AF101"));
    assert_false(af_sem_noqa(f, e, "AF101"));
    assert_false(af_sem_noqa(f, s, "AF101"));   /* inside a string, not a comment */
    assert_true(af_sem_noqa(f, g, "AF103"));
    assert_false(af_sem_noqa(f, g, "AF101"));
    uint32_t h = (uint32_t)(strstr(text, "h()") - text);
    uint32_t i = (uint32_t)(strstr(text, "i()") - text);
    uint32_t j = (uint32_t)(strstr(text, "j()") - text);
    assert_false(af_sem_noqa(f, h, "AF101"));   /* the word in prose is no directive */
    assert_true(af_sem_noqa(f, i, "AF101"));
    assert_false(af_sem_noqa(f, i, "AF102"));
    assert_true(af_sem_noqa(f, j, "AF101"));
    assert_false(af_sem_noqa(f, j, "AF102"));
    assert_false(f->sem.skip_file);
    test_file_free(t);

    t = test_file_parse("# asyncfix: skip-file\nimport time\n");
    assert_true(t->file.sem.skip_file);
    test_file_free(t);
}

/* af_sem_module_alias seen from the nth call starting with `needle` */
static void assert_alias(const char *text, const char *needle, const char *module, const char *want,
                         bool want_need)
{
    struct test_file *t = test_file_parse(text);
    bool need = !want_need;
    const char *got = af_sem_module_alias(&t->file, test_call(t, needle, 0)->scope, module, ts_node_start_byte(test_call(t, needle, 0)->node), &need);
    if (want) {
        if (!got || strcmp(got, want) != 0)
            fail_msg("got %s, want %s in:\n%s", got ? got : "NULL", want, text);
        assert_int_equal(need, want_need);
    } else if (got) {
        fail_msg("got %s, want NULL in:\n%s", got, text);
    }
    test_file_free(t);
}

static void test_semantic__module_alias(void **state)
{
    (void)state;
    assert_alias("import asyncio as aio\nasync def f():\n    g()\n", "g()", "asyncio", "aio", false);
    assert_alias("import asyncio\nasync def f():\n    g()\n", "g()", "asyncio", "asyncio", false);
    assert_alias("import asyncio.subprocess\nasync def f():\n    g()\n", "g()", "asyncio", "asyncio", false);
    assert_alias("import time\nasync def f():\n    g()\n", "g()", "asyncio", "asyncio", true);
    /* the name is taken by something else */
    assert_alias("asyncio = None\nasync def f():\n    g()\n", "g()", "asyncio", NULL, false);
    assert_alias("async def f(asyncio):\n    g()\n", "g()", "asyncio", NULL, false);
    assert_alias("from trio import asyncio\nasync def f():\n    g()\n", "g()", "asyncio", NULL, false);
    /* the alias is shadowed locally: fall back to the module's own name */
    assert_alias("import asyncio as aio\nasync def f(aio):\n    g()\n", "g()", "asyncio", "asyncio", true);
    /* an import inside the function is reused there */
    assert_alias("async def f():\n    import asyncio as aio\n    g()\n", "g()", "asyncio", "aio", false);
}

static void test_semantic__framework(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("import trio\n");
    assert_int_equal(t->file.sem.framework, AF_FW_TRIO);
    test_file_free(t);
    t = test_file_parse("from anyio import sleep\n");
    assert_int_equal(t->file.sem.framework, AF_FW_ANYIO);
    test_file_free(t);
    t = test_file_parse("import trio\nimport asyncio\n");
    assert_int_equal(t->file.sem.framework, AF_FW_ASYNCIO);
    test_file_free(t);
    t = test_file_parse("x = 1\n");
    assert_int_equal(t->file.sem.framework, AF_FW_ASYNCIO);
    test_file_free(t);
}

static const char *scope_name_at(const char *text, const char *call)
{
    struct test_file *t = test_file_parse(text);
    const char *name = af_sem_scope_name(&t->file, test_call(t, call, 0)->scope);
    static char out[32];
    snprintf(out, sizeof(out), "%s", name ? name : "(null)");
    test_file_free(t);
    return out;
}

static void test_semantic__scope_name(void **state)
{
    (void)state;
    assert_string_equal(scope_name_at("async def fetch():\n    g()\n", "g()"), "fetch");
    assert_string_equal(scope_name_at("async def fetch():\n    return [g() for x in y]\n", "g()"), "fetch");
    assert_string_equal(scope_name_at("async def fetch():\n    h = lambda: g()\n", "g()"), "<lambda>");
    assert_string_equal(scope_name_at("async def fetch():\n    return (g() for x in y)\n", "g()"), "<lambda>");
    assert_string_equal(scope_name_at("class C:\n    x = g()\n", "g()"), "C");
    assert_string_equal(scope_name_at("g()\n", "g()"), "(null)");
}

static void test_semantic__fresh_name(void **state)
{
    (void)state;
    static const char *const names[] = { "client", "http_client", NULL };
    struct test_file *t = test_file_parse("import client_3\nasync def f(client):\n    http_client = client_2 = 1\n"
                                          "async def g():\n    pass\n");
    struct af_buf out = AF_BUF_INIT;
    TSNode f = test_find(t, "async def f", 0, af_sym.function_definition);
    TSNode g = test_find(t, "async def g", 0, af_sym.function_definition);
    assert_int_equal(af_sem_fresh_name(&out, &t->file, g, names, "client_", 2), 0);
    assert_string_equal(out.ptr, "client");
    /* taken in the function, or bound at module level: numbered from `first` */
    assert_int_equal(af_sem_fresh_name(&out, &t->file, f, names, "client_", 2), 0);
    assert_string_equal(out.ptr, "client_4");
    static const char *const none[] = { NULL };
    assert_int_equal(af_sem_fresh_name(&out, &t->file, g, none, "client_", 3), 0);
    assert_string_equal(out.ptr, "client_4");
    af_buf_dispose(&out);
    test_file_free(t);
}

static void test_semantic__block_stmts(void **state)
{
    (void)state;
    const char *text = "import a\nasync def f():\n    x = 1\n    # note\n    if x:\n        y = 2\n    z = 3\n";
    struct test_file *t = test_file_parse(text);
    TSNode body = af_field_child(test_find(t, "async def", 0, af_sym.function_definition), af_field.body);
    const struct af_block_stmts *bs = af_sem_block_stmts(&t->file, body);
    assert_non_null(bs);
    /* comments are statements of the index too */
    assert_int_equal(bs->n, 4);
    assert_true(af_is(bs->stmts[1], af_sym.comment));
    assert_true(ts_node_eq(t->file.sem.blocks.items[bs->id].node, body));
    /* asked again: the same index */
    assert_ptr_equal(af_sem_block_stmts(&t->file, body), bs);
    uint32_t y = (uint32_t)(strstr(text, "y = 2") - text);
    assert_int_equal(af_sem_stmt_at(bs, y), 2);
    assert_int_equal(af_sem_stmt_at(bs, 0), UINT32_MAX);
    assert_int_equal(af_sem_stmt_find(bs, bs->stmts[3]), 3);
    assert_int_equal(af_sem_stmt_find(bs, body), UINT32_MAX);
    const struct af_block_stmts *top = af_sem_block_stmts(&t->file, t->file.root);
    assert_non_null(top);
    assert_int_equal(top->n, 2);
    assert_null(af_sem_block_stmts(&t->file, bs->stmts[0]));
    test_file_free(t);
}

static void test_semantic__scope_of(void **state)
{
    (void)state;
    /* a class at byte 0 shares its start with the module; a decorator's lambda starts before its def */
    const char *text = "class A:\n    async def m(self):\n        pass\n"
                       "@deco(lambda: 1)\nclass B:\n    xs = [y for y in z]\n";
    struct test_file *t = test_file_parse(text);
    TSNode a = test_find(t, "class A", 0, af_sym.class_definition);
    TSNode b = test_find(t, "class B", 0, af_sym.class_definition);
    TSNode m = test_find(t, "async def m", 0, af_sym.function_definition);
    TSNode comp = test_find(t, "[y for", 0, af_sym.list_comprehension);
    int sa = af_sem_scope_of(&t->file, a), sb = af_sem_scope_of(&t->file, b);
    assert_true(sa > 0 && t->file.sem.scopes[sa].kind == AF_SCOPE_CLASS);
    assert_string_equal(t->file.sem.scopes[sa].name, "A");
    assert_true(sb > 0 && t->file.sem.scopes[sb].kind == AF_SCOPE_CLASS);
    assert_string_equal(t->file.sem.scopes[sb].name, "B");
    assert_int_equal(t->file.sem.scopes[af_sem_scope_of(&t->file, m)].parent, sa);
    assert_int_equal(t->file.sem.scopes[af_sem_scope_of(&t->file, comp)].parent, sb);
    assert_int_equal(af_sem_scope_of(&t->file, t->file.root), 0);
    /* a node that opens no scope */
    assert_int_equal(af_sem_scope_of(&t->file, af_field_child(a, af_field.body)), -1);
    test_file_free(t);
}

/* af_sem_offloaded for the `nth` node of `sym` starting with `needle` */
static bool offloaded(const struct test_file *t, const char *needle, int nth, TSSymbol sym)
{
    TSNode n = test_find(t, needle, nth, sym);
    const struct af_site *site = test_call(t, "trio.wrap_file(", 0);
    return af_sem_offloaded(&t->file, n, site->scope);
}

static void test_semantic__offloaded_calls_and_callables(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse(
        "import asyncio, functools, trio, anyio as an\n"
        "async def g(p, loop):\n"
        "    await trio.wrap_file(open(p))\n"
        "    await an.wrap_file(open(p))\n"
        "    await asyncio.to_thread(open, p)\n"
        "    await loop.run_in_executor(None, open, p)\n"
        "    await loop.run_in_executor(None, functools.partial(open, p))\n"
        "    await asyncio.to_thread(open(p).read)\n"
        "    await asyncio.wrap_file(open(p))\n"
        "    await asyncio.to_thread(p, open)\n"
        "    functools.partial(open, p)\n");
    assert_true(offloaded(t, "open(p))", 0, af_sym.call));
    assert_true(offloaded(t, "open(p))", 1, af_sym.call));
    assert_true(offloaded(t, "open, p)", 0, af_sym.identifier));
    assert_true(offloaded(t, "open, p)", 1, af_sym.identifier));
    assert_true(offloaded(t, "open, p))", 0, af_sym.identifier));
    /* the open runs before the hand-over; asyncio has no wrap_file; not the callable's place */
    assert_false(offloaded(t, "open(p).read", 0, af_sym.call));
    assert_false(offloaded(t, "open(p))", 2, af_sym.call));
    assert_false(offloaded(t, "open)", 0, af_sym.identifier));
    /* a partial that is not handed over */
    assert_false(offloaded(t, "open, p)\n", 2, af_sym.identifier));
    test_file_free(t);
}

/* the annotated type of the receiver of the call at the first `needle` (`x.m(`), or NULL */
static void assert_type(const char *text, const char *needle, const char *want)
{
    struct test_file *t = test_file_parse(text);
    const struct af_site *site = test_call(t, needle, 0);
    TSNode recv = af_field_child(af_field_child(site->node, af_field.function), af_field.object);
    const char *got = af_sem_type_of(&t->file, recv, site->scope);
    if (want ? !got || strcmp(got, want) != 0 : got != NULL)
        fail_msg("%s: got %s, want %s in:\n%s", needle, got ? got : "(none)", want ? want : "(none)", text);
    test_file_free(t);
}

static void test_semantic__annotated_types(void **state)
{
    (void)state;
    const char *h = "import httpx\nimport typing\nfrom typing import Optional, Union\n";
    char buf[512];
#define TYPED(body, want) \
    do { snprintf(buf, sizeof(buf), "%s%s", h, body); assert_type(buf, "c.get(", want); } while (0)
    TYPED("async def f(c: httpx.Client):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: httpx.Client = None):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: Optional[httpx.Client] = None):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: typing.Optional[httpx.Client]):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: httpx.Client | None):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: None | httpx.Client):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: Union[httpx.Client, None]):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: typing.Union[None, httpx.Client]):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: \"httpx.Client\"):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: \"Optional[httpx.Client]\"):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: 'httpx.Client | None'):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: Optional[\"httpx.Client\"]):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f():\n    c: httpx.Client = make()\n    c.get(u)\n", "httpx.Client");
    TYPED("c: Optional[httpx.Client] = None\nasync def f():\n    c.get(u)\n", "httpx.Client");
    TYPED("c: httpx.Client\nasync def f():\n    global c\n    c = httpx.Client()\n    c.get(u)\n", "httpx.Client");
    TYPED("from httpx import Client as HC\nasync def f(c: HC):\n    c.get(u)\n", "httpx.Client");
    TYPED("import typing_extensions as te\nasync def f(c: te.Optional[httpx.Client]):\n    c.get(u)\n",
          "httpx.Client");
    TYPED("async def f(c: typing.IO[str]):\n    c.get(u)\n", "typing.IO");
    /* near misses: rebound, two types, a union of two types, a local class, a shadowed import */
    TYPED("async def f(c: httpx.Client):\n    c = make()\n    c.get(u)\n", NULL);
    TYPED("async def f():\n    c: httpx.Client = a()\n    c: int = 2\n    c.get(u)\n", NULL);
    TYPED("async def f(c: httpx.Client | int):\n    c.get(u)\n", NULL);
    TYPED("async def f(c: None | httpx.Client | None):\n    c.get(u)\n", "httpx.Client");
    TYPED("async def f(c: httpx.Client | None | int):\n    c.get(u)\n", NULL);
    TYPED("class Client: pass\nasync def f(c: Client):\n    c.get(u)\n", NULL);
    TYPED("def httpx(): pass\nasync def f(c: httpx.Client):\n    c.get(u)\n", NULL);
    TYPED("async def f(c: list[httpx.Client]):\n    c.get(u)\n", "builtins.list");
    TYPED("async def f(c):\n    c.get(u)\n", NULL);
#undef TYPED
}

/* every site's parent and grandparent are what the runtime's ts_node_parent says */
static void check_sites(const struct af_site_list *list)
{
    for (uint32_t i = 0; i < list->n; i++) {
        const struct af_site *site = &list->items[i];
        TSNode parent = ts_node_parent(site->node);
        if (ts_node_is_null(parent))   /* the module's own block site */
            continue;
        assert_true(ts_node_eq(site->parent, parent));
        TSNode grand = ts_node_parent(parent);
        assert_true(ts_node_is_null(grand) ? ts_node_is_null(site->grandparent) : ts_node_eq(site->grandparent, grand));
    }
}

static void test_semantic__site_parents(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse(
        "import asyncio  # c\n"
        "f(g(h(1)), *k(2), x=m(3))\n"
        "@dec(a())\n"
        "async def main(p=d()):\n"
        "    # c\n"
        "    await asyncio.to_thread(functools.partial(open, p()), (q()))\n"
        "    with open(a()) as f, b():\n"
        "        for x in y(): await z(x)\n"
        "    return [await w(i) for i in v()] + (lambda: u())()\n"
        "class C(Base(), metaclass=M()):\n"
        "    x = s(t())\n");
    const struct af_semantic *sem = &t->file.sem;
    assert_true(sem->calls.n >= 20);
    check_sites(&sem->calls);
    check_sites(&sem->awaits);
    check_sites(&sem->withs);
    check_sites(&sem->fors);
    check_sites(&sem->blocks);
    test_file_free(t);
}

/* the walk passes over the parts of attributes, subscripts, operators and strings that hold nothing it records, and
 * over nothing else: calls, awaits, comments, comprehensions and targets inside them are all there */
static void test_semantic__walk_skips_nothing_recorded(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("async def f(a: dict[str, int] = {}):\n"
                                          "    x = a.b[g(1)].c\n"
                                          "    y = not (await h) and z\n"
                                          "    w = [k for k in a.d] + (a.e  # noqa: AF101\n"
                                          "    )\n"
                                          "    v = f'{await i()}' if a.f else 'plain'\n"
                                          "    with a.g as (p, q):\n"
                                          "        pass\n"
                                          "    return a.h, (r := 1)\n");
    const struct af_semantic *sem = &t->file.sem;
    assert_int_equal(sem->calls.n, 2);    /* g(1), i() */
    assert_int_equal(sem->awaits.n, 2);   /* await h, await i() */
    assert_int_equal(sem->nnoqa, 1);
    int fn = 1;
    assert_non_null(af_sem_binding_in(&t->file, fn, "p", 1));
    assert_non_null(af_sem_binding_in(&t->file, fn, "q", 1));
    assert_non_null(af_sem_binding_in(&t->file, fn, "r", 1));
    assert_int_equal(sem->nscopes, 3);    /* module, f, the comprehension */
    test_file_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semantic__import_as),
        cmocka_unit_test(test_semantic__from_import),
        cmocka_unit_test(test_semantic__unbound_is_builtin),
        cmocka_unit_test(test_semantic__parameter_shadows),
        cmocka_unit_test(test_semantic__assignment_shadows),
        cmocka_unit_test(test_semantic__loop_with_except_targets_shadow),
        cmocka_unit_test(test_semantic__class_body_not_visible_from_methods),
        cmocka_unit_test(test_semantic__global),
        cmocka_unit_test(test_semantic__local_def_named_sleep),
        cmocka_unit_test(test_semantic__comprehension_variable),
        cmocka_unit_test(test_semantic__in_async),
        cmocka_unit_test(test_semantic__in_async_stops_at_nested_scopes),
        cmocka_unit_test(test_semantic__in_async_through_comprehensions),
        cmocka_unit_test(test_semantic__in_async_defaults_and_decorators),
        cmocka_unit_test(test_semantic__relative_imports),
        cmocka_unit_test(test_semantic__noqa),
        cmocka_unit_test(test_semantic__module_alias),
        cmocka_unit_test(test_semantic__framework),
        cmocka_unit_test(test_semantic__scope_name),
        cmocka_unit_test(test_semantic__fresh_name),
        cmocka_unit_test(test_semantic__block_stmts),
        cmocka_unit_test(test_semantic__scope_of),
        cmocka_unit_test(test_semantic__offloaded_calls_and_callables),
        cmocka_unit_test(test_semantic__annotated_types),
        cmocka_unit_test(test_semantic__site_parents),
        cmocka_unit_test(test_semantic__walk_skips_nothing_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
