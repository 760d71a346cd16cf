/*
 * test_options.c - the option table (src/options.c): a row set from the command line and
 * from the config alike, the checks over a whole command line, which rules run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "asyncfix/options.h"
#include "asyncfix/rule.h"

/* the row spelled `name` */
static struct af_option_ref ref_of(const char *name)
{
    struct af_option_ref *refs, found = { NULL, NULL };
    size_t n = af_options_all(&refs);
    for (size_t i = 0; i < n; i++)
        if (strcmp(refs[i].row->name, name) == 0)
            found = refs[i];
    free(refs);
    assert_non_null(found.row);
    return found;
}

static int set(struct af_options *opts, const char *name, const char *text, bool first)
{
    struct af_option_ref ref = ref_of(name);
    int exit_code = -1;
    return af_options_set(opts, &ref, text, first, &exit_code);
}

static void assert_value(const struct af_options *opts, const char *name, const char *want)
{
    struct af_buf got = AF_BUF_INIT;
    assert_int_equal(af_options_value(&got, opts, name), 0);
    assert_string_equal(af_buf_cstr(&got), want);
    af_buf_dispose(&got);
}

static void test_options__every_rule_family_row_is_in_the_table(void **state)
{
    (void)state;
    /* the families' rows are reached through the descriptors, once each */
    const char *family_rows[] = { "extend-blocking-calls", "extend-async-context-managers", "file-io" };
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    for (size_t k = 0; k < 3; k++) {
        size_t seen = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(refs[i].row->name, family_rows[k]) == 0) {
                seen++;
                assert_non_null(refs[i].of);
            }
        assert_int_equal(seen, 1);
    }
    free(refs);
}

static void test_options__command_line_and_config_parse_alike(void **state)
{
    (void)state;
    struct af_options opts;
    af_options_init(&opts);
    struct af_strlist strings = { 0 };
    af_strlist_add(&strings, "AF1");
    af_strlist_add(&strings, "AF2");
    struct af_config_value list = { AF_CONFIG_STRINGS, NULL, false, &strings };
    assert_int_equal(af_options_set_config(&opts, "select", &list), 0);
    assert_int_equal(af_options_set_config(&opts, "exclude", &list), 0);
    assert_int_equal(af_options_set_config(&opts, "extend-blocking-calls", &list), 0);
    /* a list's first use on the command line replaces the config's ... */
    assert_int_equal(set(&opts, "select", "AF101, AF3", true), 0);
    assert_int_equal(set(&opts, "select", "AF4", false), 0);
    assert_value(&opts, "select", "AF101,AF3,AF4");
    /* ... unless it extends it; --exclude takes one glob, commas and all */
    assert_int_equal(set(&opts, "exclude", "a,b", true), 0);
    assert_value(&opts, "exclude", "AF1,AF2,a,b");
    assert_int_equal(set(&opts, "extend-blocking-calls", "m.f,n.g", true), 0);
    assert_value(&opts, "extend-blocking-calls", "AF1,AF2,m.f,n.g");
    /* one parser for a value, whichever source gives it */
    struct af_config_value text = { AF_CONFIG_STRING, "to_thread", false, NULL };
    assert_int_equal(af_options_set_config(&opts, "file-io", &text), 0);
    assert_value(&opts, "file-io", "to_thread");
    assert_int_equal(set(&opts, "file-io", "threads", true), AF_EINVALID);
    assert_non_null(strstr(af_error_last(), "aiofiles or to_thread"));
    text.string = "threads";
    assert_int_equal(af_options_set_config(&opts, "file-io", &text), AF_EINVALID);
    assert_non_null(strstr(af_error_last(), "aiofiles or to_thread"));
    text.string = "py27";
    assert_int_equal(af_options_set_config(&opts, "target-version", &text), AF_EINVALID);
    assert_int_equal(set(&opts, "target-version", "py312", true), 0);
    assert_int_equal(opts.target_minor, 12);
    /* only the rows marked for the config are keys */
    assert_int_equal(af_options_set_config(&opts, "jobs", &text), AF_EINVALID);
    assert_string_equal(af_error_last(), "unknown key");
    af_strlist_dispose(&strings);
    af_options_dispose(&opts);
}

/* af_options_check over the options `names` given (each set once before) */
static int check(struct af_options *opts, const char *const *names, size_t n)
{
    struct af_option_ref given[8];
    for (size_t i = 0; i < n; i++)
        given[i] = ref_of(names[i]);
    return af_options_check(opts, given, n);
}

static void test_options__requires_and_conflicts(void **state)
{
    (void)state;
    struct af_options opts;
    af_options_init(&opts);
    const char *alone[] = { "base" };
    assert_int_equal(check(&opts, alone, 1), AF_EINVALID);
    assert_string_equal(af_error_last(), "--base goes with --branch");
    const char *with_branch[] = { "branch", "base" };
    assert_int_equal(check(&opts, with_branch, 2), 0);
    const char *modes[] = { "write", "diff" };
    assert_int_equal(check(&opts, modes, 2), AF_EINVALID);
    assert_string_equal(af_error_last(), "--diff cannot be combined with --write");
    const char *message[] = { "message", "write", "commit" };
    assert_int_equal(check(&opts, message, 3), 0);
    const char *stdin_branch[] = { "stdin-filename", "branch" };
    assert_int_equal(check(&opts, stdin_branch, 2), AF_EINVALID);
    assert_string_equal(af_error_last(), "--stdin-filename cannot be combined with --commit or --branch");
    af_options_dispose(&opts);
}

static void expect_code_error(const char *code, const char *message)
{
    struct af_options opts;
    af_options_init(&opts);
    af_strlist_add(&opts.select, code);
    assert_int_equal(af_options_check(&opts, NULL, 0), AF_EINVALID);
    assert_string_equal(af_error_last(), message);
    af_options_dispose(&opts);
}

static void test_options__codes_that_name_no_rule(void **state)
{
    (void)state;
    expect_code_error("AF1O1", "unknown code 'AF1O1' in --select; did you mean AF101?");
    expect_code_error("AF101x", "unknown code 'AF101x' in --select; did you mean AF101?");
    expect_code_error("AF0", "unknown code 'AF0' in --select; did you mean AF001?");
    expect_code_error("af2", "unknown code 'af2' in --select; did you mean AF2?");
    expect_code_error("AF999", "unknown code 'AF999' in --select");
    expect_code_error("XYZ", "unknown code 'XYZ' in --select");
    struct af_options opts;
    af_options_init(&opts);
    const char *fine[] = { "AF", "AF1", "AF10", "AF101", "AF001", "AF5" };
    for (size_t i = 0; i < 6; i++)
        af_strlist_add(&opts.select, fine[i]);
    af_strlist_add(&opts.ignore, "AF0");
    assert_int_equal(af_options_check(&opts, NULL, 0), AF_EINVALID);
    assert_string_equal(af_error_last(), "unknown code 'AF0' in --ignore; did you mean AF001?");
    af_options_dispose(&opts);
}

static void test_options__most_specific_wins_and_always_on(void **state)
{
    (void)state;
    struct af_options opts;
    af_options_init(&opts);
    af_strlist_add(&opts.select, "AF2");
    assert_false(af_options_rule_enabled(&opts, &af_rule_af101));
    assert_true(af_options_rule_enabled(&opts, &af_rule_af201));
    assert_true(af_options_rule_enabled(&opts, &af_rule_af001));   /* always on */
    af_strlist_add(&opts.ignore, "AF20");
    af_strlist_add(&opts.select, "AF202");
    assert_false(af_options_rule_enabled(&opts, &af_rule_af201));
    assert_true(af_options_rule_enabled(&opts, &af_rule_af202));
    af_strlist_add(&opts.ignore, "AF001");
    assert_false(af_options_rule_enabled(&opts, &af_rule_af001));
    af_options_dispose(&opts);
}

static void test_options__help_lists_every_visible_row(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    af_options_usage(f);
    fclose(f);
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    for (size_t i = 0; i < n; i++) {
        char spelled[128];
        snprintf(spelled, sizeof(spelled), "--%s", refs[i].row->name);
        if (refs[i].row->flags & AF_OPT_HIDDEN)
            assert_null(strstr(text, spelled));
        else
            assert_non_null(strstr(text, spelled));
    }
    assert_non_null(strstr(text, "--output-format"));
    assert_non_null(strstr(text, "--fix"));
    free(refs);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options__every_rule_family_row_is_in_the_table),
        cmocka_unit_test(test_options__command_line_and_config_parse_alike),
        cmocka_unit_test(test_options__requires_and_conflicts),
        cmocka_unit_test(test_options__codes_that_name_no_rule),
        cmocka_unit_test(test_options__most_specific_wins_and_always_on),
        cmocka_unit_test(test_options__help_lists_every_visible_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
