/*
 * test_tsalloc.c - src/tsalloc.c and the worker's file arena: nothing
 * happens until the allocator is installed; a file's blocks come from its
 * arena (freed blocks reused by size, the last one grown in place, zeroed
 * when asked, large ones in chunks of their own) and go at its end, its
 * chunks kept for the next file; heap blocks stay the heap's whatever the
 * arena does; a begin inside another ends with the outer one; a parser and
 * trees made inside the arena parse as the heap's do, and the worker's own
 * parser is back after the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/tsalloc.h"
#include "asyncfix/worker.h"

/* the runtime's allocator as ts_set_allocator left it (tree-sitter's alloc.h) */
extern void *(*ts_current_malloc)(size_t);
extern void *(*ts_current_calloc)(size_t, size_t);
extern void *(*ts_current_realloc)(void *, size_t);
extern void (*ts_current_free)(void *);

static const char SOURCE[] = "import asyncio\n"
                             "\n"
                             "async def main(urls):\n"
                             "    for url in urls:\n"
                             "        await asyncio.sleep(0.1)  # a comment\n"
                             "    return [u.upper() for u in urls if u]\n";

/* the tree of SOURCE as an S-expression, in malloc'd memory */
static char *sexp(TSParser *parser)
{
    TSTree *tree = ts_parser_parse_string(parser, NULL, SOURCE, sizeof(SOURCE) - 1);
    assert_non_null(tree);
    char *s = ts_node_string(ts_tree_root_node(tree));
    char *copy = strdup(s);
    ts_current_free(s);
    ts_tree_delete(tree);
    return copy;
}

static void test_tsalloc__nothing_before_install(void **state)
{
    (void)state;
    assert_false(af_tsarena_begin());
    af_tsarena_end();
    assert_int_equal(af_tsarena_bytes(), 0);
    struct af_worker w;
    assert_int_equal(af_lang_init(), 0);
    assert_int_equal(af_worker_init(&w, 0), 0);
    TSParser *parser = w.parser;
    af_worker_file_begin(&w);
    assert_ptr_equal(w.parser, parser);   /* no arena: the thread's parser parses the file */
    af_worker_file_end(&w);
    assert_ptr_equal(w.parser, parser);
    af_worker_dispose(&w);
}

static void test_tsalloc__arena_blocks(void **state)
{
    (void)state;
    af_tsalloc_install();
    char *heap = ts_current_malloc(100);
    memset(heap, 'h', 100);
    assert_true(af_tsarena_begin());

    /* a freed block is handed out again for the same size */
    char *a = ts_current_malloc(40), *b = ts_current_malloc(40);
    memset(a, 'a', 40);
    memset(b, 'b', 40);
    ts_current_free(a);
    char *c = ts_current_malloc(33);   /* 48 bytes, as a was */
    assert_ptr_equal(c, a);
    assert_memory_equal(b, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 40);

    /* calloc zeroes a reused block */
    ts_current_free(c);
    unsigned char *z = ts_current_calloc(4, 10);
    assert_ptr_equal(z, a);
    for (int i = 0; i < 40; i++)
        assert_int_equal(z[i], 0);

    /* the last block grows where it is; another moves with its bytes */
    char *last = ts_current_malloc(64);
    memset(last, 'l', 64);
    char *grown = ts_current_realloc(last, 4000);
    assert_ptr_equal(grown, last);
    assert_memory_equal(grown, "llllllll", 8);
    char *after = ts_current_malloc(16);
    char *moved = ts_current_realloc(b, 200);
    assert_ptr_not_equal(moved, b);
    assert_memory_equal(moved, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 40);
    assert_ptr_equal(ts_current_realloc(moved, 100), moved);   /* shrinking keeps the block */
    (void)after;

    /* a block larger than a chunk gets one of its own; the blocks after it follow the one before */
    size_t big = 1024 * 1024;
    char *before = ts_current_malloc(16);
    char *huge = ts_current_malloc(big);
    char *next = ts_current_malloc(16);
    assert_ptr_equal(next, before + 32);
    memset(huge, 'x', big);
    assert_true(af_tsarena_bytes() >= big);

    /* a heap block grows on the heap while the arena is in use */
    heap = ts_current_realloc(heap, 5000);
    assert_memory_equal(heap, "hhhhhhhhhh", 10);
    af_tsarena_end();

    /* the one-chunk block went back, the ordinary chunks are kept (not under ASan); the heap block is intact */
    size_t kept = af_tsarena_bytes();
    assert_true(kept < big);
    memset(heap + 100, 'i', 4900);
    assert_memory_equal(heap, "hhhhhhhhhh", 10);
    ts_current_free(heap);

    /* the next file takes the kept chunks before it asks the heap */
    assert_true(af_tsarena_begin());
    char *again = ts_current_malloc(1000);
    memset(again, 'r', 1000);
    assert_int_equal(af_tsarena_bytes(), kept ? kept : 256 * 1024);
    ts_current_free(NULL);
    af_tsarena_end();
}

static void test_tsalloc__nested_begin_ends_with_the_outer(void **state)
{
    (void)state;
    af_tsalloc_install();
    assert_true(af_tsarena_begin());
    char *outer = ts_current_malloc(64);
    memset(outer, 'o', 64);
    assert_true(af_tsarena_begin());
    char *inner = ts_current_malloc(64);
    memset(inner, 'i', 64);
    af_tsarena_end();
    /* the outer file's blocks are still its own: the arena is still in use */
    assert_memory_equal(outer, "oooooooooooooooo", 16);
    char *more = ts_current_realloc(inner, 128);
    assert_memory_equal(more, "iiiiiiiiiiiiiiii", 16);
    ts_current_free(more);
    ts_current_free(outer);
    af_tsarena_end();
    af_tsarena_end();   /* one end too many does nothing */
}

static void test_tsalloc__parser_and_trees_in_the_arena(void **state)
{
    (void)state;
    af_tsalloc_install();
    struct af_worker w;
    assert_int_equal(af_lang_init(), 0);
    assert_int_equal(af_worker_init(&w, 0), 0);
    TSParser *parser = w.parser;
    char *on_heap = sexp(parser);
    assert_non_null(strstr(on_heap, "(function_definition"));
    for (int round = 0; round < 3; round++) {
        af_worker_file_begin(&w);
        assert_ptr_not_equal(w.parser, parser);
        char *in_arena = sexp(w.parser);
        assert_string_equal(in_arena, on_heap);
        free(in_arena);
        /* a tree the file is done with is left to the arena: still whole until file_end */
        TSTree *tree = ts_parser_parse_string(w.parser, NULL, SOURCE, sizeof(SOURCE) - 1);
        TSTree *copy = ts_tree_copy(tree);
        af_worker_tree_done(&w, tree);
        assert_int_equal(ts_node_child_count(ts_tree_root_node(copy)), 2);
        af_worker_tree_done(&w, copy);
        af_worker_file_end(&w);
        assert_ptr_equal(w.parser, parser);
    }
    /* the thread's parser still parses after the arenas came and went */
    char *later = sexp(w.parser);
    assert_string_equal(later, on_heap);
    free(later);
    free(on_heap);
    af_worker_dispose(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsalloc__nothing_before_install),
        cmocka_unit_test(test_tsalloc__arena_blocks),
        cmocka_unit_test(test_tsalloc__nested_begin_ends_with_the_outer),
        cmocka_unit_test(test_tsalloc__parser_and_trees_in_the_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
