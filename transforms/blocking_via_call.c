/*
 * blocking_via_call.c - AF106 blocking-via-call: a call in an `async def` of
 * one of the project's own sync functions that reaches a blocking call,
 * through the chain pass 1 found (graph.c writes it into the function's
 * summary; this rule only reads it through the project's queries). What the
 * rule finds and why, the chain's format, both fixes and what it leaves
 * alone: its --explain text, the descriptor's `explanation` at the end of
 * this file (the one copy of the rule's doc).
 */
#include <stdlib.h>
#include <string.h>

#include "asyncfix/blocking.h"
#include "asyncfix/lang.h"
#include "asyncfix/project.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

/* the qualified name of scope `s` as pass 1 names it: "pkg.mod.C.f", "pkg.mod.f.<locals>.g" */
static void scope_qualname(struct af_buf *out, const struct af_file *file, int s)
{
    const struct af_scope *sc = &file->sem.scopes[s];
    if (sc->parent < 0) {
        af_buf_puts(out, file->module);
        return;
    }
    scope_qualname(out, file, sc->parent);
    af_buf_puts(out, file->sem.scopes[sc->parent].kind == AF_SCOPE_FUNCTION ? ".<locals>." : ".");
    af_buf_puts(out, sc->name ? sc->name : "<lambda>");
}

/* true when `b` is the first parameter of a method that is no staticmethod: `self` or `cls` */
static bool is_receiver(const struct af_file *file, const struct af_binding *b)
{
    const struct af_scope *m = &file->sem.scopes[b->scope];
    if (b->kind != AF_BIND_PARAMETER || b->count != 1 || m->kind != AF_SCOPE_FUNCTION || m->parent < 0 ||
        file->sem.scopes[m->parent].kind != AF_SCOPE_CLASS)
        return false;
    TSNode first = af_first_named(af_field_child(m->node, af_field.parameters));
    if (!af_is(first, af_sym.identifier) || !af_node_text_is(first, file->src->data, b->name))
        return false;
    /* the class's binding of the method says whether it carries decorators, without a climb */
    const struct af_binding *def = m->name ? af_sem_binding_in(file, m->parent, m->name, strlen(m->name)) : NULL;
    if (def && !def->decorated && ts_node_eq(def->node, m->node))
        return true;
    TSNode parent = ts_node_parent(m->node);
    if (!af_is(parent, af_sym.decorated_definition))
        return true;
    for (uint32_t i = 0; i < ts_node_named_child_count(parent); i++) {
        TSNode d = af_first_named(ts_node_named_child(parent, i));
        if (af_is(d, af_sym.identifier) && af_node_text_is(d, file->src->data, "staticmethod"))
            return false;
    }
    return true;
}

/* the last answer of is_receiver: the calls of one method ask about its `self` one after another */
struct receiver_memo {
    const struct af_binding *b;
    bool is;
};

static bool receiver_of(struct receiver_memo *memo, const struct af_file *file, const struct af_binding *b)
{
    if (memo->b != b) {
        memo->b = b;
        memo->is = is_receiver(file, b);
    }
    return memo->is;
}

/*
 * The qualified name the callee `fn` names, as pass 1 names defs: through
 * imports, the file's own defs and classes (nested ones with <locals>), and
 * `self.m`/`cls.m` through the method's class. False for anything else.
 */
static bool callee_qualname(struct af_buf *out, const struct af_file *file, TSNode fn, int scope,
                            struct receiver_memo *memo)
{
    TSNode chain[16];   /* the attribute nodes, outermost first: their names are read on success only */
    int n = 0;
    fn = af_unparen(fn);
    while (af_is(fn, af_sym.attribute) && n < 16) {
        chain[n++] = fn;
        fn = af_unparen(af_field_child(fn, af_field.object));
    }
    if (!af_is(fn, af_sym.identifier))
        return false;
    uint32_t len;
    const char *head = af_node_text(fn, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, head, len);
    af_buf_clear(out);
    if (!b || b->mixed)
        return false;
    if (b->kind == AF_BIND_IMPORT) {
        af_buf_puts(out, b->target);
    } else if (b->kind == AF_BIND_FUNCTION || b->kind == AF_BIND_CLASS) {
        scope_qualname(out, file, b->scope);
        af_buf_puts(out, file->sem.scopes[b->scope].kind == AF_SCOPE_FUNCTION ? ".<locals>." : ".");
        af_buf_put(out, head, len);
    } else if (n == 1 && receiver_of(memo, file, b)) {
        scope_qualname(out, file, file->sem.scopes[b->scope].parent);
    } else {
        return false;
    }
    for (int i = n - 1; i >= 0; i--) {
        const char *t = af_node_text(af_field_child(chain[i], af_field.attribute), file->src->data, &len);
        af_buf_putc(out, '.');
        af_buf_put(out, t, len);
    }
    return true;
}

/* how a chain shows a function: `Repo.get` for a method, the def's own name otherwise */
static void short_name(struct af_buf *out, const struct af_file_summary *fs, const struct af_summary_scope *sc)
{
    if (sc->parent >= 0 && fs->scopes[sc->parent].kind == AF_SUMMARY_CLASS)
        af_buf_printf(out, "%s.", fs->scopes[sc->parent].name);
    af_buf_puts(out, sc->name ? sc->name : "<lambda>");
}

/* a callee as a message shows it: `open` for builtins.open */
static const char *shown(const char *qual)
{
    return strncmp(qual, "builtins.", 9) == 0 ? qual + 9 : qual;
}

/* "get_weather → fetch_json → requests.get (api.py:12)" into `out` */
static void chain_text(struct af_buf *out, const struct af_summary_scope *sc, const struct af_file_summary *fs)
{
    short_name(out, fs, sc);
    for (uint32_t n = 0; sc && n <= 64; n++) {
        af_buf_puts(out, " \xe2\x86\x92 ");
        if (!sc->next) {
            af_buf_printf(out, "%s (%s:%u)", shown(sc->via->callee), fs->path, sc->via->line);
            return;
        }
        fs = sc->next_file;
        sc = sc->next;
        short_name(out, fs, sc);
    }
}

/* one related location per step of the chain, each in its own file */
static void chain_steps(struct af_sink *sink, const struct af_summary_scope *sc, const struct af_file_summary *fs)
{
    struct af_buf who = AF_BUF_INIT;
    for (uint32_t n = 0; sc && n <= 64; n++) {
        af_buf_clear(&who);
        short_name(&who, fs, sc);
        if (!sc->via)
            af_report_related(sink, fs->path, sc->line, sc->column,
                              "`%s` runs its decorator's wrapper first", who.ptr);
        else if (sc->next)
            af_report_related(sink, fs->path, sc->via->line, sc->via->column, "`%s` calls `%s()`", who.ptr,
                              sc->via->text);
        else
            af_report_related(sink, fs->path, sc->via->line, sc->via->column,
                              "`%s` calls `%s()`, which blocks (%s)", who.ptr, sc->via->text,
                              sc->blocking_code ? sc->blocking_code : "AF105");
        if (!sc->next)
            break;
        fs = sc->next_file;
        sc = sc->next;
    }
    af_buf_dispose(&who);
}

/* Fix A: the call in a worker thread, every argument kept byte for byte */
static struct af_fix *thread_fix(const struct af_file *file, const struct af_site *site, const char *name)
{
    struct af_fix *fix = af_fix_new(AF_UNSAFE);
    if (af_rewrite_to_thread(fix, file, site->node, site->scope, NULL) < 0) {
        af_fix_free(fix);
        return NULL;
    }
    static const char *const how[] = { "asyncio.to_thread", "trio.to_thread.run_sync", "anyio.to_thread.run_sync" };
    const char *with = file->sem.framework == AF_FW_ASYNCIO && file->opts->target_minor < 9
                           ? "loop.run_in_executor" : how[file->sem.framework];
    af_fix_set_message(fix, "Run `%s` in a worker thread with `%s` (unsafe: thread-bound state, such as a "
                       "sqlite3 connection, fails there)", name, with);
    return fix;
}

/*
 * Why Fix A is not offered, into `out` ("" when it is): the helper, or a
 * function on its chain, makes a call that needs the running event loop in
 * its own thread (graph.c lists them), and fails in a worker thread.
 */
static void thread_refusal(struct af_buf *out, const struct af_summary_scope *sc, const struct af_file_summary *fs)
{
    for (uint32_t n = 0; sc && n <= 64; n++) {
        if (sc->needs_loop) {
            af_buf_puts(out, "; not run in a thread: `");
            short_name(out, fs, sc);
            af_buf_printf(out, "` calls `%s()`, which needs the event loop's own thread (%s:%u)",
                          sc->needs_loop->text, fs->path, sc->needs_loop->line);
            return;
        }
        fs = sc->next_file;
        sc = sc->next;
    }
}

/* ---- Fix B: this file's part of a migration ---- */

/* one migration this file holds a part of: one fix, shared by its findings here */
struct part {
    uint32_t id;
    struct af_fix *fix;
    bool refused;              /* a use here the migration did not foresee */
};

struct parts {
    struct part *items;
    uint32_t n;
    int *migrated;             /* per semantic scope: the migration making this def async, else 0 */
};

static struct part *part_of(struct parts *ps, uint32_t id)
{
    for (uint32_t i = 0; id && i < ps->n; i++)
        if (ps->items[i].id == id)
            return &ps->items[i];
    return NULL;
}

/* the summary of the def scope `s` (a sync def of this file), or NULL */
static const struct af_summary_scope *def_summary(const struct af_file *file, int s, struct af_buf *qual)
{
    const struct af_scope *sc = &file->sem.scopes[s];
    if (sc->kind != AF_SCOPE_FUNCTION || sc->is_async)
        return NULL;
    af_buf_clear(qual);
    scope_qualname(qual, file, s);
    const struct af_file_summary *fs;
    const struct af_summary_scope *d = af_project_resolve(file->project, qual->ptr, &fs);
    return d && strcmp(fs->path, file->src->path) == 0 ? d : NULL;
}

/* this file's parts, and `async ` before each def a migration makes async */
static void open_parts(struct parts *ps, const struct af_file *file, const struct af_file_summary *self)
{
    struct af_buf qual = AF_BUF_INIT;
    ps->items = af_calloc(self->nmigrations + 1, sizeof(*ps->items));
    ps->migrated = af_calloc(file->sem.nscopes + 1, sizeof(*ps->migrated));
    for (uint32_t k = 0; k < self->nmigrations; k++) {
        if (af_options_vetoed(file->opts, self->migrations[k]))
            continue;
        struct part *p = &ps->items[ps->n++];
        p->id = self->migrations[k];
        p->fix = af_fix_new(AF_UNSAFE);
        p->fix->decision = p->id;
    }
    for (uint32_t s = 0; s < file->sem.nscopes; s++) {
        const struct af_summary_scope *d = def_summary(file, (int)s, &qual);
        struct part *p = d ? part_of(ps, d->migration) : NULL;
        if (!p)
            continue;
        ps->migrated[s] = (int)p->id;
        af_fix_insert(p->fix, ts_node_start_byte(file->sem.scopes[s].node), "async ");
    }
    af_buf_dispose(&qual);
}

/*
 * A call of a helper migration `p` makes async: awaited where it is made
 * directly in an async def or in a def the migration makes async; anywhere
 * else the migration cannot stand (pass 1 did not see this call), and the
 * file refuses it. True when the call got its await.
 */
static bool await_call(struct part *p, struct parts *ps, struct af_file *file, const struct af_site *site)
{
    int fs = af_sem_function_scope(file, site->scope);
    bool direct = fs == site->scope || file->sem.scopes[site->scope].kind == AF_SCOPE_COMPREHENSION;
    if (af_sem_in_async(file, site->scope) || (direct && fs >= 0 && ps->migrated[fs] == (int)p->id)) {
        af_rewrite_await(p->fix, file, site->node);
        return true;
    }
    p->refused = true;
    return false;
}

static void close_parts(struct parts *ps)
{
    for (uint32_t i = 0; i < ps->n; i++)
        af_fix_free(ps->items[i].fix);
    free(ps->items);
    free(ps->migrated);
}

/* ---- the check ---- */

/* what the finding of a call of `t` says and offers; the fix is Fix A, or this file's part of t's migration */
static void report_call(struct af_sink *sink, struct af_file *file, const struct af_site *site,
                        const struct af_summary_scope *t, const struct af_file_summary *tf, struct part *p,
                        const char *name)
{
    struct af_buf chain = AF_BUF_INIT, why = AF_BUF_INIT;
    chain_text(&chain, t, tf);
    if (!p)
        thread_refusal(&why, t, tf);
    struct af_fix *fix = p || why.size ? NULL : thread_fix(file, site, name);
    if (!p && !why.size && !fix)
        af_buf_printf(&why, "; no fix: %s", af_rewrite_to_thread_why(file));
    if (p) {
        af_fix_set_message(p->fix, "Make `%s` async and await it (migration %u, unsafe: its callers now wait "
                           "for it at this point)", t->name, p->id);
        af_report(sink, site->node, af_fix_share(p->fix), "`%s()` blocks the event loop: %s", name, chain.ptr);
    } else if (t->refusal && af_blocking_migrate(file->opts)) {
        af_report(sink, site->node, fix, "`%s()` blocks the event loop: %s; not made async: %s (%s:%u)%s", name,
                  chain.ptr, af_refusal_text(t->refusal), t->refused_path, t->refused_line,
                  why.size ? why.ptr : "");
    } else if (t->migration && af_blocking_migrate(file->opts)) {
        af_report(sink, site->node, fix,
                  "`%s()` blocks the event loop: %s; not made async: a file of its migration cannot take "
                  "its part%s", name, chain.ptr, why.size ? why.ptr : "");
    } else {
        af_report(sink, site->node, fix, "`%s()` blocks the event loop: %s%s", name, chain.ptr,
                  why.size ? why.ptr : "");
    }
    chain_steps(sink, t, tf);
    af_buf_dispose(&chain);
    af_buf_dispose(&why);
}

/* the defs this file makes async, each reported with its part */
static void report_defs(struct af_sink *sink, struct af_file *file, struct parts *ps)
{
    struct af_buf qual = AF_BUF_INIT, chain = AF_BUF_INIT;
    for (uint32_t s = 0; ps->migrated && s < file->sem.nscopes; s++) {
        struct part *p = part_of(ps, (uint32_t)ps->migrated[s]);
        const struct af_summary_scope *d = p ? def_summary(file, (int)s, &qual) : NULL;
        if (!d || p->refused)
            continue;
        const struct af_file_summary *fs;
        af_project_resolve(file->project, qual.ptr, &fs);
        af_buf_clear(&chain);
        chain_text(&chain, d, fs);
        TSNode name = af_field_child(file->sem.scopes[s].node, af_field.name);
        af_fix_set_message(p->fix, "Make `%s` async and await it (migration %u)", d->name, p->id);
        af_report(sink, name, af_fix_share(p->fix),
                  "`%s` blocks the event loop (%s) and every caller can await it: make it `async def`",
                  d->name, chain.ptr);
        chain_steps(sink, d, fs);
    }
    af_buf_dispose(&qual);
    af_buf_dispose(&chain);
}

/*
 * af_project_function's answers during the rule's pass over a file, by
 * qualified name: the calls of a file name the same few callees again and
 * again (`self.helper`, an imported function).
 */
struct function_memo {
    struct function_answer {
        char *qual;
        const struct af_summary_scope *t;
        const struct af_file_summary *tf;
    } *items;
    uint32_t n, cap;
    struct af_hashtab table;   /* hash of a qualified name -> index in items */
};

static const struct af_summary_scope *project_function(struct function_memo *memo, const struct af_file *file,
                                                       const struct af_buf *qual, const struct af_file_summary **tf)
{
    uint32_t hash = af_hash_bytes(qual->ptr, qual->size);
    struct af_hashtab_iter it = af_hashtab_find(&memo->table, hash);
    for (uint32_t v; (v = af_hashtab_next(&memo->table, &it)) != AF_HASHTAB_NONE;) {
        if (strcmp(memo->items[v].qual, qual->ptr) == 0) {
            *tf = memo->items[v].tf;
            return memo->items[v].t;
        }
    }
    *tf = NULL;
    const struct af_summary_scope *t = af_project_function(file->project, qual->ptr, tf);
    AF_ARRAY_GROW(memo->items, memo->n, memo->cap);
    af_hashtab_put(&memo->table, hash, memo->n);
    memo->items[memo->n++] = (struct function_answer){ af_strndup(qual->ptr, qual->size), t, *tf };
    return t;
}

static void function_memo_dispose(struct function_memo *memo)
{
    for (uint32_t i = 0; i < memo->n; i++)
        free(memo->items[i].qual);
    free(memo->items);
    af_hashtab_dispose(&memo->table);
}

static void check_af106(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT;
    struct parts ps = { 0 };
    struct receiver_memo receiver = { NULL, false };
    struct function_memo functions = { 0 };
    if (!file->project || !file->module)
        return;
    const struct af_file_summary *self = af_project_file_at(file->project, file->src->path);
    bool migrate = af_blocking_migrate(file->opts);
    if (self && self->nmigrations && migrate)
        open_parts(&ps, file, self);
    /* without migrations a call outside async code is neither a finding nor a part of a fix */
    uint32_t n = sem->calls.n;
    const uint32_t *async = migrate ? NULL : af_sem_async_calls(file, &n);
    for (uint32_t k = 0; k < n; k++) {
        const struct af_site *site = &sem->calls.items[async ? async[k] : k];
        if (af_is(site->parent, af_sym.await) || (!migrate && !af_sem_in_async(file, site->scope)))
            continue;
        TSNode fn = af_sem_site_callee(file, site);
        if (!callee_qualname(&qual, file, fn, site->scope, &receiver))
            continue;
        const struct af_file_summary *tf;
        const struct af_summary_scope *t = project_function(&functions, file, &qual, &tf);
        if (!t || !t->blocks)
            continue;
        struct part *p = part_of(&ps, t->migration);
        bool awaited = p && await_call(p, &ps, file, site);
        if (!p && t->migration && migrate && !af_options_vetoed(file->opts, t->migration))
            af_sink_refuse(sink, t->migration);   /* a call pass 1 did not see, in a file with no part */
        if (!af_sem_in_async(file, site->scope))
            continue;   /* a call in a def made async is part of the fix, not a finding */
        uint32_t len;
        const char *written = af_node_text(fn, file->src->data, &len);
        af_buf_clear(&name);
        af_buf_put(&name, written, len > 60 || memchr(written, '\n', len) ? 0 : len);
        report_call(sink, file, site, t, tf, awaited ? p : NULL, name.size ? name.ptr : t->name);
    }
    report_defs(sink, file, &ps);
    for (uint32_t k = 0; k < ps.n; k++)
        if (ps.items[k].refused)
            af_sink_refuse(sink, ps.items[k].id);
    close_parts(&ps);
    function_memo_dispose(&functions);
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
}

const struct af_rule af_rule_af106 = {
    "AF106", "blocking-via-call",
    "a call in an async function of the project's own sync function that reaches a blocking call; "
    "run it in a thread or make it async",
    "AF106 blocking-via-call\n\n"
    "What it does: finds a call, directly in an `async def`, of one of the\n"
    "project's own sync functions that reaches a blocking call (any call AF101-AF105\n"
    "or AF501-AF503 report, and `extend-blocking-calls`) through the project's\n"
    "functions: module-level defs, methods through `self`/`cls` or their class,\n"
    "classmethods, defs nested in the caller, imported names (`from .api import\n"
    "get_weather`, `api.get_weather`, names an __init__.py re-exports), in any file\n"
    "of the project. The index follows the calls across files and keeps one\n"
    "shortest chain as evidence; recursion and cycles end there.\n\n"
    "Why it is bad: the blocking call is one or more calls away, but it still runs\n"
    "in the event loop's thread: every other task stops until it returns. No\n"
    "linter that looks only at the async function sees it.\n\n"
    "The finding shows the chain and where it ends:\n"
    "    bot.py:8:12: AF106 `get_weather()` blocks the event loop:\n"
    "        get_weather \xe2\x86\x92 fetch_json \xe2\x86\x92 requests.get (api.py:12)\n"
    "and each step as a related location (text: a `note:` line per step; JSON: the\n"
    "\"related\" list; SARIF: relatedLocations; GitHub: in the message).\n\n"
    "Example:\n"
    "    # api.py\n"
    "    def get_weather(city):\n"
    "        return requests.get(URL, params={\"q\": city}).json()\n"
    "    # bot.py\n"
    "    async def on_message(city):\n"
    "        data = get_weather(city)\n\n"
    "Use instead:\n"
    "    async def on_message(city):\n"
    "        data = await asyncio.to_thread(get_weather, city)\n\n"
    "Fix A (unsafe, with --unsafe-fixes): the call runs in a worker thread,\n"
    "`await asyncio.to_thread(get_weather, city)`, every argument kept byte for\n"
    "byte; with --target-version py38 `run_in_executor` with `functools.partial`; in\n"
    "a trio or anyio module their `to_thread.run_sync`; none where the loop is not\n"
    "known (asyncio and trio imported, or Twisted or curio in the project: the\n"
    "finding says so). Unsafe because the helper\n"
    "now runs in another thread, where thread-bound state (a sqlite3 connection, a\n"
    "thread-local) fails or differs. Not offered, and the finding names the call,\n"
    "when the helper (a class's __init__ for a constructor) or a function on its\n"
    "chain calls what raises outside the event loop's thread: asyncio's\n"
    "get_running_loop, get_event_loop, create_task, ensure_future, gather, shield,\n"
    "as_completed, wrap_future, timeout, current_task, all_tasks and Future(); trio's\n"
    "current_time and trio.lowlevel's current_* and spawn_system_task (asyncio.Lock,\n"
    "Event, Queue and the like bind to a loop when first used: they do not count).\n\n"
    "Fix B, the migration (unsafe, with --unsafe-fixes and --migrate-helpers or\n"
    "`migrate-helpers = true`): when every call of the helper in the project is\n"
    "made directly in an async def, or in a helper migrated with it, the helpers\n"
    "become `async def`, every call of them gets `await`, and their own blocking\n"
    "calls then get their rules' ordinary fixes (AF101 sleep, AF102 httpx, AF501\n"
    "aiofiles, ...), in one run across files:\n"
    "    # api.py\n"
    "    async def get_weather(city):\n"
    "        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:\n"
    "            return (await client.get(URL, params={\"q\": city})).json()\n"
    "    # bot.py\n"
    "        data = await get_weather(city)\n"
    "All files of a migration or none: --diff shows it as one change, --write\n"
    "writes every file of it or, when one cannot be written, none (the calls then\n"
    "get Fix A), --branch and --commit make it one commit. It is refused, with the\n"
    "reason and where it shows, and Fix A offered instead, when the helper is used\n"
    "as a value (passed on, stored, a callback, a decorator), called from sync code\n"
    "that is not migrated too (module level, a class body, a lambda, a sync def), in\n"
    "a comprehension or generator expression, decorated (but staticmethod and\n"
    "classmethod), a special method, a method of a class with a base (it may\n"
    "override one) or of a class the project subclasses, a method whose name is\n"
    "called on an object of unknown type anywhere, named in `__all__`, defined or\n"
    "called in a file not being checked (the project's other files below the roots\n"
    "are read to know; an --exclude'd file counts as not checked), or under `# noqa:\n"
    "AF106` / `asyncfix: skip-file`. Unsafe because callers now wait for the helper\n"
    "at each await, and callers outside the project (a plugin, a script not under\n"
    "the roots) cannot be known.\n\n"
    "Left alone: calls in sync code (only an async def blocks the loop), calls\n"
    "through objects whose type is unknown (`client.fetch()`), callees passed to\n"
    "`asyncio.to_thread` / `run_in_executor` / `to_thread.run_sync` rather than\n"
    "called (and calls inside a lambda or a nested def that is never called), an\n"
    "awaited call, generators, functions behind a decorator that may do otherwise\n"
    "(lru_cache, cache, wraps, staticmethod, classmethod, abstractmethod, override\n"
    "and project decorators that wrap with functools.wraps are followed), and every\n"
    "name listed in `assume-non-blocking` ([tool.asyncfix] or --assume-non-blocking\n"
    "a.b,c.d: a project function or a library call AF106 never follows).\n"
    "Pass 1 reads files without parsing them; calls inside f-strings are not seen\n"
    "there (a migration that meets one in pass 2 is dropped in every file).\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af106,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_NEEDS_CALL_GRAPH | AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
    .settings = &af_blocking_settings,
};
