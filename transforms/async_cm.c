/*
 * async_cm.c - AF401 sync-with-on-async-cm, AF402 async-cm-not-entered, AF403
 * async-cm-never-closed: the async context managers of the `factories` table
 * (and the user's extend-async-context-managers) used without `async with`.
 * What each rule finds and why, the example, the fix and what it leaves
 * alone: its --explain text, the descriptors' `explanation` at the end of
 * this file (the one copy of the rules' doc).
 */
#include <stddef.h>
#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/project.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

/* the family's settings: extend-async-context-managers */
struct async_cm_settings {
    struct af_strlist extend;     /* qualified names the user declares async context managers */
};

static const struct af_option async_cm_options[] = {
    { .name = "extend-async-context-managers", .kind = AF_OPT_LIST,
      .flags = AF_OPT_CONFIG | AF_OPT_CSV | AF_OPT_EXTEND, .offset = offsetof(struct async_cm_settings, extend),
      .metavar = "Q", .help = "comma-separated qualified names also treated as async context managers" },
    { .name = NULL },
};

static const struct af_settings async_cm_settings = {
    sizeof(struct async_cm_settings), NULL, async_cm_options,
};

enum {
    CM_ENTER = 1 << 0,       /* an async context manager: `async with f(...)` */
    CM_AWAIT_FIRST = 1 << 1, /* a coroutine giving one: `async with await f(...)` */
    CM_MUST_ENTER = 1 << 2,  /* useless until entered (AF402) */
    CM_CLOSABLE = 1 << 3,    /* usable unentered, must be closed (AF403) */
    CM_AWAITED = 1 << 4,     /* `await f(...)` opens a resource that must be closed (AF403) */
    CM_INSTANCE = 1 << 5,    /* its instances are async context managers (`async with lock`) */
};

struct cm_entry {
    const char *qual;
    unsigned flags;
};

static const struct cm_entry factories[] = {
    { "aiosqlite.connect", CM_ENTER | CM_MUST_ENTER | CM_AWAITED },
    { "aiofiles.open", CM_ENTER | CM_MUST_ENTER | CM_AWAITED },
    { "aiofiles.threadpool.open", CM_ENTER | CM_MUST_ENTER | CM_AWAITED },
    { "httpx.AsyncClient", CM_ENTER | CM_CLOSABLE },
    { "aiohttp.ClientSession", CM_ENTER | CM_CLOSABLE },
    { "asyncpg.create_pool", CM_ENTER | CM_MUST_ENTER | CM_AWAITED },
    { "anyio.open_file", CM_AWAIT_FIRST | CM_AWAITED },
    { "anyio.create_task_group", CM_ENTER | CM_MUST_ENTER },
    { "asyncio.timeout", CM_ENTER | CM_MUST_ENTER },
    { "asyncio.timeout_at", CM_ENTER | CM_MUST_ENTER },
    { "asyncio.TaskGroup", CM_ENTER | CM_MUST_ENTER },
    { "contextlib.AsyncExitStack", CM_ENTER | CM_CLOSABLE },
    { "asyncio.Lock", CM_INSTANCE },
    { "asyncio.Semaphore", CM_INSTANCE },
    { "asyncio.BoundedSemaphore", CM_INSTANCE },
    { "asyncio.Condition", CM_INSTANCE },
    { "asyncio.locks.Lock", CM_INSTANCE },
    { "asyncio.locks.Semaphore", CM_INSTANCE },
    { "asyncio.locks.BoundedSemaphore", CM_INSTANCE },
    { "asyncio.locks.Condition", CM_INSTANCE },
};

/* methods of an object made by a factory above: "<factory>.<method>" */
static const struct cm_entry methods[] = {
    { "aiohttp.ClientSession.get", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.post", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.put", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.patch", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.delete", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.head", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.options", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.request", CM_ENTER | CM_MUST_ENTER },
    { "aiohttp.ClientSession.ws_connect", CM_ENTER | CM_MUST_ENTER },
    { "httpx.AsyncClient.stream", CM_ENTER | CM_MUST_ENTER },
    { "asyncpg.create_pool.acquire", CM_ENTER | CM_MUST_ENTER },
    /* awaitable, and async context managers closing the cursor */
    { "aiosqlite.connect.cursor", CM_ENTER },
    { "aiosqlite.connect.execute", CM_ENTER },
    { "aiosqlite.connect.executemany", CM_ENTER },
    { "aiosqlite.connect.executescript", CM_ENTER },
};

static unsigned table_flags(const struct cm_entry *table, size_t n, const char *qual)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].qual, qual) == 0)
            return table[i].flags;
    return 0;
}

static unsigned factory_flags(const struct af_file *file, const char *qual)
{
    unsigned flags = table_flags(factories, sizeof(factories) / sizeof(factories[0]), qual);
    if (flags)
        return flags;
    /* aiofiles.tempfile.*: TemporaryFile, NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory */
    if (strncmp(qual, "aiofiles.tempfile.", 18) == 0 && qual[18] >= 'A' && qual[18] <= 'Z')
        return CM_ENTER | CM_MUST_ENTER | CM_AWAITED;
    const struct async_cm_settings *settings = file->opts ? af_options_settings(file->opts, &async_cm_settings) : NULL;
    if (settings && af_strlist_contains(&settings->extend, qual))
        return CM_ENTER | CM_MUST_ENTER;
    return 0;
}

/* the call a name's only binding assigns or enters (`v = f()`, `v = await f()`, `with f() as v`) */
static TSNode binding_call(const struct af_file *file, TSNode ident, int scope)
{
    uint32_t len;
    const char *name = af_node_text(ident, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, name, len);
    if (!b || b->kind != AF_BIND_VARIABLE || b->count != 1 || b->mixed)
        return af_null_node();
    TSNode parent = ts_node_parent(b->node);
    TSNode value = af_null_node();
    if (af_is(parent, af_sym.assignment) && af_node_is_field(parent, af_field.left, b->node)) {
        value = af_unparen(af_field_child(parent, af_field.right));
        if (af_is(value, af_sym.await))
            value = af_unparen(af_first_named(value));
    } else if (af_is(parent, af_sym.as_pattern_target)) {
        TSNode pattern = ts_node_parent(parent);
        if (af_is(pattern, af_sym.as_pattern))
            value = af_unparen(af_first_named(pattern));
    }
    return af_is(value, af_sym.call) ? value : af_null_node();
}

/* the flags of the object an identifier names through its only binding, or its annotated type */
static unsigned name_flags(const struct af_file *file, TSNode ident, int scope, struct af_buf *qual)
{
    TSNode call = binding_call(file, ident, scope);
    if (ts_node_is_null(call)) {
        /* a name annotated with the class (`session: aiohttp.ClientSession`) */
        const char *type = af_sem_type_of(file, ident, scope);
        if (!type)
            return 0;
        af_buf_clear(qual);
        af_buf_puts(qual, type);
        return factory_flags(file, qual->ptr);
    }
    TSNode fn = af_field_child(call, af_field.function);
    if (af_sem_qualname(qual, file, fn, scope) < 0)
        return 0;
    return factory_flags(file, qual->ptr);
}

/* true when some row of `methods` ends in `.name` */
static bool method_listed(const char *name, uint32_t len)
{
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        size_t ql = strlen(methods[i].qual);
        if (ql > len && methods[i].qual[ql - len - 1] == '.' && memcmp(methods[i].qual + ql - len, name, len) == 0)
            return true;
    }
    return false;
}

/* the flags of a call: a factory of the table, or a method of an object one made */
static unsigned call_flags(const struct af_file *file, TSNode call, const struct af_site *site, int scope,
                           struct af_buf *qual)
{
    /* a call site (`site`, else NULL) keeps its callee and the callee's name */
    TSNode fn = site ? af_sem_site_callee(file, site) : af_field_child(call, af_field.function);
    if ((site ? af_sem_site_callee_qualname(qual, file, site) : af_sem_qualname(qual, file, fn, scope)) == 0) {
        unsigned flags = factory_flags(file, qual->ptr);
        if (flags)
            return flags;
    }
    if (!af_is(fn, af_sym.attribute))
        return 0;
    TSNode attr = site ? af_sem_site_method_name(file, site) : af_field_child(fn, af_field.attribute);
    uint32_t len;
    const char *m = af_node_text(attr, file->src->data, &len);
    /* the method's name first: most are no method of the table, whatever the receiver */
    if (!method_listed(m, len))
        return 0;
    TSNode recv = af_unparen(site ? af_sem_site_method_object(file, site) : af_field_child(fn, af_field.object));
    if (af_is(recv, af_sym.call)) {
        /* aiohttp.ClientSession().get(url) */
        if (af_sem_qualname(qual, file, af_field_child(recv, af_field.function), scope) < 0 ||
            !factory_flags(file, qual->ptr))
            return 0;
    } else if (!af_is(recv, af_sym.identifier) || !name_flags(file, recv, scope, qual)) {
        return 0;
    }
    af_buf_putc(qual, '.');
    af_buf_put(qual, m, len);
    return table_flags(methods, sizeof(methods) / sizeof(methods[0]), qual->ptr);
}

/* ---- context managers of the project: its own defs and classes ---- */

/* true when a decorator of `def` (a function_definition) resolves to `qual` */
static bool decorated_with(const struct af_file *file, TSNode def, int scope, const char *qual)
{
    TSNode parent = ts_node_parent(def);
    if (!af_is(parent, af_sym.decorated_definition))
        return false;
    struct af_buf q = AF_BUF_INIT;
    bool found = false;
    uint32_t n = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < n && !found; i++) {
        TSNode c = ts_node_named_child(parent, i);
        found = af_is(c, af_sym.decorator) && af_sem_qualname(&q, file, af_first_named(c), scope) == 0 &&
                strcmp(q.ptr, qual) == 0;
    }
    af_buf_dispose(&q);
    return found;
}

/* a class body's binding of `name`: 1 one async def, -1 one plain def, 0 none, 2 anything else */
static int class_method(const struct af_file *file, int cls, const char *name)
{
    const struct af_binding *b = af_sem_binding_in(file, cls, name, strlen(name));
    if (!b)
        return 0;
    if (b->count != 1 || b->mixed)
        return 2;
    return b->kind == AF_BIND_ASYNC_FUNCTION ? 1 : b->kind == AF_BIND_FUNCTION ? -1 : 2;
}

/*
 * What the binding `b` of this file makes when called: 1 an async context
 * manager (an async def decorated with contextlib.asynccontextmanager, a class
 * with `async def __aenter__` and no `__enter__`), -1 a sync one
 * (contextlib.contextmanager, `__enter__` and no `__aenter__`), 0 neither or unknown.
 */
static int own_cm(const struct af_file *file, const struct af_binding *b)
{
    if (b->count != 1 || b->mixed)
        return 0;
    if (b->kind == AF_BIND_ASYNC_FUNCTION)
        return decorated_with(file, b->node, b->scope, "contextlib.asynccontextmanager") ? 1 : 0;
    if (b->kind == AF_BIND_FUNCTION)
        return decorated_with(file, b->node, b->scope, "contextlib.contextmanager") ? -1 : 0;
    if (b->kind != AF_BIND_CLASS)
        return 0;
    int cls = af_sem_scope_of(file, b->node);
    if (cls < 0)
        return 0;
    int aenter = class_method(file, cls, "__aenter__"), enter = class_method(file, cls, "__enter__");
    if (aenter == 1 && enter == 0)
        return 1;
    if (enter == -1 && aenter == 0)
        return -1;
    return 0;
}

/*
 * What calling `call`'s callee makes, when the callee is the project's own:
 * a def or class of this file (own_cm), or an async context manager of
 * another module known from the project index. Its name in `qual`.
 */
static int project_cm(const struct af_file *file, TSNode call, int scope, struct af_buf *qual)
{
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    if (af_is(fn, af_sym.identifier)) {
        uint32_t len;
        const char *t = af_node_text(fn, file->src->data, &len);
        const struct af_binding *b = af_sem_lookup(file, scope, t, len);
        if (b && b->kind != AF_BIND_IMPORT) {
            af_buf_clear(qual);
            af_buf_put(qual, t, len);
            return own_cm(file, b);
        }
    } else if (!af_is(fn, af_sym.attribute)) {
        return 0;
    }
    if (!file->project || af_sem_qualname(qual, file, fn, scope) < 0)
        return 0;
    return af_project_is_async_cm(file->project, qual->ptr) ? 1 : 0;
}

/* ---- AF401 ---- */

/* the value of a with item (the expression before `as`) */
static TSNode item_value(TSNode item)
{
    TSNode value = af_field_child(item, af_field.value);
    if (af_is(value, af_sym.as_pattern))
        value = af_first_named(value);
    return af_unparen(value);
}

/* flags of a with item's value: a known call, or a name bound to a known async CM */
static unsigned item_flags(const struct af_file *file, TSNode value, int scope, struct af_buf *qual)
{
    if (af_is(value, af_sym.call)) {
        unsigned flags = call_flags(file, value, NULL, scope, qual);
        if (!flags && project_cm(file, value, scope, qual) > 0)
            return CM_ENTER;
        return flags & CM_INSTANCE ? flags | CM_ENTER : flags;
    }
    if (af_is(value, af_sym.identifier)) {
        return name_flags(file, value, scope, qual) ? CM_ENTER : 0;
    }
    return 0;
}

/* where a plain `with` stands outside an async def, for a message: "sync function `f`", "module level" */
static void sync_place(struct af_buf *out, const struct af_file *file, int scope)
{
    const char *name = af_sem_scope_name(file, scope);
    af_buf_clear(out);
    if (name)
        af_buf_printf(out, "sync function `%s`", name);
    else
        af_buf_puts(out, "module level");
}

struct af401_items {
    uint32_t nknown, nother;
    TSNode first_known;
    const char *what;
};

/* the async items of a with clause, each needing `await ` before it added to `fix` */
static void af401_items(struct af401_items *it, const struct af_file *file, TSNode clause, int scope,
                        struct af_fix *fix, struct af_buf *qual, struct af_buf *known)
{
    memset(it, 0, sizeof(*it));
    it->what = "is an async context manager";
    uint32_t ni = ts_node_named_child_count(clause);
    for (uint32_t k = 0; k < ni; k++) {
        TSNode item = ts_node_named_child(clause, k);
        if (!af_is(item, af_sym.with_item))
            continue;
        TSNode value = item_value(item);
        unsigned flags = item_flags(file, value, scope, qual);
        if (!(flags & (CM_ENTER | CM_AWAIT_FIRST))) {
            it->nother++;
            continue;
        }
        if (it->nknown++ == 0) {
            it->first_known = value;
            af_buf_clear(known);
            af_buf_puts(known, qual->ptr);
            if (!(flags & CM_ENTER))
                it->what = "returns an async context manager when awaited, and is";
        }
        if (!(flags & CM_ENTER))
            af_rewrite_await(fix, file, value);
    }
}

static void check_af401(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, known = AF_BUF_INIT, place = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->withs.n; i++) {
        const struct af_site *site = &sem->withs.items[i];
        TSNode clause = af_with_clause(site->node);
        if (af_node_is_async(site->node) || ts_node_is_null(clause))
            continue;
        struct af_fix *fix = af_fix_new(AF_SAFE);
        struct af401_items it;
        af401_items(&it, file, clause, site->scope, fix, &qual, &known);
        if (it.nknown == 0) {
            af_fix_free(fix);
        } else if (!af_sem_in_async(file, site->scope)) {
            af_fix_free(fix);
            sync_place(&place, file, site->scope);
            af_report(sink, it.first_known, NULL,
                      "`%s` %s entered with a plain `with` in %s: it has no `__enter__` (an error at run "
                      "time), and `async with` needs an async function", known.ptr, it.what, place.ptr);
        } else if (it.nother) {
            af_fix_free(fix);
            af_report(sink, it.first_known, NULL,
                      "`%s` %s entered with a plain `with` in async function `%s`; "
                      "the other items are not async: split the `with` by hand",
                      known.ptr, it.what, af_sem_scope_name(file, site->scope));
        } else {
            af_fix_insert(fix, ts_node_start_byte(site->node), "async ");
            af_fix_set_message(fix, "Use `async with`");
            af_report(sink, it.first_known, fix, "`%s` %s entered with a plain `with` in async function `%s`",
                      known.ptr, it.what, af_sem_scope_name(file, site->scope));
        }
    }
    af_buf_dispose(&qual);
    af_buf_dispose(&known);
    af_buf_dispose(&place);
}

/* ---- AF404: `async with` on a sync context manager ---- */

static const struct sync_cm {
    const char *qual;
    const char *instead;    /* the async counterpart, or NULL */
} sync_cms[] = {
    { "builtins.open", "aiofiles.open" },
    { "io.open", "aiofiles.open" },
    { "codecs.open", NULL },
    { "threading.Lock", "asyncio.Lock" },
    { "threading.RLock", "asyncio.Lock" },
    { "threading.Semaphore", "asyncio.Semaphore" },
    { "threading.BoundedSemaphore", "asyncio.BoundedSemaphore" },
    { "threading.Condition", "asyncio.Condition" },
    { "sqlite3.connect", "aiosqlite.connect" },
    { "requests.Session", "httpx.AsyncClient" },
    { "requests.session", "httpx.AsyncClient" },
    { "httpx.Client", "httpx.AsyncClient" },
    { "tempfile.TemporaryFile", "aiofiles.tempfile.TemporaryFile" },
    { "tempfile.NamedTemporaryFile", "aiofiles.tempfile.NamedTemporaryFile" },
    { "tempfile.SpooledTemporaryFile", "aiofiles.tempfile.SpooledTemporaryFile" },
    { "tempfile.TemporaryDirectory", "aiofiles.tempfile.TemporaryDirectory" },
    { "contextlib.ExitStack", "contextlib.AsyncExitStack" },
    { "subprocess.Popen", "asyncio.create_subprocess_exec" },
    { "zipfile.ZipFile", NULL },
    { "tarfile.open", NULL },
    { "socket.socket", NULL },
};

/* the project's own sync context managers (contextlib.contextmanager, a class with __enter__ only) */
static const struct sync_cm own_sync_cm = { "", NULL };

/*
 * The sync context manager an `async with` item's value makes: a call of
 * the table or of the project's own, or a name bound once to such a call
 * (`lock = threading.Lock()`). Its name in `qual`; NULL when not known.
 */
static const struct sync_cm *sync_cm_of(const struct af_file *file, TSNode value, int scope, struct af_buf *qual)
{
    TSNode call = af_is(value, af_sym.identifier) ? binding_call(file, value, scope) : value;
    if (!af_is(call, af_sym.call))
        return NULL;
    if (af_sem_qualname(qual, file, af_field_child(call, af_field.function), scope) == 0)
        for (size_t i = 0; i < sizeof(sync_cms) / sizeof(sync_cms[0]); i++)
            if (strcmp(sync_cms[i].qual, qual->ptr) == 0)
                return &sync_cms[i];
    return project_cm(file, call, scope, qual) < 0 ? &own_sync_cm : NULL;
}

static void check_af404(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->withs.n; i++) {
        const struct af_site *site = &sem->withs.items[i];
        TSNode clause = af_with_clause(site->node);
        if (!af_node_is_async(site->node) || ts_node_is_null(clause))
            continue;
        uint32_t ni = ts_node_named_child_count(clause);
        for (uint32_t k = 0; k < ni; k++) {
            TSNode item = ts_node_named_child(clause, k);
            if (!af_is(item, af_sym.with_item))
                continue;
            TSNode value = item_value(item);
            const struct sync_cm *cm = sync_cm_of(file, value, site->scope, &qual);
            if (!cm)
                continue;
            const char *name = strncmp(qual.ptr, "builtins.", 9) == 0 ? qual.ptr + 9 : qual.ptr;
            if (cm->instead)
                af_report(sink, value, NULL,
                          "`%s` is a sync context manager entered with `async with`: it has no `__aenter__` "
                          "(an error at run time); use `with`, or `async with %s(...)`",
                          name, cm->instead);
            else
                af_report(sink, value, NULL,
                          "`%s` is a sync context manager entered with `async with`: it has no `__aenter__` "
                          "(an error at run time); use `with`", name);
        }
    }
    af_buf_dispose(&qual);
}

/* ---- AF402 / AF403: `v = factory(...)` ---- */

struct names {
    const char *ptr[32];
    uint32_t len[32];
    uint32_t n;
    bool full;
};

static bool names_has(const struct names *ns, const char *s, uint32_t len)
{
    for (uint32_t i = 0; i < ns->n; i++)
        if (ns->len[i] == len && memcmp(ns->ptr[i], s, len) == 0)
            return true;
    return false;
}

static void names_add(struct names *ns, const char *s, uint32_t len)
{
    if (names_has(ns, s, len))
        return;
    if (ns->n == 32) {
        ns->full = true;
        return;
    }
    ns->ptr[ns->n] = s;
    ns->len[ns->n++] = len;
}

/* true for an identifier that names a variable (not `x.<name>`, not `f(<name>=...)`) */
static bool is_name_use(TSNode ident)
{
    return af_node_name_use(ident, NULL) != AF_USE_NOT_VARIABLE;
}

/* adds the names a statement binds (assignment, for, with and walrus targets) */
static void add_bound(const struct af_file *file, struct names *ns, TSNode node);

static void add_targets(const struct af_file *file, struct names *ns, TSNode target)
{
    if (ts_node_is_null(target))
        return;
    if (af_is(target, af_sym.identifier)) {
        uint32_t len;
        const char *s = af_node_text(target, file->src->data, &len);
        names_add(ns, s, len);
        return;
    }
    if (af_is(target, af_sym.attribute) || af_is(target, af_sym.subscript))
        return;
    uint32_t n = ts_node_named_child_count(target);
    for (uint32_t i = 0; i < n; i++)
        add_targets(file, ns, ts_node_named_child(target, i));
}

/* the names one node binds itself; false for a def, class or lambda (nothing below counts) */
static bool bound_here(const struct af_file *file, struct names *ns, TSNode node)
{
    TSSymbol s = ts_node_symbol(node);
    if (s == af_sym.function_definition || s == af_sym.class_definition || s == af_sym.lambda)
        return false;
    if (s == af_sym.assignment || s == af_sym.augmented_assignment || s == af_sym.for_statement ||
        s == af_sym.for_in_clause)
        add_targets(file, ns, af_field_child(node, af_field.left));
    else if (s == af_sym.as_pattern_target)
        add_targets(file, ns, af_first_named(node));
    else if (s == af_sym.named_expression)
        add_targets(file, ns, af_field_child(node, af_field.name));
    return true;
}

struct bound_walk {
    const struct af_file *file;
    struct names *ns;
};

static enum af_walk_next visit_bound(TSNode n, void *ctx)
{
    struct bound_walk *w = ctx;
    return ts_node_is_named(n) && bound_here(w->file, w->ns, n) ? AF_WALK_CONTINUE : AF_WALK_SKIP;
}

/* the named nodes in document order through a cursor (ts_node_named_child is linear in the index) */
static void add_bound(const struct af_file *file, struct names *ns, TSNode node)
{
    struct bound_walk w = { file, ns };
    af_walk(node, visit_bound, &w);
}

/* why AF402 and AF403 offer no fix for a site, each with the clause its message shows */
enum cm_reason {
    CM_FIXABLE,
    CM_REBOUND,          /* the name is bound again, or is no plain local variable */
    CM_PASSED,           /* an argument of a call other than its own methods */
    CM_STORED,           /* assigned, aliased, put in a container, used as a value */
    CM_ENTERED_LATER,    /* `async with v` later, or by hand (`v.__aenter__`): not a site to fix */
    CM_CAPTURED,         /* a nested def, lambda, class or generator expression uses it */
    CM_USED_BEFORE,      /* used before its statement (a loop) */
    CM_USED_AFTER_BLOCK, /* used after the block its statement is in */
    CM_DERIVED_AFTER,    /* a name computed from it is used after the block */
    CM_TOO_MANY,         /* more names computed from it than are followed */
    CM_UNUSED,           /* no statement after it uses it */
    CM_SAME_LINE,        /* a statement to move shares a line with another */
    CM_EXPECTS_RAISE,    /* used where an exception is expected (AF402: the code may test it unentered) */
};

static const char *const cm_reason_text[] = {
    [CM_FIXABLE] = "",
    [CM_REBOUND] = "its name is bound more than once in the function, or is not a plain local variable",
    [CM_PASSED] = "it is passed to a function, which may keep it beyond the block",
    [CM_STORED] = "it is stored or used as a value (`w = v`, `self.x = v`, a container), "
                  "which may keep it beyond the block",
    [CM_ENTERED_LATER] = "it is entered later",
    [CM_CAPTURED] = "a nested def, lambda or generator expression uses it, maybe after the block has closed it",
    [CM_USED_BEFORE] = "it is used before its statement (in a loop), outside the block `async with` would open",
    [CM_USED_AFTER_BLOCK] = "it is used after the block its statement is in, where `async with` would have "
                            "closed it",
    [CM_DERIVED_AFTER] = "a name computed from it is used after its block, where `async with` would have closed it",
    [CM_TOO_MANY] = "more than 32 names are computed from it: too many to follow",
    [CM_UNUSED] = "no statement after it uses it",
    [CM_SAME_LINE] = "a statement to move shares a line with another (`;`): statements are moved by whole lines",
    [CM_EXPECTS_RAISE] = "it is used where an exception is expected (`assertRaises`, `pytest.raises`): "
                         "the code may rely on it failing unentered",
};

struct cm_site {
    TSNode stmt;          /* the `v = factory(...)` statement */
    TSNode block;         /* the block it is in */
    TSNode call;          /* factory(...) */
    TSNode target;        /* v */
    bool awaited;
    unsigned flags;
    TSNode last;          /* the last statement of the block using v (or a name computed from it) */
    bool has_last;
    bool returned;        /* `return v`: a factory function */
    bool escapes;         /* stored, passed, captured, aliased, used outside the range */
    enum cm_reason why;   /* the first way it escapes (CM_FIXABLE while it does not) */
    bool stuck;           /* a name computed from v is used after the range */
    bool closed;          /* v.close / v.aclose appear */
    bool entered;         /* `async with v`, `await v`, `stack.enter_async_context(v)`, `v.__aenter__`/`__aexit__` */
    bool too_many;
    bool expects_raise;   /* used in `with assertRaises(...)`/`pytest.raises(...)` or passed to assertRaises */
};

struct escape_walk {
    const struct af_file *file;
    struct cm_site *cs;
    TSNode func;
    const struct names *derived;
    uint32_t range_start, range_end;
};

/* true when `node` sits in a def, lambda, class or generator expression below `func` */
static bool in_nested_scope(TSNode node, TSNode func)
{
    for (TSNode p = ts_node_parent(node); !ts_node_is_null(p) && !ts_node_eq(p, func);
         p = ts_node_parent(p)) {
        TSSymbol s = ts_node_symbol(p);
        if (s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition ||
            s == af_sym.generator_expression)
            return true;
    }
    return false;
}

/* true when `ident` is entered or awaited later: `async with v`, `await v`, `enter_async_context(v)` */
static bool is_entered(const struct af_file *file, TSNode ident)
{
    TSNode p = ts_node_parent(ident);
    while (af_is(p, af_sym.parenthesized_expression))
        p = ts_node_parent(p);
    if (af_is(p, af_sym.as_pattern))
        p = ts_node_parent(p);
    if (af_is(p, af_sym.with_item) || af_is(p, af_sym.await))
        return true;
    if (!af_is(p, af_sym.argument_list))
        return false;
    TSNode fn = af_field_child(ts_node_parent(p), af_field.function);
    return af_is(fn, af_sym.attribute) &&
           af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "enter_async_context");
}

/* true when `ident` is the value of a return, alone or in a tuple */
static bool is_returned(TSNode ident)
{
    TSNode p = ts_node_parent(ident);
    while (af_is(p, af_sym.parenthesized_expression) || af_is(p, af_sym.expression_list) ||
           af_is(p, af_sym.tuple))
        p = ts_node_parent(p);
    return af_is(p, af_sym.return_statement);
}

/*
 * Per-check state, so that a site's analysis costs what the uses of its names cost
 * and not what the function costs: the statements of a long block come from the
 * semantic model's index (af_sem_block_stmts: the statement holding a byte is a binary
 * search); the path from a node down to an identifier is found through them
 * (ts_node_parent walks down from the root in this tree-sitter, linear in every block
 * on the way); the `w = factory(...)` sites of a block are matched once per scope.
 */
struct block_sites {
    uint32_t *sites;        /* the statements that are `w = factory(...)` sites */
    TSNode *targets;
    uint32_t n;
    int scope;              /* the scope they were matched in; -1 before */
};

struct use_path {
    TSNode ident;
    TSNode *nodes;      /* from the top node down to the identifier */
    uint32_t n, cap;
    TSFieldId field;    /* the identifier's field in its parent */
    bool slow;          /* not found by descent: ask ts_node_parent */
};

struct cm_index {
    const struct af_file *file;
    struct block_sites *sites;  /* by block id (af_block_stmts.id), once asked */
    uint32_t nsites;
    struct use_path path;
    TSTreeCursor cur;
    bool has_cur;
    uint32_t *heap;             /* pending statement indexes of a block, smallest first */
    uint32_t heap_n, heap_cap;
};

/* blocks with fewer children are descended through the cursor */
#define INDEXED_BLOCK_MIN 16

static void cm_index_dispose(struct cm_index *ix)
{
    for (uint32_t i = 0; i < ix->nsites; i++) {
        free(ix->sites[i].sites);
        free(ix->sites[i].targets);
    }
    free(ix->sites);
    free(ix->path.nodes);
    free(ix->heap);
    if (ix->has_cur)
        ts_tree_cursor_delete(&ix->cur);
    memset(ix, 0, sizeof(*ix));
}

/* the sites of the block `bs` indexes, as last matched (scope -1: never) */
static struct block_sites *sites_of(struct cm_index *ix, const struct af_block_stmts *bs)
{
    if (!ix->sites) {
        ix->nsites = ix->file->sem.blocks.n;
        ix->sites = af_calloc(ix->nsites ? ix->nsites : 1, sizeof(*ix->sites));
        for (uint32_t i = 0; i < ix->nsites; i++)
            ix->sites[i].scope = -1;
    }
    return &ix->sites[bs->id];
}

static void path_push(struct use_path *p, TSNode n)
{
    AF_ARRAY_GROW(p->nodes, p->n, p->cap);
    p->nodes[p->n++] = n;
}

/* the path from `top` down to `ident` (under it) into ix->path; ix->path.slow when not found */
static const struct use_path *path_to(struct cm_index *ix, TSNode top, TSNode ident)
{
    struct use_path *p = &ix->path;
    uint32_t at = ts_node_start_byte(ident), end = ts_node_end_byte(ident);
    p->ident = ident;
    p->n = 0;
    p->field = 0;
    p->slow = false;
    path_push(p, top);
    if (!ix->has_cur) {
        ix->cur = ts_tree_cursor_new(top);
        ix->has_cur = true;
    } else {
        ts_tree_cursor_reset(&ix->cur, top);
    }
    TSNode node = top;
    while (!ts_node_eq(node, ident)) {
        TSFieldId field = 0;
        if (af_is(node, af_sym.block) && ts_node_child_count(node) >= INDEXED_BLOCK_MIN) {
            const struct af_block_stmts *bs = af_sem_block_stmts(ix->file, node);
            uint32_t i = bs ? af_sem_stmt_at(bs, at) : UINT32_MAX;
            if (i == UINT32_MAX) {
                p->slow = true;
                break;
            }
            node = bs->stmts[i];
            ts_tree_cursor_reset(&ix->cur, node);
        } else {
            /* the first child ending at or after the goal byte: one past the start skips a
               `(` that ends where the target starts */
            if (ts_tree_cursor_goto_first_child_for_byte(&ix->cur, end > at ? at + 1 : at) < 0) {
                p->slow = true;
                break;
            }
            node = ts_tree_cursor_current_node(&ix->cur);
            field = ts_tree_cursor_current_field_id(&ix->cur);
        }
        if (ts_node_start_byte(node) > at || ts_node_end_byte(node) < end) {
            p->slow = true;
            break;
        }
        path_push(p, node);
        p->field = field;
    }
    return p;
}

/* the node above path->nodes[k] */
static TSNode path_parent(const struct use_path *p, uint32_t k)
{
    return k > 0 ? p->nodes[k - 1] : ts_node_parent(p->nodes[0]);
}

/* cursor_is_name_use for the identifier a path ends at */
static bool path_is_name_use(const struct use_path *p)
{
    TSNode ident = p->ident;
    if (p->slow)
        return is_name_use(ident);
    if (p->field == af_field.attribute)
        return false;
    if (p->field != af_field.name)
        return true;
    TSNode parent = path_parent(p, p->n - 1);
    if (af_is(parent, af_sym.attribute))
        return !af_node_is_field(parent, af_field.attribute, ident);
    if (af_is(parent, af_sym.keyword_argument))
        return !af_node_is_field(parent, af_field.name, ident);
    return true;
}

static void heap_push(struct cm_index *ix, uint32_t v)
{
    AF_ARRAY_GROW(ix->heap, ix->heap_n, ix->heap_cap);
    uint32_t i = ix->heap_n++;
    while (i > 0 && ix->heap[(i - 1) / 2] > v) {
        ix->heap[i] = ix->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    ix->heap[i] = v;
}

static uint32_t heap_pop(struct cm_index *ix)
{
    uint32_t top = ix->heap[0], v = ix->heap[--ix->heap_n], i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= ix->heap_n)
            break;
        if (c + 1 < ix->heap_n && ix->heap[c + 1] < ix->heap[c])
            c++;
        if (ix->heap[c] >= v)
            break;
        ix->heap[i] = ix->heap[c];
        i = c;
    }
    if (ix->heap_n)
        ix->heap[i] = v;
    return top;
}

/*
 * Queues the statements of the block after statement `after` that use `name` (a name
 * use, as each_name sees it): the ones a name bound by statement `after` taints.
 */
static void queue_uses(struct cm_index *ix, const struct af_file *file, const struct af_block_stmts *bs,
                       uint32_t after, const char *name, uint32_t len)
{
    if (after + 1 >= bs->n)
        return;
    const TSNode *uses;
    size_t n = af_sem_name_uses(file, bs->block, name, len, &uses);
    uint32_t from = bs->starts[after + 1];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(uses[mid]) < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t last_queued = UINT32_MAX;
    for (size_t k = lo; k < n; k++) {
        uint32_t i = af_sem_stmt_at(bs, ts_node_start_byte(uses[k]));
        if (i == UINT32_MAX || i <= after || i == last_queued)
            continue;
        if (!path_is_name_use(path_to(ix, bs->stmts[i], uses[k])))
            continue;
        heap_push(ix, i);
        last_queued = i;
    }
}

/* queues the uses of the names ns gained from index `from` on */
static void queue_new_names(struct cm_index *ix, const struct af_file *file, const struct af_block_stmts *bs,
                            uint32_t after, const struct names *ns, uint32_t from)
{
    for (uint32_t k = from; k < ns->n; k++)
        queue_uses(ix, file, bs, after, ns->ptr[k], ns->len[k]);
}

/* is_returned, is_entered and in_nested_scope along a path (from the function) */
static bool path_is_returned(const struct use_path *p)
{
    if (p->slow)
        return is_returned(p->ident);
    for (uint32_t k = p->n - 1;;) {
        if (k == 0)
            return is_returned(p->ident);
        TSNode a = p->nodes[--k];
        if (!af_is(a, af_sym.parenthesized_expression) && !af_is(a, af_sym.expression_list) &&
            !af_is(a, af_sym.tuple))
            return af_is(a, af_sym.return_statement);
    }
}

static bool path_is_entered(const struct af_file *file, const struct use_path *p)
{
    if (p->slow || p->n < 2)
        return is_entered(file, p->ident);
    uint32_t k = p->n - 2;
    while (af_is(p->nodes[k], af_sym.parenthesized_expression)) {
        if (k == 0)
            return is_entered(file, p->ident);
        k--;
    }
    if (af_is(p->nodes[k], af_sym.as_pattern)) {
        if (k == 0)
            return is_entered(file, p->ident);
        k--;
    }
    TSNode a = p->nodes[k];
    if (af_is(a, af_sym.with_item) || af_is(a, af_sym.await))
        return true;
    if (!af_is(a, af_sym.argument_list))
        return false;
    if (k == 0)
        return is_entered(file, p->ident);
    TSNode fn = af_field_child(p->nodes[k - 1], af_field.function);
    return af_is(fn, af_sym.attribute) &&
           af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "enter_async_context");
}

/* true for a call of assertRaises, assertRaisesRegex or (pytest.)raises, by the callee's last name */
static bool expects_raise_call(const struct af_file *file, TSNode call)
{
    if (!af_is(call, af_sym.call))
        return false;
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    if (af_is(fn, af_sym.attribute))
        fn = af_field_child(fn, af_field.attribute);
    else if (!af_is(fn, af_sym.identifier))
        return false;
    const char *src = file->src->data;
    return af_node_text_is(fn, src, "assertRaises") || af_node_text_is(fn, src, "assertRaisesRegex") ||
           af_node_text_is(fn, src, "raises");
}

/* true when `child` (a child of `a`) is the body of `with assertRaises(...):` or the arguments of such a call */
static bool expects_raise_at(const struct af_file *file, TSNode a, TSNode child)
{
    if (af_is(child, af_sym.argument_list))
        return expects_raise_call(file, a);
    if (!af_is(a, af_sym.with_statement) || !ts_node_eq(child, af_field_child(a, af_field.body)))
        return false;
    TSNode clause = af_with_clause(a);
    uint32_t ni = ts_node_is_null(clause) ? 0 : ts_node_named_child_count(clause);
    for (uint32_t k = 0; k < ni; k++) {
        TSNode item = ts_node_named_child(clause, k);
        if (af_is(item, af_sym.with_item) && expects_raise_call(file, item_value(item)))
            return true;
    }
    return false;
}

/* true when the use a path ends at sits where an exception is expected, below `func` */
static bool path_expects_raise(const struct af_file *file, const struct use_path *p, TSNode func)
{
    if (p->slow) {
        TSNode child = p->ident;
        for (TSNode a = ts_node_parent(child); !ts_node_is_null(a) && !ts_node_eq(a, func);
             child = a, a = ts_node_parent(a))
            if (expects_raise_at(file, a, child))
                return true;
        return false;
    }
    for (uint32_t k = p->n - 1; k-- > 1;)
        if (expects_raise_at(file, p->nodes[k], p->nodes[k + 1]))
            return true;
    return false;
}

static bool path_in_nested_scope(const struct use_path *p, TSNode func)
{
    if (p->slow)
        return in_nested_scope(p->ident, func);
    for (uint32_t k = p->n - 1; k-- > 1;) {
        TSSymbol s = ts_node_symbol(p->nodes[k]);
        if (s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition ||
            s == af_sym.generator_expression)
            return true;
    }
    return false;
}

/*
 * The ancestors of a call: from a path down from its function (taken when the first
 * ancestor beyond the known parent is asked for), else from ts_node_parent.
 */
struct up {
    struct cm_index *ix;
    TSNode top, target, node;
    const struct use_path *path;
    uint32_t steps;     /* node is the target's steps-th ancestor */
    bool slow;
};

static TSNode up_next(struct up *u)
{
    if (!u->slow && !u->path) {
        u->path = path_to(u->ix, u->top, u->target);
        u->slow = u->path->slow || u->path->n <= u->steps ||
                  !ts_node_eq(u->path->nodes[u->path->n - 1 - u->steps], u->node);
    }
    if (!u->slow && u->path->n - 1 - u->steps > 0) {
        u->steps++;
        return u->node = u->path->nodes[u->path->n - 1 - u->steps];
    }
    u->slow = true;
    return u->node = ts_node_parent(u->node);
}

/*
 * The `v = factory(...)` shape around a call (`parent` its parent, or a null node; `site` its
 * call site, or NULL); false when it is not one. The statement and its block come from a path
 * down from the function: ts_node_parent is linear in the block.
 */
static bool match_site(struct cm_site *out, struct cm_index *ix, const struct af_file *file, TSNode call,
                       TSNode parent, const struct af_site *site, int scope, struct af_buf *qual)
{
    if (!af_sem_in_async(file, scope))
        return false;   /* `out` is read only when true */
    memset(out, 0, sizeof(*out));
    /* beyond the known parent the shape costs a path down from the function: ask the table first */
    unsigned flags = 0;
    TSSymbol ps = ts_node_is_null(parent) ? 0 : ts_node_symbol(parent);
    if ((ts_node_is_null(parent) || ps == af_sym.parenthesized_expression || ps == af_sym.await) &&
        !(flags = call_flags(file, call, site, scope, qual)))
        return false;
    struct up anc = { ix, file->sem.scopes[scope].node, call, call, NULL, 0, false };
    TSNode up = ts_node_is_null(parent) ? up_next(&anc) : parent;
    if (!ts_node_is_null(parent)) {
        anc.node = parent;
        anc.steps = 1;
    }
    while (af_is(up, af_sym.parenthesized_expression))
        up = up_next(&anc);
    if (af_is(up, af_sym.await)) {
        out->awaited = true;
        up = up_next(&anc);
        while (af_is(up, af_sym.parenthesized_expression))
            up = up_next(&anc);
    }
    if (!af_is(up, af_sym.assignment) || !ts_node_is_null(af_field_child(up, af_field.type)))
        return false;
    TSNode left = af_field_child(up, af_field.left);
    if (!af_is(left, af_sym.identifier))
        return false;
    /* the table before the statement and its block: they cost a path down from the function */
    if (!flags && !(flags = call_flags(file, call, site, scope, qual)))
        return false;
    TSNode stmt = up_next(&anc);
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return false;
    TSNode block = up_next(&anc);
    if (!af_is(block, af_sym.block))
        return false;
    out->flags = flags;
    out->stmt = stmt;
    out->block = block;
    out->call = call;
    out->target = left;
    return true;
}

/* marks the site as escaping, keeping the first reason seen */
static void escape(struct cm_site *cs, enum cm_reason why)
{
    cs->escapes = true;
    if (cs->why == CM_FIXABLE)
        cs->why = why;
}

/* a use of v itself (`path` from the function down to it) */
static void visit_use(struct escape_walk *w, const struct use_path *path)
{
    struct cm_site *cs = w->cs;
    const char *src = w->file->src->data;
    TSNode ident = path->ident;
    uint32_t at = ts_node_start_byte(ident);
    if (ts_node_eq(ident, cs->target))
        return;
    TSNode parent = path->slow ? ts_node_parent(ident) : path_parent(path, path->n - 1);
    if (af_is(parent, af_sym.attribute) && af_node_is_field(parent, af_field.object, ident)) {
        TSNode attr = af_field_child(parent, af_field.attribute);
        if (af_node_text_is(attr, src, "close") || af_node_text_is(attr, src, "aclose")) {
            cs->closed = true;
        } else if (af_node_text_is(attr, src, "__aenter__") || af_node_text_is(attr, src, "__aexit__")) {
            /* the code runs the protocol itself: `await v.__aenter__()`, `push_async_exit(v.__aexit__)` */
            cs->entered = true;
            escape(cs, CM_ENTERED_LATER);
        }
    } else if (path_is_returned(path)) {
        cs->returned = true;
        return;
    } else if (path_is_entered(w->file, path)) {
        cs->entered = true;
        escape(cs, CM_ENTERED_LATER);
    } else {
        escape(cs, af_is(parent, af_sym.argument_list) || af_is(parent, af_sym.keyword_argument) ? CM_PASSED
                                                                                                : CM_STORED);
    }
    if (!cs->expects_raise && path_expects_raise(w->file, path, w->func))
        cs->expects_raise = true;
    if (path_in_nested_scope(path, w->func))
        escape(cs, CM_CAPTURED);
    else if (at < w->range_start)
        escape(cs, CM_USED_BEFORE);
    else if (at >= w->range_end)
        escape(cs, CM_USED_AFTER_BLOCK);
}

/*
 * Every name use under the function of v and of the names computed from it: v's uses
 * decide the flags; a computed name used after the range makes the site stuck.
 */
static void escape_walk(struct escape_walk *w, struct cm_index *ix)
{
    const struct names *derived = w->derived;
    for (uint32_t k = 1; k < derived->n && !w->cs->stuck; k++) {
        const TSNode *uses;
        size_t n = af_sem_name_uses(w->file, w->func, derived->ptr[k], derived->len[k], &uses);
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ts_node_start_byte(uses[mid]) < w->range_end)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t u = lo; u < n; u++)
            if (path_is_name_use(path_to(ix, w->func, uses[u]))) {
                w->cs->stuck = true;
                break;
            }
    }
    const TSNode *uses;
    size_t n = af_sem_name_uses(w->file, w->func, derived->ptr[0], derived->len[0], &uses);
    for (size_t u = 0; u < n; u++) {
        const struct use_path *path = path_to(ix, w->func, uses[u]);
        if (path_is_name_use(path))
            visit_use(w, path);
    }
}

/*
 * The last statement after `stmt` in its block that uses a name of `ns`; `ns` grows by the
 * names those statements bind from it, and only later statements are tainted through them.
 * The statements come from the uses of the names, in block order (a heap).
 */
static bool last_use(TSNode *out, struct cm_index *ix, const struct af_file *file, TSNode stmt,
                     TSNode block, struct names *ns)
{
    const struct af_block_stmts *bs = af_sem_block_stmts(file, block);
    uint32_t done = bs ? af_sem_stmt_find(bs, stmt) : UINT32_MAX;
    bool found = false;
    if (done == UINT32_MAX)
        return false;
    ix->heap_n = 0;
    queue_new_names(ix, file, bs, done, ns, 0);
    while (ix->heap_n) {
        uint32_t i = heap_pop(ix);
        if (i <= done)
            continue;
        done = i;
        TSNode n = bs->stmts[i];
        if (af_is(n, af_sym.comment))
            continue;
        *out = n;
        found = true;
        uint32_t before = ns->n;
        add_bound(file, ns, n);
        queue_new_names(ix, file, bs, i, ns, before);
    }
    return found;
}

/* the call of a `w = [await ]call(...)` statement; a null node otherwise */
static TSNode assigned_call(TSNode stmt)
{
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return af_null_node();
    TSNode value = af_field_child(ts_node_named_child(stmt, 0), af_field.right);
    while (af_is(value, af_sym.parenthesized_expression) || af_is(value, af_sym.await))
        value = ts_node_named_child(value, 0);
    return af_is(value, af_sym.call) ? value : af_null_node();
}

/*
 * Another resource of this kind opened by a statement the range moves, and used after the
 * range: the range ends at its last use, so that its own block can nest inside this one on
 * the next pass. Without it, it would be bound inside the new block and used after it, a
 * shape no pass could fix or even report. The names of such resources (and the names
 * computed from them) gather in `inner` while the range grows; the range is read statement
 * by statement, what follows it only where an inner name is used.
 */
/* the statements of the block that are sites of a resource (match_site in `scope`), once */
static void find_block_sites(struct block_sites *bi, const struct af_block_stmts *bs, struct cm_index *ix,
                             const struct af_file *file, int scope)
{
    struct af_buf qual = AF_BUF_INIT;
    uint32_t cap = 0;
    free(bi->sites);
    free(bi->targets);
    bi->sites = NULL;
    bi->targets = NULL;
    bi->n = 0;
    bi->scope = scope;
    for (uint32_t j = 0; j < bs->n; j++) {
        TSNode call = assigned_call(bs->stmts[j]);
        struct cm_site site_of_n;
        if (ts_node_is_null(call) || !match_site(&site_of_n, ix, file, call, af_null_node(), NULL, scope, &qual))
            continue;
        if (bi->n >= cap) {
            cap = cap ? cap * 2 : 16;
            bi->sites = af_realloc(bi->sites, cap * sizeof(*bi->sites));
            bi->targets = af_realloc(bi->targets, cap * sizeof(*bi->targets));
        }
        bi->sites[bi->n] = j;
        bi->targets[bi->n++] = site_of_n.target;
    }
    af_buf_dispose(&qual);
}

static void extend_over_sites(struct cm_site *cs, struct cm_index *ix, const struct af_file *file, int scope)
{
    struct names inner = { .n = 0 };
    const struct af_block_stmts *bs = af_sem_block_stmts(file, cs->block);
    if (!bs)
        return;
    uint32_t s = af_sem_stmt_find(bs, cs->stmt), last = af_sem_stmt_find(bs, cs->last);
    if (s == UINT32_MAX || last == UINT32_MAX)
        return;
    struct block_sites *bi = sites_of(ix, bs);
    if (bi->scope != scope)
        find_block_sites(bi, bs, ix, file, scope);
    /* the next site statement after s */
    uint32_t si = af_upper_bound(bi->sites, bi->n, s);
    ix->heap_n = 0;
    /* only site statements inside the range and statements using an inner name matter */
    for (uint32_t j = s + 1;; j++) {
        while (si < bi->n && bi->sites[si] < j)
            si++;
        while (ix->heap_n && ix->heap[0] < j)
            heap_pop(ix);
        uint32_t next_site = si < bi->n && bi->sites[si] <= last ? bi->sites[si] : UINT32_MAX;
        uint32_t next_taint = ix->heap_n ? ix->heap[0] : UINT32_MAX;
        j = next_site < next_taint ? next_site : next_taint;
        if (j == UINT32_MAX)
            break;
        TSNode n = bs->stmts[j];
        bool inside = j <= last, tainted = false;
        while (ix->heap_n && ix->heap[0] <= j)
            tainted |= heap_pop(ix) == j;
        if (inner.n > 0 && tainted) {
            if (!inside) {
                cs->last = n;
                last = j;
            }
            uint32_t before = inner.n;
            add_bound(file, &inner, n);
            queue_new_names(ix, file, bs, j, &inner, before);
            inside = true;
        }
        if (!inside || si >= bi->n || bi->sites[si] != j)
            continue;
        uint32_t len;
        const char *w = af_node_text(bi->targets[si], file->src->data, &len);
        uint32_t before = inner.n;
        names_add(&inner, w, len);
        queue_new_names(ix, file, bs, j, &inner, before);
    }
    if (inner.full)
        cs->too_many = true;
}

/* the statements that must move, and whether v escapes */
static void analyse(struct cm_site *cs, struct cm_index *ix, const struct af_file *file, int scope)
{
    const struct af_semantic *sem = &file->sem;
    uint32_t vlen;
    const char *v = af_node_text(cs->target, file->src->data, &vlen);
    const struct af_binding *b = af_sem_binding_in(file, af_sem_function_scope(file, scope), v, vlen);
    if (!b || b->count != 1 || b->mixed || b->kind != AF_BIND_VARIABLE)
        escape(cs, CM_REBOUND);

    struct names derived = { .n = 0 };
    names_add(&derived, v, vlen);
    cs->has_last = last_use(&cs->last, ix, file, cs->stmt, cs->block, &derived);
    cs->too_many = derived.full;
    if (cs->has_last)
        extend_over_sites(cs, ix, file, scope);

    TSNode func = sem->scopes[af_sem_function_scope(file, scope)].node;
    struct escape_walk w = { file, cs, func, &derived, ts_node_start_byte(cs->stmt),
                             ts_node_end_byte(cs->has_last ? cs->last : cs->stmt) };
    escape_walk(&w, ix);
}

/* "async with [await ]factory(...) as v" */
static void header_text(struct af_buf *out, const struct af_file *file, const struct cm_site *cs)
{
    uint32_t clen, vlen;
    const char *call = af_node_text(cs->call, file->src->data, &clen);
    const char *v = af_node_text(cs->target, file->src->data, &vlen);
    af_buf_clear(out);
    af_buf_puts(out, "async with ");
    if (cs->flags & CM_AWAIT_FIRST)
        af_buf_puts(out, "await ");
    af_buf_put(out, call, clen);
    af_buf_puts(out, " as ");
    af_buf_put(out, v, vlen);
}

/* the header for messages: the callee as written and `(...)` */
static void short_header(struct af_buf *out, const struct af_file *file, const struct cm_site *cs)
{
    uint32_t flen, vlen;
    const char *fn = af_node_text(af_field_child(cs->call, af_field.function), file->src->data, &flen);
    const char *v = af_node_text(cs->target, file->src->data, &vlen);
    af_buf_clear(out);
    af_buf_printf(out, "async with %s%.*s(...) as %.*s:", cs->flags & CM_AWAIT_FIRST ? "await " : "",
                  (int)flen, fn, (int)vlen, v);
}

/* why the site gets no fix, as its analysis found it (CM_FIXABLE: the statements may move) */
static enum cm_reason site_reason(const struct cm_site *cs)
{
    if (cs->escapes)
        return cs->why;
    if (cs->stuck)
        return CM_DERIVED_AFTER;
    if (cs->too_many)
        return CM_TOO_MANY;
    if (!cs->has_last)
        return CM_UNUSED;
    return CM_FIXABLE;
}

/* the fix of a site that is not returned, or NULL with the reason in *why */
static struct af_fix *block_fix(const struct af_file *file, const struct cm_site *cs,
                                enum af_applicability applicability, enum cm_reason *why)
{
    *why = site_reason(cs);
    if (*why != CM_FIXABLE)
        return NULL;
    struct af_buf header = AF_BUF_INIT;
    header_text(&header, file, cs);
    struct af_fix *fix = af_fix_new(applicability);
    if (af_rewrite_wrap_replacing(fix, file, cs->stmt, cs->last, header.ptr) < 0) {
        af_fix_free(fix);
        fix = NULL;
        *why = CM_SAME_LINE;
    } else {
        short_header(&header, file, cs);
        af_fix_set_message(fix, "Use `%s` around the statements that use it", header.ptr);
    }
    af_buf_dispose(&header);
    return fix;
}

static void check_af402(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, header = AF_BUF_INIT;
    struct cm_index ix = { .file = file };
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);   /* the calls in async code */
    for (uint32_t k = 0; k < nasync; k++) {
        const struct af_site *site = &sem->calls.items[async[k]];
        struct cm_site cs;
        if (!match_site(&cs, &ix, file, site->node, site->parent, site, site->scope, &qual) || cs.awaited ||
            !(cs.flags & CM_MUST_ENTER))
            continue;
        analyse(&cs, &ix, file, site->scope);
        if (cs.returned || cs.entered || !cs.has_last)
            continue;
        enum cm_reason why = site_reason(&cs);
        struct af_fix *fix = NULL;
        if (why == CM_FIXABLE && cs.expects_raise)
            why = CM_EXPECTS_RAISE;    /* a test of the unentered object: entering it changes what it checks */
        else
            fix = block_fix(file, &cs, AF_SAFE, &why);
        short_header(&header, file, &cs);
        af_report(sink, cs.call, fix,
                  "`%s` is an async context manager that is never entered in async function `%s`: "
                  "use `%s`%s%s%s",
                  qual.ptr, af_sem_scope_name(file, site->scope), header.ptr,
                  fix ? "" : " (no fix: ", fix ? "" : cm_reason_text[why], fix ? "" : ")");
    }
    cm_index_dispose(&ix);
    af_buf_dispose(&qual);
    af_buf_dispose(&header);
}

static void check_af403(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, header = AF_BUF_INIT;
    struct cm_index ix = { .file = file };
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);   /* the calls in async code */
    for (uint32_t k = 0; k < nasync; k++) {
        const struct af_site *site = &sem->calls.items[async[k]];
        struct cm_site cs;
        if (!match_site(&cs, &ix, file, site->node, site->parent, site, site->scope, &qual))
            continue;
        bool opens = cs.awaited ? (cs.flags & CM_AWAITED) != 0 : (cs.flags & CM_CLOSABLE) != 0;
        if (!opens)
            continue;
        analyse(&cs, &ix, file, site->scope);
        if (cs.closed || cs.returned || cs.escapes)
            continue;
        enum cm_reason why;
        struct af_fix *fix = block_fix(file, &cs, AF_UNSAFE, &why);
        short_header(&header, file, &cs);
        uint32_t vlen;
        const char *v = af_node_text(cs.target, file->src->data, &vlen);
        af_report(sink, cs.call, fix,
                  "`%.*s` from `%s` is never closed in async function `%s`: use `%s`%s%s%s",
                  (int)vlen, v, qual.ptr, af_sem_scope_name(file, site->scope), header.ptr,
                  fix ? "" : " (no fix: ", fix ? "" : cm_reason_text[why], fix ? "" : ")");
    }
    cm_index_dispose(&ix);
    af_buf_dispose(&qual);
    af_buf_dispose(&header);
}

#define AF4XX_FACTORIES \
    "Known factories: aiosqlite.connect, aiofiles.open, aiofiles.tempfile.*,\n" \
    "httpx.AsyncClient (and client.stream), aiohttp.ClientSession (and session.get/\n" \
    "post/put/patch/delete/head/options/request/ws_connect), asyncpg.create_pool (and\n" \
    "pool.acquire), aiosqlite's db.execute/executemany/executescript/cursor,\n" \
    "anyio.open_file (`async with await`), anyio.create_task_group,\n" \
    "asyncio.timeout/timeout_at, asyncio.TaskGroup, contextlib.AsyncExitStack,\n" \
    "asyncio.Lock/Semaphore/BoundedSemaphore/Condition instances (by constructor), and\n" \
    "the qualified names of the option extend-async-context-managers.\n"

const struct af_rule af_rule_af401 = {
    "AF401", "sync-with-on-async-cm",
    "an async context manager entered with a plain `with` (an error at run time); use `async with`",
    "AF401 sync-with-on-async-cm\n\n"
    "What it does: finds `with X(...) as v:` where X makes an async context\n"
    "manager (it has __aenter__/__aexit__, not __enter__/__exit__): a factory of\n"
    "the list below, or the project's own: an `async def` decorated with\n"
    "contextlib.asynccontextmanager, or a class whose body defines\n"
    "`async def __aenter__` and no `__enter__`, in the same file or in another\n"
    "module through the project index.\n\n"
    "Why it is bad: a plain `with` fails at run time: the object has no __enter__\n"
    "(TypeError, AttributeError before Python 3.11), so the resource is never used.\n\n"
    "Example:\n"
    "    async def read(path):\n"
    "        with aiofiles.open(path) as f:\n"
    "            return await f.read()\n\n"
    "Use instead:\n"
    "    async def read(path):\n"
    "        async with aiofiles.open(path) as f:\n"
    "            return await f.read()\n\n"
    "Fix (safe) in an `async def`: `async ` is inserted before `with` (and `await `\n"
    "before anyio.open_file(...), a coroutine that returns the context manager). A\n"
    "`with` that mixes async and sync items is reported without a fix: split it by\n"
    "hand. In a sync def, a class body or at module level it is reported without a\n"
    "fix: `async with` needs an async function.\n\n"
    AF4XX_FACTORIES "\n"
    "Left alone: `async with` already, a sync context manager of the same name from\n"
    "another module (sqlite3.connect, tempfile.TemporaryFile, threading.Lock), a\n"
    "class that defines both `__enter__` and `__aenter__`. Base classes are not\n"
    "followed: a class that inherits its `__aenter__` is not known.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af401,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
    .settings = &async_cm_settings,
};

const struct af_rule af_rule_af402 = {
    "AF402", "async-cm-not-entered",
    "an async context manager assigned and used without ever being entered; use `async with`",
    "AF402 async-cm-not-entered\n\n"
    "What it does: finds `v = X(...)` in an `async def`, where X makes an async\n"
    "context manager that does nothing until it is entered, not awaited and not\n"
    "entered, and `v` used later in the same block.\n\n"
    "Why it is bad: the resource is never opened (aiosqlite's connection thread\n"
    "never starts: \"Connection closed\"; aiofiles' file is never opened), or never\n"
    "closed.\n\n"
    "Example:\n"
    "    async def rows(path):\n"
    "        db = aiosqlite.connect(path)\n"
    "        cursor = await db.execute(\"SELECT * FROM t\")\n"
    "        return await cursor.fetchall()\n\n"
    "Use instead:\n"
    "    async def rows(path):\n"
    "        async with aiosqlite.connect(path) as db:\n"
    "            cursor = await db.execute(\"SELECT * FROM t\")\n"
    "            return await cursor.fetchall()\n\n"
    "Fix (safe): the assignment becomes the `async with` header; the statements\n"
    "that follow it in the block, up to the last one that uses `v` or a name\n"
    "computed from `v` (`cursor` above), move under it, re-indented with the file's\n"
    "own unit (tabs stay tabs). Comments and blank lines in between move along,\n"
    "the contents of strings spanning lines are not re-indented, a final `return`\n"
    "of a value computed from `v` goes inside.\n\n"
    "No fix (reported, the message says which reason) when `v` escapes: stored\n"
    "(`self.x = v`, `w = v`), passed to a function other than its own methods,\n"
    "captured by a nested def or lambda, used before its statement (a loop) or\n"
    "after the block, its name bound twice; when a name computed from `v` is used\n"
    "after the block; when a statement to move shares a line with another (`;`);\n"
    "or when `v` is used where an exception is expected (`with assertRaises(...)`,\n"
    "`pytest.raises`, `assertRaises(E, v.m)`): a test of the unentered object.\n"
    "Left alone: `return v` (a factory function), `async with` already,\n"
    "`await stack.enter_async_context(X(...))`, `self.v = X(...)`, `v` entered by\n"
    "hand (`v.__aenter__`/`v.__aexit__` called or passed on).\n\n"
    AF4XX_FACTORIES
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af402,
    .flags = AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
    .settings = &async_cm_settings,
};

const struct af_rule af_rule_af403 = {
    "AF403", "async-cm-never-closed",
    "an async resource opened in an async function and never closed; use `async with`",
    "AF403 async-cm-never-closed\n\n"
    "What it does: finds `v = await aiosqlite.connect(db)`, `v = await\n"
    "aiofiles.open(p)`, `v = aiohttp.ClientSession()`, `v = httpx.AsyncClient()`\n"
    "(resources that work without `async with` but must be closed) in an `async\n"
    "def` where nothing calls `v.close()`/`v.aclose()` and `v` is never entered.\n\n"
    "Why it is bad: the connection, file or session leaks: open connections and\n"
    "sockets pile up, aiohttp warns \"Unclosed client session\", aiosqlite's thread\n"
    "keeps the interpreter from exiting.\n\n"
    "Example:\n"
    "    async def count(path):\n"
    "        db = await aiosqlite.connect(path)\n"
    "        cursor = await db.execute(\"SELECT count(*) FROM t\")\n"
    "        return await cursor.fetchone()\n\n"
    "Use instead:\n"
    "    async def count(path):\n"
    "        async with aiosqlite.connect(path) as db:\n"
    "            cursor = await db.execute(\"SELECT count(*) FROM t\")\n"
    "            return await cursor.fetchone()\n\n"
    "Fix (unsafe, --unsafe-fixes): as AF402, the `await` dropped (kept for\n"
    "anyio.open_file: `async with await anyio.open_file(p) as f:`). Unsafe because\n"
    "the resource is now closed at the end of the block.\n\n"
    "Left alone: `v` closed anywhere in the function, entered (`async with v`)\n"
    "or by hand (`v.__aenter__`/`v.__aexit__` called or passed on), returned (a\n"
    "factory function), stored or passed elsewhere (someone else owns it),\n"
    "attributes (`self.session = aiohttp.ClientSession()` closed in `aclose`).\n\n"
    AF4XX_FACTORIES
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af403,
    .flags = AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
    .settings = &async_cm_settings,
};

const struct af_rule af_rule_af404 = {
    "AF404", "async-with-on-sync-cm",
    "a sync context manager entered with `async with` (an error at run time); use `with` or its async counterpart",
    "AF404 async-with-on-sync-cm\n\n"
    "What it does: finds `async with X(...)` where X makes a sync context manager\n"
    "(it has __enter__/__exit__, not __aenter__/__aexit__): open, io.open,\n"
    "codecs.open, threading.Lock/RLock/Semaphore/BoundedSemaphore/Condition,\n"
    "sqlite3.connect, requests.Session, httpx.Client, tempfile's\n"
    "TemporaryFile/NamedTemporaryFile/SpooledTemporaryFile/TemporaryDirectory,\n"
    "contextlib.ExitStack, subprocess.Popen, zipfile.ZipFile, tarfile.open,\n"
    "socket.socket, a name bound once to one of them (`lock = threading.Lock()`),\n"
    "and this file's own: a def decorated with contextlib.contextmanager, a class\n"
    "whose body defines `__enter__` and no `__aenter__`.\n\n"
    "Why it is bad: `async with` fails at run time: the object has no __aenter__\n"
    "(TypeError, AttributeError before Python 3.11). It is the reverse of AF401.\n\n"
    "Example:\n"
    "    async def read(path):\n"
    "        async with open(path) as f:\n"
    "            return await f.read()\n\n"
    "Use instead:\n"
    "    async def read(path):\n"
    "        async with aiofiles.open(path) as f:\n"
    "            return await f.read()\n\n"
    "Reported without a fix: a plain `with` would run, but the body was written\n"
    "for the async API (`await f.read()`), and a blocking lock or file in an async\n"
    "function blocks the event loop; the message names the async counterpart\n"
    "where there is one.\n\n"
    "Left alone: a name of the same spelling bound to something else, an\n"
    "attribute (`self.lock`), a sync context manager of another module of the\n"
    "project (the project index records async definitions only).\n",
    check_af404,
    .fix = AF_FIX_NEVER,
};
