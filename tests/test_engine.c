/*
 * test_engine.c - src/engine.c: the fix loop over whole files (the modules
 * fixes import, shared fixes, where imports go, passes that do not converge).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "asyncfix/engine.h"
#include "asyncfix/lang.h"

static struct af_worker worker;

static int setup(void **state)
{
    (void)state;
    if (af_lang_init() < 0 || af_worker_init(&worker, 0) < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    af_worker_dispose(&worker);
    return 0;
}

/* `text` through the engine in --write mode (with --unsafe-fixes when `unsafe`) into `out` */
static void run(struct af_result *out, const char *text, bool unsafe)
{
    struct af_options opts;
    af_options_init(&opts);
    opts.mode = AF_MODE_WRITE;
    opts.unsafe_fixes = unsafe;
    af_engine_process_buffer(out, &worker, "t.py", af_strdup(text), strlen(text), &opts, NULL);
    af_options_dispose(&opts);
    assert_int_equal(out->status, 0);
}

static unsigned applied_count(const struct af_result *r, const char *code)
{
    for (size_t i = 0; i < r->napplied; i++)
        if (strcmp(r->applied[i].code, code) == 0)
            return r->applied[i].count;
    return 0;
}

static bool added(const struct af_result *r, const char *module)
{
    for (size_t i = 0; i < r->nadded; i++)
        if (strcmp(r->added_imports[i], module) == 0)
            return true;
    return false;
}

/* a fixed text of `r` holds `needle` */
static void assert_fixed_has(const struct af_result *r, const char *needle)
{
    if (!r->fixed || !strstr(r->fixed, needle))
        fail_msg("no `%s` in:\n%s", needle, r->fixed ? r->fixed : "(unchanged)");
}

/* more import-needing fixes than any fixed array held: every module is imported */
static void test_engine__many_import_needing_fixes(void **state)
{
    (void)state;
    struct af_buf src = AF_BUF_INIT;
    af_buf_puts(&src, "import time\nimport requests\n\n\nasync def f():\n");
    for (int i = 0; i < 40; i++)
        af_buf_printf(&src, "    time.sleep(%d)\n", i);
    af_buf_puts(&src, "    return requests.get('http://x')\n");
    struct af_result r;
    run(&r, src.ptr, true);
    assert_null(r.internal_error);
    /* `import time` and `import requests` are no longer used: they make way */
    assert_fixed_has(&r, "import asyncio\nimport httpx\n\n\nasync def f():\n");
    assert_fixed_has(&r, "await client.get('http://x')");
    assert_int_equal(applied_count(&r, "AF101"), 40);
    assert_int_equal(applied_count(&r, "AF102"), 1);
    assert_true(added(&r, "httpx"));
    af_result_dispose(&r);
    af_buf_dispose(&src);
}

/* one fix shared by the findings of two calls on one session: both count as fixed */
static void test_engine__shared_fix_counts_every_finding(void **state)
{
    (void)state;
    static const char text[] =
        "import requests\n\n\nasync def f(url):\n"
        "    with requests.Session() as s:\n"
        "        a = s.get(url).content\n"
        "        b = s.post(url).content\n"
        "    return a + b\n";
    struct af_result r;
    run(&r, text, false);
    assert_null(r.internal_error);
    assert_fixed_has(&r, "async with httpx.AsyncClient(");
    assert_fixed_has(&r, "(await s.get(url)).content");
    assert_fixed_has(&r, "(await s.post(url)).content");
    assert_int_equal(applied_count(&r, "AF102"), 2);
    assert_int_equal(r.nreports, 0);
    af_result_dispose(&r);
}

/* the import goes after the docstring, `__future__` and the imports before code that runs, once */
static void test_engine__import_insertion_point(void **state)
{
    (void)state;
    static const char text[] =
        "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\n\n\n"
        "async def f():\n    os.getcwd()\n    time.sleep(1)\n    time.sleep(2)\n\nlog = get()\nimport time\n";
    struct af_result r;
    run(&r, text, false);
    assert_null(r.internal_error);
    assert_fixed_has(&r, "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\nimport asyncio\n\n\n");
    assert_int_equal(applied_count(&r, "AF101"), 2);
    const char *first = strstr(r.fixed, "import asyncio");
    assert_null(strstr(first + 1, "import asyncio"));
    af_result_dispose(&r);
}

/* nested fixes that take one pass each stop after AF_MAX_PASSES with an internal-error line */
static void test_engine__non_convergence(void **state)
{
    (void)state;
    struct af_buf src = AF_BUF_INIT;
    af_buf_puts(&src, "import os\n\n\nasync def g(p):\n    ");
    for (int i = 0; i < AF_MAX_PASSES + 2; i++)
        af_buf_puts(&src, "os.remove(");
    af_buf_puts(&src, "p");
    for (int i = 0; i < AF_MAX_PASSES + 2; i++)
        af_buf_puts(&src, ")");
    af_buf_puts(&src, "\n");
    struct af_result r;
    run(&r, src.ptr, true);
    assert_non_null(r.internal_error);
    assert_non_null(strstr(r.internal_error, "did not converge"));
    assert_non_null(r.fixed);
    assert_int_equal(applied_count(&r, "AF503"), AF_MAX_PASSES);
    assert_int_equal(r.nreports, 2);
    af_result_dispose(&r);
    af_buf_dispose(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine__many_import_needing_fixes),
        cmocka_unit_test(test_engine__shared_fix_counts_every_finding),
        cmocka_unit_test(test_engine__import_insertion_point),
        cmocka_unit_test(test_engine__non_convergence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
