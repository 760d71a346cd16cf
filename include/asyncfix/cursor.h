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
    const void *siblings;        /* its parent's children (Subtree[count]) */
    const TSSymbol *aliases;     /* its parent's alias sequence, or NULL */
    uint32_t count;              /* of siblings */
    uint32_t index;              /* among them */
    uint32_t structural;         /* among those that are not extras */
    uint32_t bytes, row, column; /* where the node starts */
    TSSymbol alias;
    bool visible, extra;
};

#define AF_CURSOR_INLINE 48

/* what steps pass over as if it were not there */
enum af_cursor_skip {
    AF_CURSOR_SKIP_NOTHING,
    AF_CURSOR_SKIP_TOKENS,   /* anonymous leaves: punctuation and keywords */
    AF_CURSOR_SKIP_LEAVES,   /* every leaf but extras (comments) and aliased ones: tokens, names, numbers */
};

struct af_cursor {
    const TSTree *tree;
    struct af_cursor_entry *stack;  /* the current node on top, its ancestors (hidden ones too) below */
    uint32_t n, cap;
    enum af_cursor_skip skip;       /* af_cursor_skip */
    struct af_cursor_entry inline_stack[AF_CURSOR_INLINE];
};

/* a cursor on `node` (which it never leaves: no sibling or parent of it) */
void af_cursor_init(struct af_cursor *c, TSNode node);
void af_cursor_dispose(struct af_cursor *c);
/* from now on, steps pass over what `skip` says (the node the cursor is on stays) */
void af_cursor_skip(struct af_cursor *c, enum af_cursor_skip skip);

TSNode af_cursor_node(const struct af_cursor *c);
/* the field of the current node in its visible parent (0: none), as ts_tree_cursor_current_field_id */
TSFieldId af_cursor_field(const struct af_cursor *c);

/* each moves to the node named and returns true, or stays and returns false */
bool af_cursor_first_child(struct af_cursor *c);
bool af_cursor_next_sibling(struct af_cursor *c);
bool af_cursor_parent(struct af_cursor *c);

/*
 * A whole-tree walk with callbacks, for the walks that see every node
 * (the semantic model, the CPython conformance check): each level keeps its
 * place among its children, so a step costs a few loads, where a cursor
 * climbs back and rescans. `enter` is called for each node under the root
 * (not the root) in document order and says whether to walk its children;
 * `leave` follows each entered node's children. A callback that sets `stop`
 * ends the walk: nothing more is entered, the nodes still open are left.
 * `enter` finds the node's symbol, whether it is named and whether it is a
 * leaf in the visitor (the walk has read them already: asking the node
 * again costs a call each).
 */
struct af_visit_level;

struct af_visitor {
    bool (*enter)(struct af_visitor *v, TSNode node);
    void (*leave)(struct af_visitor *v, TSNode node);
    /* optional: when set, each leaf entered is given to it instead of to `enter` and `leave` (one call) */
    void (*enter_leaf)(struct af_visitor *v, TSNode node);
    enum af_cursor_skip skip;
    bool stop;
    /* the walk's own */
    const TSTree *tree;
    struct af_visit_level *levels;
    uint32_t n, cap;
    uint32_t structural;   /* of the node being entered, among its parent's children */
    bool extra;
    TSSymbol symbol;       /* in `enter`: the node's ts_node_symbol */
    bool named;            /* in `enter`: its ts_node_is_named */
    bool leaf;             /* in `enter`: it has no child (ts_node_child_count is 0) */
};

/*
 * Calls `each` on `node`'s children in order, as ts_node_child(node, 0),
 * (node, 1), ... give them (`named`: its named children, as
 * ts_node_named_child), until it returns false: one step each, where each
 * of those calls walks the children from the first.
 */
void af_node_each_child(TSNode node, bool named, bool (*each)(TSNode child, void *ctx), void *ctx);

/* the walk of `root`'s descendants; `v`'s enter, leave, skip (and stop, false) set by the caller */
void af_visit(struct af_visitor *v, TSNode root);
/* in `enter`: the node's field in its visible parent, as af_cursor_field */
TSFieldId af_visitor_field(const struct af_visitor *v);

#endif
