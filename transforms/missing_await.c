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
    { "trio.sleep", CORO },
    { "trio.sleep_forever", CORO },
    { "trio.open_tcp_stream", CORO },
    { "trio.run_process", CORO },
    { "trio.to_thread.run_sync", CORO },
    { "anyio.sleep", CORO },
    { "anyio.sleep_forever", CORO },
    { "anyio.connect_tcp", CORO },
    { "anyio.open_file", CORO },
    { "anyio.run_process", CORO },
    { "anyio.to_thread.run_sync", CORO },
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
 */
static enum coro from_facts(unsigned facts)
{
    if (!af_project_facts_coroutine(facts))
        return NOT_CORO;
    return (facts & AF_PROJECT_OTHER_DECORATOR) ? CORO_DECORATED : CORO;
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
 * What the defs of `name` among the statements of `scope` make of it, given
 * its binding there: a coroutine function when every binding of the name in
 * that scope is one of these defs (overload stubs aside) and they are async.
 */
static enum coro local_defs(const struct af_file *file, int scope, const struct af_binding *b)
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
        if (strcmp(library[i].qualname, qual) == 0)
            return library[i].kind;
    if (!file->project)
        return NOT_CORO;
    return from_facts(af_project_facts(file->project, qual));
}

/* `self.m` / `cls.m` inside a method of the class that defines `m` */
static enum coro method_of_own_class(const struct af_file *file, TSNode fn, int scope)
{
    TSNode obj = af_field_child(fn, af_field.object);
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
    TSNode attr = af_field_child(fn, af_field.attribute);
    t = af_node_text(attr, src, &len);
    const struct af_binding *b = af_sem_binding_in(file, cls, t, len);
    return b ? local_defs(file, cls, b) : NOT_CORO;
}

/* whether `call` calls a coroutine function, seen from `scope` */
static enum coro callee_kind(const struct af_file *file, TSNode call, int scope, struct af_buf *qual)
{
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    if (af_is(fn, af_sym.identifier)) {
        uint32_t len;
        const char *t = af_node_text(fn, file->src->data, &len);
        const struct af_binding *b = af_sem_lookup(file, scope, t, len);
        if (b && (b->kind == AF_BIND_ASYNC_FUNCTION || b->kind == AF_BIND_FUNCTION))
            return local_defs(file, b->scope, b);
        if (!b || b->kind != AF_BIND_IMPORT)
            return NOT_CORO;
    } else if (af_is(fn, af_sym.attribute)) {
        enum coro k = method_of_own_class(file, fn, scope);
        if (k != NOT_CORO)
            return k;
    } else {
        return NOT_CORO;
    }
    if (af_sem_qualname(qual, file, fn, scope) < 0)
        return NOT_CORO;
    return by_qualname(file, qual->ptr);
}

/* true when `call` is the whole of an expression statement */
static bool is_statement(const struct af_site *site)
{
    if (!af_is(site->parent, af_sym.expression_statement))
        return false;
    uint32_t n = ts_node_named_child_count(site->parent), named = 0;
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
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        if (!is_statement(site))
            continue;
        enum coro kind = callee_kind(file, site->node, site->scope, &qual);
        if (kind == NOT_CORO)
            continue;
        callee_text(&name, file, site->node);
        const char *where = af_sem_scope_name(file, site->scope);
        if (!af_sem_in_async(file, site->scope)) {
            if (where)
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
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
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

static void check_af202(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        if (!is_statement(site))
            continue;
        TSNode fn = af_unparen(af_field_child(site->node, af_field.function));
        bool task = false;
        if (af_sem_qualname(&qual, file, fn, site->scope) == 0)
            task = !strcmp(qual.ptr, "asyncio.create_task") || !strcmp(qual.ptr, "asyncio.ensure_future");
        if (!task && af_is(fn, af_sym.attribute) &&
            af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "create_task"))
            task = is_loop_expr(file, af_field_child(fn, af_field.object), site->scope);
        if (!task)
            continue;
        callee_text(&name, file, site->node);
        af_report(sink, site->node, NULL,
                  "the task of `%s()` is not kept: it may be garbage-collected before it finishes "
                  "and its exception is never seen; keep a reference", name.ptr);
    }
    af_buf_dispose(&qual);
    af_buf_dispose(&name);
}

/* ---- AF203 ---- */

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

static void check_af203(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT, name = AF_BUF_INIT;
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        if (!af_is(site->parent, af_sym.assignment) ||
            !ts_node_eq(af_field_child(site->parent, af_field.right), site->node) ||
            !af_is(ts_node_parent(site->parent), af_sym.expression_statement))
            continue;
        TSNode left = af_field_child(site->parent, af_field.left);
        if (!af_is(left, af_sym.identifier))
            continue;
        int fs = af_sem_function_scope(file, site->scope);
        if (fs != site->scope || sem->scopes[fs].kind != AF_SCOPE_FUNCTION)
            continue;
        enum coro kind = callee_kind(file, site->node, site->scope, &qual);
        if (kind != CORO && kind != CORO_DECORATED)
            continue;
        uint32_t len;
        const char *var = af_node_text(left, file->src->data, &len);
        if (used_elsewhere(file, sem->scopes[fs].node, left, var, len))
            continue;
        callee_text(&name, file, site->node);
        struct af_fix *fix = NULL;
        if (kind == CORO && af_sem_in_async(file, site->scope)) {
            fix = af_fix_new(AF_UNSAFE);
            af_rewrite_await(fix, file, site->node);
            af_fix_set_message(fix, "Add `await`");
        }
        af_report(sink, site->node, fix,
                  "coroutine `%s()` is stored in `%.*s` and never awaited, returned or passed on%s",
                  name.ptr, (int)len, var,
                  af_sem_in_async(file, site->scope) ? "" : " (`await` is impossible in a sync function)");
    }
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
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        if (!af_sem_in_async(file, site->scope))
            continue;
        TSNode fn = af_field_child(site->node, af_field.function);
        if (!af_sem_refers_to(file, fn, site->scope, "asyncio.run"))
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
}

const struct af_rule af_rule_af201 = {
    "AF201", "unawaited-coroutine",
    "a coroutine function is called and its coroutine dropped: the call never runs; add `await`",
    "AF201 unawaited-coroutine\n\n"
    "What it does: finds a call of a coroutine function used as a statement: an\n"
    "`async def` of this file, `self.m()`/`cls.m()` of the class defining\n"
    "`async def m`, a function of another project module known from the project\n"
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
    "abstractmethod, override) is reported but never fixed.\n\n"
    "Left alone: a call that is awaited, returned, yielded, passed on (to\n"
    "`asyncio.gather`, `create_task`, `wait_for`) or stored; a name rebound in its\n"
    "scope; a sync function of the same name in another module; an async\n"
    "generator (an async def with `yield`: not awaitable); .pyi stubs.\n",
    check_af201,
    .flags = AF_RULE_NEEDS_PROJECT,
    .fix = AF_FIX_SOMETIMES,
};

const struct af_rule af_rule_af202 = {
    "AF202", "dangling-task",
    "the task of `asyncio.create_task()` is not kept: it can be garbage-collected mid-flight",
    "AF202 dangling-task\n\n"
    "What it does: finds `asyncio.create_task(...)`, `asyncio.ensure_future(...)`\n"
    "and `loop.create_task(...)` used as a statement, their task discarded.\n\n"
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
    "No fix: where to keep the task is the program's decision.\n",
    check_af202,
    .fix = AF_FIX_NEVER,
};

const struct af_rule af_rule_af203 = {
    "AF203", "coroutine-never-awaited",
    "`x = f()` stores a coroutine that is never awaited, returned or passed on",
    "AF203 coroutine-never-awaited\n\n"
    "What it does: finds `x = f()` in a function, `f` a coroutine function, when\n"
    "`x` is not used anywhere else in that function.\n\n"
    "Why it is bad: the coroutine is created and dropped; `f`'s body never runs.\n\n"
    "Example:\n"
    "    async def main():\n"
    "        user = fetch_user(1)\n\n"
    "Use instead:\n"
    "    async def main():\n"
    "        user = await fetch_user(1)\n\n"
    "Fix (unsafe, with --unsafe-fixes) inside an `async def`: `x = await f()`.\n"
    "Unsafe because `f` now runs, and at this point of the function. In a sync\n"
    "function it is reported only.\n",
    check_af203,
    .flags = AF_RULE_NEEDS_PROJECT,
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
    "generators or the default executor at its end).\n",
    check_af204,
    .flags = AF_RULE_NEEDS_PROJECT,
    .fix = AF_FIX_SOMETIMES,
};
