/*
 * blocking_sleep.c - AF101 blocking-sleep. What the rule finds and why, the
 * example, the fix and what it leaves alone: its --explain text, the
 * descriptor's `explanation` at the end of this file (the one copy of the
 * rule's doc).
 */
#include <string.h>

#include "asyncfix/blocking.h"
#include "asyncfix/lang.h"
#include "asyncfix/prune.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

/* the delay is a number literal (never negative: a minus sign makes a unary operator) */
static bool literal_delay(TSNode call)
{
    TSNode arg;
    if (af_node_items(af_field_child(call, af_field.arguments), &arg, 1) != 1)
        return false;
    arg = af_unparen(arg);
    return af_is(arg, af_sym.integer) || af_is(arg, af_sym.float_);
}

/*
 * The call runs in the body of a `try` (in its function) with an `except`
 * that names ValueError: time.sleep raises it for a negative delay, asyncio's
 * and anyio's sleep return at once (trio's raises it too).
 */
static bool value_error_handled(const struct af_file *file, TSNode node)
{
    const char *src = file->src->data;
    for (TSNode child = node, n = ts_node_parent(node); !ts_node_is_null(n); child = n, n = ts_node_parent(n)) {
        if (af_is(n, af_sym.function_definition) || af_is(n, af_sym.lambda))
            return false;
        if (!af_is(n, af_sym.try_statement) || !ts_node_eq(af_field_child(n, af_field.body), child))
            continue;
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode clause = ts_node_named_child(n, i);
            if (!af_is(clause, af_sym.except_clause))
                continue;
            uint32_t len;
            const char *t = af_node_text(clause, src, &len);
            const char *colon = memchr(t, ':', len);
            if (af_prune_word_count(t, colon ? (size_t)(colon - t) : len, "ValueError", 10))
                return true;
        }
    }
    return false;
}

static void check(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT;
    static const char *const fw_module[] = { "asyncio", "trio", "anyio" };
    const struct af_site *site;
    bool genexp;
    const struct af_blocking *row;
    for (uint32_t i = 0; (site = af_blocking_next_call(file, &i, &qual, &row, &genexp));) {
        if (!row || strcmp(row->code, "AF101") != 0)
            continue;
        if (genexp) {
            af_report(sink, site->node, NULL, "blocking `time.sleep()` in async function `%s`: it stops the "
                      "event loop (no fix: " AF_GENEXP_REASON ")",
                      af_sem_scope_name(file, af_sem_async_genexp_owner(file, site->scope)));
            continue;
        }
        const char *module = fw_module[sem->framework];
        bool need;
        const char *alias = sem->framework_mixed ? NULL   /* whose sleep is not known */
                            : af_sem_module_alias(file, site->scope, module, ts_node_start_byte(site->node), &need);
        struct af_fix *fix = NULL;
        if (alias) {
            fix = af_fix_new(AF_SAFE);
            if (need)
                af_fix_need_import(fix, module);
            struct af_buf callee = AF_BUF_INIT;
            af_buf_printf(&callee, "%s.sleep", alias);
            TSNode fn = af_field_child(site->node, af_field.function);
            af_fix_replace(fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
            af_buf_dispose(&callee);
            if (!af_is(site->parent, af_sym.await))
                af_rewrite_await(fix, file, site->node);
            if (sem->framework != AF_FW_TRIO && !literal_delay(site->node) && value_error_handled(file, site->node)) {
                fix->applicability = AF_UNSAFE;
                af_fix_set_message(fix, "Replace with `await %s.sleep(...)` (unsafe: time.sleep raises ValueError "
                                   "for a negative delay, %s.sleep returns at once: the `except` that catches it "
                                   "would no longer run)", alias, alias);
            } else {
                af_fix_set_message(fix, "Replace with `await %s.sleep(...)`", alias);
            }
        }
        /* a finding without a fix says why */
        struct af_buf why = AF_BUF_INIT;
        if (fix && fix->applicability == AF_UNSAFE)
            af_buf_puts(&why, " (fix unsafe: time.sleep raises ValueError for a negative delay, the new sleep "
                              "returns at once: the `except` that catches it would no longer run)");
        else if (!fix && sem->framework_mixed)
            af_buf_printf(&why, " (no fix: %s)", af_sem_loop_unknown(sem));
        else if (!fix)
            af_buf_printf(&why, " (no fix: the name `%s` cannot name the module here: it is taken, or the module "
                                "is imported only in part of the function)", module);
        af_report(sink, site->node, fix,
                  "blocking `time.sleep()` in async function `%s`: it stops the event loop%s",
                  af_sem_scope_name(file, site->scope), why.size ? why.ptr : "");
        af_buf_dispose(&why);
    }
    af_buf_dispose(&qual);
}

const struct af_rule af_rule_af101 = {
    "AF101", "blocking-sleep",
    "`time.sleep()` in an async function blocks the event loop; use `await asyncio.sleep()`",
    "AF101 blocking-sleep\n\n"
    "What it does: finds `time.sleep(...)` called directly in an `async def`\n"
    "(any import spelling: `import time as t`, `from time import sleep [as pause]`).\n\n"
    "Why it is bad: it blocks the thread, so the event loop and every other task\n"
    "stop while it sleeps.\n\n"
    "Example:\n"
    "    async def poll():\n"
    "        time.sleep(1)\n\n"
    "Use instead:\n"
    "    async def poll():\n"
    "        await asyncio.sleep(1)\n\n"
    "Fix (safe): `time.sleep(x)` -> `await asyncio.sleep(x)`, adding `import asyncio`\n"
    "(or reusing `import asyncio as aio`; an import that may not run, under\n"
    "`if TYPE_CHECKING:`, an `if` or a `try`, is not reused). In a module that\n"
    "imports anyio: `await anyio.sleep(x)` (it runs under asyncio and trio alike);\n"
    "trio and not asyncio: `await trio.sleep(x)`; asyncio and trio but not anyio,\n"
    "or twisted or curio, itself or in another file of the project (whose loops\n"
    "run no asyncio call; Twisted's asyncioreactor named counts as asyncio):\n"
    "reported without a fix.\n\n"
    "Unsafe: a delay that is not a number literal, in the body of a `try` whose\n"
    "`except` names ValueError (time.sleep raises it for a negative delay,\n"
    "asyncio's and anyio's sleep return at once; trio's raises it too).\n\n"
    "Reported without a fix: a call in a generator expression of the async def\n"
    "(`sum(time.sleep(d) or d for d in ds)`): it blocks when the generator is\n"
    "consumed, and `await` there would make an async generator.\n\n"
    "Left alone: a sync `def` or `lambda` nested in the async def, module-level code,\n"
    "a local `time` or `sleep` (parameter, variable, local function), `self.sleep()`,\n"
    "`other.time.sleep()`, and `time.sleep` passed (not called) to `asyncio.to_thread`.\n"
    "An `import time` (or `from time import sleep`) that the fixes leave unused is\n"
    "removed, when nothing else in the file spells the name (code, strings such as\n"
    "`__all__`, comments); one the input already left unused stays.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
};
