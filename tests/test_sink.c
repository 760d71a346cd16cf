/*
 * test_sink.c - src/sink.c: a fix whose text the file's declared encoding
 * cannot hold is not made, and the finding says why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support.h"
#include "asyncfix/rule.h"
#include "asyncfix/sink.h"

/* reports one finding over the first call of `bytes` with a fix inserting `text` there */
static struct af_finding report_with(const char *bytes, const char *text, char **message)
{
    struct test_file *t = test_file_parse_as("t.py", bytes, strlen(bytes));
    struct af_sink sink = { 0 };
    sink.file = &t->file;
    sink.rule = &af_rule_af101;
    const struct af_site *site = &t->file.sem.calls.items[0];
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_fix_insert(fix, ts_node_start_byte(site->node), text);
    af_report(&sink, site->node, fix, "finding");
    assert_int_equal(sink.n, 1);
    struct af_finding f = sink.items[0];
    *message = af_strdup(f.message);
    f.message = NULL;
    bool has_fix = f.fix != NULL;
    af_sink_dispose(&sink);
    test_file_free(t);
    f.fix = has_fix ? (struct af_fix *)1 : NULL;   /* only whether it was kept */
    return f;
}

static void test_sink__fix_the_encoding_cannot_hold_is_dropped(void **state)
{
    (void)state;
    char *msg;
    /* latin-1 has no euro sign */
    struct af_finding f = report_with("# coding: latin-1\nx = f('caf\xE9')\n", "\xE2\x82\xAC + ", &msg);
    assert_null(f.fix);
    assert_string_equal(msg, "finding (not fixed: the file's declared encoding latin-1 cannot hold `\xE2\x82\xAC`, "
                             "which the fix would write)");
    free(msg);
    /* it has é; cp1252 has the euro sign; UTF-8 holds everything */
    f = report_with("# coding: latin-1\nx = f()\n", "'\xC3\xA9' + ", &msg);
    assert_non_null(f.fix);
    assert_string_equal(msg, "finding");
    free(msg);
    f = report_with("# coding: cp1252\nx = f()\n", "'\xE2\x82\xAC' + ", &msg);
    assert_non_null(f.fix);
    free(msg);
    f = report_with("x = f()\n", "'\xE2\x82\xAC' + ", &msg);
    assert_non_null(f.fix);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sink__fix_the_encoding_cannot_hold_is_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
