#include "asyncfix/stmt.h"

#include <string.h>

#include "asyncfix/lang.h"

TSNode af_stmt_of(TSNode node)
{
    for (;;) {
        TSNode parent = ts_node_parent(node);
        if (ts_node_is_null(parent))
            return node;
        TSSymbol s = ts_node_symbol(parent);
        if (s == af_sym.block || s == af_sym.module)
            return node;
        node = parent;
    }
}

TSNode af_stmt_in_block(const struct af_file *file, TSNode node, TSNode block)
{
    const struct af_block_stmts *bs = af_sem_block_stmts(file, block);
    if (bs) {
        uint32_t i = af_sem_stmt_at(bs, ts_node_start_byte(node));
        if (i == UINT32_MAX || ts_node_end_byte(node) > ts_node_end_byte(bs->stmts[i]))
            return af_null_node();
        return bs->stmts[i];
    }
    for (;;) {
        TSNode p = ts_node_parent(node);
        if (ts_node_is_null(p) || ts_node_eq(p, block))
            return ts_node_is_null(p) ? p : node;
        node = p;
    }
}

TSNode af_stmt_prev(TSNode stmt)
{
    TSNode p = ts_node_prev_named_sibling(stmt);
    while (!ts_node_is_null(p) && af_is(p, af_sym.comment))
        p = ts_node_prev_named_sibling(p);
    return p;
}

TSNode af_stmt_next(TSNode stmt)
{
    TSNode n = ts_node_next_named_sibling(stmt);
    while (!ts_node_is_null(n) && af_is(n, af_sym.comment))
        n = ts_node_next_named_sibling(n);
    return n;
}

bool af_stmt_starts_line(const struct af_file *file, uint32_t byte)
{
    const char *d = file->src->data;
    uint32_t i = byte;
    while (i > 0 && (d[i - 1] == ' ' || d[i - 1] == '\t'))
        i--;
    if (i == 0)
        return true;
    if (i == 3 && file->src->bom)
        return true;
    return d[i - 1] == '\n';
}

bool af_stmt_ends_line(const struct af_file *file, uint32_t byte)
{
    const char *d = file->src->data;
    size_t len = file->src->len;
    uint32_t i = byte;
    while (i < len && (d[i] == ' ' || d[i] == '\t'))
        i++;
    return i >= len || d[i] == '\n' || d[i] == '\r' || d[i] == '#';
}

bool af_stmt_alone_on_lines(const struct af_file *file, TSNode stmt)
{
    uint32_t e = ts_node_end_byte(stmt);
    const char *d = file->src->data;
    while (e < file->src->len && (d[e] == ' ' || d[e] == '\t'))
        e++;
    return af_stmt_starts_line(file, ts_node_start_byte(stmt)) &&
           (e >= file->src->len || d[e] == '\n' || d[e] == '\r');
}

void af_stmt_indent(const struct af_file *file, uint32_t byte, const char **indent, uint32_t *len)
{
    const struct af_source *src = file->src;
    uint32_t line = af_source_line_of(src, byte);
    uint32_t s = src->lines[line];
    if (line == 0 && src->bom)
        s = 3;
    uint32_t e = s;
    while (e < src->len && (src->data[e] == ' ' || src->data[e] == '\t'))
        e++;
    *indent = src->data + s;
    *len = e - s;
}

void af_stmt_indent_unit(struct af_buf *out, const struct af_file *file, TSNode stmt)
{
    const char *ind, *pind;
    uint32_t len, plen;
    af_buf_clear(out);
    af_stmt_indent(file, ts_node_start_byte(stmt), &ind, &len);
    TSNode block = ts_node_parent(stmt);
    TSNode owner = ts_node_is_null(block) ? block : ts_node_parent(block);
    if (!ts_node_is_null(owner) && !af_is(block, af_sym.module)) {
        af_stmt_indent(file, ts_node_start_byte(owner), &pind, &plen);
        if (plen < len && memcmp(pind, ind, plen) == 0) {
            af_buf_put(out, ind + plen, len - plen);
            return;
        }
    }
    if (len && ind[0] == '\t')
        af_buf_putc(out, '\t');
    else
        af_buf_puts(out, "    ");
}
