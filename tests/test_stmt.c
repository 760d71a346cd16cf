/*
 * test_stmt.c - src/stmt.c: the statement around a node, its neighbours,
 * where it stands on its lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "asyncfix/stmt.h"
#include "support.h"

static void test_stmt__of(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("async def f():\n    if x:\n        r = g(a)\n");
    TSNode s = af_stmt_of(test_find(t, "a)", 0, af_sym.identifier));
    assert_int_equal(ts_node_symbol(s), af_sym.expression_statement);
    assert_int_equal(ts_node_start_byte(s), strstr(t->src.data, "r = g") - t->src.data);
    test_file_free(t);
}

static void test_stmt__in_block(void **state)
{
    (void)state;
    const char *text = "async def f():\n    a = 1\n    # note\n    if x:\n        b = g(a)\n    c = a\n"
                       "d = a\n";
    struct test_file *t = test_file_parse(text);
    TSNode fbody = af_field_child(test_find(t, "async def", 0, af_sym.function_definition), af_field.body);
    TSNode ifbody = af_field_child(test_find(t, "if x", 0, af_sym.if_statement), af_field.consequence);
    /* a use inside a compound statement: the compound statement */
    TSNode s = af_stmt_in_block(&t->file, test_find(t, "a)", 0, af_sym.identifier), fbody);
    assert_true(ts_node_eq(s, test_find(t, "if x", 0, af_sym.if_statement)));
    /* the same use, asked of the inner block */
    s = af_stmt_in_block(&t->file, test_find(t, "a)", 0, af_sym.identifier), ifbody);
    assert_int_equal(ts_node_start_byte(s), strstr(text, "b = g") - text);
    /* a statement of the block is its own */
    TSNode c = af_stmt_of(test_find(t, "c = a", 0, af_sym.identifier));
    assert_true(ts_node_eq(af_stmt_in_block(&t->file, c, fbody), c));
    /* not under the block: after it, before it */
    assert_true(ts_node_is_null(af_stmt_in_block(&t->file, test_find(t, "d = a", 0, af_sym.identifier), fbody)));
    assert_true(ts_node_is_null(af_stmt_in_block(&t->file, test_find(t, "c = a", 0, af_sym.identifier), ifbody)));
    assert_true(ts_node_is_null(af_stmt_in_block(&t->file, test_find(t, "x:", 0, af_sym.identifier), ifbody)));
    test_file_free(t);
}

static void test_stmt__prev_next_skip_comments(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("a = 1\n# one\n# two\nb = 2\n# three\n");
    TSNode a = af_stmt_of(test_find(t, "a", 0, af_sym.identifier));
    TSNode b = af_stmt_of(test_find(t, "b", 0, af_sym.identifier));
    assert_true(ts_node_eq(af_stmt_prev(b), a));
    assert_true(ts_node_eq(af_stmt_next(a), b));
    assert_true(ts_node_is_null(af_stmt_prev(a)));
    assert_true(ts_node_is_null(af_stmt_next(b)));
    test_file_free(t);
}

static bool alone(const char *text, const char *needle)
{
    struct test_file *t = test_file_parse(text);
    bool r = af_stmt_alone_on_lines(&t->file, af_stmt_of(test_find(t, needle, 0, af_sym.identifier)));
    test_file_free(t);
    return r;
}

static void test_stmt__alone_on_lines(void **state)
{
    (void)state;
    assert_true(alone("a = 1\nb = 2\n", "b"));
    assert_true(alone("a = 1\nb = 2  \t\r\n", "b"));
    assert_true(alone("a = 1\nb = (1,\n     2)", "b"));
    assert_false(alone("a = 1; b = 2\n", "b"));
    assert_false(alone("a = 1; b = 2\n", "a"));
    /* a comment after it counts as something */
    assert_false(alone("a = 1  # why\n", "a"));
}

static void test_stmt__starts_ends_line(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("\xef\xbb\xbf" "a = 1  # c\n\tb = 2; c = 3\n");
    const char *d = t->src.data;
    assert_true(af_stmt_starts_line(&t->file, (uint32_t)(strstr(d, "a =") - d)));
    assert_true(af_stmt_starts_line(&t->file, (uint32_t)(strstr(d, "b =") - d)));
    assert_false(af_stmt_starts_line(&t->file, (uint32_t)(strstr(d, "c =") - d)));
    assert_true(af_stmt_ends_line(&t->file, (uint32_t)(strstr(d, "1") - d) + 1));
    assert_false(af_stmt_ends_line(&t->file, (uint32_t)(strstr(d, "2") - d) + 1));
    assert_true(af_stmt_ends_line(&t->file, (uint32_t)(strstr(d, "3") - d) + 1));
    test_file_free(t);
}

static void test_stmt__indent(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("def f():\n\tif x:\n\t\ty = 1\n");
    const char *ind;
    uint32_t len;
    af_stmt_indent(&t->file, (uint32_t)(strstr(t->src.data, "y = 1") - t->src.data), &ind, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(ind, "\t\t", 2);
    struct af_buf unit = AF_BUF_INIT;
    af_stmt_indent_unit(&unit, &t->file, af_stmt_of(test_find(t, "y", 0, af_sym.identifier)));
    assert_string_equal(unit.ptr, "\t");
    af_buf_dispose(&unit);
    test_file_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stmt__of),
        cmocka_unit_test(test_stmt__in_block),
        cmocka_unit_test(test_stmt__prev_next_skip_comments),
        cmocka_unit_test(test_stmt__alone_on_lines),
        cmocka_unit_test(test_stmt__starts_ends_line),
        cmocka_unit_test(test_stmt__indent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
