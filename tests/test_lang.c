/*
 * test_lang.c - src/lang.c: the items of a node, comments under a node, a
 * walk that stops or skips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "asyncfix/lang.h"
#include "support.h"

static void test_lang__node_items_skip_comments(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("f(a,  # one\n  b=2, *c)\n");
    TSNode args = af_field_child(test_find(t, "f(", 0, af_sym.call), af_field.arguments);
    TSNode items[4];
    assert_int_equal(af_node_items(args, items, 4), 3);
    assert_true(af_is(items[0], af_sym.identifier));
    assert_true(af_is(items[1], af_sym.keyword_argument));
    assert_true(af_is(items[2], af_sym.list_splat));
    test_file_free(t);
}

static void test_lang__bytes_literal(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("f(b'x', B\"y\", rb'z' b'w', 'b', f'{b}', u'x', x)\n");
    TSNode args = af_field_child(test_find(t, "f(", 0, af_sym.call), af_field.arguments);
    TSNode items[8];
    assert_int_equal(af_node_items(args, items, 8), 7);
    const char *src = t->file.src->data;
    assert_true(af_node_is_bytes_literal(items[0], src));
    assert_true(af_node_is_bytes_literal(items[1], src));
    assert_true(af_node_is_bytes_literal(items[2], src));   /* concatenated: its first part says */
    assert_false(af_node_is_bytes_literal(items[3], src));  /* a "b" inside the quotes */
    assert_false(af_node_is_bytes_literal(items[4], src));
    assert_false(af_node_is_bytes_literal(items[5], src));
    assert_false(af_node_is_bytes_literal(items[6], src));  /* not a literal */
    test_file_free(t);
}

static void test_lang__node_items_counts_past_max(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("x = {1: 2, 3: 4, 5: 6}\n");
    TSNode dict = test_find(t, "{", 0, af_sym.dictionary);
    TSNode items[2] = { af_null_node(), af_null_node() };
    /* how many there are, only the first `max` stored */
    assert_int_equal(af_node_items(dict, items, 2), 3);
    assert_true(af_is(items[1], af_sym.pair));
    assert_int_equal(ts_node_start_byte(items[1]), strstr(t->src.data, "3:") - t->src.data);
    assert_int_equal(af_node_items(dict, NULL, 0), 3);
    assert_int_equal(af_node_items(af_null_node(), items, 2), 0);
    test_file_free(t);
}

static void test_lang__has_comment_shallow_and_deep(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("x = {  # direct\n    1: (2,  # nested\n        3),\n}\n"
                                          "y = {1: (2,  # nested only\n  3)}\n");
    TSNode x = test_find(t, "{  #", 0, af_sym.dictionary);
    TSNode y = test_find(t, "{1: (2,  # nested only", 0, af_sym.dictionary);
    assert_true(af_node_has_comment(x, false));
    assert_true(af_node_has_comment(x, true));
    assert_false(af_node_has_comment(y, false));
    assert_true(af_node_has_comment(y, true));
    TSNode z = test_find(t, "3)}", 0, af_sym.integer);
    assert_false(af_node_has_comment(z, true));
    test_file_free(t);
}

static enum af_walk_next stop_at_call(TSNode node, void *ctx)
{
    (*(int *)ctx)++;
    if (af_is(node, af_sym.lambda))
        return AF_WALK_SKIP;
    return af_is(node, af_sym.call) ? AF_WALK_STOP : AF_WALK_CONTINUE;
}

static void test_lang__walk_skip_and_stop(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("x = (lambda: g()), h()\n");
    int visited = 0;
    TSNode stop = af_walk(t->file.root, stop_at_call, &visited);
    /* the call inside the lambda is skipped: the walk stops at h() */
    assert_true(af_is(stop, af_sym.call));
    assert_int_equal(ts_node_start_byte(stop), strstr(t->src.data, "h()") - t->src.data);
    assert_true(ts_node_is_null(af_null_node()));
    test_file_free(t);
}

static void test_lang__name_use_keyword_value_is_an_argument(void **state)
{
    (void)state;
    struct test_file *t = test_file_parse("f(a, k=b, *c, **d, e=x.g, h=(i))\n");
    TSNode call = test_find(t, "f(", 0, af_sym.call), got;
    assert_int_equal(af_node_name_use(test_find(t, "a,", 0, af_sym.identifier), &got), AF_USE_ARGUMENT);
    assert_true(ts_node_eq(got, call));
    assert_int_equal(af_node_name_use(test_find(t, "b,", 0, af_sym.identifier), &got), AF_USE_ARGUMENT);
    assert_true(ts_node_eq(got, call));
    assert_int_equal(af_node_name_use(test_find(t, "k=", 0, af_sym.identifier), &got), AF_USE_NOT_VARIABLE);
    assert_true(ts_node_is_null(got));
    assert_int_equal(af_node_name_use(test_find(t, "c,", 0, af_sym.identifier), NULL), AF_USE_ARGUMENT);
    assert_int_equal(af_node_name_use(test_find(t, "d,", 0, af_sym.identifier), NULL), AF_USE_ARGUMENT);
    assert_int_equal(af_node_name_use(test_find(t, "x.g", 0, af_sym.identifier), NULL), AF_USE_OBJECT);
    assert_int_equal(af_node_name_use(test_find(t, "g,", 0, af_sym.identifier), NULL), AF_USE_NOT_VARIABLE);
    assert_int_equal(af_node_name_use(test_find(t, "i)", 0, af_sym.identifier), NULL), AF_USE_OTHER);
    assert_int_equal(af_node_name_use(test_find(t, "f(", 0, af_sym.identifier), NULL), AF_USE_OTHER);
    test_file_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang__node_items_skip_comments),
        cmocka_unit_test(test_lang__bytes_literal),
        cmocka_unit_test(test_lang__node_items_counts_past_max),
        cmocka_unit_test(test_lang__has_comment_shallow_and_deep),
        cmocka_unit_test(test_lang__walk_skip_and_stop),
        cmocka_unit_test(test_lang__name_use_keyword_value_is_an_argument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
