/*
 * test_textdoc.c - src/textdoc.c: LSP positions in UTF-16 and UTF-8 (with
 * characters outside the BMP), the three line endings, clamping, edits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "asyncfix/textdoc.h"

/* "a😀b" : 😀 is U+1F600, four bytes in UTF-8, a surrogate pair in UTF-16 */
#define EMOJI "\xF0\x9F\x98\x80"

static void test_textdoc__utf16_counts_surrogate_pairs(void **state)
{
    (void)state;
    struct af_textdoc d;
    const char *t = "x\na" EMOJI "b\xC3\xA9z\n";
    af_textdoc_init(&d, t, strlen(t));
    assert_int_equal(d.nlines, 3);
    /* 'b' is character 3 in UTF-16 (a=0, the pair=1,2), byte 7 */
    assert_int_equal(af_textdoc_offset(&d, 1, 3, AF_ENCODING_UTF16), 7);
    assert_int_equal(af_textdoc_offset(&d, 1, 4, AF_ENCODING_UTF16), 8);   /* é */
    assert_int_equal(af_textdoc_offset(&d, 1, 5, AF_ENCODING_UTF16), 10);  /* z */
    /* between the two halves of the pair: the start of the emoji */
    assert_int_equal(af_textdoc_offset(&d, 1, 2, AF_ENCODING_UTF16), 3);
    uint32_t line, ch;
    af_textdoc_position(&d, 7, AF_ENCODING_UTF16, &line, &ch);
    assert_int_equal(line, 1);
    assert_int_equal(ch, 3);
    af_textdoc_position(&d, 10, AF_ENCODING_UTF16, &line, &ch);
    assert_int_equal(ch, 5);
    af_textdoc_dispose(&d);
}

static void test_textdoc__utf8_counts_bytes(void **state)
{
    (void)state;
    struct af_textdoc d;
    const char *t = "a" EMOJI "b";
    af_textdoc_init(&d, t, strlen(t));
    assert_int_equal(af_textdoc_offset(&d, 0, 5, AF_ENCODING_UTF8), 5);
    /* inside the UTF-8 sequence: the start of the character */
    assert_int_equal(af_textdoc_offset(&d, 0, 3, AF_ENCODING_UTF8), 1);
    uint32_t line, ch;
    af_textdoc_position(&d, 5, AF_ENCODING_UTF8, &line, &ch);
    assert_int_equal(ch, 5);
    af_textdoc_dispose(&d);
}

static void test_textdoc__line_endings_and_clamping(void **state)
{
    (void)state;
    struct af_textdoc d;
    const char *t = "ab\r\ncd\ref\ngh";
    af_textdoc_init(&d, t, strlen(t));
    assert_int_equal(d.nlines, 4);
    assert_int_equal(af_textdoc_offset(&d, 1, 0, AF_ENCODING_UTF16), 4);
    assert_int_equal(af_textdoc_offset(&d, 2, 0, AF_ENCODING_UTF16), 7);
    assert_int_equal(af_textdoc_offset(&d, 3, 1, AF_ENCODING_UTF16), 11);
    /* past the end of a line: before its line ending */
    assert_int_equal(af_textdoc_offset(&d, 0, 99, AF_ENCODING_UTF16), 2);
    /* past the last line: the end of the document */
    assert_int_equal(af_textdoc_offset(&d, 9, 0, AF_ENCODING_UTF16), strlen(t));
    uint32_t line, ch;
    af_textdoc_position(&d, 3, AF_ENCODING_UTF16, &line, &ch);   /* the \n of \r\n */
    assert_int_equal(line, 0);
    assert_int_equal(ch, 2);
    af_textdoc_position(&d, (uint32_t)strlen(t), AF_ENCODING_UTF16, &line, &ch);
    assert_int_equal(line, 3);
    assert_int_equal(ch, 2);
    af_textdoc_dispose(&d);
}

static void test_textdoc__replace_reindexes_lines(void **state)
{
    (void)state;
    struct af_textdoc d;
    af_textdoc_init(&d, "one\ntwo\n", 8);
    uint32_t s = af_textdoc_offset(&d, 0, 1, AF_ENCODING_UTF16);
    uint32_t e = af_textdoc_offset(&d, 1, 1, AF_ENCODING_UTF16);
    af_textdoc_replace(&d, s, e, "X\nY\nZ", 5);
    assert_string_equal(d.text.ptr, "oX\nY\nZwo\n");
    assert_int_equal(d.nlines, 4);
    af_textdoc_replace(&d, 0, (uint32_t)d.text.size, "", 0);
    assert_int_equal(d.text.size, 0);
    assert_int_equal(d.nlines, 1);
    af_textdoc_replace(&d, 0, 0, "\xC3\xA9", 2);
    assert_string_equal(d.text.ptr, "\xC3\xA9");
    af_textdoc_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textdoc__utf16_counts_surrogate_pairs),
        cmocka_unit_test(test_textdoc__utf8_counts_bytes),
        cmocka_unit_test(test_textdoc__line_endings_and_clamping),
        cmocka_unit_test(test_textdoc__replace_reindexes_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
