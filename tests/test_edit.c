/*
 * test_edit.c - src/edit.c: edit ordering inside a fix, consistency, applying.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "asyncfix/edit.h"

static void test_edit__insert_before_replacement_at_same_start(void **state)
{
    (void)state;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    /* the replacement first, then an insertion at its start: the insertion goes first */
    af_fix_replace_str(fix, 4, 9, "asyncio.sleep");
    af_fix_insert(fix, 4, "await ");
    assert_int_equal(fix->n, 2);
    assert_int_equal(fix->edits[0].start, 4);
    assert_int_equal(fix->edits[0].end, 4);
    assert_string_equal(fix->edits[0].text, "await ");
    assert_int_equal(fix->edits[1].end, 9);
    assert_true(af_fix_is_consistent(fix));

    const char *src = "    sleep(1)\n";
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&out, src, strlen(src), fix->edits, fix->n), 0);
    assert_string_equal(out.ptr, "    await asyncio.sleep(1)\n");
    af_buf_dispose(&out);
    af_fix_free(fix);
}

static void test_edit__insert_first_keeps_its_place(void **state)
{
    (void)state;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_fix_insert(fix, 4, "await ");
    af_fix_replace_str(fix, 4, 9, "asyncio.sleep");
    assert_int_equal(fix->edits[0].end, 4);
    assert_int_equal(fix->edits[1].end, 9);
    assert_true(af_fix_is_consistent(fix));
    af_fix_free(fix);
}

/* af_fix_insert_first: before every edit at its offset, whenever they were added (a line's indentation) */
static void test_edit__insert_first_goes_before_earlier_edits(void **state)
{
    (void)state;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_fix_insert(fix, 2, "async ");
    af_fix_replace_str(fix, 2, 5, "for");
    af_fix_insert(fix, 0, "\t");
    af_fix_insert_first(fix, 2, "    ");
    assert_true(af_fix_is_consistent(fix));
    const char *src = "\t\tfor x in y: pass\n";
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&out, src, strlen(src), fix->edits, fix->n), 0);
    assert_string_equal(out.ptr, "\t\t\t    async for x in y: pass\n");
    af_buf_dispose(&out);
    af_fix_free(fix);
}

static void test_edit__sorted_by_start_and_insertions_in_added_order(void **state)
{
    (void)state;
    struct af_fix *fix = af_fix_new(AF_UNSAFE);
    af_fix_insert(fix, 10, "c");
    af_fix_insert(fix, 2, "a");
    af_fix_insert(fix, 10, "d");
    af_fix_insert(fix, 5, "b");
    assert_int_equal(fix->n, 4);
    assert_string_equal(fix->edits[0].text, "a");
    assert_string_equal(fix->edits[1].text, "b");
    assert_string_equal(fix->edits[2].text, "c");
    assert_string_equal(fix->edits[3].text, "d");
    uint32_t s, e;
    af_fix_span(fix, &s, &e);
    assert_int_equal(s, 2);
    assert_int_equal(e, 10);
    af_fix_free(fix);
}

static void test_edit__overlapping_edits_are_inconsistent(void **state)
{
    (void)state;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_fix_replace_str(fix, 0, 5, "x");
    af_fix_replace_str(fix, 3, 8, "y");
    assert_false(af_fix_is_consistent(fix));
    af_fix_free(fix);

    fix = af_fix_new(AF_SAFE);
    af_fix_replace_str(fix, 0, 5, "x");
    af_fix_replace_str(fix, 5, 8, "y");   /* touching is fine */
    assert_true(af_fix_is_consistent(fix));
    af_fix_free(fix);
}

static void test_edit__need_import_deduplicates(void **state)
{
    (void)state;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_fix_need_import(fix, "asyncio");
    af_fix_need_import(fix, "httpx");
    af_fix_need_import(fix, "asyncio");
    assert_int_equal(fix->nimports, 2);
    af_fix_set_message(fix, "use `%s`", "x");
    assert_string_equal(fix->message, "use `x`");
    af_fix_free(fix);
}

static void test_edit__apply_overlap_rejected(void **state)
{
    (void)state;
    const char *src = "abcdefghij";
    struct af_edit edits[] = { { 0, 5, "X" }, { 3, 6, "Y" } };
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&out, src, 10, edits, 2), AF_EINVALID);
    af_buf_dispose(&out);
}

static void test_edit__apply_past_end_rejected(void **state)
{
    (void)state;
    const char *src = "abcdefghij";
    struct af_edit edits[] = { { 8, 11, "X" } };
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&out, src, 10, edits, 1), AF_EINVALID);
    struct af_edit start_past[] = { { 11, 11, "X" } };
    assert_int_equal(af_edits_apply(&out, src, 10, start_past, 1), AF_EINVALID);
    struct af_edit reversed[] = { { 6, 4, "X" } };
    assert_int_equal(af_edits_apply(&out, src, 10, reversed, 1), AF_EINVALID);
    af_buf_dispose(&out);
}

static void test_edit__apply_at_end_and_empty(void **state)
{
    (void)state;
    const char *src = "abc";
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&out, src, 3, NULL, 0), 0);
    assert_int_equal(out.size, 3);
    assert_memory_equal(out.ptr, "abc", 3);

    struct af_edit at_end[] = { { 3, 3, "d" } };
    assert_int_equal(af_edits_apply(&out, src, 3, at_end, 1), 0);
    assert_string_equal(out.ptr, "abcd");

    struct af_edit del_all[] = { { 0, 3, "" } };
    assert_int_equal(af_edits_apply(&out, src, 3, del_all, 1), 0);
    assert_int_equal(out.size, 0);

    /* empty source */
    struct af_edit ins[] = { { 0, 0, "x" } };
    assert_int_equal(af_edits_apply(&out, "", 0, ins, 1), 0);
    assert_string_equal(out.ptr, "x");
    assert_int_equal(af_edits_apply(&out, "", 0, NULL, 0), 0);
    assert_int_equal(out.size, 0);
    af_buf_dispose(&out);
}

static void test_edit__apply_several(void **state)
{
    (void)state;
    const char *src = "time.sleep(1)";
    struct af_edit edits[] = { { 0, 0, "await " }, { 0, 10, "asyncio.sleep" }, { 13, 13, " # x" } };
    struct af_buf out = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&out, src, strlen(src), edits, 3), 0);
    assert_string_equal(out.ptr, "await asyncio.sleep(1) # x");
    af_buf_dispose(&out);
}

/* the text the pieces make, from the original `orig` */
static char *pieces_text(const struct af_pieces *p, const char *orig)
{
    struct af_buf out = AF_BUF_INIT;
    for (size_t i = 0; i < p->n; i++) {
        const struct af_piece *x = &p->items[i];
        af_buf_put(&out, (x->text ? x->text : orig) + x->start, x->end - x->start);
    }
    af_buf_putc(&out, '\0');
    return af_buf_detach(&out);
}

/* passes of edits recorded as pieces make what af_edits_apply makes, and keep the untouched ranges the original's */
static void test_edit__pieces_follow_passes(void **state)
{
    (void)state;
    const char *orig = "time.sleep(1)\nx = f()\n";
    struct af_pieces p;
    af_pieces_init(&p, (uint32_t)strlen(orig));
    struct af_edit pass1[] = { { 0, 4, "asyncio" }, { 0, 0, "await " }, { 18, 18, "await " } };
    /* af_edits_apply's order: the insertion at 0 first */
    struct af_edit sorted1[] = { pass1[1], pass1[0], pass1[2] };
    struct af_buf text = AF_BUF_INIT;
    assert_int_equal(af_edits_apply(&text, orig, strlen(orig), sorted1, 3), 0);
    assert_int_equal(af_pieces_apply(&p, sorted1, 3), 0);
    char *got = pieces_text(&p, orig);
    assert_string_equal(got, text.ptr);
    free(got);
    /* a second pass over the new text: an edit inside an inserted text and one across a boundary */
    char *now = af_strndup(text.ptr, text.size);
    struct af_edit pass2[] = { { 6, 13, "trio" }, { 14, 33, "nap(2)\nx = await g" } };
    assert_int_equal(af_edits_apply(&text, now, strlen(now), pass2, 2), 0);
    assert_int_equal(af_pieces_apply(&p, pass2, 2), 0);
    got = pieces_text(&p, orig);
    assert_string_equal(got, text.ptr);
    assert_int_equal(p.len, text.size);
    free(got);
    /* the untouched tail is still a range of the original */
    const struct af_piece *last = &p.items[p.n - 1];
    assert_null(last->text);
    assert_int_equal(last->end, strlen(orig));
    /* overlapping edits are refused and change nothing */
    struct af_edit bad[] = { { 2, 5, "a" }, { 4, 6, "b" } };
    size_t n = p.n;
    assert_int_equal(af_pieces_apply(&p, bad, 2), AF_EINVALID);
    assert_int_equal(p.n, n);
    free(now);
    af_buf_dispose(&text);
    af_pieces_dispose(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit__insert_before_replacement_at_same_start),
        cmocka_unit_test(test_edit__insert_first_keeps_its_place),
        cmocka_unit_test(test_edit__insert_first_goes_before_earlier_edits),
        cmocka_unit_test(test_edit__sorted_by_start_and_insertions_in_added_order),
        cmocka_unit_test(test_edit__overlapping_edits_are_inconsistent),
        cmocka_unit_test(test_edit__need_import_deduplicates),
        cmocka_unit_test(test_edit__apply_overlap_rejected),
        cmocka_unit_test(test_edit__apply_past_end_rejected),
        cmocka_unit_test(test_edit__apply_at_end_and_empty),
        cmocka_unit_test(test_edit__apply_several),
        cmocka_unit_test(test_edit__pieces_follow_passes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
