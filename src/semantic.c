#include "asyncfix/semantic.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/cursor.h"
#include "asyncfix/file.h"
#include "asyncfix/lang.h"
#include "asyncfix/project.h"

/* one entry of the walk's stack */
struct frame {
    TSNode node;
    TSSymbol sym;     /* the node's */
    int bind_scope;   /* where names bound here go */
    int site_scope;   /* the scope sites found here belong to */
    bool pushed;      /* this node opened a scope */
};

struct walk {
    struct af_visitor v;   /* first: the visitor's callbacks get the walk */
    struct af_file *file;
    struct af_semantic *sem;
    const char *src;
    struct frame *stack;
    uint32_t depth, cap;
    bool prune;            /* the tree has no error: holds_nothing may be asked */
    /* the names a def binds after `global name`: each rebinds the module's (rebind_globals) */
    struct global_rebind {
        const char *name;
        uint32_t len;
        enum af_binding_kind kind;
        const char *target;
    } *rebinds;
    uint32_t nrebinds, rebinds_cap;
};

/*
 * The identifiers used under one node (a def or its body), grouped by name:
 * built on the first question about that node, so that many questions about
 * one long function cost one walk, not one walk each.
 */
struct af_name_set {
    uint32_t start, end;         /* the node it describes */
    struct af_hashtab by_name;   /* hash of a name -> its index in the arrays below */
    const char **names;          /* each distinct name (into the source) */
    uint32_t *lens, *first, *count;
    TSNode *nodes;               /* every identifier, by name then position */
};

static uint32_t hash_name(int scope, const char *s, size_t len)
{
    return af_hash_add(af_hash_add(AF_HASH_INIT, &scope, sizeof(scope)), s, len);
}

const struct af_binding *af_sem_binding_in(const struct af_file *file, int scope,
                                           const char *name, size_t len)
{
    const struct af_semantic *sem = &file->sem;
    struct af_hashtab_iter it = af_hashtab_find(&sem->binding_table, hash_name(scope, name, len));
    for (uint32_t v; (v = af_hashtab_next(&sem->binding_table, &it)) != AF_HASHTAB_NONE;) {
        struct af_binding *b = sem->bindings[v];
        if (b->scope == scope && b->len == len && memcmp(b->name, name, len) == 0)
            return b;
    }
    return NULL;
}

/* true when a binding of `kind` (an import of `target`) differs from `b`'s: the name is then mixed */
static bool binds_otherwise(const struct af_binding *b, enum af_binding_kind kind, const char *target)
{
    return b->kind != kind || (kind == AF_BIND_IMPORT && (!b->target || !target || strcmp(b->target, target) != 0));
}

/*
 * Binds `name` in `scope`. `sure_end`: an import statement's end when it runs
 * whenever the scope's code does, else UINT32_MAX (af_binding.sure_from).
 */
static struct af_binding *bind_sure(struct walk *w, int scope, const char *name, size_t len,
                                    enum af_binding_kind kind, const char *target, TSNode node, uint32_t sure_end)
{
    struct af_semantic *sem = w->sem;
    struct af_binding *b = (struct af_binding *)af_sem_binding_in(w->file, scope, name, len);
    if (b) {
        b->count++;
        if (b->kind == AF_BIND_GLOBAL) {
            /* `global x` then `x = ...` in a def rebinds the module's x, whether the module binds
             * it before or after the def: weighed once the walk is done (rebind_globals) */
            if (kind != AF_BIND_GLOBAL && scope != 0) {
                AF_ARRAY_GROW(w->rebinds, w->nrebinds, w->rebinds_cap);
                w->rebinds[w->nrebinds++] = (struct global_rebind){ b->name, b->len, kind, target };
            }
            return b;
        }
        if (kind == AF_BIND_GLOBAL) {
            b->kind = AF_BIND_GLOBAL;
            return b;
        }
        if (binds_otherwise(b, kind, target))
            b->mixed = true;
        if (b->sure_from == UINT32_MAX)
            b->sure_from = sure_end;
        b->node = node;
        return b;
    }
    b = af_arena_alloc(&w->file->arena, sizeof(*b));
    memset(b, 0, sizeof(*b));
    b->name = af_arena_strndup(&w->file->arena, name, len);
    b->len = (uint32_t)len;
    b->scope = scope;
    b->kind = kind;
    b->target = target;
    b->node = node;
    b->count = 1;
    b->sure_from = sure_end;
    AF_ARRAY_GROW(sem->bindings, sem->nbindings, sem->bindings_cap);
    af_hashtab_put(&sem->binding_table, hash_name(scope, name, len), sem->nbindings);
    /* an import is also found by what it binds (af_sem_module_alias) */
    if (kind == AF_BIND_IMPORT && target)
        af_hashtab_put(&sem->imports, af_hash_bytes(target, strlen(target)), sem->nbindings);
    sem->bindings[sem->nbindings++] = b;
    return b;
}

/*
 * A def's binding of a module name it declares `global`: an import of that
 * name at module level is no longer sure to be its module (mixed); an
 * assignment of the same kind keeps the module binding's type.
 */
static void rebind_globals(struct walk *w)
{
    for (uint32_t i = 0; i < w->nrebinds; i++) {
        const struct global_rebind *r = &w->rebinds[i];
        struct af_binding *m = (struct af_binding *)af_sem_binding_in(w->file, 0, r->name, r->len);
        if (m && binds_otherwise(m, r->kind, r->target))
            m->mixed = true;
    }
    free(w->rebinds);
}

static struct af_binding *bind(struct walk *w, int scope, const char *name, size_t len,
                               enum af_binding_kind kind, const char *target, TSNode node)
{
    return bind_sure(w, scope, name, len, kind, target, node, UINT32_MAX);
}

static void bind_node_name(struct walk *w, int scope, TSNode ident, enum af_binding_kind kind, TSNode def)
{
    uint32_t len;
    const char *t = af_node_text(ident, w->src, &len);
    bind(w, scope, t, len, kind, NULL, def);
}

/* binds every identifier of an assignment/for/with target pattern */
static void bind_targets(struct walk *w, int scope, TSNode target)
{
    TSSymbol s = ts_node_symbol(target);
    if (s == af_sym.identifier) {
        bind_node_name(w, scope, target, AF_BIND_VARIABLE, target);
    } else if (s == af_sym.pattern_list || s == af_sym.tuple_pattern || s == af_sym.list_pattern ||
               s == af_sym.tuple || s == af_sym.list || s == af_sym.list_splat_pattern ||
               s == af_sym.parenthesized_expression || s == af_sym.as_pattern_target ||
               s == af_sym.expression_list) {
        uint32_t n = ts_node_named_child_count(target);
        for (uint32_t i = 0; i < n; i++)
            bind_targets(w, scope, ts_node_named_child(target, i));
    }
    /* attribute and subscript targets bind no name */
}

/* a scope for `node` (`name`: a def's or class's, else a null node; `is_async`: an async def's) */
static int push_scope(struct walk *w, TSNode node, enum af_scope_kind kind, int parent, TSNode name, bool is_async)
{
    struct af_semantic *sem = w->sem;
    AF_ARRAY_GROW(sem->scopes, sem->nscopes, sem->scopes_cap);
    struct af_scope *sc = &sem->scopes[sem->nscopes];
    sc->node = node;
    sc->parent = parent;
    sc->kind = kind;
    sc->is_async = is_async;
    sc->name = NULL;
    if (!ts_node_is_null(name)) {
        uint32_t len;
        const char *t = af_node_text(name, w->src, &len);
        sc->name = af_arena_strndup(&w->file->arena, t, len);
    }
    return (int)sem->nscopes++;
}

static void add_site(struct af_site_list *list, TSNode node, TSNode parent, TSNode grandparent, int scope)
{
    AF_ARRAY_GROW(list->items, list->n, list->cap);
    struct af_site *site = &list->items[list->n++];
    site->node = node;
    site->parent = parent;
    site->grandparent = grandparent;
    site->scope = scope;
}

/* the binding of identifier `ident` in `scope` carries the annotation `type` (a `type` node) */
static void note_annotation(struct walk *w, int scope, TSNode ident, TSNode type)
{
    if (ts_node_is_null(type))
        return;
    uint32_t len;
    const char *t = af_node_text(ident, w->src, &len);
    struct af_binding *b = (struct af_binding *)af_sem_binding_in(w->file, scope, t, len);
    if (!b)
        return;
    if (!ts_node_is_null(b->annotation)) {
        uint32_t l1, l2;
        const char *a1 = af_node_text(b->annotation, w->src, &l1), *a2 = af_node_text(type, w->src, &l2);
        if (l1 != l2 || memcmp(a1, a2, l1) != 0)
            b->annotation_differs = true;
    }
    b->annotation = type;
    b->annotated++;
}

/* a parameter list's walk (af_node_each_child): where its names are bound */
struct params_walk {
    struct walk *w;
    int scope;
};

/* one parameter: its name is bound in the def's scope, with its annotation */
static bool bind_parameter(TSNode p, void *ctx)
{
    struct walk *w = ((struct params_walk *)ctx)->w;
    int scope = ((struct params_walk *)ctx)->scope;
    TSSymbol s = ts_node_symbol(p);
    TSNode name = p;
    if (s == af_sym.default_parameter || s == af_sym.typed_default_parameter)
        name = af_field_child(p, af_field.name);
    else if (s == af_sym.typed_parameter || s == af_sym.list_splat_pattern ||
             s == af_sym.dictionary_splat_pattern)
        name = af_first_named(p);
    if (!ts_node_is_null(name) && af_is(name, af_sym.list_splat_pattern))
        name = af_first_named(name);
    if (!ts_node_is_null(name) && af_is(name, af_sym.dictionary_splat_pattern))
        name = af_first_named(name);
    if (!ts_node_is_null(name) && af_is(name, af_sym.identifier)) {
        bind_node_name(w, scope, name, AF_BIND_PARAMETER, p);
        if (s == af_sym.typed_parameter || s == af_sym.typed_default_parameter)
            note_annotation(w, scope, name, af_field_child(p, af_field.type));
    }
    return true;
}

static void bind_parameters(struct walk *w, int scope, TSNode params)
{
    struct params_walk pw = { w, scope };
    if (!ts_node_is_null(params))
        af_node_each_child(params, true, bind_parameter, &pw);
}

/* "a.b.c" of a dotted_name, into the arena */
static const char *dotted(struct walk *w, TSNode node)
{
    uint32_t len;
    const char *t = af_node_text(node, w->src, &len);
    /* dotted names may hold spaces or comments between parts: keep only names and dots */
    char *out = af_arena_alloc(&w->file->arena, len + 1);
    size_t n = 0;
    for (uint32_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == '#') {
            while (i < len && t[i] != '\n')
                i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\\' || c == '\n' || c == '\r' || c == '(' || c == ')')
            continue;
        out[n++] = c;
    }
    out[n] = '\0';
    return out;
}

static void note_framework(struct af_semantic *sem, const char *module)
{
    size_t n = strcspn(module, ".");
    if (af_streq(module, n, "asyncio"))
        sem->imports_asyncio = true;
    else if (af_streq(module, n, "trio"))
        sem->imports_trio = true;
    else if (af_streq(module, n, "anyio"))
        sem->imports_anyio = true;
    else if (!sem->imports_other && (af_streq(module, n, "twisted") || af_streq(module, n, "curio")))
        sem->imports_other = module[0] == 't' ? "twisted" : "curio";
}

const char *af_sem_loop_unknown(const struct af_semantic *sem)
{
    if (!sem->framework_mixed)
        return NULL;
    if (sem->imports_other && sem->other_in_project)
        return sem->imports_other[0] == 't' ? "the project imports twisted, whose reactor may not be asyncio's"
                                            : "the project imports curio, whose kernel runs no asyncio call";
    if (sem->imports_other)
        return sem->imports_other[0] == 't' ? "it imports twisted, whose reactor may not be asyncio's"
                                            : "it imports curio, whose kernel runs no asyncio call";
    return "it imports both asyncio and trio, so which of them runs it is not known";
}

/* `mark.NAME` in the bytes, NAME a whole word (`@pytest.mark.anyio`, `pytestmark = pytest.mark.trio`) */
static bool has_mark(const char *data, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = data; (p = memmem(p, len - (size_t)(p - data), "mark.", 5)); p += 5) {
        const char *q = p + 5, *end = data + len;
        if ((size_t)(end - q) >= n && !memcmp(q, name, n) &&
            (q + n == end || !(q[n] == '_' || (q[n] >= 'a' && q[n] <= 'z') || (q[n] >= 'A' && q[n] <= 'Z') ||
                               (q[n] >= '0' && q[n] <= '9'))))
            return true;
    }
    return false;
}

/*
 * A test module that pytest runs under anyio or trio (`@pytest.mark.anyio`,
 * `pytestmark = pytest.mark.trio`, pytest-trio's marker) needs that
 * framework's calls, whatever it imports: asyncio.sleep in a test that anyio
 * runs on its trio backend raises "no running event loop".
 */
static void marked_framework(struct af_semantic *sem, const char *data, size_t len)
{
    if (!memmem(data, len, "mark.", 5))
        return;
    if (has_mark(data, len, "anyio"))
        sem->imports_anyio = true;
    if (has_mark(data, len, "trio"))
        sem->imports_trio = true;
}

/* the package a relative import of `level` dots starts from (in the arena), or NULL */
static const char *relative_base(struct walk *w, int level)
{
    char *base = af_module_relative_base(w->file->module, af_path_is_package_init(w->file->src->path), level);
    if (!base)
        return NULL;
    const char *kept = af_arena_strndup(&w->file->arena, base, strlen(base));
    free(base);
    return kept;
}

/* one name of an import list: `a.b` or `a.b as c`; false when it is no dotted name */
static bool import_item(TSNode c, TSNode *name, TSNode *alias)
{
    *name = c;
    *alias = af_null_node();
    if (af_is(c, af_sym.aliased_import)) {
        *name = af_field_child(c, af_field.name);
        *alias = af_field_child(c, af_field.alias);
    }
    return af_is(*name, af_sym.dotted_name);
}

/* an import statement's walk (af_node_each_child over its named children) */
struct import_walk {
    struct walk *w;
    int scope;
    TSNode node;          /* the statement */
    TSNode modnode;       /* from imports: the module's node */
    const char *module;   /* from imports: the module's name */
    uint32_t sure_end;    /* the statement's end when it runs whenever its scope's code does, else UINT32_MAX */
    bool type_checking;   /* under `if TYPE_CHECKING:`: never runs */
};

/* true when the statement being entered is under `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`) */
static bool type_checking(const struct walk *w)
{
    for (uint32_t d = w->depth - 1; d >= 1; d--) {
        const struct frame *f = &w->stack[d], *up = &w->stack[d - 1];
        if (f->sym != af_sym.block || up->sym != af_sym.if_statement ||
            !ts_node_eq(af_field_child(up->node, af_field.consequence), f->node))
            continue;
        uint32_t len;
        const char *t = af_node_text(af_field_child(up->node, af_field.condition), w->src, &len);
        if ((len >= 13 && memcmp(t + len - 13, "TYPE_CHECKING", 13) == 0) &&
            (len == 13 || t[len - 14] == '.'))
            return true;
    }
    return false;
}

/*
 * The end of the import statement being entered when it runs whenever its
 * scope's code runs: a statement of the module, or of a def's or class's own
 * body; UINT32_MAX under an if, try, with, loop or match.
 */
static uint32_t sure_end(const struct walk *w, TSNode node)
{
    TSSymbol parent = w->stack[w->depth - 1].sym;
    bool sure = parent == af_sym.module ||
                (parent == af_sym.block && w->depth >= 2 &&
                 (w->stack[w->depth - 2].sym == af_sym.function_definition ||
                  w->stack[w->depth - 2].sym == af_sym.class_definition));
    return sure ? ts_node_end_byte(node) : UINT32_MAX;
}

/* `import a.b` binds `a`, `import a.b as c` binds `c` */
static bool bind_import(TSNode c, void *ctx)
{
    struct import_walk *iw = ctx;
    struct walk *w = iw->w;
    TSNode name, alias;
    if (!import_item(c, &name, &alias))
        return true;
    const char *full = dotted(w, name);
    if (!iw->type_checking)
        note_framework(w->sem, full);
    if (!ts_node_is_null(alias)) {
        uint32_t len;
        const char *t = af_node_text(alias, w->src, &len);
        bind_sure(w, iw->scope, t, len, AF_BIND_IMPORT, full, iw->node, iw->sure_end);
    } else {
        size_t head = strcspn(full, ".");
        const char *target = af_arena_strndup(&w->file->arena, full, head);
        bind_sure(w, iw->scope, full, head, AF_BIND_IMPORT, target, iw->node, iw->sure_end);
    }
    return true;
}

static void visit_import(struct walk *w, TSNode node, int scope)
{
    struct import_walk iw = { w, scope, node, af_null_node(), NULL, sure_end(w, node), type_checking(w) };
    af_node_each_child(node, true, bind_import, &iw);
}

/* `from m import a` binds `a` to m.a, `from m import a as b` binds `b` */
static bool bind_import_from(TSNode c, void *ctx)
{
    struct import_walk *iw = ctx;
    struct walk *w = iw->w;
    TSNode name, alias;
    if (ts_node_eq(c, iw->modnode) || !import_item(c, &name, &alias))
        return true;
    const char *nm = dotted(w, name);
    size_t ml = strlen(iw->module), nl = strlen(nm);
    char *target = af_arena_alloc(&w->file->arena, ml + nl + 2);
    memcpy(target, iw->module, ml);
    target[ml] = '.';
    memcpy(target + ml + 1, nm, nl + 1);
    TSNode bound = ts_node_is_null(alias) ? name : alias;
    uint32_t len;
    const char *t = af_node_text(bound, w->src, &len);
    if (ts_node_is_null(alias)) {
        /* the text is not NUL-terminated: look for a dot inside the name only */
        const char *dot = memchr(t, '.', len);
        if (dot)
            len = (uint32_t)(dot - t);
    }
    bind_sure(w, iw->scope, t, len, AF_BIND_IMPORT, target, iw->node, iw->sure_end);
    return true;
}

static void visit_import_from(struct walk *w, TSNode node, int scope)
{
    struct af_semantic *sem = w->sem;
    TSNode modnode = af_field_child(node, af_field.module_name);
    const char *module = NULL;
    if (af_is(modnode, af_sym.relative_import)) {
        int level = 0;
        const char *rest = "";
        uint32_t n = ts_node_named_child_count(modnode);
        for (uint32_t i = 0; i < n; i++) {
            TSNode c = ts_node_named_child(modnode, i);
            if (af_is(c, af_sym.import_prefix))
                level = (int)(ts_node_end_byte(c) - ts_node_start_byte(c));
            else if (af_is(c, af_sym.dotted_name))
                rest = dotted(w, c);
        }
        const char *base = relative_base(w, level);
        if (!base)
            module = af_arena_strndup(&w->file->arena, "?", 1);
        else if (!*base)
            module = rest;
        else if (!*rest)
            module = base;
        else {
            size_t bl = strlen(base), rl = strlen(rest);
            char *m = af_arena_alloc(&w->file->arena, bl + rl + 2);
            memcpy(m, base, bl);
            m[bl] = '.';
            memcpy(m + bl + 1, rest, rl + 1);
            module = m;
        }
        /* a module of trio's own package (`from .. import _core, sleep` in trio/tests/) is trio code */
        if (base && !type_checking(w))
            note_framework(sem, module);
    } else if (af_is(modnode, af_sym.dotted_name)) {
        module = dotted(w, modnode);
        if (!type_checking(w))
            note_framework(sem, module);
    } else {
        return;
    }
    struct import_walk iw = { w, scope, node, modnode, module, sure_end(w, node), false };
    af_node_each_child(node, true, bind_import_from, &iw);
}

static void check_comment(struct walk *w, TSNode node)
{
    uint32_t len;
    const char *t = af_node_text(node, w->src, &len);
    /* the grammar's comment runs to the \n: on a CRLF line the \r is not the comment's */
    while (len && t[len - 1] == '\r')
        len--;
    /* "# noqa", "# noqa: AF101, AF102", "# asyncfix: skip-file" */
    uint32_t i = 1;
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (af_startswith(t + i, len - i, "asyncfix: skip-file") ||
        af_startswith(t + i, len - i, "asyncfix:skip-file")) {
        w->sem->skip_file = true;
        return;
    }
    /* "noqa" right after a '#' (and optional blanks), as flake8 and ruff read it:
     * "# type: ignore # noqa" counts, the word in prose does not */
    const char *p = NULL;
    for (uint32_t k = 0; k < len && !p; k++) {
        if (t[k] != '#')
            continue;
        uint32_t j = k + 1;
        while (j < len && (t[j] == ' ' || t[j] == '\t'))
            j++;
        if (j + 4 <= len && (t[j] == 'n' || t[j] == 'N') && (t[j + 1] == 'o' || t[j + 1] == 'O') &&
            (t[j + 2] == 'q' || t[j + 2] == 'Q') && (t[j + 3] == 'a' || t[j + 3] == 'A') &&
            (j + 4 == len || t[j + 4] == ':' || t[j + 4] == ' ' || t[j + 4] == '\t'))
            p = t + j + 4;
    }
    if (!p)
        return;
    struct af_semantic *sem = w->sem;
    AF_ARRAY_GROW(sem->noqa, sem->nnoqa, sem->noqa_cap);
    struct af_noqa *q = &sem->noqa[sem->nnoqa++];
    q->line = ts_node_start_point(node).row;
    q->codes = NULL;
    q->codes_len = 0;
    const char *end = t + len;
    while (p < end && *p == ' ')
        p++;
    if (p < end && *p == ':') {
        q->codes = p + 1;
        q->codes_len = (uint32_t)(end - p - 1);
    }
}

/* a def, lambda, class or comprehension opens its scope (a def or class binds its name first) */
static bool open_scope(struct walk *w, TSNode node, TSSymbol s, bool decorated, struct frame *f)
{
    enum af_scope_kind kind;
    TSNode name = af_null_node();   /* a def's or class's */
    bool is_async = false;
    if (s == af_sym.function_definition) {
        name = af_field_child(node, af_field.name);
        is_async = af_node_is_async(node);
        if (!ts_node_is_null(name)) {
            uint32_t len;
            const char *t = af_node_text(name, w->src, &len);
            struct af_binding *b = bind(w, f->bind_scope, t, len,
                                        is_async ? AF_BIND_ASYNC_FUNCTION : AF_BIND_FUNCTION, NULL, node);
            b->decorated = b->decorated || decorated;
        }
        kind = AF_SCOPE_FUNCTION;
    } else if (s == af_sym.lambda) {
        kind = AF_SCOPE_LAMBDA;
    } else if (s == af_sym.class_definition) {
        name = af_field_child(node, af_field.name);
        if (!ts_node_is_null(name))
            bind_node_name(w, f->bind_scope, name, AF_BIND_CLASS, node);
        kind = AF_SCOPE_CLASS;
    } else if (s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
               s == af_sym.dictionary_comprehension) {
        kind = AF_SCOPE_COMPREHENSION;
    } else if (s == af_sym.generator_expression) {
        kind = AF_SCOPE_GENERATOR;
    } else {
        return false;
    }
    int sc = push_scope(w, node, kind, f->site_scope, name, is_async);
    f->bind_scope = f->site_scope = sc;
    f->pushed = true;
    if (kind == AF_SCOPE_FUNCTION || kind == AF_SCOPE_LAMBDA)
        bind_parameters(w, sc, af_field_child(node, af_field.parameters));
    return true;
}

/* the names a statement or clause binds in the frame's scope */
static void bind_names(struct walk *w, TSNode node, TSSymbol s, const struct frame *f)
{
    struct af_semantic *sem = w->sem;
    if (s == af_sym.for_in_clause || s == af_sym.assignment || s == af_sym.augmented_assignment ||
        s == af_sym.for_statement) {
        TSNode left = af_field_child(node, af_field.left);
        if (!ts_node_is_null(left))
            bind_targets(w, f->bind_scope, left);
        if (s == af_sym.assignment && af_is(left, af_sym.identifier))
            note_annotation(w, f->bind_scope, left, af_field_child(node, af_field.type));
    } else if (s == af_sym.as_pattern_target) {
        bind_targets(w, f->bind_scope, af_first_named(node));
    } else if (s == af_sym.except_clause || s == af_sym.except_group_clause) {
        TSNode alias = af_field_child(node, af_field.alias);
        if (!ts_node_is_null(alias))
            bind_targets(w, f->bind_scope, alias);
    } else if (s == af_sym.named_expression) {
        int sc = f->bind_scope;
        while (sem->scopes[sc].kind == AF_SCOPE_COMPREHENSION || sem->scopes[sc].kind == AF_SCOPE_GENERATOR)
            sc = sem->scopes[sc].parent;
        TSNode name = af_field_child(node, af_field.name);
        if (af_is(name, af_sym.identifier))
            bind_node_name(w, sc, name, AF_BIND_VARIABLE, node);
    } else if (s == af_sym.import_statement) {
        visit_import(w, node, f->bind_scope);
    } else if (s == af_sym.import_from_statement) {
        visit_import_from(w, node, f->bind_scope);
    } else if (s == af_sym.global_statement || s == af_sym.nonlocal_statement) {
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; i++) {
            TSNode c = ts_node_named_child(node, i);
            if (af_is(c, af_sym.identifier))
                bind_node_name(w, f->bind_scope, c, AF_BIND_GLOBAL, c);
        }
    }
}

/* the sites the rules read (calls, fors, withs, blocks, awaits), comments and strings over lines */
static void note_site(struct walk *w, TSNode node, TSSymbol s, const struct frame *f)
{
    struct af_semantic *sem = w->sem;
    TSNode parent = w->stack[w->depth - 1].node;
    TSNode grandparent = w->depth >= 2 ? w->stack[w->depth - 2].node : af_null_node();
    if (s == af_sym.call) {
        add_site(&sem->calls, node, parent, grandparent, f->site_scope);
    } else if (s == af_sym.for_statement) {
        add_site(&sem->fors, node, parent, grandparent, f->site_scope);
    } else if (s == af_sym.with_statement) {
        add_site(&sem->withs, node, parent, grandparent, f->site_scope);
    } else if (s == af_sym.block) {
        add_site(&sem->blocks, node, parent, grandparent, f->site_scope);
    } else if (s == af_sym.await) {
        add_site(&sem->awaits, node, parent, grandparent, f->site_scope);
    } else if (s == af_sym.comment) {
        check_comment(w, node);
    } else if (s == af_sym.string && ts_node_start_point(node).row != ts_node_end_point(node).row) {
        uint32_t n = sem->n_ml_strings;
        if ((n + 1) * 2 > sem->ml_cap) {
            sem->ml_cap = sem->ml_cap ? sem->ml_cap * 2 : 32;
            sem->ml_strings = af_realloc(sem->ml_strings, sem->ml_cap * sizeof(uint32_t));
        }
        sem->ml_strings[2 * n] = ts_node_start_byte(node);
        sem->ml_strings[2 * n + 1] = ts_node_end_byte(node);
        sem->n_ml_strings++;
    }
}

/*
 * What the walk does at a node, by its symbol: most nodes (expressions,
 * their parts) need only their frame, and one load tells them so where a
 * chain of compares asked each of them every question.
 */
enum {
    ACT_SCOPE = 1,    /* opens a scope (open_scope) */
    ACT_BIND = 2,     /* binds names (bind_names) */
    ACT_SITE = 4,     /* a site, a comment or a string (note_site) */
    ACT_FIELDS = 8,   /* a def, lambda or class: its children's fields say where their sites run */
    ACT_PRUNE = 16,   /* often holds nothing the walk records: holds_nothing is asked */
};

static uint8_t acts[1 << 16];   /* by symbol: any TSSymbol indexes it */
static pthread_once_t acts_once = PTHREAD_ONCE_INIT;

static void acts_init(void)
{
    const TSSymbol scope[] = { af_sym.function_definition, af_sym.lambda, af_sym.class_definition,
                               af_sym.list_comprehension, af_sym.set_comprehension,
                               af_sym.dictionary_comprehension, af_sym.generator_expression };
    const TSSymbol bind[] = { af_sym.for_in_clause, af_sym.assignment, af_sym.augmented_assignment,
                              af_sym.for_statement, af_sym.as_pattern_target, af_sym.except_clause,
                              af_sym.except_group_clause, af_sym.named_expression, af_sym.import_statement,
                              af_sym.import_from_statement, af_sym.global_statement, af_sym.nonlocal_statement };
    const TSSymbol site[] = { af_sym.call, af_sym.for_statement, af_sym.with_statement, af_sym.block,
                              af_sym.await, af_sym.comment, af_sym.string };
    for (size_t i = 0; i < sizeof(scope) / sizeof(*scope); i++)
        acts[scope[i]] |= ACT_SCOPE;
    for (size_t i = 0; i < sizeof(bind) / sizeof(*bind); i++)
        acts[bind[i]] |= ACT_BIND;
    for (size_t i = 0; i < sizeof(site) / sizeof(*site); i++)
        acts[site[i]] |= ACT_SITE;
    acts[af_sym.function_definition] |= ACT_FIELDS;
    acts[af_sym.lambda] |= ACT_FIELDS;
    acts[af_sym.class_definition] |= ACT_FIELDS;
    /* expressions and their parts that hold no call, string or keyword often (the test holds for any node) */
    const TSSymbol prune[] = { af_sym.attribute, af_sym.subscript, af_sym.comparison_operator, af_sym.binary_operator,
                               af_sym.boolean_operator, af_sym.not_operator, af_sym.unary_operator, af_sym.type,
                               af_sym.type_parameter, af_sym.keyword_argument, af_sym.default_parameter,
                               af_sym.tuple, af_sym.list, af_sym.set, af_sym.expression_list, af_sym.pattern_list,
                               af_sym.conditional_expression, af_sym.slice, af_sym.return_statement,
                               af_sym.list_splat, af_sym.dictionary_splat, af_sym.dotted_name, af_sym.aliased_import };
    for (size_t i = 0; i < sizeof(prune) / sizeof(*prune); i++)
        acts[prune[i]] |= ACT_PRUNE;
}

/* by byte: what it may start in holds_nothing's scan */
enum { MARK_RECORDED = 1, MARK_KEYWORD = 2, MARK_EQUALS = 3 };
static uint8_t marks[256];
/* the keywords whose nodes the walk records or that lead to them (`as`: a with or except target) */
static const char *const marked_keywords[] = { "as", "await", "for", "global", "import", "nonlocal", NULL };

static void marks_init(void)
{
    for (const char *m = "(#\"':"; *m; m++)
        marks[(unsigned char)*m] = MARK_RECORDED;
    for (const char *const *k = marked_keywords; *k; k++)
        marks[(unsigned char)(*k)[0]] = MARK_KEYWORD;
    marks['='] = MARK_EQUALS;
}

static void tables_init(void)
{
    acts_init();
    marks_init();
}

static bool word_byte(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

/*
 * A marked keyword as a whole word at t[i] (before `end`): a byte >= 0x80
 * on either side counts as a boundary, and a digit before it (`1for`)
 */
static bool keyword_at(const char *t, uint32_t i, uint32_t start, uint32_t end)
{
    if (i > start && word_byte((unsigned char)t[i - 1]))
        return false;
    for (const char *const *k = marked_keywords; *k; k++) {
        size_t len = strlen(*k);
        if (i + len <= end && memcmp(t + i, *k, len) == 0 &&
            (i + len == end || !(word_byte((unsigned char)t[i + len]) || (t[i + len] >= '0' && t[i + len] <= '9'))))
            return true;
    }
    return false;
}

/*
 * True when nothing under `node` (a named node the walk does nothing at)
 * can be recorded, so that its children need no walk: the text of every
 * node the walk records, or of anything holding one, holds one of these: a
 * call's '(', a comment's '#', a string's quote, the ':' of a def, class,
 * lambda, block (with, for, except, ...) or walrus, the `for` of a
 * comprehension, `as` (a with or except target), `await`, `import`,
 * `global`, `nonlocal`; and '=' for an assignment, which only an
 * expression statement holds. Asked of short nodes of trees without an
 * error (a missing token has no text). Most attributes, subscripts, types
 * and operators hold none.
 */
static bool holds_nothing(const struct walk *w, TSNode node, TSSymbol s)
{
    uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    if (!w->prune || end - start > 256)
        return false;
    bool statement = s == af_sym.expression_statement;
    const char *t = w->src;
    for (uint32_t i = start; i < end; i++) {
        uint8_t mark = marks[(unsigned char)t[i]];
        if (mark && (mark == MARK_RECORDED || (mark == MARK_EQUALS && statement) ||
                     (mark == MARK_KEYWORD && keyword_at(t, i, start, end))))
            return false;
    }
    return true;
}

/*
 * The walk enters named `node` of symbol `s`: its field is asked only under
 * a def, a lambda or a class. False when its children need no walk.
 */
static bool enter(struct walk *w, TSNode node, TSSymbol s)
{
    struct af_semantic *sem = w->sem;
    struct frame *parent = &w->stack[w->depth - 1];
    struct frame *f = &w->stack[w->depth];
    f->node = node;
    f->sym = s;
    f->bind_scope = parent->bind_scope;
    f->site_scope = parent->site_scope;
    f->pushed = false;

    TSSymbol ps = parent->sym;
    if (acts[ps] & ACT_FIELDS) {
        bool def = ps == af_sym.function_definition || ps == af_sym.lambda;
        TSFieldId field = af_visitor_field(&w->v);
        /* a def's parameters' defaults, annotations and name are evaluated outside it */
        if (def && (field == af_field.parameters || field == af_field.return_type || field == af_field.name))
            f->site_scope = sem->scopes[parent->bind_scope].parent;
        else if (!def && (field == af_field.superclasses || field == af_field.name))
            f->site_scope = sem->scopes[parent->bind_scope].parent;
    }

    uint8_t act = acts[s];
    if (!(act & (ACT_SCOPE | ACT_BIND | ACT_SITE)))
        return !(act & ACT_PRUNE) || !holds_nothing(w, node, s);
    if ((act & ACT_SCOPE) && open_scope(w, node, s, ps == af_sym.decorated_definition, f))
        return true;
    if (act & ACT_BIND)
        bind_names(w, node, s, f);
    if (act & ACT_SITE)
        note_site(w, node, s, f);
    /* a string's parts are tokens but for an f-string's replacement fields, which a '{' opens (and a
     * comment can stand in one only) */
    if (s == af_sym.string && w->prune) {
        uint32_t len;
        const char *t = af_node_text(node, w->src, &len);
        return memchr(t, '{', len) || memchr(t, '#', len);
    }
    return true;
}

/* ---- annotated types ---- */

/* `typing_extensions.X` is `typing.X` */
static void normalise_typing(struct af_buf *qual)
{
    static const char te[] = "typing_extensions.";
    if (af_startswith(qual->ptr, qual->size, te)) {
        struct af_buf t = AF_BUF_INIT;
        af_buf_puts(&t, "typing.");
        af_buf_puts(&t, qual->ptr + sizeof(te) - 1);
        af_buf_clear(qual);
        af_buf_put(qual, t.ptr, t.size);
        af_buf_dispose(&t);
    }
}

/* [s, s+len) without blanks at either end */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t'))
        (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* into `out`: the qualified name of a leading name `head` bound in `scope` (`builtins.x` unbound, an import's target) */
static int qualify_head(struct af_buf *out, const struct af_file *file, int scope, const char *head, size_t len)
{
    const struct af_binding *b = af_sem_lookup(file, scope, head, len);
    af_buf_clear(out);
    if (!b) {
        af_buf_puts(out, "builtins.");
        af_buf_put(out, head, len);
    } else if (b->kind == AF_BIND_IMPORT && !b->mixed) {
        af_buf_puts(out, b->target);
    } else {
        return AF_ENOTFOUND;
    }
    return 0;
}

/* the qualified name of the dotted name [t, t+len) (a string annotation's text) seen from `scope` */
static int dotted_text_qual(struct af_buf *out, const struct af_file *file, int scope, const char *t, size_t len)
{
    if (!len)
        return AF_ENOTFOUND;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        bool ok = c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
        if (!ok)
            return AF_ENOTFOUND;
    }
    const char *dot = memchr(t, '.', len);
    size_t head = dot ? (size_t)(dot - t) : len;
    if (qualify_head(out, file, scope, t, head) < 0)
        return AF_ENOTFOUND;
    af_buf_put(out, t + head, len - head);
    return 0;
}

/* the position of the first `sep` in [t, t+len) outside brackets and quotes, or len */
static size_t top_level(const char *t, size_t len, char sep)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == sep && depth == 0)
            return i;
        if (c == '[' || c == '(')
            depth++;
        else if (c == ']' || c == ')')
            depth--;
    }
    return len;
}

/*
 * The one part of [t, t+len) split at top-level `sep` that is not `None`
 * (`A | None`, `None, A`), into *part; false when there is not exactly one.
 */
static bool one_non_none(const char *t, size_t len, char sep, const char **part, size_t *plen)
{
    int found = 0;
    while (len) {
        size_t at = top_level(t, len, sep);
        const char *p = t;
        size_t pl = at;
        trim(&p, &pl);
        if (!af_streq(p, pl, "None")) {
            *part = p;
            *plen = pl;
            found++;
        }
        if (at == len)
            break;
        t += at + 1;
        len -= at + 1;
    }
    return found == 1;
}

/* the type a string annotation's text names (see af_binding.type) */
static int text_type(struct af_buf *out, const struct af_file *file, int scope, const char *t, size_t len,
                     int depth)
{
    trim(&t, &len);
    if (depth > 8 || !len)
        return AF_ENOTFOUND;
    if (top_level(t, len, '|') < len) {
        const char *p;
        size_t pl;
        return one_non_none(t, len, '|', &p, &pl) ? text_type(out, file, scope, p, pl, depth + 1) : AF_ENOTFOUND;
    }
    size_t open = top_level(t, len, '[');
    if (open == len)
        return dotted_text_qual(out, file, scope, t, len) == 0 ? (normalise_typing(out), 0) : AF_ENOTFOUND;
    if (t[len - 1] != ']' || dotted_text_qual(out, file, scope, t, open) < 0)
        return AF_ENOTFOUND;
    normalise_typing(out);
    const char *inner = t + open + 1, *p;
    size_t ilen = len - open - 2, pl;
    if (strcmp(out->ptr, "typing.Optional") == 0)
        return text_type(out, file, scope, inner, ilen, depth + 1);
    if (strcmp(out->ptr, "typing.Union") == 0)
        return one_non_none(inner, ilen, ',', &p, &pl) ? text_type(out, file, scope, p, pl, depth + 1) : AF_ENOTFOUND;
    return 0;   /* a generic: its origin */
}

static int node_type(struct af_buf *out, const struct af_file *file, int scope, TSNode n, int depth);

/* a generic's parameters: a subscript's items after its origin, or a generic_type's type_parameter's types */
static uint32_t generic_parameters(TSNode generic, TSNode origin, TSNode *out, uint32_t max)
{
    TSNode holder = generic;
    uint32_t count = ts_node_named_child_count(generic);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(generic, i);
        if (strcmp(ts_node_type(c), "type_parameter") == 0)
            holder = c;
    }
    uint32_t n = 0;
    count = ts_node_named_child_count(holder);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(holder, i);
        if (ts_node_eq(c, origin) || af_is(c, af_sym.comment))
            continue;
        if (n < max)
            out[n] = af_is(c, af_sym.type) ? af_first_named(c) : c;
        n++;
    }
    return n;
}

/* `Optional[T]`, `Union[T, None]`: the type of the one parameter that is not None */
static int one_parameter_type(struct af_buf *out, const struct af_file *file, int scope, TSNode generic,
                              TSNode origin, int depth)
{
    TSNode params[3], found = af_null_node();
    uint32_t n = generic_parameters(generic, origin, params, 3), kept = 0;
    for (uint32_t i = 0; i < n && i < 3; i++)
        if (!af_is(af_unparen(params[i]), af_sym.none)) {
            found = params[i];
            kept++;
        }
    return n <= 3 && kept == 1 ? node_type(out, file, scope, found, depth + 1) : AF_ENOTFOUND;
}

/* the type an annotation expression names (see af_binding.type) */
static int node_type(struct af_buf *out, const struct af_file *file, int scope, TSNode n, int depth)
{
    n = af_unparen(n);
    if (af_is(n, af_sym.type))
        n = af_unparen(af_first_named(n));
    if (depth > 8 || ts_node_is_null(n))
        return AF_ENOTFOUND;
    TSSymbol s = ts_node_symbol(n);
    if (s == af_sym.identifier || s == af_sym.attribute) {
        if (af_sem_qualname(out, file, n, scope) < 0)
            return AF_ENOTFOUND;
        normalise_typing(out);
        return 0;
    }
    if (s == af_sym.string) {
        TSNode content = af_null_node();
        uint32_t count = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < count; i++) {
            TSNode c = ts_node_named_child(n, i);
            if (af_is(c, af_sym.string_content))
                content = c;
            else if (!af_is(c, af_sym.string_start) && !af_is(c, af_sym.string_end))
                return AF_ENOTFOUND;   /* an f-string or escapes */
        }
        uint32_t len = 0;
        const char *t = ts_node_is_null(content) ? "" : af_node_text(content, file->src->data, &len);
        return text_type(out, file, scope, t, len, depth + 1);
    }
    if (s == af_sym.binary_operator || strcmp(ts_node_type(n), "union_type") == 0) {
        TSNode l = af_unparen(af_field_child(n, af_field.left)), r = af_unparen(af_field_child(n, af_field.right));
        if (ts_node_is_null(l)) {
            l = af_unparen(af_first_named(af_first_named(n)));
            r = af_unparen(af_first_named(ts_node_named_child(n, 1)));
        }
        TSNode op = af_field_child(n, af_field.operator);
        if (!ts_node_is_null(op) && !af_node_text_is(op, file->src->data, "|"))
            return AF_ENOTFOUND;
        if (af_is(r, af_sym.none) && !af_is(l, af_sym.none))
            return node_type(out, file, scope, l, depth + 1);
        if (af_is(l, af_sym.none) && !af_is(r, af_sym.none))
            return node_type(out, file, scope, r, depth + 1);
        return AF_ENOTFOUND;
    }
    TSNode origin = s == af_sym.subscript ? af_field_child(n, af_field.value)
                  : strcmp(ts_node_type(n), "generic_type") == 0 ? af_first_named(n) : af_null_node();
    if (ts_node_is_null(origin) || node_type(out, file, scope, origin, depth + 1) < 0)
        return AF_ENOTFOUND;
    if (strcmp(out->ptr, "typing.Optional") == 0 || strcmp(out->ptr, "typing.Union") == 0)
        return one_parameter_type(out, file, scope, n, origin, depth);
    return 0;   /* a generic: its origin */
}

/* each annotated binding whose bindings all carry one annotation gets its type */
static void resolve_types(struct af_file *file)
{
    struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->nbindings; i++) {
        struct af_binding *b = sem->bindings[i];
        if (ts_node_is_null(b->annotation) || b->annotated != b->count || b->annotation_differs || b->mixed ||
            (b->kind != AF_BIND_PARAMETER && b->kind != AF_BIND_VARIABLE))
            continue;
        /* a parameter's annotation is evaluated where the def is */
        int scope = b->kind == AF_BIND_PARAMETER ? sem->scopes[b->scope].parent : b->scope;
        if (scope >= 0 && node_type(&qual, file, scope, b->annotation, 0) == 0)
            b->type = af_arena_strndup(&file->arena, qual.ptr, qual.size);
    }
    af_buf_dispose(&qual);
}

const char *af_sem_type_of(const struct af_file *file, TSNode expr, int scope)
{
    expr = af_unparen(expr);
    if (!af_is(expr, af_sym.identifier))
        return NULL;
    uint32_t len;
    const char *t = af_node_text(expr, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    return b ? b->type : NULL;
}

static bool visit_enter(struct af_visitor *v, TSNode node)
{
    struct walk *w = (struct walk *)v;
    if (w->depth + 1 >= w->cap) {
        w->cap *= 2;
        w->stack = af_realloc(w->stack, w->cap * sizeof(*w->stack));
    }
    bool walk_children = true;
    if (v->named) {
        walk_children = enter(w, node, v->symbol);
    } else {
        struct frame *f = &w->stack[w->depth];
        *f = w->stack[w->depth - 1];
        f->node = node;
        f->sym = v->symbol;
        f->pushed = false;
    }
    w->depth++;
    return walk_children;
}

static void visit_leave(struct af_visitor *v, TSNode node)
{
    (void)node;
    ((struct walk *)v)->depth--;
}

int af_sem_build(struct af_file *file)
{
    struct af_semantic *sem = &file->sem;
    memset(sem, 0, sizeof(*sem));
    struct walk w = { .file = file, .sem = sem, .src = file->src->data, .cap = 64 };
    w.stack = af_malloc(w.cap * sizeof(*w.stack));

    pthread_once(&acts_once, tables_init);
    int module = push_scope(&w, file->root, AF_SCOPE_MODULE, -1, af_null_node(), false);
    w.stack[0].node = file->root;
    w.stack[0].sym = ts_node_symbol(file->root);
    w.stack[0].bind_scope = w.stack[0].site_scope = module;
    w.stack[0].pushed = true;
    w.depth = 1;
    w.prune = !ts_node_has_error(file->root);
    add_site(&sem->blocks, file->root, file->root, af_null_node(), module);

    w.v.enter = visit_enter;
    w.v.leave = visit_leave;
    w.v.skip = AF_CURSOR_SKIP_LEAVES;   /* enter() notes no leaf but comments (extras) and empty blocks (aliased) */
    af_visit(&w.v, file->root);
    free(w.stack);
    rebind_globals(&w);

    resolve_types(file);
    marked_framework(sem, file->src->data, file->src->len);
    /* the project's coroutines may run on the loop another file imports (project.h) */
    if (!sem->imports_other && (sem->imports_other = af_project_other_loop(file->project)))
        sem->other_in_project = true;
    /* Twisted on its asyncio reactor runs asyncio's calls (as pass 1 reads it: af_source_other_loop) */
    if (sem->imports_other && sem->imports_other[0] == 't' &&
        af_source_names_asyncio_reactor(file->src->data, file->src->len)) {
        sem->imports_other = NULL;
        sem->other_in_project = false;
    }
    if (sem->imports_anyio)
        sem->framework = AF_FW_ANYIO;
    else if (sem->imports_trio && !sem->imports_asyncio)
        sem->framework = AF_FW_TRIO;
    else
        sem->framework = AF_FW_ASYNCIO;
    sem->framework_mixed = sem->imports_other || (!sem->imports_anyio && sem->imports_trio && sem->imports_asyncio);
    return 0;
}

void af_sem_dispose(struct af_semantic *sem)
{
    free(sem->scopes);
    free(sem->bindings);
    af_hashtab_dispose(&sem->binding_table);
    af_hashtab_dispose(&sem->imports);
    free(sem->calls.items);
    free(sem->withs.items);
    free(sem->blocks.items);
    free(sem->fors.items);
    free(sem->awaits.items);
    free(sem->ml_strings);
    free(sem->noqa);
    for (uint32_t i = 0; i < sem->nname_sets; i++)
        af_hashtab_dispose(&sem->name_sets[i]->by_name);
    free(sem->name_sets);   /* the sets themselves live in the file's arena */
    af_hashtab_dispose(&sem->name_set_table);
    free(sem->quals);   /* the names live in the file's arena */
    af_hashtab_dispose(&sem->qual_table);
    free(sem->call_memos);
    free(sem->async_calls);
    for (uint32_t i = 0; sem->block_stmts && i < sem->blocks.n; i++) {
        if (!sem->block_stmts[i])
            continue;
        free(sem->block_stmts[i]->stmts);
        free(sem->block_stmts[i]->starts);
        free(sem->block_stmts[i]);
    }
    free(sem->block_stmts);
    memset(sem, 0, sizeof(*sem));
}

const struct af_binding *af_sem_lookup(const struct af_file *file, int scope,
                                       const char *name, size_t len)
{
    const struct af_semantic *sem = &file->sem;
    int start = scope;
    while (scope >= 0) {
        const struct af_scope *sc = &sem->scopes[scope];
        if (sc->kind != AF_SCOPE_CLASS || scope == start) {
            const struct af_binding *b = af_sem_binding_in(file, scope, name, len);
            if (b) {
                if (b->kind != AF_BIND_GLOBAL)
                    return b;
                /* global: the module's binding; nonlocal: look on in the enclosing functions */
                if (sc->kind != AF_SCOPE_MODULE && !af_is(ts_node_parent(b->node), af_sym.nonlocal_statement))
                    return af_sem_binding_in(file, 0, name, len);
            }
        }
        scope = sc->parent;
    }
    return NULL;
}

/*
 * One answer of af_sem_qualname, as it left `out`: the name, or a failure
 * that left `out` as it was (the expression is no chain of names) or
 * emptied it (the head is a local binding).
 */
enum qual_result { QUAL_FOUND, QUAL_UNTOUCHED, QUAL_CLEARED };

struct af_qual_memo {
    uint32_t start, end;
    TSSymbol symbol;
    bool callee;               /* the node is a call, asked about its callee */
    int scope;
    enum qual_result result;
    const char *qual;          /* QUAL_FOUND: the name (in the file's arena) */
    uint32_t len;
};

/*
 * the qualified name of `expr` (not parenthesized) into `out`, resolved;
 * `object`, when not NULL, is the object of `expr` (an attribute), already looked up
 */
static enum qual_result resolve_qualname(struct af_buf *out, const struct af_file *file, TSNode expr, int scope,
                                         const TSNode *object)
{
    const char *src = file->src->data;
    TSNode parts[32];   /* the attribute nodes, outermost first: their names are read once the head resolves */
    int n = 0;
    while (af_is(expr, af_sym.attribute)) {
        if (n == 32)
            return QUAL_UNTOUCHED;
        parts[n++] = expr;
        expr = af_unparen(n == 1 && object ? *object : af_field_child(expr, af_field.object));
    }
    if (!af_is(expr, af_sym.identifier))
        return QUAL_UNTOUCHED;
    uint32_t len;
    const char *head = af_node_text(expr, src, &len);
    if (qualify_head(out, file, scope, head, len) < 0)
        return QUAL_CLEARED;
    for (int i = n - 1; i >= 0; i--) {
        const char *t = af_node_text(af_field_child(parts[i], af_field.attribute), src, &len);
        af_buf_putc(out, '.');
        af_buf_put(out, t, len);
    }
    return QUAL_FOUND;
}

/* a multiplicative mix: the key is a few integers, and this is asked once a question */
static uint32_t hash_qual(uint32_t start, uint32_t end, TSSymbol symbol, bool callee, int scope)
{
    uint64_t h = start * 0x9E3779B97F4A7C15ull;
    h ^= (h >> 29) + end * 0xBF58476D1CE4E5B9ull;
    h ^= (h >> 31) + (((uint64_t)symbol << 33 | (uint64_t)callee << 32) | (uint32_t)scope) * 0x94D049BB133111EBull;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* the answer kept for `node` (a call's callee when `callee`) seen from `scope`, with its hash, or NULL */
static const struct af_qual_memo *find_memo(const struct af_semantic *sem, TSNode node, bool callee, int scope,
                                            struct af_qual_memo *key, uint32_t *hash)
{
    key->start = ts_node_start_byte(node);
    key->end = ts_node_end_byte(node);
    key->symbol = ts_node_symbol(node);
    key->callee = callee;
    key->scope = scope;
    *hash = hash_qual(key->start, key->end, key->symbol, callee, scope);
    struct af_hashtab_iter it = af_hashtab_find(&sem->qual_table, *hash);
    for (uint32_t v; (v = af_hashtab_next(&sem->qual_table, &it)) != AF_HASHTAB_NONE;) {
        const struct af_qual_memo *m = &sem->quals[v];
        if (m->start == key->start && m->end == key->end && m->symbol == key->symbol && m->callee == callee &&
            m->scope == scope)
            return m;
    }
    return NULL;
}

static void keep_memo(struct af_semantic *sem, const struct af_qual_memo *m, uint32_t hash)
{
    AF_ARRAY_GROW(sem->quals, sem->nquals, sem->quals_cap);
    af_hashtab_put(&sem->qual_table, hash, sem->nquals);
    sem->quals[sem->nquals++] = *m;
}

static int replay_qualname(struct af_buf *out, const struct af_qual_memo *m)
{
    if (m->result == QUAL_UNTOUCHED)
        return AF_ENOTFOUND;
    af_buf_clear(out);
    if (m->result == QUAL_CLEARED)
        return AF_ENOTFOUND;
    af_buf_put(out, m->qual, m->len);
    return 0;
}

/* af_sem_qualname's answer for `expr`, as it leaves `out` (`object` as resolve_qualname's) */
static enum qual_result answer(struct af_buf *out, struct af_file *file, TSNode expr, int scope,
                               struct af_qual_memo *m, const TSNode *object)
{
    struct af_semantic *sem = &file->sem;
    expr = af_unparen(expr);
    if (ts_node_is_null(expr)) {
        m->result = QUAL_UNTOUCHED;
        return m->result;
    }
    uint32_t hash;
    const struct af_qual_memo *kept = find_memo(sem, expr, false, scope, m, &hash);
    if (kept) {
        *m = *kept;
        replay_qualname(out, m);
        return m->result;
    }
    m->qual = NULL;
    m->len = 0;
    m->result = resolve_qualname(out, file, expr, scope, object);
    if (m->result == QUAL_FOUND) {
        m->qual = af_arena_strndup(&file->arena, out->ptr, out->size);
        m->len = (uint32_t)out->size;
    }
    keep_memo(sem, m, hash);
    return m->result;
}

int af_sem_qualname(struct af_buf *out, const struct af_file *file, TSNode expr, int scope)
{
    struct af_qual_memo m = { 0 };
    /* a cache: the model does not change */
    return answer(out, (struct af_file *)file, expr, scope, &m, NULL) == QUAL_FOUND ? 0 : AF_ENOTFOUND;
}

int af_sem_callee_qualname(struct af_buf *out, const struct af_file *cfile, TSNode call, int scope)
{
    struct af_file *file = (struct af_file *)cfile;   /* a cache: the model does not change */
    if (ts_node_is_null(call))
        return AF_ENOTFOUND;
    struct af_qual_memo key, m = { 0 };
    uint32_t hash;
    const struct af_qual_memo *kept = find_memo(&file->sem, call, true, scope, &key, &hash);
    if (kept)
        return replay_qualname(out, kept);
    answer(out, file, af_field_child(call, af_field.function), scope, &m, NULL);
    m.start = key.start;
    m.end = key.end;
    m.symbol = key.symbol;
    m.callee = true;
    m.scope = scope;
    keep_memo(&file->sem, &m, hash);
    return m.result == QUAL_FOUND ? 0 : AF_ENOTFOUND;
}

/* what a call site's questions answered (af_sem_site_callee, af_sem_site_callee_qualname, ...) */
struct af_call_memo {
    TSNode fn;                 /* the callee, once HAS_FN */
    TSNode obj, attr;          /* a method's object and name, once HAS_OBJ, HAS_ATTR */
    TSNode left, right;        /* the parent assignment's sides, once HAS_SIDES */
    struct af_site_note note;  /* the blocking table's answer (af_sem_site_note), once HAS_NOTE */
    const char *qual;          /* QUAL_FOUND: the name (in the file's arena) */
    uint32_t len;
    enum qual_result result;   /* once HAS_QUAL */
};

/* which of a site's answers are kept: a byte a site, after the memos (which are not cleared: large) */
enum { HAS_FN = 1, HAS_OBJ = 2, HAS_ATTR = 4, HAS_SIDES = 8, HAS_QUAL = 16, HAS_NOTE = 32 };

/* the site's memo and (*has) its byte of HAS_ bits, with its callee when `fn` */
static struct af_call_memo *call_memo(struct af_file *file, const struct af_site *site, bool fn, uint8_t **has)
{
    struct af_semantic *sem = &file->sem;
    uint32_t n = sem->calls.n;
    assert(site >= sem->calls.items && site < sem->calls.items + n);
    if (!sem->call_memos) {
        sem->call_memos = af_malloc(n * sizeof(*sem->call_memos) + n);
        memset(sem->call_memos + n, 0, n);
    }
    uint32_t i = (uint32_t)(site - sem->calls.items);
    struct af_call_memo *m = &sem->call_memos[i];
    *has = (uint8_t *)(sem->call_memos + n) + i;
    if (fn && !(**has & HAS_FN)) {
        m->fn = af_field_child(site->node, af_field.function);
        **has |= HAS_FN;
    }
    return m;
}

const uint32_t *af_sem_async_calls(const struct af_file *cfile, uint32_t *n)
{
    struct af_semantic *sem = &((struct af_file *)cfile)->sem;   /* a cache: the model does not change */
    if (!sem->has_async_calls) {
        sem->async_calls = af_malloc((sem->calls.n ? sem->calls.n : 1) * sizeof(*sem->async_calls));
        for (uint32_t i = 0; i < sem->calls.n; i++) {
            int scope = sem->calls.items[i].scope;
            if (af_sem_in_async(cfile, scope) || af_sem_in_async_genexp(cfile, scope))
                sem->async_calls[sem->nasync_calls++] = i;
        }
        sem->has_async_calls = true;
    }
    *n = sem->nasync_calls;
    return sem->async_calls;
}

TSNode af_sem_site_callee(const struct af_file *file, const struct af_site *site)
{
    uint8_t *has;
    return call_memo((struct af_file *)file, site, true, &has)->fn;   /* a cache: the model does not change */
}

/* the callee's field `field` when the callee (parentheses aside) is an attribute, else a null node */
static TSNode method_part(TSNode fn, TSFieldId field)
{
    fn = af_unparen(fn);
    return af_is(fn, af_sym.attribute) ? af_field_child(fn, field) : af_null_node();
}

TSNode af_sem_site_method_object(const struct af_file *file, const struct af_site *site)
{
    uint8_t *has;
    struct af_call_memo *cm = call_memo((struct af_file *)file, site, true, &has);   /* a cache, as above */
    if (!(*has & HAS_OBJ)) {
        cm->obj = method_part(cm->fn, af_field.object);
        *has |= HAS_OBJ;
    }
    return cm->obj;
}

TSNode af_sem_site_method_name(const struct af_file *file, const struct af_site *site)
{
    uint8_t *has;
    struct af_call_memo *cm = call_memo((struct af_file *)file, site, true, &has);   /* a cache, as above */
    if (!(*has & HAS_ATTR)) {
        cm->attr = method_part(cm->fn, af_field.attribute);
        *has |= HAS_ATTR;
    }
    return cm->attr;
}

void af_sem_site_assignment(const struct af_file *file, const struct af_site *site, TSNode *left, TSNode *right)
{
    uint8_t *has;
    struct af_call_memo *cm = call_memo((struct af_file *)file, site, false, &has);   /* a cache, as above */
    if (!(*has & HAS_SIDES)) {
        bool assigned = af_is(site->parent, af_sym.assignment);
        cm->left = assigned ? af_field_child(site->parent, af_field.left) : af_null_node();
        cm->right = assigned ? af_field_child(site->parent, af_field.right) : af_null_node();
        *has |= HAS_SIDES;
    }
    *left = cm->left;
    *right = cm->right;
}

struct af_site_note *af_sem_site_note(const struct af_file *file, const struct af_site *site)
{
    uint8_t *has;
    struct af_call_memo *cm = call_memo((struct af_file *)file, site, false, &has);   /* a cache, as above */
    if (!(*has & HAS_NOTE)) {
        cm->note = (struct af_site_note){ NULL, false };
        *has |= HAS_NOTE;
    }
    return &cm->note;
}

int af_sem_site_callee_qualname(struct af_buf *out, const struct af_file *cfile, const struct af_site *site)
{
    struct af_file *file = (struct af_file *)cfile;   /* a cache: the model does not change */
    uint8_t *has;
    struct af_call_memo *cm = call_memo(file, site, true, &has);
    struct af_qual_memo m = { 0 };
    if (!(*has & HAS_QUAL)) {
        /* as af_sem_callee_qualname leaves `out` the first time: an answer about the callee */
        /* a method call's object is the site's, kept for the rules that ask it too */
        TSNode object = af_sem_site_method_object(file, site);
        cm->result = answer(out, file, cm->fn, site->scope, &m, ts_node_is_null(object) ? NULL : &object);
        cm->qual = m.qual;
        cm->len = m.len;
        *has |= HAS_QUAL;
        return cm->result == QUAL_FOUND ? 0 : AF_ENOTFOUND;
    }
    m.result = cm->result;
    m.qual = cm->qual;
    m.len = cm->len;
    return replay_qualname(out, &m);
}

bool af_sem_refers_to(const struct af_file *file, TSNode expr, int scope, const char *qual)
{
    struct af_buf buf = AF_BUF_INIT;
    bool ok = af_sem_qualname(&buf, file, expr, scope) == 0 && strcmp(buf.ptr, qual) == 0;
    af_buf_dispose(&buf);
    return ok;
}

int af_sem_function_scope(const struct af_file *file, int scope)
{
    while (scope >= 0 && file->sem.scopes[scope].kind == AF_SCOPE_COMPREHENSION)
        scope = file->sem.scopes[scope].parent;
    return scope;
}

bool af_sem_in_async(const struct af_file *file, int scope)
{
    scope = af_sem_function_scope(file, scope);
    if (scope < 0)
        return false;
    const struct af_scope *sc = &file->sem.scopes[scope];
    return sc->kind == AF_SCOPE_FUNCTION && sc->is_async;
}

int af_sem_async_genexp_owner(const struct af_file *file, int scope)
{
    bool generator = false;
    while (scope >= 0 && (file->sem.scopes[scope].kind == AF_SCOPE_COMPREHENSION ||
                          file->sem.scopes[scope].kind == AF_SCOPE_GENERATOR)) {
        generator |= file->sem.scopes[scope].kind == AF_SCOPE_GENERATOR;
        scope = file->sem.scopes[scope].parent;
    }
    bool owned = generator && scope >= 0 && file->sem.scopes[scope].kind == AF_SCOPE_FUNCTION &&
                 file->sem.scopes[scope].is_async;
    return owned ? scope : -1;
}

bool af_sem_in_async_genexp(const struct af_file *file, int scope)
{
    return af_sem_async_genexp_owner(file, scope) >= 0;
}

bool af_sem_in_ml_string(const struct af_file *file, uint32_t byte)
{
    const struct af_semantic *sem = &file->sem;
    /* strings nest only through f-string interpolations: a linear scan of the
     * candidates that start before `byte` is short; binary search the start */
    uint32_t lo = 0, hi = sem->n_ml_strings;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sem->ml_strings[2 * mid] < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i-- > 0;) {
        if (sem->ml_strings[2 * i] < byte && byte < sem->ml_strings[2 * i + 1])
            return true;
        if (lo - i > 8)
            break;
    }
    return false;
}

bool af_sem_noqa(const struct af_file *file, uint32_t byte, const char *code)
{
    const struct af_semantic *sem = &file->sem;
    if (!sem->nnoqa)
        return false;
    uint32_t line = af_source_line_of(file->src, byte);
    size_t clen = strlen(code);
    for (uint32_t i = 0; i < sem->nnoqa; i++) {
        const struct af_noqa *q = &sem->noqa[i];
        if (q->line != line)
            continue;
        if (!q->codes)
            return true;
        const char *p = q->codes, *end = q->codes + q->codes_len;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ',' || *p == '\t'))
                p++;
            const char *s = p;
            while (p < end && *p != ' ' && *p != ',' && *p != '\t')
                p++;
            size_t n = (size_t)(p - s);
            if (n && n <= clen && memcmp(s, code, n) == 0)
                return true;
        }
    }
    return false;
}

struct name_walk {
    TSNode *nodes;
    size_t n, cap;
    const char *src;
};

/* the index of `name` among the set's distinct names, or AF_HASHTAB_NONE */
static uint32_t find_name(const struct af_name_set *set, const char *name, size_t len)
{
    struct af_hashtab_iter it = af_hashtab_find(&set->by_name, af_hash_bytes(name, len));
    for (uint32_t v; (v = af_hashtab_next(&set->by_name, &it)) != AF_HASHTAB_NONE;)
        if (set->lens[v] == len && memcmp(set->names[v], name, len) == 0)
            return v;
    return AF_HASHTAB_NONE;
}

static enum af_walk_next collect_name(TSNode node, void *ctx)
{
    struct name_walk *w = ctx;
    if (ts_node_symbol(node) == af_sym.identifier) {
        AF_ARRAY_GROW(w->nodes, w->n, w->cap);
        w->nodes[w->n++] = node;
    }
    return AF_WALK_CONTINUE;
}

static _Thread_local const char *sort_src;

static int cmp_name_node(const void *a, const void *b)
{
    const TSNode *x = a, *y = b;
    uint32_t xl, yl;
    const char *xt = af_node_text(*x, sort_src, &xl), *yt = af_node_text(*y, sort_src, &yl);
    int c = memcmp(xt, yt, xl < yl ? xl : yl);
    if (c || xl != yl)
        return c ? c : (xl < yl ? -1 : 1);
    uint32_t xs = ts_node_start_byte(*x), ys = ts_node_start_byte(*y);
    return xs < ys ? -1 : xs > ys;
}

static uint32_t hash_range(uint32_t start, uint32_t end)
{
    return af_hash_add(af_hash_add(AF_HASH_INIT, &start, sizeof(start)), &end, sizeof(end));
}

/* the set made for exactly [start, end), or NULL */
static const struct af_name_set *cached_names(const struct af_semantic *sem, uint32_t start, uint32_t end)
{
    struct af_hashtab_iter it = af_hashtab_find(&sem->name_set_table, hash_range(start, end));
    for (uint32_t v; (v = af_hashtab_next(&sem->name_set_table, &it)) != AF_HASHTAB_NONE;)
        if (sem->name_sets[v]->start == start && sem->name_sets[v]->end == end)
            return sem->name_sets[v];
    return NULL;
}

/* the set over the identifier nodes `nodes` (sorted by name, then position) */
static struct af_name_set *name_set_new(struct af_file *file, uint32_t start, uint32_t end,
                                        const TSNode *nodes, size_t n)
{
    const char *src = file->src->data;
    struct af_name_set *set = af_arena_alloc(&file->arena, sizeof(*set));
    memset(set, 0, sizeof(*set));
    set->start = start;
    set->end = end;
    size_t cap = n ? n : 1;
    set->names = af_arena_alloc(&file->arena, cap * sizeof(*set->names));
    set->lens = af_arena_alloc(&file->arena, cap * sizeof(*set->lens));
    set->first = af_arena_alloc(&file->arena, cap * sizeof(*set->first));
    set->count = af_arena_alloc(&file->arena, cap * sizeof(*set->count));
    set->nodes = af_arena_alloc(&file->arena, cap * sizeof(*set->nodes));
    if (n)
        memcpy(set->nodes, nodes, n * sizeof(*nodes));
    uint32_t distinct = 0;
    for (size_t i = 0; i < n;) {
        uint32_t len;
        const char *t = af_node_text(nodes[i], src, &len);
        size_t j = i + 1;
        while (j < n) {
            uint32_t l2;
            const char *t2 = af_node_text(nodes[j], src, &l2);
            if (l2 != len || memcmp(t, t2, len) != 0)
                break;
            j++;
        }
        set->names[distinct] = t;
        set->lens[distinct] = len;
        set->first[distinct] = (uint32_t)i;
        set->count[distinct] = (uint32_t)(j - i);
        af_hashtab_put(&set->by_name, af_hash_bytes(t, len), distinct);
        distinct++;
        i = j;
    }
    return set;
}

static const struct af_name_set *names_under(const struct af_file *cfile, TSNode node)
{
    struct af_file *file = (struct af_file *)cfile;   /* a cache: the model does not change */
    uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    struct af_semantic *sem = &file->sem;
    const struct af_name_set *cached = cached_names(sem, start, end);
    if (cached)
        return cached;
    struct name_walk w = { NULL, 0, 0, file->src->data };
    af_walk(node, collect_name, &w);
    sort_src = w.src;
    if (w.n)
        qsort(w.nodes, w.n, sizeof(*w.nodes), cmp_name_node);
    struct af_name_set *set = name_set_new(file, start, end, w.nodes, w.n);
    free(w.nodes);
    AF_ARRAY_GROW(sem->name_sets, sem->nname_sets, sem->name_sets_cap);
    af_hashtab_put(&sem->name_set_table, hash_range(start, end), sem->nname_sets);
    sem->name_sets[sem->nname_sets++] = set;
    return set;
}

size_t af_sem_name_uses(const struct af_file *file, TSNode within, const char *name, size_t len,
                        const TSNode **nodes)
{
    const struct af_name_set *set = names_under(file, within);
    uint32_t at = find_name(set, name, len);
    if (at == AF_HASHTAB_NONE) {
        *nodes = set->nodes;
        return 0;
    }
    *nodes = set->nodes + set->first[at];
    return set->count[at];
}

static const char *const builtin_names[] = {
    "abs", "all", "any", "bytes", "callable", "dict", "dir", "filter", "float", "format",
    "getattr", "hasattr", "hash", "id", "input", "int", "isinstance", "iter", "len", "list",
    "map", "max", "min", "next", "object", "open", "print", "range", "repr", "set", "sorted",
    "str", "sum", "super", "tuple", "type", "vars", "zip", "self", "cls", NULL,
};
bool af_sem_name_free(const struct af_file *file, TSNode within, const char *name)
{
    size_t len = strlen(name);
    for (const char *const *b = builtin_names; *b; b++)
        if (strcmp(*b, name) == 0)
            return false;
    if (af_sem_binding_in(file, 0, name, len))
        return false;
    const TSNode *uses;
    return af_sem_name_uses(file, within, name, len, &uses) == 0;
}

bool af_sem_import_ran(const struct af_semantic *sem, const struct af_binding *b, uint32_t at)
{
    /* a module's imports have run when its functions do; a def's must come before `at` */
    return b->sure_from != UINT32_MAX &&
           (sem->scopes[b->scope].kind == AF_SCOPE_MODULE || b->sure_from <= at);
}

const char *af_sem_module_alias(const struct af_file *file, int scope, const char *module, uint32_t at,
                                bool *needs_import)
{
    *needs_import = false;
    /* an alias bound to exactly this module at module level or on the way: the imports of
     * that module are found through their hash, not by a scan of every binding per finding */
    const struct af_semantic *sem = &file->sem;
    uint32_t hash = af_hash_bytes(module, strlen(module));
    for (int s = scope; s >= 0; s = sem->scopes[s].parent) {
        const struct af_binding *first = NULL;
        uint32_t first_index = UINT32_MAX;
        struct af_hashtab_iter it = af_hashtab_find(&sem->imports, hash);
        for (uint32_t v; (v = af_hashtab_next(&sem->imports, &it)) != AF_HASHTAB_NONE;) {
            const struct af_binding *b = sem->bindings[v];
            if (v < first_index && b->scope == s && b->kind == AF_BIND_IMPORT && !b->mixed &&
                strcmp(b->target, module) == 0 && af_sem_import_ran(sem, b, at) &&
                af_sem_lookup(file, scope, b->name, b->len) == b) {
                first = b;   /* the earliest bound, as a scan in binding order finds it */
                first_index = v;
            }
        }
        if (first)
            return first->name;
    }
    const struct af_binding *b = af_sem_lookup(file, scope, module, strlen(module));
    if (b) {
        /* `import asyncio.subprocess` binds asyncio too */
        if (b->kind != AF_BIND_IMPORT || b->mixed || strcmp(b->target, module) != 0)
            return NULL;
        if (af_sem_import_ran(sem, b, at))
            return b->name;
        /* only imports that may not run: one more at module level makes the name sure there;
         * a def's own binds the name locally, unbound until it runs */
        if (sem->scopes[b->scope].kind != AF_SCOPE_MODULE)
            return NULL;
    }
    *needs_import = true;
    return module;
}

/* the APIs that run a callable in a worker thread: qualified name, or ".method", and its position */
static const struct { const char *callee; uint32_t at; } thread_apis[] = {
    { "asyncio.to_thread", 0 },
    { "trio.to_thread.run_sync", 0 },
    { "anyio.to_thread.run_sync", 0 },
    { ".run_in_executor", 1 },
    { "functools.partial", 0 },   /* handed over when the partial is */
};

/* the APIs that wrap a sync file object in an async one (their first argument) */
static const char *const wrap_apis[] = { "trio.wrap_file", "anyio.wrap_file", "aiofiles.threadpool.wrap" };

/* the parent and grandparent of `node`: from its call site when it is a call */
static void parents_of(const struct af_file *file, TSNode node, TSNode *parent, TSNode *grandparent)
{
    const struct af_site_list *calls = &file->sem.calls;
    if (af_is(node, af_sym.call)) {
        for (uint32_t i = af_sem_site_from(calls, ts_node_start_byte(node));
             i < calls->n && ts_node_start_byte(calls->items[i].node) == ts_node_start_byte(node); i++) {
            if (ts_node_eq(calls->items[i].node, node)) {
                *parent = calls->items[i].parent;
                *grandparent = calls->items[i].grandparent;
                return;
            }
        }
    }
    *parent = ts_node_parent(node);
    *grandparent = ts_node_parent(*parent);
}

/* the position of `expr` among the positional arguments of its call, else UINT32_MAX */
static uint32_t positional_index(const struct af_file *file, TSNode expr, TSNode *call)
{
    TSNode args;
    parents_of(file, expr, &args, call);
    if (!af_is(args, af_sym.argument_list) || !af_is(*call, af_sym.call))
        return UINT32_MAX;
    uint32_t n = ts_node_named_child_count(args), at = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (ts_node_eq(a, expr))
            return at;
        TSSymbol s = ts_node_symbol(a);
        if (s == af_sym.list_splat || s == af_sym.dictionary_splat)
            return UINT32_MAX;   /* the position after a splat is unknown */
        if (s != af_sym.comment && s != af_sym.keyword_argument)
            at++;
    }
    return UINT32_MAX;
}

/* af_sem_offloaded; `is_partial`: expr is a `functools.partial(...)` call, which may stand as a callable */
static bool handed_over(const struct af_file *file, TSNode expr, int scope, bool is_partial)
{
    TSNode call;
    uint32_t at = positional_index(file, expr, &call);
    if (at == UINT32_MAX)
        return false;
    TSNode fn = af_field_child(call, af_field.function);
    struct af_buf qual = AF_BUF_INIT;
    bool known = af_sem_qualname(&qual, file, fn, scope) == 0;
    bool out = false;
    for (size_t i = 0; known && at == 0 && i < sizeof(wrap_apis) / sizeof(wrap_apis[0]) && !out; i++)
        out = strcmp(qual.ptr, wrap_apis[i]) == 0;
    bool callable = is_partial || !af_is(af_unparen(expr), af_sym.call);
    for (size_t i = 0; callable && i < sizeof(thread_apis) / sizeof(thread_apis[0]) && !out; i++) {
        const char *api = thread_apis[i].callee;
        bool named = api[0] == '.' ? af_is(fn, af_sym.attribute) &&
                                     af_node_text_is(af_field_child(fn, af_field.attribute),
                                                     file->src->data, api + 1)
                                   : known && strcmp(qual.ptr, api) == 0;
        if (!named || at != thread_apis[i].at)
            continue;
        out = strcmp(api, "functools.partial") != 0 || handed_over(file, call, scope, true);
    }
    af_buf_dispose(&qual);
    return out;
}

bool af_sem_offloaded(const struct af_file *file, TSNode expr, int scope)
{
    return handed_over(file, expr, scope, false);
}

int af_sem_method_class(const struct af_file *file, int scope)
{
    scope = af_sem_function_scope(file, scope);
    if (scope < 0 || file->sem.scopes[scope].kind != AF_SCOPE_FUNCTION)
        return -1;
    int parent = file->sem.scopes[scope].parent;
    if (parent >= 0 && file->sem.scopes[parent].kind == AF_SCOPE_CLASS)
        return parent;
    return -1;
}

int af_sem_scope_of(const struct af_file *file, TSNode node)
{
    const struct af_semantic *sem = &file->sem;
    uint32_t at = ts_node_start_byte(node), lo = 0, hi = sem->nscopes;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(sem->scopes[mid].node) < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < sem->nscopes && ts_node_start_byte(sem->scopes[lo].node) == at; lo++)
        if (ts_node_eq(sem->scopes[lo].node, node))
            return (int)lo;
    return -1;
}

uint32_t af_sem_site_from(const struct af_site_list *list, uint32_t byte)
{
    uint32_t lo = 0, hi = list->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(list->items[mid].node) < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *af_sem_scope_name(const struct af_file *file, int scope)
{
    const struct af_scope *sc = &file->sem.scopes[af_sem_function_scope(file, scope)];
    if (sc->kind == AF_SCOPE_MODULE)
        return NULL;
    return sc->name ? sc->name : "<lambda>";
}

int af_sem_fresh_name(struct af_buf *out, const struct af_file *file, TSNode within,
                      const char *const *names, const char *stem, int first)
{
    for (; *names; names++) {
        if (af_sem_name_free(file, within, *names)) {
            af_buf_clear(out);
            af_buf_puts(out, *names);
            return 0;
        }
    }
    for (int i = first; i < 100; i++) {
        af_buf_clear(out);
        af_buf_printf(out, "%s%d", stem, i);
        if (af_sem_name_free(file, within, out->ptr))
            return 0;
    }
    af_buf_clear(out);
    return AF_ENOTFOUND;
}

static struct af_block_stmts *index_block(TSNode block, uint32_t id)
{
    struct af_block_stmts *bs = af_calloc(1, sizeof(*bs));
    uint32_t cap = ts_node_named_child_count(block);
    bs->stmts = af_malloc((cap ? cap : 1) * sizeof(*bs->stmts));
    bs->starts = af_malloc((cap ? cap : 1) * sizeof(*bs->starts));
    bs->block = block;
    bs->id = id;
    struct af_cursor cur;
    af_cursor_init(&cur, block);
    for (bool ok = af_cursor_first_child(&cur); ok; ok = af_cursor_next_sibling(&cur)) {
        TSNode n = af_cursor_node(&cur);
        if (!ts_node_is_named(n))
            continue;
        if (bs->n >= cap) {   /* sized by the named-child count: grown only should the walk find more */
            cap = cap ? cap * 2 : 16;
            bs->stmts = af_realloc(bs->stmts, cap * sizeof(*bs->stmts));
            bs->starts = af_realloc(bs->starts, cap * sizeof(*bs->starts));
        }
        bs->stmts[bs->n] = n;
        bs->starts[bs->n++] = ts_node_start_byte(n);
    }
    af_cursor_dispose(&cur);
    return bs;
}

const struct af_block_stmts *af_sem_block_stmts(const struct af_file *cfile, TSNode block)
{
    struct af_file *file = (struct af_file *)cfile;   /* a cache: the model does not change */
    struct af_semantic *sem = &file->sem;
    const struct af_site *blocks = sem->blocks.items;
    uint32_t at = ts_node_start_byte(block), lo = 0, hi = sem->blocks.n;
    /* the walk records blocks in document order: sorted by start */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(blocks[mid].node) < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo < sem->blocks.n && ts_node_start_byte(blocks[lo].node) == at && !ts_node_eq(blocks[lo].node, block))
        lo++;
    if (lo == sem->blocks.n || !ts_node_eq(blocks[lo].node, block))
        return NULL;
    if (!sem->block_stmts)
        sem->block_stmts = af_calloc(sem->blocks.n, sizeof(*sem->block_stmts));
    if (!sem->block_stmts[lo])
        sem->block_stmts[lo] = index_block(block, lo);
    return sem->block_stmts[lo];
}

uint32_t af_sem_stmt_at(const struct af_block_stmts *bs, uint32_t byte)
{
    uint32_t lo = af_upper_bound(bs->starts, bs->n, byte);
    return lo ? lo - 1 : UINT32_MAX;
}

uint32_t af_sem_stmt_find(const struct af_block_stmts *bs, TSNode stmt)
{
    uint32_t i = af_sem_stmt_at(bs, ts_node_start_byte(stmt));
    return i != UINT32_MAX && ts_node_eq(bs->stmts[i], stmt) ? i : UINT32_MAX;
}
