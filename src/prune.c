/*
 * prune.c - the imports that fixes leave unused (prune.h).
 */
#include "asyncfix/prune.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/cursor.h"
#include "asyncfix/lang.h"

/* modules whose uses fixes replace: AF101 (time), AF102 (requests, httpx), AF204 (asyncio.run), AF501 (io, os) */
static const char *const prunable_modules[] = { "time", "requests", "asyncio", "httpx", "io", "os", NULL };

static bool ident_char(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

size_t af_prune_word_count(const char *data, size_t len, const char *word, size_t wl)
{
    size_t n = 0;
    if (!data || !wl)
        return 0;
    for (const char *p = data, *end = data + len; (p = memmem(p, (size_t)(end - p), word, wl)); p += wl)
        if ((p == data || (!ident_char((unsigned char)p[-1]) && p[-1] != '.')) &&
            (p + wl == end || !ident_char((unsigned char)p[wl])))
            n++;
    return n;
}

/* `module` is one of the prunable modules, or (`sub`) a submodule of one */
static bool prunable(const char *t, uint32_t len, bool sub)
{
    for (const char *const *m = prunable_modules; *m; m++) {
        size_t ml = strlen(*m);
        if (af_streq(t, len, *m) || (sub && len > ml && memcmp(t, *m, ml) == 0 && t[ml] == '.'))
            return true;
    }
    return false;
}

/* the item's bound name: the alias, else (a one-part name) the name; false for `import a.b` */
static bool bound_name(const struct af_file *file, TSNode item, const char **w, uint32_t *wl)
{
    TSNode name = item;
    if (af_is(item, af_sym.aliased_import)) {
        *w = af_node_text(af_field_child(item, af_field.alias), file->src->data, wl);
        return true;
    }
    if (!af_is(name, af_sym.dotted_name) || ts_node_named_child_count(name) != 1)
        return false;
    *w = af_node_text(name, file->src->data, wl);
    return true;
}

static void collect_statement(struct af_prune *p, const struct af_file *file, TSNode stmt)
{
    const char *src = file->src->data;
    bool from = af_is(stmt, af_sym.import_from_statement);
    TSNode module = from ? af_field_child(stmt, af_field.module_name) : af_null_node();
    uint32_t len = 0;
    if (from && !af_is(module, af_sym.dotted_name))
        return;
    const char *mt = from ? af_node_text(module, src, &len) : NULL;
    if (from && !prunable(mt, len, true))
        return;
    uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++) {
        TSNode item = ts_node_named_child(stmt, i);
        if (from && ts_node_eq(item, module))
            continue;
        if (af_is(item, af_sym.comment))
            continue;
        if (!af_is(item, af_sym.dotted_name) && !af_is(item, af_sym.aliased_import))
            return;   /* `*` */
        TSNode name = af_is(item, af_sym.aliased_import) ? af_field_child(item, af_field.name) : item;
        const char *t = af_node_text(name, src, &len);
        const char *w;
        uint32_t wl;
        if ((!from && !prunable(t, len, false)) || !bound_name(file, item, &w, &wl))
            continue;
        AF_ARRAY_GROW(p->items, p->n, p->cap);
        p->items[p->n++] = (struct af_prune_item){ stmt, item, w, wl,
                                                   af_prune_word_count(src, file->src->len, w, wl), false };
    }
}

/*
 * The import statements under the module (in blocks and compound statements),
 * depth-first: one walk of the visitor (cursor.h), which neither rescans
 * siblings nor enters names and tokens.
 */
struct collect_walk {
    struct af_visitor v;       /* first: the callbacks get its address */
    struct af_prune *p;
    const struct af_file *file;
    int depth;                 /* of the node entered: a module-level statement is at 1 */
};

/*
 * A node whose children may be statements or hold some: Python's grammar
 * has import statements only in the module and in blocks, and blocks only
 * in compound statements and their clauses. The walk passes over the rest
 * (expressions, parameters, decorators, simple statements) whole.
 */
static bool holds_statements(TSNode node, TSSymbol s)
{
    return s == af_sym.block || s == af_sym.if_statement || s == af_sym.elif_clause || s == af_sym.else_clause ||
           s == af_sym.for_statement || s == af_sym.while_statement || s == af_sym.try_statement ||
           s == af_sym.except_clause || s == af_sym.except_group_clause || s == af_sym.finally_clause ||
           s == af_sym.with_statement || s == af_sym.function_definition || s == af_sym.class_definition ||
           s == af_sym.decorated_definition || s == af_sym.match_statement || s == af_sym.case_clause ||
           ts_node_is_error(node);
}

static bool collect_enter(struct af_visitor *v, TSNode node)
{
    struct collect_walk *w = (struct collect_walk *)v;
    int depth = ++w->depth;
    if (!ts_node_is_named(node))
        return false;
    TSSymbol s = ts_node_symbol(node);
    if (s == af_sym.import_statement || s == af_sym.import_from_statement) {
        collect_statement(w->p, w->file, node);
        return false;
    }
    /* a node a hundred levels down is not looked into */
    return depth < 100 && holds_statements(node, s);
}

static void collect_leave(struct af_visitor *v, TSNode node)
{
    (void)node;
    ((struct collect_walk *)v)->depth--;
}

void af_prune_collect(struct af_prune *p, const struct af_file *file)
{
    memset(p, 0, sizeof(*p));
    struct collect_walk w = { .p = p, .file = file };
    w.v.enter = collect_enter;
    w.v.leave = collect_leave;
    w.v.skip = AF_CURSOR_SKIP_LEAVES;   /* an import statement is no leaf; comments are entered (extras) */
    af_visit(&w.v, file->root);
}

void af_prune_dispose(struct af_prune *p)
{
    free(p->items);
    memset(p, 0, sizeof(*p));
}

/* the names a statement imports (after `from M import`), comments aside */
static uint32_t statement_names(TSNode stmt, TSNode *names, uint32_t max)
{
    TSNode module = af_is(stmt, af_sym.import_from_statement) ? af_field_child(stmt, af_field.module_name)
                                                                : af_null_node();
    uint32_t n = ts_node_named_child_count(stmt), k = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(stmt, i);
        if (af_is(c, af_sym.comment) || (!ts_node_is_null(module) && ts_node_eq(c, module)))
            continue;
        if (k < max)
            names[k] = c;
        k++;
    }
    return k;
}

/* the statement alone on its line(s): [*start, *end) from the line's start past its line break */
static bool alone_on_line(const struct af_source *src, TSNode stmt, uint32_t *start, uint32_t *end)
{
    uint32_t s = ts_node_start_byte(stmt), e = ts_node_end_byte(stmt);
    uint32_t ls = src->lines[af_source_line_of(src, s)];
    for (uint32_t i = ls; i < s; i++)
        if (src->data[i] != ' ' && src->data[i] != '\t')
            return false;
    while (e < src->len && (src->data[e] == ' ' || src->data[e] == '\t'))
        e++;
    if (e < src->len && src->data[e] == '#')
        while (e < src->len && src->data[e] != '\n' && src->data[e] != '\r')
            e++;
    if (e < src->len && src->data[e] == '\r')
        e++;
    if (e < src->len && src->data[e] != '\n')
        return false;
    *start = ls;
    *end = e < src->len ? e + 1 : e;
    /* first in the file or in its block: the blank lines after it go too (none is left leading) */
    for (bool first = ts_node_is_null(ts_node_prev_sibling(stmt)); first;) {
        uint32_t b = *end;
        while (b < src->len && (src->data[b] == ' ' || src->data[b] == '\t'))
            b++;
        if (b >= src->len || (src->data[b] != '\n' && src->data[b] != '\r'))
            break;
        *end = b + (src->data[b] == '\r' && b + 1 < src->len && src->data[b + 1] == '\n' ? 2 : 1);
    }
    return true;
}

/* the only statement of its block: it must become `pass` */
static bool only_in_block(TSNode stmt)
{
    TSNode block = ts_node_parent(stmt);
    if (!af_is(block, af_sym.block))
        return false;
    uint32_t n = ts_node_named_child_count(block), k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += !af_is(ts_node_named_child(block, i), af_sym.comment);
    return k == 1;
}

/* the edit for one statement whose items [from, to) of p are its collected names; false when none */
static bool statement_edit(struct af_edit *e, const struct af_prune *p, size_t from, size_t to,
                           const struct af_file *file)
{
    const struct af_source *src = file->src;
    TSNode stmt = p->items[from].stmt, names[64];
    uint32_t n = statement_names(stmt, names, 64), kept = 0;
    if (n > 64)
        return false;
    struct af_buf text = AF_BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        bool removed = false;
        for (size_t k = from; k < to; k++)
            removed = removed || (p->items[k].removed && ts_node_eq(p->items[k].item, names[i]));
        if (removed)
            continue;
        uint32_t len;
        const char *t = af_node_text(names[i], src->data, &len);
        af_buf_printf(&text, "%s%.*s", kept++ ? ", " : "", (int)len, t);
    }
    uint32_t s = ts_node_start_byte(stmt), end = ts_node_end_byte(stmt), len;
    const char *st = af_node_text(stmt, src->data, &len);
    bool done = false;
    if (kept == n) {
        done = false;
    } else if (kept == 0 && only_in_block(stmt)) {
        *e = (struct af_edit){ s, end, af_strdup("pass") };
        done = true;
    } else if (kept == 0) {
        done = alone_on_line(src, stmt, &e->start, &e->end);
        e->text = done ? af_strdup("") : NULL;
    } else if (!memchr(st, '\n', len) && !memchr(st, '\r', len) && !memchr(st, '#', len)) {
        TSNode module = af_field_child(stmt, af_field.module_name);
        uint32_t ml;
        const char *mt = af_is(stmt, af_sym.import_from_statement) ? af_node_text(module, src->data, &ml) : NULL;
        char *line = mt ? af_asprintf("from %.*s import %s", (int)ml, mt, af_buf_cstr(&text))
                        : af_asprintf("import %s", af_buf_cstr(&text));
        *e = (struct af_edit){ s, end, line };
        done = true;
    }
    af_buf_dispose(&text);
    return done;
}

size_t af_prune_edits(const struct af_prune *p, const struct af_file *file, struct af_edit **out)
{
    struct af_edit *edits = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < p->n;) {
        size_t j = i;
        bool any = false;
        for (; j < p->n && ts_node_eq(p->items[j].stmt, p->items[i].stmt); j++)
            any = any || p->items[j].removed;
        struct af_edit e;
        if (any && statement_edit(&e, p, i, j, file)) {
            AF_ARRAY_GROW(edits, n, cap);
            edits[n++] = e;
        }
        i = j;
    }
    *out = edits;
    return n;
}

void af_prune_edits_free(struct af_edit *edits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(edits[i].text);
    free(edits);
}
