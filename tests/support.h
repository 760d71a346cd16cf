/*
 * support.h - a parsed file for the unit tests, built the way the engine's
 * file_begin builds one: source, tree, semantic model.
 */
#ifndef ASYNCFIX_TEST_SUPPORT_H
#define ASYNCFIX_TEST_SUPPORT_H

#include <stdlib.h>
#include <string.h>

#include "asyncfix/file.h"
#include "asyncfix/lang.h"
#include "asyncfix/options.h"

struct test_file {
    struct af_source src;
    struct af_options opts;
    struct af_file file;
    TSParser *parser;
    char *module;
};

/* parses `text` as `path` (path decides the module name); the caller calls test_file_free */
static inline struct test_file *test_file_parse_as(const char *path, const char *text, size_t len)
{
    static bool lang_ready;
    if (!lang_ready) {
        if (af_lang_init() < 0)
            abort();
        lang_ready = true;
    }
    struct test_file *t = af_calloc(1, sizeof(*t));
    char *data = af_malloc(len + 1);
    memcpy(data, text, len);
    if (af_source_from_buffer(&t->src, path, data, len) < 0)
        abort();
    af_options_init(&t->opts);
    t->parser = ts_parser_new();
    ts_parser_set_language(t->parser, tree_sitter_python());
    TSTree *tree = ts_parser_parse_string(t->parser, NULL, t->src.data, (uint32_t)t->src.len);
    t->module = af_module_name_for_path(path);
    struct af_file *f = &t->file;
    memset(f, 0, sizeof(*f));
    f->src = &t->src;
    f->tree = tree;
    f->root = ts_tree_root_node(tree);
    f->opts = &t->opts;
    f->module = t->module;
    af_sem_build(f);
    return t;
}

static inline struct test_file *test_file_parse(const char *text)
{
    return test_file_parse_as("t.py", text, strlen(text));
}

static inline void test_file_free(struct test_file *t)
{
    af_sem_dispose(&t->file.sem);
    af_arena_dispose(&t->file.arena);
    ts_tree_delete(t->file.tree);
    ts_parser_delete(t->parser);
    af_options_dispose(&t->opts);
    af_source_dispose(&t->src);
    free(t->module);
    free(t);
}

/* the first node of symbol `sym` whose text starts at the `nth` (0-based) occurrence of `needle` */
static inline TSNode test_find(const struct test_file *t, const char *needle, int nth, TSSymbol sym)
{
    const char *p = t->src.data;
    for (;;) {
        p = strstr(p, needle);
        if (!p)
            abort();
        if (nth-- == 0)
            break;
        p++;
    }
    uint32_t at = (uint32_t)(p - t->src.data);
    TSNode n = ts_node_descendant_for_byte_range(t->file.root, at, at + (uint32_t)strlen(needle));
    while (!ts_node_is_null(n) && !(ts_node_symbol(n) == sym && ts_node_start_byte(n) == at))
        n = ts_node_parent(n);
    if (ts_node_is_null(n)) {
        /* the smallest node of that kind starting there */
        n = ts_node_descendant_for_byte_range(t->file.root, at, at);
        while (!ts_node_is_null(n) && !(ts_node_symbol(n) == sym && ts_node_start_byte(n) == at))
            n = ts_node_parent(n);
    }
    if (ts_node_is_null(n))
        abort();
    return n;
}

/* the call site (from file->sem.calls) whose node starts at the nth `needle` */
static inline const struct af_site *test_call(const struct test_file *t, const char *needle, int nth)
{
    TSNode n = test_find(t, needle, nth, af_sym.call);
    for (uint32_t i = 0; i < t->file.sem.calls.n; i++)
        if (ts_node_eq(t->file.sem.calls.items[i].node, n))
            return &t->file.sem.calls.items[i];
    abort();
}

#endif
