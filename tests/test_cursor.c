/*
 * test_cursor.c - src/cursor.c against the runtime's own TSTreeCursor: the
 * same node, field and answer at every step of a full walk (into every
 * child, along every sibling, back to every parent, a failed step leaving
 * the cursor where it was), on tricky inline sources and on every golden
 * input and output, the walks that leave tokens or leaves out, and
 * af_visit's enter/leave events against the runtime cursor's (argv[1]: the golden folder, or any folder of .py files), from the root and from inner nodes.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "asyncfix/cursor.h"
#include "asyncfix/lang.h"
#include "asyncfix/source.h"

static const char *golden_dir;
static unsigned long steps;

static void same(const struct af_cursor *c, const TSTreeCursor *t)
{
    TSNode a = af_cursor_node(c), b = ts_tree_cursor_current_node(t);
    assert_true(ts_node_eq(a, b));
    assert_int_equal(ts_node_symbol(a), ts_node_symbol(b));
    assert_int_equal(ts_node_start_byte(a), ts_node_start_byte(b));
    assert_int_equal(ts_node_end_byte(a), ts_node_end_byte(b));
    assert_int_equal(ts_node_start_point(a).row, ts_node_start_point(b).row);
    assert_int_equal(ts_node_start_point(a).column, ts_node_start_point(b).column);
    assert_int_equal(ts_node_is_named(a), ts_node_is_named(b));
    assert_int_equal(af_cursor_field(c), ts_tree_cursor_current_field_id(t));
    steps++;
}

/* a full walk from `root` in both cursors, every step compared */
static void walk_both(TSNode root)
{
    struct af_cursor c;
    af_cursor_init(&c, root);
    TSTreeCursor t = ts_tree_cursor_new(root);
    same(&c, &t);
    uint32_t depth = 0;
    for (;;) {
        bool down = af_cursor_first_child(&c);
        assert_int_equal(down, ts_tree_cursor_goto_first_child(&t));
        same(&c, &t);
        if (down) {
            depth++;
            continue;
        }
        for (;;) {
            bool next = af_cursor_next_sibling(&c);
            assert_int_equal(next, ts_tree_cursor_goto_next_sibling(&t));
            same(&c, &t);
            if (next)
                break;
            bool up = af_cursor_parent(&c);
            assert_int_equal(up, ts_tree_cursor_goto_parent(&t));
            same(&c, &t);
            if (!up) {
                assert_int_equal(depth, 0);
                goto done;
            }
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&t);
    af_cursor_dispose(&c);
}

struct visit {
    TSNode node;
    TSFieldId field;
};

static bool skipped(TSNode n, enum af_cursor_skip skip)
{
    if (skip == AF_CURSOR_SKIP_NOTHING || ts_node_child_count(n) > 0)
        return false;
    if (skip == AF_CURSOR_SKIP_LEAVES)   /* aliased: its symbol is not its grammar symbol */
        return !ts_node_is_extra(n) && ts_node_symbol(n) == ts_node_grammar_symbol(n);
    return !ts_node_is_named(n);
}

/* a preorder walk of `c` (the runtime's cursor when `t`), what `skip` says left out: the nodes and their fields */
static size_t preorder(struct visit **out, struct af_cursor *c, TSTreeCursor *t, enum af_cursor_skip skip)
{
    size_t n = 0, cap = 64;
    *out = malloc(cap * sizeof(**out));
    for (;;) {
        TSNode node = t ? ts_tree_cursor_current_node(t) : af_cursor_node(c);
        if (!(t && skipped(node, skip) && n > 0)) {   /* the cursor's own skipping is what is tested */
            if (n == cap)
                *out = realloc(*out, (cap *= 2) * sizeof(**out));
            (*out)[n].node = node;
            (*out)[n++].field = t ? ts_tree_cursor_current_field_id(t) : af_cursor_field(c);
        }
        if (t ? ts_tree_cursor_goto_first_child(t) : af_cursor_first_child(c))
            continue;
        for (;;) {
            if (t ? ts_tree_cursor_goto_next_sibling(t) : af_cursor_next_sibling(c))
                break;
            if (!(t ? ts_tree_cursor_goto_parent(t) : af_cursor_parent(c)))
                return n;
        }
    }
}

/* with af_cursor_skip, the same nodes but those it passes over */
static void walk_skipping(TSNode root, enum af_cursor_skip skip)
{
    struct af_cursor c;
    af_cursor_init(&c, root);
    af_cursor_skip(&c, skip);
    TSTreeCursor t = ts_tree_cursor_new(root);
    struct visit *a, *b;
    size_t na = preorder(&a, &c, NULL, skip), nb = preorder(&b, NULL, &t, skip);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_true(ts_node_eq(a[i].node, b[i].node));
        assert_int_equal(ts_node_symbol(a[i].node), ts_node_symbol(b[i].node));
        assert_int_equal(a[i].field, b[i].field);
    }
    steps += na;
    free(a);
    free(b);
    ts_tree_cursor_delete(&t);
    af_cursor_dispose(&c);
}

/* the events of a walk: enter (with its field) and leave of each node */
struct event {
    TSNode node;
    TSFieldId field;
    bool leave;
};

struct events {
    struct af_visitor v;
    struct event *items;
    size_t n, cap, stop_after;
};

static void add_event(struct events *e, TSNode node, TSFieldId field, bool leave)
{
    if (e->n == e->cap)
        e->items = realloc(e->items, (e->cap = e->cap ? e->cap * 2 : 64) * sizeof(*e->items));
    e->items[e->n].node = node;
    e->items[e->n].field = field;
    e->items[e->n++].leave = leave;
}

struct child_list {
    TSNode items[4096];
    uint32_t n;
};

static bool add_child(TSNode child, void *ctx)
{
    struct child_list *list = ctx;
    assert_true(list->n < 4096);
    list->items[list->n++] = child;
    return true;
}

/* af_node_each_child gives what ts_node_child and ts_node_named_child give */
static void each_child_both(TSNode node)
{
    static struct child_list list;
    for (int named = 0; named <= 1; named++) {
        uint32_t n = named ? ts_node_named_child_count(node) : ts_node_child_count(node);
        if (n > 4096)
            continue;
        list.n = 0;
        af_node_each_child(node, named, add_child, &list);
        assert_int_equal(list.n, n);
        for (uint32_t i = 0; i < n; i++) {
            TSNode want = named ? ts_node_named_child(node, i) : ts_node_child(node, i);
            assert_true(ts_node_eq(list.items[i], want));
            assert_int_equal(ts_node_symbol(list.items[i]), ts_node_symbol(want));
            assert_int_equal(ts_node_start_byte(list.items[i]), ts_node_start_byte(want));
            assert_int_equal(ts_node_start_point(list.items[i]).row, ts_node_start_point(want).row);
            assert_int_equal(ts_node_start_point(list.items[i]).column, ts_node_start_point(want).column);
        }
    }
}

static bool record_enter(struct af_visitor *v, TSNode node)
{
    struct events *e = (struct events *)v;
    assert_int_equal(v->symbol, ts_node_symbol(node));
    assert_int_equal(v->named, ts_node_is_named(node));
    assert_int_equal(v->leaf, ts_node_child_count(node) == 0);
    if (v->skip == AF_CURSOR_SKIP_NOTHING)
        each_child_both(node);
    add_event(e, node, af_visitor_field(v), false);
    if (e->stop_after && e->n >= e->stop_after)
        v->stop = true;
    return !v->stop;
}

static void record_leave(struct af_visitor *v, TSNode node)
{
    add_event((struct events *)v, node, 0, true);
}

/* a leaf given to enter_leaf: what enter and leave would have recorded */
static void record_leaf(struct af_visitor *v, TSNode node)
{
    assert_true(v->leaf);
    record_enter(v, node);
    record_leave(v, node);
}

/* the same events from the runtime's cursor in the loop the walks had, what `skip` says left out */
static void cursor_events(struct events *e, TSNode root, enum af_cursor_skip skip, size_t stop_after)
{
    TSTreeCursor t = ts_tree_cursor_new(root);
    bool *entered = calloc(65536, sizeof(*entered));
    size_t depth = 1;
    bool stop = false;
    for (;;) {
        bool moved = !stop && ts_tree_cursor_goto_first_child(&t);
        while (!moved) {
            if (depth == 1)
                goto done;
            depth--;
            if (entered[depth])
                add_event(e, ts_tree_cursor_current_node(&t), 0, true);
            if (!stop && ts_tree_cursor_goto_next_sibling(&t))
                break;
            ts_tree_cursor_goto_parent(&t);
        }
        TSNode node = ts_tree_cursor_current_node(&t);
        entered[depth] = !skipped(node, skip);
        if (entered[depth]) {
            add_event(e, node, ts_tree_cursor_current_field_id(&t), false);
            stop = stop || (stop_after && e->n >= stop_after);
        }
        depth++;
    }
done:
    free(entered);
    ts_tree_cursor_delete(&t);
}

static void visit_both(TSNode root, enum af_cursor_skip skip, size_t stop_after, bool leaves)
{
    struct events a = { 0 }, b = { 0 };
    a.v.enter = record_enter;
    a.v.leave = record_leave;
    a.v.enter_leaf = leaves ? record_leaf : NULL;
    a.v.skip = skip;
    a.stop_after = stop_after;
    af_visit(&a.v, root);
    cursor_events(&b, root, skip, stop_after);
    if (getenv("DBG") && a.n != b.n) {
        fprintf(stderr, "skip %d stop %zu: %zu vs %zu\n", skip, stop_after, a.n, b.n);
        for (size_t i = 0; i < a.n || i < b.n; i++)
            fprintf(stderr, "%3zu %s %-20s %d | %s %-20s %d\n", i, i < a.n ? (a.items[i].leave ? "L" : "E") : " ",
                    i < a.n ? ts_node_type(a.items[i].node) : "", i < a.n ? a.items[i].field : 0,
                    i < b.n ? (b.items[i].leave ? "L" : "E") : " ", i < b.n ? ts_node_type(b.items[i].node) : "",
                    i < b.n ? b.items[i].field : 0);
    }
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_true(ts_node_eq(a.items[i].node, b.items[i].node));
        assert_int_equal(ts_node_symbol(a.items[i].node), ts_node_symbol(b.items[i].node));
        /* the node a leave gets starts where the node does, as the one its enter got */
        assert_int_equal(ts_node_start_byte(a.items[i].node), ts_node_start_byte(b.items[i].node));
        assert_int_equal(ts_node_start_point(a.items[i].node).row, ts_node_start_point(b.items[i].node).row);
        assert_int_equal(ts_node_start_point(a.items[i].node).column, ts_node_start_point(b.items[i].node).column);
        assert_int_equal(a.items[i].leave, b.items[i].leave);
        assert_int_equal(a.items[i].field, b.items[i].field);
    }
    steps += a.n;
    free(a.items);
    free(b.items);
}

/* the walk from the root, then from every named node of the first levels (a cursor never leaves its node) */
static void check_source(const char *text, size_t len)
{
    static TSParser *parser;
    if (!parser) {
        parser = ts_parser_new();
        ts_parser_set_language(parser, tree_sitter_python());
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    TSNode root = ts_tree_root_node(tree);
    walk_both(root);
    walk_skipping(root, AF_CURSOR_SKIP_TOKENS);
    walk_skipping(root, AF_CURSOR_SKIP_LEAVES);
    for (int skip = AF_CURSOR_SKIP_NOTHING; skip <= AF_CURSOR_SKIP_LEAVES; skip++) {
        for (int leaves = 0; leaves <= 1; leaves++) {
            visit_both(root, (enum af_cursor_skip)skip, 0, leaves);
            visit_both(root, (enum af_cursor_skip)skip, 7, leaves);   /* a stop: the open nodes are left */
        }
    }
    uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n && i < 40; i++) {
        TSNode stmt = ts_node_named_child(root, i);
        walk_both(stmt);
        uint32_t m = ts_node_child_count(stmt);
        for (uint32_t j = 0; j < m && j < 8; j++)
            walk_both(ts_node_child(stmt, j));
    }
    ts_tree_delete(tree);
}

static void test_cursor__tricky_sources(void **state)
{
    (void)state;
    static const char *const sources[] = {
        "",
        "# only a comment\n",
        ("@dec  # c\n@other(1)\nasync def f(a, /, b: int = 2, *c, d, **e) -> 'T':  # c\n"
         "    '''doc'''\n    x = [i async for i in g() if i]  # c\n    return await x\n"),
        "class C(B, metaclass=M):\n    # c\n    def m(self): pass\n    x: int = 1\n",
        "print(f'{a!r:>{w}} {b}' 'x' \"y\" rb'z')\n",
        "match p:\n    case [1, *rest] | {'k': v} if v:\n        pass\n    case Point(x=0) as q:\n        pass\n",
        "try:\n    pass\nexcept* (A, B) as e:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
        "lambda x, *y: (yield)\nx = y = z if a else b\ndel a[1:2, ::3], b.c\n",
        "if a:\n  pass\nelif b: pass\nelse:\n\tpass\n",
        "def f(:\n    pass\nx = (1,\n",
        "with (open(a) as f, open(b) as g):\n    pass\nglobal x; nonlocal y\n",
        "type X[T] = list[T]\ndef g[T: int](x: T) -> T: ...\n",
        "x = 1 \\\n  + 2\nassert x, 'm'\nraise E from None\n",
        "def f():\n",
        "class A:  # c\n",
    };
    for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
        check_source(sources[i], strlen(sources[i]));
    /* deeper than the inline stack (nested brackets; the hidden repeat nodes of a long list and module) */
    struct af_buf deep = AF_BUF_INIT;
    af_buf_puts(&deep, "x = ");
    for (int i = 0; i < 90; i++)
        af_buf_puts(&deep, i % 2 ? "(" : "[");
    af_buf_puts(&deep, "1");
    for (int i = 89; i >= 0; i--)
        af_buf_puts(&deep, i % 2 ? ")" : "]");
    af_buf_puts(&deep, "\ny = [");
    for (int i = 0; i < 3000; i++)
        af_buf_printf(&deep, "%d, # %d\n", i, i);
    af_buf_puts(&deep, "]\n");
    for (int i = 0; i < 3000; i++)
        af_buf_printf(&deep, "z%d = %d\n", i, i);
    check_source(deep.ptr, deep.size);
    af_buf_dispose(&deep);
}

static void check_folder(const char *dir, unsigned *files)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *path = af_asprintf("%s/%s", dir, de->d_name);
        if (de->d_type == DT_DIR) {
            check_folder(path, files);
        } else if (strlen(de->d_name) > 3 && strcmp(de->d_name + strlen(de->d_name) - 3, ".py") == 0) {
            size_t len;
            char *text = NULL;
            assert_int_equal(af_source_read(&text, &len, path, SIZE_MAX, NULL), 0);
            check_source(text, len);
            free(text);
            (*files)++;
        }
        free(path);
    }
    closedir(d);
}

static void test_cursor__every_golden_input(void **state)
{
    (void)state;
    if (!golden_dir)
        skip();
    unsigned files = 0;
    check_folder(golden_dir, &files);
    assert_true(files > 400);
    print_message("%u golden inputs, %lu steps compared\n", files, steps);
}

int main(int argc, char **argv)
{
    golden_dir = argc > 1 ? argv[1] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cursor__tricky_sources),
        cmocka_unit_test(test_cursor__every_golden_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
