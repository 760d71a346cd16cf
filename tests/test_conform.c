/*
 * test_conform.c - src/conform.c: what CPython rejects in a tree that
 * tree-sitter parsed without an error, and what it accepts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "asyncfix/conform.h"
#include "asyncfix/lang.h"

/* the reason af_conform_check gives for `text` (AF_CONFORM_OK when accepted) */
static enum af_conform_reason reason_of(const char *text, int target_minor)
{
    static TSParser *parser;
    if (!parser) {
        assert_int_equal(af_lang_init(), 0);
        parser = ts_parser_new();
        ts_parser_set_language(parser, tree_sitter_python());
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)strlen(text));
    assert_non_null(tree);
    if (ts_node_has_error(ts_tree_root_node(tree)))
        fail_msg("tree-sitter does not parse:\n%s", text);
    struct af_conform_error err;
    int rc = af_conform_check(&err, text, (uint32_t)strlen(text), ts_tree_root_node(tree), target_minor);
    ts_tree_delete(tree);
    assert_int_equal(rc == 0, err.reason == AF_CONFORM_OK);
    return err.reason;
}

static void expect(const char *text, enum af_conform_reason want)
{
    enum af_conform_reason got = reason_of(text, 11);
    if (got != want)
        fail_msg("for:\n%s\ngot: %s\nwant: %s", text, got ? af_conform_message(got) : "accepted",
                 want ? af_conform_message(want) : "accepted");
}

/* a logical line that begins with lines of blanks and a backslash: the first of them with blanks sets
 * its indentation (each expectation checked with python3.11's compile) */
static void test_conform__backslash_line_indentation(void **state)
{
    (void)state;
    expect("if x:\n\\\n        y = 1\n", AF_CONFORM_OK);
    expect("if x:\n    pass\n\\\n    y = 1\n", AF_CONFORM_OK);
    /* CPython accepts these, but the tree's blocks follow the line of the statement: refused, never fixed */
    assert_int_not_equal(reason_of("if x:\n        \\\n  y = 1\n        w = 2\n", 11), AF_CONFORM_OK);
    assert_int_not_equal(reason_of("if x:\n\\\n    \\\n        y = 1\n    w = 2\n", 11), AF_CONFORM_OK);
    expect("if x:\n  \\\n        y = 1\n    w = 2\n", AF_CONFORM_UNEXPECTED_INDENT);
    expect("if x:\n    pass\n   \\\n     y = 1\n", AF_CONFORM_UNINDENT_MISMATCH);
    expect("if x:\n        \\\n  y = 1\n    w = 2\n", AF_CONFORM_UNINDENT_MISMATCH);
    expect("if x:\r\n    pass\r\n   \\\r\n     y = 1\r\n", AF_CONFORM_UNINDENT_MISMATCH);
    expect("if x:\n    pass\n   \t\\\n        y = 1\n", AF_CONFORM_UNEXPECTED_INDENT);
}

static void test_conform__await_placement(void **state)
{
    (void)state;
    expect("async def f(x):\n    return await x\n", AF_CONFORM_OK);
    expect("async def f(xs):\n    return [await x for x in xs]\n", AF_CONFORM_OK);
    expect("async def f(xs):\n    return {x: await x for x in xs}\n", AF_CONFORM_OK);
    expect("async def f(xs):\n    async for x in xs:\n        async with x:\n            pass\n", AF_CONFORM_OK);
    expect("async def f(xs):\n    return [x async for x in xs]\n", AF_CONFORM_OK);
    expect("def f(x):\n    return await x\n", AF_CONFORM_AWAIT_OUTSIDE_ASYNC);
    expect("async def f(x):\n    def g():\n        return await x\n    return g\n", AF_CONFORM_AWAIT_OUTSIDE_ASYNC);
    expect("async def f(x):\n    return lambda: await x\n", AF_CONFORM_AWAIT_OUTSIDE_ASYNC);
    expect("def f(xs):\n    return [await x for x in xs]\n", AF_CONFORM_ASYNC_COMPREHENSION);
    expect("def f(xs):\n    async for x in xs:\n        pass\n", AF_CONFORM_ASYNC_OUTSIDE);
    expect("def f(cm):\n    async with cm:\n        pass\n", AF_CONFORM_ASYNC_OUTSIDE);
    expect("async def f(x):\n    await await x\n", AF_CONFORM_AWAIT_OPERAND);
    expect("async def f(x):\n    await (await x)\n", AF_CONFORM_OK);
    expect("async def f(x):\n    await -x\n", AF_CONFORM_AWAIT_OPERAND);
    expect("x = 1\nawait x\n", AF_CONFORM_AWAIT_OUTSIDE_FUNCTION);
}

static void test_conform__statement_placement(void **state)
{
    (void)state;
    expect("return 1\n", AF_CONFORM_RETURN_OUTSIDE);
    expect("yield 1\n", AF_CONFORM_YIELD_OUTSIDE);
    expect("class A:\n    return 1\n", AF_CONFORM_RETURN_OUTSIDE);
    expect("break\n", AF_CONFORM_BREAK_OUTSIDE);
    expect("for x in y:\n    def f():\n        continue\n", AF_CONFORM_CONTINUE_OUTSIDE);
    expect("for x in y:\n    if x:\n        break\n", AF_CONFORM_OK);
    expect("async def f():\n    yield 1\n    return 2\n", AF_CONFORM_RETURN_ASYNC_GENERATOR);
    expect("def f():\n    from os import *\n", AF_CONFORM_IMPORT_STAR);
    expect("import os,\n", AF_CONFORM_IMPORT_COMMA);
    expect("from os import path,\n", AF_CONFORM_IMPORT_COMMA);
    expect("from os import (path,)\n", AF_CONFORM_OK);
    expect("with a,:\n    pass\n", AF_CONFORM_WITH_COMMA);
    expect("with a as b, c,:\n    pass\n", AF_CONFORM_WITH_COMMA);
    expect("with (a, b),:\n    pass\n", AF_CONFORM_WITH_COMMA);
    expect("async def f():\n    async with a,:\n        pass\n", AF_CONFORM_WITH_COMMA);
    expect("with (a,):\n    pass\n", AF_CONFORM_OK);
    expect("with (a as b, c,):\n    pass\n", AF_CONFORM_OK);
    expect("with (a, b):\n    pass\n", AF_CONFORM_OK);
    expect("with a, b:\n    pass\n", AF_CONFORM_OK);
    expect("x = 1\nfrom __future__ import annotations\n", AF_CONFORM_FUTURE_LATE);
    expect("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nx = 1\n", AF_CONFORM_OK);
}

static void test_conform__blocks_and_lines(void **state)
{
    (void)state;
    expect("import os\n\n\nclass A:\n    x = 1\n\n    def m(self):\n        pass\n", AF_CONFORM_OK);
    expect("x = (1,\n     2)\ny = 1 + \\\n    2\n", AF_CONFORM_OK);
    expect("if x:\n\tpass\nelse:\n        pass\n", AF_CONFORM_OK);
    expect("print 'x'\n", AF_CONFORM_PYTHON2);
    expect("async = 1\n", AF_CONFORM_KEYWORD_NAME);
    expect("x = 0777\n", AF_CONFORM_LEADING_ZEROS);
    expect("f(x for x in y, 1)\n", AF_CONFORM_ARGUMENT_GENERATOR);
    expect("f(a=1, a=2)\n", AF_CONFORM_ARGUMENT_REPEATED);
    expect("def f(a, a):\n    pass\n", AF_CONFORM_PARAMETER_DUPLICATE);
    expect("x = b'a' 'b'\n", AF_CONFORM_MIXED_BYTES);
    expect("\xef\xbb\xbf# coding: utf-8\nx = 1\n", AF_CONFORM_OK);
    expect("\xef\xbb\xbf# coding: utf_8\nx = 1\n", AF_CONFORM_OK);
    expect("\xef\xbb\xbf# coding: utf8\nx = 1\n", AF_CONFORM_ENCODING);
    expect("# coding: utf8\nx = 1\n", AF_CONFORM_OK);
}

static void test_conform__versions(void **state)
{
    (void)state;
    expect("type X = int\n", AF_CONFORM_NEEDS_PY312);
    assert_int_equal(reason_of("type X = int\n", 12), AF_CONFORM_OK);
    expect("type(x).y = 1\n", AF_CONFORM_OK);
    expect("match x:\n    case 1 + 2j:\n        pass\n", AF_CONFORM_OK);
    expect("try:\n    pass\nexcept *TypeError as e:\n    pass\n", AF_CONFORM_OK);
    expect("try:\n    pass\nexcept *TypeError:\n    pass\nexcept ValueError:\n    pass\n", AF_CONFORM_EXCEPT_ORDER);
    /* `except* m.E` parses as an except clause of `(*m).E` */
    expect("try:\n    pass\nexcept ValueError:\n    pass\nexcept* m.E:\n    pass\n", AF_CONFORM_EXCEPT_ORDER);
    expect("try:\n    pass\nexcept* m.E:\n    pass\n", AF_CONFORM_OK);
    expect("x = f'{y:=10}'\n", AF_CONFORM_OK);
    expect("x: y as z\n", AF_CONFORM_TARGET);
    expect("with a as b, (c) as d:\n    pass\n", AF_CONFORM_OK);
    expect("match x:\n    case [1, 2] as y:\n        pass\n", AF_CONFORM_OK);
    /* `as` once (the fuzzer's `with t(db) as Trueool() as p:`); a case pattern nests in parentheses */
    expect("with a as b as c:\n    pass\n", AF_CONFORM_TARGET);
    expect("with t(db) as Trueool() as p:\n    pass\n", AF_CONFORM_TARGET);
    expect("try:\n    pass\nexcept E as x as y:\n    pass\n", AF_CONFORM_TARGET);
    expect("match x:\n    case a as b as c:\n        pass\n", AF_CONFORM_TARGET);
    expect("match x:\n    case (a as b) as c:\n        pass\n", AF_CONFORM_OK);
    expect("match x:\n    case [a as b] as c:\n        pass\n", AF_CONFORM_OK);
}

/* each case checked with python3.11's compile() */
/* shapes the grammar takes and CPython rejects, found by the fuzz session (each checked with compile) */
static void test_conform__star_parameters_debug_imports_annotation_colons(void **state)
{
    (void)state;
    expect("def f(*a[0]): pass\n", AF_CONFORM_PARAMETER_STAR_NAME);
    expect("def f(**a.b): pass\n", AF_CONFORM_PARAMETER_STAR_NAME);
    expect("lambda *a.b: 0\n", AF_CONFORM_PARAMETER_STAR_NAME);
    expect("def f(*a.b: int): pass\n", AF_CONFORM_PARAMETER_STAR_NAME);
    expect("def f(*a, **b): pass\n", AF_CONFORM_OK);
    expect("def f(*, a): pass\n", AF_CONFORM_OK);
    expect("lambda *a, **k: 0\n", AF_CONFORM_OK);
    expect("def f(*a: int, **k: str): pass\n", AF_CONFORM_OK);
    expect("import __debug__\n", AF_CONFORM_DEBUG_ASSIGN);
    expect("import __debug__.x\n", AF_CONFORM_DEBUG_ASSIGN);
    expect("import x as y, __debug__\n", AF_CONFORM_DEBUG_ASSIGN);
    expect("from . import __debug__\n", AF_CONFORM_DEBUG_ASSIGN);
    expect("from x import (__debug__)\n", AF_CONFORM_DEBUG_ASSIGN);
    expect("from x import a as __debug__\n", AF_CONFORM_DEBUG_ASSIGN);
    expect("from __debug__ import x\n", AF_CONFORM_OK);
    expect("import x.__debug__\n", AF_CONFORM_OK);
    expect("import __debug__ as d\n", AF_CONFORM_OK);
    expect("from x import __debug__ as d\n", AF_CONFORM_OK);
    expect("x: a:b\n", AF_CONFORM_ANNOTATION_COLON);
    expect("x: a | b:c = 1\n", AF_CONFORM_ANNOTATION_COLON);
    expect("def f(a: b:c): pass\n", AF_CONFORM_ANNOTATION_COLON);
    expect("def f(a: b:c=1): pass\n", AF_CONFORM_ANNOTATION_COLON);
    expect("x: list[a:b:c] = 1\n", AF_CONFORM_OK);
    expect("x: list[a | b:c] = 1\n", AF_CONFORM_OK);
    expect("x: dict[a:b, c:d] = {}\n", AF_CONFORM_OK);
    expect("x: list[int] | a[1:2] = 1\n", AF_CONFORM_OK);
    expect("def f(a: list[x:y]) -> dict[a:b]: pass\n", AF_CONFORM_OK);
    expect("def f(*args: tuple[a:b]): pass\n", AF_CONFORM_OK);
    expect("def f(*args: *Ts): pass\n", AF_CONFORM_OK);
    /* a starred operand (`*P*th` is `*(P*th)`) is an annotation of `*args` only, or in a subscript */
    expect("def f(root: *P*th): pass\n", AF_CONFORM_STARRED_HERE);
    expect("x: *P*th = 1\n", AF_CONFORM_STARRED_HERE);
    expect("def f(**k: *P*th): pass\n", AF_CONFORM_STARRED_HERE);
    expect("def f(*a: *P*th): pass\n", AF_CONFORM_OK);
    expect("def f(a: tuple[*P*th]): pass\n", AF_CONFORM_OK);
    expect("x: tuple[*Ts] = 1\n", AF_CONFORM_OK);
    expect("f(*a*b)\n", AF_CONFORM_OK);
    /* a type parameter's bound (3.12) */
    assert_int_equal(reason_of("def f[T: int](): pass\n", 12), AF_CONFORM_OK);
    assert_int_equal(reason_of("class C[T: (int, str)]: pass\n", 12), AF_CONFORM_OK);
}

static void test_conform__nonlocal_bound(void **state)
{
    (void)state;
    /* every binding form of an enclosing function, wherever in its body; through a class body; a chain;
     * in the declaring scope, a binding after the declaration, an import or a nested scope's binding before it */
    expect("def f():\n    def g():\n        nonlocal x\n    x = 1\n", AF_CONFORM_OK);
    expect("def f(a, /, b, *args, c, d=1, e: int = 2, **kw):\n    def g():\n"
           "        nonlocal a, b, args, c, d, e, kw\n", AF_CONFORM_OK);
    expect("def f(*args: int, **kw: str):\n    def g():\n        nonlocal args, kw\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal x, b\n    for x, (a, *b) in y:\n"
           "        pass\n", AF_CONFORM_OK);
    expect("async def f():\n    def g():\n        nonlocal x, y\n    async for x in z:\n"
           "        pass\n    async with z as (a, [y]):\n        pass\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal e\n    try:\n        pass\n"
           "    except E as e:\n        pass\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal os, p, path, j\n    import os.path\n"
           "    import os.path as p\n    from os import path, join as j\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal x, y\n    del x, (a, [y])\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal h, C\n    async def h():\n        pass\n"
           "    @d\n    class C:\n        pass\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal x, y, z\n    if (x := 1):\n"
           "        [[(y := i) for i in j] for j in k]\n    {(z := 1) for _ in k}\n", AF_CONFORM_OK);
    expect("def f():\n    @(d := dec)\n    def g(a=(x := 1)) -> (r := int):\n"
           "        nonlocal d, x, r\n", AF_CONFORM_OK);
    expect("def f():\n    class C((x := object)):\n        pass\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_OK);
    expect("def f(v):\n    def g():\n        nonlocal a, b, c, d, e, k, s\n    match v:\n"
           "        case [a, *b]:\n            pass\n        case {\"k\": c, **d}:\n"
           "            pass\n        case P(x=e) as k:\n            pass\n"
           "        case str(s):\n            pass\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal x, y, z\n    x: int\n    (y): int = 1\n"
           "    z += 1\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    class C:\n        def g(self):\n            nonlocal x\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    class C:\n        global x\n        def g(self):\n"
           "            nonlocal x\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    class C:\n        nonlocal x\n        x = 2\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        def h():\n            nonlocal x\n"
           "        nonlocal x\n    x = 1\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        def h():\n            nonlocal x\n    x = 1\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    def k():\n        global x\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_OK);
    expect("class C:\n    def m(self):\n        nonlocal __class__\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        nonlocal g\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    def g():\n        import x\n        from m import x\n"
           "        (x): int\n        lambda x: x\n        [x for x in y]\n        def h():\n"
           "            x: int = 1\n        nonlocal x\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n"
           "        for x in y:\n            pass\n        [(x := i) for i in y]\n", AF_CONFORM_OK);
}

static void test_conform__nonlocal_rejected(void **state)
{
    (void)state;
    /* a class body, a nested def, lambda or comprehension, an attribute or a dotted tail binds nothing;
     * the declaring scope may not annotate the name, bind it before (an import may) or make it global */
    expect("import time\ndef make(f):\n    t = f()\n    async def tick():\n"
           "        nonlocal time\n        time.sleep(1)\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("x = 1\ndef f():\n    def g():\n        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    class C:\n        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    def h():\n        x = 1\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    class C:\n        x = 1\n        def g(self):\n"
           "            nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    [i for i in y]\n    def g():\n        nonlocal i\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    lambda b: (x := b)\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    lambda b: b\n    def g():\n        nonlocal b\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    lambda: [(x := 1) for i in y]\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    import os.path\n    def g():\n"
           "        nonlocal path\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    from os import join as j\n    def g():\n"
           "        nonlocal join\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f(self):\n    self.x = 1\n    def g():\n        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f(a):\n    a[x] = 1\n    del a[x]\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    print(x=1)\n    def g():\n        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    (x): int\n    def g():\n        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f(v):\n    match v:\n        case P(x=a.b):\n"
           "            pass\n    def g():\n        nonlocal P\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f(v):\n    match v:\n        case P(x=a.b):\n"
           "            pass\n    def g():\n        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f(v):\n    match v:\n        case P(x=a.b):\n"
           "            pass\n    def g():\n        nonlocal b\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f(v):\n    match v:\n        case [*_, _]:\n            pass\n"
           "    def g():\n        nonlocal _\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    x = 1\n    def g():\n        global x\n"
           "        def h():\n            nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    global x\n    x = 1\n    def g():\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    def g():\n        nonlocal __class__\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    a = 1\n    def g():\n        nonlocal a, b\n", AF_CONFORM_NONLOCAL_NO_BINDING);
    expect("def f():\n    x = 1\n    def g():\n        global x\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_GLOBAL);
    expect("def f():\n    x = 1\n    class C:\n        nonlocal x\n"
           "        global x\n", AF_CONFORM_NONLOCAL_GLOBAL);
    expect("def f(x):\n    def g(x):\n        nonlocal x\n", AF_CONFORM_PARAMETER_GLOBAL);
    expect("def f():\n    x = 1\n    def g():\n        nonlocal x\n"
           "        x: int\n", AF_CONFORM_NONLOCAL_ANNOTATED);
    expect("def f():\n    x = 1\n    def g():\n        x: int = 1\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_ANNOTATED);
    expect("def f():\n    x = 1\n    class C:\n        nonlocal x\n"
           "        x: int\n", AF_CONFORM_NONLOCAL_ANNOTATED);
    expect("def f():\n    x = 1\n    def g():\n        for x in y:\n"
           "            nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_ASSIGN);
    expect("def f():\n    x = 1\n    def g():\n"
           "        [(x := i) for i in y]\n        nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_ASSIGN);
    expect("def f():\n    x = 1\n    def g():\n        match v:\n"
           "            case [x]:\n                pass\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_ASSIGN);
    expect("def f():\n    x = 1\n    def g():\n        def h(a=(x := 1)):\n"
           "            pass\n        nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_ASSIGN);
    expect("def f():\n    x = 1\n    def g():\n        nonlocal x\n"
           "        x = 2\n        nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_ASSIGN);
    expect("def f():\n    x = 1\n    class C:\n        x = 2\n"
           "        nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_ASSIGN);
}

/* `global x` as CPython's symbol table reads it; an import before it, a module's annotation after it are fine */
static void test_conform__global_accepted(void **state)
{
    (void)state;
    expect("global x\nx: int\n", AF_CONFORM_OK);
    expect("import x\nglobal x\n", AF_CONFORM_OK);
    expect("[x := 1 for _ in ()]\nglobal x\n", AF_CONFORM_OK);
    expect("def f():\n    import x\n    from m import y\n    import z.w\n    global x, y, z\n", AF_CONFORM_OK);
    expect("def f():\n    global x\n    x = 1\n    del x\n    for x in y:\n        pass\n", AF_CONFORM_OK);
    expect("def f():\n    (x): int\n    global x\n    (x): int\n", AF_CONFORM_OK);
    expect("def f():\n    [x for x in ()]\n    lambda x: x\n    global x\n", AF_CONFORM_OK);
    expect("def f():\n    def g(x):\n        x = 1\n    class C:\n        x = 1\n"
           "    global x\n", AF_CONFORM_OK);
    expect("def f():\n    def g():\n        global x\n        x = 1\n    global x\n    x = 2\n", AF_CONFORM_OK);
    expect("def f():\n    a.x = 1\n    g(x=1)\n    global x\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    def g():\n        global x\n", AF_CONFORM_OK);
    expect("class C:\n    global __qualname__, __module__\n", AF_CONFORM_OK);
}

/* x bound or annotated before `global x` in the same scope, or annotated after it in a def's or class's body */
static void test_conform__global_rejected(void **state)
{
    (void)state;
    expect("global x\nx = 1\nglobal x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("x = 1\nglobal x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("(x := 1)\nglobal x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("x: int\nglobal x\n", AF_CONFORM_GLOBAL_ANNOTATED);
    expect("def f():\n    x = 1\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    (x): int = 1\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    global x\n    x = 1\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    x += 1\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    del x\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    [x := 1 for _ in ()]\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    for x in y:\n        global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    with a as x:\n        pass\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    try:\n        pass\n    except E as x:\n        pass\n"
           "    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    def x():\n        pass\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    class x:\n        pass\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    match v:\n        case [x]:\n            pass\n    global x\n"
           "", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    if a:\n        x = 1\n    else:\n        global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("class C:\n    x = 1\n    global x\n", AF_CONFORM_GLOBAL_AFTER_ASSIGN);
    expect("def f():\n    x: int\n    global x\n", AF_CONFORM_GLOBAL_ANNOTATED);
    expect("def f():\n    global x\n    x: int\n", AF_CONFORM_GLOBAL_ANNOTATED);
    expect("def f():\n    global x\n    x: int = 1\n", AF_CONFORM_GLOBAL_ANNOTATED);
    expect("class C:\n    global x\n    x: int\n", AF_CONFORM_GLOBAL_ANNOTATED);
}

/* `global x` or `nonlocal x` after a read of x in the same scope; a read in a scope of its own is fine */
static void test_conform__declaration_after_use(void **state)
{
    (void)state;
    static const char *const reads[] = {
        "x", "print(x)", "x.a = 1", "x[0] = 1", "a[x]", "a[1:x]", "f(*x)", "f(**x)", "{**x}", "a = x",
        "a: int = x", "a += x", "a = b if c else x", "a = not x", "a = -x", "a = 1 + x", "a = x or b",
        "a = 1 < x", "f'{x}'", "return x", "yield x", "assert x", "raise e from x", "if x:\n        pass",
        "while x:\n        break", "for a in x:\n        pass", "with x:\n        pass",
        "try:\n        pass\n    except x:\n        pass", "(a := x)", "{x: 1}", "g(a=x)",
        "def g(a=x):\n        pass", "lambda a=x: a", "@x\n    def g():\n        pass",
        "class C(x):\n        pass", "class C(metaclass=x):\n        pass", "[a for a in x]", "(a for a in x)",
        "[a for a in [b for b in x]]", "match x:\n        case 1:\n            pass",
        "if a:\n        pass\n    elif x:\n        pass", "with x as y:\n        pass",
        "try:\n        pass\n    except x as e:\n        pass",
    };
    static const char *const elsewhere[] = {
        "def g():\n        return x", "lambda: x", "[x for a in ()]", "(x for a in ())", "{a: x for a in ()}",
        "[a for a in () if x]", "[a for b in () for a in x]", "a.x", "g(x=1)", "class C:\n        x", "a: x",
        "def g(a: x) -> x:\n        pass",
    };
    char text[256];
    for (size_t i = 0; i < sizeof(reads) / sizeof(*reads); i++) {
        snprintf(text, sizeof(text), "def f():\n    %s\n    global x\n", reads[i]);
        expect(text, AF_CONFORM_GLOBAL_AFTER_USE);
    }
    for (size_t i = 0; i < sizeof(elsewhere) / sizeof(*elsewhere); i++) {
        snprintf(text, sizeof(text), "from __future__ import annotations\ndef f():\n    %s\n    global x\n",
                 elsewhere[i]);
        expect(text, AF_CONFORM_OK);
    }
    expect("print(x)\nglobal x\n", AF_CONFORM_GLOBAL_AFTER_USE);
    expect("class C:\n    print(x)\n    global x\n", AF_CONFORM_GLOBAL_AFTER_USE);
    expect("async def f():\n    await x\n    global x\n", AF_CONFORM_GLOBAL_AFTER_USE);
    expect("def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n", AF_CONFORM_NONLOCAL_AFTER_USE);
    expect("def f():\n    global x\n    print(x)\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    def g():\n        nonlocal x\n        print(x)\n", AF_CONFORM_OK);
    expect("def f():\n    x = 1\n    def g():\n        def h():\n            print(x)\n"
           "        nonlocal x\n", AF_CONFORM_OK);
    expect("x = 1\ndef f():\n    print(x)\n    def g():\n        global x\n", AF_CONFORM_OK);
}

/* 3.12's type parameters (PEP 695's examples): nonlocal never binds one; a function binding the name does */
static void test_conform__nonlocal_type_parameters(void **state)
{
    (void)state;
    assert_int_equal(reason_of("def f[S]():\n    S = 1\n    def g[T]():\n"
                               "        def h():\n            nonlocal S\n", 12), AF_CONFORM_OK);
    assert_int_equal(reason_of("def f():\n    T = 1\n    def g[T]():\n"
                               "        def h():\n            nonlocal T\n", 12),
                     AF_CONFORM_NONLOCAL_TYPE_PARAMETER);
    assert_int_equal(reason_of("def f():\n    T = 1\n    def g[T]():\n        nonlocal T\n", 12),
                     AF_CONFORM_NONLOCAL_TYPE_PARAMETER);
    assert_int_equal(reason_of("def f():\n    class C[T]:\n        def m(self):\n            nonlocal T\n", 12),
                     AF_CONFORM_NONLOCAL_TYPE_PARAMETER);
    assert_int_equal(reason_of("def f():\n    def g():\n        nonlocal X\n    type X = int\n", 12),
                     AF_CONFORM_OK);
}

/* a comma after no item and a bare `yield` as an element: the grammar takes them, CPython does not */
static void test_conform__lone_comma_and_yield_elements(void **state)
{
    (void)state;
    expect("f(,)\n", AF_CONFORM_LONE_COMMA);
    expect("x = open(p).read(,)\n", AF_CONFORM_LONE_COMMA);
    expect("f(a)(,)\n", AF_CONFORM_LONE_COMMA);
    expect("class C(,):\n    pass\n", AF_CONFORM_LONE_COMMA);
    expect("@d(,)\ndef f():\n    pass\n", AF_CONFORM_LONE_COMMA);
    expect("x = {,}\n", AF_CONFORM_LONE_COMMA);
    expect("f(\n    # nothing\n    ,\n)\n", AF_CONFORM_LONE_COMMA);
    expect("f()\nf(a,)\nf(*a,)\nf(**k,)\nclass C():\n    pass\n", AF_CONFORM_OK);
    expect("x = {}\ny = {1: 2,}\nz = {**a,}\nw = {\n    # nothing\n}\n", AF_CONFORM_OK);
    expect("def f():\n    x = (yield,)\n", AF_CONFORM_YIELD_ELEMENT);
    expect("def f():\n    x = (1, yield)\n", AF_CONFORM_YIELD_ELEMENT);
    expect("def f():\n    x = [yield]\n", AF_CONFORM_YIELD_ELEMENT);
    expect("def f():\n    x = {yield 1}\n", AF_CONFORM_YIELD_ELEMENT);
    expect("async def f():\n    x = [yield]\n", AF_CONFORM_YIELD_ELEMENT);
    expect("def f():\n    x = (yield)\n    y = [(yield)]\n    z = ((yield), 1)\n    w = yield 1, 2\n    v = {(yield): 1}\n",
           AF_CONFORM_OK);
}

/* `x as y` is a with item or an except clause's whole operand, never inside one; `raise from e` */
static void test_conform__as_inside_with_items_and_except_clauses(void **state)
{
    (void)state;
    expect("with (a as b), c:\n    pass\n", AF_CONFORM_TARGET);
    expect("with ((a as b), c):\n    pass\n", AF_CONFORM_TARGET);
    expect("with ((a as b)):\n    pass\n", AF_CONFORM_TARGET);
    expect("with (a as b) as c:\n    pass\n", AF_CONFORM_TARGET);
    expect("with ((a as b) as c):\n    pass\n", AF_CONFORM_TARGET);
    expect("with f((a as b)):\n    pass\n", AF_CONFORM_TARGET);
    expect("with [a as b]:\n    pass\n", AF_CONFORM_TARGET);
    expect("with (a as b,), c:\n    pass\n", AF_CONFORM_TARGET);
    expect("with (a as b, c) as d:\n    pass\n", AF_CONFORM_TARGET);
    expect("try:\n    pass\nexcept (E as e):\n    pass\n", AF_CONFORM_TARGET);
    expect("try:\n    pass\nexcept f(E as e):\n    pass\n", AF_CONFORM_TARGET);
    expect("try:\n    pass\nexcept* (E as e):\n    pass\n", AF_CONFORM_TARGET);
    expect("with (a as b):\n    pass\nwith ((a, b) as c):\n    pass\nwith (a as b, c as d):\n    pass\n"
           "with (a as b,):\n    pass\nwith (a, b) as c:\n    pass\nwith (a) as c, d as e:\n    pass\n",
           AF_CONFORM_OK);
    expect("try:\n    pass\nexcept (E) as e:\n    pass\nexcept (E, F) as e:\n    pass\n", AF_CONFORM_OK);
    expect("try:\n    pass\nexcept* E as e:\n    pass\n", AF_CONFORM_OK);
    expect("raise from e\n", AF_CONFORM_RAISE_FROM);
    expect("raise \\\n    from e\n", AF_CONFORM_RAISE_FROM);
    expect("raise\nraise E from e\nraise E from None\n", AF_CONFORM_OK);
    expect("match x:\n    case [(a as b), c]:\n        pass\n    case (a as b) as c:\n        pass\n", AF_CONFORM_OK);
}

/* an assignment expression in a comprehension: not in an iterable, not naming an iteration variable */
static void test_conform__walrus_in_comprehensions(void **state)
{
    (void)state;
    expect("x = [i for i in (j := y)]\n", AF_CONFORM_WALRUS_ITERABLE);
    expect("x = [i for k in y for i in (j := k)]\n", AF_CONFORM_WALRUS_ITERABLE);
    expect("x = [i for i in [(j := 1) for _ in y]]\n", AF_CONFORM_WALRUS_ITERABLE);
    expect("x = {i: 0 for i in f((j := y))}\n", AF_CONFORM_WALRUS_ITERABLE);
    expect("x = [x := 1 for x in y]\n", AF_CONFORM_WALRUS_REBIND);
    expect("x = [(a := 1) for a, b in y]\n", AF_CONFORM_WALRUS_REBIND);
    expect("x = [i for i in y if (i := 0)]\n", AF_CONFORM_WALRUS_REBIND);
    expect("x = [[(i := 0) for j in z] for i in y]\n", AF_CONFORM_WALRUS_REBIND);
    expect("x = ((b := 1) for *b, in y)\n", AF_CONFORM_WALRUS_REBIND);
    expect("x = [i for i in (lambda: (j := 1))()]\n", AF_CONFORM_WALRUS_ITERABLE);
    expect("def f(y):\n    x = [j := i for i in y]\n    z = [lambda: (i := 1) for i in y]\n"
           "    w = [k for i in y if (k := i)]\n    v = [i for i.a in y if (a := 1)]\n    return (j := 2)\n",
           AF_CONFORM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conform__await_placement),
        cmocka_unit_test(test_conform__statement_placement),
        cmocka_unit_test(test_conform__blocks_and_lines),
        cmocka_unit_test(test_conform__versions),
        cmocka_unit_test(test_conform__star_parameters_debug_imports_annotation_colons),
        cmocka_unit_test(test_conform__nonlocal_bound),
        cmocka_unit_test(test_conform__nonlocal_rejected),
        cmocka_unit_test(test_conform__nonlocal_type_parameters),
        cmocka_unit_test(test_conform__global_accepted),
        cmocka_unit_test(test_conform__global_rejected),
        cmocka_unit_test(test_conform__declaration_after_use),
        cmocka_unit_test(test_conform__lone_comma_and_yield_elements),
        cmocka_unit_test(test_conform__as_inside_with_items_and_except_clauses),
        cmocka_unit_test(test_conform__walrus_in_comprehensions),
        cmocka_unit_test(test_conform__backslash_line_indentation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
