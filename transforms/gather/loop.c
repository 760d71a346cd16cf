/*
 * loop.c - AF302 await-in-loop (what it finds and the fix: its --explain
 * text, the descriptor at the end of this file).
 */
#include <ctype.h>
#include <string.h>

#include "gather.h"

/*
 * AF302 await-in-loop: `for x in xs: results.append(await f(x))` and
 * `[await f(x) for x in xs]` await one call per iteration, one after another.
 *
 * Reported (with the gather form in the message) when the loop body is only
 * that append (no `else`, not `async for`) or the comprehension's body is the
 * await, and the calls are independent per item: the call reads neither the
 * list it fills nor binds a walrus, and every receiver in it is reached
 * through a loop variable (`item.load()`); `conn.fetch(x)` uses one object
 * from every iteration and is left alone, as is a call handed one object
 * (not a plain value) by every iteration or one that writes a file or a
 * module-level name. The AF301 exclusions hold too: sleeping, locking,
 * waiting, queue, message and set-up calls, nested awaits, and loops under
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
        gather_spans_add(out, gather_node_span(file, left));
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
    *call = gather_awaited_call(ts_node_named_child(args, 0));
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

/* true when every chain of `l` is reached through a loop variable */
static bool through_loop(const struct spans *l, const struct spans *names)
{
    for (uint32_t i = 0; i < l->n; i++) {
        bool found = false;
        for (uint32_t j = 0; j < names->n && !found; j++)
            found = starts_with_name(l->items[i], names->items[j]);
        if (!found)
            return false;
    }
    return true;
}

/*
 * True when the awaited call of a loop or comprehension may run once per
 * item at the same time: it reads neither the list it fills (`list`, may be
 * NULL) nor binds a walrus, every receiver and every argument that may be
 * an object is reached through a loop variable (`item.load()`), never one
 * object shared by all iterations, and it writes no file or module-level
 * name (the iterations would write it together).
 */
static bool per_item_call(const struct await_stmt *st, const struct spans *names, const struct span *list)
{
    if (st->walrus.n || gather_effects_writes(&st->fx))
        return false;
    for (uint32_t i = 0; list && i < st->nreads; i++)
        if (gather_span_eq(st->reads[i].name, *list))
            return false;
    return through_loop(&st->receivers, names) && through_loop(&st->objects, names);
}

/* the fix for a loop found by check_af302, or NULL with `*why` saying why there is none */
static struct af_fix *loop_fix(const struct af_file *file, const struct af_site *site, TSNode stmt,
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
    if (file->sem.imports_other) {
        *why = af_sem_loop_unknown(&file->sem);
        return NULL;
    }
    if (gather_is_trio_like(file)) {
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
    struct span r = gather_node_span(file, receiver);
    if (!af_is(target, af_sym.identifier) || !gather_span_eq(gather_node_span(file, target), r) ||
        !af_is(value, af_sym.list) || !af_node_text_is(value, d, "[]"))
        return NULL;
    /* layout: two statements each starting its line, nothing but space between them */
    *why = "a comment or the layout (one line per part) stands in the way";
    if (!one_line(prev) || !af_stmt_starts_line(file, ts_node_start_byte(prev)) ||
        !gather_only_space(d, ts_node_end_byte(prev), ts_node_start_byte(loop)) ||
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
        if (gather_span_eq(names->items[i], r) || used_outside(file, fn, loop, names->items[i]))
            return NULL;
    bool need;
    const char *alias = af_sem_module_alias(file, site->scope, "asyncio", ts_node_start_byte(site->node), &need);
    if (!alias) {
        *why = "the name `asyncio` is taken";
        return NULL;
    }
    *why = NULL;
    struct af_buf text = AF_BUF_INIT;
    struct span c = gather_node_span(file, st->call), l = gather_node_span(file, left), it = gather_node_span(file, right);
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

static void check_loop(struct af_file *file, struct af_sink *sink,
                       struct summaries *summaries, const struct af_site *site)
{
    TSNode loop = site->node;
    if (af_node_is_async(loop) || !ts_node_is_null(af_field_child(loop, af_field.alternative)))
        return;
    TSNode stmt = only_statement(af_field_child(loop, af_field.body)), receiver, call;
    if (ts_node_is_null(stmt) || !append_of_await(file, stmt, &receiver, &call))
        return;
    enum context ctx = gather_enclosing(file, loop);
    if (ctx == CTX_LOCKED)
        return;
    TSNode left = af_field_child(loop, af_field.left), right = af_field_child(loop, af_field.right);
    struct await_stmt st;
    struct spans names = { NULL, 0, 0 };
    memset(&st, 0, sizeof(st));
    st.call = call;
    struct span r = gather_node_span(file, receiver);
    if (!gather_collect_call(&st, summaries, file, site->scope) || !loop_names(&names, file, left) ||
        !per_item_call(&st, &names, &r))
        goto done;
    const char *why = NULL;
    struct af_fix *fix = loop_fix(file, site, stmt, receiver, &st, &names, ctx, &why);
    struct span c = gather_node_span(file, call), l = gather_node_span(file, left), it = gather_node_span(file, right);
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
    gather_stmt_dispose(&st);
}

static void check_comprehension(struct af_file *file, struct af_sink *sink, struct summaries *summaries,
                                const struct af_site *site)
{
    TSNode comp = site->parent;
    if (!af_is(comp, af_sym.list_comprehension) ||
        !ts_node_eq(af_field_child(comp, af_field.body), site->node) ||
        !af_sem_in_async(file, site->scope) || gather_enclosing(file, comp) == CTX_LOCKED)
        return;
    TSNode call = gather_awaited_call(site->node);
    if (ts_node_is_null(call))
        return;
    struct await_stmt st;
    struct spans names = { NULL, 0, 0 };
    memset(&st, 0, sizeof(st));
    st.call = call;
    if (!gather_collect_call(&st, summaries, file, site->scope))
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
    struct span c = gather_node_span(file, call);
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
    gather_stmt_dispose(&st);
}

static void check_af302(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct summaries summaries = { NULL, 0, 0 };
    for (uint32_t i = 0; i < sem->fors.n; i++)
        if (af_sem_in_async(file, sem->fors.items[i].scope))
            check_loop(file, sink, &summaries, &sem->fors.items[i]);
    for (uint32_t i = 0; i < sem->awaits.n; i++)
        check_comprehension(file, sink, &summaries, &sem->awaits.items[i]);
    gather_summaries_dispose(&summaries);
}

const struct af_rule af_rule_af302 = {
    "AF302", "await-in-loop",
    "an `await` per loop iteration runs the calls one after another; `asyncio.gather` can run them together",
    "AF302 await-in-loop\n\n"
    "Not in the default selection, like AF301: run it with `--select AF3` (or\n"
    "`AF302`).\n\n"
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
    "neither the list it fills nor binds a walrus (`:=`), every receiver in it\n"
    "and every argument that may be an object is reached through the loop\n"
    "variable (`item.load()`, `f(item)`); `conn.fetch(x)` or `greet(ctx, m)`\n"
    "would hand one connection or context to many tasks at once and is left\n"
    "alone (plain values such as ids, literals and str/int parameters may be\n"
    "shared, see AF301). The call must not write a file or a module-level name,\n"
    "directly or through a coroutine of this file (all iterations would write it\n"
    "together), nor call a coroutine of another file of the project. Never\n"
    "reported either: what AF301 never gathers (calls named like sleeping,\n"
    "locking, waiting, queue methods, message, stream or set-up steps, callees\n"
    "of this file that wait for input or send a message), calls holding a\n"
    "nested `await`, loops with other statements, an `else` or `async for`, and\n"
    "loops inside a `with`/`async with` whose items are not calls clearly unlike\n"
    "a lock (see AF301).\n\n"
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
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_OPT_IN,   /* which callees are the project's (opaque); opt-in */
    .fix = AF_FIX_SOMETIMES,
};
