/*
 * cursor.h - a tree cursor that walks the runtime's subtrees directly.
 *
 * The same walk as tree-sitter's TSTreeCursor (first child, next sibling,
 * parent, the current node and its field; hidden nodes are walked through,
 * aliases and extras as the runtime has them), without the runtime cursor's
 * per-step costs: its next-sibling rebuilds a child iterator for every level
 * it climbs, which made the tree walks of the semantic model and of the
 * CPython conformance check cost a fifth of a parse. This cursor keeps each
 * level's iteration state on its own stack and has an inline stack for short
 * walks (no allocation).
 *
 * It reads the runtime's private subtree layout (lib/src/subtree.h of the
 * pinned, sha-checked runtime): a runtime upgrade re-runs tests/test_cursor.c,
 * which compares every step with TSTreeCursor on every golden input.
 */
#ifndef ASYNCFIX_CURSOR_H
#define ASYNCFIX_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#include <tree_sitter/api.h>

struct af_cursor_entry {
    const void *subtree;         /* the runtime's Subtree (TSNode.id) */
    uint32_t bytes, row, column; /* where the node starts */
    uint32_t index;              /* among its parent's children */
    uint32_t structural;         /* among its parent's children that are not extras */
    TSSymbol alias;
    bool visible, extra;
};

#define AF_CURSOR_INLINE 48

struct af_cursor {
    const TSTree *tree;
    struct af_cursor_entry *stack;  /* the current node on top, its ancestors (hidden ones too) below */
    uint32_t n, cap;
    struct af_cursor_entry inline_stack[AF_CURSOR_INLINE];
};

/* a cursor on `node` (which it never leaves: no sibling or parent of it) */
void af_cursor_init(struct af_cursor *c, TSNode node);
void af_cursor_dispose(struct af_cursor *c);

TSNode af_cursor_node(const struct af_cursor *c);
/* the field of the current node in its visible parent (0: none), as ts_tree_cursor_current_field_id */
TSFieldId af_cursor_field(const struct af_cursor *c);

/* each moves to the node named and returns true, or stays and returns false */
bool af_cursor_first_child(struct af_cursor *c);
bool af_cursor_next_sibling(struct af_cursor *c);
bool af_cursor_parent(struct af_cursor *c);

#endif
