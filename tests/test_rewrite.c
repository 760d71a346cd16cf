/*
 * test_rewrite.c - src/rewrite.c: wrapping statements in a new block,
 * indentation units, awaiting a call, deleting a statement's lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "asyncfix/rewrite.h"
#include "support.h"

/* the statement of the first node starting at the nth `needle` */
static TSNode stmt_at(const struct test_file *t, const char *needle, int nth)
{
    const char *p = t->src.data;
    for (;;) {
        p = strstr(p, needle);
        assert_non_null(p);
        if (nth-- == 0)
            break;
        p++;
    }
    uint32_t at = (uint32_t)(p - t->src.data);
    TSNode n = ts_node_descendant_for_byte_range(t->file.root, at, at);
    TSNode s = af_stmt_of(n);
    assert_int_equal(ts_node_start_byte(s), at);
    return s;
}

static char *apply_fix(const struct test_file *t, struct af_fix *fix)
{
    struct af_buf out = AF_BUF_INIT;
    assert_true(af_fix_is_consistent(fix));
    assert_int_equal(af_edits_apply(&out, t->src.data, t->src.len, fix->edits, fix->n), 0);
    return af_buf_detach(&out);
}

/* wraps the statements starting at `first` .. `last` under `header` */
static void assert_wrap(const char *text, const char *first, const char *last, const char *header,
                        const char *want)
{
    struct test_file *t = test_file_parse(text);
    struct af_fix *fix = af_fix_new(AF_SAFE);
    assert_int_equal(af_rewrite_wrap(fix, &t->file, stmt_at(t, first, 0), stmt_at(t, last, 0), header), 0);
    char *got = apply_fix(t, fix);
    if (strcmp(got, want) != 0)
        fail_msg("got:\n%s\nwant:\n%s", got, want);
    free(got);
    af_fix_free(fix);
    test_file_free(t);
}

static void test_rewrite__wrap_spaces(void **state)
{
    (void)state;
    assert_wrap("async def f():\n    a = 1\n    b = 2\n    c = 3\n", "a = 1", "b = 2", "async with s",
                "async def f():\n    async with s:\n        a = 1\n        b = 2\n    c = 3\n");
    /* two-space files keep two spaces */
    assert_wrap("async def f():\n  a = 1\n", "a = 1", "a = 1", "async with s",
                "async def f():\n  async with s:\n    a = 1\n");
    /* module level */
    assert_wrap("a = 1\nb = 2\n", "b = 2", "b = 2", "with s", "a = 1\nwith s:\n    b = 2\n");
}

static void test_rewrite__wrap_tabs(void **state)
{
    (void)state;
    assert_wrap("async def f():\n\ta = 1\n\tif a:\n\t\tb = 2\n", "a = 1", "if a", "async with s",
                "async def f():\n\tasync with s:\n\t\ta = 1\n\t\tif a:\n\t\t\tb = 2\n");
}

/* spaces before a tab vanish into its tab stop: a unit's spaces go after a line's indentation */
static void test_rewrite__wrap_spaces_after_a_tab(void **state)
{
    (void)state;
    /* the unit is four spaces (the statement's indentation is no extension of its owner's) */
    assert_wrap("async def f():\n\tmatch 0:\n\t    case _:\n        \ta = 1\n        \tif a:\n        \t\tb = 2\n",
                "a = 1", "if a", "async with s",
                "async def f():\n\tmatch 0:\n\t    case _:\n        \tasync with s:\n        \t    a = 1\n"
                "        \t    if a:\n        \t\t    b = 2\n");
    struct af_buf b = AF_BUF_INIT;
    af_rewrite_deeper(&b, "  \t", 3, "\t  ");
    assert_string_equal(af_buf_cstr(&b), "\t  \t  ");
    af_buf_clear(&b);
    /* a unit with a space before a tab goes before the indentation whole, as before */
    af_rewrite_deeper(&b, "\t", 1, " \t");
    assert_string_equal(af_buf_cstr(&b), " \t\t");
    af_buf_dispose(&b);
}

static void test_rewrite__wrap_nested_blocks(void **state)
{
    (void)state;
    assert_wrap("class C:\n    async def f(self):\n        if x:\n            for y in z:\n"
                "                g(y)\n        else:\n            h()\n        done()\n",
                "if x", "if x", "async with s",
                "class C:\n    async def f(self):\n        async with s:\n            if x:\n"
                "                for y in z:\n                    g(y)\n            else:\n"
                "                h()\n        done()\n");
}

static void test_rewrite__wrap_keeps_multiline_strings(void **state)
{
    (void)state;
    assert_wrap("async def f():\n    s = \"\"\"one\ntwo\n    three\"\"\"\n    g(s)\n", "s = ", "g(s)",
                "async with x",
                "async def f():\n    async with x:\n        s = \"\"\"one\ntwo\n    three\"\"\"\n        g(s)\n");
    /* a string starting on its own line is moved with its line, its contents are not */
    assert_wrap("async def f():\n    g(\n        '''a\n  b''')\n", "g(", "g(", "async with x",
                "async def f():\n    async with x:\n        g(\n            '''a\n  b''')\n");
    /* a backslash-continued single-quoted string spans lines too */
    assert_wrap("async def f():\n    s = 'a\\\nb'\n", "s = ", "s = ", "async with x",
                "async def f():\n    async with x:\n        s = 'a\\\nb'\n");
}

static void test_rewrite__wrap_blank_lines_and_continuations(void **state)
{
    (void)state;
    assert_wrap("async def f():\n    a = 1\n\n    b = 2\n", "a = 1", "b = 2", "async with s",
                "async def f():\n    async with s:\n        a = 1\n\n        b = 2\n");
    /* a line holding only whitespace is left as it is */
    assert_wrap("async def f():\n    a = 1\n  \n    b = 2\n", "a = 1", "b = 2", "async with s",
                "async def f():\n    async with s:\n        a = 1\n  \n        b = 2\n");
    assert_wrap("async def f():\n    x = 1 + \\\n        2\n", "x = 1", "x = 1", "async with s",
                "async def f():\n    async with s:\n        x = 1 + \\\n            2\n");
    /* comments between the statements move with them */
    assert_wrap("async def f():\n    a = 1\n    # note\n    b = 2\n", "a = 1", "b = 2", "async with s",
                "async def f():\n    async with s:\n        a = 1\n        # note\n        b = 2\n");
}

static void test_rewrite__wrap_crlf(void **state)
{
    (void)state;
    assert_wrap("async def f():\r\n    a = 1\r\n\r\n    b = 2\r\n", "a = 1", "b = 2", "async with s",
                "async def f():\r\n    async with s:\r\n        a = 1\r\n\r\n        b = 2\r\n");
}

static void test_rewrite__wrap_refuses_shared_lines(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("async def f():\n    a = 1; b = 2\n");
    struct af_fix *fix = af_fix_new(AF_SAFE);
    TSNode a = stmt_at(t, "a = 1", 0), b = stmt_at(t, "b = 2", 0);
    assert_int_equal(af_rewrite_wrap(fix, &t->file, a, a, "with s"), AF_EINVALID);
    assert_int_equal(af_rewrite_wrap(fix, &t->file, b, b, "with s"), AF_EINVALID);
    assert_int_equal(fix->n, 0);
    af_fix_free(fix);
    test_file_free(t);
}

static void assert_unit(const char *text, const char *needle, const char *want)
{
    struct test_file *t = test_file_parse(text);
    struct af_buf unit = AF_BUF_INIT;
    af_stmt_indent_unit(&unit, &t->file, stmt_at(t, needle, 0));
    assert_string_equal(af_buf_cstr(&unit), want);
    af_buf_dispose(&unit);
    test_file_free(t);
}

static void test_rewrite__indent_unit(void **state)
{
    (void)state;
    assert_unit("def f():\n    a = 1\n", "a = 1", "    ");
    assert_unit("def f():\n  a = 1\n", "a = 1", "  ");
    assert_unit("def f():\n\ta = 1\n", "a = 1", "\t");
    assert_unit("class C:\n  def f(self):\n      a = 1\n", "a = 1", "    ");
    assert_unit("if x:\n    pass\nelse:\n   a = 1\n", "a = 1", "   ");
    assert_unit("a = 1\n", "a = 1", "    ");
    assert_unit("@deco\nasync def f():\n  a = 1\n", "a = 1", "  ");
}

static char *awaited(const char *text, const char *needle)
{
    struct test_file *t = test_file_parse(text);
    TSNode call = test_find(t, needle, 0, af_sym.call);
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_rewrite_await(fix, &t->file, call);
    char *got = apply_fix(t, fix);
    af_fix_free(fix);
    test_file_free(t);
    return got;
}

static void assert_await(const char *text, const char *needle, const char *want)
{
    char *got = awaited(text, needle);
    if (strcmp(got, want) != 0)
        fail_msg("got:\n%s\nwant:\n%s", got, want);
    free(got);
}

static void test_rewrite__await(void **state)
{
    (void)state;
    assert_await("x = f()\n", "f()", "x = await f()\n");
    assert_await("g(f(), 1)\n", "f()", "g(await f(), 1)\n");
    assert_await("x = f() + 1\n", "f()", "x = await f() + 1\n");
    assert_await("x = -f()\n", "f()", "x = -await f()\n");
    assert_await("x = not f()\n", "f()", "x = not await f()\n");
}

static void test_rewrite__await_parenthesised(void **state)
{
    (void)state;
    assert_await("x = get(u).json()\n", "get(u)", "x = (await get(u)).json()\n");
    assert_await("x = get(u).status\n", "get(u)", "x = (await get(u)).status\n");
    assert_await("x = get(u)[0]\n", "get(u)", "x = (await get(u))[0]\n");
    assert_await("x = get(u)()\n", "get(u)", "x = (await get(u))()\n");
    assert_await("x = get(u) ** 2\n", "get(u)", "x = (await get(u)) ** 2\n");
    assert_await("x = 2 ** get(u)\n", "get(u)", "x = 2 ** (await get(u))\n");
    /* an operator other than ** needs none */
    assert_await("x = get(u) * 2\n", "get(u)", "x = await get(u) * 2\n");
}

static void assert_delete(const char *text, const char *needle, const char *want)
{
    struct test_file *t = test_file_parse(text);
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_rewrite_delete_lines(fix, &t->file, stmt_at(t, needle, 0));
    char *got = apply_fix(t, fix);
    assert_string_equal(got, want);
    free(got);
    af_fix_free(fix);
    test_file_free(t);
}

static void test_rewrite__delete_lines(void **state)
{
    (void)state;
    assert_delete("a = 1\ns.close()\nb = 2\n", "s.close", "a = 1\nb = 2\n");
    assert_delete("a = 1\r\ns.close()\r\nb = 2\r\n", "s.close", "a = 1\r\nb = 2\r\n");
    /* a statement over two lines, the last line without a line ending */
    assert_delete("a = 1\ns.close(\n)", "s.close", "a = 1\n");
    assert_delete("def f():\n    a = 1\n    s.close()  # done\n", "s.close", "def f():\n    a = 1\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrite__wrap_spaces),
        cmocka_unit_test(test_rewrite__wrap_tabs),
        cmocka_unit_test(test_rewrite__wrap_spaces_after_a_tab),
        cmocka_unit_test(test_rewrite__wrap_nested_blocks),
        cmocka_unit_test(test_rewrite__wrap_keeps_multiline_strings),
        cmocka_unit_test(test_rewrite__wrap_blank_lines_and_continuations),
        cmocka_unit_test(test_rewrite__wrap_crlf),
        cmocka_unit_test(test_rewrite__wrap_refuses_shared_lines),
        cmocka_unit_test(test_rewrite__indent_unit),
        cmocka_unit_test(test_rewrite__await),
        cmocka_unit_test(test_rewrite__await_parenthesised),
        cmocka_unit_test(test_rewrite__delete_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
