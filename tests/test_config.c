/*
 * test_config.c - [tool.asyncfix] in pyproject.toml (src/config.c).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "asyncfix/config.h"

static char tmpdir[PATH_MAX];
static char oldcwd[PATH_MAX];

static void write_file(const char *rel, const char *text)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *in_tmp(const char *rel)
{
    static char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    return path;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/af-test-config-XXXXXX");
    if (!mkdtemp(tmpdir) || !getcwd(oldcwd, sizeof(oldcwd)))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    if (chdir(oldcwd) < 0)
        return -1;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* the option `name` of `opts` reads `want` (a list as "a,b") */
static void assert_value(const struct af_options *opts, const char *name, const char *want)
{
    struct af_buf got = AF_BUF_INIT;
    assert_int_equal(af_options_value(&got, opts, name), 0);
    assert_string_equal(af_buf_cstr(&got), want);
    af_buf_dispose(&got);
}

/* loads `text` as an explicit --config file into fresh options */
static int load_text(struct af_options *opts, const char *text)
{
    write_file("explicit.toml", text);
    af_options_init(opts);
    return af_config_load(opts, in_tmp("explicit.toml"));
}

static void test_config__table_sets_every_key(void **state)
{
    struct af_options opts;
    assert_int_equal(load_text(&opts,
        "[project]\nname = \"demo\"\n\n"
        "[tool.asyncfix]\n"
        "select = [\"AF1\", \"AF3\"]  # comment\n"
        "ignore = ['AF104']\n"
        "exclude = [\n  \"gen/*\",\n  # a comment inside\n  \"legacy\",\n]\n"
        "unsafe-fixes = true\n"
        "target-version = \"py38\"\n"
        "file-io = \"to_thread\"\n"
        "extend-blocking-calls = [\"mylib.fetch_sync\", \"other.get\"]\n"
        "extend-async-context-managers = [\"db.Pool\"]\n"
        "\n[tool.other]\nselect = [\"X\"]\n"), 0);
    assert_int_equal(opts.select.n, 2);
    assert_string_equal(opts.select.items[0], "AF1");
    assert_string_equal(opts.select.items[1], "AF3");
    assert_int_equal(opts.ignore.n, 1);
    assert_string_equal(opts.ignore.items[0], "AF104");
    assert_int_equal(opts.exclude.n, 2);
    assert_string_equal(opts.exclude.items[1], "legacy");
    assert_true(opts.unsafe_fixes);
    assert_int_equal(opts.target_minor, 8);
    assert_value(&opts, "file-io", "to_thread");
    assert_value(&opts, "extend-blocking-calls", "mylib.fetch_sync,other.get");
    assert_value(&opts, "extend-async-context-managers", "db.Pool");
    af_options_dispose(&opts);
}

static void test_config__dotted_and_inline_keys(void **state)
{
    struct af_options opts;
    assert_int_equal(load_text(&opts,
        "[tool]\n"
        "asyncfix.select = [\"AF105\"]\n"
        "\"asyncfix\".\"target-version\" = \"py312\"\n"), 0);
    assert_int_equal(opts.select.n, 1);
    assert_string_equal(opts.select.items[0], "AF105");
    assert_int_equal(opts.target_minor, 12);
    af_options_dispose(&opts);

    assert_int_equal(load_text(&opts,
        "tool = { asyncfix = { ignore = [\"AF101\"], unsafe-fixes = false } }\n"), 0);
    assert_int_equal(opts.ignore.n, 1);
    assert_string_equal(opts.ignore.items[0], "AF101");
    assert_false(opts.unsafe_fixes);
    af_options_dispose(&opts);
}

static void test_config__string_escapes(void **state)
{
    struct af_options opts;
    assert_int_equal(load_text(&opts,
        "[tool.asyncfix]\n"
        "exclude = [\"a\\\\b\", \"caf\\u00e9\", 'c:\\raw', \"\"\"\nmulti\"\"\"]\n"), 0);
    assert_int_equal(opts.exclude.n, 4);
    assert_string_equal(opts.exclude.items[0], "a\\b");
    assert_string_equal(opts.exclude.items[1], "caf\xc3\xa9");
    assert_string_equal(opts.exclude.items[2], "c:\\raw");
    assert_string_equal(opts.exclude.items[3], "multi");
    af_options_dispose(&opts);
}

static void expect_error(const char *text, const char *needle)
{
    struct af_options opts;
    assert_true(load_text(&opts, text) < 0);
    const char *msg = af_error_last();
    if (!strstr(msg, needle) || !strstr(msg, "explicit.toml") || strchr(msg, '\n'))
        fail_msg("error message \"%s\" lacks \"%s\" or the file name", msg, needle);
    af_options_dispose(&opts);
}

static void test_config__bad_values_name_file_and_key(void **state)
{
    expect_error("[tool.asyncfix]\ntarget-version = \"py27\"\n", "tool.asyncfix.target-version");
    expect_error("[tool.asyncfix]\ntarget-version = 39\n", "tool.asyncfix.target-version");
    expect_error("[tool.asyncfix]\nunsafe-fixes = \"yes\"\n", "tool.asyncfix.unsafe-fixes");
    expect_error("[tool.asyncfix]\nselect = \"AF1\"\n", "tool.asyncfix.select");
    expect_error("[tool.asyncfix]\nextend-blocking-calls = [\"a.b\", 3]\n",
                 "tool.asyncfix.extend-blocking-calls");
    expect_error("[tool.asyncfix]\nfile-io = \"sync\"\n", "tool.asyncfix.file-io");
    expect_error("[tool.asyncfix]\nselct = [\"AF1\"]\n", "tool.asyncfix.selct: unknown key");
    expect_error("[tool.asyncfix]\nselect = [\n", "invalid TOML");
}

static void test_config__missing_explicit_file_is_an_error(void **state)
{
    struct af_options opts;
    af_options_init(&opts);
    assert_true(af_config_load(&opts, in_tmp("does-not-exist.toml")) < 0);
    assert_non_null(strstr(af_error_last(), "does-not-exist.toml"));
    af_options_dispose(&opts);
}

static void test_config__file_without_table_changes_nothing(void **state)
{
    struct af_options opts;
    assert_int_equal(load_text(&opts, "[tool.ruff]\nselect = [\"E\"]\nunknown-key = 1\n"), 0);
    assert_int_equal(opts.select.n, 0);
    assert_int_equal(opts.target_minor, 9);
    af_options_dispose(&opts);
}

static void test_config__nearest_file_with_table_is_found(void **state)
{
    char dir[PATH_MAX * 2];
    snprintf(dir, sizeof(dir), "%s/proj", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(dir, sizeof(dir), "%s/proj/pkg", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(dir, sizeof(dir), "%s/proj/pkg/sub", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file("proj/pyproject.toml", "[tool.asyncfix]\nextend-blocking-calls = [\"mylib.fetch_sync\"]\n");
    /* nearer, but without [tool.asyncfix] (and not even valid TOML): skipped */
    write_file("proj/pkg/pyproject.toml", "[project\nname = 'pkg'\n");
    assert_int_equal(chdir(dir), 0);

    struct af_options opts;
    af_options_init(&opts);
    assert_int_equal(af_config_load(&opts, NULL), 0);
    assert_value(&opts, "extend-blocking-calls", "mylib.fetch_sync");
    af_options_dispose(&opts);

    /* the nearest file that has the table wins over one further up */
    write_file("proj/pkg/pyproject.toml", "[tool.asyncfix]\ntarget-version = \"py310\"\n");
    af_options_init(&opts);
    assert_int_equal(af_config_load(&opts, NULL), 0);
    assert_int_equal(opts.target_minor, 10);
    assert_value(&opts, "extend-blocking-calls", "");
    af_options_dispose(&opts);
    assert_int_equal(chdir(oldcwd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config__table_sets_every_key),
        cmocka_unit_test(test_config__dotted_and_inline_keys),
        cmocka_unit_test(test_config__string_escapes),
        cmocka_unit_test(test_config__bad_values_name_file_and_key),
        cmocka_unit_test(test_config__missing_explicit_file_is_an_error),
        cmocka_unit_test(test_config__file_without_table_changes_nothing),
        cmocka_unit_test(test_config__nearest_file_with_table_is_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
