/*
 * blocking_calls.c - AF103 blocking-subprocess, AF104 blocking-input, AF105
 * blocking-call: the other blocking calls, matched by the rows of their codes
 * in the table of blocking callees (blocking.h, with the user's
 * extend-blocking-calls for AF105), and one fix (af_rewrite_to_thread). What each rule finds and why, the example, the fix
 * and what it leaves alone: its --explain text, the descriptors'
 * `explanation` at the end of this file (the one copy of the rules' doc).
 */
#include <stddef.h>
#include <string.h>

#include "asyncfix/blocking.h"
#include "asyncfix/lang.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

/* the first positional argument of `call` (no splat), or a `name=` keyword's value; else null */
static TSNode argument(TSNode call, const struct af_file *file, const char *keyword)
{
    TSNode args = af_field_child(call, af_field.arguments);
    if (!af_is(args, af_sym.argument_list))
        return af_null_node();
    uint32_t n = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        TSSymbol s = ts_node_symbol(a);
        if (s == af_sym.comment || s == af_sym.list_splat || s == af_sym.dictionary_splat)
            continue;
        if (s == af_sym.keyword_argument) {
            if (af_node_text_is(af_field_child(a, af_field.name), file->src->data, keyword))
                return af_field_child(a, af_field.value);
            continue;
        }
        return a;
    }
    return af_null_node();
}

/* os.spawn*'s mode: given or not, and os.P_WAIT (as ruff's ASYNC221 reads it) */
static unsigned spawn_mode(const struct af_file *file, const struct af_site *site, struct af_buf *qual)
{
    TSNode mode = argument(site->node, file, "mode");
    if (ts_node_is_null(mode))
        return 0;
    bool wait = af_sem_qualname(qual, file, af_unparen(mode), site->scope) == 0 &&
                strcmp(qual->ptr, "os.P_WAIT") == 0;
    return AF_ARGS_MODE | (wait ? AF_ARGS_P_WAIT : 0);
}

/* what an os.spawn* call that does not wait does, by its mode (as flake8-async's ASYNC220 reads it) */
enum spawn_kind {
    SPAWN_STARTS,       /* os.P_NOWAIT, P_NOWAITO, P_DETACH: starts a process and returns */
    SPAWN_OVERLAY,      /* os.P_OVERLAY: replaces the program; nothing to wait for */
    SPAWN_UNKNOWN,      /* a mode this file does not spell as one of os.P_* */
};

static enum spawn_kind spawn_kind(const struct af_file *file, const struct af_site *site, struct af_buf *qual)
{
    static const char *const starts[] = { "os.P_NOWAIT", "os.P_NOWAITO", "os.P_DETACH", NULL };
    TSNode mode = argument(site->node, file, "mode");
    if (ts_node_is_null(mode) || af_sem_qualname(qual, file, af_unparen(mode), site->scope) < 0)
        return SPAWN_UNKNOWN;
    if (strcmp(qual->ptr, "os.P_OVERLAY") == 0)
        return SPAWN_OVERLAY;
    for (const char *const *s = starts; *s; s++)
        if (strcmp(qual->ptr, *s) == 0)
            return SPAWN_STARTS;
    return SPAWN_UNKNOWN;
}

struct wnohang_walk {
    const struct af_file *file;
    int scope;
    struct af_buf *qual;
};

static enum af_walk_next visit_wnohang(TSNode n, void *ctx)
{
    struct wnohang_walk *w = ctx;
    if (!af_is(n, af_sym.identifier) && !af_is(n, af_sym.attribute))
        return AF_WALK_CONTINUE;
    if (af_sem_qualname(w->qual, w->file, n, w->scope) == 0 && strcmp(w->qual->ptr, "os.WNOHANG") == 0)
        return AF_WALK_STOP;
    return af_is(n, af_sym.attribute) ? AF_WALK_CONTINUE : AF_WALK_SKIP;
}

/* true when a name in the call's arguments refers to os.WNOHANG (the wait returns at once) */
static bool mentions_wnohang(const struct af_file *file, const struct af_site *site, struct af_buf *qual)
{
    TSNode args = af_field_child(site->node, af_field.arguments);
    if (ts_node_is_null(args))
        return false;
    struct wnohang_walk w = { file, site->scope, qual };
    return !ts_node_is_null(af_walk(args, visit_wnohang, &w));
}

/* the name a message shows for a qualified name: `input` for builtins.input */
static const char *shown(const char *qual)
{
    return strncmp(qual, "builtins.", 9) == 0 ? qual + 9 : qual;
}

static void report_process(struct af_file *file, struct af_sink *sink, const struct af_site *site,
                           const char *qual, bool shell)
{
    static const char *const exec_api[] = {
        "asyncio.create_subprocess_exec", "trio.run_process", "anyio.open_process" };
    static const char *const shell_api[] = {
        "asyncio.create_subprocess_shell", "trio.run_process", "anyio.open_process" };
    enum af_framework fw = file->sem.framework;
    af_report(sink, site->node, NULL,
              "`%s()` in async function `%s` returns a process whose waits and reads block the "
              "event loop: use `%s`",
              qual, af_sem_scope_name(file, af_sem_in_async_genexp(file, site->scope)
                                                ? af_sem_async_genexp_owner(file, site->scope) : site->scope),
              shell ? shell_api[fw] : exec_api[fw]);
}

/* os.spawn* that starts a process (or may: its mode is not known): reported, no fix */
static void report_spawn(struct af_file *file, struct af_sink *sink, const struct af_site *site,
                         const char *qual, enum spawn_kind mode)
{
    static const char *const exec_api[] = {
        "asyncio.create_subprocess_exec", "trio.run_process", "anyio.open_process" };
    const char *fname = af_sem_scope_name(file, af_sem_in_async_genexp(file, site->scope)
                                                ? af_sem_async_genexp_owner(file, site->scope) : site->scope);
    if (mode == SPAWN_OVERLAY)
        return;
    if (mode == SPAWN_STARTS)
        af_report(sink, site->node, NULL,
                  "`%s()` in async function `%s` starts a process that only a blocking `os.waitpid()` can "
                  "wait for: use `%s`", qual, fname, exec_api[file->sem.framework]);
    else
        af_report(sink, site->node, NULL,
                  "`%s()` in async function `%s` starts a process, and with `os.P_WAIT` waits for it in the "
                  "event loop's thread; no fix: its mode is not known here; use `%s`",
                  qual, fname, exec_api[file->sem.framework]);
}

static struct af_fix *thread_fix(const struct af_file *file, const struct af_site *site)
{
    if (af_is(site->parent, af_sym.await))
        return NULL;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    if (af_rewrite_to_thread(fix, file, site->node, site->scope, NULL) < 0) {
        af_fix_free(fix);
        return NULL;
    }
    enum af_framework fw = file->sem.framework;
    if (fw == AF_FW_TRIO)
        af_fix_set_message(fix, "Run it in a worker thread with `trio.to_thread.run_sync`");
    else if (fw == AF_FW_ANYIO)
        af_fix_set_message(fix, "Run it in a worker thread with `anyio.to_thread.run_sync`");
    else if (file->opts->target_minor < 9)
        af_fix_set_message(fix, "Run it in a worker thread with `loop.run_in_executor`");
    else
        af_fix_set_message(fix, "Run it in a worker thread with `asyncio.to_thread`");
    return fix;
}

/* what the call's arguments say, as far as the callee's kind cares */
static unsigned args_facts(const struct af_file *file, const struct af_site *site, enum af_blocking_kind kind,
                           struct af_buf *qual)
{
    if (kind == AF_BLOCKS_SPAWN)
        return spawn_mode(file, site, qual);
    if (kind == AF_BLOCKS_WAIT && mentions_wnohang(file, site, qual))
        return AF_ARGS_WNOHANG;
    return 0;
}

static void check_code(struct af_file *file, struct af_sink *sink, const char *code)
{
    struct af_buf qual = AF_BUF_INIT, arg = AF_BUF_INIT;
    bool af105 = strcmp(code, "AF105") == 0;
    const struct af_site *site;
    bool genexp;
    const struct af_blocking *c;
    for (uint32_t i = 0; (site = af_blocking_next_call(file, &i, &qual, &c, &genexp));) {
        if (c ? strcmp(c->code, code) != 0 : !(af105 && af_blocking_declared(file->opts, qual.ptr)))
            continue;
        enum af_blocking_kind kind = c ? c->kind : AF_BLOCKS;
        if (kind == AF_BLOCKS_PROCESS || kind == AF_BLOCKS_PROCESS_SHELL) {
            report_process(file, sink, site, qual.ptr, kind == AF_BLOCKS_PROCESS_SHELL);
            continue;
        }
        if (!af_blocking_call_waits(kind, args_facts(file, site, kind, &arg))) {
            if (kind == AF_BLOCKS_SPAWN)
                report_spawn(file, sink, site, qual.ptr, spawn_kind(file, site, &arg));
            continue;
        }
        if (genexp)
            af_report(sink, site->node, NULL,
                      "blocking `%s()` in async function `%s`: it stops the event loop (no fix: "
                      AF_GENEXP_REASON ")", shown(qual.ptr),
                      af_sem_scope_name(file, af_sem_async_genexp_owner(file, site->scope)));
        else {
            struct af_fix *fix = thread_fix(file, site);
            af_report(sink, site->node, fix, "blocking `%s()` in async function `%s`: it stops the event loop%s%s%s",
                      shown(qual.ptr), af_sem_scope_name(file, site->scope), fix ? "" : " (no fix: ",
                      fix ? "" : af_rewrite_to_thread_why(file), fix ? "" : ")");
        }
    }
    af_buf_dispose(&qual);
    af_buf_dispose(&arg);
}

static void check_af103(struct af_file *file, struct af_sink *sink)
{
    check_code(file, sink, "AF103");
}

static void check_af104(struct af_file *file, struct af_sink *sink)
{
    check_code(file, sink, "AF104");
}

static void check_af105(struct af_file *file, struct af_sink *sink)
{
    check_code(file, sink, "AF105");
}

#define THREAD_FIX_TEXT \
    "The fix (safe) keeps the callee as written and every argument byte for byte\n" \
    "(`*args`, `**kwargs`, comments, line breaks) and awaits the call in a worker\n" \
    "thread; inside a larger expression it is parenthesised:\n" \
    "    out = (await asyncio.to_thread(subprocess.check_output, cmd)).decode()\n" \
    "With --target-version py38: `await asyncio.get_running_loop().run_in_executor(\n" \
    "None, functools.partial(f, ...))`. In a module that imports anyio (its calls\n" \
    "run under asyncio and trio alike): `await anyio.to_thread.run_sync(...)`; one\n" \
    "that imports trio and not asyncio: `await trio.to_thread.run_sync(\n" \
    "functools.partial(f, ...))`; one that imports asyncio and trio but not anyio,\n" \
    "or twisted or curio (itself or another file of the project, unless it names\n" \
    "Twisted's asyncioreactor): reported without a fix (which loop runs it is not\n" \
    "known, or it runs no asyncio call). Imports under\n" \
    "`if TYPE_CHECKING:` do not count. Imports are added as needed.\n\n"

#define LEFT_ALONE_TEXT \
    "Reported without a fix: a call in a generator expression of the async def (it\n" \
    "blocks when the generator is consumed; `await` there would make an async\n" \
    "generator).\n\n" \
    "Left alone: a sync `def` or `lambda` nested in the async def (it may already\n" \
    "run in a thread), module-level code (`if __name__ == \"__main__\":`), a callee\n" \
    "passed to `asyncio.to_thread` / `run_in_executor` rather than called, and a\n" \
    "local name that shadows the module or builtin.\n"

const struct af_rule af_rule_af103 = {
    "AF103", "blocking-subprocess",
    "a subprocess or `os.system`/`os.wait*` call in an async function blocks the event loop; "
    "use `await asyncio.to_thread()`",
    "AF103 blocking-subprocess\n\n"
    "What it does: finds, called directly in an `async def` (any import spelling):\n"
    "subprocess.run, call, check_call, check_output, getoutput, getstatusoutput,\n"
    "Popen; os.system, os.popen, os.posix_spawn, os.posix_spawnp, os.spawn* (with\n"
    "os.P_WAIT or no mode: it waits; other modes below); os.wait, wait3, wait4,\n"
    "waitid, waitpid.\n\n"
    "Why it is bad: the call waits for the child process in the event loop's\n"
    "thread, so every other task stops until the process ends.\n\n"
    "Example:\n"
    "    async def build():\n"
    "        subprocess.run([\"make\"], check=True)\n\n"
    "Use instead:\n"
    "    async def build():\n"
    "        await asyncio.to_thread(subprocess.run, [\"make\"], check=True)\n\n"
    THREAD_FIX_TEXT
    "Reported without a fix: `subprocess.Popen(...)` and `os.popen(...)`, whose\n"
    "returned object outlives the call (its reads and waits block later); use\n"
    "`asyncio.create_subprocess_exec` / `asyncio.create_subprocess_shell` (trio:\n"
    "`trio.run_process`, anyio: `anyio.open_process`).\n\n"
    "Also reported without a fix: `os.spawn*` with os.P_NOWAIT, os.P_NOWAITO or\n"
    "os.P_DETACH, which start a process that only a blocking `os.waitpid()` can wait\n"
    "for (use `asyncio.create_subprocess_exec`), and `os.spawn*` with a mode that is\n"
    "not spelled as one of os.P_* (a variable: with os.P_WAIT it blocks).\n\n"
    "Not reported: `os.spawn*` with os.P_OVERLAY (the program is replaced; there is\n"
    "nothing to wait for), `os.wait*` with os.WNOHANG, `asyncio.create_subprocess_exec`.\n\n"
    LEFT_ALONE_TEXT
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af103,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
};

const struct af_rule af_rule_af104 = {
    "AF104", "blocking-input",
    "`input()` in an async function blocks the event loop; use `await asyncio.to_thread(input)`",
    "AF104 blocking-input\n\n"
    "What it does: finds the builtin `input(...)` called directly in an `async def`.\n\n"
    "Why it is bad: it waits for a line on standard input in the event loop's\n"
    "thread; no other task runs until the user presses Enter.\n\n"
    "Example:\n"
    "    async def ask():\n"
    "        name = input(\"name? \")\n\n"
    "Use instead:\n"
    "    async def ask():\n"
    "        name = await asyncio.to_thread(input, \"name? \")\n\n"
    THREAD_FIX_TEXT
    LEFT_ALONE_TEXT
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af104,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
};

const struct af_rule af_rule_af105 = {
    "AF105", "blocking-call",
    "a blocking socket, select, urlretrieve or user-declared call in an async function; "
    "use `await asyncio.to_thread()`",
    "AF105 blocking-call\n\n"
    "What it does: finds, called directly in an `async def` (any import spelling):\n"
    "socket.create_connection, socket.getaddrinfo, socket.gethostbyname,\n"
    "socket.gethostbyaddr, select.select, urllib.request.urlretrieve, and every\n"
    "qualified name listed in `extend-blocking-calls` ([tool.asyncfix] in\n"
    "pyproject.toml) or --extend-blocking-calls a.b,c.d (a name without a dot\n"
    "means the builtin).\n\n"
    "Why it is bad: DNS look-ups, connects, select and downloads wait on the\n"
    "network in the event loop's thread; every other task stops meanwhile.\n\n"
    "Example:\n"
    "    async def resolve(host):\n"
    "        return socket.gethostbyname(host)\n\n"
    "Use instead:\n"
    "    async def resolve(host):\n"
    "        return await asyncio.to_thread(socket.gethostbyname, host)\n\n"
    "(`await loop.getaddrinfo(...)` and `asyncio.open_connection` are the\n"
    "native alternatives when rewriting by hand.)\n\n"
    THREAD_FIX_TEXT
    LEFT_ALONE_TEXT
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_af105,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
    .settings = &af_blocking_settings,
};
