/*
 * missing_await.c - AF201 unawaited-coroutine, AF202 dangling-task, AF203
 * coroutine-never-awaited, AF204 asyncio-run-in-async: coroutines that are
 * created and dropped. A call's callee is a coroutine function by a local
 * `async def` (local_defs), the class of `self`/`cls`, the project (pass 1,
 * file->project) or the `library` table below. What each rule finds and why,
 * the example, the fix and what it leaves alone: its --explain text, the
 * descriptors' `explanation` at the end of this file (the one copy of the
 * rules' doc).
 */
#include <stdlib.h>
#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/project.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

enum coro {
    NOT_CORO,
    CORO,              /* a coroutine function */
    CORO_DECORATED,    /* an async def behind a decorator: report, never fix */
    CORO_FUTURE,       /* returns a future whose work is already scheduled (gather) */
    CORO_OVERRIDDEN,   /* `self.m()` of an async def a subclass overrides otherwise: report, never fix */
};

static const struct {
    const char *qualname;
    enum coro kind;
} library[] = {
    { "asyncio.sleep", CORO },
    { "asyncio.wait_for", CORO },
    { "asyncio.wait", CORO },
    { "asyncio.gather", CORO_FUTURE },
    { "asyncio.open_connection", CORO },
    { "asyncio.open_unix_connection", CORO },
    { "asyncio.start_server", CORO },
    { "asyncio.start_unix_server", CORO },
    { "asyncio.create_subprocess_exec", CORO },
    { "asyncio.create_subprocess_shell", CORO },
    { "asyncio.subprocess.create_subprocess_exec", CORO },
    { "asyncio.subprocess.create_subprocess_shell", CORO },
    { "asyncio.to_thread", CORO },
    /* trio's and anyio's async defs (trio 0.22, anyio 3 and 4 alike) */
    { "trio.sleep", CORO },
    { "trio.sleep_forever", CORO },
    { "trio.sleep_until", CORO },
    { "trio.open_file", CORO },
    { "trio.open_tcp_stream", CORO },
    { "trio.open_tcp_listeners", CORO },
    { "trio.open_ssl_over_tcp_stream", CORO },
    { "trio.open_ssl_over_tcp_listeners", CORO },
    { "trio.open_unix_socket", CORO },
    { "trio.serve_tcp", CORO },
    { "trio.serve_ssl_over_tcp", CORO },
    { "trio.serve_listeners", CORO },
    { "trio.aclose_forcefully", CORO },
    { "trio.run_process", CORO },
    { "trio.to_thread.run_sync", CORO },
    { "trio.lowlevel.checkpoint", CORO },
    { "trio.lowlevel.checkpoint_if_cancelled", CORO },
    { "trio.lowlevel.cancel_shielded_checkpoint", CORO },
    { "trio.lowlevel.open_process", CORO },
    { "trio.lowlevel.wait_readable", CORO },
    { "trio.lowlevel.wait_writable", CORO },
    { "anyio.sleep", CORO },
    { "anyio.sleep_forever", CORO },
    { "anyio.sleep_until", CORO },
    { "anyio.connect_tcp", CORO },
    { "anyio.connect_unix", CORO },
    { "anyio.create_tcp_listener", CORO },
    { "anyio.create_unix_listener", CORO },
    { "anyio.create_udp_socket", CORO },
    { "anyio.create_connected_udp_socket", CORO },
    { "anyio.getaddrinfo", CORO },
    { "anyio.aclose_forcefully", CORO },
    { "anyio.open_file", CORO },
    { "anyio.open_process", CORO },
    { "anyio.run_process", CORO },
    { "anyio.to_thread.run_sync", CORO },
    { "anyio.lowlevel.checkpoint", CORO },
    { "anyio.lowlevel.checkpoint_if_cancelled", CORO },
    { "anyio.lowlevel.cancel_shielded_checkpoint", CORO },
    { "aiofiles.open", CORO },
    { "aiofiles.os.remove", CORO },
    { "aiofiles.os.unlink", CORO },
    { "aiofiles.os.rename", CORO },
    { "aiofiles.os.replace", CORO },
    { "aiofiles.os.mkdir", CORO },
    { "aiofiles.os.makedirs", CORO },
    { "aiofiles.os.rmdir", CORO },
    { "aiofiles.os.stat", CORO },
    { "aiofiles.os.listdir", CORO },
    { "aiofiles.os.path.exists", CORO },
    { "aiofiles.os.path.isfile", CORO },
    { "aiofiles.os.path.isdir", CORO },
    { "aiofiles.os.path.getsize", CORO },
};

/*
 * staticmethod, classmethod, abstractmethod and override keep a coroutine
 * function one; any other decorator may change what a call returns
 * (asynccontextmanager makes it return a context manager)
 */
static enum coro from_facts(unsigned facts)
{
    if (!af_project_facts_coroutine(facts))
        return NOT_CORO;
    return (facts & (AF_PROJECT_OTHER_DECORATOR | AF_PROJECT_ASYNC_CM)) ? CORO_DECORATED : CORO;
}

/* the statements of a scope: the module, or a def's or class's body */
static TSNode scope_block(const struct af_file *file, int scope)
{
    const struct af_scope *sc = &file->sem.scopes[scope];
    if (sc->kind == AF_SCOPE_MODULE)
        return file->root;
    return af_field_child(sc->node, af_field.body);
}

/*
 * The answers of local_defs and of overridden during one rule's pass over a
 * file, by binding: a rule asks about the same callee at many calls, and
 * each answer reads the scope's statements and the defs' bodies.
 */
struct coro_answer {
    const struct af_binding *key;
    enum coro kind;            /* local_defs's, once has_kind */
    char *why;                 /* overridden's (NULL: not overridden), once has_why */
    bool has_kind, has_why;
};

struct coro_memo {
    struct coro_answer *answers;
    uint32_t n, cap;
    struct af_hashtab table;   /* hash of a binding's address -> index in answers */

    /*
     * overridden_here: the classes of this file each class's bases may name
     * (made on the first question), and its answers by the binding of the
     * method in its class (why: NULL when no subclass overrides it).
     */
    struct base_ref {
        int cls;               /* a class scope */
        uint32_t pos;          /* the base's place among its class's bases, from 1 */
    } *bases;
    uint32_t *base_start;      /* per scope: its bases are bases[base_start[s] .. base_start[s + 1]) */
    uint32_t *sub_start, *subs;   /* per scope: the classes naming it as a base, subs[sub_start[s] ..] */
    uint32_t *mark, stamp;     /* per scope: == stamp when it derives from the class asked about */
    uint32_t *stack, *derived;
    struct af_hashtab others;  /* hash of a name a class binds -> binding index (bound_otherwise) */
};

static void coro_memo_dispose(struct coro_memo *memo)
{
    for (uint32_t i = 0; i < memo->n; i++)
        free(memo->answers[i].why);
    free(memo->answers);
    af_hashtab_dispose(&memo->table);
    free(memo->bases);
    free(memo->base_start);
    free(memo->sub_start);
    free(memo->subs);
    free(memo->mark);
    free(memo->stack);
    free(memo->derived);
    af_hashtab_dispose(&memo->others);
}

/* the index of `b`'s answers, a new entry when it has none (an index: asking may grow the array) */
static uint32_t coro_answer_of(struct coro_memo *memo, const struct af_binding *b)
{
    uint32_t hash = af_hash_add(AF_HASH_INIT, &b, sizeof(b));
    struct af_hashtab_iter it = af_hashtab_find(&memo->table, hash);
    for (uint32_t v; (v = af_hashtab_next(&memo->table, &it)) != AF_HASHTAB_NONE;)
        if (memo->answers[v].key == b)
            return v;
    AF_ARRAY_GROW(memo->answers, memo->n, memo->cap);
    memset(&memo->answers[memo->n], 0, sizeof(*memo->answers));
    memo->answers[memo->n].key = b;
    af_hashtab_put(&memo->table, hash, memo->n);
    return memo->n++;
}

static enum coro read_local_defs(const struct af_file *file, int scope, const struct af_binding *b);

/*
 * What the defs of `name` among the statements of `scope` make of it, given
 * its binding there (b->scope == scope): a coroutine function when every
 * binding of the name in that scope is one of these defs (overload stubs
 * aside) and they are async.
 */
static enum coro local_defs(const struct af_file *file, int scope, const struct af_binding *b,
                            struct coro_memo *memo)
{
    uint32_t i = coro_answer_of(memo, b);
    if (!memo->answers[i].has_kind) {
        memo->answers[i].kind = read_local_defs(file, scope, b);
        memo->answers[i].has_kind = true;
    }
    return memo->answers[i].kind;
}

static enum coro read_local_defs(const struct af_file *file, int scope, const struct af_binding *b)
{
    const struct af_scope *sc = &file->sem.scopes[scope];
    if (sc->kind != AF_SCOPE_MODULE && sc->kind != AF_SCOPE_FUNCTION && sc->kind != AF_SCOPE_CLASS)
        return NOT_CORO;
    /* a plain def bound once is sync: no need to look at the statements */
    if (b->kind != AF_BIND_ASYNC_FUNCTION && !(b->kind == AF_BIND_FUNCTION && b->mixed))
        return NOT_CORO;
    TSNode block = scope_block(file, scope);
    if (ts_node_is_null(block))
        return NOT_CORO;
    const char *src = file->src->data;
    unsigned facts = 0;
    uint32_t ndefs = 0;
    const struct af_block_stmts *bs = af_sem_block_stmts(file, block);
    for (uint32_t i = 0; bs && i < bs->n; i++) {
        TSNode def = bs->stmts[i];
        if (af_is(def, af_sym.decorated_definition))
            def = af_field_child(def, af_field.definition);
        if (!af_is(def, af_sym.function_definition))
            continue;
        TSNode name = af_field_child(def, af_field.name);
        uint32_t len;
        const char *t = af_node_text(name, src, &len);
        if (len == b->len && memcmp(t, b->name, len) == 0) {
            facts |= af_project_def_facts(def, src);
            ndefs++;
        }
    }
    if (ndefs != b->count)
        return NOT_CORO;
    return from_facts(facts);
}

static enum coro by_qualname(const struct af_file *file, const char *qual)
{
    for (size_t i = 0; i < sizeof(library) / sizeof(library[0]); i++)
        if (library[i].qualname[0] == qual[0] && strcmp(library[i].qualname, qual) == 0)
            return library[i].kind;
    if (!file->project)
        return NOT_CORO;
    return from_facts(af_project_facts(file->project, qual));
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* the classes of this file each class's bases may name, into memo->bases (once a pass) */
static void make_bases(const struct af_file *file, struct coro_memo *memo)
{
    const struct af_semantic *sem = &file->sem;
    const char *src = file->src->data;
    uint32_t n = sem->nscopes, count = 0, cap = 0;
    memo->base_start = af_calloc(n + 1, sizeof(*memo->base_start));
    for (uint32_t s = 0; s < n; s++) {
        memo->base_start[s] = count;
        const struct af_scope *sc = &sem->scopes[s];
        TSNode supers = sc->kind == AF_SCOPE_CLASS ? af_field_child(sc->node, af_field.superclasses) : af_null_node();
        if (ts_node_is_null(supers))
            continue;
        uint32_t pos = 0;
        for (TSNode a = ts_node_named_child(supers, 0); !ts_node_is_null(a); a = ts_node_next_named_sibling(a)) {
            if (af_is(a, af_sym.keyword_argument) || af_is(a, af_sym.comment))
                continue;   /* metaclass=... */
            pos++;
            TSNode e = af_unparen(a);
            if (af_is(e, af_sym.subscript))
                e = af_unparen(af_field_child(e, af_field.value));   /* `Base[T]` */
            if (!af_is(e, af_sym.identifier))
                continue;
            uint32_t len;
            const char *t = af_node_text(e, src, &len);
            const struct af_binding *b = af_sem_lookup(file, sc->parent, t, len);
            if (!b)
                continue;
            /* a name bound once to a class is that class; bound more often, any class of that name there may be */
            bool one = b->kind == AF_BIND_CLASS && b->count == 1 && !b->mixed;
            for (uint32_t c = one ? (uint32_t)af_sem_scope_of(file, b->node) : 0; c < n; c++) {
                const struct af_scope *cc = &sem->scopes[c];
                if (cc->kind == AF_SCOPE_CLASS && cc->parent == b->scope && cc->name && af_streq(t, len, cc->name)) {
                    if (count == cap) {
                        cap = cap ? cap * 2 : 16;
                        memo->bases = af_realloc(memo->bases, cap * sizeof(*memo->bases));
                    }
                    memo->bases[count++] = (struct base_ref){ (int)c, pos };
                }
                if (one)
                    break;
            }
        }
    }
    memo->base_start[n] = count;
    /* the other way: each class's subclasses */
    memo->sub_start = af_calloc(n + 1, sizeof(*memo->sub_start));
    memo->subs = af_malloc((count ? count : 1) * sizeof(*memo->subs));
    for (uint32_t k = 0; k < count; k++)
        memo->sub_start[memo->bases[k].cls + 1]++;
    for (uint32_t c = 0; c < n; c++)
        memo->sub_start[c + 1] += memo->sub_start[c];
    uint32_t *fill = af_malloc((n + 1) * sizeof(*fill));
    memcpy(fill, memo->sub_start, (n + 1) * sizeof(*fill));
    for (uint32_t s = 0; s < n; s++)
        for (uint32_t k = memo->base_start[s]; k < memo->base_start[s + 1]; k++)
            memo->subs[fill[memo->bases[k].cls]++] = s;
    free(fill);
    memo->mark = af_calloc(n, sizeof(*memo->mark));
    memo->stack = af_malloc((n ? n : 1) * sizeof(*memo->stack));
    memo->derived = af_malloc((n ? n : 1) * sizeof(*memo->derived));
    /* the names the classes bind, by name: bound_otherwise reads the defs of the name asked only */
    for (uint32_t i = 0; i < sem->nbindings; i++) {
        const struct af_binding *b = sem->bindings[i];
        if (sem->scopes[b->scope].kind == AF_SCOPE_CLASS)
            af_hashtab_put(&memo->others, af_hash_bytes(b->name, b->len), i);
    }
}

/*
 * True when some class of the file binds `name` other than by a coroutine
 * function (make_bases): only those can override. A class's defs are read
 * (for a `yield`, a decorator) only for a name asked about, not for every
 * method of the file.
 */
static bool bound_otherwise(const struct af_file *file, const char *name, uint32_t len, struct coro_memo *memo)
{
    struct af_hashtab_iter it = af_hashtab_find(&memo->others, af_hash_bytes(name, len));
    for (uint32_t v; (v = af_hashtab_next(&memo->others, &it)) != AF_HASHTAB_NONE;) {
        const struct af_binding *b = file->sem.bindings[v];
        if (b->len == len && memcmp(b->name, name, len) == 0 &&
            !(b->kind == AF_BIND_ASYNC_FUNCTION && local_defs(file, b->scope, b, memo) == CORO))
            return true;
    }
    return false;
}

/* true when the defs of binding `b` of class scope `s` are plain sync methods (staticmethod, classmethod allowed) */
static bool sync_methods(const struct af_file *file, int s, const struct af_binding *b)
{
    if (b->kind != AF_BIND_FUNCTION || b->mixed)
        return false;
    const struct af_block_stmts *bs = af_sem_block_stmts(file, scope_block(file, s));
    unsigned facts = 0;
    uint32_t ndefs = 0;
    for (uint32_t i = 0; bs && i < bs->n; i++) {
        TSNode def = bs->stmts[i];
        if (af_is(def, af_sym.decorated_definition))
            def = af_field_child(def, af_field.definition);
        if (af_is(def, af_sym.function_definition) &&
            af_node_text_is(af_field_child(def, af_field.name), file->src->data, b->name)) {
            facts |= af_project_def_facts(def, file->src->data);
            ndefs++;
        }
    }
    return ndefs == b->count && (facts & AF_PROJECT_SYNC) &&
           !(facts & ~(AF_PROJECT_SYNC | AF_PROJECT_STATICMETHOD | AF_PROJECT_CLASSMETHOD |
                       AF_PROJECT_ABSTRACTMETHOD | AF_PROJECT_OVERRIDE));
}

/*
 * True when class scope `s` binds `name` other than by a coroutine function
 * (a sync def, a decorated one, an assignment): why a call through `self`
 * must not be awaited in the instances of `in` (a class that derives from
 * `s`, or `s` itself), into `why`.
 */
static bool overrides(struct af_buf *why, const struct af_file *file, int s, int in, const char *name,
                      uint32_t len, struct coro_memo *memo)
{
    const struct af_binding *b = af_sem_binding_in(file, s, name, len);
    if (!b)
        return false;
    if ((b->kind == AF_BIND_FUNCTION || b->kind == AF_BIND_ASYNC_FUNCTION) && local_defs(file, s, b, memo) == CORO)
        return false;
    af_buf_printf(why, "`%s.%.*s` overrides it", file->sem.scopes[s].name, (int)len, name);
    if (in != s)
        af_buf_printf(why, " in `%s`", file->sem.scopes[in].name);
    af_buf_puts(why, sync_methods(file, s, b) ? " with a sync method: `await` would fail there"
                                                : " with something other than a plain async def: `await` may fail there");
    return true;
}

/*
 * True when a class of this file that derives from class scope `cls` (through
 * any of its classes), or a class of this file named before that base among
 * its bases (it comes first in its MRO), binds `name` other than by a
 * coroutine function (overrides): the reason in `why`. Classes of other
 * modules are not seen.
 */
static bool overridden_here(struct af_buf *why, const struct af_file *file, int cls, const char *name, uint32_t len,
                            struct coro_memo *memo)
{
    if (!memo->base_start)
        make_bases(file, memo);
    uint32_t n = file->sem.nscopes, *start = memo->base_start;
    if (start[n] == 0 || !bound_otherwise(file, name, len, memo))
        return false;   /* no class of this file names another, or none binds `name` otherwise */
    /* the classes that derive from `cls`: marked with a new stamp, walking down the subclasses */
    uint32_t stamp = ++memo->stamp, *mark = memo->mark, top = 0, nderived = 0;
    mark[cls] = stamp;
    memo->stack[top++] = (uint32_t)cls;
    while (top) {
        uint32_t c = memo->stack[--top];
        for (uint32_t k = memo->sub_start[c]; k < memo->sub_start[c + 1]; k++)
            if (mark[memo->subs[k]] != stamp) {
                mark[memo->subs[k]] = stamp;
                memo->stack[top++] = memo->derived[nderived++] = memo->subs[k];
            }
    }
    /* in source order: the first one found is the one a finding names */
    qsort(memo->derived, nderived, sizeof(*memo->derived), cmp_u32);
    bool found = false;
    for (uint32_t d = 0; d < nderived && !found; d++) {
        uint32_t s = memo->derived[d];
        found = overrides(why, file, (int)s, (int)s, name, len, memo);
        uint32_t first = UINT32_MAX;
        for (uint32_t k = start[s]; k < start[s + 1]; k++)
            if (mark[memo->bases[k].cls] == stamp && memo->bases[k].pos < first)
                first = memo->bases[k].pos;
        for (uint32_t k = start[s]; !found && k < start[s + 1]; k++)
            if (memo->bases[k].pos < first && mark[memo->bases[k].cls] != stamp)
                found = overrides(why, file, memo->bases[k].cls, (int)s, name, len, memo);
    }
    return found;
}

/* overridden_here, asked once per method: the reason (NULL when none) by the binding `b` of the method in `cls` */
static const char *overridden(const struct af_file *file, int cls, const struct af_binding *b, struct coro_memo *memo)
{
    uint32_t i = coro_answer_of(memo, b);
    if (!memo->answers[i].has_why) {
        struct af_buf why = AF_BUF_INIT;
        char *reason = overridden_here(&why, file, cls, b->name, b->len, memo) ? af_strdup(why.ptr) : NULL;
        af_buf_dispose(&why);
        memo->answers[i].why = reason;   /* overridden_here may have grown the array: by index */
        memo->answers[i].has_why = true;
    }
    return memo->answers[i].why;
}

/*
 * `self.m` / `cls.m` (`obj` the callee's object at call `site`) inside a
 * method of the class that defines `m`. An async def that a subclass of this
 * file overrides otherwise is CORO_OVERRIDDEN, the reason in *why.
 */
static enum coro method_of_own_class(const struct af_file *file, const struct af_site *site, TSNode obj, int scope,
                                     struct coro_memo *memo, const char **why)
{
    if (!af_is(obj, af_sym.identifier))
        return NOT_CORO;
    const char *src = file->src->data;
    if (!af_node_text_is(obj, src, "self") && !af_node_text_is(obj, src, "cls"))
        return NOT_CORO;
    int cls = af_sem_method_class(file, scope);
    if (cls < 0)
        return NOT_CORO;
    int method = af_sem_function_scope(file, scope);
    uint32_t len;
    const char *t = af_node_text(obj, src, &len);
    const struct af_binding *self = af_sem_binding_in(file, method, t, len);
    if (!self || self->kind != AF_BIND_PARAMETER || self->count != 1)
        return NOT_CORO;
    /* and it is the method's first parameter */
    TSNode params = af_field_child(file->sem.scopes[method].node, af_field.parameters);
    TSNode first = af_first_named(params);
    if (!af_is(first, af_sym.identifier) || !af_node_text_is(first, src, self->name))
        return NOT_CORO;
    t = af_node_text(af_sem_site_method_name(file, site), src, &len);
    const struct af_binding *b = af_sem_binding_in(file, cls, t, len);
    enum coro kind = b ? local_defs(file, cls, b, memo) : NOT_CORO;
    if (kind == CORO && (*why = overridden(file, cls, b, memo)) != NULL)
        return CORO_OVERRIDDEN;
    return kind;
}

/*
 * `C.m` for a class C of this file that defines `m` (`Repo.fetch(key)` of a
 * staticmethod) at call `site`; `b` is the binding of the object `C` seen
 * from the call (head_binding)
 */
static enum coro method_of_local_class(const struct af_file *file, const struct af_site *site,
                                       const struct af_binding *b, struct coro_memo *memo)
{
    if (!b || b->kind != AF_BIND_CLASS || b->count != 1 || b->mixed)
        return NOT_CORO;
    int cls = af_sem_scope_of(file, b->node);
    if (cls < 0)
        return NOT_CORO;
    uint32_t len;
    const char *t = af_node_text(af_sem_site_method_name(file, site), file->src->data, &len);
    const struct af_binding *m = af_sem_binding_in(file, cls, t, len);
    return m ? local_defs(file, cls, m, memo) : NOT_CORO;
}

/* the binding of the object `obj` of a method call when it is a name, seen from `scope`; else NULL */
static const struct af_binding *head_binding(const struct af_file *file, TSNode obj, int scope)
{
    obj = af_unparen(obj);
    if (!af_is(obj, af_sym.identifier))
        return NULL;
    uint32_t len;
    const char *t = af_node_text(obj, file->src->data, &len);
    return af_sem_lookup(file, scope, t, len);
}

/* true when the name of binding `b` is bound here to anything but one import: it has no qualified name */
static bool local_value(const struct af_binding *b)
{
    return b && (b->kind != AF_BIND_IMPORT || b->mixed);
}

/* whether `call` calls a coroutine function, seen from `scope`; for CORO_OVERRIDDEN the reason in *why */
static enum coro callee_kind(const struct af_file *file, const struct af_site *site, struct af_buf *qual,
                             struct coro_memo *memo, const char **why)
{
    int scope = site->scope;
    TSNode fn = af_unparen(af_sem_site_callee(file, site));
    if (af_is(fn, af_sym.identifier)) {
        uint32_t len;
        const char *t = af_node_text(fn, file->src->data, &len);
        const struct af_binding *b = af_sem_lookup(file, scope, t, len);
        if (b && (b->kind == AF_BIND_ASYNC_FUNCTION || b->kind == AF_BIND_FUNCTION))
            return local_defs(file, b->scope, b, memo);
        if (!b || b->kind != AF_BIND_IMPORT)
            return NOT_CORO;
    } else if (af_is(fn, af_sym.attribute)) {
        TSNode obj = af_sem_site_method_object(file, site);   /* the parts of fn, kept by the site */
        enum coro k = method_of_own_class(file, site, obj, scope, memo, why);
        if (k != NOT_CORO)
            return k;
        const struct af_binding *b = head_binding(file, obj, scope);   /* looked up once: both ask */
        k = method_of_local_class(file, site, b, memo);
        if (k != NOT_CORO || local_value(b))
            return k;
    } else {
        return NOT_CORO;
    }
    if (af_sem_site_callee_qualname(qual, file, site) < 0)   /* af_sem_qualname of fn, kept by the site */
        return NOT_CORO;
    return by_qualname(file, qual->ptr);
}

/* true when `call` is the whole of an expression statement */
static bool is_statement(const struct af_site *site)
{
    if (!af_is(site->parent, af_sym.expression_statement))
        return false;
    uint32_t n = ts_node_named_child_count(site->parent), named = 0;
    if (n == 1)
        return true;   /* the call itself */
    for (uint32_t i = 0; i < n; i++)
        if (!af_is(ts_node_named_child(site->parent, i), af_sym.comment))
            named++;
    return named == 1;
}

/* the callee as written, shortened for a message */
static void callee_text(struct af_buf *out, const struct af_file *file, TSNode call)
{
    uint32_t len;
    const char *t = af_node_text(af_field_child(call, af_field.function), file->src->data, &len);
    af_buf_clear(out);
    if (len > 60 || memchr(t, '\n', len))
        af_buf_puts(out, "...");
    else
        af_buf_put(out, t, len);
}

/* ---- AF201 ---- */

static void check_af201(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT;
    struct coro_memo memo = { 0 };
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        if (!is_statement(site))
            continue;
        const char *why = NULL;
        enum coro kind = callee_kind(file, site, &qual, &memo, &why);
        if (kind == NOT_CORO)
            continue;
        callee_text(&name, file, site->node);
        const char *where = af_sem_scope_name(file, site->scope);
        if (!af_sem_in_async(file, site->scope)) {
            if (kind == CORO_FUTURE)
                af_report(sink, site->node, NULL,
                          "`%s()` is never awaited: its results and exceptions are lost; `await` is impossible "
                          "%s%s%s", name.ptr, where ? "here: `" : "outside a function", where ? where : "",
                          where ? "` is not an async function" : "");
            else if (where)
                af_report(sink, site->node, NULL,
                          "coroutine `%s()` is never awaited, so it never runs; `await` is impossible "
                          "here: `%s` is not an async function", name.ptr, where);
            else
                af_report(sink, site->node, NULL,
                          "coroutine `%s()` is never awaited, so it never runs; `await` is impossible "
                          "outside a function: run it with `asyncio.run()`", name.ptr);
            continue;
        }
        if (kind == CORO_DECORATED) {
            af_report(sink, site->node, NULL,
                      "coroutine `%s()` is never awaited (not fixed: a decorator may make it "
                      "return something else)", name.ptr);
            continue;
        }
        if (kind == CORO_OVERRIDDEN) {
            af_report(sink, site->node, NULL, "coroutine `%s()` is never awaited, so it never runs (not fixed: %s)",
                      name.ptr, why);
            continue;
        }
        struct af_fix *fix = af_fix_new(kind == CORO ? AF_SAFE : AF_UNSAFE);
        af_rewrite_await(fix, file, site->node);
        af_fix_set_message(fix, "Add `await`");
        if (kind == CORO_FUTURE)
            af_report(sink, site->node, fix,
                      "`%s()` is never awaited: its results and exceptions are lost", name.ptr);
        else
            af_report(sink, site->node, fix, "coroutine `%s()` is never awaited, so it never runs",
                      name.ptr);
    }
    coro_memo_dispose(&memo);
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
}

/* ---- `v = call`: a name bound and never used (AF202, AF203) ---- */

/*
 * The name `v` of a `v = call` assignment (an annotation allowed) to a plain
 * name in a function or at module level, or a null node: the cheap half of
 * assigned_name.
 */
static TSNode assigned_candidate(const struct af_file *file, const struct af_site *site)
{
    if (!af_is(site->parent, af_sym.assignment))
        return af_null_node();
    TSNode left, right;
    af_sem_site_assignment(file, site, &left, &right);   /* kept by the site: AF205 asks too */
    if (!ts_node_eq(right, site->node))
        return af_null_node();
    int fs = af_sem_function_scope(file, site->scope);
    enum af_scope_kind kind = file->sem.scopes[fs].kind;
    if (!af_is(left, af_sym.identifier) || fs != site->scope ||
        (kind != AF_SCOPE_FUNCTION && kind != AF_SCOPE_MODULE))
        return af_null_node();
    return left;
}

/* true when the assignment of `left` (assigned_candidate) is a statement binding a local name */
static bool assigned_local(const struct af_file *file, const struct af_site *site, TSNode left)
{
    /* ts_node_parent descends from the root: asked after the cheap questions */
    if (!af_is(ts_node_parent(site->parent), af_sym.expression_statement))
        return false;
    uint32_t len;
    const char *name = af_node_text(left, file->src->data, &len);
    const struct af_binding *b = af_sem_binding_in(file, af_sem_function_scope(file, site->scope), name, len);
    /* `global v` / `nonlocal v`: stored beyond the function */
    return b && b->kind != AF_BIND_GLOBAL;
}

/*
 * The name `v` of a `v = call` statement (an annotation allowed) that is a
 * local variable of a function or a module-level name, or a null node.
 */
static TSNode assigned_name(const struct af_file *file, const struct af_site *site)
{
    TSNode left = assigned_candidate(file, site);
    return !ts_node_is_null(left) && assigned_local(file, site, left) ? left : af_null_node();
}

/* true when an identifier `name` other than `skip` occurs under `root` */
static bool used_elsewhere(const struct af_file *file, TSNode root, TSNode skip, const char *name,
                           uint32_t len)
{
    const TSNode *uses;
    size_t n = af_sem_name_uses(file, root, name, len, &uses);
    for (size_t i = 0; i < n; i++)
        if (!ts_node_eq(uses[i], skip))
            return true;
    return false;
}

/* true when a string of a module-level `__all__ = [...]` (or `+=`) is `name` */
static bool exported(const struct af_file *file, const char *name, uint32_t len)
{
    const struct af_block_stmts *bs = af_sem_block_stmts(file, file->root);
    const char *src = file->src->data;
    for (uint32_t i = 0; bs && i < bs->n; i++) {
        TSNode a = af_first_named(bs->stmts[i]);
        if (!af_is(bs->stmts[i], af_sym.expression_statement) ||
            (!af_is(a, af_sym.assignment) && !af_is(a, af_sym.augmented_assignment)) ||
            !af_node_text_is(af_field_child(a, af_field.left), src, "__all__"))
            continue;
        TSNode list = af_unparen(af_field_child(a, af_field.right));
        for (TSNode it = ts_node_named_child(list, 0); !ts_node_is_null(it); it = ts_node_next_named_sibling(it)) {
            TSNode content = af_is(it, af_sym.string) ? af_first_named(it) : af_null_node();
            while (!ts_node_is_null(content) && !af_is(content, af_sym.string_content))
                content = ts_node_next_named_sibling(content);
            uint32_t clen;
            const char *t = ts_node_is_null(content) ? NULL : af_node_text(content, src, &clen);
            if (t && clen == len && memcmp(t, name, len) == 0)
                return true;
        }
    }
    return false;
}

/*
 * True when the name a `v = call` statement binds (assigned_name) is used
 * nowhere else: in its function, or for a module-level name in the whole
 * file and not listed in `__all__`.
 */
static bool never_used(const struct af_file *file, const struct af_site *site, TSNode name)
{
    int fs = af_sem_function_scope(file, site->scope);
    uint32_t len;
    const char *var = af_node_text(name, file->src->data, &len);
    if (file->sem.scopes[fs].kind == AF_SCOPE_MODULE)
        return !used_elsewhere(file, file->root, name, var, len) && !exported(file, var, len);
    return !used_elsewhere(file, file->sem.scopes[fs].node, name, var, len);
}

/* ---- AF202 ---- */

static bool is_loop_expr(const struct af_file *file, TSNode obj, int scope)
{
    obj = af_unparen(obj);
    const char *src = file->src->data;
    TSNode name = obj;
    if (af_is(obj, af_sym.attribute))
        name = af_field_child(obj, af_field.attribute);
    if (af_is(name, af_sym.identifier)) {
        uint32_t len;
        const char *t = af_node_text(name, src, &len);
        return len >= 4 && memcmp(t + len - 4, "loop", 4) == 0;
    }
    if (af_is(obj, af_sym.call)) {
        TSNode fn = af_field_child(obj, af_field.function);
        return af_sem_refers_to(file, fn, scope, "asyncio.get_event_loop") ||
               af_sem_refers_to(file, fn, scope, "asyncio.get_running_loop") ||
               af_sem_refers_to(file, fn, scope, "asyncio.new_event_loop");
    }
    return false;
}

/* true when `site` creates a task: asyncio.create_task/ensure_future, an event loop's create_task */
static bool is_task_call(const struct af_file *file, const struct af_site *site, struct af_buf *qual)
{
    TSNode fn = af_unparen(af_sem_site_callee(file, site));
    bool create_task = false;
    if (af_is(fn, af_sym.attribute)) {
        /* a chain's qualified name ends in its last name: no need to resolve any other */
        TSNode attr = af_sem_site_method_name(file, site);
        create_task = af_node_text_is(attr, file->src->data, "create_task");
        if (!create_task && !af_node_text_is(attr, file->src->data, "ensure_future"))
            return false;
    }
    if (af_sem_site_callee_qualname(qual, file, site) == 0 &&
        (!strcmp(qual->ptr, "asyncio.create_task") || !strcmp(qual->ptr, "asyncio.ensure_future")))
        return true;
    return create_task && is_loop_expr(file, af_sem_site_method_object(file, site), site->scope);
}

static void check_af202(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        bool statement = is_statement(site);
        if ((!statement && !af_is(site->parent, af_sym.assignment)) || !is_task_call(file, site, &qual))
            continue;
        callee_text(&name, file, site->node);
        if (statement) {
            af_report(sink, site->node, NULL,
                      "the task of `%s()` is not kept: it may be garbage-collected before it finishes "
                      "and its exception is never seen; keep a reference", name.ptr);
            continue;
        }
        TSNode var = assigned_name(file, site);
        if (ts_node_is_null(var) || !never_used(file, site, var))
            continue;
        uint32_t len;
        const char *v = af_node_text(var, file->src->data, &len);
        af_report(sink, site->node, NULL,
                  "the task of `%s()` is assigned to `%.*s`, which is never used: the task may be "
                  "garbage-collected before it finishes and its exception is never seen; keep a reference",
                  name.ptr, (int)len, v);
    }
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
}

/* ---- AF203 ---- */

static void check_af203(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT;
    struct coro_memo memo = { 0 };
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        TSNode left = assigned_candidate(file, site);
        if (ts_node_is_null(left))
            continue;
        const char *over = NULL;
        enum coro kind = callee_kind(file, site, &qual, &memo, &over);
        if ((kind != CORO && kind != CORO_DECORATED && kind != CORO_OVERRIDDEN) || !assigned_local(file, site, left) ||
            !never_used(file, site, left))
            continue;
        uint32_t len;
        const char *var = af_node_text(left, file->src->data, &len);
        callee_text(&name, file, site->node);
        bool in_async = af_sem_in_async(file, site->scope);
        struct af_fix *fix = NULL;
        if (kind == CORO && in_async) {
            fix = af_fix_new(AF_UNSAFE);
            af_rewrite_await(fix, file, site->node);
            af_fix_set_message(fix, "Add `await`");
        }
        const char *why = in_async ? ""
                          : sem->scopes[site->scope].kind == AF_SCOPE_MODULE
                              ? " (`await` is impossible at module level)"
                              : " (`await` is impossible in a sync function)";
        if (kind == CORO_OVERRIDDEN && in_async)
            af_report(sink, site->node, NULL,
                      "coroutine `%s()` is stored in `%.*s` and never awaited, returned or passed on (not fixed: %s)",
                      name.ptr, (int)len, var, over);
        else
            af_report(sink, site->node, fix,
                      "coroutine `%s()` is stored in `%.*s` and never awaited, returned or passed on%s",
                      name.ptr, (int)len, var, why);
    }
    coro_memo_dispose(&memo);
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
}

/* ---- AF204 ---- */

/* true when `node`, parentheses aside, is the operand of an `await` */
static bool is_awaited(TSNode node)
{
    TSNode parent = ts_node_parent(node);
    while (af_is(parent, af_sym.parenthesized_expression))
        parent = ts_node_parent(parent);
    return af_is(parent, af_sym.await);
}

/* the only argument of `call` when it is a call and nothing else (no comment) is between the parentheses */
static TSNode single_call_argument(TSNode call)
{
    TSNode args = af_field_child(call, af_field.arguments);
    if (!af_is(args, af_sym.argument_list) || ts_node_named_child_count(args) != 1)
        return af_null_node();
    TSNode arg = ts_node_named_child(args, 0);
    return af_is(arg, af_sym.call) ? arg : af_null_node();
}

static void check_af204(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT;
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);   /* the calls in async code */
    for (uint32_t k = 0; k < nasync; k++) {
        const struct af_site *site = &sem->calls.items[async[k]];
        if (!af_sem_in_async(file, site->scope))
            continue;
        if (af_sem_site_callee_qualname(&qual, file, site) < 0 || strcmp(qual.ptr, "asyncio.run") != 0)
            continue;
        TSNode arg = single_call_argument(site->node);
        struct af_fix *fix = NULL;
        /* `await asyncio.run(f())`: `await await f()` does not parse, and awaiting f's result is no fix */
        if (!ts_node_is_null(arg) && !is_awaited(site->node)) {
            uint32_t len;
            const char *t = af_node_text(arg, file->src->data, &len);
            bool parens = af_node_await_needs_parens(site->node);
            struct af_buf text = AF_BUF_INIT;
            af_buf_printf(&text, "%sawait %.*s%s", parens ? "(" : "", (int)len, t, parens ? ")" : "");
            fix = af_fix_new(AF_UNSAFE);
            af_fix_replace(fix, ts_node_start_byte(site->node), ts_node_end_byte(site->node), text.ptr,
                           text.size);
            af_fix_set_message(fix, "Replace with `await` of the coroutine");
            af_buf_dispose(&text);
        }
        af_report(sink, site->node, fix,
                  "`asyncio.run()` in async function `%s` raises RuntimeError (an event loop is "
                  "already running) and its coroutine is never awaited",
                  af_sem_scope_name(file, site->scope));
    }
    af_buf_dispose(&qual);
}

/* ---- AF205 ---- */

/* how a call's value is used where it is written: AF205 reports every use but USE_NONE */
enum value_use {
    USE_NONE,          /* awaited, a statement (AF201), assigned (AF203), stored, passed on, yielded */
    USE_CONDITION,     /* `if f():`, `not f()`, `f() or x` */
    USE_COMPARISON,    /* `f() is None`, `x in f()` */
    USE_OPERATOR,      /* `f() + 1`, `-f()`, `n += f()` */
    USE_FORMAT,        /* `f"{f()}"`, `"{}".format(f())`, `"%s" % f()` */
    USE_ATTRIBUTE,     /* `f().name` */
    USE_SUBSCRIPT,     /* `f()[0]` */
    USE_UNPACK,        /* `a, b = f()`, `g(*f())`, `{**f()}` */
    USE_ITERATE,       /* `for x in f():` */
    USE_BUILTIN,       /* `str(f())`, `len(f())`, `print(f())` */
    USE_RETURN,        /* `return f()` in an async def */
    USE_ASYNC_WITH,    /* `async with f() as x:` */
};

/* what each use does with the coroutine object, after "its value " */
static const char *const use_text[] = {
    [USE_NONE] = "is used",
    [USE_CONDITION] = "is tested for truth, and a coroutine object is always true",
    [USE_COMPARISON] = "is compared: the comparison sees the coroutine object, never its result",
    [USE_OPERATOR] = "is an operand: a coroutine object supports no operator (TypeError)",
    [USE_FORMAT] = "is formatted: it shows as `<coroutine object ...>`",
    [USE_ATTRIBUTE] = "has an attribute read: the coroutine object has none of its result's (AttributeError)",
    [USE_SUBSCRIPT] = "is subscripted: a coroutine object is not subscriptable (TypeError)",
    [USE_UNPACK] = "is unpacked: a coroutine object is neither iterable nor a mapping (TypeError)",
    [USE_ITERATE] = "is iterated: a coroutine object is not iterable (TypeError)",
    [USE_BUILTIN] = "is passed to a builtin that reads the coroutine object, not its result",
    [USE_RETURN] = ("is returned from an async function, whose awaiting caller gets this coroutine back, "
                    "never awaited"),
    [USE_ASYNC_WITH] = ("is entered with `async with`, and a coroutine object is no async context manager "
                        "(TypeError); `async with await` enters what it returns"),
};

/* builtins that read the value they are given (`str(f())` shows `<coroutine object ...>`) */
static const char *const reading_builtins[] = {
    "str", "repr", "format", "print", "bool", "int", "float", "len", "list", "tuple", "set", "dict",
    "sorted", "sum", "min", "max", "abs", "round", "any", "all", "iter", "next", "enumerate", "zip",
};

/* what a coroutine object has of its own: `f().__await__()` and `f().close()` use the coroutine */
static const char *const coroutine_attributes[] = {
    "send", "throw", "close", "__await__", "cr_await", "cr_frame", "cr_running", "cr_code",
    "cr_origin", "cr_suspended", "__name__", "__qualname__",
};

static bool in_list(const char *const *list, size_t n, const char *s, uint32_t len)
{
    for (size_t i = 0; i < n; i++)
        if (af_streq(s, len, list[i]))
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool is_string(TSNode node)
{
    return af_is(node, af_sym.string) || af_is(node, af_sym.concatenated_string);
}

/* the use of `node`, an argument of `args`: a builtin that reads it (its name in *builtin), `"...".format` */
static enum value_use argument_use(const struct af_file *file, TSNode args, int scope, struct af_buf *builtin)
{
    TSNode fn = af_unparen(af_field_child(ts_node_parent(args), af_field.function));
    if (af_is(fn, af_sym.attribute))
        return af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "format") &&
               is_string(af_unparen(af_field_child(fn, af_field.object))) ? USE_FORMAT : USE_NONE;
    if (af_sem_qualname(builtin, file, fn, scope) < 0 || strncmp(builtin->ptr, "builtins.", 9) != 0 ||
        !in_list(reading_builtins, COUNT(reading_builtins), builtin->ptr + 9, (uint32_t)builtin->size - 9))
        return USE_NONE;
    memmove(builtin->ptr, builtin->ptr + 9, builtin->size - 9 + 1);
    builtin->size -= 9;
    return USE_BUILTIN;
}

/* true when `node` is the condition of the conditional expression `parent` (`a if node else b`) */
static bool is_condition_of(TSNode parent, TSNode node)
{
    TSNode items[3];
    return af_node_items(parent, items, 3) == 3 && ts_node_eq(items[1], node);
}

/*
 * The use of the value of `site`'s call where it is written. Parentheses,
 * the branches of `a if c else b` and the right operand of `and`/`or` pass
 * the use of the whole expression on.
 */
static enum value_use value_use(const struct af_file *file, const struct af_site *site, struct af_buf *builtin)
{
    const char *src = file->src->data;
    TSNode node = site->node, parent = site->parent;
    for (;;) {
        if (af_is(parent, af_sym.conditional_expression)) {
            if (is_condition_of(parent, node))
                return USE_CONDITION;
        } else if (af_is(parent, af_sym.boolean_operator)) {
            if (af_node_is_field(parent, af_field.left, node))
                return USE_CONDITION;
        } else if (!af_is(parent, af_sym.parenthesized_expression)) {
            break;
        }
        node = parent;
        parent = ts_node_parent(parent);
    }
    TSSymbol s = ts_node_symbol(parent);
    /* `async with f() as x:`: the item's value is the as_pattern's first child */
    if (s == af_sym.as_pattern && ts_node_eq(af_first_named(parent), node) &&
        af_is(ts_node_parent(parent), af_sym.with_item)) {
        node = parent;
        parent = ts_node_parent(parent);
        s = af_sym.with_item;
    }
    if (s == af_sym.with_item) {
        TSNode with = ts_node_parent(ts_node_parent(parent));   /* with_clause, with_statement */
        return af_is(with, af_sym.with_statement) && af_node_is_async(with) ? USE_ASYNC_WITH : USE_NONE;
    }
    if (s == af_sym.if_statement || s == af_sym.elif_clause || s == af_sym.while_statement)
        return af_node_is_field(parent, af_field.condition, node) ? USE_CONDITION : USE_NONE;
    if (s == af_sym.assert_statement)
        return ts_node_eq(af_first_named(parent), node) ? USE_CONDITION : USE_NONE;
    if (s == af_sym.not_operator || s == af_sym.if_clause)
        return USE_CONDITION;
    if (s == af_sym.comparison_operator)
        return USE_COMPARISON;
    if (s == af_sym.binary_operator)
        return af_node_text_is(af_field_child(parent, af_field.operator), src, "%") &&
               af_node_is_field(parent, af_field.right, node) && is_string(af_unparen(af_field_child(parent, af_field.left)))
                   ? USE_FORMAT : USE_OPERATOR;
    if (s == af_sym.unary_operator)
        return USE_OPERATOR;
    if (s == af_sym.augmented_assignment)
        return af_node_is_field(parent, af_field.right, node) ? USE_OPERATOR : USE_NONE;
    if (s == af_sym.interpolation || s == af_sym.format_expression)
        return USE_FORMAT;
    if (s == af_sym.attribute) {
        if (!af_node_is_field(parent, af_field.object, node))
            return USE_NONE;
        uint32_t len;
        const char *attr = af_node_text(af_field_child(parent, af_field.attribute), src, &len);
        return in_list(coroutine_attributes, COUNT(coroutine_attributes), attr, len) ? USE_NONE : USE_ATTRIBUTE;
    }
    if (s == af_sym.subscript)
        return af_node_is_field(parent, af_field.value, node) ? USE_SUBSCRIPT : USE_NONE;
    if (s == af_sym.assignment) {
        TSNode left = af_field_child(parent, af_field.left);
        return af_node_is_field(parent, af_field.right, node) &&
               (af_is(left, af_sym.pattern_list) || af_is(left, af_sym.tuple_pattern) || af_is(left, af_sym.list_pattern))
                   ? USE_UNPACK : USE_NONE;
    }
    if (s == af_sym.list_splat || s == af_sym.dictionary_splat)
        return USE_UNPACK;
    if (s == af_sym.for_statement || s == af_sym.for_in_clause)
        return af_node_is_field(parent, af_field.right, node) ? USE_ITERATE : USE_NONE;
    if (s == af_sym.argument_list)
        return argument_use(file, parent, site->scope, builtin);
    if (s == af_sym.return_statement) {
        /* from a sync def (a factory) it is handed on; from an async def its caller gets it unawaited */
        const struct af_scope *sc = &file->sem.scopes[af_sem_function_scope(file, site->scope)];
        return sc->kind == AF_SCOPE_FUNCTION && sc->is_async ? USE_RETURN : USE_NONE;
    }
    return USE_NONE;
}

/*
 * False when value_use of `site` (`s` the symbol of its parent) is surely USE_NONE, by cheap
 * questions only (no climb through ts_node_parent): asked before whether the callee is a
 * coroutine function at all, which costs more.
 */
static bool may_be_used(const struct af_file *file, const struct af_site *site, TSSymbol s)
{
    if (s == af_sym.with_item || (s == af_sym.as_pattern && af_is(site->grandparent, af_sym.with_item))) {
        /* an item of the with statement that starts last before the call: is it an `async with`? */
        const struct af_site_list *withs = &file->sem.withs;
        uint32_t i = af_sem_site_from(withs, ts_node_start_byte(site->node));
        return i > 0 && af_node_is_async(withs->items[i - 1].node);
    }
    if (s == af_sym.assignment) {
        TSNode left, right;
        af_sem_site_assignment(file, site, &left, &right);
        return af_is(left, af_sym.pattern_list) || af_is(left, af_sym.tuple_pattern) ||
               af_is(left, af_sym.list_pattern);
    }
    if (s == af_sym.return_statement) {
        const struct af_scope *sc = &file->sem.scopes[af_sem_function_scope(file, site->scope)];
        return sc->kind == AF_SCOPE_FUNCTION && sc->is_async;
    }
    return s == af_sym.conditional_expression || s == af_sym.boolean_operator ||
           s == af_sym.parenthesized_expression || s == af_sym.if_statement || s == af_sym.elif_clause ||
           s == af_sym.while_statement || s == af_sym.assert_statement || s == af_sym.not_operator ||
           s == af_sym.if_clause || s == af_sym.comparison_operator || s == af_sym.binary_operator ||
           s == af_sym.unary_operator || s == af_sym.augmented_assignment || s == af_sym.interpolation ||
           s == af_sym.format_expression || s == af_sym.attribute || s == af_sym.subscript ||
           s == af_sym.list_splat || s == af_sym.dictionary_splat || s == af_sym.for_statement ||
           s == af_sym.for_in_clause || s == af_sym.argument_list;
}

/* why `await` cannot be written at `scope`, where af_sem_in_async is false */
static void no_await_reason(struct af_buf *out, const struct af_file *file, int scope)
{
    const struct af_scope *sc = &file->sem.scopes[af_sem_function_scope(file, scope)];
    af_buf_clear(out);
    if (sc->kind == AF_SCOPE_MODULE)
        af_buf_puts(out, "`await` is impossible at module level");
    else if (sc->kind == AF_SCOPE_GENERATOR)
        af_buf_puts(out, "`await` is impossible in a generator expression (it would make it an async generator)");
    else if (sc->kind == AF_SCOPE_CLASS)
        af_buf_printf(out, "`await` is impossible in the body of class `%s`", sc->name ? sc->name : "?");
    else if (sc->kind == AF_SCOPE_LAMBDA)
        af_buf_puts(out, "`await` is impossible in a lambda");
    else
        af_buf_printf(out, "`await` is impossible here: `%s` is not an async function", sc->name ? sc->name : "?");
}

/* true when `target` (an assignment's left side) names state other tasks see: an attribute, an item, a global */
static bool shared_target(const struct af_file *file, TSNode target, int scope)
{
    target = af_unparen(target);
    if (af_is(target, af_sym.attribute) || af_is(target, af_sym.subscript))
        return true;
    if (!af_is(target, af_sym.identifier))
        return false;
    int fn = af_sem_function_scope(file, scope);
    if (file->sem.scopes[fn].kind == AF_SCOPE_MODULE)
        return true;
    uint32_t len;
    const char *name = af_node_text(target, file->src->data, &len);
    const struct af_binding *b = af_sem_binding_in(file, fn, name, len);
    return !b || b->kind == AF_BIND_GLOBAL;
}

/*
 * The shared target that the statement holding `call` reads before the call
 * and writes after it (`self.n += f()`, `total = total + f()` with `total`
 * global), into `out`; false when there is none. Awaiting the call there
 * lets another task change the target in between: a lost update.
 */
static bool read_then_write(struct af_buf *out, const struct af_file *file, TSNode call, int scope)
{
    const char *src = file->src->data;
    for (TSNode n = ts_node_parent(call); !ts_node_is_null(n); n = ts_node_parent(n)) {
        TSSymbol s = ts_node_symbol(n);
        if (s == af_sym.expression_statement || s == af_sym.block || s == af_sym.lambda ||
            s == af_sym.function_definition || s == af_sym.module)
            break;
        if (s != af_sym.augmented_assignment && s != af_sym.assignment)
            continue;
        TSNode left = af_field_child(n, af_field.left), right = af_field_child(n, af_field.right);
        if (ts_node_is_null(left) || ts_node_is_null(right) || !shared_target(file, left, scope))
            continue;
        /* `x += ...` reads x first; `x = ... x ... f()` and `d[k] = d.get(k) + f()` read it before the call */
        TSNode target = af_unparen(left), state = af_is(target, af_sym.subscript)
                                                      ? af_unparen(af_field_child(target, af_field.value)) : target;
        uint32_t llen, slen, rlen;
        const char *ltext = af_node_text(target, src, &llen), *stext = af_node_text(state, src, &slen);
        const char *rtext = af_node_text(right, src, &rlen);
        uint32_t before = ts_node_start_byte(call) - ts_node_start_byte(right);
        bool reads = s == af_sym.augmented_assignment ||
                     (before <= rlen && memmem(rtext, before, stext, slen) != NULL);
        if (reads) {
            af_buf_clear(out);
            af_buf_put(out, ltext, llen);
            return true;
        }
    }
    return false;
}

/*
 * Library calls whose object is an async context manager as well as
 * awaitable: `return aiofiles.open(p)` hands the caller what it enters with
 * `async with await f(...)`, so a value use is not a missing await.
 */
static bool both_awaitable_and_cm(const char *qual)
{
    return qual && (strcmp(qual, "aiofiles.open") == 0 || strcmp(qual, "aiofiles.threadpool.open") == 0);
}

/*
 * True when the attribute or subscript of `call`'s value (USE_ATTRIBUTE,
 * USE_SUBSCRIPT), through the attributes, subscripts and calls built on it,
 * is the operand of an `await`: `await f()[0]`, `await f().name`,
 * `await f().json()`. That await was meant for the call, and whether the
 * result's item needs one too is unknown: `await (await f())[0]` fails
 * when the item is not awaitable, `(await f())[0]` when it is.
 */
static bool item_under_await(TSNode call)
{
    TSNode node = call, parent = ts_node_parent(call);
    while (af_is(parent, af_sym.parenthesized_expression)) {
        node = parent;
        parent = ts_node_parent(parent);
    }
    if (!(af_is(parent, af_sym.attribute) && af_node_is_field(parent, af_field.object, node)) &&
        !(af_is(parent, af_sym.subscript) && af_node_is_field(parent, af_field.value, node)))
        return false;
    for (;;) {
        node = parent;
        parent = ts_node_parent(parent);
        if (af_is(parent, af_sym.parenthesized_expression) ||
            (af_is(parent, af_sym.attribute) && af_node_is_field(parent, af_field.object, node)) ||
            (af_is(parent, af_sym.subscript) && af_node_is_field(parent, af_field.value, node)) ||
            (af_is(parent, af_sym.call) && af_node_is_field(parent, af_field.function, node)))
            continue;
        return af_is(parent, af_sym.await);
    }
}

static void check_af205(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT, builtin = AF_BUF_INIT, msg = AF_BUF_INIT;
    struct coro_memo memo = { 0 };
    struct af_buf shared_name = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        /* the common uses that are not AF205's, before any look-up */
        TSSymbol ps = ts_node_symbol(site->parent);
        if (ps == af_sym.await || ps == af_sym.expression_statement || ps == af_sym.keyword_argument ||
            ps == af_sym.list || ps == af_sym.tuple || ps == af_sym.lambda || !may_be_used(file, site, ps))
            continue;
        af_buf_clear(&qual);
        const char *over = NULL;
        enum coro kind = callee_kind(file, site, &qual, &memo, &over);
        if ((kind != CORO && kind != CORO_DECORATED && kind != CORO_OVERRIDDEN) || both_awaitable_and_cm(qual.ptr))
            continue;
        af_buf_clear(&builtin);
        enum value_use use = value_use(file, site, &builtin);
        /* a decorator may make the call return an async context manager */
        if (use == USE_NONE || (use == USE_ASYNC_WITH && kind == CORO_DECORATED))
            continue;
        callee_text(&name, file, site->node);
        af_buf_clear(&msg);
        af_buf_printf(&msg, "coroutine `%s()` is never awaited: its value ", name.ptr);
        const char *where = af_sem_scope_name(file, site->scope);
        if (use == USE_BUILTIN)
            af_buf_printf(&msg, "is passed to `%s()`, which reads the coroutine object, not its result",
                          builtin.ptr);
        else if (use == USE_RETURN)
            af_buf_printf(&msg, "is returned from async function `%s`: a caller that awaits `%s()` gets "
                          "this coroutine back, never awaited", where, where);
        else
            af_buf_puts(&msg, use_text[use]);
        struct af_fix *fix = NULL;
        if (!af_sem_in_async(file, site->scope)) {
            struct af_buf why = AF_BUF_INIT;
            no_await_reason(&why, file, site->scope);
            af_buf_printf(&msg, "; %s", why.ptr);
            af_buf_dispose(&why);
        } else if (kind == CORO_DECORATED) {
            af_buf_puts(&msg, " (not fixed: a decorator may make it return something else)");
        } else if (kind == CORO_OVERRIDDEN) {
            af_buf_printf(&msg, " (not fixed: %s)", over);
        } else if ((use == USE_ATTRIBUTE || use == USE_SUBSCRIPT) && item_under_await(site->node)) {
            const char *what = use == USE_ATTRIBUTE ? "attribute" : "item";
            af_buf_printf(&msg, " (not fixed: the `await` written before it awaits the %s, not `%s()`: "
                          "write `(await %s(...))`, and keep the outer `await` only if the %s is awaitable)",
                          what, name.ptr, name.ptr, what);
        } else {
            bool shared = use != USE_RETURN && read_then_write(&shared_name, file, site->node, site->scope);
            fix = af_fix_new(use == USE_RETURN || shared ? AF_UNSAFE : AF_SAFE);
            af_rewrite_await(fix, file, site->node);
            af_fix_set_message(fix, "Add `await`");
            if (shared)
                af_buf_printf(&msg, " (unsafe fix: `%s` is read before the await and written after it, so "
                              "another task may change it in between; hold an `asyncio.Lock` around the update)",
                              shared_name.ptr);
            if (use == USE_RETURN)
                af_buf_printf(&msg, " (unsafe fix `return await`: a caller that awaits what `%s()` returns "
                              "as a coroutine, `await (await %s())`, would now fail; check its callers)",
                              where, where);
        }
        af_report(sink, site->node, fix, "%s", msg.ptr);
    }
    coro_memo_dispose(&memo);
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
    af_buf_dispose(&builtin);
    af_buf_dispose(&msg);
    af_buf_dispose(&shared_name);
}

const struct af_rule af_rule_af201 = {
    "AF201", "unawaited-coroutine",
    "a coroutine function is called and its coroutine dropped: the call never runs; add `await`",
    "AF201 unawaited-coroutine\n\n"
    "What it does: finds a call of a coroutine function used as a statement: an\n"
    "`async def` of this file, `self.m()`/`cls.m()` of the class defining\n"
    "`async def m`, `C.m()` of a class `C` of this file (a staticmethod or\n"
    "classmethod), a function or method of another project module known from the project\n"
    "index (`from .db import fetch_user`, `db.fetch_user()`), or a library\n"
    "coroutine function (`asyncio.sleep`, `asyncio.wait_for`, `aiofiles.open`, ...).\n\n"
    "Why it is bad: the call only creates a coroutine object; its body never runs\n"
    "and Python just warns \"coroutine ... was never awaited\" at run time.\n\n"
    "Example:\n"
    "    async def main():\n"
    "        save_user(u)\n\n"
    "Use instead:\n"
    "    async def main():\n"
    "        await save_user(u)\n\n"
    "Fix (safe) inside an `async def`. In a sync function or at module level it\n"
    "is reported without a fix: `await` cannot be written there. `asyncio.gather(...)`\n"
    "as a statement gets an unsafe fix (its tasks already run without the await).\n"
    "A decorated async def (other than overload, staticmethod, classmethod,\n"
    "abstractmethod, override) is reported but never fixed. So is `self.m()`\n"
    "when a class of this file that derives from the class binds `m` other than\n"
    "by an async def (a sync `def`, an assignment, a property), or a class named\n"
    "before the base in such a class's bases does: `await` would fail in its\n"
    "instances. Subclasses in other modules are not seen.\n\n"
    "Left alone: a call that is awaited, returned, yielded, passed on (to\n"
    "`asyncio.gather`, `create_task`, `wait_for`) or stored; a name rebound in its\n"
    "scope; a sync function of the same name in another module; an async\n"
    "generator (an async def with `yield`: not awaitable); `self.m()` of a sync\n"
    "`def m` that a subclass makes async; .pyi stubs.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af201,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
};

const struct af_rule af_rule_af202 = {
    "AF202", "dangling-task",
    "the task of `asyncio.create_task()` is not kept: it can be garbage-collected mid-flight",
    "AF202 dangling-task\n\n"
    "What it does: finds `asyncio.create_task(...)`, `asyncio.ensure_future(...)`\n"
    "and `loop.create_task(...)` used as a statement, their task discarded, or\n"
    "assigned to a name that is used nowhere else: in its function, or for a\n"
    "module-level name in the whole file (ruff's RUF006 does the same).\n\n"
    "Why it is bad: the event loop keeps only a weak reference to tasks; a task\n"
    "nobody references may be garbage-collected before it completes, and an\n"
    "exception it raises is never retrieved.\n\n"
    "Example:\n"
    "    async def main():\n"
    "        asyncio.create_task(worker())\n\n"
    "Use instead:\n"
    "    background = set()\n"
    "    async def main():\n"
    "        task = asyncio.create_task(worker())\n"
    "        background.add(task)\n"
    "        task.add_done_callback(background.discard)\n\n"
    "or an `asyncio.TaskGroup` (its `tg.create_task(...)` is not reported).\n"
    "No fix: where to keep the task is the program's decision.\n\n"
    "Left alone: a task stored (an attribute, a list, a set), passed on, a name\n"
    "used anywhere else in its function (any branch: `if c: t = create_task(..)\n"
    "else: t = None` then `await t`), a name declared `global` or `nonlocal`.\n",
    check_af202,
    .fix = AF_FIX_NEVER,
};

const struct af_rule af_rule_af203 = {
    "AF203", "coroutine-never-awaited",
    "`x = f()` stores a coroutine that is never awaited, returned or passed on",
    "AF203 coroutine-never-awaited\n\n"
    "What it does: finds `x = f()`, `f` a coroutine function, when `x` is not\n"
    "used anywhere else: in a function, anywhere else in that function; at module\n"
    "level, anywhere else in the file, and `x` is not listed in `__all__` (another\n"
    "module importing `x` is not seen).\n\n"
    "Why it is bad: the coroutine is created and dropped; `f`'s body never runs.\n\n"
    "Example:\n"
    "    async def main():\n"
    "        user = fetch_user(1)\n\n"
    "Use instead:\n"
    "    async def main():\n"
    "        user = await fetch_user(1)\n\n"
    "Fix (unsafe, with --unsafe-fixes) inside an `async def`: `x = await f()`.\n"
    "Unsafe because `f` now runs, and at this point of the function. In a sync\n"
    "function or at module level it is reported only, and so is `self.m()` that\n"
    "a subclass of this file overrides other than by an async def (as AF201).\n\n"
    "Left alone: `x` used anywhere else (awaited, returned, passed on, stored,\n"
    "read by a nested def, by a function of the module for a module-level `x`),\n"
    "`x` declared `global`/`nonlocal`, attributes, items and class attributes.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af203,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
};

const struct af_rule af_rule_af204 = {
    "AF204", "asyncio-run-in-async",
    "`asyncio.run()` inside an async function raises RuntimeError; await the coroutine",
    "AF204 asyncio-run-in-async\n\n"
    "What it does: finds `asyncio.run(...)` directly inside an `async def`.\n\n"
    "Why it is bad: `asyncio.run` starts a new event loop and refuses to run\n"
    "inside a running one: it raises RuntimeError, and the coroutine passed to\n"
    "it is never awaited.\n\n"
    "Example:\n"
    "    async def main():\n"
    "        asyncio.run(refresh())\n\n"
    "Use instead:\n"
    "    async def main():\n"
    "        await refresh()\n\n"
    "Fix (unsafe, with --unsafe-fixes) when the only argument is a call and the\n"
    "`asyncio.run(...)` is not itself awaited:\n"
    "`asyncio.run(f(x))` -> `await f(x)`. Unsafe: the original always raised, the\n"
    "rewrite runs `f` in the running loop (no fresh loop, no shutdown of async\n"
    "generators or the default executor at its end).\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af204,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
};

const struct af_rule af_rule_af205 = {
    "AF205", "coroutine-used-as-value",
    "a coroutine's value is used where its result was meant (`if f() is None`, `f() + 1`); add `await`",
    "AF205 coroutine-used-as-value\n\n"
    "What it does: finds the call of a coroutine function (as AF201 knows them:\n"
    "an `async def` of this file, `self.m()`/`cls.m()`, `C.m()` of a class of\n"
    "this file, a function or method of another project module, a library\n"
    "coroutine function) whose value is used right where it is written:\n"
    "  - tested for truth: `if f():`, `while f():`, `not f()`, `f() or x`,\n"
    "    `a if f() else b`, `assert f()`, a comprehension's `if`;\n"
    "  - compared: `f() is None`, `f() == 0`, `x in f()`;\n"
    "  - an operand: `f() + 1`, `-f()`, `n += f()`;\n"
    "  - formatted: `f\"{f()}\"`, `\"{}\".format(f())`, `\"%s\" % f()`;\n"
    "  - an attribute read or a subscript: `f().name`, `f()[0]`;\n"
    "  - unpacked or iterated: `a, b = f()`, `g(*f())`, `for x in f():`;\n"
    "  - passed to a builtin that reads it: `str`, `repr`, `format`, `print`,\n"
    "    `bool`, `int`, `float`, `len`, `list`, `tuple`, `set`, `dict`, `sorted`,\n"
    "    `sum`, `min`, `max`, `abs`, `round`, `any`, `all`, `iter`, `next`,\n"
    "    `enumerate`, `zip`;\n"
    "  - returned from an `async def`: `return f()`;\n"
    "  - entered with `async with f() as x:` (`async with trio.open_file(p)`):\n"
    "    a coroutine object is no async context manager (TypeError).\n\n"
    "Why it is bad: the call only makes a coroutine object; `f`'s body never runs\n"
    "and the code reads the object instead of the result: a coroutine is always\n"
    "true, never None, shows as `<coroutine object ...>`, and raises TypeError\n"
    "or AttributeError where the result was expected. An async def that returns\n"
    "`f()` hands its awaiting caller a second coroutine instead of a result.\n\n"
    "Example:\n"
    "    async def join(room):\n"
    "        if get_room_info(room) is None:\n"
    "            return\n\n"
    "Use instead:\n"
    "    async def join(room):\n"
    "        if await get_room_info(room) is None:\n"
    "            return\n\n"
    "Fix (safe) inside an `async def`: `await` before the call, parenthesised\n"
    "where the call is the object of an attribute or subscript\n"
    "(`(await f()).name`); `async with await f() as x:` enters what it returns. For `return f()` the fix `return await f()` is unsafe\n"
    "(--unsafe-fixes): a caller written to await the returned coroutine itself\n"
    "(`await (await g())`) would then fail. It is unsafe too where the statement\n"
    "reads shared state before the call and writes it after (`self.total += f()`,\n"
    "`d[k] = d.get(k, 0) + f()`, a `global`): the await lets another task change\n"
    "it in between (a lost update; hold an `asyncio.Lock`). Reported without a fix in a sync\n"
    "function, a lambda, a generator expression, a class body or at module\n"
    "level (`await` cannot be written there), for a decorated async def\n"
    "(other than staticmethod, classmethod, abstractmethod, override: the\n"
    "decorator may make it return something else), for `self.m()` that a\n"
    "subclass of this file overrides other than by an async def (as AF201), and\n"
    "where an `await` is written before the attribute or item (`await f()[0]`,\n"
    "`await f().name`, `await f().json()`): that await was meant for the call,\n"
    "and whether the item is awaitable too is unknown (`await (await f())[0]`\n"
    "fails when it is not, `(await f())[0]` when it is).\n\n"
    "Left alone: a call that is awaited, a statement of its own (AF201), assigned\n"
    "to a name (AF203 when the name is never used), stored (a list, a tuple, an\n"
    "attribute, `tasks.append(f())`), passed to any other function (`asyncio.gather`,\n"
    "`create_task`, `wait_for`, `asyncio.iscoroutine`, your own), returned from a\n"
    "sync function or a lambda (a factory), yielded; the coroutine's own methods\n"
    "and attributes (`f().__await__()`, `f().close()`, `send`, `throw`, `cr_*`);\n"
    "a plain `with f()` (the AF4xx rules); `async with` on a decorated async def\n"
    "(the decorator may make it return an async context manager); `asyncio.gather(...)`, whose future runs\n"
    "without an await; `aiofiles.open(...)`, whose object is an async context\n"
    "manager too (`return aiofiles.open(p)` serves `async with await f(p)`).\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af205,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
};
