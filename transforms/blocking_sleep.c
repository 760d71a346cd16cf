/*
 * blocking_sleep.c - AF101 blocking-sleep. What the rule finds and why, the
 * example, the fix and what it leaves alone: its --explain text, the
 * descriptor's `explanation` at the end of this file (the one copy of the
 * rule's doc).
 */
#include <string.h>

#include "asyncfix/blocking.h"
#include "asyncfix/lang.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

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
        const char *alias = sem->framework_mixed ? NULL   /* asyncio and trio: whose sleep is not known */
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
            af_fix_set_message(fix, "Replace with `await %s.sleep(...)`", alias);
        }
        af_report(sink, site->node, fix,
                  "blocking `time.sleep()` in async function `%s`: it stops the event loop",
                  af_sem_scope_name(file, site->scope));
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
    "trio and not asyncio: `await trio.sleep(x)`; asyncio and trio but not anyio:\n"
    "reported without a fix.\n\n"
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
    .flags = AF_RULE_ADDS_PAUSE,
    .fix = AF_FIX_SOMETIMES,
};
