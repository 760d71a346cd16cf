/*
 * run.c - AF301 sequential-awaits: runs of independent awaits in one block
 * (what it finds, when a run is gathered, the fix: its --explain text, the
 * descriptor at the end of this file).
 */
#include <ctype.h>
#include <string.h>

#include "gather.h"

#define RUN_MAX 32

/*
 * Reads statement `stmt` as one member of a run: `await f()`, `x = await f()`
 * or `obj.attr = await f()`. False for anything else (which ends a run).
 */
static bool read_stmt(struct await_stmt *out, struct summaries *cache, const struct af_file *file, TSNode stmt,
                      int scope)
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
            out->tname = gather_node_span(file, left);
            /* a `global`/`nonlocal` name may be read by any callee */
            const struct af_binding *b = af_sem_binding_in(file, af_sem_function_scope(file, scope),
                                                           out->tname.s, out->tname.len);
            if (b && b->kind == AF_BIND_GLOBAL)
                return false;
        } else if (af_is(left, af_sym.attribute) &&
                   af_is(af_field_child(left, af_field.object), af_sym.identifier)) {
            out->tname = gather_node_span(file, af_field_child(left, af_field.object));
            out->tattr = gather_node_span(file, af_field_child(left, af_field.attribute));
        } else {
            return false;
        }
        out->target = left;
        e = af_field_child(e, af_field.right);
    }
    out->call = gather_awaited_call(e);
    if (ts_node_is_null(out->call))
        return false;
    if (!gather_collect_call(out, cache, file, scope)) {
        gather_stmt_dispose(out);
        return false;
    }
    return true;
}

/* true when `st`'s call reads something the earlier statement `w` wrote */
static bool reads_written(const struct await_stmt *st, const struct await_stmt *w)
{
    for (uint32_t i = 0; i < st->nreads; i++) {
        const struct read *r = &st->reads[i];
        if (w->target.id && gather_span_eq(r->name, w->tname)) {
            /* `obj.other` does not read what `obj.attr = ...` wrote */
            if (!(w->tattr.len && r->attr.len && !gather_span_eq(r->attr, w->tattr)))
                return true;
        }
        if (gather_spans_has(&w->walrus, r->name))
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

/* the length of the first dotted part of `sp` */
static uint32_t head_len(struct span sp, uint32_t from)
{
    uint32_t h = from;
    while (h < sp.len && sp.s[h] != '.')
        h++;
    return h;
}

/*
 * True when two chains are parts of one object: one is (an attribute of)
 * the other, or both hang off the same object, `self.db.bank` and
 * `self.db.inv`, `ctx.author` and `ctx.guild` (a connection, a bot's
 * context). Only `self.a` and `self.b` (or cls) count as different objects.
 */
static bool same_family(struct span a, struct span b)
{
    if (receivers_overlap(a, b))
        return true;
    uint32_t ha = head_len(a, 0), hb = head_len(b, 0);
    if (ha != hb || memcmp(a.s, b.s, ha) != 0 || ha == a.len || hb == b.len)
        return false;
    bool own = af_streq(a.s, ha, "self") || af_streq(a.s, ha, "cls");
    if (!own)
        return true;
    uint32_t sa = head_len(a, ha + 1), sb = head_len(b, hb + 1);
    return sa == sb && sa < a.len && sb < b.len && memcmp(a.s, b.s, sa) == 0;
}

/* true when a chain of `a` and one of `b` are parts of one object (same_family) */
static bool lists_overlap(const struct spans *a, const struct spans *b)
{
    for (uint32_t i = 0; i < a->n; i++)
        for (uint32_t j = 0; j < b->n; j++)
            if (same_family(a->items[i], b->items[j]))
                return true;
    return false;
}

/*
 * True when `a`'s call works on what `b`'s call is given: a receiver of one
 * is an argument of the other (`create_game(msg, account)`, then
 * `account.logout()`), or a path one writes is named by the other.
 */
static bool uses_the_other(const struct await_stmt *a, const struct await_stmt *b)
{
    return lists_overlap(&a->receivers, &b->objects) || lists_overlap(&a->receivers, &b->values) ||
           lists_overlap(&a->fx.files_written, &b->objects) || lists_overlap(&a->fx.files_written, &b->values);
}

/* true when `st` may join a run that already holds `w` */
static bool independent(const struct await_stmt *st, const struct await_stmt *w)
{
    if (reads_written(st, w))
        return false;
    /*
     * Only reads run together: a call that may change something keeps its
     * order with every other call of the run. After a change, a read may
     * look at what it wrote (`update_settings()`, then `get_settings()`);
     * before it, a read may be the state the change is measured against
     * (`before = await count()`, then `await post()`); two changes, the
     * later presumes the earlier succeeded (copy then clear).
     */
    if (st->changes || w->changes)
        return false;
    /* what the callees do: files, module-level names, bodies not seen */
    if (gather_effects_conflict(&st->fx, &w->fx))
        return false;
    /* one object handed to both (a connection, a session, a bot's ctx), or one's receiver to the other */
    if (lists_overlap(&st->objects, &w->objects) || uses_the_other(st, w) || uses_the_other(w, st))
        return false;
    /* targets: distinct, and not the object of (or an object with) the other's attribute */
    if (st->target.id && w->target.id && gather_span_eq(st->tname, w->tname) &&
        !(st->tattr.len && w->tattr.len && !gather_span_eq(st->tattr, w->tattr)))
        return false;
    if (st->target.id && (gather_spans_has(&w->walrus, st->tname)))
        return false;
    for (uint32_t i = 0; i < st->walrus.n; i++)
        if ((w->target.id && gather_span_eq(st->walrus.items[i], w->tname)) || gather_spans_has(&w->walrus, st->walrus.items[i]))
            return false;
    return !lists_overlap(&st->receivers, &w->receivers);
}


/* true when a comment follows the statement ending at `end` on its line */
static bool trailing_comment(const struct af_file *file, uint32_t end)
{
    const char *d = file->src->data;
    for (uint32_t i = end; i < file->src->len && d[i] != '\n' && d[i] != '\r'; i++)
        if (d[i] == '#')
            return true;
    return false;
}

/*
 * True when a blank line stands in [s, e): the author set the statements
 * apart, and a gathered line would lose it, so a run ends there.
 */
static bool blank_line_between(const char *d, uint32_t s, uint32_t e)
{
    bool line_start = false, blank = false;
    for (uint32_t i = s; i < e; i++) {
        if (d[i] == '\n') {
            if (line_start && blank)
                return true;
            line_start = blank = true;
        } else if (d[i] != ' ' && d[i] != '\t' && d[i] != '\r' && d[i] != '\f') {
            blank = false;
        }
    }
    return false;
}

/*
 * The fix for a run, or NULL with `*why` saying why there is none. The run's
 * statements are replaced by one line at the first one's place.
 */
static struct af_fix *run_fix(const struct af_file *file, struct await_stmt *run,
                              uint32_t n, int scope, enum context ctx, const char **why)
{
    const char *d = file->src->data;
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
    bool any_target = false, any_bare = false;
    for (uint32_t i = 0; i < n; i++) {
        TSNode st = run[i].stmt;
        if (ts_node_start_point(st).row != ts_node_end_point(st).row ||
            !af_stmt_starts_line(file, ts_node_start_byte(st)) ||
            !af_stmt_ends_line(file, ts_node_end_byte(st))) {
            *why = "the statements must each stand on one line of their own";
            return NULL;
        }
        if (i > 0 && !gather_only_space(d, ts_node_end_byte(run[i - 1].stmt), ts_node_start_byte(st))) {
            *why = "a comment inside the run would be lost";
            return NULL;
        }
        if (i == n - 1 && trailing_comment(file, ts_node_end_byte(st))) {
            *why = "the comment after the last statement would move onto the gathered one";
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
    const char *alias = af_sem_module_alias(file, scope, "asyncio", ts_node_start_byte(run[0].stmt), &need);
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
                struct span t = gather_node_span(file, run[i].target);
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
        struct span c = gather_node_span(file, run[i].call);
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

static void flush_run(struct af_file *file, struct af_sink *sink,
                      struct await_stmt *run, uint32_t *n, int scope, enum context ctx)
{
    if (*n >= 2) {
        const char *why = NULL;
        struct af_fix *fix = run_fix(file, run, *n, scope, ctx, &why);
        af_report_range(sink, ts_node_start_byte(run[0].stmt), ts_node_end_byte(run[*n - 1].stmt), fix,
                        "%u independent awaits run one after another; `asyncio.gather` could run them "
                        "together%s%s%s",
                        *n, why ? " (no fix: " : "", why ? why : "", why ? ")" : "");
    }
    for (uint32_t i = 0; i < *n; i++)
        gather_stmt_dispose(&run[i]);
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

/*
 * `Repo(session)`, `Repo.from_session(session)`: an object made by a class
 * (a name that starts with a capital) from another object belongs to it, as
 * two repositories of one database session do. Its first argument that may
 * be an object (not a plain value) into `out`.
 */
static bool made_from(struct span *out, const struct af_file *file, TSNode call, int scope)
{
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    TSNode cls = af_is(fn, af_sym.attribute) ? af_unparen(af_field_child(fn, af_field.object)) : fn;
    if (!af_is(cls, af_sym.identifier) || !isupper((unsigned char)file->src->data[ts_node_start_byte(cls)]))
        return false;
    TSNode args = af_field_child(call, af_field.arguments);
    uint32_t n = af_is(args, af_sym.argument_list) ? ts_node_named_child_count(args) : 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (af_is(a, af_sym.keyword_argument))
            a = af_field_child(a, af_field.value);
        a = af_unparen(a);
        if ((af_is(a, af_sym.identifier) || af_is(a, af_sym.attribute)) && !gather_is_module_ref(file, a, scope) &&
            !gather_value_like(file, a, scope)) {
            *out = gather_node_span(file, a);
            return true;
        }
    }
    return false;
}

/* the object `value` (a call on an object, or an object, maybe awaited) came from, or false */
static bool origin_of(struct span *out, const struct af_file *file, TSNode value, int scope)
{
    if (af_is(value, af_sym.await))
        value = af_first_named(value);
    value = af_unparen(value);
    if (af_is(value, af_sym.call)) {
        if (made_from(out, file, value, scope))
            return true;
        TSNode fn = af_unparen(af_field_child(value, af_field.function));
        if (!af_is(fn, af_sym.attribute))
            return false;
        value = af_unparen(af_field_child(fn, af_field.object));
    }
    if (!(af_is(value, af_sym.identifier) || af_is(value, af_sym.attribute) || af_is(value, af_sym.call)) ||
        gather_is_module_ref(file, value, scope))
        return false;
    *out = gather_node_span(file, value);
    return true;
}

static void derived_note(struct derived_list *l, const struct af_file *file, TSNode target, TSNode value,
                         int scope)
{
    struct derived d;
    if (!af_is(target, af_sym.identifier) || !origin_of(&d.from, file, value, scope))
        return;
    d.name = gather_node_span(file, target);
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
        TSNode clause = af_with_clause(n);
        uint32_t m = ts_node_is_null(clause) ? 0 : ts_node_named_child_count(clause);
        for (uint32_t j = 0; j < m; j++) {
            TSNode v = af_field_child(ts_node_named_child(clause, j), af_field.value);
            if (!af_is(v, af_sym.as_pattern))
                continue;
            TSNode alias = af_field_child(v, af_field.alias);
            derived_note(l, file, af_first_named(alias), af_first_named(v), scope);
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
            if (gather_span_eq(l->items[i].name, head)) {
                sp = l->items[i].from;
                found = true;
                break;
            }
        if (!found)
            break;
    }
    return sp;
}

/* the chains of `l` with their leading name replaced by the object it came from */
static void derived_roots(const struct derived_list *derived, struct spans *l)
{
    for (uint32_t k = 0; k < l->n; k++)
        l->items[k] = derived_root(derived, l->items[k]);
}

static void check_block(struct af_file *file, struct af_sink *sink,
                        struct summaries *summaries, const struct af_site *site)
{
    enum context ctx = gather_enclosing(file, site->node);
    if (ctx == CTX_LOCKED)
        return;
    struct await_stmt run[RUN_MAX];
    uint32_t n = 0;
    struct derived_list derived = { NULL, 0, 0 };
    derived_note_withs(&derived, file, site->node, site->scope);
    /* the block's statements from the model's index (ts_node_named_child(i) descends from the block) */
    const struct af_block_stmts *bs = af_sem_block_stmts(file, site->node);
    for (uint32_t si = 0; bs && si < bs->n; si++) {
        TSNode stmt = bs->stmts[si];
        if (af_is(stmt, af_sym.comment))
            continue;
        struct await_stmt st;
        /* `# noqa: AF301` on a statement keeps it out of every run */
        bool member = !af_sem_noqa(file, ts_node_start_byte(stmt), "AF301") &&
                      read_stmt(&st, summaries, file, stmt, site->scope);
        if (member) {
            derived_roots(&derived, &st.receivers);
            derived_roots(&derived, &st.objects);
            derived_roots(&derived, &st.values);
        }
        derived_note_stmt(&derived, file, stmt, site->scope);
        if (!member) {
            flush_run(file, sink, run, &n, site->scope, ctx);
            continue;
        }
        bool fits = n < RUN_MAX &&
                    !(n && blank_line_between(file->src->data, ts_node_end_byte(run[n - 1].stmt),
                                              ts_node_start_byte(stmt)));
        for (uint32_t j = 0; fits && j < n; j++)
            fits = independent(&st, &run[j]);
        if (!fits)
            flush_run(file, sink, run, &n, site->scope, ctx);
        run[n++] = st;
    }
    flush_run(file, sink, run, &n, site->scope, ctx);
    free(derived.items);
}

static void check_af301(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct summaries summaries = { NULL, 0, 0 };
    for (uint32_t i = 0; i < sem->blocks.n; i++) {
        const struct af_site *site = &sem->blocks.items[i];
        if (!af_is(site->node, af_sym.block) || !af_sem_in_async(file, site->scope))
            continue;
        check_block(file, sink, &summaries, site);
    }
    gather_summaries_dispose(&summaries);
}

const struct af_rule af_rule_af301 = {
    "AF301", "sequential-awaits",
    "independent awaits run one after another; `asyncio.gather` can run them together",
    "AF301 sequential-awaits\n\n"
    "Not in the default selection: run it with `--select AF3` (or `AF301`, or\n"
    "`select = [\"AF3\"]` in the configuration). Whether two awaits are\n"
    "independent is judged from the code of this project only. Judged by hand\n"
    "on 2.7 million lines of real async code, each of its 25 findings was\n"
    "right: too few to show the 95 % it aims for.\n\n"
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
    "  - no two calls work on one object: a shared receiver (`conn.execute` twice,\n"
    "    `self.load()` and `self.repo.get()`, `self.db.bank.create()` and\n"
    "    `self.db.inv.create()`, `ctx.author.x()` and `ctx.guild.y()`), the receiver\n"
    "    of one given to the other (`create_game(msg, account)`, then\n"
    "    `account.logout()`), or one argument given to both (`log(ctx, ...)`, then\n"
    "    `stats(ctx)`; a connection, a session, a bot's context). Arguments that\n"
    "    hold plain values are not objects: literals, names bound to one, `str`/\n"
    "    `int`/`float`/`bool`/`bytes` parameters, names like `id`, `*_id`, `url`,\n"
    "    `name`, `key`, `count`, values computed from a name (`base + \"/a\"`), and\n"
    "    an `httpx.AsyncClient` or `aiohttp.ClientSession` made in the function\n"
    "    (made for concurrent requests). An object obtained from another earlier\n"
    "    in the block or by an enclosing `with ... as` (`cur = await conn.cursor()`)\n"
    "    counts as that one, as does an object a class makes from it\n"
    "    (`Repo(session)`, `Repo.from_session(session)`); `super().m()` works on\n"
    "    `self`; a module imported with `import` is not an object;\n"
    "  - every call is named like a read (`get_*`, `fetch_*`, `load_*`, `find_*`,\n"
    "    `is_*`, `has_*`, `check_*`, `count`, `all`, the file system's queries, or\n"
    "    the function a `to_thread` runs), and none says it also changes\n"
    "    (`get_or_create`, `get_new_*`, a `new=`/`create=`/`force=` keyword): a\n"
    "    call that may change something keeps its order with every other, since\n"
    "    a read after it may look at what it wrote, a read before it may be the\n"
    "    state it is measured against, and of two changes the later presumes the\n"
    "    earlier succeeded (copy then clear, an action then its record);\n"
    "  - what the callees do does not meet: a coroutine defined in this file is\n"
    "    read through its body (and the functions of this file it calls, and a\n"
    "    function of this file passed as a callback): two calls are dependent when\n"
    "    one writes a file the other reads or writes (`open(p, \"w\")`, `json.dump`\n"
    "    through it, `os.remove`, `os.mkdir`, `shutil.*`, `Path.write_text`,\n"
    "    `sqlite3.connect`, ...; the same literal path, module-level constant or\n"
    "    expression, and any path a parameter names), one changes a module-level\n"
    "    name the other reads or changes (assigned, an item or attribute set, a\n"
    "    method called on it), or a nested def (a closure) uses a name of the\n"
    "    function around it that the other call is given. A path one call writes\n"
    "    that the other names as an argument makes them dependent too;\n"
    "  - no call is named like sleeping, locking or waiting (`sleep`, `*lock*`,\n"
    "    `acquire`, `release`, `*wait*`, `*input*`, `*semaphore*`, `*condition*`,\n"
    "    `*barrier*`), like a queue method (`get`, `put`, `join`, on any object),\n"
    "    like a message step whose order the user sees (`send`, `reply`,\n"
    "    `respond`, `edit`, `delete`, `followup`, `answer`, `defer`, `typing`,\n"
    "    `pin`, `tick`, `add_reaction`, ... and `edit_*`, `reply_*`, ...: an action is not\n"
    "    gathered with the message confirming it), like a stream, transaction,\n"
    "    set-up or tear-down step whose order is the protocol (`receive`, `recv`,\n"
    "    `read`, `write`, `drain`, `flush`, `close`, `commit`, `rollback`,\n"
    "    `connect`, `disconnect`, `start`, `stop`, `init`, `setup`, `prepare`,\n"
    "    `login`, `register`, `open`, `configure`, `cancel`, `cleanup`, ... and\n"
    "    `init_*`, `open_*`, `_connect`, ...), or `gather`; no call holds a nested\n"
    "    `await`; no callee defined in this file waits for input in its body (an\n"
    "    awaited `wait_for`, queue `get`, Event `wait`, stream read, `input()`, an\n"
    "    `await` of a future or task) or sends a message; and no callee is a\n"
    "    coroutine of another file of the project (its body is not seen here). Such\n"
    "    a statement ends the run, as does any other statement that is not one of\n"
    "    the three forms above;\n"
    "  - the run is not inside a `with`/`async with` unless each item is a call\n"
    "    not named like a lock (`async with lock:`, `async with self._sem:`,\n"
    "    `async with pool.acquire():` all leave the run alone: the lock orders it).\n"
    "A statement that depends on the run starts a new run; a statement whose line\n"
    "carries `# noqa: AF301`, or whose target is declared `global` or `nonlocal`\n"
    "(any callee may read it), ends it, and so does a blank line (the author set\n"
    "the steps apart; a gathered line would lose it). A `return` after the run does not stop it\n"
    "from being gathered. A callee of another library is judged by its name,\n"
    "receiver and arguments only: what it does inside is not seen.\n\n"
    "Fix (unsafe, only with --unsafe-fixes): the run becomes one statement,\n"
    "`a, b = await asyncio.gather(f(), g())`, with `_` for a statement without a\n"
    "target, or `await asyncio.gather(f(), g())` when none has one. It is unsafe\n"
    "because the calls then run at the same time: their side effects (writes,\n"
    "log lines, shared state read by the callees) interleave, the arguments of\n"
    "the later calls are evaluated before the earlier calls run, a call now runs\n"
    "even when an earlier one fails, and the first exception raised wins.\n\n"
    "Reported without a fix: a comment between the statements or after the last\n"
    "one (it would be lost, or move onto the gathered statement), statements that\n"
    "share a line or span several lines, a run in the body of a `try` whose\n"
    "handlers name specific exceptions, a module importing trio or anyio (use a\n"
    "nursery or task group there), a mixed run when `_` is already used in the\n"
    "function, and when the name `asyncio` is taken.\n",
    check_af301,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_OPT_IN,   /* which callees are the project's (opaque); opt-in */
    .fix = AF_FIX_SOMETIMES,
};
