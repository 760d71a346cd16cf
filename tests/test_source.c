/*
 * test_source.c - src/source.c: validation, the line index, positions,
 * declared encodings (PEP 263 coding lines as CPython reads them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/source.h"

static int validate(const char *s, size_t len)
{
    return af_source_validate(s, len);
}

static void test_source__validate_ascii_and_multibyte(void **state)
{
    (void)state;
    assert_int_equal(validate("", 0), 0);
    assert_int_equal(validate("x = 1\n", 6), 0);
    /* é (2 bytes), € (3 bytes), 😀 (4 bytes), U+10FFFF, U+E000 after the surrogates */
    const char *ok = "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEE\x80\x80";
    assert_int_equal(validate(ok, strlen(ok)), 0);
    /* a multibyte sequence ending the buffer exactly */
    assert_int_equal(validate("a\xC3\xA9", 3), 0);
    assert_int_equal(validate("\xF0\x9F\x98\x80", 4), 0);
}

/* the eight-bytes-a-step path: a NUL, a non-ASCII byte or a bad sequence at every offset of a long line */
static void test_source__validate_every_offset(void **state)
{
    (void)state;
    char buf[40], want[64];
    for (size_t at = 0; at < 32; at++) {
        memset(buf, 'a', sizeof(buf));
        buf[at] = '\0';
        assert_int_equal(validate(buf, sizeof(buf)), AF_EINVALID);
        snprintf(want, sizeof(want), "NUL byte at offset %zu", at);
        assert_non_null(strstr(af_error_last(), want));
        memset(buf, 'a', sizeof(buf));
        buf[at] = '\xff';
        assert_int_equal(validate(buf, sizeof(buf)), AF_EINVALID);
        snprintf(want, sizeof(want), "invalid UTF-8 at byte offset %zu", at);
        assert_non_null(strstr(af_error_last(), want));
        memset(buf, 'a', sizeof(buf));
        memcpy(buf + at, "\xC3\xA9", 2);   /* valid: é across any word boundary */
        assert_int_equal(validate(buf, sizeof(buf)), 0);
        assert_int_equal(validate(buf, at + 1), AF_EINVALID);   /* cut inside it */
    }
}

static void test_source__validate_nul(void **state)
{
    (void)state;
    assert_int_equal(validate("a\0b", 3), AF_EINVALID);
    assert_non_null(strstr(af_error_last(), "NUL"));
    assert_int_equal(validate("\0", 1), AF_EINVALID);
}

static void test_source__validate_invalid(void **state)
{
    (void)state;
    assert_int_equal(validate("\x80", 1), AF_EINVALID);           /* lone continuation */
    assert_int_equal(validate("\xC3", 1), AF_EINVALID);           /* truncated */
    assert_int_equal(validate("\xC3(", 2), AF_EINVALID);          /* bad continuation */
    assert_int_equal(validate("\xE2\x82", 2), AF_EINVALID);       /* truncated at the end */
    assert_int_equal(validate("\xF0\x9F\x98", 3), AF_EINVALID);
    assert_int_equal(validate("\xFF", 1), AF_EINVALID);
    assert_int_equal(validate("\xF5\x80\x80\x80", 4), AF_EINVALID); /* above U+10FFFF */
    assert_int_equal(validate("\xF4\x90\x80\x80", 4), AF_EINVALID); /* U+110000 */
}

static void test_source__validate_overlong(void **state)
{
    (void)state;
    assert_int_equal(validate("\xC0\xAF", 2), AF_EINVALID);
    assert_int_equal(validate("\xC1\xBF", 2), AF_EINVALID);
    assert_int_equal(validate("\xE0\x80\xAF", 3), AF_EINVALID);
    assert_int_equal(validate("\xE0\x9F\xBF", 3), AF_EINVALID);  /* U+07FF in 3 bytes */
    assert_int_equal(validate("\xF0\x80\x80\xAF", 4), AF_EINVALID);
    assert_int_equal(validate("\xF0\x8F\xBF\xBF", 4), AF_EINVALID); /* U+FFFF in 4 bytes */
    assert_int_equal(validate("\xE0\xA0\x80", 3), 0);             /* U+0800: the smallest */
    assert_int_equal(validate("\xF0\x90\x80\x80", 4), 0);         /* U+10000 */
}

static void test_source__validate_surrogates(void **state)
{
    (void)state;
    assert_int_equal(validate("\xED\xA0\x80", 3), AF_EINVALID);   /* U+D800 */
    assert_int_equal(validate("\xED\xBF\xBF", 3), AF_EINVALID);   /* U+DFFF */
    assert_int_equal(validate("\xED\x9F\xBF", 3), 0);             /* U+D7FF */
}

static struct af_source load(const char *text, size_t len)
{
    struct af_source src;
    char *data = malloc(len + 1);
    memcpy(data, text, len);
    assert_int_equal(af_source_from_buffer(&src, "x.py", data, len), 0);
    return src;
}

static void test_source__from_buffer_rejects_invalid(void **state)
{
    (void)state;
    struct af_source src;
    char *data = malloc(4);
    memcpy(data, "a\xFF\n", 3);
    assert_int_equal(af_source_from_buffer(&src, "x.py", data, 3), AF_EINVALID);
    af_source_dispose(&src);
}

static void test_source__line_index(void **state)
{
    (void)state;
    const char *t = "a = 1\nbb = 2\n\nccc\n";
    struct af_source src = load(t, strlen(t));
    assert_int_equal(src.nlines, 5);   /* the empty line after the last newline counts */
    assert_int_equal(src.lines[1], 6);
    assert_int_equal(src.lines[3], 14);
    assert_int_equal(af_source_line_of(&src, 0), 0);
    assert_int_equal(af_source_line_of(&src, 5), 0);   /* the '\n' belongs to its line */
    assert_int_equal(af_source_line_of(&src, 6), 1);
    assert_int_equal(af_source_line_of(&src, 13), 2);
    assert_int_equal(af_source_line_of(&src, 17), 3);
    assert_false(src.crlf);
    assert_false(src.bom);
    assert_string_equal(af_source_newline(&src), "\n");

    uint32_t line, col;
    af_source_position(&src, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    af_source_position(&src, 9, &line, &col);   /* "bb = 2": the '=' */
    assert_int_equal(line, 2);
    assert_int_equal(col, 4);
    af_source_position(&src, (uint32_t)strlen(t), &line, &col);
    assert_int_equal(line, 5);
    assert_int_equal(col, 1);
    af_source_dispose(&src);
}

static void test_source__columns_in_code_points(void **state)
{
    (void)state;
    /* "s = 'é€😀'; x" : x is after 4 + 1 + 3 code points + "'; " */
    const char *t = "s = '\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80'; x\n";
    struct af_source src = load(t, strlen(t));
    const char *x = strchr(t, 'x');
    uint32_t line, col;
    af_source_position(&src, (uint32_t)(x - t), &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 12);   /* s,space,=,space,',é,€,😀,',;,space -> 11, x is 12th */
    af_source_dispose(&src);
}

static void test_source__bom(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBFimport time\nx\n";
    struct af_source src = load(t, strlen(t));
    assert_true(src.bom);
    uint32_t line, col;
    af_source_position(&src, 3, &line, &col);   /* the 'i' after the BOM */
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    af_source_position(&src, 10, &line, &col);  /* the 't' of time */
    assert_int_equal(col, 8);
    af_source_position(&src, 15, &line, &col);  /* 'x' on line 2: the BOM plays no part */
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    uint32_t s, len;
    af_source_line(&src, 0, &s, &len);
    assert_int_equal(s, 0);
    assert_int_equal(len, 14);   /* the line's bytes as read, BOM included */
    af_source_dispose(&src);
}

static void test_source__crlf(void **state)
{
    (void)state;
    const char *t = "a = 1\r\nbb = 2\r\nc";
    struct af_source src = load(t, strlen(t));
    assert_true(src.crlf);
    assert_string_equal(af_source_newline(&src), "\r\n");
    assert_int_equal(src.nlines, 3);
    uint32_t line, col, s, len;
    af_source_position(&src, 7, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    af_source_position(&src, 5, &line, &col);   /* the '\r' */
    assert_int_equal(line, 1);
    assert_int_equal(col, 6);
    af_source_line(&src, 0, &s, &len);
    assert_int_equal(s, 0);
    assert_int_equal(len, 5);
    af_source_line(&src, 1, &s, &len);
    assert_int_equal(s, 7);
    assert_int_equal(len, 6);
    af_source_line(&src, 2, &s, &len);   /* no line ending at the end of the file */
    assert_int_equal(s, 15);
    assert_int_equal(len, 1);
    af_source_dispose(&src);
}

static void test_source__line_lengths(void **state)
{
    (void)state;
    const char *t = "first\n\n  third\n";
    struct af_source src = load(t, strlen(t));
    uint32_t s, len;
    af_source_line(&src, 0, &s, &len);
    assert_int_equal(s, 0);
    assert_int_equal(len, 5);
    af_source_line(&src, 1, &s, &len);
    assert_int_equal(s, 6);
    assert_int_equal(len, 0);
    af_source_line(&src, 2, &s, &len);
    assert_int_equal(s, 7);
    assert_int_equal(len, 7);
    af_source_line(&src, 3, &s, &len);
    assert_int_equal(s, 15);
    assert_int_equal(len, 0);
    af_source_dispose(&src);
}

static void test_source__replace_rebuilds_index(void **state)
{
    (void)state;
    const char *t = "a\nb\n";
    struct af_source src = load(t, strlen(t));
    char *data = strdup("x\r\ny\r\nz\r\n");
    af_source_replace(&src, data, strlen(data));
    assert_int_equal(src.nlines, 4);
    assert_true(src.crlf);
    assert_int_equal(af_source_line_of(&src, 6), 2);
    af_source_dispose(&src);
}


/* af_source_offset undoes af_source_position at every byte that starts a character */
static void test_source__offset_inverts_position(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF" "a\xC3\xA9" "b\r\n\xF0\x9F\x98\x80" "x\n\nlast";
    struct af_source src;
    assert_int_equal(af_source_from_buffer(&src, "x.py", strdup(t), strlen(t)), 0);
    for (uint32_t b = 3; b <= strlen(t); b++) {
        if (((unsigned char)t[b] & 0xC0) == 0x80)
            continue;
        uint32_t line, col;
        af_source_position(&src, b, &line, &col);
        assert_int_equal(af_source_offset(&src, line, col), b);
    }
    assert_int_equal(af_source_offset(&src, 99, 1), strlen(t));
    af_source_dispose(&src);
}

static struct af_source long_line_source(size_t n, const char *unit)
{
    /* "x = 1\n" then one line of `n` copies of `unit`, then "y\n" */
    struct af_buf b = AF_BUF_INIT;
    af_buf_puts(&b, "x = 1\n");
    for (size_t i = 0; i < n; i++)
        af_buf_puts(&b, unit);
    af_buf_puts(&b, "\ny\n");
    struct af_source src;
    size_t len = b.size;
    assert_int_equal(af_source_from_buffer(&src, "long.py", af_buf_detach(&b), len), 0);
    return src;
}

static void test_source__columns_on_a_long_line_use_checkpoints(void **state)
{
    (void)state;
    /* "é;" is 3 bytes and 2 code points: column = 2 * (offset / 3) + 1 */
    struct af_source src = long_line_source(5000, "\xC3\xA9;");
    assert_non_null(src.checkpoints);
    uint32_t line, col;
    for (uint32_t k = 0; k < 5000; k += 7) {
        af_source_position(&src, 6 + 3 * k, &line, &col);
        assert_int_equal(line, 2);
        assert_int_equal(col, 2 * k + 1);
        af_source_position(&src, 6 + 3 * k + 2, &line, &col);
        assert_int_equal(col, 2 * k + 2);
    }
    /* the line after the long one starts at column 1 again */
    af_source_position(&src, (uint32_t)(6 + 3 * 5000 + 1), &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    af_source_dispose(&src);

    /* short lines only: no checkpoints */
    char *data = af_strdup("a = 1\nb = 2\n");
    assert_int_equal(af_source_from_buffer(&src, "short.py", data, strlen(data)), 0);
    assert_null(src.checkpoints);
    af_source_dispose(&src);
}

static void test_source__line_window_cuts_long_lines_only(void **state)
{
    (void)state;
    struct af_source src = long_line_source(5000, "\xC3\xA9;");
    uint32_t start, len, col, line, want;
    /* a byte deep in the long line: a window of at most 240 bytes holding it */
    uint32_t byte = 6 + 3 * 2000;
    af_source_line_window(&src, byte, 240, &start, &len, &col);
    assert_true(len <= 240 && len > 200);
    assert_true(start <= byte && byte < start + len);
    assert_true(((unsigned char)src.data[start] & 0xC0) != 0x80);
    assert_true(((unsigned char)src.data[start + len] & 0xC0) != 0x80);
    af_source_position(&src, start, &line, &want);
    assert_int_equal(col, want);
    /* at the start of the long line the window starts there */
    af_source_line_window(&src, 6, 240, &start, &len, &col);
    assert_int_equal(start, 6);
    assert_int_equal(col, 1);
    /* a short line is shown whole, without its line ending */
    af_source_line_window(&src, 1, 240, &start, &len, &col);
    assert_int_equal(start, 0);
    assert_int_equal(len, 5);
    assert_int_equal(col, 1);
    af_source_dispose(&src);
}

/* ---- the byte scanner and the nesting guard ---- */

static void expect_tokens(const char *text, enum af_scan_syntax syntax, const enum af_scan_token *want, size_t n)
{
    struct af_scan scan;
    af_scan_init(&scan, text, strlen(text), syntax);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(af_scan_next(&scan), want[i]);
}

static void test_source__scan_python(void **state)
{
    (void)state;
    /* a prefixed string holding brackets and a quote, a comment, a backslash join */
    const char *text = "f(rb'a)\\'[', \"\"\"x\n(\"\"\") # ((\nx = \\\n  {}\n";
    const enum af_scan_token want[] = {
        AF_SCAN_WORD, AF_SCAN_OPEN, AF_SCAN_WORD, AF_SCAN_STRING, AF_SCAN_OTHER, AF_SCAN_STRING,
        AF_SCAN_CLOSE, AF_SCAN_NEWLINE, AF_SCAN_WORD, AF_SCAN_OTHER, AF_SCAN_OPEN, AF_SCAN_CLOSE,
        AF_SCAN_NEWLINE, AF_SCAN_END,
    };
    expect_tokens(text, AF_SCAN_PYTHON, want, sizeof(want) / sizeof(*want));
    /* a one-line string left open at the line break; a backslash-CRLF inside a string joins */
    const enum af_scan_token open[] = { AF_SCAN_WORD, AF_SCAN_OTHER, AF_SCAN_UNTERMINATED };
    expect_tokens("x = 'abc\n'\n", AF_SCAN_PYTHON, open, 3);
    const enum af_scan_token joined[] = { AF_SCAN_STRING, AF_SCAN_NEWLINE, AF_SCAN_END };
    expect_tokens("'ab\\\r\ncd'\n", AF_SCAN_PYTHON, joined, 3);
}

static void test_source__scan_toml(void **state)
{
    (void)state;
    /* a literal string has no escapes: 'C:\' ends at its second quote */
    const enum af_scan_token want[] = {
        AF_SCAN_OPEN, AF_SCAN_WORD, AF_SCAN_CLOSE, AF_SCAN_NEWLINE, AF_SCAN_WORD, AF_SCAN_OTHER,
        AF_SCAN_OPEN, AF_SCAN_STRING, AF_SCAN_OTHER, AF_SCAN_STRING, AF_SCAN_CLOSE, AF_SCAN_NEWLINE, AF_SCAN_END,
    };
    expect_tokens("[tool]\nx = ['C:\\', \"a\\\"]\"] # [\n", AF_SCAN_TOML, want, sizeof(want) / sizeof(*want));
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    struct af_buf b = AF_BUF_INIT;
    af_buf_puts(&b, head);
    for (size_t i = 0; i < n; i++)
        af_buf_puts(&b, unit);
    af_buf_puts(&b, tail);
    return af_buf_detach(&b);
}

/* the fingerprint pass 2 compares: the same bytes give the same one, a byte changed or cut another */
static void test_source__fingerprint(void **state)
{
    (void)state;
    const char *text = "async def f():\n    return (1, [2, {3}])\n";
    size_t len = strlen(text);
    char copy[64];
    memcpy(copy, text, len);
    assert_true(af_source_fingerprint(text, len) == af_source_fingerprint(copy, len));
    for (size_t i = 0; i < len; i++) {
        copy[i] ^= 1;
        assert_true(af_source_fingerprint(text, len) != af_source_fingerprint(copy, len));
        copy[i] ^= 1;
        assert_true(af_source_fingerprint(text, i) != af_source_fingerprint(text, len));
    }
    /* a zero byte at the end is not the same as a shorter text */
    assert_true(af_source_fingerprint("ab\0", 3) != af_source_fingerprint("ab", 2));
}

static void test_source__nesting_brackets(void **state)
{
    (void)state;
    uint32_t at = 0;
    char *ok = repeat("x = ", "([{", 66, "");
    char *more = repeat(ok, "(((", 1, "");   /* 198 + 3 = 201 */
    assert_int_equal(af_source_nesting(ok, strlen(ok), AF_SCAN_PYTHON, &at), AF_NESTING_OK);
    assert_int_equal(af_source_nesting(more, strlen(more), AF_SCAN_PYTHON, &at), AF_NESTING_BRACKETS);
    assert_int_equal(at, 4 + 200);   /* the 201st bracket, as CPython reports it */
    /* closed brackets do not add up; brackets in strings and comments do not count */
    char *closed = repeat("x = ", "(1)", 500, "\n");
    char *quoted = repeat("x = '", "(", 500, "'  # ((((\n");
    assert_int_equal(af_source_nesting(closed, strlen(closed), AF_SCAN_PYTHON, &at), AF_NESTING_OK);
    assert_int_equal(af_source_nesting(quoted, strlen(quoted), AF_SCAN_PYTHON, &at), AF_NESTING_OK);
    /* 65,527 brackets left open (the shape that crashed tree-sitter 0.20.7) */
    char *open = repeat("\xEF\xBB\xBFx = ", "[", 65527, "\n");
    assert_int_equal(af_source_nesting(open, strlen(open), AF_SCAN_PYTHON, &at), AF_NESTING_BRACKETS);
    assert_int_equal(at, 3 + 4 + 200);
    /* TOML: arrays and inline tables */
    char *toml = repeat("[tool.asyncfix]\nselect = ", "[", 300, "\n");
    assert_int_equal(af_source_nesting(toml, strlen(toml), AF_SCAN_TOML, &at), AF_NESTING_BRACKETS);
    assert_non_null(strstr(af_nesting_message(AF_NESTING_BRACKETS, AF_SCAN_TOML), "200"));
    assert_non_null(strstr(af_nesting_message(AF_NESTING_BRACKETS, AF_SCAN_PYTHON), "nested parentheses"));
    free(ok), free(more), free(closed), free(quoted), free(open), free(toml);
}

/* `levels` nested if statements, one more column each (or one tab each) */
static char *indented(int levels, bool tabs)
{
    struct af_buf b = AF_BUF_INIT;
    for (int i = 0; i < levels; i++) {
        for (int k = 0; k < i; k++)
            af_buf_puts(&b, tabs ? "\t" : " ");
        af_buf_puts(&b, "if x:\r\n");
        /* blank and comment-only lines have no indentation meaning */
        af_buf_puts(&b, "\r\n# c\r\n");
    }
    for (int k = 0; k < levels; k++)
        af_buf_puts(&b, tabs ? "\t" : " ");
    af_buf_puts(&b, "pass\r\n");
    return af_buf_detach(&b);
}

static void test_source__nesting_indentation(void **state)
{
    (void)state;
    uint32_t at;
    for (int tabs = 0; tabs < 2; tabs++) {
        char *ok = indented(99, tabs), *deep = indented(100, tabs);
        assert_int_equal(af_source_nesting(ok, strlen(ok), AF_SCAN_PYTHON, &at), AF_NESTING_OK);
        assert_int_equal(af_source_nesting(deep, strlen(deep), AF_SCAN_PYTHON, &at), AF_NESTING_INDENT);
        assert_memory_equal(deep + at, "pass", 4);
        free(ok);
        free(deep);
    }
    /* lines inside brackets or joined by a backslash are not logical lines */
    char *brackets = repeat("x = [\n", "", 0, "");
    for (int i = 0; i < 150; i++) {
        char *next = af_asprintf("%s%*s1,\n", brackets, i + 1, "");
        free(brackets);
        brackets = next;
    }
    char *closed = af_asprintf("%s]\n", brackets);
    assert_int_equal(af_source_nesting(closed, strlen(closed), AF_SCAN_PYTHON, &at), AF_NESTING_OK);
    /* TOML has no indentation rule */
    char *toml = indented(150, false);
    assert_int_equal(af_source_nesting(toml, strlen(toml), AF_SCAN_TOML, &at), AF_NESTING_OK);
    free(brackets), free(closed), free(toml);
}

/* loads `len` bytes; returns af_source_from_buffer's result (the source in *out, disposed by the caller) */
static int load_bytes(struct af_source *out, const char *bytes, size_t len)
{
    char *data = malloc(len + 1);
    memcpy(data, bytes, len);
    return af_source_from_buffer(out, "x.py", data, len);
}

/* the codec the bytes declare, "utf-8" when they are read as UTF-8, "error" when refused */
static const char *codec_of(const char *bytes)
{
    static char out[32];
    struct af_source src;
    int error = load_bytes(&src, bytes, strlen(bytes));
    snprintf(out, sizeof(out), "%s", error < 0 ? "error" : src.enc ? src.enc->codec : "utf-8");
    af_source_dispose(&src);
    return out;
}

static void test_source__coding_line_where_cpython_reads_it(void **state)
{
    (void)state;
    assert_string_equal(codec_of("# -*- coding: latin-1 -*-\nx = 1\n"), "latin_1");
    assert_string_equal(codec_of("#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n"), "cp1252");
    assert_string_equal(codec_of("\n  # coding=koi8-r\n"), "koi8_r");
    assert_string_equal(codec_of("\t\f# coding:latin1\n"), "latin_1");
    /* not a comment line, a third line, a comment after code, a continuation: not read */
    assert_string_equal(codec_of("x = 1\n# coding: latin-1\n"), "utf-8");
    assert_string_equal(codec_of("#\n#\n# coding: latin-1\n"), "utf-8");
    assert_string_equal(codec_of("x = 1  # coding: latin-1\n"), "utf-8");
    assert_string_equal(codec_of("\\\n# coding: latin-1\n"), "utf-8");
    /* the first `coding[:=]` followed by a name counts */
    assert_string_equal(codec_of("# coding: , coding=cp1251\n"), "cp1251");
    const char *name;
    size_t nlen;
    uint32_t line;
    assert_true(af_source_coding_line("#!x\n# coding: iso-8859-15\n", 26, &name, &nlen, &line));
    assert_int_equal(line, 2);
    assert_int_equal(nlen, 11);
    assert_memory_equal(name, "iso-8859-15", 11);
}

static void test_source__coding_names_as_cpython_spells_them(void **state)
{
    (void)state;
    /* UTF-8 under its names: read as it is */
    assert_string_equal(codec_of("# coding: UTF-8\n"), "utf-8");
    assert_string_equal(codec_of("# coding: utf_8\n"), "utf-8");
    assert_string_equal(codec_of("# coding: utf-8-unix\n"), "utf-8");
    assert_string_equal(codec_of("# coding: utf8\n"), "utf-8");
    assert_string_equal(codec_of("# coding: u8\n"), "utf-8");
    assert_string_equal(codec_of("# coding: utf-8-sig\n"), "utf-8");
    /* latin-1 through the tokenizer's own names and the codec's aliases */
    assert_string_equal(codec_of("# coding: Latin-1\n"), "latin_1");
    assert_string_equal(codec_of("# coding: iso-latin-1-unix\n"), "latin_1");
    assert_string_equal(codec_of("# coding: ISO_8859_1\n"), "latin_1");
    assert_string_equal(codec_of("# coding: l1\n"), "latin_1");
    assert_string_equal(codec_of("# coding: windows-1252\n"), "cp1252");
    assert_string_equal(codec_of("# coding: ANSI_X3.4-1968\n"), "ascii");
    assert_string_equal(codec_of("# coding: euc-cn\n"), "gb2312");
    /* unknown, or decoded otherwise by iconv than by CPython, or stateful: refused with the name */
    assert_string_equal(codec_of("# coding: bogus\n"), "error");
    assert_non_null(strstr(af_error_last(), "`bogus`"));
    assert_string_equal(codec_of("# coding: shift_jis\n"), "error");
    assert_string_equal(codec_of("# coding: utf-7\n"), "error");
    assert_string_equal(codec_of("# coding: iso2022_jp\n"), "error");
}

static void test_source__bom_allows_only_utf8(void **state)
{
    (void)state;
    assert_string_equal(codec_of("\xEF\xBB\xBF# coding: utf-8\nx = 1\n"), "utf-8");
    assert_string_equal(codec_of("\xEF\xBB\xBF# coding: UTF_8\nx = 1\n"), "utf-8");
    assert_string_equal(codec_of("\xEF\xBB\xBFx = 1\n"), "utf-8");
    /* CPython: "encoding problem: ... with BOM" */
    assert_string_equal(codec_of("\xEF\xBB\xBF# coding: latin-1\nx = 1\n"), "error");
    assert_non_null(strstr(af_error_last(), "BOM"));
    assert_string_equal(codec_of("\xEF\xBB\xBF# coding: utf8\nx = 1\n"), "error");
    /* and no coding line: not UTF-8 is the error it always was */
    assert_string_equal(codec_of("s = '\xE9'\n"), "error");
    assert_non_null(strstr(af_error_last(), "invalid UTF-8"));
}

static void test_source__decoded_text_and_byte_offsets(void **state)
{
    (void)state;
    const char *bytes = "# coding: cp1252\ns = '\x80\xE9'  # \x93x\x94\ny = 1\n";
    struct af_source src;
    assert_int_equal(load_bytes(&src, bytes, strlen(bytes)), 0);
    const char *text = "# coding: cp1252\ns = '\xE2\x82\xAC\xC3\xA9'  # \xE2\x80\x9Cx\xE2\x80\x9D\ny = 1\n";
    assert_int_equal(src.len, strlen(text));
    assert_memory_equal(src.data, text, src.len);
    size_t rlen;
    const char *raw = af_source_bytes(&src, &rlen);
    assert_int_equal(rlen, strlen(bytes));
    assert_memory_equal(raw, bytes, rlen);
    /* columns count characters: `#` after '€é' */
    uint32_t hash = (uint32_t)(strstr(text, "  #") - text) + 2, line, col;
    af_source_position(&src, hash, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 11);
    /* each character boundary of the text maps to the byte it starts at */
    assert_int_equal(af_source_raw_offset(&src, 0), 0);
    assert_int_equal(af_source_raw_offset(&src, hash), (size_t)(strstr(bytes, "  #") - bytes) + 2);
    assert_int_equal(af_source_raw_offset(&src, (uint32_t)src.len), rlen);
    uint32_t y = (uint32_t)(strstr(text, "y = 1") - text);
    assert_int_equal(af_source_raw_offset(&src, y), (size_t)(strstr(bytes, "y = 1") - bytes));
    af_source_dispose(&src);
}

static void test_source__undecodable_bytes_refused(void **state)
{
    (void)state;
    struct af_source src;
    /* 0x81 has no character in cp1252 (nor in CPython's codec) */
    assert_int_equal(load_bytes(&src, "# coding: cp1252\nx = '\x81'\n", 24), AF_EINVALID);
    assert_non_null(strstr(af_error_last(), "invalid cp1252 at byte offset 22"));
    af_source_dispose(&src);
    assert_int_equal(load_bytes(&src, "# coding: latin-1\nx = '\0'\n", 25), AF_EINVALID);
    assert_non_null(strstr(af_error_last(), "NUL"));
    af_source_dispose(&src);
}

static void test_source__encode_in_the_declared_encoding(void **state)
{
    (void)state;
    struct af_source src;
    const char *bytes = "# coding: latin-1\nx = 1\n";
    assert_int_equal(load_bytes(&src, bytes, strlen(bytes)), 0);
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_source_encode(&out, &src, "caf\xC3\xA9 ok", 8, NULL), 0);
    assert_int_equal(out.size, 7);
    assert_memory_equal(out.ptr, "caf\xE9 ok", 7);
    /* the euro sign is not in latin-1: its offset in the text is given */
    size_t bad = 0;
    af_buf_clear(&out);
    assert_int_equal(af_source_encode(&out, &src, "a\xC3\xA9\xE2\x82\xAC", 6, &bad), AF_EINVALID);
    assert_int_equal(bad, 3);
    af_buf_dispose(&out);
    af_source_dispose(&src);
    /* UTF-8 (no coding line): as it is */
    assert_int_equal(load_bytes(&src, "x = 1\n", 6), 0);
    assert_int_equal(af_source_encode(&out, &src, "\xE2\x82\xAC", 3, NULL), 0);
    assert_int_equal(out.size, 3);
    af_buf_dispose(&out);
    af_source_dispose(&src);
}

static void test_source__text_ignores_the_coding_line(void **state)
{
    (void)state;
    /* an editor's buffer is text already: its coding line names the file's encoding, not the buffer's */
    const char *t = "# coding: latin-1\ns = 'caf\xC3\xA9'\n";
    struct af_source src;
    assert_int_equal(af_source_from_text(&src, "x.py", strdup(t), strlen(t)), 0);
    assert_null(af_source_codec(&src));
    assert_memory_equal(src.data, t, strlen(t));
    af_source_dispose(&src);
}

static void test_source__find_async(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int at;   /* -1: none */
    } cases[] = {
        { "", -1 }, { "asyn", -1 }, { "async", 0 }, { "yyasync", 2 }, { "my_async_thing", 3 },
        { "asyncy", 0 }, { "x = 'asy nc'\n", -1 }, { "sync\nasync", 5 }, { "yasyncasync", 1 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *t = cases[i].text, *found = af_source_find_async(t, t + strlen(t));
        assert_int_equal(found ? (int)(found - t) : -1, cases[i].at);
    }
    /* the end is the end: "async" cut short is not found */
    const char *cut = "async";
    assert_null(af_source_find_async(cut, cut + 4));
}

static void test_source__code_has_async(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool code;
    } cases[] = {
        /* the keyword, a name holding it, a BOM before it */
        { "async def f(): pass\n", true },
        { "import asyncio\n", true },
        { "x = isasyncgen(y)\n", true },
        { "\xEF\xBB\xBF" "async def f(): pass\n", true },
        { "def f():\n    return 1  # not async\nasync def g(): pass\n", true },
        /* only comments and plain strings */
        { "", false },
        { "# async\nx = 1\n", false },
        { "x = 'async'\n", false },
        { "x = \"an async thing\"\n", false },
        { "'''async\n'''\nx = 1\n", false },
        { "x = r'async' + b\"async\" + u'async'\n", false },
        { "x = 'it\\'s async'\n", false },
        { "def f():\n    \"\"\"Runs async.\"\"\"\n", false },
        { "x = 1 \\\n    # async\n", false },
        { "x = 'a'  # \"async\n", false },
        /* an f-string's or t-string's fields are code: from one on, every "async" counts */
        { "x = f'{asyncio.run(y)}'\n", true },
        { "x = rf\"{y}\"  # async\n", true },
        { "x = t'{y}'\n# async\n", true },
        { "x = fb'y'  # async\n", true },
        /* a string left open, and a lone CR (a line break to CPython): every "async" counts */
        { "x = 'open\n# async\n", true },
        { "x = '''open\nasync", true },
        { "# a comment\rasync def f(): pass\r", true },
        { "# a comment\r\nx = 1  # async\r\n", false },
        /* a word that is not a string prefix before a string */
        { "x = print'async'\n", false },
        { "x = Br'async'\n", false },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *t = cases[i].text;
        if (af_source_code_has_async(t, strlen(t)) != cases[i].code)
            fail_msg("case %zu: %s", i, t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source__validate_ascii_and_multibyte),
        cmocka_unit_test(test_source__validate_every_offset),
        cmocka_unit_test(test_source__validate_nul),
        cmocka_unit_test(test_source__validate_invalid),
        cmocka_unit_test(test_source__validate_overlong),
        cmocka_unit_test(test_source__validate_surrogates),
        cmocka_unit_test(test_source__from_buffer_rejects_invalid),
        cmocka_unit_test(test_source__line_index),
        cmocka_unit_test(test_source__columns_in_code_points),
        cmocka_unit_test(test_source__bom),
        cmocka_unit_test(test_source__code_has_async),
        cmocka_unit_test(test_source__crlf),
        cmocka_unit_test(test_source__line_lengths),
        cmocka_unit_test(test_source__offset_inverts_position),
        cmocka_unit_test(test_source__replace_rebuilds_index),
        cmocka_unit_test(test_source__columns_on_a_long_line_use_checkpoints),
        cmocka_unit_test(test_source__line_window_cuts_long_lines_only),
        cmocka_unit_test(test_source__scan_python),
        cmocka_unit_test(test_source__scan_toml),
        cmocka_unit_test(test_source__fingerprint),
        cmocka_unit_test(test_source__find_async),
        cmocka_unit_test(test_source__nesting_brackets),
        cmocka_unit_test(test_source__nesting_indentation),
        cmocka_unit_test(test_source__coding_line_where_cpython_reads_it),
        cmocka_unit_test(test_source__coding_names_as_cpython_spells_them),
        cmocka_unit_test(test_source__bom_allows_only_utf8),
        cmocka_unit_test(test_source__decoded_text_and_byte_offsets),
        cmocka_unit_test(test_source__undecodable_bytes_refused),
        cmocka_unit_test(test_source__encode_in_the_declared_encoding),
        cmocka_unit_test(test_source__text_ignores_the_coding_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
