/*
 * test_imports.c - src/imports.c: where new imports go and the edit adding them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "asyncfix/imports.h"
#include "support.h"

/* the file after adding `modules`, or NULL when nothing is added */
static char *with_imports(const char *text, const char *const *modules, size_t n)
{
    struct test_file *t = test_file_parse(text);
    struct af_edit e;
    char *out = NULL;
    if (af_imports_edit(&e, &t->file, modules, n) == 0) {
        struct af_buf buf = AF_BUF_INIT;
        assert_int_equal(af_edits_apply(&buf, t->src.data, t->src.len, &e, 1), 0);
        out = af_buf_detach(&buf);
        free(e.text);
    }
    test_file_free(t);
    return out;
}

static void assert_adds_asyncio(const char *text, const char *want)
{
    static const char *const mods[] = { "asyncio" };
    char *got = with_imports(text, mods, 1);
    if (!got || strcmp(got, want) != 0)
        fail_msg("got:\n%s\nwant:\n%s", got ? got : "(nothing added)", want);
    free(got);
}

static void test_imports__after_docstring(void **state)
{
    (void)state;
    assert_adds_asyncio("\"\"\"Doc.\"\"\"\nx = 1\n", "\"\"\"Doc.\"\"\"\nimport asyncio\nx = 1\n");
    assert_adds_asyncio("\"\"\"Doc\n\nmore.\n\"\"\"\n\nx = 1\n",
                        "\"\"\"Doc\n\nmore.\n\"\"\"\nimport asyncio\n\nx = 1\n");
    /* never between the docstring and a second module-level string */
    assert_adds_asyncio("\"\"\"Doc.\"\"\"\n\"\"\"More.\"\"\"\nx = 1\n",
                        "\"\"\"Doc.\"\"\"\n\"\"\"More.\"\"\"\nimport asyncio\nx = 1\n");
    /* a string that is not the first statement is no docstring */
    assert_adds_asyncio("x = 1\n\"\"\"s\"\"\"\n", "import asyncio\nx = 1\n\"\"\"s\"\"\"\n");
}

static void test_imports__after_future_and_existing_imports(void **state)
{
    (void)state;
    assert_adds_asyncio("from __future__ import annotations\nx = 1\n",
                        "from __future__ import annotations\nimport asyncio\nx = 1\n");
    assert_adds_asyncio("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport time\nimport os\n\n\ndef f():\n    pass\n",
                        "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport time\nimport os\nimport asyncio\n\n\ndef f():\n    pass\n");
    assert_adds_asyncio("import time  # clock\nfrom os import (\n    path,\n    sep,\n)\nx = 1\n",
                        "import time  # clock\nfrom os import (\n    path,\n    sep,\n)\nimport asyncio\nx = 1\n");
    /* after the last module-level import, past code that runs nothing while the module is imported */
    assert_adds_asyncio("import time\nx = 1\nimport os\n", "import time\nx = 1\nimport os\nimport asyncio\n");
    assert_adds_asyncio("import time\n\n\ndef f(a=1):\n    g()\n\n\nimport os\n",
                        "import time\n\n\ndef f(a=1):\n    g()\n\n\nimport os\nimport asyncio\n");
    /* but not past a statement that may run the module's code */
    assert_adds_asyncio("import time\nlog = get()\nimport os\n", "import time\nimport asyncio\nlog = get()\nimport os\n");
    assert_adds_asyncio("import time\nmain()\nimport os\n", "import time\nimport asyncio\nmain()\nimport os\n");
    assert_adds_asyncio("import time\n@deco\ndef f():\n    pass\nimport os\n",
                        "import time\nimport asyncio\n@deco\ndef f():\n    pass\nimport os\n");
    /* comments between header statements are passed over */
    assert_adds_asyncio("\"\"\"d\"\"\"\n# about imports\nimport time\nx = 1\n",
                        "\"\"\"d\"\"\"\n# about imports\nimport time\nimport asyncio\nx = 1\n");
}

static void test_imports__after_leading_comments(void **state)
{
    (void)state;
    assert_adds_asyncio("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nx = 1\n",
                        "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nimport asyncio\nx = 1\n");
    assert_adds_asyncio("#!/usr/bin/env python3\n", "#!/usr/bin/env python3\nimport asyncio\n");
    assert_adds_asyncio("# licence\n\nx = 1\n", "# licence\nimport asyncio\n\nx = 1\n");
    /* shebang, then imports: after the imports */
    assert_adds_asyncio("#!/usr/bin/env python3\nimport time\n\nx = 1\n",
                        "#!/usr/bin/env python3\nimport time\nimport asyncio\n\nx = 1\n");
    assert_adds_asyncio("\xEF\xBB\xBFx = 1\n", "\xEF\xBB\xBFimport asyncio\nx = 1\n");
}

static void test_imports__empty_and_unterminated(void **state)
{
    (void)state;
    assert_adds_asyncio("", "import asyncio\n");
    assert_adds_asyncio("import time", "import time\nimport asyncio\n");
    assert_adds_asyncio("# c", "# c\nimport asyncio\n");
}

static void test_imports__crlf(void **state)
{
    (void)state;
    assert_adds_asyncio("import time\r\n\r\nx = 1\r\n", "import time\r\nimport asyncio\r\n\r\nx = 1\r\n");
    assert_adds_asyncio("import time\r\nimport os", "import time\r\nimport os\r\nimport asyncio\r\n");
    static const char *const mods[] = { "httpx", "asyncio" };
    char *got = with_imports("\"\"\"d\"\"\"\r\nx = 1\r\n", mods, 2);
    assert_string_equal(got, "\"\"\"d\"\"\"\r\nimport asyncio\r\nimport httpx\r\nx = 1\r\n");
    free(got);
}

static void test_imports__after_the_whole_logical_line(void **state)
{
    (void)state;
    /* a backslash continues the last import's line on the next one: after that line */
    assert_adds_asyncio("import time\\\n\n\nx = 1\n", "import time\\\n\nimport asyncio\n\nx = 1\n");
    assert_adds_asyncio("import time\\\r\n\r\nx = 1\r\n", "import time\\\r\n\r\nimport asyncio\r\nx = 1\r\n");
    /* a statement after `;` may span lines (a triple-quoted string): after it, not inside it */
    assert_adds_asyncio("import time; s = \"\"\"a\nb\"\"\"\nx = 1\n",
                        "import time; s = \"\"\"a\nb\"\"\"\nimport asyncio\nx = 1\n");
    /* `;` and another import: the header goes on */
    assert_adds_asyncio("import os; import time\nimport sys\nx = 1\n",
                        "import os; import time\nimport sys\nimport asyncio\nx = 1\n");
    /* a backslash that ends a comment continues nothing */
    assert_adds_asyncio("import time  # c \\\nx = 1\n", "import time  # c \\\nimport asyncio\nx = 1\n");
}

static void test_imports__no_duplicate(void **state)
{
    (void)state;
    static const char *const mods[] = { "asyncio" };
    char *got = with_imports("import asyncio\nx = 1\n", mods, 1);
    assert_null(got);
    static const char *const two[] = { "asyncio", "httpx" };
    got = with_imports("import time\nimport asyncio\n", two, 2);
    assert_string_equal(got, "import time\nimport asyncio\nimport httpx\n");
    free(got);

    struct test_file *t = test_file_parse("import asyncio\nimport os.path\nfrom x import httpx\n"
                                          "def f():\n    import aiofiles\n");
    assert_true(af_imports_has(&t->file, "asyncio"));
    assert_true(af_imports_has(&t->file, "os"));
    assert_false(af_imports_has(&t->file, "httpx"));     /* bound, but to x.httpx */
    assert_false(af_imports_has(&t->file, "aiofiles"));  /* not at module level */
    assert_false(af_imports_has(&t->file, "trio"));
    test_file_free(t);
}

static void test_imports__sorted_merge(void **state)
{
    (void)state;
    static const char *const mods[] = { "httpx", "asyncio", "aiofiles", "asyncio", "functools" };
    char *got = with_imports("import time\n", mods, 5);
    assert_string_equal(got, "import time\nimport aiofiles\nimport asyncio\nimport functools\nimport httpx\n");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_imports__after_docstring),
        cmocka_unit_test(test_imports__after_future_and_existing_imports),
        cmocka_unit_test(test_imports__after_leading_comments),
        cmocka_unit_test(test_imports__empty_and_unterminated),
        cmocka_unit_test(test_imports__crlf),
        cmocka_unit_test(test_imports__after_the_whole_logical_line),
        cmocka_unit_test(test_imports__no_duplicate),
        cmocka_unit_test(test_imports__sorted_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
