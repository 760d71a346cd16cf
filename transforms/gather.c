/*
 * gather.c - AF301 sequential-awaits and AF302 await-in-loop: independent
 * awaits that `asyncio.gather` can run together (unsafe fixes). What each
 * rule finds and why, the example, when a run is gathered, the fix and what
 * is reported without one: its --explain text, the descriptors'
 * `explanation` in this file (the one copy of the rules' doc).
 */
#include <ctype.h>
#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

#define RUN_MAX 32

struct span {
    const char *s;
    uint32_t len;
};

struct spans {
    struct span *items;
    uint32_t n, cap;
};

/* an identifier read by a call; `attr` set when it is the object of `obj.attr` (not a callee) */
struct read {
    struct span name;
    struct span attr;
};

struct await_stmt {
    TSNode stmt;
    TSNode call;
    TSNode target;            /* identifier, attribute or null */
    struct span tname;        /* identifier target, or the object of an attribute target */
    struct span tattr;        /* attribute target: the attribute name */
    struct read *reads;
    uint32_t nreads, rcap;
    struct spans receivers;
    struct spans walrus;
};

static bool span_eq(struct span a, struct span b)
{
    return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

static struct span node_span(const struct af_file *file, TSNode node)
{
    struct span sp;
    sp.s = af_node_text(node, file->src->data, &sp.len);
    return sp;
}

static void spans_add(struct spans *l, struct span sp)
{
    AF_ARRAY_GROW(l->items, l->n, l->cap);
    l->items[l->n++] = sp;
}

static bool spans_has(const struct spans *l, struct span sp)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (span_eq(l->items[i], sp))
            return true;
    return false;
}

static void stmt_dispose(struct await_stmt *st)
{
    free(st->reads);
    free(st->receivers.items);
    free(st->walrus.items);
    memset(st, 0, sizeof(*st));
}

/* the callee's last name: `f` for `f(...)`, `get` for `q.get(...)` */
static struct span callee_name(const struct af_file *file, TSNode call)
{
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    if (af_is(fn, af_sym.attribute))
        fn = af_field_child(fn, af_field.attribute);
    if (af_is(fn, af_sym.identifier))
        return node_span(file, fn);
    struct span none = { "", 0 };
    return none;
}

static bool contains_ci(struct span sp, const char *word)
{
    size_t wl = strlen(word);
    for (uint32_t i = 0; i + wl <= sp.len; i++) {
        size_t k = 0;
        while (k < wl && tolower((unsigned char)sp.s[i + k]) == word[k])
            k++;
        if (k == wl)
            return true;
    }
    return false;
}

/* sleeping, locking, waiting, queue methods, gather: never run together */
static bool refused_callee(struct span name)
{
    static const char *const parts[] = {
        "sleep", "lock", "acquire", "release", "wait", "semaphore", "condition", "barrier",
        "gather", NULL,
    };
    static const char *const exact[] = {
        "get", "put", "join", "get_nowait", "put_nowait", "task_done", "notify", "notify_all", NULL,
    };
    for (const char *const *p = parts; *p; p++)
        if (contains_ci(name, *p))
            return true;
    for (const char *const *p = exact; *p; p++)
        if (af_streq(name.s, name.len, *p))
            return true;
    /* stream and transaction steps: their order is the protocol (send, then receive) */
    static const char *const steps[] = {
        "send", "sendall", "recv", "receive", "read", "readline", "readexactly", "readuntil", "write",
        "writelines", "drain", "flush", "close", "aclose", "commit", "rollback", "connect",
        "shutdown", "start", "stop", NULL,
    };
    for (const char *const *p = steps; *p; p++) {
        size_t wl = strlen(*p);
        if (af_streq(name.s, name.len, *p) ||
            (name.len > wl && memcmp(name.s, *p, wl) == 0 && name.s[wl] == '_'))
            return true;
    }
    return false;
}

/* true when `expr` is a module bound by a plain `import` statement (or an attribute of one) */
static bool is_module_ref(const struct af_file *file, TSNode expr, int scope)
{
    while (af_is(expr, af_sym.attribute))
        expr = af_field_child(expr, af_field.object);
    if (!af_is(expr, af_sym.identifier))
        return false;
    uint32_t len;
    const char *name = af_node_text(expr, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, name, len);
    if (!b || b->kind != AF_BIND_IMPORT || b->mixed || b->count != 1)
        return false;
    for (TSNode n = b->node; !ts_node_is_null(n); n = ts_node_parent(n)) {
        if (af_is(n, af_sym.import_statement))
            return true;
        if (af_is(n, af_sym.import_from_statement) || af_is(n, af_sym.block) || af_is(n, af_sym.module))
            return false;
    }
    return false;
}

/* records identifier `n` of a call as read, unless it names a keyword or an attribute */
static void note_read(struct await_stmt *st, const struct af_file *file, TSNode n)
{
    TSNode parent = ts_node_parent(n);
    struct span attr = { NULL, 0 };
    if (af_node_name_use(n, NULL) == AF_USE_NOT_VARIABLE)
        return;
    if (af_is(parent, af_sym.attribute)) {
        /* `obj.attr` read as a value, not called as `obj.method()` */
        TSNode gp = ts_node_parent(parent);
        if (!(af_is(gp, af_sym.call) && ts_node_eq(af_field_child(gp, af_field.function), parent)))
            attr = node_span(file, af_field_child(parent, af_field.attribute));
    }
    AF_ARRAY_GROW(st->reads, st->nreads, st->rcap);
    st->reads[st->nreads].name = node_span(file, n);
    st->reads[st->nreads].attr = attr;
    st->nreads++;
}

struct call_walk {
    struct await_stmt *st;
    const struct af_file *file;
    int scope;
};

static enum af_walk_next visit_call_part(TSNode n, void *ctx)
{
    struct call_walk *w = ctx;
    TSSymbol s = ts_node_symbol(n);
    if (s == af_sym.await) {
        return AF_WALK_STOP;
    } else if (s == af_sym.call) {
        if (refused_callee(callee_name(w->file, n)))
            return AF_WALK_STOP;
        TSNode fn = af_unparen(af_field_child(n, af_field.function));
        if (af_is(fn, af_sym.attribute)) {
            TSNode obj = af_unparen(af_field_child(fn, af_field.object));
            if (!is_module_ref(w->file, obj, w->scope))
                spans_add(&w->st->receivers, node_span(w->file, obj));
        }
    } else if (s == af_sym.named_expression) {
        TSNode name = af_field_child(n, af_field.name);
        if (af_is(name, af_sym.identifier))
            spans_add(&w->st->walrus, node_span(w->file, name));
    } else if (s == af_sym.identifier) {
        note_read(w->st, w->file, n);
    }
    return AF_WALK_CONTINUE;
}

/*
 * Collects what `st->call` reads, the receivers of every call in it and its
 * walrus targets. Returns false when the call must never be gathered (a
 * refused callee anywhere in it, or a nested await).
 */
static bool collect_call(struct await_stmt *st, const struct af_file *file, int scope)
{
    struct call_walk w = { st, file, scope };
    return ts_node_is_null(af_walk(st->call, visit_call_part, &w));
}

/* `await call(...)` as an expression: the call, or a null node */
static TSNode awaited_call(TSNode expr)
{
    if (!af_is(expr, af_sym.await))
        return af_null_node();
    TSNode call = af_unparen(af_first_named(expr));
    return af_is(call, af_sym.call) ? call : af_null_node();
}

/*
 * Reads statement `stmt` as one member of a run: `await f()`, `x = await f()`
 * or `obj.attr = await f()`. False for anything else (which ends a run).
 */
static bool read_stmt(struct await_stmt *out, const struct af_file *file, TSNode stmt, int scope)
{
    memset(out, 0, sizeof(*out));
    out->stmt = stmt;
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return false;
    TSNode e = ts_node_named_child(stmt, 0);
    if (af_is(e, af_sym.assignment)) {
        if (!ts_node_is_null(af_field_child(e, af_field.type)))
            return false;
        TSNode left = af_field_child(e, af_field.left);
        if (af_is(left, af_sym.identifier)) {
            out->tname = node_span(file, left);
            /* a `global`/`nonlocal` name may be read by any callee */
            const struct af_binding *b = af_sem_binding_in(file, af_sem_function_scope(file, scope),
                                                           out->tname.s, out->tname.len);
            if (b && b->kind == AF_BIND_GLOBAL)
                return false;
        } else if (af_is(left, af_sym.attribute) &&
                   af_is(af_field_child(left, af_field.object), af_sym.identifier)) {
            out->tname = node_span(file, af_field_child(left, af_field.object));
            out->tattr = node_span(file, af_field_child(left, af_field.attribute));
        } else {
            return false;
        }
        out->target = left;
        e = af_field_child(e, af_field.right);
    }
    out->call = awaited_call(e);
    if (ts_node_is_null(out->call))
        return false;
    if (!collect_call(out, file, scope)) {
        stmt_dispose(out);
        return false;
    }
    return true;
}

/* true when `st`'s call reads something the earlier statement `w` wrote */
static bool reads_written(const struct await_stmt *st, const struct await_stmt *w)
{
    for (uint32_t i = 0; i < st->nreads; i++) {
        const struct read *r = &st->reads[i];
        if (w->target.id && span_eq(r->name, w->tname)) {
            /* `obj.other` does not read what `obj.attr = ...` wrote */
            if (!(w->tattr.len && r->attr.len && !span_eq(r->attr, w->tattr)))
                return true;
        }
        if (spans_has(&w->walrus, r->name))
            return true;
    }
    return false;
}

static bool receivers_overlap(struct span a, struct span b)
{
    if (a.len > b.len) {
        struct span t = a;
        a = b;
        b = t;
    }
    return memcmp(a.s, b.s, a.len) == 0 && (a.len == b.len || b.s[a.len] == '.');
}

/* true when `st` may join a run that already holds `w` */
static bool independent(const struct await_stmt *st, const struct await_stmt *w)
{
    if (reads_written(st, w))
        return false;
    /* targets: distinct, and not the object of (or an object with) the other's attribute */
    if (st->target.id && w->target.id && span_eq(st->tname, w->tname) &&
        !(st->tattr.len && w->tattr.len && !span_eq(st->tattr, w->tattr)))
        return false;
    if (st->target.id && (spans_has(&w->walrus, st->tname)))
        return false;
    for (uint32_t i = 0; i < st->walrus.n; i++)
        if ((w->target.id && span_eq(st->walrus.items[i], w->tname)) || spans_has(&w->walrus, st->walrus.items[i]))
            return false;
    for (uint32_t i = 0; i < st->receivers.n; i++)
        for (uint32_t j = 0; j < w->receivers.n; j++)
            if (receivers_overlap(st->receivers.items[i], w->receivers.items[j]))
                return false;
    return true;
}

/* true when the callee of a `with` item cannot be a lock: a call not named like one */
static bool with_item_harmless(const struct af_file *file, TSNode item)
{
    TSNode v = af_field_child(item, af_field.value);
    if (af_is(v, af_sym.as_pattern))
        v = af_first_named(v);
    v = af_unparen(v);
    if (!af_is(v, af_sym.call))
        return false;
    struct span name = callee_name(file, v);
    static const char *const parts[] = {
        "lock", "sem", "cond", "acquire", "mutex", "limit", "guard", "throttle", "barrier", "serial", NULL,
    };
    if (!name.len)
        return false;
    for (const char *const *p = parts; *p; p++)
        if (contains_ci(name, *p))
            return false;
    return true;
}

static bool with_harmless(const struct af_file *file, TSNode with)
{
    uint32_t n = ts_node_named_child_count(with);
    for (uint32_t i = 0; i < n; i++) {
        TSNode clause = ts_node_named_child(with, i);
        if (!af_is(clause, af_sym.with_clause))
            continue;
        uint32_t m = ts_node_named_child_count(clause);
        for (uint32_t j = 0; j < m; j++) {
            TSNode item = ts_node_named_child(clause, j);
            if (af_is(item, af_sym.with_item) && !with_item_harmless(file, item))
                return false;
        }
    }
    return true;
}

/* true when a handler of `try` names specific exceptions (anything but bare, Exception, BaseException) */
static bool try_has_specific_handler(const struct af_file *file, TSNode try)
{
    uint32_t n = ts_node_named_child_count(try);
    for (uint32_t i = 0; i < n; i++) {
        TSNode h = ts_node_named_child(try, i);
        if (af_is(h, af_sym.except_group_clause))
            return true;
        if (!af_is(h, af_sym.except_clause))
            continue;
        TSNode v = af_field_child(h, af_field.value);
        if (ts_node_is_null(v))
            continue;
        if (af_is(v, af_sym.as_pattern))
            v = af_first_named(v);
        v = af_unparen(v);
        if (af_node_text_is(v, file->src->data, "Exception") ||
            af_node_text_is(v, file->src->data, "BaseException"))
            continue;
        return true;
    }
    return false;
}

enum context { CTX_OK, CTX_LOCKED, CTX_TRY };

/* what the statements enclosing `node` up to its function say about running it concurrently */
static enum context enclosing(const struct af_file *file, TSNode node)
{
    enum context ctx = CTX_OK;
    TSNode child = node;
    for (TSNode n = ts_node_parent(node); !ts_node_is_null(n); child = n, n = ts_node_parent(n)) {
        if (af_is(n, af_sym.function_definition) || af_is(n, af_sym.lambda) ||
            af_is(n, af_sym.class_definition) || af_is(n, af_sym.module))
            break;
        if (af_is(n, af_sym.with_statement) && !with_harmless(file, n))
            return CTX_LOCKED;
        if (af_is(n, af_sym.try_statement) && ts_node_eq(af_field_child(n, af_field.body), child) &&
            try_has_specific_handler(file, n))
            ctx = CTX_TRY;
    }
    return ctx;
}

static bool is_trio_like(const struct af_file *file)
{
    return file->sem.framework != AF_FW_ASYNCIO || file->sem.imports_trio || file->sem.imports_anyio;
}

/* true when only spaces, tabs and line ends lie in [s, e) */
static bool only_space(const char *d, uint32_t s, uint32_t e)
{
    for (uint32_t i = s; i < e; i++)
        if (d[i] != ' ' && d[i] != '\t' && d[i] != '\n' && d[i] != '\r')
            return false;
    return true;
}

/*
 * af_sem_module_alias scans every binding of the file: remembered for the
 * last scope asked, so that a function with many runs pays once.
 */
struct alias_cache {
    int scope;
    const char *alias;
    bool need;
};

static const char *asyncio_alias(struct alias_cache *cache, const struct af_file *file, int scope, bool *need)
{
    if (cache->scope != scope) {
        cache->alias = af_sem_module_alias(file, scope, "asyncio", &cache->need);
        cache->scope = scope;
    }
    *need = cache->need;
    return cache->alias;
}

/*
 * The fix for a run, or NULL with `*why` saying why there is none. The run's
 * statements are replaced by one line at the first one's place.
 */
static struct af_fix *run_fix(const struct af_file *file, struct alias_cache *cache, struct await_stmt *run,
                              uint32_t n, int scope, enum context ctx, const char **why)
{
    const char *d = file->src->data;
    if (ctx == CTX_TRY) {
        *why = "inside `try` with specific handlers, gather changes which exception surfaces";
        return NULL;
    }
    if (is_trio_like(file)) {
        *why = "trio/anyio module: use a nursery or task group";
        return NULL;
    }
    bool any_target = false, any_bare = false;
    for (uint32_t i = 0; i < n; i++) {
        TSNode st = run[i].stmt;
        if (ts_node_start_point(st).row != ts_node_end_point(st).row ||
            !af_stmt_starts_line(file, ts_node_start_byte(st)) ||
            !af_stmt_ends_line(file, ts_node_end_byte(st))) {
            *why = "the statements must each stand on one line of their own";
            return NULL;
        }
        if (i > 0 && !only_space(d, ts_node_end_byte(run[i - 1].stmt), ts_node_start_byte(st))) {
            *why = "a comment inside the run would be lost";
            return NULL;
        }
        if (run[i].target.id)
            any_target = true;
        else
            any_bare = true;
    }
    TSNode fn = file->sem.scopes[af_sem_function_scope(file, scope)].node;
    if (any_target && any_bare && !af_sem_name_free(file, fn, "_")) {
        *why = "`_` is used in this function";
        return NULL;
    }
    bool need;
    const char *alias = asyncio_alias(cache, file, scope, &need);
    if (!alias) {
        *why = "the name `asyncio` is taken";
        return NULL;
    }
    struct af_buf text = AF_BUF_INIT;
    if (any_target) {
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                af_buf_puts(&text, ", ");
            if (run[i].target.id) {
                struct span t = node_span(file, run[i].target);
                af_buf_put(&text, t.s, t.len);
            } else {
                af_buf_putc(&text, '_');
            }
        }
        af_buf_puts(&text, " = ");
    }
    af_buf_printf(&text, "await %s.gather(", alias);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            af_buf_puts(&text, ", ");
        struct span c = node_span(file, run[i].call);
        af_buf_put(&text, c.s, c.len);
    }
    af_buf_putc(&text, ')');
    struct af_fix *fix = af_fix_new(AF_UNSAFE);
    if (need)
        af_fix_need_import(fix, "asyncio");
    af_fix_replace(fix, ts_node_start_byte(run[0].stmt), ts_node_end_byte(run[n - 1].stmt), text.ptr, text.size);
    af_fix_set_message(fix, "Run the %u awaits together with `%s.gather` (changes their order)", n, alias);
    af_buf_dispose(&text);
    *why = NULL;
    return fix;
}

static void flush_run(struct af_file *file, struct af_sink *sink, struct alias_cache *cache,
                      struct await_stmt *run, uint32_t *n, int scope, enum context ctx)
{
    if (*n >= 2) {
        const char *why = NULL;
        struct af_fix *fix = run_fix(file, cache, run, *n, scope, ctx, &why);
        af_report_range(sink, ts_node_start_byte(run[0].stmt), ts_node_end_byte(run[*n - 1].stmt), fix,
                        "%u independent awaits run one after another; `asyncio.gather` could run them "
                        "together%s%s%s",
                        *n, why ? " (no fix: " : "", why ? why : "", why ? ")" : "");
    }
    for (uint32_t i = 0; i < *n; i++)
        stmt_dispose(&run[i]);
    *n = 0;
}

/*
 * Objects obtained from another object in the same function (`cur = await
 * conn.cursor()`, `c = conn`, `async with db.execute(q) as cur:`) belong to
 * it: a call on `cur` and a call on `conn` share a receiver. `derived` maps
 * such a name to the object it came from, as seen so far in the block.
 */
struct derived {
    struct span name, from;
};

struct derived_list {
    struct derived *items;
    uint32_t n, cap;
};

/* the object `value` (a call on an object, or an object, maybe awaited) came from, or false */
static bool origin_of(struct span *out, const struct af_file *file, TSNode value, int scope)
{
    if (af_is(value, af_sym.await))
        value = af_first_named(value);
    value = af_unparen(value);
    if (af_is(value, af_sym.call)) {
        TSNode fn = af_unparen(af_field_child(value, af_field.function));
        if (!af_is(fn, af_sym.attribute))
            return false;
        value = af_unparen(af_field_child(fn, af_field.object));
    }
    if (!(af_is(value, af_sym.identifier) || af_is(value, af_sym.attribute) || af_is(value, af_sym.call)) ||
        is_module_ref(file, value, scope))
        return false;
    *out = node_span(file, value);
    return true;
}

static void derived_note(struct derived_list *l, const struct af_file *file, TSNode target, TSNode value,
                         int scope)
{
    struct derived d;
    if (!af_is(target, af_sym.identifier) || !origin_of(&d.from, file, value, scope))
        return;
    d.name = node_span(file, target);
    AF_ARRAY_GROW(l->items, l->n, l->cap);
    l->items[l->n++] = d;
}

/* `x = <value>` statements of the block */
static void derived_note_stmt(struct derived_list *l, const struct af_file *file, TSNode stmt, int scope)
{
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return;
    TSNode e = ts_node_named_child(stmt, 0);
    if (af_is(e, af_sym.assignment))
        derived_note(l, file, af_field_child(e, af_field.left), af_field_child(e, af_field.right), scope);
}

/* `with R.m() as x:` statements around the block, up to its function */
static void derived_note_withs(struct derived_list *l, const struct af_file *file, TSNode block, int scope)
{
    for (TSNode n = ts_node_parent(block); !ts_node_is_null(n); n = ts_node_parent(n)) {
        if (af_is(n, af_sym.function_definition) || af_is(n, af_sym.module))
            break;
        if (!af_is(n, af_sym.with_statement))
            continue;
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode clause = ts_node_named_child(n, i);
            uint32_t m = af_is(clause, af_sym.with_clause) ? ts_node_named_child_count(clause) : 0;
            for (uint32_t j = 0; j < m; j++) {
                TSNode v = af_field_child(ts_node_named_child(clause, j), af_field.value);
                if (!af_is(v, af_sym.as_pattern))
                    continue;
                TSNode alias = af_field_child(v, af_field.alias);
                derived_note(l, file, af_first_named(alias), af_first_named(v), scope);
            }
        }
    }
}

/* `sp` with its leading name replaced by the object it came from, repeatedly */
static struct span derived_root(const struct derived_list *l, struct span sp)
{
    for (int depth = 0; depth < 8; depth++) {
        uint32_t h = 0;
        while (h < sp.len && (isalnum((unsigned char)sp.s[h]) || sp.s[h] == '_' || (unsigned char)sp.s[h] >= 0x80))
            h++;
        struct span head = { sp.s, h };
        bool found = false;
        for (uint32_t i = l->n; i-- > 0;)
            if (span_eq(l->items[i].name, head)) {
                sp = l->items[i].from;
                found = true;
                break;
            }
        if (!found)
            break;
    }
    return sp;
}

static void check_block(struct af_file *file, struct af_sink *sink, struct alias_cache *cache,
                        const struct af_site *site)
{
    enum context ctx = enclosing(file, site->node);
    if (ctx == CTX_LOCKED)
        return;
    struct await_stmt run[RUN_MAX];
    uint32_t n = 0;
    struct derived_list derived = { NULL, 0, 0 };
    derived_note_withs(&derived, file, site->node, site->scope);
    /* the block's statements from the model's index (ts_node_named_child(i) is O(i)) */
    const struct af_block_stmts *bs = af_sem_block_stmts(file, site->node);
    for (uint32_t si = 0; bs && si < bs->n; si++) {
        TSNode stmt = bs->stmts[si];
        if (af_is(stmt, af_sym.comment))
            continue;
        struct await_stmt st;
        /* `# noqa: AF301` on a statement keeps it out of every run */
        bool member = !af_sem_noqa(file, ts_node_start_byte(stmt), "AF301") &&
                      read_stmt(&st, file, stmt, site->scope);
        if (member) {
            for (uint32_t k = 0; k < st.receivers.n; k++)
                st.receivers.items[k] = derived_root(&derived, st.receivers.items[k]);
        }
        derived_note_stmt(&derived, file, stmt, site->scope);
        if (!member) {
            flush_run(file, sink, cache, run, &n, site->scope, ctx);
            continue;
        }
        bool fits = n < RUN_MAX;
        for (uint32_t j = 0; fits && j < n; j++)
            fits = independent(&st, &run[j]);
        if (!fits)
            flush_run(file, sink, cache, run, &n, site->scope, ctx);
        run[n++] = st;
    }
    flush_run(file, sink, cache, run, &n, site->scope, ctx);
    free(derived.items);
}

static void check_af301(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct alias_cache cache = { -1, NULL, false };
    for (uint32_t i = 0; i < sem->blocks.n; i++) {
        const struct af_site *site = &sem->blocks.items[i];
        if (!af_is(site->node, af_sym.block) || !af_sem_in_async(file, site->scope))
            continue;
        check_block(file, sink, &cache, site);
    }
}

const struct af_rule af_rule_af301 = {
    "AF301", "sequential-awaits",
    "independent awaits run one after another; `asyncio.gather` can run them together",
    "AF301 sequential-awaits\n\n"
    "What it does: finds two or more consecutive statements in one block of an\n"
    "`async def`, each `await f(...)`, `x = await f(...)` or\n"
    "`obj.attr = await f(...)`, whose calls do not depend on each other.\n\n"
    "Why it is bad: each await waits for the one before, so independent requests\n"
    "run one after another instead of at the same time.\n\n"
    "Example:\n"
    "    user = await get_user(uid)\n"
    "    posts = await get_posts(uid)\n\n"
    "Use instead:\n"
    "    user, posts = await asyncio.gather(get_user(uid), get_posts(uid))\n\n"
    "A run is gathered only when all of this holds:\n"
    "  - no call (callee, receiver or argument) reads a name written by an earlier\n"
    "    statement of the run: its target or a walrus (`:=`) in its call; after\n"
    "    `obj.attr = await ...`, any use of `obj` except reading another attribute\n"
    "    counts as a read (a method call on `obj` may look at `attr`);\n"
    "  - the targets are distinct;\n"
    "  - no two calls share a receiver (`conn.execute` twice, or `self.load()` and\n"
    "    `self.repo.get()`): one connection used by two tasks at once is an error in\n"
    "    most drivers. An object obtained from another earlier in the block or by an\n"
    "    enclosing `with ... as` (`cur = await conn.cursor()`) counts as that one.\n"
    "    A module imported with `import` is not a receiver;\n"
    "  - no call is named like sleeping, locking or waiting (`sleep`, `*lock*`,\n"
    "    `acquire`, `release`, `*wait*`, `*semaphore*`, `*condition*`, `*barrier*`),\n"
    "    like a queue method (`get`, `put`, `join`, on any object), like a stream or\n"
    "    transaction step whose order is the protocol (`send`, `receive`, `recv`,\n"
    "    `read`, `write`, `drain`, `flush`, `close`, `aclose`, `commit`, `rollback`,\n"
    "    `connect`, `shutdown`, `start`, `stop`, and `send_*`, `read_*`, ...), or\n"
    "    `gather`, and no call holds a nested `await`: such a statement ends the\n"
    "    run, as does any other statement that is not one of the three forms above;\n"
    "  - the run is not inside a `with`/`async with` unless each item is a call\n"
    "    not named like a lock (`async with lock:`, `async with self._sem:`,\n"
    "    `async with pool.acquire():` all leave the run alone: the lock orders it).\n"
    "A statement that depends on the run starts a new run; a statement whose line\n"
    "carries `# noqa: AF301`, or whose target is declared `global` or `nonlocal`\n"
    "(any callee may read it), ends it. A `return` after the run does not stop it\n"
    "from being gathered.\n\n"
    "Fix (unsafe, only with --unsafe-fixes): the run becomes one statement,\n"
    "`a, b = await asyncio.gather(f(), g())`, with `_` for a statement without a\n"
    "target, or `await asyncio.gather(f(), g())` when none has one. It is unsafe\n"
    "because the calls then run at the same time: their side effects (writes,\n"
    "log lines, shared state read by the callees) interleave, the arguments of\n"
    "the later calls are evaluated before the earlier calls run, a call now runs\n"
    "even when an earlier one fails, and the first exception raised wins.\n\n"
    "Reported without a fix: a comment between the statements, statements that\n"
    "share a line or span several lines, a run in the body of a `try` whose\n"
    "handlers name specific exceptions, a module importing trio or anyio (use a\n"
    "nursery or task group there), a mixed run when `_` is already used in the\n"
    "function, and when the name `asyncio` is taken.\n",
    check_af301,
    .fix = AF_FIX_SOMETIMES,
};

/*
 * AF302 await-in-loop: `for x in xs: results.append(await f(x))` and
 * `[await f(x) for x in xs]` await one call per iteration, one after another.
 *
 * Reported (with the gather form in the message) when the loop body is only
 * that append (no `else`, not `async for`) or the comprehension's body is the
 * await, and the calls are independent per item: the call reads neither the
 * list it fills nor binds a walrus, and every receiver in it is reached
 * through a loop variable (`item.load()`); `conn.fetch(x)` uses one object
 * from every iteration and is left alone. The AF301 exclusions hold too:
 * sleeping, locking, waiting and queue calls, nested awaits, and loops under
 * a lock-like `with` are never reported.
 *
 * Rewritten (unsafe) to `results = await asyncio.gather(*(f(x) for x in xs))`
 * only when `results = []` is the statement right before the loop, no
 * comment stands inside or between the two statements, the call, target and
 * iterable each fit on one line, the iterable is a plain primary expression
 * without `await`, the loop variables are used nowhere else in the function
 * (a generator expression does not leave them bound), the loop is not in the
 * body of a `try` with specific handlers, and the module does not import trio
 * or anyio. Comprehensions are reported only.
 */

static bool subtree_has(TSNode node, TSSymbol sym)
{
    return !ts_node_is_null(af_subtree_find_symbol(node, sym));
}

/* true when an identifier `name` appears in `within` outside `skip` */
static bool used_outside(const struct af_file *file, TSNode within, TSNode skip, struct span name)
{
    return !ts_node_is_null(af_subtree_find_name(within, file->src->data, name.s, name.len, skip));
}

/* the loop target's names into `out`; false unless it is made of plain names */
static bool loop_names(struct spans *out, const struct af_file *file, TSNode left)
{
    if (af_is(left, af_sym.identifier)) {
        spans_add(out, node_span(file, left));
        return true;
    }
    if (!af_is(left, af_sym.pattern_list) && !af_is(left, af_sym.tuple_pattern))
        return false;
    uint32_t n = ts_node_named_child_count(left);
    for (uint32_t i = 0; i < n; i++)
        if (!loop_names(out, file, ts_node_named_child(left, i)))
            return false;
    return n > 0;
}

static bool starts_with_name(struct span s, struct span name)
{
    if (s.len < name.len || memcmp(s.s, name.s, name.len) != 0)
        return false;
    return s.len == name.len || !(isalnum((unsigned char)s.s[name.len]) || s.s[name.len] == '_');
}

static bool one_line(TSNode node)
{
    return ts_node_start_point(node).row == ts_node_end_point(node).row;
}

/* the `append` statement of a loop body: `R.append(await call(...))`, its receiver R and call */
static bool append_of_await(const struct af_file *file, TSNode stmt, TSNode *receiver, TSNode *call)
{
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return false;
    TSNode outer = ts_node_named_child(stmt, 0);
    if (!af_is(outer, af_sym.call))
        return false;
    TSNode fn = af_field_child(outer, af_field.function);
    TSNode args = af_field_child(outer, af_field.arguments);
    if (!af_is(fn, af_sym.attribute) || !af_is(args, af_sym.argument_list) ||
        ts_node_named_child_count(args) != 1)
        return false;
    TSNode attr = af_field_child(fn, af_field.attribute);
    if (!af_node_text_is(attr, file->src->data, "append"))
        return false;
    *receiver = af_field_child(fn, af_field.object);
    *call = awaited_call(ts_node_named_child(args, 0));
    return !ts_node_is_null(*call);
}

/* the only statement of `block` that is not a comment, or a null node */
static TSNode only_statement(TSNode block)
{
    TSNode found = af_null_node();
    uint32_t n = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(block, i);
        if (af_is(c, af_sym.comment))
            continue;
        if (!ts_node_is_null(found))
            return af_null_node();
        found = c;
    }
    return found;
}

/*
 * True when the awaited call of a loop or comprehension may run once per
 * item at the same time: it reads neither the list it fills (`list`, may be
 * NULL) nor binds a walrus, and every receiver in it is reached through a
 * loop variable (`item.load()`), never one object shared by all iterations.
 */
static bool per_item_call(const struct await_stmt *st, const struct spans *names, const struct span *list)
{
    if (st->walrus.n)
        return false;
    for (uint32_t i = 0; list && i < st->nreads; i++)
        if (span_eq(st->reads[i].name, *list))
            return false;
    for (uint32_t i = 0; i < st->receivers.n; i++) {
        bool through_loop = false;
        for (uint32_t j = 0; j < names->n && !through_loop; j++)
            through_loop = starts_with_name(st->receivers.items[i], names->items[j]);
        if (!through_loop)
            return false;
    }
    return true;
}

/* the fix for a loop found by check_af302, or NULL with `*why` saying why there is none */
static struct af_fix *loop_fix(const struct af_file *file, struct alias_cache *cache,
                               const struct af_site *site, TSNode stmt,
                               TSNode receiver, const struct await_stmt *st, const struct spans *names,
                               enum context ctx, const char **why)
{
    TSNode loop = site->node;
    TSNode left = af_field_child(loop, af_field.left), right = af_field_child(loop, af_field.right);
    TSNode prev = ts_node_prev_named_sibling(loop);
    const char *d = file->src->data;
    *why = NULL;
    if (ctx == CTX_TRY) {
        *why = "inside `try` with specific handlers, gather changes which exception surfaces";
        return NULL;
    }
    if (is_trio_like(file)) {
        *why = "trio/anyio module: use a nursery or task group";
        return NULL;
    }
    /* `results = []` right before the loop */
    *why = "the list is not created empty (`results = []`) right before the loop";
    if (!af_is(receiver, af_sym.identifier) || !af_is(prev, af_sym.expression_statement) ||
        ts_node_named_child_count(prev) != 1)
        return NULL;
    TSNode asg = ts_node_named_child(prev, 0);
    if (!af_is(asg, af_sym.assignment) || !ts_node_is_null(af_field_child(asg, af_field.type)))
        return NULL;
    TSNode target = af_field_child(asg, af_field.left), value = af_field_child(asg, af_field.right);
    struct span r = node_span(file, receiver);
    if (!af_is(target, af_sym.identifier) || !span_eq(node_span(file, target), r) ||
        !af_is(value, af_sym.list) || !af_node_text_is(value, d, "[]"))
        return NULL;
    /* layout: two statements each starting its line, nothing but space between them */
    *why = "a comment or the layout (one line per part) stands in the way";
    if (!one_line(prev) || !af_stmt_starts_line(file, ts_node_start_byte(prev)) ||
        !only_space(d, ts_node_end_byte(prev), ts_node_start_byte(loop)) ||
        !af_stmt_ends_line(file, ts_node_end_byte(stmt)) || subtree_has(loop, af_sym.comment) ||
        !one_line(st->call) || !one_line(left) || !one_line(right))
        return NULL;
    *why = "the iterable is not a plain expression";
    TSSymbol rs = ts_node_symbol(right);
    if (!(rs == af_sym.identifier || rs == af_sym.attribute || rs == af_sym.call || rs == af_sym.subscript ||
          rs == af_sym.list || rs == af_sym.tuple || rs == af_sym.parenthesized_expression) ||
        subtree_has(right, af_sym.await))
        return NULL;
    *why = "a loop variable is used outside the loop";
    TSNode fn = file->sem.scopes[af_sem_function_scope(file, site->scope)].node;
    for (uint32_t i = 0; i < names->n; i++)
        if (span_eq(names->items[i], r) || used_outside(file, fn, loop, names->items[i]))
            return NULL;
    bool need;
    const char *alias = asyncio_alias(cache, file, site->scope, &need);
    if (!alias) {
        *why = "the name `asyncio` is taken";
        return NULL;
    }
    *why = NULL;
    struct af_buf text = AF_BUF_INIT;
    struct span c = node_span(file, st->call), l = node_span(file, left), it = node_span(file, right);
    af_buf_printf(&text, "%.*s = await %s.gather(*(%.*s for %.*s in %.*s))", (int)r.len, r.s, alias,
                  (int)c.len, c.s, (int)l.len, l.s, (int)it.len, it.s);
    struct af_fix *fix = af_fix_new(AF_UNSAFE);
    if (need)
        af_fix_need_import(fix, "asyncio");
    af_fix_replace(fix, ts_node_start_byte(prev), ts_node_end_byte(stmt), text.ptr, text.size);
    af_fix_set_message(fix, "Await all iterations together with `%s.gather` (changes their order)", alias);
    af_buf_dispose(&text);
    return fix;
}

static void check_loop(struct af_file *file, struct af_sink *sink, struct alias_cache *cache,
                       const struct af_site *site)
{
    TSNode loop = site->node;
    if (af_node_is_async(loop) || !ts_node_is_null(af_field_child(loop, af_field.alternative)))
        return;
    TSNode stmt = only_statement(af_field_child(loop, af_field.body)), receiver, call;
    if (ts_node_is_null(stmt) || !append_of_await(file, stmt, &receiver, &call))
        return;
    enum context ctx = enclosing(file, loop);
    if (ctx == CTX_LOCKED)
        return;
    TSNode left = af_field_child(loop, af_field.left), right = af_field_child(loop, af_field.right);
    struct await_stmt st;
    struct spans names = { NULL, 0, 0 };
    memset(&st, 0, sizeof(st));
    st.call = call;
    struct span r = node_span(file, receiver);
    if (!collect_call(&st, file, site->scope) || !loop_names(&names, file, left) ||
        !per_item_call(&st, &names, &r))
        goto done;
    const char *why = NULL;
    struct af_fix *fix = loop_fix(file, cache, site, stmt, receiver, &st, &names, ctx, &why);
    struct span c = node_span(file, call), l = node_span(file, left), it = node_span(file, right);
    if (one_line(call) && one_line(left) && one_line(right))
        af_report(sink, stmt, fix,
                  "`await` in a loop runs one call per iteration, one after another; "
                  "`%.*s = await asyncio.gather(*(%.*s for %.*s in %.*s))` runs them together%s%s%s",
                  (int)r.len, r.s, (int)c.len, c.s, (int)l.len, l.s, (int)it.len, it.s,
                  why ? " (no fix: " : "", why ? why : "", why ? ")" : "");
    else
        af_report(sink, stmt, fix,
                  "`await` in a loop runs one call per iteration, one after another; "
                  "`await asyncio.gather(*(...))` over a generator of the calls runs them together%s%s%s",
                  why ? " (no fix: " : "", why ? why : "", why ? ")" : "");
done:
    free(names.items);
    stmt_dispose(&st);
}

static void check_comprehension(struct af_file *file, struct af_sink *sink, const struct af_site *site)
{
    TSNode comp = site->parent;
    if (!af_is(comp, af_sym.list_comprehension) ||
        !ts_node_eq(af_field_child(comp, af_field.body), site->node) ||
        !af_sem_in_async(file, site->scope) || enclosing(file, comp) == CTX_LOCKED)
        return;
    TSNode call = awaited_call(site->node);
    if (ts_node_is_null(call))
        return;
    struct await_stmt st;
    struct spans names = { NULL, 0, 0 };
    memset(&st, 0, sizeof(st));
    st.call = call;
    if (!collect_call(&st, file, site->scope))
        goto done;
    uint32_t n = ts_node_named_child_count(comp);
    for (uint32_t i = 0; i < n; i++) {
        TSNode clause = ts_node_named_child(comp, i);
        if (!af_is(clause, af_sym.for_in_clause))
            continue;
        /* `async for` clauses cannot move into a generator for gather */
        if (ts_node_child_count(clause) && ts_node_symbol(ts_node_child(clause, 0)) == af_sym.kw_async)
            goto done;
        if (!loop_names(&names, file, af_field_child(clause, af_field.left)))
            goto done;
    }
    if (!per_item_call(&st, &names, NULL))
        goto done;
    /* the comprehension's clauses follow the await up to the closing bracket */
    uint32_t from = ts_node_end_byte(site->node), to = ts_node_end_byte(comp) - 1;
    struct span c = node_span(file, call);
    if (one_line(comp) && to > from)
        af_report(sink, site->node, NULL,
                  "`await` in a list comprehension runs the calls one after another; "
                  "`await asyncio.gather(*(%.*s%.*s))` runs them together",
                  (int)c.len, c.s, (int)(to - from), file->src->data + from);
    else
        af_report(sink, site->node, NULL,
                  "`await` in a list comprehension runs the calls one after another; "
                  "`await asyncio.gather(*(...))` over a generator of the calls runs them together");
done:
    free(names.items);
    stmt_dispose(&st);
}

static void check_af302(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct alias_cache cache = { -1, NULL, false };
    for (uint32_t i = 0; i < sem->fors.n; i++)
        if (af_sem_in_async(file, sem->fors.items[i].scope))
            check_loop(file, sink, &cache, &sem->fors.items[i]);
    for (uint32_t i = 0; i < sem->awaits.n; i++)
        check_comprehension(file, sink, &sem->awaits.items[i]);
}

const struct af_rule af_rule_af302 = {
    "AF302", "await-in-loop",
    "an `await` per loop iteration runs the calls one after another; `asyncio.gather` can run them together",
    "AF302 await-in-loop\n\n"
    "What it does: finds `for x in xs: results.append(await f(x))` (a loop whose\n"
    "body is only that append) and `[await f(x) for x in xs]` in an `async def`.\n\n"
    "Why it is bad: each iteration waits for the previous call to finish, so n\n"
    "independent requests take n round trips one after another.\n\n"
    "Example:\n"
    "    results = []\n"
    "    for url in urls:\n"
    "        results.append(await fetch(url))\n\n"
    "Use instead:\n"
    "    results = await asyncio.gather(*(fetch(url) for url in urls))\n\n"
    "Reported only when the calls are independent per item: the call reads\n"
    "neither the list it fills nor binds a walrus (`:=`), and every receiver in\n"
    "it is reached through the loop variable (`item.load()`); `conn.fetch(x)`\n"
    "would use one connection from many tasks at once and is left alone. Never\n"
    "reported either: calls named like sleeping, locking, waiting or queue\n"
    "methods (`sleep`, `*lock*`, `acquire`, `*wait*`, `get`, `put`, `join`, ...),\n"
    "calls holding a nested `await`, loops with other statements, an `else` or\n"
    "`async for`, and loops inside a `with`/`async with` whose items are not\n"
    "calls clearly unlike a lock (see AF301).\n\n"
    "Fix (unsafe, only with --unsafe-fixes; loops only, comprehensions are\n"
    "reported with the gather form): `results = []` and the loop become the one\n"
    "line above, when also:\n"
    "  - `results = []` is the statement right before the loop;\n"
    "  - the loop variables are used nowhere else in the function (a generator\n"
    "    expression does not leave them bound after the loop);\n"
    "  - the iterable is a plain name, attribute, call, subscript, list, tuple or\n"
    "    parenthesised expression without `await`;\n"
    "  - no comment is inside or between the two statements, and the call, the\n"
    "    loop target and the iterable each fit on one line;\n"
    "  - the loop is not in the body of a `try` whose handlers name specific\n"
    "    exceptions, and the module does not import trio or anyio.\n"
    "It is unsafe because all calls then run at the same time: their side\n"
    "effects interleave, every call runs even when an earlier one fails (which\n"
    "exception surfaces may change), and `results` is not filled step by step.\n",
    check_af302,
    .fix = AF_FIX_SOMETIMES,
};
