/*
 * calls.c - what AF301 and AF302 read of an awaited call: the names it
 * reads, its receivers and walrus targets, the calls never gathered, and
 * what the statements around it say (a lock, a `try`, trio or anyio).
 */
#include <ctype.h>
#include <string.h>

#include "gather.h"

bool gather_span_eq(struct span a, struct span b)
{
    return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

struct span gather_node_span(const struct af_file *file, TSNode node)
{
    struct span sp;
    sp.s = af_node_text(node, file->src->data, &sp.len);
    return sp;
}

void gather_spans_add(struct spans *l, struct span sp)
{
    AF_ARRAY_GROW(l->items, l->n, l->cap);
    l->items[l->n++] = sp;
}

bool gather_spans_has(const struct spans *l, struct span sp)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (gather_span_eq(l->items[i], sp))
            return true;
    return false;
}

void gather_stmt_dispose(struct await_stmt *st)
{
    free(st->reads);
    free(st->receivers.items);
    free(st->walrus.items);
    free(st->objects.items);
    free(st->values.items);
    gather_effects_dispose(&st->fx);
    memset(st, 0, sizeof(*st));
}

/* the callee's last name: `f` for `f(...)`, `get` for `q.get(...)` */
struct span gather_callee_name(const struct af_file *file, TSNode call)
{
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    if (af_is(fn, af_sym.attribute))
        fn = af_field_child(fn, af_field.attribute);
    if (af_is(fn, af_sym.identifier))
        return gather_node_span(file, fn);
    struct span none = { "", 0 };
    return none;
}

bool gather_contains_ci(struct span sp, const char *word)
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

/* `name` is `word` or starts with `word_` */
static bool names_step(struct span name, const char *word)
{
    size_t wl = strlen(word);
    return af_streq(name.s, name.len, word) ||
           (name.len > wl && memcmp(name.s, word, wl) == 0 && name.s[wl] == '_');
}

static bool names_any_step(struct span name, const char *const *words)
{
    for (const char *const *p = words; *p; p++)
        if (names_step(name, *p))
            return true;
    return false;
}

enum refusal gather_refusal(struct span name)
{
    /* `_cancel`, `__connect`: a private step is still a step */
    while (name.len > 1 && name.s[0] == '_') {
        name.s++;
        name.len--;
    }
    static const char *const pace[] = {
        "sleep", "lock", "acquire", "release", "semaphore", "condition", "barrier", "gather", NULL,
    };
    static const char *const waits[] = { "wait", "input", NULL };
    static const char *const queue[] = {
        "get", "put", "join", "get_nowait", "put_nowait", "task_done", "notify", "notify_all", NULL,
    };
    /* reading a stream waits for the peer */
    static const char *const reads[] = { "recv", "receive", "read", "readline", "readexactly", "readuntil", NULL };
    /* what a chat user sees, in the order it is done: an action, then the message confirming it */
    static const char *const messages[] = {
        "send", "sendall", "reply", "respond", "edit", "delete", "followup", "answer", "defer", "typing",
        "purge", "pin", "unpin", "tick", "add_reaction", "remove_reaction", "clear_reaction", "clear_reactions",
        "forward", NULL,
    };
    /* stream and transaction steps, set-up and tear-down: their order is the protocol */
    static const char *const steps[] = {
        "write", "writelines", "drain", "flush", "close", "aclose", "commit", "rollback", "connect",
        "shutdown", "start", "stop", "init", "initialize", "initialise", "setup", "set_up", "prepare",
        "login", "logout", "register", "unregister", "authenticate", "migrate", "install", "bootstrap",
        "configure", "open", "reload", "load_extension", "unload_extension", "change_presence", "disconnect",
        "reconnect", "cancel", "terminate", "kill", "quit", "exit", "cleanup", "clean_up", "teardown",
        "dispose", "destroy", "finish", NULL,
    };
    for (const char *const *p = pace; *p; p++)
        if (gather_contains_ci(name, *p))
            return REFUSE_PACE;
    for (const char *const *p = waits; *p; p++)
        if (gather_contains_ci(name, *p))
            return REFUSE_WAIT;
    for (const char *const *p = queue; *p; p++)
        if (af_streq(name.s, name.len, *p))
            return REFUSE_WAIT;
    if (names_any_step(name, reads))
        return REFUSE_WAIT;
    if (names_any_step(name, messages))
        return REFUSE_MESSAGE;
    if (names_any_step(name, steps))
        return REFUSE_STEP;
    return REFUSE_NONE;
}

bool gather_reads_by_name(struct span name)
{
    while (name.len > 1 && name.s[0] == '_') {
        name.s++;
        name.len--;
    }
    /* what a getter, a query or a check is called: `get_user`, `fetch_profile`, `is_owner`, `getUser` */
    static const char *const reads[] = {
        "get", "fetch", "load", "find", "query", "select", "search", "lookup", "list", "count", "all", "is",
        "has", "can", "check", "resolve", "retrieve", "compute", "calculate", "render", "parse", "validate",
        "exists", "info", "status", "describe", "head", "options",
        /* the file system's queries (os, os.path, pathlib) */
        "isfile", "isdir", "islink", "getsize", "getmtime", "getctime", "listdir", "scandir", "stat", "lstat",
        "walk", "glob", "iglob", "access", NULL,
    };
    /* `get_or_create`, `fetch_and_update`, `get_new_token`: a read that also changes (one of its words) */
    static const char *const changes[] = {
        "or", "and", "create", "new", "add", "set", "update", "save", "delete", "remove", "insert", "write",
        "post", "send", "make", "ensure", "register", "claim", "pop", "reset", "clear", NULL,
    };
    bool read = false;
    for (const char *const *p = reads; *p && !read; p++) {
        size_t wl = strlen(*p);
        read = names_step(name, *p) || (name.len > wl && memcmp(name.s, *p, wl) == 0 && isupper((unsigned char)name.s[wl]));
    }
    for (uint32_t i = 0; read && i < name.len;) {
        uint32_t e = i;
        while (e < name.len && name.s[e] != '_')
            e++;
        for (const char *const *p = changes; *p; p++)
            if (af_streq(name.s + i, e - i, *p))
                read = false;
        i = e + 1;
    }
    return read;
}

/* true when `call` is named like a read and is not told to make or refresh (`get_hash(new=True)`) */
static bool call_reads(const struct af_file *file, TSNode call)
{
    struct span name = gather_callee_name(file, call);
    /* `asyncio.to_thread(os.path.getsize, p)`, `loop.run_in_executor(None, f, x)`: the function run */
    uint32_t fn_at = af_streq(name.s, name.len, "to_thread") ? 1 : af_streq(name.s, name.len, "run_in_executor") ? 2 : 0;
    if (fn_at) {
        TSNode args = af_field_child(call, af_field.arguments);
        TSNode f = af_is(args, af_sym.argument_list) && ts_node_named_child_count(args) >= fn_at
                       ? af_unparen(ts_node_named_child(args, fn_at - 1))
                       : af_null_node();
        if (af_is(f, af_sym.attribute))
            f = af_field_child(f, af_field.attribute);
        if (!af_is(f, af_sym.identifier))
            return false;
        name = gather_node_span(file, f);
    }
    if (!gather_reads_by_name(name))
        return false;
    static const char *const orders[] = { "new", "create", "force", "refresh", "update", "save", "commit", NULL };
    TSNode args = af_field_child(call, af_field.arguments);
    uint32_t n = af_is(args, af_sym.argument_list) ? ts_node_named_child_count(args) : 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (!af_is(a, af_sym.keyword_argument))
            continue;
        for (const char *const *o = orders; *o; o++)
            if (af_node_text_is(af_field_child(a, af_field.name), file->src->data, *o))
                return false;
    }
    return true;
}

bool gather_refused_callee(struct span name)
{
    return gather_refusal(name) != REFUSE_NONE;
}

/* true when `expr` is a module bound by a plain `import` statement (or an attribute of one) */
bool gather_is_module_ref(const struct af_file *file, TSNode expr, int scope)
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
            attr = gather_node_span(file, af_field_child(parent, af_field.attribute));
    }
    AF_ARRAY_GROW(st->reads, st->nreads, st->rcap);
    st->reads[st->nreads].name = gather_node_span(file, n);
    st->reads[st->nreads].attr = attr;
    st->nreads++;
}

struct call_walk {
    struct await_stmt *st;
    struct summaries *cache;
    const struct af_file *file;
    int scope;
};

/*
 * An argument `n` (a name, the head of an attribute chain, or a string) as
 * the call passes it: its chain into `objects` or `values`. The callee's
 * own chain (`obj.method`) is a receiver, not an argument.
 */
static void note_argument(struct call_walk *w, TSNode n)
{
    TSNode p = ts_node_parent(n);
    if (af_is(n, af_sym.string)) {
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(n, i);
            if (af_is(c, af_sym.interpolation))
                return;
            if (af_is(c, af_sym.string_content))
                gather_spans_add(&w->st->values, gather_node_span(w->file, c));
        }
        return;
    }
    if ((af_is(p, af_sym.keyword_argument) && ts_node_eq(af_field_child(p, af_field.name), n)) ||
        (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.attribute), n)))
        return;
    while (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), n)) {
        n = p;
        p = ts_node_parent(n);
    }
    if (af_is(p, af_sym.call) && ts_node_eq(af_field_child(p, af_field.function), n))
        return;
    /* `base + "/a"`, `f"{x}"`, `not x`: the call is given a new value computed from it, not the object */
    if (af_is(p, af_sym.binary_operator) || af_is(p, af_sym.unary_operator) ||
        af_is(p, af_sym.comparison_operator) || af_is(p, af_sym.not_operator) || af_is(p, af_sym.interpolation))
        return;
    bool value = gather_value_like(w->file, n, w->scope);
    gather_spans_add(value ? &w->st->values : &w->st->objects, gather_node_span(w->file, n));
}

static enum af_walk_next visit_call_part(TSNode n, void *ctx)
{
    struct call_walk *w = ctx;
    TSSymbol s = ts_node_symbol(n);
    if (s == af_sym.await) {
        return AF_WALK_STOP;
    } else if (s == af_sym.call) {
        if (gather_refused_callee(gather_callee_name(w->file, n)))
            return AF_WALK_STOP;
        TSNode fn = af_unparen(af_field_child(n, af_field.function));
        if (af_is(fn, af_sym.attribute)) {
            TSNode obj = af_unparen(af_field_child(fn, af_field.object));
            static const struct span self = { "self", 4 };
            /* `super().m()` works on `self` */
            if (af_is(obj, af_sym.call) && af_node_text_is(af_field_child(obj, af_field.function), w->file->src->data,
                                                           "super"))
                gather_spans_add(&w->st->receivers, self);
            else if (!gather_is_module_ref(w->file, obj, w->scope))
                gather_spans_add(&w->st->receivers, gather_node_span(w->file, obj));
        }
        gather_effects_add_call(&w->st->fx, w->cache, w->file, n, w->scope);
        if (w->st->fx.ordered || w->st->fx.opaque)
            return AF_WALK_STOP;
    } else if (s == af_sym.named_expression) {
        TSNode name = af_field_child(n, af_field.name);
        if (af_is(name, af_sym.identifier))
            gather_spans_add(&w->st->walrus, gather_node_span(w->file, name));
    } else if (s == af_sym.identifier) {
        note_read(w->st, w->file, n);
        note_argument(w, n);
        TSNode p = ts_node_parent(n);
        if (!(af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.attribute), n)))
            gather_effects_add_name(&w->st->fx, w->cache, w->file, n, w->scope);
    } else if (s == af_sym.string) {
        TSNode p = ts_node_parent(n);
        if (af_is(p, af_sym.argument_list) || af_is(p, af_sym.keyword_argument))
            note_argument(w, n);
    }
    return AF_WALK_CONTINUE;
}

/*
 * Collects what `st->call` reads, the receivers of every call in it, its
 * arguments, walrus targets and effects. Returns false when the call must
 * never be gathered (a refused callee anywhere in it, a nested await, a
 * callee that waits for input, sends a message or cannot be seen).
 */
bool gather_collect_call(struct await_stmt *st, struct summaries *cache, const struct af_file *file, int scope)
{
    struct call_walk w = { st, cache, file, scope };
    st->changes = !call_reads(file, st->call);
    if (!ts_node_is_null(af_walk(st->call, visit_call_part, &w)))
        return false;
    /* what the callees' closures use of the function around them is handed to them too */
    for (uint32_t i = 0; i < st->fx.captured.n; i++)
        gather_spans_add(&st->objects, st->fx.captured.items[i]);
    return true;
}

/* `await call(...)` as an expression: the call, or a null node */
TSNode gather_awaited_call(TSNode expr)
{
    if (!af_is(expr, af_sym.await))
        return af_null_node();
    TSNode call = af_unparen(af_first_named(expr));
    return af_is(call, af_sym.call) ? call : af_null_node();
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
    struct span name = gather_callee_name(file, v);
    static const char *const parts[] = {
        "lock", "sem", "cond", "acquire", "mutex", "limit", "guard", "throttle", "barrier", "serial", NULL,
    };
    if (!name.len)
        return false;
    for (const char *const *p = parts; *p; p++)
        if (gather_contains_ci(name, *p))
            return false;
    return true;
}

static bool with_harmless(const struct af_file *file, TSNode with)
{
    TSNode clause = af_with_clause(with);
    uint32_t m = ts_node_is_null(clause) ? 0 : ts_node_named_child_count(clause);
    for (uint32_t j = 0; j < m; j++) {
        TSNode item = ts_node_named_child(clause, j);
        if (af_is(item, af_sym.with_item) && !with_item_harmless(file, item))
            return false;
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


/* what the statements enclosing `node` up to its function say about running it concurrently */
enum context gather_enclosing(const struct af_file *file, TSNode node)
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

bool gather_is_trio_like(const struct af_file *file)
{
    return file->sem.framework != AF_FW_ASYNCIO || file->sem.imports_trio || file->sem.imports_anyio;
}

/* true when only spaces, tabs and line ends lie in [s, e) */
bool gather_only_space(const char *d, uint32_t s, uint32_t e)
{
    for (uint32_t i = s; i < e; i++)
        if (d[i] != ' ' && d[i] != '\t' && d[i] != '\n' && d[i] != '\r')
            return false;
    return true;
}

