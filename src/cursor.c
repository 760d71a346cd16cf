/*
 * cursor.c - a tree cursor over the runtime's subtrees (cursor.h says why).
 *
 * The walk is tree-sitter's own (lib/src/tree_cursor.c of the pinned
 * runtime): a child is visible when its subtree is, or when its parent's
 * production aliases it; a hidden child that has visible children is walked
 * through; an extra (a comment) takes no structural index and no alias. What
 * differs is only the bookkeeping: a step scans the parent's children array
 * from where the current node stands, writing the entries it descends
 * through above the stack, and moves them into place when it finds a node.
 */
#include "asyncfix/cursor.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/common.h"

/* the runtime's private headers (meson gives their folder as a system include) */
#include "language.h"
#include "subtree.h"
#include "tree.h"

static Subtree subtree_of(const struct af_cursor_entry *e)
{
    return *(const Subtree *)e->subtree;
}

static Length start_of(const struct af_cursor_entry *e)
{
    Length l = { e->bytes, { e->row, e->column } };
    return l;
}

static void reserve(struct af_cursor *c, uint32_t n)
{
    if (n <= c->cap)
        return;
    uint32_t cap = c->cap * 2 > n ? c->cap * 2 : n;
    if (c->stack == c->inline_stack) {
        c->stack = af_malloc(cap * sizeof(*c->stack));
        memcpy(c->stack, c->inline_stack, sizeof(c->inline_stack));   /* entries above n too: a scan's */
    } else {
        c->stack = af_realloc(c->stack, cap * sizeof(*c->stack));
    }
    c->cap = cap;
}

void af_cursor_init(struct af_cursor *c, TSNode node)
{
    c->tree = node.tree;
    c->stack = c->inline_stack;
    c->cap = AF_CURSOR_INLINE;
    c->n = 1;
    struct af_cursor_entry *e = &c->stack[0];
    memset(e, 0, sizeof(*e));
    e->subtree = node.id;
    e->bytes = node.context[0];
    e->row = node.context[1];
    e->column = node.context[2];
    e->extra = ts_subtree_extra(subtree_of(e));
    c->skip = AF_CURSOR_SKIP_NOTHING;
    e->alias = e->extra ? 0 : (TSSymbol)node.context[3];
    e->visible = true;
}

void af_cursor_dispose(struct af_cursor *c)
{
    if (c->stack != c->inline_stack)
        free(c->stack);
    c->stack = NULL;
    c->n = c->cap = 0;
}

void af_cursor_skip(struct af_cursor *c, enum af_cursor_skip skip)
{
    c->skip = skip;
}

TSNode af_cursor_node(const struct af_cursor *c)
{
    const struct af_cursor_entry *e = &c->stack[c->n - 1];
    TSNode node = { { e->bytes, e->row, e->column, e->alias }, e->subtree, c->tree };
    return node;
}

TSFieldId af_cursor_field(const struct af_cursor *c)
{
    const TSLanguage *lang = c->tree->language;
    for (uint32_t i = c->n - 1; i > 0; i--) {
        const struct af_cursor_entry *e = &c->stack[i];
        if ((i != c->n - 1 && e->visible) || e->extra)
            break;
        const TSFieldMapEntry *map, *end;
        ts_language_field_map(lang, subtree_of(&c->stack[i - 1]).ptr->production_id, &map, &end);
        for (; map < end; map++)
            if (!map->inherited && map->child_index == e->structural)
                return map->field_id;
    }
    return 0;
}

/* where a scan stands: a node's children, from one of them on */
struct level {
    const Subtree *kids;
    const TSSymbol *aliases;
    uint32_t count, index, structural;
    Length pos;   /* where kids[index] starts */
};

static struct level children_of(const struct af_cursor *c, Subtree p, Length start)
{
    struct level l = { NULL, NULL, ts_subtree_child_count(p), 0, 0, start };
    if (l.count) {
        l.kids = ts_subtree_children(p);
        l.aliases = ts_language_alias_sequence(c->tree->language, p.ptr->production_id);
    }
    return l;
}

/* where kids[index + 1] starts, kids[index] starting at `start` (the end of the last child after it) */
static inline __attribute__((always_inline)) Length next_start(const Subtree *kids, uint32_t count, uint32_t index, Length start)
{
    Length pos = length_add(start, ts_subtree_size(kids[index]));
    return index + 1 < count ? length_add(pos, ts_subtree_padding(kids[index + 1])) : pos;
}

/* the level of `e`'s siblings, standing after it */
static struct level after(const struct af_cursor_entry *e)
{
    struct level l = { e->siblings, e->aliases, e->count, e->index + 1, e->structural + !e->extra, start_of(e) };
    l.pos = next_start(l.kids, l.count, e->index, l.pos);
    return l;
}

/* a visible child that `skip` passes over (the cursor's and the visitor's) */
static inline bool skipped_leaf(enum af_cursor_skip skip, const TSLanguage *lang, Subtree ch, TSSymbol alias,
                                bool extra)
{
    if (skip == AF_CURSOR_SKIP_NOTHING)
        return false;
    if (skip == AF_CURSOR_SKIP_LEAVES)
        return !extra && !alias;
    return alias ? !ts_language_symbol_metadata(lang, alias).named : !ts_subtree_named(ch);
}

static inline bool skipped(enum af_cursor_skip skip, const TSLanguage *lang, Subtree ch, TSSymbol alias, bool extra)
{
    /* a leaf is a node without visible children (string_content has hidden ones) */
    return ts_subtree_visible_child_count(ch) == 0 && skipped_leaf(skip, lang, ch, alias, extra);
}

/*
 * The first visible node from where `l` stands on, through hidden children:
 * the entries from that level's child down to the node are written at
 * c->stack[base...]. Returns how many (0: none).
 */
static uint32_t scan(struct af_cursor *c, struct level *lp, uint32_t base)
{
    struct level l = *lp;
    uint32_t k = 0;
    for (;;) {
        for (; l.index < l.count; l.index++) {
            const Subtree *ch = &l.kids[l.index];
            bool extra = ts_subtree_extra(*ch);
            TSSymbol alias = !extra && l.aliases ? l.aliases[l.structural] : 0;
            bool visible = ts_subtree_visible(*ch) || alias;
            if ((visible && !skipped(c->skip, c->tree->language, *ch, alias, extra)) ||
                (!visible && ts_subtree_visible_child_count(*ch) > 0)) {
                reserve(c, base + k + 1);
                struct af_cursor_entry *e = &c->stack[base + k++];
                *e = (struct af_cursor_entry){ ch, l.kids, l.aliases, l.count, l.index, l.structural,
                                               l.pos.bytes, l.pos.extent.row, l.pos.extent.column,
                                               alias, visible, extra };
                if (visible)
                    return k;
                l = children_of(c, *ch, l.pos);   /* into the hidden child: its first child starts where it does */
                l.index = (uint32_t)-1;           /* the loop's increment makes it 0 */
                continue;
            }
            if (!extra)
                l.structural++;
            l.pos = next_start(l.kids, l.count, l.index, l.pos);
        }
        /* this level is done: back to the hidden child it was, and on after it */
        if (k == 0)
            return 0;
        l = after(&c->stack[base + --k]);
    }
}

bool af_cursor_first_child(struct af_cursor *c)
{
    const struct af_cursor_entry *top = &c->stack[c->n - 1];
    Subtree p = subtree_of(top);
    if (ts_subtree_child_count(p) == 0)
        return false;
    struct level l = children_of(c, p, start_of(top));
    uint32_t k = scan(c, &l, c->n);
    c->n += k;
    return k > 0;
}

bool af_cursor_next_sibling(struct af_cursor *c)
{
    for (uint32_t level = c->n - 1; level > 0; level--) {
        struct level l = after(&c->stack[level]);
        uint32_t k = scan(c, &l, c->n);
        if (k) {
            memmove(&c->stack[level], &c->stack[c->n], k * sizeof(*c->stack));
            c->n = level + k;
            return true;
        }
        if (c->stack[level - 1].visible || level - 1 == 0)
            return false;
    }
    return false;
}

bool af_cursor_parent(struct af_cursor *c)
{
    for (uint32_t i = c->n - 1; i > 0; i--) {
        if (c->stack[i - 1].visible) {
            c->n = i;
            return true;
        }
    }
    return false;
}

/* ---- one node's children, one at a step (af_visit and af_node_each_child) ---- */

struct child_level {
    const Subtree *kids;
    const TSSymbol *aliases;
    uint32_t count, index, structural;
    Length pos;                /* where kids[index] starts */
};

static struct child_level child_level(const TSLanguage *lang, Subtree self, Length pos)
{
    struct child_level l = { ts_subtree_children(self), ts_language_alias_sequence(lang, self.ptr->production_id),
                             self.ptr->child_count, 0, 0, pos };
    return l;
}

/* the child `l` is at (its alias, start, index among the structural children, whether an extra); `l` moves past it */
static inline __attribute__((always_inline)) const Subtree *
next_child(struct child_level *l, TSSymbol *alias, Length *pos, uint32_t *structural, bool *extra)
{
    const Subtree *ch = &l->kids[l->index];
    *extra = ts_subtree_extra(*ch);
    *alias = !*extra && l->aliases ? l->aliases[l->structural] : 0;
    *pos = l->pos;
    *structural = l->structural;
    l->pos = next_start(l->kids, l->count, l->index, *pos);
    l->index++;
    l->structural += !*extra;
    return ch;
}

/* ---- af_visit ---- */

struct af_visit_level {
    struct child_level at;     /* self's children */
    const Subtree *self;       /* the node whose children this level walks */
    Length start;              /* where self starts */
    uint16_t production;       /* self's, for its field map */
    TSSymbol alias;            /* self's */
    uint32_t self_structural;  /* self's, among its parent's children */
    bool visible, extra;       /* self's */
};

/* a level for the children of `self` (which has some) on top of the stack, which may move: its address */
static inline __attribute__((always_inline)) struct af_visit_level *
push_level(struct af_visitor *v, const Subtree *self, Length pos, TSSymbol alias, uint32_t structural, bool visible,
           bool extra)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->levels = af_realloc(v->levels, v->cap * sizeof(*v->levels));
    }
    struct af_visit_level *l = &v->levels[v->n++];
    const SubtreeHeapData *data = self->ptr;   /* a node with children is never inline */
    l->self = self;
    l->at.count = data->child_count;
    l->at.kids = ts_subtree_children(*self);
    l->production = data->production_id;
    l->at.aliases = ts_language_alias_sequence(v->tree->language, l->production);
    l->at.index = l->at.structural = 0;
    l->at.pos = l->start = pos;
    l->alias = alias;
    l->self_structural = structural;
    l->visible = visible;
    l->extra = extra;
    return l;
}

/* ts_node_symbol's last step, without its call */
static inline TSSymbol public_symbol(const TSLanguage *lang, TSSymbol symbol)
{
    return symbol == ts_builtin_sym_error ? symbol : lang->public_symbol_map[symbol];
}

static TSNode node_at(const struct af_visitor *v, const Subtree *st, Length pos, TSSymbol alias)
{
    TSNode node = { { pos.bytes, pos.extent.row, pos.extent.column, alias }, st, v->tree };
    return node;
}

TSFieldId af_visitor_field(const struct af_visitor *v)
{
    const TSLanguage *lang = v->tree->language;
    uint32_t structural = v->structural;
    bool extra = v->extra;
    for (uint32_t i = v->n; i-- > 0;) {
        if (extra)
            break;
        const TSFieldMapEntry *map, *end;
        ts_language_field_map(lang, v->levels[i].production, &map, &end);
        for (; map < end; map++)
            if (!map->inherited && map->child_index == structural)
                return map->field_id;
        const struct af_visit_level *l = &v->levels[i];
        if (l->visible)
            break;
        structural = l->self_structural;
        extra = l->extra;
    }
    return 0;
}

/* the nodes still open when a callback stopped the walk are left, innermost first (the root is not) */
static void unwind(struct af_visitor *v)
{
    while (v->n > 1) {
        const struct af_visit_level *done = &v->levels[--v->n];
        if (done->visible)
            v->leave(v, node_at(v, done->self, done->start, done->alias));
    }
}

void af_visit(struct af_visitor *v, TSNode root)
{
    v->tree = root.tree;
    v->levels = NULL;
    v->n = v->cap = 0;
    const TSLanguage *lang = v->tree->language;
    const enum af_cursor_skip skip = v->skip;
    const Subtree *top = root.id;
    if (ts_subtree_child_count(*top) == 0)
        return;
    Length start = { root.context[0], { root.context[1], root.context[2] } };
    struct af_visit_level *l = push_level(v, top, start, 0, 0, true, false);
    while (!v->stop) {
        if (l->at.index == l->at.count) {
            /* this level is done: back to its parent's, leaving it when it is a visible node (the root is not) */
            if (--v->n == 0)
                break;
            const struct af_visit_level *done = l--;
            if (done->visible)
                v->leave(v, node_at(v, done->self, done->start, done->alias));
            continue;
        }
        TSSymbol alias;
        Length pos;
        uint32_t structural;
        bool extra;
        /* the level moves on past this child before anything is pushed */
        const Subtree *ch = next_child(&l->at, &alias, &pos, &structural, &extra);
        Subtree c = *ch;
        if (ts_subtree_visible(c) || alias) {
            bool leaf = ts_subtree_visible_child_count(c) == 0;
            if (leaf && skipped_leaf(skip, lang, c, alias, extra))
                continue;
            TSNode node = node_at(v, ch, pos, alias);
            v->structural = structural;
            v->extra = extra;
            v->symbol = public_symbol(lang, alias ? alias : ts_subtree_symbol(c));
            v->named = alias ? ts_language_symbol_metadata(lang, alias).named : ts_subtree_named(c);
            v->leaf = leaf;
            if (leaf && v->enter_leaf)
                v->enter_leaf(v, node);
            else if (v->enter(v, node) && ts_subtree_child_count(c) > 0)
                l = push_level(v, ch, pos, alias, structural, true, extra);
            else
                v->leave(v, node);
        } else if (ts_subtree_visible_child_count(c) > 0) {
            l = push_level(v, ch, pos, 0, structural, false, extra);
        }
    }
    unwind(v);
    free(v->levels);
    v->levels = NULL;
}

/* ---- a node's children ---- */

/* where the children walk stands in one node (the node or a hidden child of it) */
/* ts_node__is_relevant and ts_node__relevant_child_count of the runtime's node.c, for one child */
static bool relevant(const TSLanguage *lang, Subtree c, TSSymbol alias, bool named)
{
    if (!named)
        return ts_subtree_visible(c) || alias;
    return alias ? ts_language_symbol_metadata(lang, alias).named : ts_subtree_visible(c) && ts_subtree_named(c);
}

static uint32_t relevant_children(Subtree c, bool named)
{
    if (ts_subtree_child_count(c) == 0)
        return 0;
    return named ? c.ptr->named_child_count : c.ptr->visible_child_count;
}

void af_node_each_child(TSNode node, bool named, bool (*each)(TSNode child, void *ctx), void *ctx)
{
    Subtree self = *(const Subtree *)node.id;
    if (ts_subtree_child_count(self) == 0)
        return;
    const TSLanguage *lang = node.tree->language;
    struct child_level inline_levels[16], *levels = inline_levels;
    uint32_t n = 0, cap = 16;
    Length start = { node.context[0], { node.context[1], node.context[2] } };
    levels[n++] = child_level(lang, self, start);
    while (n > 0) {
        struct child_level *l = &levels[n - 1];
        if (l->index == l->count) {
            n--;
            continue;
        }
        TSSymbol alias;
        Length pos;
        uint32_t structural;
        bool extra;
        const Subtree *ch = next_child(l, &alias, &pos, &structural, &extra);
        Subtree c = *ch;
        if (relevant(lang, c, alias, named)) {
            TSNode child = { { pos.bytes, pos.extent.row, pos.extent.column, alias }, ch, node.tree };
            if (!each(child, ctx))
                break;
        } else if (relevant_children(c, named) > 0) {
            /* into a hidden child: its first child starts where it does */
            if (n == cap) {
                cap *= 2;
                if (levels == inline_levels) {
                    levels = af_malloc(cap * sizeof(*levels));
                    memcpy(levels, inline_levels, sizeof(inline_levels));
                } else {
                    levels = af_realloc(levels, cap * sizeof(*levels));
                }
            }
            levels[n++] = child_level(lang, c, pos);
        }
    }
    if (levels != inline_levels)
        free(levels);
}
