#include "asyncfix/atomic.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/file.h"
#include "asyncfix/lang.h"
#include "asyncfix/prune.h"
#include "asyncfix/semantic.h"

enum { READS = 1, WRITES = 2, READ_FIRST = 4 };   /* READ_FIRST (how_used): read at the statement's start */

/* KEY_PARAM: an attribute chain through a parameter; only its read then write splits a section */
enum key_kind { KEY_FILE, KEY_NAME, KEY_ATTR, KEY_PARAM };

struct access {
    uint32_t at;            /* when it happens: a read at its start, an assignment at its end */
    uint32_t start;         /* the node's start: which access it is */
    TSNode node;
    const char *key;        /* the state's text (into the source) */
    uint32_t len;
    enum key_kind kind;
    unsigned how;           /* READS | WRITES */
    uint32_t id;            /* the same for every access to the same state */
    bool known;             /* a file other functions know by the same text (known_path, a literal) */
    bool content;           /* a file's content read or written (open, read_text, write_bytes, ...), which
                               another thread can see half-done; not a query or a change of what it is */
};

/* a file access of another function, to a file other functions know (its key's text) */
struct file_use {
    const char *key;
    uint32_t len;
    unsigned how;
    TSNode fn;              /* the function that makes it */
    int cls;                /* the scope of the class the function is a method of, else -1 */
    bool locked;            /* under an `async with` on a lock the tasks share */
    bool content;           /* reads or writes the content (else a query or a change of what it is) */
};

/* the file accesses of the file's other functions (made when first asked) */
struct file_uses {
    bool made;
    struct file_use *use;
    uint32_t n, cap;
};

/* an open that empties its file (mode "w" or "x"): the write it starts lasts until `until` */
struct truncation {
    uint32_t acc;           /* its access */
    TSNode path;            /* the path expression */
    uint32_t from, until;   /* its statement, to the end of its with statement or of the function */
};

struct pause {
    uint32_t at;            /* other tasks run from here */
    TSNode node;            /* the await or yield, the async with or async for statement */
};

/* a local name bound in the function to shared state (`c = cache`, `d = self.data[k]`) */
struct alias {
    const char *name;
    uint32_t len;
    TSNode key;             /* the state it reaches: a module-level name or a `self`/`cls` attribute */
    enum key_kind kind;
};

struct af_atomic {
    const struct af_file *file;
    TSNode fn;
    int scope;
    struct access *acc;
    uint32_t nacc, acc_cap;
    uint32_t nkeys;         /* how many different states the accesses touch */
    struct pause *pauses;
    uint32_t npauses, pauses_cap;
    struct alias *aliases;
    uint32_t naliases, aliases_cap;
    struct truncation *truncs;
    uint32_t ntruncs, truncs_cap;
    struct file_uses *uses; /* shared by the models of one file (af_atomic_review's cache) */
    bool shallow;           /* a helper's model: its own helpers are not read */
    uint32_t nhelpers;      /* helpers read so far (at most MAX_HELPERS) */
    struct af_buf qual;     /* scratch for qualified names */
};

/* methods that change the container they are called on; those that also return a value read it */
static const char *const mutators[] = {
    "append", "extend", "insert", "remove", "clear", "add", "discard", "update", "sort", "reverse",
    "appendleft", "extendleft", "rotate", "__setitem__", "__delitem__", NULL,
};
/* queues' get_nowait/put_nowait too: they raise QueueEmpty/QueueFull, so what they find is read;
   a DB-API cursor's or connection's execute runs a statement that may read and write the database
   (and replaces the cursor's rows that another task may be fetching) */
static const char *const taking[] = {
    "pop", "popitem", "popleft", "setdefault", "get_nowait", "put_nowait",
    "execute", "executemany", "executescript", NULL,
};

static bool text_in(const char *const *list, const char *s, uint32_t len)
{
    for (; *list; list++)
        if (strlen(*list) == len && memcmp(*list, s, len) == 0)
            return true;
    return false;
}

static void add_pause(struct af_atomic *m, uint32_t at, TSNode node)
{
    AF_ARRAY_GROW(m->pauses, m->npauses, m->pauses_cap);
    m->pauses[m->npauses++] = (struct pause){ at, node };
}

static void add_access(struct af_atomic *m, TSNode node, TSNode key, enum key_kind kind, unsigned how,
                       uint32_t at)
{
    AF_ARRAY_GROW(m->acc, m->nacc, m->acc_cap);
    struct access *a = &m->acc[m->nacc++];
    a->at = at;
    a->start = ts_node_start_byte(node);
    a->node = node;
    a->key = af_node_text(key, m->file->src->data, &a->len);
    a->kind = kind;
    a->how = how;
    a->known = a->content = false;
}

/* an access of a state the code names by no node of its own (`os.environ` that a subprocess reads) */
static void add_access_text(struct af_atomic *m, TSNode node, const char *key, enum key_kind kind, unsigned how,
                            uint32_t at)
{
    AF_ARRAY_GROW(m->acc, m->nacc, m->acc_cap);
    struct access *a = &m->acc[m->nacc++];
    *a = (struct access){ .at = at, .start = ts_node_start_byte(node), .node = node, .key = key,
                          .len = (uint32_t)strlen(key), .kind = kind, .how = how };
}

/*
 * A use how_used found: with READ_FIRST (`x += f()`), a read at the node's
 * start and a write at `at`, two accesses: code that runs in between (f())
 * splits them.
 */
static void add_use(struct af_atomic *m, TSNode node, TSNode key, enum key_kind kind, unsigned how, uint32_t at)
{
    if (how & READ_FIRST) {
        add_access(m, node, key, kind, READS, ts_node_start_byte(node));
        add_access(m, node, key, kind, WRITES, at);
    } else {
        add_access(m, node, key, kind, how, at);
    }
}

/* a pattern that assignment targets pass through on their way to the assignment */
static bool is_target_pattern(TSNode n)
{
    return af_is(n, af_sym.pattern_list) || af_is(n, af_sym.tuple_pattern) || af_is(n, af_sym.list_pattern) ||
           af_is(n, af_sym.list_splat_pattern) || af_is(n, af_sym.tuple) || af_is(n, af_sym.list) ||
           af_is(n, af_sym.expression_list);
}

/* how the state at `node` (whose parent is `p`) is used, and when (*at) */
static unsigned how_used(const struct af_atomic *m, TSNode node, TSNode p, uint32_t *at)
{
    *at = ts_node_start_byte(node);
    TSNode target = node;
    bool item = (af_is(p, af_sym.subscript) && ts_node_eq(af_field_child(p, af_field.value), node)) ||
                (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), node));
    if (item) {
        TSNode gp = ts_node_parent(p);
        if (af_is(p, af_sym.attribute) && af_is(gp, af_sym.call) &&
            ts_node_eq(af_field_child(gp, af_field.function), p)) {
            uint32_t len;
            const char *name = af_node_text(af_field_child(p, af_field.attribute), m->file->src->data, &len);
            *at = ts_node_end_byte(gp);
            if (text_in(mutators, name, len))
                return WRITES;
            return text_in(taking, name, len) ? READS | WRITES : READS;
        }
        target = p;
        p = gp;
    }
    while (is_target_pattern(p)) {
        target = p;
        p = ts_node_parent(p);
    }
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), target)) {
        *at = ts_node_end_byte(p);
        return WRITES;
    }
    if (af_is(p, af_sym.augmented_assignment) && ts_node_eq(af_field_child(p, af_field.left), target)) {
        /* `x += f()` reads x before it runs f(), and writes it after */
        *at = ts_node_end_byte(p);
        return READ_FIRST | READS | WRITES;
    }
    if (af_is(p, af_sym.delete_statement))
        return WRITES;
    if (af_is(p, af_sym.for_statement) && ts_node_eq(af_field_child(p, af_field.left), target))
        return WRITES;
    return READS;
}

/* `self.x` / `cls.x`, and `type(self).x` (the class attribute every instance shares) */
static bool is_self_attribute(const struct af_atomic *m, TSNode node)
{
    TSNode obj = af_unparen(af_field_child(node, af_field.object)), arg;
    const char *src = m->file->src->data;
    if (af_is(obj, af_sym.call) && af_node_items(af_field_child(obj, af_field.arguments), &arg, 1) == 1 &&
        af_sem_refers_to(m->file, af_field_child(obj, af_field.function), m->scope, "builtins.type"))
        obj = arg;
    return af_is(obj, af_sym.identifier) && (af_node_text_is(obj, src, "self") || af_node_text_is(obj, src, "cls"));
}

/*
 * tree-sitter reads `type(self).n = v` (`type(cls).cache[k] = v`) as a type
 * alias whose name is `(self).n`: the class attribute written, keyed by its
 * text from the statement's start (`type(self).n`, as its reads are), else
 * null.
 */
static TSNode type_of_self_written(const struct af_atomic *m, TSNode stmt, uint32_t *len)
{
    const char *src = m->file->src->data;
    uint32_t start = ts_node_start_byte(stmt);
    if (start + 5 > m->file->src->len || memcmp(src + start, "type(", 5) != 0)
        return af_null_node();
    for (TSNode e = af_first_named(af_field_child(stmt, af_field.left));;) {
        if (af_is(e, af_sym.subscript)) {
            e = af_field_child(e, af_field.value);
        } else if (af_is(e, af_sym.attribute)) {
            TSNode obj = af_field_child(e, af_field.object);
            if (!af_is(obj, af_sym.parenthesized_expression)) {
                e = obj;
                continue;
            }
            TSNode id = af_unparen(obj);
            if (!af_is(id, af_sym.identifier) || !(af_node_text_is(id, src, "self") || af_node_text_is(id, src, "cls")))
                return af_null_node();
            *len = ts_node_end_byte(e) - start;
            return e;
        } else {
            return af_null_node();
        }
    }
}

/* a name whose binding, seen from the function, is a module-level variable or a `global` */
static bool is_module_name(const struct af_atomic *m, TSNode id)
{
    uint32_t len;
    const char *name = af_node_text(id, m->file->src->data, &len);
    const struct af_binding *own = af_sem_binding_in(m->file, m->scope, name, len);
    if (own && own->kind == AF_BIND_GLOBAL)
        return true;   /* `global x`, whether or not the module binds x itself */
    const struct af_binding *b = af_sem_lookup(m->file, m->scope, name, len);
    return b && (b->kind == AF_BIND_GLOBAL || (b->kind == AF_BIND_VARIABLE && b->scope == 0) ||
                 (b->kind == AF_BIND_IMPORT && af_is(b->node, af_sym.import_from_statement)));
}

enum root { ROOT_NONE, ROOT_SHARED, ROOT_PARAM };

/*
 * What the identifier an attribute chain starts from makes of the chain's
 * attributes: shared state (ROOT_SHARED) when it is a module (`import state`:
 * `state.counter`), a name a `from` import binds (`from app import Stats`),
 * or a class not made by this call (`Stats.n`); ROOT_PARAM when it is a
 * parameter other than self/cls (`bot.xp`, `ctx.bot.xp`).
 */
static enum root root_of(const struct af_atomic *m, TSNode id)
{
    uint32_t len;
    const char *src = m->file->src->data, *name = af_node_text(id, src, &len);
    const struct af_binding *b = af_sem_lookup(m->file, m->scope, name, len);
    if (!b)
        return ROOT_NONE;
    if (b->kind == AF_BIND_IMPORT || (b->kind == AF_BIND_CLASS && b->scope != m->scope))
        return ROOT_SHARED;
    if (b->kind == AF_BIND_PARAMETER && b->scope == m->scope && !af_node_text_is(id, src, "self") &&
        !af_node_text_is(id, src, "cls"))
        return ROOT_PARAM;
    return ROOT_NONE;
}

/* the root of an attribute chain (`a.b.c`: of a); ROOT_NONE when it does not start at a name */
static enum root chain_root(const struct af_atomic *m, TSNode attr)
{
    while (af_is(attr, af_sym.attribute))
        attr = af_field_child(attr, af_field.object);
    return af_is(attr, af_sym.identifier) ? root_of(m, attr) : ROOT_NONE;
}

/* `node` (whose parent is `p`) is the function a call calls: `mod.f` of `mod.f()` */
static bool is_called(TSNode node, TSNode p)
{
    return af_is(p, af_sym.call) && ts_node_eq(af_field_child(p, af_field.function), node);
}

/*
 * An identifier (whose parent is `p`) that names a value here (not an
 * attribute's name, a keyword, a global declaration)
 */
static bool is_value_name(TSNode id, TSNode p)
{
    if (af_is(p, af_sym.attribute))
        return ts_node_eq(af_field_child(p, af_field.object), id);
    if (af_is(p, af_sym.keyword_argument))
        return !ts_node_eq(af_field_child(p, af_field.name), id);
    return !af_is(p, af_sym.global_statement) && !af_is(p, af_sym.nonlocal_statement);
}

/* the alias a local name is (NULL: none) */
static const struct alias *alias_of(const struct af_atomic *m, TSNode id)
{
    uint32_t len;
    const char *name = af_node_text(id, m->file->src->data, &len);
    for (uint32_t i = 0; i < m->naliases; i++)
        if (m->aliases[i].len == len && memcmp(m->aliases[i].name, name, len) == 0)
            return &m->aliases[i];
    return NULL;
}

/*
 * The shared state an item or attribute chain reaches (`cache`, `cache[k]`,
 * `self.data.rows`, `c[k]` of an alias c): its module-level name or its
 * `self`/`cls` attribute goes to *key; false when the chain starts elsewhere.
 */
static bool shared_root(const struct af_atomic *m, TSNode e, TSNode *key, enum key_kind *kind)
{
    for (;;) {
        e = af_unparen(e);
        if (af_is(e, af_sym.attribute) && (is_self_attribute(m, e) || chain_root(m, e) == ROOT_SHARED)) {
            *key = e;
            *kind = KEY_ATTR;
            return true;
        }
        if (af_is(e, af_sym.attribute))
            e = af_field_child(e, af_field.object);
        else if (af_is(e, af_sym.subscript))
            e = af_field_child(e, af_field.value);
        else
            break;
    }
    if (!af_is(e, af_sym.identifier))
        return false;
    if (is_module_name(m, e)) {
        *key = e;
        *kind = KEY_NAME;
        return true;
    }
    const struct alias *a = alias_of(m, e);
    if (!a)
        return false;
    *key = a->key;
    *kind = a->kind;
    return true;
}

struct alias_walk {
    struct af_atomic *m;
    bool added;
};

/* `c = cache`, `d = self.data`, `rows = d["rows"]`: a local variable (not a parameter) made an alias */
static enum af_walk_next visit_alias(TSNode n, void *ctx)
{
    struct alias_walk *w = ctx;
    struct af_atomic *m = w->m;
    TSSymbol s = ts_node_symbol(n);
    if (s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition)
        return AF_WALK_SKIP;
    if (s != af_sym.assignment)
        /* an assignment is a statement (or in one): no expression holds one */
        return s == af_sym.call || s == af_sym.attribute || s == af_sym.subscript || s == af_sym.string ||
               s == af_sym.concatenated_string || s == af_sym.argument_list || s == af_sym.binary_operator ||
               s == af_sym.boolean_operator || s == af_sym.comparison_operator || s == af_sym.await ||
               s == af_sym.list || s == af_sym.tuple || s == af_sym.dictionary || s == af_sym.set ||
               s == af_sym.parenthesized_expression || s == af_sym.conditional_expression ||
               s == af_sym.list_comprehension || s == af_sym.dictionary_comprehension ||
               s == af_sym.set_comprehension || s == af_sym.generator_expression ||
               s == af_sym.return_statement || s == af_sym.raise_statement || s == af_sym.assert_statement ||
               s == af_sym.import_statement || s == af_sym.import_from_statement || s == af_sym.comment
                   ? AF_WALK_SKIP : AF_WALK_CONTINUE;
    TSNode left = af_field_child(n, af_field.left), right = af_field_child(n, af_field.right);
    /* `a = b = cache`: the inner assignment is visited for b (a walk goes on into it) */
    enum af_walk_next next = af_is(right, af_sym.assignment) ? AF_WALK_CONTINUE : AF_WALK_SKIP;
    while (af_is(right, af_sym.assignment))
        right = af_field_child(right, af_field.right);
    if (!af_is(left, af_sym.identifier) || ts_node_is_null(right) || alias_of(m, left))
        return next;
    uint32_t len;
    const char *name = af_node_text(left, m->file->src->data, &len);
    const struct af_binding *b = af_sem_binding_in(m->file, m->scope, name, len);
    TSNode key;
    enum key_kind kind;
    if (!b || b->kind != AF_BIND_VARIABLE || !shared_root(m, right, &key, &kind))
        return next;
    AF_ARRAY_GROW(m->aliases, m->naliases, m->aliases_cap);
    m->aliases[m->naliases++] = (struct alias){ name, len, key, kind };
    w->added = true;
    return next;
}

/* the function's aliases, wherever they are bound (an alias of an alias too) */
static void find_aliases(struct af_atomic *m, TSNode body)
{
    struct alias_walk w = { m, true };
    for (int round = 0; round < 8 && w.added; round++) {
        w.added = false;
        af_walk(body, visit_alias, &w);
    }
}

struct fresh_walk {
    struct af_atomic *m;
    bool found;
    int depth;              /* locals followed to their value */
};

static TSNode bound_once_to(struct af_atomic *m, TSNode id);

static enum af_walk_next visit_fresh(TSNode n, void *ctx)
{
    struct fresh_walk *w = ctx;
    if (af_is(n, af_sym.identifier) && w->depth < 3) {
        /* a local bound once to a fresh name: `name = f"d_{uuid.uuid4()}"; path = join(tmp, name)` */
        TSNode value = bound_once_to(w->m, n);
        if (!ts_node_is_null(value)) {
            struct fresh_walk inner = { w->m, false, w->depth + 1 };
            af_walk(value, visit_fresh, &inner);
            if (inner.found) {
                w->found = true;
                return AF_WALK_STOP;
            }
        }
        return AF_WALK_CONTINUE;
    }
    if (!af_is(n, af_sym.call))
        return AF_WALK_CONTINUE;
    TSNode fn = af_field_child(n, af_field.function);
    if (af_sem_qualname(&w->m->qual, w->m->file, fn, w->m->scope) == 0 &&
        (strncmp(w->m->qual.ptr, "tempfile.", 9) == 0 || strncmp(w->m->qual.ptr, "uuid.", 5) == 0 ||
         strncmp(w->m->qual.ptr, "secrets.token_", 14) == 0)) {
        w->found = true;
        return AF_WALK_STOP;
    }
    return AF_WALK_CONTINUE;
}

static bool makes_fresh_name(struct af_atomic *m, TSNode expr)
{
    struct fresh_walk w = { m, false, 0 };
    af_walk(expr, visit_fresh, &w);
    return w.found;
}

/*
 * A path no other task knows: it is built by a tempfile or uuid call, or it
 * is (an attribute of) a local name bound once from such a call.
 */
static bool is_fresh_path(struct af_atomic *m, TSNode path)
{
    return makes_fresh_name(m, path);   /* a name bound once to one too: visit_fresh follows it */
}

/* the key of a path expression: a plain string's content, else the expression as written */
static TSNode path_key(TSNode path)
{
    path = af_unparen(path);
    if (af_is(path, af_sym.string) && ts_node_named_child_count(path) == 3 &&
        af_is(ts_node_named_child(path, 1), af_sym.string_content))
        return ts_node_named_child(path, 1);
    return path;
}

/* READS, WRITES or both for open()'s mode argument (null: no mode) */
static unsigned mode_how(const struct af_atomic *m, TSNode mode)
{
    if (ts_node_is_null(mode))
        return READS;
    TSNode content = path_key(mode);
    if (!af_is(content, af_sym.string_content))
        return READS | WRITES;
    uint32_t len;
    const char *t = af_node_text(content, m->file->src->data, &len);
    if (memchr(t, '+', len))
        return READS | WRITES;
    return memchr(t, 'w', len) || memchr(t, 'a', len) || memchr(t, 'x', len) ? WRITES : READS;
}

/* a literal mode that empties or creates the file it opens, without reading it ("w", "wb", "x") */
static bool mode_truncates(const struct af_atomic *m, TSNode mode)
{
    TSNode content = ts_node_is_null(mode) ? mode : path_key(mode);
    if (ts_node_is_null(content) || !af_is(content, af_sym.string_content))
        return false;
    uint32_t len;
    const char *t = af_node_text(content, m->file->src->data, &len);
    return !memchr(t, '+', len) && (memchr(t, 'w', len) || memchr(t, 'x', len));
}

/*
 * An open `call` of `path` (its access made at `node`) that empties its
 * file: the write it starts lasts from its statement until the end of the
 * with statement it opens (the file's last write or its close), else until
 * the end of the function (its handle may be written anywhere after it).
 */
static void add_truncation(struct af_atomic *m, TSNode node, TSNode call, TSNode path, TSNode mode)
{
    if (!mode_truncates(m, mode) || !m->nacc || !ts_node_eq(m->acc[m->nacc - 1].node, node))
        return;
    TSNode item = ts_node_parent(call), with = af_null_node(), stmt = call;
    while (!ts_node_is_null(ts_node_parent(stmt)) && !af_is(ts_node_parent(stmt), af_sym.block) &&
           !ts_node_eq(ts_node_parent(stmt), m->fn))
        stmt = ts_node_parent(stmt);
    while (af_is(item, af_sym.parenthesized_expression))
        item = ts_node_parent(item);
    if (af_is(item, af_sym.as_pattern))
        item = ts_node_parent(item);
    if (af_is(item, af_sym.with_item))
        for (with = ts_node_parent(item); !ts_node_is_null(with) && !af_is(with, af_sym.with_statement);)
            with = ts_node_parent(with);
    AF_ARRAY_GROW(m->truncs, m->ntruncs, m->truncs_cap);
    m->truncs[m->ntruncs++] = (struct truncation){
        m->nacc - 1, af_unparen(path), ts_node_start_byte(stmt),
        ts_node_end_byte(ts_node_is_null(with) ? m->fn : with),
    };
}

/*
 * The path and the mode (null when not given) of `open(path, mode)`, or with
 * `method` of `p.open(mode)` (Path.open: the mode comes first, the path is
 * the receiver, not read here). False when a splat hides them.
 */
static bool open_args(TSNode call, const struct af_file *file, bool method, TSNode *path, TSNode *mode)
{
    TSNode args[8];
    uint32_t n = af_node_items(af_field_child(call, af_field.arguments), args, 8), npos = method ? 1 : 0;
    *path = *mode = af_null_node();
    for (uint32_t i = 0; i < n && i < 8; i++) {
        if (af_is(args[i], af_sym.keyword_argument)) {
            TSNode name = af_field_child(args[i], af_field.name);
            if (af_node_text_is(name, file->src->data, "mode"))
                *mode = af_field_child(args[i], af_field.value);
            else if (!method && af_node_text_is(name, file->src->data, "file"))
                *path = af_field_child(args[i], af_field.value);
            continue;
        }
        if (af_is(args[i], af_sym.list_splat) || af_is(args[i], af_sym.dictionary_splat))
            return false;
        if (npos == 0)
            *path = args[i];
        else if (npos == 1)
            *mode = args[i];
        npos++;
    }
    return true;
}

static bool known_path(const struct af_atomic *m, TSNode e, TSNode parent);
static bool constant_path(struct af_atomic *m, TSNode e, int depth);

/*
 * The path that `str(p)` or `os.fspath(p)` spells as a string: p (the one
 * file either way: `p.is_dir()` then `shutil.rmtree(str(p))`); else `path`.
 */
static TSNode path_of_string(const struct af_atomic *m, TSNode path)
{
    TSNode e = af_unparen(path), arg;
    if (!af_is(e, af_sym.call) ||
        af_node_items(af_field_child(e, af_field.arguments), &arg, 1) != 1 || af_is(arg, af_sym.keyword_argument) ||
        af_is(arg, af_sym.list_splat) || af_is(arg, af_sym.dictionary_splat) ||
        af_is(arg, af_sym.generator_expression))
        return path;
    TSNode fn = af_field_child(e, af_field.function);
    return af_sem_refers_to(m->file, fn, m->scope, "builtins.str") ||
                   af_sem_refers_to(m->file, fn, m->scope, "os.fspath")
               ? arg : path;
}

static void add_file_access(struct af_atomic *m, TSNode node, TSNode path, unsigned how, uint32_t at, bool content)
{
    path = path_of_string(m, path);
    if (is_fresh_path(m, af_unparen(path)))
        return;
    TSNode key = path_key(path);
    add_access(m, node, key, KEY_FILE, how, at);
    m->acc[m->nacc - 1].known = af_is(key, af_sym.string_content) || known_path(m, af_unparen(path), af_null_node()) ||
                                constant_path(m, path, 0);
    m->acc[m->nacc - 1].content = content;
}

/*
 * The functions that query or change the files their first two positional
 * arguments name: a query reads the file (that it exists, its kind, size,
 * times, mode), a change writes it (makes, removes, renames it, or its mode);
 * removing or moving a file reads it too (it fails when the file is gone:
 * another task that removed or moved it in between makes it raise).
 */
struct fs_function {
    const char *qual;
    unsigned how[2];
};
static const struct fs_function fs_functions[] = {
    { "os.path.exists", { READS } }, { "os.path.lexists", { READS } }, { "os.path.isfile", { READS } },
    { "os.path.isdir", { READS } }, { "os.path.islink", { READS } }, { "os.path.ismount", { READS } },
    { "os.path.isjunction", { READS } }, { "os.path.getsize", { READS } }, { "os.path.getmtime", { READS } },
    { "os.path.getatime", { READS } }, { "os.path.getctime", { READS } }, { "os.path.realpath", { READS } },
    { "os.path.samefile", { READS, READS } }, { "os.stat", { READS } }, { "os.lstat", { READS } },
    { "os.access", { READS } }, { "os.readlink", { READS } }, { "os.listdir", { READS } },
    { "os.scandir", { READS } },
    { "os.remove", { READS | WRITES } }, { "os.unlink", { READS | WRITES } }, { "os.rmdir", { READS | WRITES } },
    { "os.removedirs", { READS | WRITES } }, { "os.mkdir", { WRITES } }, { "os.makedirs", { WRITES } },
    { "os.mkfifo", { WRITES } }, { "os.mknod", { WRITES } }, { "os.truncate", { WRITES } },
    { "os.chmod", { WRITES } }, { "os.lchmod", { WRITES } }, { "os.chown", { WRITES } },
    { "os.lchown", { WRITES } }, { "os.utime", { WRITES } }, { "os.rename", { READS | WRITES, WRITES } },
    { "os.renames", { READS | WRITES, WRITES } }, { "os.replace", { READS | WRITES, WRITES } }, { "os.link", { READS, WRITES } },
    { "os.symlink", { 0, WRITES } },
    { "shutil.copy", { READS, WRITES } }, { "shutil.copy2", { READS, WRITES } },
    { "shutil.copyfile", { READS, WRITES } }, { "shutil.copymode", { READS, WRITES } },
    { "shutil.copystat", { READS, WRITES } }, { "shutil.copytree", { READS, WRITES } },
    { "shutil.move", { READS | WRITES, WRITES } }, { "shutil.rmtree", { READS | WRITES } }, { "shutil.chown", { WRITES } },
    { NULL, { 0 } },
};

/* the row of a qualified name; `posixpath.exists` (ntpath, genericpath) is `os.path.exists` */
static const struct fs_function *fs_function_of(const char *qual, uint32_t len)
{
    static const char *const os_paths[] = { "posixpath.", "ntpath.", "genericpath.", NULL };
    for (const char *const *p = os_paths; *p; p++) {
        uint32_t pl = (uint32_t)strlen(*p);
        if (len > pl && memcmp(qual, *p, pl) == 0) {
            for (const struct fs_function *f = fs_functions; f->qual; f++)
                if (strncmp(f->qual, "os.path.", 8) == 0 && strlen(f->qual + 8) == len - pl &&
                    memcmp(f->qual + 8, qual + pl, len - pl) == 0)
                    return f;
            return NULL;
        }
    }
    for (const struct fs_function *f = fs_functions; f->qual; f++)
        if (strlen(f->qual) == len && memcmp(f->qual, qual, len) == 0)
            return f;
    return NULL;
}

/* the accesses of `f` called with the arguments args[0..n) (a splat hides the rest) */
static void fs_args_access(struct af_atomic *m, TSNode node, const struct fs_function *f, const TSNode *args,
                           uint32_t n, uint32_t at)
{
    for (uint32_t i = 0, npos = 0; i < n && npos < 2; i++) {
        if (af_is(args[i], af_sym.list_splat) || af_is(args[i], af_sym.dictionary_splat))
            return;
        if (af_is(args[i], af_sym.keyword_argument))
            continue;
        if (f->how[npos])
            add_file_access(m, node, args[i], f->how[npos], at, false);
        npos++;
    }
}

/*
 * The process's own state, which every task shares: its current folder and
 * its environment. A child process reads both (subprocess, os.system,
 * os.popen), os.chdir writes the folder, os.putenv/unsetenv the environment
 * (`os.environ[k] = v` is an access of `os.environ` as written). A task that
 * changes one and then starts a child in a worker thread lets another task
 * change it in between.
 */
static void process_access(struct af_atomic *m, TSNode call, const char *qual, uint32_t len)
{
    static const char *const children[] = {
        "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
        "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen",
        "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnv", "os.spawnve", "os.spawnvp", "os.posix_spawn",
        "os.posix_spawnp", NULL,
    };
    static const char *const cwd_writes[] = { "os.chdir", "os.fchdir", NULL };
    static const char *const env_reads[] = { "os.getenv", "os.getenvb", NULL };
    static const char *const env_writes[] = { "os.putenv", "os.unsetenv", NULL };
    uint32_t at = ts_node_end_byte(call);
    if (text_in(children, qual, len)) {
        add_access_text(m, call, "os.getcwd()", KEY_ATTR, READS, at);
        add_access_text(m, call, "os.environ", KEY_ATTR, READS, at);
    } else if (text_in(cwd_writes, qual, len)) {
        add_access_text(m, call, "os.getcwd()", KEY_ATTR, WRITES, at);
    } else if (len == 9 && !memcmp(qual, "os.getcwd", 9)) {
        add_access_text(m, call, "os.getcwd()", KEY_ATTR, READS, at);
    } else if (text_in(env_reads, qual, len)) {
        add_access_text(m, call, "os.environ", KEY_ATTR, READS, at);
    } else if (text_in(env_writes, qual, len)) {
        add_access_text(m, call, "os.environ", KEY_ATTR, WRITES, at);
    }
}

/*
 * `open(p, mode)`, and its async forms that a fix writes (aiofiles.open,
 * trio/anyio.open_file); `os.path.exists(p)`, `os.remove(p)` and the other
 * fs_functions, called or passed with their arguments to a worker thread
 * (`asyncio.to_thread(os.path.exists, p)`, as a fix writes it)
 */
static void call_access(struct af_atomic *m, TSNode call)
{
    static const char *const openers[] = {
        "builtins.open", "aiofiles.open", "trio.open_file", "anyio.open_file", NULL,
    };
    TSNode fn = af_field_child(call, af_field.function), path, mode, args[8];
    uint32_t n = af_node_items(af_field_child(call, af_field.arguments), args, 8);
    if (n > 8)
        n = 8;
    if (af_sem_qualname(&m->qual, m->file, fn, m->scope) == 0) {
        process_access(m, call, m->qual.ptr, (uint32_t)m->qual.size);
        const struct fs_function *f = fs_function_of(m->qual.ptr, (uint32_t)m->qual.size);
        if (f) {
            fs_args_access(m, call, f, args, n, ts_node_end_byte(call));
            return;
        }
        if (text_in(openers, m->qual.ptr, (uint32_t)m->qual.size)) {
            if (open_args(call, m->file, false, &path, &mode) && !ts_node_is_null(path)) {
                add_file_access(m, call, path, mode_how(m, mode), ts_node_end_byte(call), true);
                add_truncation(m, call, call, path, mode);
            }
            return;
        }
    }
    for (uint32_t i = 0; i + 1 < n; i++) {
        TSNode a = af_unparen(args[i]);
        const struct fs_function *f;
        if ((af_is(a, af_sym.attribute) || af_is(a, af_sym.identifier)) &&
            af_sem_qualname(&m->qual, m->file, a, m->scope) == 0 &&
            (f = fs_function_of(m->qual.ptr, (uint32_t)m->qual.size))) {
            fs_args_access(m, a, f, args + i + 1, n - i - 1, ts_node_end_byte(call));
            return;
        }
    }
}

/* the path a Path method is called on: p of `Path(p)`, else the value itself (null: no single argument) */
static TSNode path_of(const struct af_atomic *m, TSNode value)
{
    value = af_unparen(value);
    if (af_is(value, af_sym.call) &&
        af_sem_refers_to(m->file, af_field_child(value, af_field.function), m->scope, "pathlib.Path")) {
        TSNode arg;
        return af_node_items(af_field_child(value, af_field.arguments), &arg, 1) == 1 ? arg : af_null_node();
    }
    return value;
}

/*
 * `Path(p).read_text`, `p.exists`, `p.unlink`: called, or passed to a worker
 * thread (`asyncio.to_thread(Path(p).read_text)`, as a fix writes it); read:
 * read_text, read_bytes and the queries (exists, is_file, stat, ...);
 * written: write_text, write_bytes and the changes (touch, mkdir, unlink, ...);
 * `p.rename(q)` / `p.replace(q)` with one argument (str.replace takes two)
 * writes p and q; `p.open(mode)` called on a value. Any value that is not a
 * module or a class: a read and a write through one name are taken as one
 * file's, which errs on the side of calling a fix unsafe.
 */
static void path_method_access(struct af_atomic *m, TSNode attr)
{
    static const char *const reads[] = {
        "read_text", "read_bytes", "exists", "is_file", "is_dir", "is_symlink", "is_mount", "is_junction",
        "stat", "lstat", "owner", "group", "readlink", "resolve", "samefile", NULL,
    };
    static const char *const writes[] = {
        "write_text", "write_bytes", "touch", "mkdir", "chmod", "lchmod", "symlink_to", "hardlink_to", NULL,
    };
    static const char *const removes[] = { "unlink", "rmdir", NULL };   /* they read it too: it must be there */
    static const char *const moves[] = { "rename", "replace", NULL };
    static const char *const contents[] = { "read_text", "read_bytes", "write_text", "write_bytes", NULL };
    const struct af_file *file = m->file;
    uint32_t len;
    const char *name = af_node_text(af_field_child(attr, af_field.attribute), file->src->data, &len);
    bool open = len == 4 && !memcmp(name, "open", 4), move = text_in(moves, name, len);
    unsigned how = text_in(reads, name, len) ? READS
                   : text_in(removes, name, len) || move ? READS | WRITES
                   : text_in(writes, name, len) ? WRITES : 0;
    if (!how && !open)
        return;
    TSNode fn = attr, call = ts_node_parent(attr), mode = af_null_node(), target = af_null_node();
    while (af_is(call, af_sym.parenthesized_expression)) {   /* `(p.open)("w")` */
        fn = call;
        call = ts_node_parent(call);
    }
    bool called = af_is(call, af_sym.call) && ts_node_eq(af_field_child(call, af_field.function), fn);
    if (af_sem_qualname(&m->qual, file, attr, m->scope) == 0) {
        /* `os.stat(p)` is the call's (call_access); a function of a module or class (`io.open`,
           `os.open`, `Path.open`, `dataclasses.replace`) is not a call on a path */
        if (open || move || fs_function_of(m->qual.ptr, (uint32_t)m->qual.size))
            return;
    }
    if (open) {
        if (!called)
            return;
        TSNode unused;
        if (open_args(call, file, true, &unused, &mode)) {
            how = mode_how(m, mode);
        } else {
            how = READS | WRITES;
            mode = af_null_node();
        }
    }
    if (move) {
        /* the arguments: the call's, or those after the method passed to a worker thread */
        TSNode args[8], *after = args;
        uint32_t n = 0;
        if (called) {
            n = af_node_items(af_field_child(call, af_field.arguments), args, 8);
        } else if (af_is(call, af_sym.argument_list) && (n = af_node_items(call, args, 8)) <= 8) {
            uint32_t i = 0;
            while (i < n && !ts_node_eq(args[i], fn))
                i++;
            after = args + i + 1;
            n = i < n ? n - i - 1 : 0;
        }
        if (n != 1 || af_is(after[0], af_sym.keyword_argument) || af_is(after[0], af_sym.list_splat) ||
            af_is(after[0], af_sym.dictionary_splat))
            return;
        target = path_of(m, after[0]);
    }
    TSNode path = path_of(m, af_field_child(attr, af_field.object));
    if (ts_node_is_null(path))
        return;
    TSNode p = ts_node_parent(attr);
    TSNode at = af_is(p, af_sym.call) ? p : attr;
    if (af_is(p, af_sym.argument_list))
        at = ts_node_parent(p);
    add_file_access(m, attr, path, how, ts_node_end_byte(at), open || text_in(contents, name, len));
    if (open)
        add_truncation(m, attr, call, path, mode);
    if (!ts_node_is_null(target))
        add_file_access(m, attr, target, WRITES, ts_node_end_byte(at), false);
}

static struct af_atomic *model_in(const struct af_file *file, TSNode fn, int scope, bool shallow);

/* a key through self or cls: the same text is the same file in one class's methods only */
static bool through_self(const char *key, uint32_t len)
{
    return (len > 5 && !memcmp(key, "self.", 5)) || (len > 4 && !memcmp(key, "cls.", 4));
}

#define MAX_HELPERS 16

/*
 * The sync def a name or `self.name` calls or reads here (a method or
 * property of the function's class, a def of the module), or a null node.
 */
static TSNode helper_def(const struct af_atomic *m, TSNode node, int *scope)
{
    uint32_t len;
    const char *name;
    int in = -1;
    if (af_is(node, af_sym.attribute)) {
        if ((in = af_sem_method_class(m->file, m->scope)) < 0)
            return af_null_node();
        name = af_node_text(af_field_child(node, af_field.attribute), m->file->src->data, &len);
    } else {
        name = af_node_text(node, m->file->src->data, &len);
    }
    const struct af_binding *b = in >= 0 ? af_sem_binding_in(m->file, in, name, len)
                                          : af_sem_lookup(m->file, m->scope, name, len);
    if (!b || b->kind != AF_BIND_FUNCTION || b->mixed || (in < 0 && b->scope != 0) ||
        !af_is(b->node, af_sym.function_definition) || (*scope = af_sem_scope_of(m->file, b->node)) < 0)
        return af_null_node();
    return b->node;
}

/*
 * What a helper's body does to shared state happens at the call (or the
 * property's read) `at_node`: `if not self.full(): ... self.items.append(x)`
 * reads self.items through full(). One level: the helper's own code, its
 * self/cls attributes, module-level names and files other code knows. A
 * state the helper reads and writes is a read: it checks it again itself.
 */
static void helper_access(struct af_atomic *m, TSNode node, TSNode at_node)
{
    int scope = 0;
    if (m->shallow || m->nhelpers >= MAX_HELPERS)
        return;
    TSNode def = helper_def(m, node, &scope);
    if (ts_node_is_null(def) || ts_node_eq(def, m->fn))
        return;
    m->nhelpers++;
    struct af_atomic *o = model_in(m->file, def, scope, true);
    uint32_t at = ts_node_end_byte(at_node);
    /* a state the helper both reads and writes it checks itself, with no pause between
       (`if k not in self.d: self.d[k] = make()`): its write is no lost update of what the caller read */
    unsigned *both = af_calloc(o->nkeys ? o->nkeys : 1, sizeof(*both));
    for (uint32_t i = 0; i < o->nacc; i++)
        both[o->acc[i].id] |= o->acc[i].how;
    for (uint32_t i = 0; i < o->nacc; i++) {
        const struct access *a = &o->acc[i];
        if (!((a->kind == KEY_ATTR && through_self(a->key, a->len)) || a->kind == KEY_NAME ||
              (a->kind == KEY_FILE && a->known)))
            continue;
        AF_ARRAY_GROW(m->acc, m->nacc, m->acc_cap);
        struct access *c = &m->acc[m->nacc++];
        *c = *a;
        c->at = at;
        c->start = ts_node_start_byte(at_node);
        c->node = at_node;
        if (both[a->id] == (READS | WRITES))
            c->how = READS;
    }
    free(both);
    af_atomic_free(o);
}

/* the function's code under `node`, whose parent is `parent` (ts_node_parent descends from the root) */
static void visit(struct af_atomic *m, TSNode node, TSNode parent)
{
    TSSymbol s = ts_node_symbol(node);
    uint32_t at, len = 0;
    enum root root;
    TSNode written;
    if (s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition)
        return;   /* another function's code */
    if (s == af_sym.await || s == af_sym.yield) {
        add_pause(m, ts_node_end_byte(node), node);
    } else if ((s == af_sym.with_statement || s == af_sym.for_statement) && af_node_is_async(node)) {
        TSNode body = af_field_child(node, af_field.body);
        if (!ts_node_is_null(body))
            add_pause(m, ts_node_start_byte(body), node);
        add_pause(m, ts_node_end_byte(node) + 1, node);   /* after the body's last assignment */
    } else if (s == af_sym.type_alias_statement &&
               !ts_node_is_null(written = type_of_self_written(m, node, &len))) {
        add_access(m, written, written, KEY_ATTR, WRITES, ts_node_end_byte(node));
        m->acc[m->nacc - 1].key = m->file->src->data + ts_node_start_byte(node);
        m->acc[m->nacc - 1].len = len;
        TSNode right = af_field_child(node, af_field.right);
        if (!ts_node_is_null(right))
            visit(m, right, node);
        return;
    } else if (s == af_sym.attribute && is_self_attribute(m, node)) {
        unsigned how = how_used(m, node, parent, &at);
        add_use(m, node, node, KEY_ATTR, how, at);
        helper_access(m, node, is_called(node, parent) ? parent : node);   /* a method or a property */
        return;
    } else if (s == af_sym.attribute && !is_called(node, parent) && (root = chain_root(m, node)) != ROOT_NONE) {
        /* the longest chain through a module, class or parameter that is not a function it calls
           (`state.counter` of `state.counter[k] = v`, `bot.xp` of `bot.xp.get(u)`) */
        unsigned how = how_used(m, node, parent, &at);
        add_use(m, node, node, root == ROOT_PARAM ? KEY_PARAM : KEY_ATTR, how, at);
        path_method_access(m, node);
        return;
    } else if (s == af_sym.identifier) {
        const struct alias *a;
        if (!is_value_name(node, parent))
            return;
        if (is_called(node, parent))
            helper_access(m, node, parent);   /* a def of the module */
        if (is_module_name(m, node)) {
            unsigned how = how_used(m, node, parent, &at);
            add_use(m, node, node, KEY_NAME, how, at);
        } else if ((a = alias_of(m, node))) {
            /* through an alias: its item or attribute set, a mutator called on it, any read; binding
               the local itself again (`c = ...`, `for c in`, `del c`) is no access of the state */
            unsigned how = how_used(m, node, parent, &at);
            bool through = af_is(parent, af_sym.attribute) ||   /* its object (is_value_name) */
                           (af_is(parent, af_sym.subscript) &&
                            ts_node_eq(node, af_field_child(parent, af_field.value)));
            if (through || (how & READS))
                add_use(m, node, a->key, a->kind, how, at);
        }
        return;
    } else if (s == af_sym.attribute) {
        path_method_access(m, node);
    } else if (s == af_sym.call) {
        call_access(m, node);
    }
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++)
        visit(m, ts_node_named_child(node, i), node);
}

static int cmp_state(const struct access *x, const struct access *y)
{
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp(x->key, y->key, x->len);
}

static int cmp_access_index(const void *a, const void *b, void *ctx)
{
    const struct access *acc = ctx;
    const uint32_t *x = a, *y = b;
    int c = cmp_state(&acc[*x], &acc[*y]);
    return c ? c : (*x < *y ? -1 : *x > *y);
}

/* gives each access the number of its state (sorting the accesses by state once) */
static void number_states(struct af_atomic *m)
{
    if (!m->nacc)
        return;
    uint32_t *order = af_malloc(m->nacc * sizeof(*order));
    for (uint32_t i = 0; i < m->nacc; i++)
        order[i] = i;
    qsort_r(order, m->nacc, sizeof(*order), cmp_access_index, m->acc);
    for (uint32_t i = 0; i < m->nacc; i++) {
        if (i > 0 && cmp_state(&m->acc[order[i - 1]], &m->acc[order[i]]) != 0)
            m->nkeys++;
        m->acc[order[i]].id = m->nkeys;
    }
    m->nkeys++;
    free(order);
}

static int cmp_pause(const void *a, const void *b)
{
    const struct pause *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* the model of `fn`, whose scope is `scope` */
static struct af_atomic *model_in(const struct af_file *file, TSNode fn, int scope, bool shallow)
{
    struct af_atomic *m = af_calloc(1, sizeof(*m));
    m->file = file;
    m->fn = fn;
    m->shallow = shallow;
    m->uses = af_calloc(1, sizeof(*m->uses));
    m->scope = scope;
    TSNode body = af_field_child(fn, af_field.body);
    if (!ts_node_is_null(body)) {
        find_aliases(m, body);
        visit(m, body, fn);
    }
    if (m->npauses)
        qsort(m->pauses, m->npauses, sizeof(*m->pauses), cmp_pause);
    number_states(m);
    return m;
}

struct af_atomic *af_atomic_new(const struct af_file *file, TSNode fn)
{
    int scope = af_sem_scope_of(file, fn);
    return model_in(file, fn, scope < 0 ? 0 : scope, false);
}

void af_atomic_free(struct af_atomic *model)
{
    if (!model)
        return;
    free(model->acc);
    free(model->pauses);
    free(model->aliases);
    free(model->truncs);
    free(model->uses->use);
    free(model->uses);
    af_buf_dispose(&model->qual);
    free(model);
}

TSNode af_atomic_function(const struct af_atomic *model)
{
    return model->fn;
}

TSNode af_atomic_function_at(const struct af_file *file, uint32_t start, uint32_t end)
{
    TSNode n = ts_node_descendant_for_byte_range(file->root, start, end > start ? end : start);
    for (; !ts_node_is_null(n); n = ts_node_parent(n)) {
        TSSymbol s = ts_node_symbol(n);
        if (s == af_sym.lambda || s == af_sym.class_definition)
            break;
        if (s == af_sym.function_definition)
            return af_node_is_async(n) ? n : af_null_node();
    }
    return af_null_node();
}

/* ---- the section around new suspension points ---- */

/* the nodes from the new code up to the function: the path a pause must lie on to bound the section */
struct chain {
    TSNode *nodes;
    uint32_t n, cap;
};

static bool in_chain(const struct chain *c, TSNode n)
{
    for (uint32_t i = 0; i < c->n; i++)
        if (ts_node_eq(c->nodes[i], n))
            return true;
    return false;
}

/* code under it may not run, or run many times, on the way to code beside it */
static bool is_conditional(TSNode n)
{
    TSSymbol s = ts_node_symbol(n);
    return s == af_sym.if_statement || s == af_sym.elif_clause || s == af_sym.else_clause ||
           s == af_sym.for_statement || s == af_sym.while_statement || s == af_sym.except_clause ||
           s == af_sym.except_group_clause || s == af_sym.conditional_expression ||
           s == af_sym.boolean_operator || s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
           s == af_sym.dictionary_comprehension || s == af_sym.generator_expression ||
           s == af_sym.match_statement || s == af_sym.case_clause;
}

/* true when the pause runs on every path between the new code and the code beside it */
static bool is_definite(const struct chain *c, TSNode pause)
{
    if (in_chain(c, pause))
        return true;
    for (TSNode n = ts_node_parent(pause); !ts_node_is_null(n); n = ts_node_parent(n)) {
        if (is_conditional(n))
            return false;
        if (in_chain(c, n))
            return true;
    }
    return false;
}

/* a definite pause outside [start, end) with at in [lo, hi] */
/* the index of the first pause at or after `byte` (pauses are sorted) */
static uint32_t first_pause_from(const struct af_atomic *m, uint32_t byte)
{
    uint32_t lo = 0, hi = m->npauses;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->pauses[mid].at < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* a definite pause outside (start, end) with at in [lo, hi] */
static bool pause_within(const struct af_atomic *m, const struct chain *c, uint32_t start, uint32_t end,
                         uint32_t lo, uint32_t hi)
{
    for (uint32_t i = first_pause_from(m, lo); i < m->npauses && m->pauses[i].at <= hi; i++) {
        const struct pause *p = &m->pauses[i];
        if ((p->at <= start || p->at >= end) && is_definite(c, p->node))
            return true;
    }
    return false;
}

/* which side of the new code an access lies on: bit 1 before it, bit 2 after it */
enum { BEFORE = 1, AFTER = 2 };

struct section {
    uint32_t start, end;      /* the new code */
    uint32_t lo, hi;          /* the definite pauses around it */
    const struct chain *chain;/* from the new code up to the function */
    bool branched;            /* the new code lies in a branch of an if or match */
    bool paused;              /* the new code holds a definite pause of its own: what runs before
                                 it and what runs after it were already apart */
};

/* an access the new code itself makes (its pauses may fall on either side of it) */
static bool in_new_code(const struct section *s, const struct access *a)
{
    return (a->at >= s->start && a->at < s->end) || (a->start >= s->start && a->start < s->end);
}

/* a branch of an if or match statement (`p` its parent): the condition is not one */
static bool is_branch(TSNode n, TSNode p)
{
    if (af_is(p, af_sym.if_statement) || af_is(p, af_sym.elif_clause))
        return !ts_node_eq(af_field_child(p, af_field.condition), n);
    return af_is(n, af_sym.case_clause);
}

/*
 * True when `node` lies in another branch of an if/elif/else or match that
 * the new code is in. Its lowest ancestor on the chain is where its path down
 * from the chain's top leaves the chain: one descent (ts_node_parent descends
 * from the root for every step up).
 */
static bool in_other_branch(const struct chain *c, TSNode node)
{
    if (!c->n)
        return false;
    uint32_t k = c->n - 1;   /* the chain's node the path has reached */
    for (;;) {
        TSNode next = ts_node_child_with_descendant(c->nodes[k], node);
        if (ts_node_is_null(next))
            return false;   /* not under the chain's top */
        if (k > 0 && ts_node_eq(next, c->nodes[k - 1]) && !ts_node_eq(next, node)) {
            k--;
            continue;
        }
        if (k == 0)
            return false;   /* under the new code itself */
        TSNode mine = c->nodes[k - 1];
        return !ts_node_eq(mine, next) && is_branch(mine, c->nodes[k]) && is_branch(next, c->nodes[k]);
    }
}

static unsigned side_of(const struct section *s, const struct access *a)
{
    if (in_new_code(s, a))
        return BEFORE | AFTER;
    unsigned side = 0;
    if (a->at < s->start && a->at >= s->lo)
        side |= BEFORE;
    if (a->at >= s->end && a->at < s->hi)
        side |= AFTER;
    return side && !(s->branched && in_other_branch(s->chain, a->node)) ? side : 0;
}

/* what the section does to one state outside the new code: bits of READS | WRITES, before and after it */
struct state_use {
    unsigned before, after;
};

/* the hazard of access `a` followed by `b`, both by the new code or one of them */
static enum af_atomic_hazard pair_of(const struct access *a, const struct access *b)
{
    if ((a->how & READS) && (b->how & WRITES))
        return AF_ATOMIC_READ_WRITE;
    if ((a->how & WRITES) && (b->how & READS))
        return AF_ATOMIC_WRITE_READ;
    return AF_ATOMIC_NONE;
}

/* a parameter's attribute splits a section by its read then its write only */
static enum af_atomic_hazard of_state(const struct access *a, enum af_atomic_hazard h)
{
    return a->kind == KEY_PARAM && h != AF_ATOMIC_READ_WRITE ? AF_ATOMIC_NONE : h;
}

/* the hazard of a state used `before` and then `after` the new code (bits of READS | WRITES) */
static enum af_atomic_hazard uses_of(unsigned before, unsigned after)
{
    if ((before & READS) && (after & WRITES))
        return AF_ATOMIC_READ_WRITE;
    if ((before & WRITES) && (after & READS))
        return AF_ATOMIC_WRITE_READ;
    return AF_ATOMIC_NONE;
}

/* pairs that involve the new code's own accesses (few): with each other, then with the rest */
static enum af_atomic_hazard pair_with_new(const struct af_atomic *m, const uint32_t *mine, uint32_t nmine,
                                           const struct state_use *use, const struct access **out)
{
    for (uint32_t i = 0; i < nmine; i++) {
        const struct access *a = &m->acc[mine[i]];
        enum af_atomic_hazard h = AF_ATOMIC_NONE;
        if (a->kind == KEY_FILE && a->content && a->how == (READS | WRITES))
            h = AF_ATOMIC_READ_WRITE;   /* a file opened for update, its reads and writes awaited (not a
                                           removal, which reads and writes it in one system call) */
        for (uint32_t j = 0; j < nmine && !h; j++) {
            const struct access *b = &m->acc[mine[j]];
            if (j != i && a->id == b->id && b->at >= a->at)
                h = of_state(a, pair_of(a, b));
        }
        if (!h)
            h = of_state(a, uses_of(use[a->id].before, a->how));
        if (!h)
            h = of_state(a, uses_of(a->how, use[a->id].after));
        if (h) {
            *out = a;
            return h;
        }
    }
    return AF_ATOMIC_NONE;
}

/*
 * What the code says a guard is, from the values it is bound to: a lock
 * (one holder at a time), something more than one task may hold at once
 * (a semaphore, a capacity limiter), or neither.
 */
enum { GUARD_LOCK = 1, GUARD_SHARED_HOLD = 2, GUARD_THREAD = 4 };

/* the locks a thread holds: a task that pauses holding one holds it for the event loop's thread */
static const char *const thread_lock_types[] = {
    "threading.Lock", "threading.RLock", "threading.Condition", "threading.Semaphore",
    "threading.BoundedSemaphore", "_thread.allocate_lock", "_thread.LockType", "_thread.RLock", NULL,
};

static const char *const lock_types[] = {
    "asyncio.Lock", "asyncio.Condition", "trio.Lock", "trio.StrictFIFOLock", "trio.Condition",
    "anyio.Lock", "anyio.Condition", NULL,
};

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_letter(char c)
{
    return is_upper(c) || (c >= 'a' && c <= 'z');
}

/*
 * A name that says lock by a whole word: `lock`, `_lock`, `db_lock`, `lock2`,
 * `writeLock`, `DBLock`, `LOCKS`, `mutex`; not `unlocked`, `clock_cm`,
 * `blocked`, nor a read lock (`reader_lock`: many readers hold it at once).
 * Words are runs of letters, split before a capital that follows a small
 * letter or that starts a capitalised word (`DB|Lock`).
 */
static bool names_lock(const char *text, uint32_t len)
{
    static const char *const words[] = { "lock", "locks", "mutex", "mutexes", NULL };
    static const char *const shared[] = { "read", "reader", "readers", NULL };
    bool lock = false;
    uint32_t i = 0;
    while (i < len) {
        if (!is_letter(text[i])) {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        while (j < len && is_letter(text[j]) &&
               !(is_upper(text[j]) && (!is_upper(text[j - 1]) || (j + 1 < len && is_letter(text[j + 1]) &&
                                                                  !is_upper(text[j + 1])))))
            j++;
        char word[16];
        uint32_t n = j - i < sizeof(word) ? j - i : 0;
        for (uint32_t k = 0; k < n; k++)
            word[k] = (char)(is_upper(text[i + k]) ? text[i + k] - 'A' + 'a' : text[i + k]);
        if (n && text_in(shared, word, n))
            return false;
        lock = lock || (n && text_in(words, word, n));
        i = j;
    }
    return lock;
}

struct evidence_walk {
    const struct af_atomic *m;
    struct af_buf qual;
    unsigned found;
};

static void evidence_of(const struct af_atomic *m, TSNode expr, unsigned *found);

static enum af_walk_next visit_evidence(TSNode n, void *ctx)
{
    struct evidence_walk *w = ctx;
    if (!af_is(n, af_sym.attribute) && !af_is(n, af_sym.identifier))
        return AF_WALK_CONTINUE;
    if (af_sem_qualname(&w->qual, w->m->file, n, w->m->scope) == 0) {
        const char *q = w->qual.ptr, *last = strrchr(q, '.');
        last = last ? last + 1 : q;
        if (text_in(thread_lock_types, q, (uint32_t)strlen(q)))
            w->found |= GUARD_THREAD;
        else if (text_in(lock_types, q, (uint32_t)strlen(q)))
            w->found |= GUARD_LOCK;
        else if (strstr(last, "Semaphore") || strstr(last, "Limiter"))
            w->found |= GUARD_SHARED_HOLD;
    }
    return af_is(n, af_sym.attribute) ? AF_WALK_SKIP : AF_WALK_CONTINUE;
}

/* what the names `expr` refers to say of a guard, or-ed into *found */
static void evidence_of(const struct af_atomic *m, TSNode expr, unsigned *found)
{
    if (ts_node_is_null(expr))
        return;
    struct evidence_walk w = { m, AF_BUF_INIT, 0 };
    af_walk(expr, visit_evidence, &w);
    af_buf_dispose(&w.qual);
    *found |= w.found;
}

/* what the value (and annotation) an assignment or parameter binds says of the guard */
static unsigned binding_evidence(const struct af_atomic *m, TSNode bound)
{
    unsigned found = 0;
    for (int i = 0; i < 4 && !ts_node_is_null(bound); i++, bound = ts_node_parent(bound)) {
        if (af_is(bound, af_sym.assignment) || af_is(bound, af_sym.typed_parameter) ||
            af_is(bound, af_sym.default_parameter) || af_is(bound, af_sym.typed_default_parameter)) {
            evidence_of(m, af_field_child(bound, af_field.type), &found);
            evidence_of(m, af_field_child(bound, af_is(bound, af_sym.assignment) ? af_field.right : af_field.value),
                        &found);
            break;
        }
        if (af_is(bound, af_sym.block) || af_is(bound, af_sym.function_definition))
            break;
    }
    return found;
}

struct attr_walk {
    const struct af_atomic *m;
    const char *name;
    uint32_t len;
    TSNode body;             /* the class body: its own `name = ...` too */
    unsigned found;
};

static enum af_walk_next visit_attr_binding(TSNode n, void *ctx)
{
    struct attr_walk *w = ctx;
    if (!af_is(n, af_sym.assignment))
        return AF_WALK_CONTINUE;
    TSNode left = af_field_child(n, af_field.left), name = af_null_node();
    if (af_is(left, af_sym.attribute) && is_self_attribute(w->m, left))
        name = af_field_child(left, af_field.attribute);
    else if (af_is(left, af_sym.identifier) && ts_node_eq(ts_node_parent(ts_node_parent(n)), w->body))
        name = left;
    uint32_t len;
    const char *text = ts_node_is_null(name) ? NULL : af_node_text(name, w->m->file->src->data, &len);
    if (text && len == w->len && memcmp(text, w->name, len) == 0)
        w->found |= binding_evidence(w->m, left);
    return AF_WALK_CONTINUE;
}

/* what the class of the function binds to `self.x` / `cls.x` / its own `x` says of `self.x` */
static unsigned attribute_evidence(const struct af_atomic *m, TSNode attr)
{
    TSNode cls = ts_node_parent(m->fn);
    while (!ts_node_is_null(cls) && !af_is(cls, af_sym.class_definition))
        cls = ts_node_parent(cls);
    if (ts_node_is_null(cls))
        return 0;
    TSNode body = af_field_child(cls, af_field.body);
    if (ts_node_is_null(body))
        return 0;
    struct attr_walk w = { m, NULL, 0, body, 0 };
    w.name = af_node_text(af_field_child(attr, af_field.attribute), m->file->src->data, &w.len);
    af_walk(body, visit_attr_binding, &w);
    return w.found;
}

static bool shared_between_calls(const struct af_atomic *m, TSNode e, unsigned *evidence, bool *word, int depth);

/*
 * True when the value of `e` is not made by this call of the function: a
 * name bound at module level, in an enclosing function, as a parameter or
 * `global`, an attribute or item of one (`self._lock`, `LOCKS[key]`), or a
 * local bound once to such a value (`lock = self._lock`,
 * `lock = LOCKS.setdefault(key, asyncio.Lock())`); never a local made here
 * (`lock = asyncio.Lock()`) nor a call's result. What the bindings seen on
 * the way say of a lock goes to *evidence; *word: the last name (`_lock` of
 * `self._lock`, `lock` of `lock`) says lock.
 */
static bool shared_between_calls(const struct af_atomic *m, TSNode e, unsigned *evidence, bool *word, int depth)
{
    e = af_unparen(e);
    if (depth > 4)
        return false;
    bool dummy = false;
    if (af_is(e, af_sym.subscript))
        return shared_between_calls(m, af_field_child(e, af_field.value), evidence, word, depth + 1);
    if (af_is(e, af_sym.call)) {
        /* `LOCKS.setdefault(key, asyncio.Lock())`: the item kept in a shared container */
        TSNode fn = af_unparen(af_field_child(e, af_field.function));
        if (!af_is(fn, af_sym.attribute) ||
            !af_node_text_is(af_field_child(fn, af_field.attribute), m->file->src->data, "setdefault"))
            return false;
        evidence_of(m, af_field_child(e, af_field.arguments), evidence);
        return shared_between_calls(m, af_field_child(fn, af_field.object), evidence, word, depth + 1);
    }
    const char *src = m->file->src->data;
    uint32_t len;
    if (af_is(e, af_sym.attribute)) {
        const char *name = af_node_text(af_field_child(e, af_field.attribute), src, &len);
        *word = *word || names_lock(name, len);
        if (is_self_attribute(m, e))
            *evidence |= attribute_evidence(m, e);
        unsigned ignored = 0;
        return shared_between_calls(m, af_field_child(e, af_field.object), &ignored, &dummy, depth + 1);
    }
    if (!af_is(e, af_sym.identifier))
        return false;
    const char *name = af_node_text(e, src, &len);
    *word = *word || names_lock(name, len);
    const struct af_binding *b = af_sem_lookup(m->file, m->scope, name, len);
    if (!b)
        return true;   /* a builtin or a name a star import brings */
    bool own = b->scope == m->scope;
    if (b->kind == AF_BIND_PARAMETER || b->kind == AF_BIND_VARIABLE || b->kind == AF_BIND_GLOBAL)
        *evidence |= binding_evidence(m, b->node);
    if (!own || b->kind == AF_BIND_PARAMETER || b->kind == AF_BIND_GLOBAL || b->kind == AF_BIND_IMPORT)
        return true;
    if (b->kind != AF_BIND_VARIABLE || b->count != 1)
        return false;
    /* a local bound once: shared when what it is bound to is */
    TSNode n = b->node;
    for (int i = 0; i < 4 && !ts_node_is_null(n); i++, n = ts_node_parent(n))
        if (af_is(n, af_sym.assignment)) {
            TSNode right = af_field_child(n, af_field.right);
            while (af_is(right, af_sym.assignment))
                right = af_field_child(right, af_field.right);
            return !ts_node_is_null(right) && shared_between_calls(m, right, evidence, word, depth + 1);
        }
    return false;
}

/*
 * A guard of an `async with`: a lock that the tasks running this function
 * share (shared_between_calls) and that one of them holds at a time: bound
 * to an asyncio/trio/anyio Lock (or Condition), or named one by a whole word
 * (`lock`, `_lock`, `db_lock`, `mutex`) and bound to nothing that says
 * otherwise; never a semaphore or a capacity limiter.
 */
static bool is_guard(const struct af_atomic *m, TSNode item)
{
    TSNode value = af_unparen(af_field_child(item, af_field.value));
    if (af_is(value, af_sym.as_pattern))
        value = af_unparen(af_first_named(value));
    unsigned evidence = 0;
    bool word = false;
    if (!shared_between_calls(m, value, &evidence, &word, 0))
        return false;
    return !(evidence & GUARD_SHARED_HOLD) && ((evidence & GUARD_LOCK) || word);
}

/*
 * The first item of a `with` (`is_async`: an `async with`) whose body holds
 * the new code (from `start`) for which `take` says true, from the innermost
 * statement out; a null node when there is none.
 */
static TSNode with_item_around(const struct af_atomic *m, const struct chain *c, uint32_t start, bool is_async,
                               bool (*take)(const struct af_atomic *m, TSNode item, TSNode *out), TSNode *out)
{
    for (uint32_t i = 1; i < c->n; i++) {
        TSNode n = c->nodes[i], body = af_field_child(n, af_field.body);
        if (!af_is(n, af_sym.with_statement) || af_node_is_async(n) != is_async || ts_node_is_null(body) ||
            start < ts_node_start_byte(body))
            continue;
        TSNode clause = af_first_named(n);
        uint32_t k = af_is(clause, af_sym.with_clause) ? ts_node_named_child_count(clause) : 0;
        for (uint32_t j = 0; j < k; j++) {
            TSNode item = ts_node_named_child(clause, j);
            if (af_is(item, af_sym.with_item) && take(m, item, out))
                return item;
        }
    }
    return af_null_node();
}

static bool takes_guard(const struct af_atomic *m, TSNode item, TSNode *out)
{
    (void)out;
    return is_guard(m, item);
}

/*
 * True when the new code runs in the body of an `async with` that takes a
 * lock (`async with self._lock:`): the tasks that share the state take it
 * too, so none of them runs inside the section, pause or not.
 */
static bool under_lock(const struct af_atomic *m, const struct chain *c, uint32_t start)
{
    TSNode unused;
    return !ts_node_is_null(with_item_around(m, c, start, true, takes_guard, &unused));
}

/*
 * A with item that takes a thread's lock: bound to (or annotated as, or made
 * by) threading's Lock, RLock, Condition, Semaphore or BoundedSemaphore, or
 * named lock or mutex by a whole word (an asyncio lock cannot be taken by a
 * sync `with`). Its value goes to *value.
 */
static bool takes_thread_lock(const struct af_atomic *m, TSNode item, TSNode *value)
{
    TSNode v = af_unparen(af_field_child(item, af_field.value));
    if (af_is(v, af_sym.as_pattern))
        v = af_unparen(af_first_named(v));
    unsigned evidence = 0;
    bool word = false;
    if (af_is(v, af_sym.call))
        evidence_of(m, af_field_child(v, af_field.function), &evidence);
    else
        (void)shared_between_calls(m, v, &evidence, &word, 0);
    *value = v;
    return (evidence & GUARD_THREAD) || word;
}

/* a thread's lock that a sync `with` around the new code takes (takes_thread_lock): its text goes to *item */
static bool under_thread_lock(const struct af_atomic *m, const struct chain *c, uint32_t start, TSNode *item)
{
    return !ts_node_is_null(with_item_around(m, c, start, false, takes_thread_lock, item));
}

/* ---- cancellation: a new pause is a new point where a deadline or a cancelled scope strikes ---- */

/* the qualified name of a with item's call (`trio.move_on_after` of `with trio.move_on_after(5):`), in m->qual */
static bool item_call_is(const struct af_atomic *m, TSNode item, const char *const *names, TSNode *call)
{
    TSNode v = af_unparen(af_field_child(item, af_field.value));
    if (af_is(v, af_sym.as_pattern))
        v = af_unparen(af_first_named(v));
    if (!af_is(v, af_sym.call))
        return false;
    struct af_buf *qual = (struct af_buf *)&m->qual;
    if (af_sem_qualname(qual, m->file, af_field_child(v, af_field.function), m->scope) ||
        !text_in(names, qual->ptr, (uint32_t)qual->size))
        return false;
    *call = v;
    return true;
}

/* an `async with` item that sets a deadline (asyncio's: a sync `with` on them raises) */
static bool takes_async_deadline(const struct af_atomic *m, TSNode item, TSNode *out)
{
    static const char *const deadlines[] = { "asyncio.timeout", "asyncio.timeout_at", NULL };
    return item_call_is(m, item, deadlines, out);
}

/* a sync `with` item that sets a deadline (trio's and anyio's cancel scopes) */
static bool takes_deadline(const struct af_atomic *m, TSNode item, TSNode *out)
{
    static const char *const deadlines[] = {
        "trio.move_on_after", "trio.move_on_at", "trio.fail_after", "trio.fail_at", "anyio.move_on_after",
        "anyio.fail_after", NULL,
    };
    return item_call_is(m, item, deadlines, out);
}

/* a with item that shields its body from cancellation (`trio.CancelScope(shield=True)`) */
static bool takes_shield(const struct af_atomic *m, TSNode item, TSNode *out)
{
    static const char *const scopes[] = {
        "trio.CancelScope", "anyio.CancelScope", "trio.move_on_after", "trio.move_on_at", "anyio.move_on_after",
        "trio.fail_after", "trio.fail_at", "anyio.fail_after", NULL,
    };
    TSNode call, args[8];
    if (!item_call_is(m, item, scopes, &call))
        return false;
    uint32_t n = af_node_items(af_field_child(call, af_field.arguments), args, 8);
    for (uint32_t i = 0; i < n && i < 8; i++)
        if (af_is(args[i], af_sym.keyword_argument) &&
            af_node_text_is(af_field_child(args[i], af_field.name), m->file->src->data, "shield") &&
            af_node_text_is(af_field_child(args[i], af_field.value), m->file->src->data, "True")) {
            *out = call;
            return true;
        }
    return false;
}

/*
 * Where a cancellation would now strike at the new pause: in the body of a
 * with that sets a deadline (asyncio.timeout, trio/anyio move_on_after,
 * fail_after: the blocking call used to overrun it and the code after it
 * ran; now the deadline cancels that code), or, under trio or anyio, in a
 * `finally` clause not shielded (a cancelled scope cancels every checkpoint
 * inside it: the rest of the cleanup does not run). The with item or the
 * finally clause goes to *where.
 */
static bool cancel_point(const struct af_atomic *m, const struct chain *c, uint32_t start, TSNode *where)
{
    TSNode unused;
    *where = with_item_around(m, c, start, true, takes_async_deadline, &unused);
    if (ts_node_is_null(*where))
        *where = with_item_around(m, c, start, false, takes_deadline, &unused);
    if (!ts_node_is_null(*where))
        return true;
    if (m->file->sem.framework == AF_FW_ASYNCIO || m->file->sem.framework_mixed)
        return false;   /* asyncio's cancellation is one-shot: an await in a finally clause runs */
    for (uint32_t i = 1; i < c->n; i++)
        if (af_is(c->nodes[i], af_sym.finally_clause)) {
            if (!ts_node_is_null(with_item_around(m, c, start, false, takes_shield, &unused)))
                return false;
            *where = c->nodes[i];
            return true;
        }
    return false;
}

/* the nearest definite pauses around the new code, and whether it holds one */
static void bound_section(struct section *s, const struct af_atomic *m, const struct chain *c)
{
    uint32_t first_in = first_pause_from(m, s->start + 1), first_after = first_pause_from(m, s->end);
    for (uint32_t i = first_in; i-- > 0;)
        if (is_definite(c, m->pauses[i].node)) {
            s->lo = m->pauses[i].at;
            break;
        }
    for (uint32_t i = first_in; i < first_after && !s->paused; i++)
        s->paused = is_definite(c, m->pauses[i].node);
    for (uint32_t i = first_after; i < m->npauses; i++)
        if (is_definite(c, m->pauses[i].node)) {
            s->hi = m->pauses[i].at;
            break;
        }
}

/* the first read-then-write or write-then-read of one state across the new code */
static enum af_atomic_hazard find_pair(const struct af_atomic *m, const struct section *s, const struct access **out)
{
    struct state_use *use = af_calloc(m->nkeys ? m->nkeys : 1, sizeof(*use));
    uint32_t *mine = af_malloc((m->nacc ? m->nacc : 1) * sizeof(*mine)), nmine = 0;
    enum af_atomic_hazard found = AF_ATOMIC_NONE;
    for (uint32_t i = 0; i < m->nacc; i++) {
        const struct access *a = &m->acc[i];
        unsigned side = side_of(s, a);
        if (side == (BEFORE | AFTER))
            mine[nmine++] = i;
        else if (side == BEFORE)
            use[a->id].before |= a->how;
        else if (side == AFTER)
            use[a->id].after |= a->how;
    }
    found = pair_with_new(m, mine, nmine, use, out);
    for (uint32_t i = 0; i < m->nacc && !found && !s->paused; i++) {
        const struct access *a = &m->acc[i];
        if ((found = of_state(a, uses_of(use[a->id].before, use[a->id].after))) != AF_ATOMIC_NONE)
            *out = a;
    }
    free(use);
    free(mine);
    return found;
}

/* ---- a write that a pause tears apart ---- */

/*
 * The pauses the fix writes in bytes [from, until): its edits there that
 * write `await`, `async with` or `async for`. An open and the writes after
 * it made one call in a worker thread take one pause (`await
 * asyncio.to_thread(Path(p).write_text, s)`); opened and written by
 * aiofiles, they take one for the open and one for each write.
 */
static unsigned pauses_added_in(const struct af_fix *fix, uint32_t from, uint32_t until)
{
    unsigned n = 0;
    for (size_t i = 0; fix && i < fix->n; i++) {
        const struct af_edit *e = &fix->edits[i];
        if (e->start >= from && e->start < until)
            n += (unsigned)(af_prune_word_count(e->text, strlen(e->text), "await", 5) +
                            af_prune_word_count(e->text, strlen(e->text), "async", 5));
    }
    return n;
}

/*
 * A path made of state that other tasks know (`e`, whose parent is
 * `parent`): a `self`/`cls` attribute, a module-level or `global` name, an
 * attribute chain through an imported module or a class, an alias of one;
 * not a function it calls (`os.path.join` of `os.path.join(DIR, name)`).
 */
static bool known_path(const struct af_atomic *m, TSNode e, TSNode parent)
{
    TSSymbol s = ts_node_symbol(e);
    if (s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition)
        return false;
    if (s == af_sym.identifier)
        return !is_called(e, parent) && is_value_name(e, parent) && (is_module_name(m, e) || alias_of(m, e));
    if (s == af_sym.attribute) {
        if (!is_called(e, parent))
            return is_self_attribute(m, e) || chain_root(m, e) != ROOT_NONE ? chain_root(m, e) != ROOT_PARAM
                                                                          : known_path(m, af_field_child(e, af_field.object), e);
        if (chain_root(m, af_field_child(e, af_field.object)) == ROOT_SHARED)
            return false;   /* a module's or a class's function */
        return known_path(m, af_field_child(e, af_field.object), e);
    }
    uint32_t n = ts_node_named_child_count(e);
    for (uint32_t i = 0; i < n; i++)
        if (known_path(m, ts_node_named_child(e, i), e))
            return true;
    return false;
}

/* the assignment or with item that binds local `id` once in the function: its value, else null */
static TSNode bound_once_to(struct af_atomic *m, TSNode id)
{
    uint32_t len;
    const char *name = af_node_text(id, m->file->src->data, &len);
    const struct af_binding *b = af_sem_binding_in(m->file, m->scope, name, len);
    if (!b || b->kind != AF_BIND_VARIABLE || b->count != 1)
        return af_null_node();
    TSNode n = b->node;
    for (int i = 0; i < 4 && !ts_node_is_null(n); i++, n = ts_node_parent(n)) {
        if (af_is(n, af_sym.assignment))
            return af_field_child(n, af_field.right);
        if (af_is(n, af_sym.with_item))
            return af_field_child(n, af_field.value);
    }
    return af_null_node();
}

/*
 * A path with the same text on every call: a string without fields, strings
 * put together (`+`, `/`, os.path.join, pathlib.Path of them), a local
 * bound once to one (`p = "state.json"`).
 */
static bool constant_path(struct af_atomic *m, TSNode e, int depth)
{
    static const char *const joins[] = {
        "os.path.join", "posixpath.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", NULL,
    };
    e = af_unparen(e);
    if (depth > 4 || ts_node_is_null(e))
        return false;
    TSSymbol s = ts_node_symbol(e);
    uint32_t n = ts_node_named_child_count(e);
    if (s == af_sym.string) {
        for (uint32_t i = 0; i < n; i++)
            if (af_is(ts_node_named_child(e, i), af_sym.interpolation))
                return false;
        return true;
    }
    if (s == af_sym.concatenated_string || s == af_sym.binary_operator) {
        for (uint32_t i = 0; i < n; i++)
            if (!constant_path(m, ts_node_named_child(e, i), depth + 1))
                return false;
        return n > 0;
    }
    if (s == af_sym.call) {
        TSNode args[8];
        uint32_t k = af_node_items(af_field_child(e, af_field.arguments), args, 8);
        if (k == 0 || k > 8 || af_sem_qualname(&m->qual, m->file, af_field_child(e, af_field.function), m->scope) ||
            !text_in(joins, m->qual.ptr, (uint32_t)m->qual.size))
            return false;
        for (uint32_t i = 0; i < k; i++)
            if (!constant_path(m, args[i], depth + 1))
                return false;
        return true;
    }
    if (s == af_sym.identifier)
        return constant_path(m, bound_once_to(m, e), depth + 1);
    return false;
}

/*
 * A file other tasks may read or write while this task writes it: one every
 * call of the function names alike (a literal path, a path made of state
 * the tasks share: the same def running in two tasks tears its own writes),
 * or one whose content the function reads or writes elsewhere (moving or
 * removing it is not: `os.replace(tmp, path)` after writing `tmp`). A path
 * made of a parameter or a local is the caller's: two calls may name two
 * files. Under a lock the tasks share (`locked`), only other code that reads
 * or writes it without one.
 */
static unsigned used_elsewhere(const struct af_atomic *m, const struct section *s, const struct access *a,
                               bool unlocked, bool any);

static bool shared_file(const struct af_atomic *m, const struct section *s, const struct truncation *t, bool locked)
{
    const struct access *a = &m->acc[t->acc];
    if (locked)   /* the tasks running this code take turns: a reader or writer that takes no lock */
        return used_elsewhere(m, s, a, true, false) != 0;
    if (a->known)
        return true;
    for (uint32_t i = 0; i < m->nacc; i++)
        if (i != t->acc && m->acc[i].id == a->id && m->acc[i].content)
            return true;
    return false;
}

/*
 * A sync def whose name an async def of the file mentions (a word of its
 * text, not an attribute: `json.load` is not `load`): one that may run on
 * the event loop's thread, while tasks wait.
 */
static bool called_on_loop(const struct af_file *file, const struct af_scope *def)
{
    if (!def->name)
        return false;
    const char *src = file->src->data;
    for (uint32_t i = 1; i < file->sem.nscopes; i++) {
        const struct af_scope *sc = &file->sem.scopes[i];
        uint32_t from = ts_node_start_byte(sc->node);
        if (sc->is_async &&
            af_prune_word_count(src + from, ts_node_end_byte(sc->node) - from, def->name, strlen(def->name)))
            return true;
    }
    return false;
}

struct chain;
static void build_chain(struct chain *c, const struct af_atomic *m, uint32_t start, uint32_t end);

/* the access runs in the body of an `async with` on a lock the tasks share (under_lock) */
static bool access_locked(const struct af_atomic *m, const struct access *a)
{
    struct chain c = { NULL, 0, 0 };
    build_chain(&c, m, a->start, a->start);
    bool locked = under_lock(m, &c, a->start);
    free(c.nodes);
    return locked;
}

/*
 * The file accesses of the file's other functions: its async defs and the
 * sync defs they mention (not the module's own code, nor a def it alone
 * calls: those run on import, before the event loop).
 */
static void make_uses(const struct af_atomic *m)
{
    struct file_uses *u = m->uses;
    u->made = true;
    for (uint32_t i = 1; i < m->file->sem.nscopes; i++) {
        const struct af_scope *sc = &m->file->sem.scopes[i];
        TSNode fn = sc->node;
        if (!af_is(fn, af_sym.function_definition))
            continue;
        struct af_atomic *o = model_in(m->file, fn, (int)i, true);
        int on_loop = sc->is_async ? 1 : -1;   /* -1: not asked yet (a look at every async def's text) */
        for (uint32_t j = 0; j < o->nacc; j++) {
            const struct access *a = &o->acc[j];
            if (a->kind != KEY_FILE || !a->known)
                continue;
            if (on_loop < 0)
                on_loop = called_on_loop(m->file, sc);
            if (!on_loop)
                break;
            AF_ARRAY_GROW(u->use, u->n, u->cap);
            u->use[u->n++] = (struct file_use){ a->key, a->len, a->how, fn, af_sem_method_class(m->file, (int)i),
                                                access_locked(o, a), a->content };
        }
        af_atomic_free(o);
    }
}

/*
 * What other code does to the content of the file of `a` (bits of READS |
 * WRITES): the function's own accesses outside the new code, and, for a
 * file other functions know by the same text, theirs; with `unlocked`, only
 * those outside an `async with` on a shared lock; with `any`, the queries
 * and changes of what it is too (exists, remove, rename).
 */
static unsigned used_elsewhere(const struct af_atomic *m, const struct section *s, const struct access *a,
                               bool unlocked, bool any)
{
    unsigned how = 0;
    for (uint32_t i = 0; i < m->nacc; i++)
        if (m->acc[i].id == a->id && (any || m->acc[i].content) && !in_new_code(s, &m->acc[i]) &&
            !(unlocked && access_locked(m, &m->acc[i])))
            how |= m->acc[i].how;
    if (!a->known)
        return how;
    if (!m->uses->made)
        make_uses(m);
    int cls = af_sem_method_class(m->file, m->scope);
    bool own = through_self(a->key, a->len);
    for (uint32_t i = 0; i < m->uses->n; i++) {
        const struct file_use *u = &m->uses->use[i];
        if (u->len == a->len && memcmp(u->key, a->key, a->len) == 0 && !ts_node_eq(u->fn, m->fn) &&
            (!own || u->cls == cls) && !(unlocked && u->locked) && (any || u->content))
            how |= u->how;
    }
    return how;
}

/*
 * An open that empties a shared file ("w", "x"), and a fix that puts a
 * pause between it and the file's writes or close: the fix of the open
 * itself when it writes more than one pause in the open's statement, or
 * a fix of other code after the open (`time.sleep` between two writes)
 * where no pause was before: other tasks now see the file empty or
 * half-written.
 */
static const struct access *torn_write(const struct af_atomic *m, const struct section *s, const struct af_fix *fix,
                                       bool locked)
{
    for (uint32_t i = 0; i < m->ntruncs; i++) {
        const struct truncation *t = &m->truncs[i];
        const struct access *a = &m->acc[t->acc];
        bool torn;
        if (in_new_code(s, a))
            torn = pauses_added_in(fix, t->from, t->until) > 1;
        else   /* a pause another fix adds after the open, before the file's end, with none there before */
            torn = s->start >= a->at && s->start < t->until &&
                   !(s->branched && in_other_branch(s->chain, a->node)) &&
                   !pause_within(m, s->chain, s->start, s->end, a->at, s->start);
        if (torn && shared_file(m, s, t, locked))
            return a;
    }
    return NULL;
}

/*
 * A read or write of a file's content in the new code (moved to a worker
 * thread, or to aiofiles, which runs it in one) of a file whose content
 * other code of the event loop's thread writes, for a read, or reads, for a
 * write: the two can now overlap, and the read see the file empty or
 * half-written. A query or a change of what a file is (exists, stat, chmod,
 * rename) is one system call, seen whole before or after.
 */
static const struct access *off_loop(const struct af_atomic *m, const struct section *s, bool locked,
                                     enum af_atomic_hazard *h)
{
    for (uint32_t i = 0; i < m->nacc; i++) {
        const struct access *a = &m->acc[i];
        if (a->kind != KEY_FILE || !a->content || !in_new_code(s, a))
            continue;
        unsigned other = used_elsewhere(m, s, a, locked, false);
        if ((a->how & READS) && (other & WRITES)) {
            *h = AF_ATOMIC_THREAD_READ;
            return a;
        }
        if ((a->how & WRITES) && (other & READS)) {
            *h = AF_ATOMIC_THREAD_WRITE;
            return a;
        }
    }
    return NULL;
}

/*
 * A check of a file and its use across the new pause (`if os.path.exists(p):`
 * then `open(p)`: a read, then a read after it, the new code one of them or
 * between them) where other code changes the file (removes, moves or writes
 * it: another task can now do it in between, and the use fails where the
 * check said it would not).
 */
static const struct access *check_then_use(const struct af_atomic *m, const struct section *s, bool locked)
{
    for (uint32_t i = 0; i < m->nacc; i++) {
        const struct access *a = &m->acc[i];
        unsigned side = side_of(s, a);
        if (a->kind != KEY_FILE || !(a->how & READS) || !(side & BEFORE))
            continue;
        for (uint32_t j = 0; j < m->nacc; j++) {
            const struct access *b = &m->acc[j];
            if (j == i || b->id != a->id || !(b->how & READS) || !(side_of(s, b) & AFTER) || b->at < a->at ||
                (side == (BEFORE | AFTER) && side_of(s, b) == (BEFORE | AFTER)))
                continue;
            if (used_elsewhere(m, s, a, locked, true) & WRITES)
                return a;
            break;
        }
    }
    return NULL;
}

/* a container other tasks can change: `self.x`, a module-level name, an alias of either, their .items()/.keys()/.values() */
static TSNode shared_container(const struct af_atomic *m, TSNode expr)
{
    expr = af_unparen(expr);
    if (af_is(expr, af_sym.call)) {
        TSNode fn = af_field_child(expr, af_field.function);
        static const char *const views[] = { "items", "keys", "values", NULL };
        uint32_t len;
        if (!af_is(fn, af_sym.attribute) || af_node_items(af_field_child(expr, af_field.arguments), NULL, 0))
            return af_null_node();
        const char *name = af_node_text(af_field_child(fn, af_field.attribute), m->file->src->data, &len);
        if (!text_in(views, name, len))
            return af_null_node();
        expr = af_unparen(af_field_child(fn, af_field.object));
    }
    if ((af_is(expr, af_sym.attribute) && (is_self_attribute(m, expr) || chain_root(m, expr) == ROOT_SHARED)) ||
        (af_is(expr, af_sym.identifier) && (is_module_name(m, expr) || alias_of(m, expr))))
        return expr;
    return af_null_node();
}

/* a sync for loop (or comprehension) over a shared container, around the new code, without a pause */
static TSNode shared_loop(const struct af_atomic *m, const struct chain *c, uint32_t start, uint32_t end)
{
    for (uint32_t i = 1; i < c->n; i++) {
        TSNode n = c->nodes[i], iter = af_null_node();
        if (af_is(n, af_sym.for_statement) && !af_node_is_async(n)) {
            TSNode body = af_field_child(n, af_field.body);
            if (!ts_node_is_null(body) && start >= ts_node_start_byte(body))
                iter = af_field_child(n, af_field.right);
        } else if (af_is(n, af_sym.list_comprehension) || af_is(n, af_sym.set_comprehension) ||
                   af_is(n, af_sym.dictionary_comprehension) || af_is(n, af_sym.generator_expression)) {
            uint32_t k = ts_node_named_child_count(n);
            for (uint32_t j = 0; j < k && ts_node_is_null(iter); j++) {
                TSNode clause = ts_node_named_child(n, j);
                TSNode right = af_field_child(clause, af_field.right);
                bool in_right = !ts_node_is_null(right) && start >= ts_node_start_byte(right) &&
                                end <= ts_node_end_byte(right);
                if (af_is(clause, af_sym.for_in_clause) && !af_node_is_async(clause) && !in_right)
                    iter = right;
            }
        }
        if (ts_node_is_null(iter))
            continue;
        if (pause_within(m, c, start, end, ts_node_start_byte(n), ts_node_end_byte(n)))
            return af_null_node();
        TSNode shared = shared_container(m, iter);
        if (!ts_node_is_null(shared))
            return shared;
    }
    return af_null_node();
}

static void chain_add(struct chain *c, TSNode n)
{
    AF_ARRAY_GROW(c->nodes, c->n, c->cap);
    c->nodes[c->n++] = n;
}

/*
 * The chain of the smallest node holding [start, end), up to the function.
 * ts_node_parent descends from the root for every step up: the path is
 * found by one descent from the function, then turned around.
 */
static void build_chain(struct chain *c, const struct af_atomic *m, uint32_t start, uint32_t end)
{
    TSNode n = ts_node_descendant_for_byte_range(m->fn, start, end > start ? end : start);
    if (ts_node_is_null(n))
        return;
    for (TSNode d = m->fn; !ts_node_eq(d, n); d = ts_node_child_with_descendant(d, n)) {
        if (ts_node_is_null(d)) {
            /* not under the function: climb from the node to the root */
            c->n = 0;
            for (; !ts_node_is_null(n); n = ts_node_parent(n))
                chain_add(c, n);
            return;
        }
        chain_add(c, d);
    }
    chain_add(c, n);
    for (uint32_t i = 0, j = c->n - 1; i < j; i++, j--) {
        TSNode t = c->nodes[i];
        c->nodes[i] = c->nodes[j];
        c->nodes[j] = t;
    }
}

enum af_atomic_hazard af_atomic_split(const struct af_atomic *model, const struct af_fix *fix, uint32_t start,
                                      uint32_t end, const char **what, uint32_t *what_len)
{
    const struct af_atomic *m = model;
    struct chain c = { NULL, 0, 0 };
    struct section s = { start, end, 0, UINT32_MAX, &c, false, false };
    enum af_atomic_hazard hazard = AF_ATOMIC_NONE;
    build_chain(&c, m, start, end);
    bound_section(&s, m, &c);
    for (uint32_t i = 0; i < c.n && !s.branched; i++)
        s.branched = is_branch(c.nodes[i], i + 1 < c.n ? c.nodes[i + 1] : ts_node_parent(c.nodes[i]));
    const struct access *a = NULL;
    TSNode lock;
    if (under_thread_lock(m, &c, start, &lock)) {
        free(c.nodes);
        *what = af_node_text(lock, m->file->src->data, what_len);
        return AF_ATOMIC_THREAD_LOCK;
    }
    TSNode cancel;
    if (cancel_point(m, &c, start, &cancel)) {
        free(c.nodes);
        if (af_is(cancel, af_sym.finally_clause)) {
            *what = af_node_text(cancel, m->file->src->data, what_len);
            return AF_ATOMIC_FINALLY;
        }
        *what = af_node_text(af_field_child(cancel, af_field.value), m->file->src->data, what_len);
        return AF_ATOMIC_DEADLINE;
    }
    /* under a lock the tasks share, no task runs this section while another is in it: what is left is
       other code that reads or writes its files without the lock */
    bool locked = under_lock(m, &c, start);
    if (!locked)
        hazard = find_pair(m, &s, &a);
    if (!hazard && (a = torn_write(m, &s, fix, locked)) != NULL)
        hazard = AF_ATOMIC_TORN_WRITE;
    if (!hazard)
        a = off_loop(m, &s, locked, &hazard);
    if (!hazard && (a = check_then_use(m, &s, locked)) != NULL)
        hazard = AF_ATOMIC_CHECK_USE;
    if (locked && !hazard) {
        free(c.nodes);
        return AF_ATOMIC_NONE;
    }
    if (hazard) {
        *what = a->key;
        *what_len = a->len;
    } else {
        TSNode shared = shared_loop(m, &c, start, end);
        if (!ts_node_is_null(shared)) {
            hazard = AF_ATOMIC_ITERATION;
            *what = af_node_text(shared, m->file->src->data, what_len);
        }
    }
    free(c.nodes);
    return hazard;
}

void af_atomic_reason(struct af_buf *out, enum af_atomic_hazard hazard, const char *what, uint32_t len)
{
    switch (hazard) {
    case AF_ATOMIC_NONE:
        break;
    case AF_ATOMIC_READ_WRITE:
    case AF_ATOMIC_WRITE_READ:
        af_buf_printf(out, "the %s and the %s of `%.*s` ran without a pause; other tasks can now run "
                      "between them: guard them with an asyncio.Lock",
                      hazard == AF_ATOMIC_READ_WRITE ? "read" : "write",
                      hazard == AF_ATOMIC_READ_WRITE ? "write" : "read", (int)len, what);
        break;
    case AF_ATOMIC_TORN_WRITE:
        af_buf_printf(out, "the file `%.*s` was emptied by its open and written before any other task ran; "
                      "other tasks can now read it empty or half-written: write a fresh temporary file (tempfile.mkstemp "
                      "in the same folder) and os.replace() it, or guard its readers and writers with an asyncio.Lock",
                      (int)len, what);
        break;
    case AF_ATOMIC_THREAD_READ:
    case AF_ATOMIC_THREAD_WRITE:
        af_buf_printf(out, "other code of the event loop %s the file `%.*s`; %s in a worker thread, this %s "
                      "can now overlap it and see the file half-written: guard both with an asyncio.Lock",
                      hazard == AF_ATOMIC_THREAD_READ ? "writes" : "reads", (int)len, what,
                      hazard == AF_ATOMIC_THREAD_READ ? "read" : "written",
                      hazard == AF_ATOMIC_THREAD_READ ? "read" : "write");
        break;
    case AF_ATOMIC_CHECK_USE:
        af_buf_printf(out, "the check and the use of the file `%.*s` ran without a pause; other code that "
                      "removes or changes it can now run between them, and the use fail: handle the error "
                      "of the use (FileNotFoundError) instead of checking first",
                      (int)len, what);
        break;
    case AF_ATOMIC_FINALLY:
        af_buf_printf(out, "the new pause is a checkpoint in a `finally` clause: a cancelled scope "
                      "cancels it, and the cleanup would not run (shield it with `CancelScope(shield=True)`)");
        break;
    case AF_ATOMIC_DEADLINE:
        af_buf_printf(out, "the new pause is inside `%.*s`: its deadline can now expire there and cancel "
                      "the code after it, which ran before", (int)len, what);
        break;
    case AF_ATOMIC_ITERATION:
        af_buf_printf(out, "the loop over `%.*s` ran without a pause; other tasks can now change it "
                      "while it is iterated: iterate over a copy or guard it with an asyncio.Lock",
                      (int)len, what);
        break;
    case AF_ATOMIC_THREAD_LOCK:
        af_buf_printf(out, "the pause would come while `%.*s`, a thread's lock, is held: another task "
                      "taking it would block the event loop's thread for good (a deadlock), or enter "
                      "it too (an RLock): make it an asyncio.Lock taken with `async with`, or move the "
                      "call out of the `with`",
                      (int)len, what);
        break;
    }
}

enum af_atomic_verdict af_atomic_review(struct af_buf *why, struct af_atomic **cache, const struct af_file *file,
                                        struct af_fix *fix, uint32_t start, uint32_t end)
{
    uint32_t fs, fe;
    af_fix_span(fix, &fs, &fe);
    if (fs < start)
        start = fs;
    if (fe > end)
        end = fe;
    TSNode fn = af_atomic_function_at(file, start, end);
    if (ts_node_is_null(fn))
        return AF_ATOMIC_KEEP;
    if (!*cache || (*cache)->file != file || !ts_node_eq((*cache)->fn, fn)) {
        struct af_atomic *m = af_atomic_new(file, fn);
        if (*cache && (*cache)->file == file) {
            /* the other functions' file accesses, made once per file */
            struct file_uses *t = m->uses;
            m->uses = (*cache)->uses;
            (*cache)->uses = t;
        }
        af_atomic_free(*cache);
        *cache = m;
    }
    const char *what;
    uint32_t len;
    enum af_atomic_hazard hazard = af_atomic_split(*cache, fix, start, end, &what, &len);
    if (!hazard)
        return AF_ATOMIC_KEEP;
    struct af_buf reason = AF_BUF_INIT;
    af_atomic_reason(&reason, hazard, what, len);
    if (hazard == AF_ATOMIC_THREAD_LOCK) {
        af_buf_put(why, reason.ptr, reason.size);
        af_buf_dispose(&reason);
        return AF_ATOMIC_REFUSE;
    }
    fix->applicability = AF_UNSAFE;
    af_fix_set_message(fix, "%s (unsafe: %s)", fix->message ? fix->message : "Apply the fix", reason.ptr);
    af_buf_put(why, reason.ptr, reason.size);
    af_buf_dispose(&reason);
    return AF_ATOMIC_MAKE_UNSAFE;
}
