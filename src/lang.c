#include "asyncfix/lang.h"

#include <string.h>

#include "asyncfix/cursor.h"

struct af_symbols af_sym;
struct af_fields af_field;
const TSLanguage *af_python;

int af_lang_init(void)
{
    af_python = tree_sitter_python();
    uint32_t v = ts_language_abi_version(af_python);
    if (v < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || v > TREE_SITTER_LANGUAGE_VERSION) {
        af_error_set("tree-sitter-python ABI %u is not loadable by this tree-sitter runtime", v);
        return AF_ERROR;
    }
#define AF_SYM_INIT(n) af_sym.n = ts_language_symbol_for_name(af_python, #n, (uint32_t)strlen(#n), true);
    AF_NAMED_SYMBOLS(AF_SYM_INIT)
#undef AF_SYM_INIT
    af_sym.float_ = ts_language_symbol_for_name(af_python, "float", 5, true);
    af_sym.true_ = ts_language_symbol_for_name(af_python, "true", 4, true);
    af_sym.false_ = ts_language_symbol_for_name(af_python, "false", 5, true);
    af_sym.kw_async = ts_language_symbol_for_name(af_python, "async", 5, false);
    af_sym.error = ts_language_symbol_for_name(af_python, "ERROR", 5, true);
#define AF_FLD_INIT(n) af_field.n = ts_language_field_id_for_name(af_python, #n, (uint32_t)strlen(#n));
    AF_FIELDS(AF_FLD_INIT)
#undef AF_FLD_INIT
    return 0;
}

bool af_node_is_async(TSNode node)
{
    if (ts_node_child_count(node) == 0)
        return false;
    return ts_node_symbol(ts_node_child(node, 0)) == af_sym.kw_async;
}

TSNode af_with_clause(TSNode with)
{
    uint32_t n = ts_node_named_child_count(with);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(with, i);
        if (af_is(c, af_sym.with_clause))
            return c;
    }
    return af_null_node();
}

TSNode af_first_named(TSNode node)
{
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(node, i);
        if (ts_node_symbol(c) != af_sym.comment)
            return c;
    }
    return af_null_node();
}

bool af_node_text_is(TSNode node, const char *src, const char *lit)
{
    uint32_t len;
    const char *t = af_node_text(node, src, &len);
    return af_streq(t, len, lit);
}

bool af_node_is_bytes_literal(TSNode node, const char *src)
{
    if (af_is(node, af_sym.concatenated_string))
        node = ts_node_named_child(node, 0);
    if (!af_is(node, af_sym.string))
        return false;
    uint32_t len;
    const char *t = af_node_text(node, src, &len);
    for (uint32_t i = 0; i < len && t[i] != '"' && t[i] != '\''; i++)
        if (t[i] == 'b' || t[i] == 'B')
            return true;
    return false;
}

uint32_t af_node_items(TSNode node, TSNode *out, uint32_t max)
{
    uint32_t n = 0, count = ts_node_is_null(node) ? 0 : ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(node, i);
        if (ts_node_symbol(c) == af_sym.comment)
            continue;
        if (n < max)
            out[n] = c;
        n++;
    }
    return n;
}

static enum af_walk_next visit_comment(TSNode node, void *ctx)
{
    return ts_node_symbol(node) == af_sym.comment ? AF_WALK_STOP : AF_WALK_CONTINUE;
}

bool af_node_has_comment(TSNode node, bool deep)
{
    if (deep)
        return !ts_node_is_null(af_walk(node, visit_comment, NULL));
    uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; i++)
        if (ts_node_symbol(ts_node_named_child(node, i)) == af_sym.comment)
            return true;
    return false;
}

bool af_node_await_needs_parens(TSNode expr)
{
    TSNode parent = ts_node_parent(expr);
    if (ts_node_is_null(parent))
        return false;
    TSSymbol s = ts_node_symbol(parent);
    if (s == af_sym.attribute)
        return ts_node_eq(af_field_child(parent, af_field.object), expr);
    if (s == af_sym.subscript)
        return ts_node_eq(af_field_child(parent, af_field.value), expr);
    if (s == af_sym.call)
        return ts_node_eq(af_field_child(parent, af_field.function), expr);
    if (s == af_sym.binary_operator) {
        TSNode op = af_field_child(parent, af_field.operator);
        return !ts_node_is_null(op) && ts_node_end_byte(op) - ts_node_start_byte(op) == 2 &&
               ts_node_symbol(op) == ts_language_symbol_for_name(af_python, "**", 2, false);
    }
    return false;
}

void af_node_args_text(TSNode call, const char *src, const char **args, uint32_t *len)
{
    TSNode al = af_field_child(call, af_field.arguments);
    uint32_t s = ts_node_start_byte(al) + 1, e = ts_node_end_byte(al);
    if (e > s && src[e - 1] == ')')
        e--;
    *args = src + s;
    *len = e > s ? e - s : 0;
}

enum af_name_use af_node_name_use(TSNode ident, TSNode *call)
{
    TSNode p = ts_node_parent(ident);
    if (call)
        *call = af_null_node();
    if (af_is(p, af_sym.attribute))
        return ts_node_eq(af_field_child(p, af_field.object), ident) ? AF_USE_OBJECT : AF_USE_NOT_VARIABLE;
    if (af_is(p, af_sym.keyword_argument)) {
        if (!ts_node_eq(af_field_child(p, af_field.value), ident))
            return AF_USE_NOT_VARIABLE;
        p = ts_node_parent(p);
    } else if (af_is(p, af_sym.list_splat) || af_is(p, af_sym.dictionary_splat)) {
        p = ts_node_parent(p);
    }
    if (!af_is(p, af_sym.argument_list) || !af_is(ts_node_parent(p), af_sym.call))
        return AF_USE_OTHER;
    if (call)
        *call = ts_node_parent(p);
    return AF_USE_ARGUMENT;
}

TSNode af_unparen(TSNode node)
{
    while (af_is(node, af_sym.parenthesized_expression)) {
        TSNode inner = af_first_named(node);
        if (ts_node_is_null(inner))
            break;
        node = inner;
    }
    return node;
}

TSNode af_walk(TSNode root, enum af_walk_next (*visit)(TSNode node, void *ctx), void *ctx)
{
    struct af_cursor c;
    af_cursor_init(&c, root);
    TSNode stopped = af_null_node();
    for (;;) {
        TSNode n = af_cursor_node(&c);
        enum af_walk_next next = visit(n, ctx);
        if (next == AF_WALK_STOP) {
            stopped = n;
            break;
        }
        if (next == AF_WALK_CONTINUE && af_cursor_first_child(&c))
            continue;
        bool more = false;
        while (!(more = af_cursor_next_sibling(&c)))
            if (!af_cursor_parent(&c))
                break;
        if (!more)
            break;
    }
    af_cursor_dispose(&c);
    return stopped;
}

static enum af_walk_next visit_symbol(TSNode node, void *ctx)
{
    return ts_node_symbol(node) == *(TSSymbol *)ctx ? AF_WALK_STOP : AF_WALK_CONTINUE;
}

TSNode af_subtree_find_symbol(TSNode root, TSSymbol sym)
{
    return af_walk(root, visit_symbol, &sym);
}

struct find_name {
    const char *src, *name;
    size_t len;
    TSNode skip;
};

static enum af_walk_next visit_name(TSNode node, void *ctx)
{
    struct find_name *f = ctx;
    if (!ts_node_is_null(f->skip) && ts_node_eq(node, f->skip))
        return AF_WALK_SKIP;
    if (ts_node_symbol(node) == af_sym.identifier) {
        uint32_t l;
        const char *t = af_node_text(node, f->src, &l);
        if (l == f->len && memcmp(t, f->name, l) == 0)
            return AF_WALK_STOP;
    }
    return AF_WALK_CONTINUE;
}

TSNode af_subtree_find_name(TSNode root, const char *src, const char *name, size_t len, TSNode skip)
{
    struct find_name f = { src, name, len, skip };
    return af_walk(root, visit_name, &f);
}
