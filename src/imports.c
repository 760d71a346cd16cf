#include "asyncfix/imports.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/lang.h"

static bool is_docstring(TSNode stmt)
{
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return false;
    TSNode c = ts_node_named_child(stmt, 0);
    return af_is(c, af_sym.string) || af_is(c, af_sym.concatenated_string);
}

/* the offset just past the line ending of the line holding `byte` */
static uint32_t end_of_line(const struct af_source *src, uint32_t byte)
{
    uint32_t line = af_source_line_of(src, byte);
    if (line + 1 < src->nlines)
        return src->lines[line + 1];
    return (uint32_t)src->len;
}

static bool is_import(TSNode c)
{
    TSSymbol s = ts_node_symbol(c);
    return s == af_sym.future_import_statement || s == af_sym.import_statement || s == af_sym.import_from_statement;
}

/*
 * A module-level statement that runs none of the module's functions while
 * it is imported, so an import after it is still in time for them: a def
 * without decorators or calls in its defaults, a class without decorators or
 * calls, an assignment without a call, a string.
 */
static bool runs_nothing(TSNode c)
{
    if (af_is(c, af_sym.function_definition) || af_is(c, af_sym.class_definition)) {
        /* a def's defaults run, its body does not; a class's bases and body run */
        TSNode runs = af_is(c, af_sym.class_definition) ? c : af_field_child(c, af_field.parameters);
        return ts_node_is_null(runs) || ts_node_is_null(af_subtree_find_symbol(runs, af_sym.call));
    }
    if (!af_is(c, af_sym.expression_statement))
        return false;
    TSNode e = ts_node_named_child(c, 0);
    if (ts_node_named_child_count(c) == 1 && (af_is(e, af_sym.string) || af_is(e, af_sym.concatenated_string)))
        return true;
    return ts_node_named_child_count(c) == 1 && af_is(e, af_sym.assignment) &&
           ts_node_is_null(af_subtree_find_symbol(e, af_sym.call)) &&
           ts_node_is_null(af_subtree_find_symbol(e, af_sym.await));
}

/*
 * After the last module-level import that comes before any statement that
 * may run the module's code (runs_nothing), or, without imports, after the
 * docstring and the strings right after it. What follows the anchor on its
 * logical line belongs to that line: a comment, `;` and more statements, a
 * backslash that continues it on the next line.
 */
uint32_t af_imports_insertion_point(const struct af_file *file)
{
    const struct af_source *src = file->src;
    TSTreeCursor cur = ts_tree_cursor_new(file->root);
    uint32_t at = 0;
    bool anchored = false, leading = true, ends = false;
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more; more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (anchored && ts_node_start_byte(c) < at) {
            at = end_of_line(src, ts_node_end_byte(c));
            ends = ends || (ts_node_is_named(c) && !af_is(c, af_sym.comment) &&
                            !af_is(c, af_sym.line_continuation) && !is_import(c));
            continue;
        }
        if (ends || !ts_node_is_named(c))
            break;
        if (af_is(c, af_sym.comment))
            continue;
        bool anchor = is_import(c) || (leading && is_docstring(c));
        leading = leading && is_docstring(c);
        if (anchor) {
            anchored = true;
            at = end_of_line(src, ts_node_end_byte(c));
        } else if (!runs_nothing(c)) {
            break;
        }
    }
    ts_tree_cursor_delete(&cur);
    if (anchored)
        return at;
    /* no anchor: after the leading comment lines (shebang, coding, licence) */
    uint32_t pos = src->bom ? 3 : 0;
    while (pos < src->len && src->data[pos] == '#')
        pos = end_of_line(src, pos);
    return pos;
}

bool af_imports_has(const struct af_file *file, const char *module)
{
    const struct af_binding *b = af_sem_binding_in(file, 0, module, strlen(module));
    return b && b->kind == AF_BIND_IMPORT && !b->mixed && strcmp(b->target, module) == 0 &&
           af_sem_import_ran(&file->sem, b, 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int af_imports_edit(struct af_edit *out, const struct af_file *file,
                    const char *const *modules, size_t n)
{
    const char **todo = af_malloc((n ? n : 1) * sizeof(*todo));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (af_imports_has(file, modules[i]))
            continue;
        bool dup = false;
        for (size_t j = 0; j < k; j++)
            dup = dup || strcmp(todo[j], modules[i]) == 0;
        if (!dup)
            todo[k++] = modules[i];
    }
    if (!k) {
        free(todo);
        return AF_ENOTFOUND;
    }
    qsort(todo, k, sizeof(*todo), cmp_str);
    const struct af_source *src = file->src;
    const char *nl = af_source_newline(src);
    uint32_t at = af_imports_insertion_point(file);
    struct af_buf text = AF_BUF_INIT;
    if (at > 0 && at == src->len && src->data[at - 1] != '\n')
        af_buf_puts(&text, nl);
    for (size_t i = 0; i < k; i++)
        af_buf_printf(&text, "import %s%s", todo[i], nl);
    free(todo);
    out->start = out->end = at;
    out->text = af_buf_detach(&text);
    return 0;
}
