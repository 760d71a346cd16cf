/*
 * test_http_keywords.c - transforms/http/keywords.c: the requests -> httpx
 * keyword table and the keyword lines of `--explain AF102` match one to one,
 * in order, so that neither a keyword nor a line is added alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "asyncfix/rule.h"
#include "../transforms/http/http.h"

/* the keyword lines: "  - `a=`, `b=`: ..." up to the blank line closing the list */
static const char *first_line(void)
{
    const struct af_rule *rule = af_rule_find("AF102");
    assert_non_null(rule);
    const char *section = strstr(rule->explanation, "Keywords of a requests call");
    assert_non_null(section);
    const char *p = strstr(section, "\n  - ");
    assert_non_null(p);
    return p + 1;
}

/* reads the names "`a=`, `b=`:" of the line at *p into names[]; returns how many */
static size_t line_names(const char **p, char names[][32], size_t max)
{
    const char *s = *p + 4;
    size_t n = 0;
    for (;;) {
        if (*s != '`')
            fail_msg("a keyword line does not start with `name=`: %.40s", *p);
        const char *e = s + 1;
        while ((*e >= 'a' && *e <= 'z') || *e == '_')
            e++;
        if (e[0] != '=' || e[1] != '`' || e == s + 1 || n == max)
            fail_msg("bad keyword in line: %.40s", *p);
        snprintf(names[n++], 32, "%.*s", (int)(e - s - 1), s + 1);
        s = e + 2;
        if (strncmp(s, ", `", 3) == 0) {
            s += 2;
            continue;
        }
        if (*s != ':')
            fail_msg("the keywords of a line end with ':': %.40s", *p);
        break;
    }
    /* the line's continuation lines are indented by four */
    const char *nl = strchr(s, '\n');
    while (nl && strncmp(nl + 1, "    ", 4) == 0)
        nl = strchr(nl + 1, '\n');
    *p = nl ? nl + 1 : s + strlen(s);
    return n;
}

static void test_http_keywords__table_matches_explain(void **state)
{
    (void)state;
    const char *p = first_line();
    size_t row = 0;
    while (strncmp(p, "  - ", 4) == 0) {
        char names[HTTP_KEYWORD_NAMES + 1][32];
        size_t n = line_names(&p, names, HTTP_KEYWORD_NAMES + 1);
        if (row >= http_nkeywords)
            fail_msg("--explain has a keyword line for `%s=` beyond the table", names[0]);
        for (size_t k = 0; k < HTTP_KEYWORD_NAMES; k++) {
            const char *want = http_keywords[row].names[k];
            if (k < n && !want)
                fail_msg("line %zu names `%s=`, which the table's row lacks", row + 1, names[k]);
            if (k < n && strcmp(want, names[k]) != 0)
                fail_msg("line %zu names `%s=` where the table's row has `%s=`", row + 1, names[k], want);
            if (k >= n && want)
                fail_msg("line %zu lacks `%s=` of the table's row", row + 1, want);
        }
        row++;
    }
    assert_int_equal(row, http_nkeywords);
    /* the list ends with a blank line */
    assert_true(*p == '\n');
}

static void test_http_keywords__each_keyword_has_one_row(void **state)
{
    (void)state;
    for (size_t i = 0; i < http_nkeywords; i++) {
        assert_non_null(http_keywords[i].names[0]);
        assert_non_null(http_keywords[i].map);
        for (size_t k = 0; k < HTTP_KEYWORD_NAMES && http_keywords[i].names[k]; k++)
            for (size_t j = 0; j < http_nkeywords; j++)
                for (size_t l = 0; l < HTTP_KEYWORD_NAMES && http_keywords[j].names[l]; l++)
                    if ((i != j || k != l) && strcmp(http_keywords[i].names[k], http_keywords[j].names[l]) == 0)
                        fail_msg("`%s=` has two rows", http_keywords[i].names[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_keywords__table_matches_explain),
        cmocka_unit_test(test_http_keywords__each_keyword_has_one_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
