/*
 * effects.c - what an awaited call may do that another call of the same run
 * could see: the files it reads and writes, the module-level names it reads
 * and changes, whether it waits for input or sends a message (never
 * gathered), whether it calls a project coroutine whose body is not seen
 * (may do anything). A callee defined in this file is read through its body
 * (the semantic model's calls, awaits and name uses under its def), once per
 * check; a coroutine of another file of the project is opaque until pass 1
 * records what its body does (project_effects below is where that plugs in).
 */
#include <ctype.h>
#include <string.h>

#include "asyncfix/project.h"

#include "gather.h"

/* callees defined in this file are followed at most this deep; deeper is opaque */
#define SUMMARY_DEPTH 16

static const struct span any_path = { "*", 1 };

/* ---- the file system calls ---- */

/* a call that reads (`reads`) or writes (`writes`) the paths of its positional arguments (bit i: argument i) */
struct fs_row {
    const char *qual;
    unsigned char reads, writes;
};

static const struct fs_row fs_rows[] = {
    { "os.remove", 0, 1 }, { "os.unlink", 0, 1 }, { "os.rmdir", 0, 1 }, { "os.removedirs", 0, 1 },
    { "os.mkdir", 0, 1 }, { "os.makedirs", 0, 1 }, { "os.rename", 0, 3 }, { "os.replace", 0, 3 },
    { "os.renames", 0, 3 }, { "os.truncate", 0, 1 }, { "os.chmod", 0, 1 }, { "os.chown", 0, 1 },
    { "os.symlink", 0, 2 }, { "os.link", 1, 2 }, { "os.utime", 0, 1 }, { "os.mkfifo", 0, 1 },
    { "shutil.rmtree", 0, 1 }, { "shutil.move", 0, 3 }, { "shutil.copy", 1, 2 }, { "shutil.copy2", 1, 2 },
    { "shutil.copyfile", 1, 2 }, { "shutil.copytree", 1, 2 }, { "shutil.copymode", 1, 2 },
    { "os.path.exists", 1, 0 }, { "os.path.isfile", 1, 0 }, { "os.path.isdir", 1, 0 },
    { "os.path.getsize", 1, 0 }, { "os.path.getmtime", 1, 0 }, { "os.path.lexists", 1, 0 },
    { "os.listdir", 1, 0 }, { "os.scandir", 1, 0 }, { "os.stat", 1, 0 }, { "os.lstat", 1, 0 },
    { "os.walk", 1, 0 }, { "os.access", 1, 0 }, { "glob.glob", 1, 0 }, { "glob.iglob", 1, 0 },
    /* a database file: reading it may see what another call writes */
    { "sqlite3.connect", 1, 1 }, { "aiosqlite.connect", 1, 1 }, { "shelve.open", 1, 1 }, { "dbm.open", 1, 1 },
    { NULL, 0, 0 },
};

static const char *const open_calls[] = { "builtins.open", "io.open", "aiofiles.open", "codecs.open", NULL };

/* methods of a path object (pathlib), when the object looks like a path */
static const char *const path_writes[] = {
    "write_text", "write_bytes", "mkdir", "unlink", "touch", "rmdir", "rename", "replace", "symlink_to",
    "hardlink_to", "chmod", NULL,
};
static const char *const path_reads[] = {
    "read_text", "read_bytes", "exists", "is_file", "is_dir", "stat", "iterdir", "glob", "rglob", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t len)
{
    for (; *list; list++)
        if (af_streq(s, len, *list))
            return true;
    return false;
}

/* the `k`-th positional argument of `args` (an argument_list), or a null node */
static TSNode positional(TSNode args, uint32_t k)
{
    uint32_t n = af_is(args, af_sym.argument_list) ? ts_node_named_child_count(args) : 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (af_is(a, af_sym.keyword_argument) || af_is(a, af_sym.comment))
            continue;
        if (af_is(a, af_sym.list_splat) || af_is(a, af_sym.dictionary_splat))
            return af_null_node();
        if (k-- == 0)
            return a;
    }
    return af_null_node();
}

/* the value of keyword argument `name` of `args`, or a null node */
static TSNode keyword(const struct af_file *file, TSNode args, const char *name)
{
    uint32_t n = af_is(args, af_sym.argument_list) ? ts_node_named_child_count(args) : 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (af_is(a, af_sym.keyword_argument) &&
            af_node_text_is(af_field_child(a, af_field.name), file->src->data, name))
            return af_field_child(a, af_field.value);
    }
    return af_null_node();
}

/* the text of a plain string literal (no interpolation), into `out` */
static bool string_text(struct span *out, const struct af_file *file, TSNode node)
{
    if (!af_is(node, af_sym.string))
        return false;
    uint32_t n = ts_node_named_child_count(node);
    TSNode content = af_null_node();
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(node, i);
        if (af_is(c, af_sym.interpolation))
            return false;
        if (af_is(c, af_sym.string_content)) {
            if (!ts_node_is_null(content))
                return false;
            content = c;
        }
    }
    if (ts_node_is_null(content)) {
        out->s = "";
        out->len = 0;
    } else {
        *out = gather_node_span(file, content);
    }
    return true;
}

/* the value a module-level name is bound to, when it is bound once by a plain assignment */
static TSNode module_constant(const struct af_file *file, TSNode name)
{
    uint32_t len;
    const char *t = af_node_text(name, file->src->data, &len);
    const struct af_binding *b = af_sem_binding_in(file, 0, t, len);
    if (!b || b->kind != AF_BIND_VARIABLE || b->count != 1 || b->mixed)
        return af_null_node();
    TSNode p = ts_node_parent(b->node);
    if (!af_is(p, af_sym.assignment) || !ts_node_eq(af_field_child(p, af_field.left), b->node))
        return af_null_node();
    return af_field_child(p, af_field.right);
}

/*
 * The key of a path expression: a literal's text (through a module-level
 * constant too), `Path(x)` as x, else the expression as written; in a
 * callee's body (`dscope` >= 0) a parameter or anything computed is any path.
 */
static struct span path_key(const struct af_file *file, TSNode expr, int scope, int dscope)
{
    struct span out;
    expr = af_unparen(expr);
    if (string_text(&out, file, expr))
        return out;
    if (af_is(expr, af_sym.identifier)) {
        uint32_t len;
        const char *t = af_node_text(expr, file->src->data, &len);
        const struct af_binding *b = af_sem_lookup(file, scope, t, len);
        if (b && b->scope == 0 && string_text(&out, file, af_unparen(module_constant(file, expr))))
            return out;
        if (dscope >= 0 && b && b->kind == AF_BIND_PARAMETER)
            return any_path;
        return gather_node_span(file, expr);
    }
    if (af_is(expr, af_sym.call)) {
        struct span name = gather_callee_name(file, expr);
        TSNode arg = positional(af_field_child(expr, af_field.arguments), 0);
        if ((af_streq(name.s, name.len, "Path") || af_streq(name.s, name.len, "PurePath")) && !ts_node_is_null(arg))
            return path_key(file, arg, scope, dscope);
    }
    if (dscope >= 0 && !af_is(expr, af_sym.attribute))
        return any_path;
    return gather_node_span(file, expr);
}

/* true when `expr` looks like a path object: `Path(...)`, `a / b`, or a name saying path, file or dir */
static bool looks_like_path(const struct af_file *file, TSNode expr)
{
    expr = af_unparen(expr);
    if (af_is(expr, af_sym.call)) {
        struct span name = gather_callee_name(file, expr);
        return af_streq(name.s, name.len, "Path") || af_streq(name.s, name.len, "PurePath");
    }
    if (af_is(expr, af_sym.binary_operator))
        return true;
    if (af_is(expr, af_sym.attribute))
        expr = af_field_child(expr, af_field.attribute);
    if (!af_is(expr, af_sym.identifier))
        return false;
    struct span n = gather_node_span(file, expr);
    return gather_contains_ci(n, "path") || gather_contains_ci(n, "file") || gather_contains_ci(n, "dir") ||
           gather_contains_ci(n, "folder");
}

static void note_paths(struct effects *fx, const struct af_file *file, TSNode args, uint32_t first,
                       unsigned reads, unsigned writes, int scope, int dscope)
{
    for (uint32_t i = 0; i < 8; i++) {
        if (!((reads | writes) & (1u << i)))
            continue;
        TSNode a = positional(args, first + i);
        struct span key = ts_node_is_null(a) ? any_path : path_key(file, a, scope, dscope);
        if (reads & (1u << i))
            gather_spans_add(&fx->files_read, key);
        if (writes & (1u << i))
            gather_spans_add(&fx->files_written, key);
    }
}

/* `open(p, mode)`: a write unless the mode is a literal without w, a, x or + */
static bool open_writes(const struct af_file *file, TSNode args, uint32_t first)
{
    TSNode mode = positional(args, first + 1);
    if (ts_node_is_null(mode))
        mode = keyword(file, args, "mode");
    if (ts_node_is_null(mode))
        return false;
    struct span m;
    if (!string_text(&m, file, af_unparen(mode)))
        return true;
    for (uint32_t i = 0; i < m.len; i++)
        if (strchr("wax+", m.s[i]))
            return true;
    return false;
}

/*
 * The file system effects of a call of `fn` with `args` (its positional
 * arguments from `first` on): the table, the open calls, path methods.
 */
static void file_effects(struct effects *fx, const struct af_file *file, const char *qual, TSNode fn, TSNode args,
                         uint32_t first, int scope, int dscope)
{
    if (qual) {
        const char *q = strncmp(qual, "aiofiles.os.", 12) == 0 ? qual + 9 : qual;
        for (const struct fs_row *r = fs_rows; r->qual; r++)
            if (strcmp(r->qual, q) == 0) {
                note_paths(fx, file, args, first, r->reads, r->writes, scope, dscope);
                return;
            }
        for (const char *const *o = open_calls; *o; o++)
            if (strcmp(*o, qual) == 0) {
                bool w = open_writes(file, args, first);
                note_paths(fx, file, args, first, w ? 0 : 1, w ? 1 : 0, scope, dscope);
                return;
            }
    }
    if (!af_is(fn, af_sym.attribute))
        return;
    TSNode obj = af_field_child(fn, af_field.object);
    struct span m = gather_node_span(file, af_field_child(fn, af_field.attribute));
    bool w = in_list(path_writes, m.s, m.len) || (af_streq(m.s, m.len, "open") && open_writes(file, args, first - 1));
    bool r = in_list(path_reads, m.s, m.len) || af_streq(m.s, m.len, "open");
    if (!(w || r) || !looks_like_path(file, obj))
        return;
    struct span key = path_key(file, obj, scope, dscope);
    gather_spans_add(w ? &fx->files_written : &fx->files_read, key);
    /* rename/replace: the target too */
    if (af_streq(m.s, m.len, "rename") || af_streq(m.s, m.len, "replace")) {
        TSNode to = positional(args, first);
        gather_spans_add(&fx->files_written, ts_node_is_null(to) ? any_path : path_key(file, to, scope, dscope));
    }
}

/* ---- module-level names ---- */

/* the module-level variable `name` (an identifier seen from `scope`) refers to, or NULL */
static const struct af_binding *module_variable(const struct af_file *file, TSNode name, int scope)
{
    uint32_t len;
    const char *t = af_node_text(name, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    return b && b->scope == 0 && b->kind == AF_BIND_VARIABLE ? b : NULL;
}

/* true when the use `n` of a name changes what it holds: assigned, an item or attribute set, a method called */
static bool use_writes(TSNode n)
{
    TSNode p = ts_node_parent(n);
    TSNode gp = ts_node_parent(p);
    while (af_is(p, af_sym.pattern_list) || af_is(p, af_sym.tuple_pattern) || af_is(p, af_sym.list_pattern)) {
        n = p;
        p = gp;
        gp = ts_node_parent(p);
    }
    if ((af_is(p, af_sym.assignment) || af_is(p, af_sym.augmented_assignment)) &&
        ts_node_eq(af_field_child(p, af_field.left), n))
        return true;
    if (af_is(p, af_sym.delete_statement))
        return true;
    bool object = (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), n)) ||
                  (af_is(p, af_sym.subscript) && ts_node_eq(af_field_child(p, af_field.value), n));
    if (!object)
        return false;
    if (af_is(gp, af_sym.call) && ts_node_eq(af_field_child(gp, af_field.function), p))
        return true;
    if ((af_is(gp, af_sym.assignment) || af_is(gp, af_sym.augmented_assignment)) &&
        ts_node_eq(af_field_child(gp, af_field.left), p))
        return true;
    return af_is(gp, af_sym.delete_statement);
}

/* the module-level variables the body of `def` (scope `dscope`) reads and changes */
static void body_globals(struct effects *fx, const struct af_file *file, TSNode def, int dscope)
{
    const struct af_semantic *sem = &file->sem;
    for (uint32_t i = 0; i < sem->nbindings; i++) {
        const struct af_binding *b = sem->bindings[i];
        if (b->scope != 0 || b->kind != AF_BIND_VARIABLE)
            continue;
        const TSNode *uses;
        size_t n = af_sem_name_uses(file, def, b->name, b->len, &uses);
        if (!n)
            continue;
        const struct af_binding *local = af_sem_binding_in(file, dscope, b->name, b->len);
        if (local && local->kind != AF_BIND_GLOBAL)
            continue;
        struct span name = { b->name, b->len };
        for (size_t k = 0; k < n; k++) {
            if (af_is(ts_node_parent(uses[k]), af_sym.global_statement) ||
                af_is(ts_node_parent(uses[k]), af_sym.keyword_argument))
                continue;
            gather_spans_add(use_writes(uses[k]) ? &fx->globals_written : &fx->globals_read, name);
        }
    }
}

/* ---- callees ---- */

/* the def in this file that `fn` (a call's function) names from `scope`: `f`, or `self.m` in a method */
static TSNode local_def(const struct af_file *file, TSNode fn, int scope)
{
    const struct af_binding *b = NULL;
    if (af_is(fn, af_sym.identifier)) {
        uint32_t len;
        const char *t = af_node_text(fn, file->src->data, &len);
        b = af_sem_lookup(file, scope, t, len);
    } else if (af_is(fn, af_sym.attribute)) {
        TSNode obj = af_field_child(fn, af_field.object);
        int cls = af_sem_method_class(file, scope);
        if (cls >= 0 && (af_node_text_is(obj, file->src->data, "self") || af_node_text_is(obj, file->src->data, "cls"))) {
            struct span m = gather_node_span(file, af_field_child(fn, af_field.attribute));
            b = af_sem_binding_in(file, cls, m.s, m.len);
        }
    }
    if (!b || (b->kind != AF_BIND_FUNCTION && b->kind != AF_BIND_ASYNC_FUNCTION) || b->count != 1 || b->mixed)
        return af_null_node();
    return b->node;
}

/*
 * What pass 1 knows of a coroutine of another file of the project: nothing
 * yet, so it is opaque (true). When the project index records a function's
 * effects, this is where they are looked up by `qual` and merged into `fx`.
 */
static bool project_effects(struct effects *fx, const struct af_file *file, const char *qual)
{
    (void)fx;
    (void)file;
    (void)qual;
    return true;
}

/* true when `fn` names a function imported from the project (another file) */
static bool project_callee(const struct af_file *file, const char *qual, TSNode fn, int scope)
{
    if (file->project)
        return qual && af_project_facts(file->project, qual) != 0;
    /* no index (standard input): a name imported from a relative module is the project's */
    if (!af_is(fn, af_sym.identifier))
        return false;
    uint32_t len;
    const char *t = af_node_text(fn, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    return b && b->kind == AF_BIND_IMPORT && b->target && b->target[0] == '.';
}

static void merge(struct effects *into, const struct effects *from)
{
    into->ordered |= from->ordered;
    into->opaque |= from->opaque;
    for (uint32_t i = 0; i < from->files_read.n; i++)
        gather_spans_add(&into->files_read, from->files_read.items[i]);
    for (uint32_t i = 0; i < from->files_written.n; i++)
        gather_spans_add(&into->files_written, from->files_written.items[i]);
    for (uint32_t i = 0; i < from->globals_read.n; i++)
        gather_spans_add(&into->globals_read, from->globals_read.items[i]);
    for (uint32_t i = 0; i < from->globals_written.n; i++)
        gather_spans_add(&into->globals_written, from->globals_written.items[i]);
    for (uint32_t i = 0; i < from->captured.n; i++)
        gather_spans_add(&into->captured, from->captured.items[i]);
}

/*
 * A def nested in a function (scope `dscope`) is a closure: the names of
 * the functions around it that its body uses (`self`, a connection, a list
 * it fills) are shared with every other call that is given them.
 */
static void body_captures(struct effects *fx, const struct af_file *file, TSNode def, int dscope)
{
    const struct af_semantic *sem = &file->sem;
    for (int outer = sem->scopes[dscope].parent; outer > 0; outer = sem->scopes[outer].parent) {
        if (sem->scopes[outer].kind != AF_SCOPE_FUNCTION && sem->scopes[outer].kind != AF_SCOPE_LAMBDA)
            continue;
        for (uint32_t i = 0; i < sem->nbindings; i++) {
            const struct af_binding *b = sem->bindings[i];
            if (b->scope != outer || b->kind == AF_BIND_GLOBAL)
                continue;
            const TSNode *uses;
            if (!af_sem_name_uses(file, def, b->name, b->len, &uses))
                continue;
            const struct af_binding *local = af_sem_binding_in(file, dscope, b->name, b->len);
            if (local && local->kind != AF_BIND_GLOBAL)
                continue;
            struct span name = { b->name, b->len };
            gather_spans_add(&fx->captured, name);
        }
    }
}

static void add_call(struct effects *fx, struct summaries *cache, const struct af_file *file, TSNode call,
                     int scope, int dscope, int depth);

/* the effects of the body of `def`, worked out once per check */
static const struct effects *summary_of(struct summaries *cache, const struct af_file *file, TSNode def, int depth)
{
    uint32_t start = ts_node_start_byte(def);
    for (uint32_t i = 0; i < cache->n; i++)
        if (cache->items[i].start == start)
            return &cache->items[i].fx;   /* done, or in progress (a recursive call adds nothing new) */
    AF_ARRAY_GROW(cache->items, cache->n, cache->cap);
    uint32_t k = cache->n++;
    memset(&cache->items[k], 0, sizeof(cache->items[k]));
    cache->items[k].start = start;
    struct effects fx;
    memset(&fx, 0, sizeof(fx));
    int dscope = af_sem_scope_of(file, def);
    const struct af_semantic *sem = &file->sem;
    uint32_t end = ts_node_end_byte(def);
    for (uint32_t i = af_sem_site_from(&sem->calls, start); i < sem->calls.n; i++) {
        const struct af_site *c = &sem->calls.items[i];
        if (ts_node_start_byte(c->node) >= end)
            break;
        add_call(&fx, cache, file, c->node, c->scope, dscope, depth + 1);
    }
    /* `await fut`, `await self._ready`: waiting for something another task sets */
    for (uint32_t i = af_sem_site_from(&sem->awaits, start); i < sem->awaits.n; i++) {
        TSNode a = sem->awaits.items[i].node;
        if (ts_node_start_byte(a) >= end)
            break;
        if (!af_is(af_unparen(af_first_named(a)), af_sym.call))
            fx.ordered = true;
    }
    if (dscope >= 0) {
        body_globals(&fx, file, def, dscope);
        body_captures(&fx, file, def, dscope);
    }
    cache->items[k].fx = fx;
    return &cache->items[k].fx;
}

/* `asyncio.to_thread(f, *args)` / `loop.run_in_executor(ex, f, *args)`: f, and where its arguments start */
static TSNode unwrap_thread(const struct af_file *file, TSNode call, int scope, uint32_t *first)
{
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    TSNode args = af_field_child(call, af_field.arguments);
    *first = 0;
    if (af_sem_refers_to(file, fn, scope, "asyncio.to_thread")) {
        *first = 1;
        return af_unparen(positional(args, 0));
    }
    if (af_is(fn, af_sym.attribute) &&
        af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "run_in_executor")) {
        *first = 2;
        return af_unparen(positional(args, 1));
    }
    return fn;
}

/*
 * Adds what `call` (at `scope`) does to `fx`; `dscope` is the scope of the
 * callee body it is in, or -1 for the awaited statement itself.
 */
static void add_call(struct effects *fx, struct summaries *cache, const struct af_file *file, TSNode call,
                     int scope, int dscope, int depth)
{
    TSNode args = af_field_child(call, af_field.arguments);
    uint32_t first;
    TSNode fn = unwrap_thread(file, call, scope, &first);
    if (ts_node_is_null(fn))
        return;
    /* in a callee's body: an awaited wait for input or message step orders it */
    if (dscope >= 0 && af_is(ts_node_parent(call), af_sym.await)) {
        enum refusal r = gather_refusal(gather_callee_name(file, call));
        if (r == REFUSE_WAIT || r == REFUSE_MESSAGE)
            fx->ordered = true;
    }
    struct af_buf q = AF_BUF_INIT;
    const char *qual = af_sem_qualname(&q, file, fn, scope) == 0 ? af_buf_cstr(&q) : NULL;
    if (qual && strcmp(qual, "builtins.input") == 0)
        fx->ordered = true;
    file_effects(fx, file, qual, fn, args, first, scope, dscope);
    /* a method called on a module-level object may change it */
    if (af_is(fn, af_sym.attribute)) {
        TSNode root = af_field_child(fn, af_field.object);
        while (af_is(root, af_sym.attribute))
            root = af_field_child(root, af_field.object);
        const struct af_binding *b = af_is(root, af_sym.identifier) ? module_variable(file, root, scope) : NULL;
        if (b) {
            struct span name = { b->name, b->len };
            gather_spans_add(&fx->globals_written, name);
        }
    }
    TSNode def = local_def(file, fn, scope);
    if (!ts_node_is_null(def)) {
        if (depth > SUMMARY_DEPTH)
            fx->opaque = true;
        else
            merge(fx, summary_of(cache, file, def, depth));
    } else if (project_callee(file, qual, fn, scope) && project_effects(fx, file, qual)) {
        fx->opaque = true;
    }
    af_buf_dispose(&q);
}

void gather_effects_add_call(struct effects *fx, struct summaries *cache, const struct af_file *file, TSNode call,
                             int scope)
{
    add_call(fx, cache, file, call, scope, -1, 0);
}

void gather_effects_add_name(struct effects *fx, struct summaries *cache, const struct af_file *file, TSNode name,
                             int scope)
{
    const struct af_binding *b = module_variable(file, name, scope);
    if (b) {
        struct span sp = { b->name, b->len };
        gather_spans_add(&fx->globals_read, sp);
        return;
    }
    /* a function of this file handed over as a callback (`run_in_thread(process)`): it runs too */
    TSNode p = ts_node_parent(name);
    if (af_is(p, af_sym.call) && ts_node_eq(af_field_child(p, af_field.function), name))
        return;
    TSNode def = local_def(file, name, scope);
    if (!ts_node_is_null(def))
        merge(fx, summary_of(cache, file, def, 1));
}

static bool keys_meet(const struct spans *a, const struct spans *b)
{
    for (uint32_t i = 0; i < a->n; i++)
        for (uint32_t j = 0; j < b->n; j++)
            if (gather_span_eq(a->items[i], any_path) || gather_span_eq(b->items[j], any_path) ||
                gather_span_eq(a->items[i], b->items[j]))
                return true;
    return false;
}

bool gather_effects_conflict(const struct effects *a, const struct effects *b)
{
    if (a->opaque || b->opaque)
        return true;
    return keys_meet(&a->files_written, &b->files_read) || keys_meet(&a->files_written, &b->files_written) ||
           keys_meet(&b->files_written, &a->files_read) || keys_meet(&a->globals_written, &b->globals_read) ||
           keys_meet(&a->globals_written, &b->globals_written) || keys_meet(&b->globals_written, &a->globals_read);
}

bool gather_effects_writes(const struct effects *fx)
{
    return fx->opaque || fx->files_written.n || fx->globals_written.n;
}

void gather_effects_dispose(struct effects *fx)
{
    free(fx->files_read.items);
    free(fx->files_written.items);
    free(fx->globals_read.items);
    free(fx->globals_written.items);
    free(fx->captured.items);
    memset(fx, 0, sizeof(*fx));
}

void gather_summaries_dispose(struct summaries *cache)
{
    for (uint32_t i = 0; i < cache->n; i++)
        gather_effects_dispose(&cache->items[i].fx);
    free(cache->items);
    memset(cache, 0, sizeof(*cache));
}

/* ---- arguments ---- */

/* names that hold a plain value by what they say: an id, a url, a name, a count */
static bool value_name(struct span n)
{
    static const char *const whole[] = { "id", "ids", "uid", "uuid", "url", "urls", "uri", "name", "names",
                                         "key", "keys", "n", "i", "count", "limit", "offset", "page", "query",
                                         "timeout", "delay", NULL };
    static const char *const suffix[] = { "_id", "_ids", "_url", "_urls", "_uri", "_name", "_names", "_key",
                                          "_count", "_limit", "_timeout", NULL };
    if (in_list(whole, n.s, n.len))
        return true;
    for (const char *const *s = suffix; *s; s++) {
        size_t l = strlen(*s);
        if (n.len > l && memcmp(n.s + n.len - l, *s, l) == 0)
            return true;
    }
    return false;
}

/* true when the parameter bound at `node` is annotated with a plain value type */
static bool value_annotation(const struct af_file *file, TSNode node)
{
    TSNode p = ts_node_parent(node);
    if (!af_is(p, af_sym.typed_parameter) && !af_is(p, af_sym.typed_default_parameter))
        return false;
    TSNode type = af_field_child(p, af_field.type);
    static const char *const types[] = { "int", "str", "float", "bool", "bytes", NULL };
    struct span t = gather_node_span(file, type);
    return in_list(types, t.s, t.len);
}

/* true when `value` is a literal (or an f-string, or arithmetic on literals) */
static bool literal(TSNode value)
{
    value = af_unparen(value);
    if (af_is(value, af_sym.binary_operator))
        return literal(af_field_child(value, af_field.left)) && literal(af_field_child(value, af_field.right));
    if (af_is(value, af_sym.string) || af_is(value, af_sym.concatenated_string) ||
        af_is(value, af_sym.integer) || af_is(value, af_sym.none))
        return true;
    /* `float`, `true` and `false` are C words: no af_sym field for them */
    const char *type = ts_node_is_null(value) ? "" : ts_node_type(value);
    return strcmp(type, "float") == 0 || strcmp(type, "true") == 0 || strcmp(type, "false") == 0;
}

/* HTTP clients made to serve many requests at once: sharing one between two calls is what they are for */
static const char *const shared_clients[] = { "httpx.AsyncClient", "aiohttp.ClientSession", NULL };

/* true when the name bound at `node` (an assignment or `with ... as` target) holds a new shared client */
static bool shared_client(const struct af_file *file, TSNode node, int scope)
{
    TSNode p = ts_node_parent(node), value = af_null_node();
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), node))
        value = af_field_child(p, af_field.right);
    else if (af_is(p, af_sym.as_pattern_target) && af_is(ts_node_parent(p), af_sym.as_pattern))
        value = af_first_named(ts_node_parent(p));
    value = af_unparen(value);
    if (!af_is(value, af_sym.call))
        return false;
    TSNode fn = af_field_child(value, af_field.function);
    for (const char *const *c = shared_clients; *c; c++)
        if (af_sem_refers_to(file, fn, scope, *c))
            return true;
    return false;
}

bool gather_value_like(const struct af_file *file, TSNode expr, int scope)
{
    TSNode last = af_is(expr, af_sym.attribute) ? af_field_child(expr, af_field.attribute) : expr;
    if (!af_is(last, af_sym.identifier))
        return false;
    if (value_name(gather_node_span(file, last)))
        return true;
    if (!af_is(expr, af_sym.identifier))
        return false;
    uint32_t len;
    const char *t = af_node_text(expr, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    if (!b)
        return false;
    if (b->kind == AF_BIND_PARAMETER)
        return value_annotation(file, b->node);
    if (b->kind != AF_BIND_VARIABLE || b->count != 1 || b->mixed)
        return false;
    if (shared_client(file, b->node, scope))
        return true;
    TSNode p = ts_node_parent(b->node);
    return af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), b->node) &&
           literal(af_field_child(p, af_field.right));
}
