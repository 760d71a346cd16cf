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

/*
 * Scans the children of `parent` from child `index` (which starts at `pos`,
 * `structural` structural children before it) for the first visible node,
 * through hidden children; the entries from `parent`'s child down to that
 * node are written at c->stack[base...]. Returns how many (0: none).
 */
static uint32_t scan(struct af_cursor *c, const struct af_cursor_entry *parent, uint32_t index, Length pos,
                     uint32_t structural, uint32_t base)
{
    const TSLanguage *lang = c->tree->language;
    uint32_t k = 0;
    Subtree p = *(const Subtree *)parent->subtree;
    for (;;) {
        uint32_t count = ts_subtree_child_count(p);
        const Subtree *kids = count ? ts_subtree_children(p) : NULL;
        const TSSymbol *seq = count ? ts_language_alias_sequence(lang, p.ptr->production_id) : NULL;
        for (; index < count; index++) {
            const Subtree *ch = &kids[index];
            bool extra = ts_subtree_extra(*ch);
            TSSymbol alias = !extra && seq ? seq[structural] : 0;
            bool visible = ts_subtree_visible(*ch) || alias;
            if (visible || ts_subtree_visible_child_count(*ch) > 0) {
                reserve(c, base + k + 1);
                struct af_cursor_entry *e = &c->stack[base + k++];
                e->subtree = ch;
                e->bytes = pos.bytes;
                e->row = pos.extent.row;
                e->column = pos.extent.column;
                e->index = index;
                e->structural = structural;
                e->alias = alias;
                e->visible = visible;
                e->extra = extra;
                if (visible)
                    return k;
                break;   /* into the hidden child: its first child starts where it does */
            }
            if (!extra)
                structural++;
            pos = length_add(pos, ts_subtree_size(*ch));
            if (index + 1 < count)
                pos = length_add(pos, ts_subtree_padding(kids[index + 1]));
        }
        if (index < count) {   /* descend */
            p = kids[index];
            index = 0;
            structural = 0;
            continue;
        }
        /* this level is done: back to the hidden child it was, and on after it */
        if (k == 0)
            return 0;
        const struct af_cursor_entry *h = &c->stack[base + --k];
        const struct af_cursor_entry *up = k ? &c->stack[base + k - 1] : parent;
        p = *(const Subtree *)up->subtree;
        index = h->index;
        structural = h->structural + !h->extra;
        pos = length_add(start_of(h), ts_subtree_size(subtree_of(h)));
        count = ts_subtree_child_count(p);
        if (index + 1 < count)
            pos = length_add(pos, ts_subtree_padding(ts_subtree_children(p)[index + 1]));
        index++;
    }
}

bool af_cursor_first_child(struct af_cursor *c)
{
    const struct af_cursor_entry *top = &c->stack[c->n - 1];
    struct af_cursor_entry parent = *top;
    uint32_t k = scan(c, &parent, 0, start_of(&parent), 0, c->n);
    c->n += k;
    return k > 0;
}

bool af_cursor_next_sibling(struct af_cursor *c)
{
    for (uint32_t level = c->n - 1; level > 0; level--) {
        struct af_cursor_entry cur = c->stack[level], parent = c->stack[level - 1];
        Subtree p = subtree_of(&parent);
        Length pos = length_add(start_of(&cur), ts_subtree_size(subtree_of(&cur)));
        if (cur.index + 1 < ts_subtree_child_count(p))
            pos = length_add(pos, ts_subtree_padding(ts_subtree_children(p)[cur.index + 1]));
        uint32_t k = scan(c, &parent, cur.index + 1, pos, cur.structural + !cur.extra, c->n);
        if (k) {
            memmove(&c->stack[level], &c->stack[c->n], k * sizeof(*c->stack));
            c->n = level + k;
            return true;
        }
        if (parent.visible || level - 1 == 0)
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
