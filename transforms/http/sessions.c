/*
 * sessions.c - AF102: a requests session (`with requests.Session() as s:`,
 * `s = requests.Session()`) becomes an `async with httpx.AsyncClient(...)`
 * block, and so does a sync httpx client (`with httpx.Client() as c:`,
 * `c = httpx.Client()`); the --explain text in rule.c says when.
 */
#include <string.h>

#include "http.h"

/* true when a session call of recs[0..n) is the call `pc` on the session of `key` */
static bool known_call(const struct rec *recs, uint32_t n, TSNode pc, TSNode key, bool by_with)
{
    for (uint32_t i = 0; i < n; i++)
        if (ts_node_eq(recs[i].call, pc) &&
            (by_with ? ts_node_eq(recs[i].session_with, key)
                     : ts_node_eq(recs[i].session_assign, key) && strcmp(recs[i].verb, "stream") != 0))
            return true;
    return false;
}

/* `s.verb(...)` for an identifier `id` whose parent `p` is `s.verb`: the call, or null */
static TSNode method_call(TSNode p)
{
    TSNode pc = ts_node_parent(p);
    bool is_call = af_is(pc, af_sym.call) && ts_node_eq(af_field_child(pc, af_field.function), p);
    return is_call ? pc : af_null_node();
}

/*
 * Marks the calls of `kind` on the session keyed by `key` (its `with`, or its
 * assignment when `by_with` is false) as covered by the fix; the first, or NULL.
 */
static struct rec *mark_session(struct rec *recs, uint32_t n, enum http_kind kind, TSNode key, bool by_with)
{
    struct rec *first = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].kind == kind && ts_node_eq(by_with ? recs[i].session_with : recs[i].session_assign, key)) {
            recs[i].in_fix = true;
            if (!first)
                first = &recs[i];
        }
    return first;
}

/* the fix's state for a session: its calls keep their callee, the client follows redirects */
static void session_build(struct build *b, struct af_fix *fix, const char *hx)
{
    b->fix = fix;
    b->hx = hx;
    b->client = NULL;
    b->session = true;
    b->ctor_follow = true;
}

/* ---- `with requests.Session() as s:` ---- */

struct with_walk {
    struct af_file *file;
    TSNode with;
    struct rec *recs;
    uint32_t n;
};

/* one use of the session's name in the `with` block */
static struct why visit_with_use(void *ctx, TSNode id, TSNode p)
{
    struct with_walk *w = ctx;
    enum af_name_use use = af_node_name_use(id, NULL);
    if (use == AF_USE_OBJECT) {
        uint32_t al;
        const char *a = http_text(w->file, af_field_child(p, af_field.attribute), &al);
        TSNode pc = method_call(p);
        bool is_call = !ts_node_is_null(pc);
        bool known = is_call && known_call(w->recs, w->n, pc, w->with, true);
        if (is_call && !known && http_in_list(http_verbs, a, al))
            return why_of(WHY_SESSION_OUTSIDE_BODY);
        if (!(is_call && known) && !af_streq(a, al, "headers"))
            return http_why_arg(w->file, WHY_SESSION_ATTRIBUTE, a, al);
    } else if (use != AF_USE_NOT_VARIABLE) {
        return why_of(WHY_SESSION_PASSED_ON);
    }
    return why_none();
}

/* why the session `ident` of `with` cannot be rewritten in its block `body`, or none */
static struct why session_uses(struct af_file *file, TSNode with, TSNode body, TSNode ident,
                               struct rec *recs, uint32_t n)
{
    uint32_t nlen;
    const char *name = http_text(file, ident, &nlen);
    struct with_walk w = { file, with, recs, n };
    return http_each_use(file, body, name, nlen, af_null_node(), visit_with_use, &w);
}

/*
 * Reports every call on the session keyed by `key` (its `with` statement, or
 * its assignment when `by_with` is false), sharing `fix` (the caller's
 * reference is taken over); with a reason the fix is dropped and each says why. `kind` is
 * K_SESSION or K_HTTPX_CLIENT; an httpx client whose fix fails is not
 * reported here: the worker-thread fix applies to its calls.
 */
static void report_session_group(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n,
                                 enum http_kind kind, TSNode key, bool by_with, struct af_fix *fix,
                                 struct why why)
{
    if (why.code) {
        af_fix_free(fix);
        fix = NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != kind || !ts_node_eq(by_with ? r->session_with : r->session_assign, key))
            continue;
        r->in_fix = false;
        if (why.code && kind == K_HTTPX_CLIENT)
            continue;
        if (why.code)
            r->why = why;
        /* each report takes its own reference: one may drop its fix (a noqa, an inconsistent fix) */
        http_report(sink, file, r, af_fix_share(fix));
        r->reported = true;
    }
    af_fix_free(fix);
}

/* true when a call of `kind` on the session keyed by `key` is suppressed with noqa */
static bool session_noqa(const struct rec *recs, uint32_t n, enum http_kind kind, TSNode key, bool by_with)
{
    bool noqa = false;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].noqa && recs[i].kind == kind &&
            ts_node_eq(by_with ? recs[i].session_with : recs[i].session_assign, key))
            noqa = true;
    return noqa;
}

/*
 * Why `with` cannot become `async with httpx.AsyncClient(...) as s:` before
 * its calls are looked at, or none; *ctor_call receives `requests.Session()`.
 */
static struct why session_with_shape(struct af_file *file, TSNode with, struct rec *recs, uint32_t n,
                                     const char *hx, TSNode *ctor_call)
{
    TSNode clause = af_first_named(with);
    TSNode items[4];
    uint32_t ni = af_is(clause, af_sym.with_clause) ? af_node_items(clause, items, 4) : 0;
    TSNode ap = ni == 1 ? af_field_child(items[0], af_field.value) : af_null_node();
    *ctor_call = af_first_named(ap);
    TSNode target = af_first_named(af_field_child(ap, af_field.alias));
    if (ni != 1 || !af_is(ap, af_sym.as_pattern) || !af_is(target, af_sym.identifier))
        return why_of(WHY_WITH_OPENS_MORE);
    if (af_node_is_async(with))
        return why_of(WHY_WITH_ALREADY_ASYNC);
    TSNode cargs = af_field_child(*ctor_call, af_field.arguments);
    TSNode tmp[2];
    if (!af_is(cargs, af_sym.argument_list) || af_node_items(cargs, tmp, 2) != 0)
        return why_of(WHY_SESSION_ARGUMENTS);
    if (!hx)
        return why_of(WHY_HTTPX_TAKEN);
    struct why why = session_uses(file, with, af_field_child(with, af_field.body), target, recs, n);
    if (why.code)
        return why;
    if (session_noqa(recs, n, K_SESSION, with, true))
        return why_of(WHY_SESSION_NOQA);
    return why_none();
}

static void fix_session(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n, TSNode with)
{
    struct af_fix *fix = NULL;
    struct build b;
    http_build_init(&b, file, recs, n);
    struct rec *first = mark_session(recs, n, K_SESSION, with, true);
    if (!first)
        return;
    bool need;
    const char *hx = af_sem_module_alias(file, first->scope, "httpx", ts_node_start_byte(first->call), &need);
    TSNode ctor_call;
    struct why why = session_with_shape(file, with, recs, n, hx, &ctor_call);
    if (why.code)
        goto report;
    fix = af_fix_new(AF_SAFE);
    session_build(&b, fix, hx);
    af_fix_insert(fix, ts_node_start_byte(with), "async ");
    struct af_buf t = AF_BUF_INIT;
    af_buf_printf(&t, "%s.AsyncClient(follow_redirects=True, timeout=None)", hx);
    af_fix_replace(fix, ts_node_start_byte(ctor_call), ts_node_end_byte(ctor_call), t.ptr, t.size);
    af_buf_dispose(&t);
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf scratch = AF_BUF_INIT;
    for (uint32_t i = 0; i < n && !why.code; i++) {
        if (recs[i].kind != K_SESSION || !ts_node_eq(recs[i].session_with, with))
            continue;
        if (!af_sem_in_async(file, recs[i].scope) || recs[i].fscope != first->fscope) {
            why = why_of(WHY_SESSION_NESTED);
            break;
        }
        af_buf_clear(&scratch);
        why = http_rewrite_call(&b, &recs[i], &scratch);
    }
    af_buf_dispose(&scratch);
    if (!why.code)
        http_finish_message(&b, "Open the session as `async with httpx.AsyncClient(follow_redirects=True, "
                                "timeout=None)` and await its requests");
report:
    report_session_group(sink, file, recs, n, K_SESSION, with, true, fix, why);
    http_build_dispose(&b);
}

/* ---- `s = requests.Session()`, `c = httpx.Client(...)` ---- */

struct assign_walk {
    struct af_file *file;
    TSNode assign;        /* `s = requests.Session()` */
    TSNode block;         /* its block */
    struct rec *recs;
    uint32_t n;
    TSNode first, last;   /* the statements of the block using s */
    TSNode close;         /* the `s.close()` statement, or null */
};

/* one use of the assigned session's name */
static struct why visit_assigned_use(void *ctx, TSNode id, TSNode p)
{
    struct assign_walk *w = ctx;
    if (af_node_name_use(id, NULL) == AF_USE_NOT_VARIABLE)
        return why_none();
    TSNode sib = af_stmt_in_block(w->file, id, w->block);
    if (ts_node_is_null(sib) || ts_node_start_byte(sib) < ts_node_end_byte(w->assign))
        return why_of(WHY_SESSION_OUTSIDE_STATEMENTS);
    if (!af_is(p, af_sym.attribute))
        return why_of(WHY_SESSION_PASSED_ON);
    uint32_t al;
    const char *a = http_text(w->file, af_field_child(p, af_field.attribute), &al);
    TSNode pc = method_call(p);
    bool is_call = !ts_node_is_null(pc);
    bool known = is_call && known_call(w->recs, w->n, pc, w->assign, false);
    TSNode nargs[2];
    if (is_call && af_streq(a, al, "close") && af_node_items(af_field_child(pc, af_field.arguments), nargs, 2) == 0 &&
        af_is(sib, af_sym.expression_statement) && ts_node_eq(af_first_named(sib), pc) &&
        ts_node_is_null(w->close))
        w->close = sib;
    else if (!(is_call && known) && !af_streq(a, al, "headers"))
        return http_why_arg(w->file, WHY_ASSIGNED_SESSION_ATTRIBUTE, a, al);
    if (ts_node_is_null(w->first))
        w->first = sib;
    if (ts_node_is_null(w->last) || ts_node_start_byte(sib) > ts_node_start_byte(w->last))
        w->last = sib;
    return why_none();
}

/*
 * Why the session bound by `assign` (`s = requests.Session()`) cannot become
 * an `async with` block over the statements that use it, or none; *first and
 * *last receive those statements, *close the trailing `s.close()` statement
 * (or null).
 */
static struct why assigned_session_uses(struct af_file *file, TSNode fnode, TSNode assign, TSNode ident,
                                        struct rec *recs, uint32_t n, TSNode *first, TSNode *last,
                                        TSNode *close)
{
    uint32_t nlen;
    const char *name = http_text(file, ident, &nlen);
    struct assign_walk w = { file, assign, ts_node_parent(assign), recs, n,
                             af_null_node(), af_null_node(), af_null_node() };
    struct why why = http_each_use_in_def(file, fnode, name, nlen, ident, visit_assigned_use, &w);
    *first = w.first;
    *last = w.last;
    *close = w.close;
    if (!why.code)
        why = http_drop_close(file, last, *close, assign, WHY_SESSION_AFTER_CLOSE, WHY_SESSION_ONLY_CLOSE);
    if (why.code)
        return why;
    if (ts_node_is_null(*first))
        return why_of(WHY_SESSION_UNUSED);
    /* the block starts right after the assignment */
    *first = af_stmt_next(assign);
    return why_none();
}

/* the block header: `async with httpx.AsyncClient(<args or requests' settings>) as s` */
static void assigned_header(struct af_buf *out, struct af_file *file, const char *hx, TSNode assign, bool client)
{
    TSNode asg = af_first_named(assign);
    uint32_t il, cal;
    const char *it = http_text(file, af_field_child(asg, af_field.left), &il);
    const char *cat = http_text(file, af_field_child(af_field_child(asg, af_field.right), af_field.arguments), &cal);
    if (client)
        af_buf_printf(out, "async with %s.AsyncClient%.*s as %.*s", hx, (int)cal, cat, (int)il, it);
    else
        af_buf_printf(out, "async with %s.AsyncClient(follow_redirects=True, timeout=None) as %.*s",
                      hx, (int)il, it);
}

/* why `assign` cannot become the block before its calls are looked at; *first..*last, *close as above */
static struct why assigned_shape(struct af_file *file, const struct rec *r0, struct rec *recs, uint32_t n,
                                 enum http_kind kind, TSNode assign, const char *hx, TSNode *first,
                                 TSNode *last, TSNode *close)
{
    TSNode asg = af_first_named(assign);
    TSNode cargs = af_field_child(af_field_child(asg, af_field.right), af_field.arguments);
    TSNode tmp[2];
    bool client = kind == K_HTTPX_CLIENT;
    uint32_t cal;
    const char *cat = http_text(file, cargs, &cal);
    if (!af_is(cargs, af_sym.argument_list) || (!client && af_node_items(cargs, tmp, 2) != 0))
        return why_of(WHY_SESSION_ARGUMENTS);
    if (client && (memchr(cat, '\n', cal) || memchr(cat, '\r', cal) || af_node_has_comment(cargs, false)))
        return why_of(WHY_CLIENT_CTOR_SPANS_LINES);
    if (!hx)
        return why_of(WHY_HTTPX_TAKEN);
    if (!af_stmt_alone_on_lines(file, assign) || af_node_has_comment(assign, false))
        return why_of(WHY_ASSIGNMENT_SHARES_LINE);
    struct why why = assigned_session_uses(file, file->sem.scopes[r0->fscope].node, assign,
                                           af_field_child(asg, af_field.left), recs, n, first, last, close);
    if (why.code)
        return why;
    if (session_noqa(recs, n, kind, assign, false))
        return why_of(WHY_SESSION_NOQA);
    return why_none();
}

/*
 * `s = requests.Session()` + uses + `s.close()` -> `async with httpx.AsyncClient(...) as s:`
 * (`kind` K_SESSION), or `c = httpx.Client(<args>)` -> `async with
 * httpx.AsyncClient(<args>) as c:` (K_HTTPX_CLIENT: the arguments kept as
 * they are, the calls only awaited).
 */
static void fix_assigned_session(struct af_sink *sink, struct af_file *file, struct rec *recs,
                                 uint32_t n, enum http_kind kind, TSNode assign)
{
    struct af_fix *fix = NULL;
    struct build b;
    http_build_init(&b, file, recs, n);
    struct rec *r0 = mark_session(recs, n, kind, assign, false);
    if (!r0)
        return;
    bool need, client = kind == K_HTTPX_CLIENT;
    const char *hx = af_sem_module_alias(file, r0->scope, "httpx", ts_node_start_byte(r0->call), &need);
    TSNode first, last, close;
    struct why why = assigned_shape(file, r0, recs, n, kind, assign, hx, &first, &last, &close);
    if (why.code)
        goto report;
    fix = af_fix_new(AF_SAFE);
    session_build(&b, fix, hx);
    struct af_buf header = AF_BUF_INIT;
    assigned_header(&header, file, hx, assign, client);
    af_rewrite_delete_lines(fix, file, assign);
    int wrapped = af_rewrite_wrap(fix, file, first, last, header.ptr);
    af_buf_dispose(&header);
    if (wrapped < 0) {
        why = why_of(WHY_SESSION_STATEMENTS_SHARE_LINES);
        goto report;
    }
    if (!ts_node_is_null(close))
        af_rewrite_delete_lines(fix, file, close);
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf scratch = AF_BUF_INIT;
    for (uint32_t i = 0; i < n && !why.code; i++) {
        if (recs[i].kind != kind || !ts_node_eq(recs[i].session_assign, assign))
            continue;
        if (client) {
            /* same library: the arguments keep their meaning; an awaited call keeps its await (as in a with) */
            if (!af_is(ts_node_parent(recs[i].call), af_sym.await))
                af_rewrite_await(fix, file, recs[i].call);
            continue;
        }
        af_buf_clear(&scratch);
        why = http_rewrite_call(&b, &recs[i], &scratch);
    }
    af_buf_dispose(&scratch);
    if (!why.code && client)
        af_fix_set_message(fix, "Open the client as `async with %s.AsyncClient(...)` over the statements "
                                "that use it, and await its requests", hx);
    else if (!why.code)
        http_finish_message(&b, "Open the session as `async with httpx.AsyncClient(follow_redirects=True, "
                                "timeout=None)` over the statements that use it, and await its requests");
report:
    report_session_group(sink, file, recs, n, kind, assign, false, fix, why);
    http_build_dispose(&b);
}

/* true when a call before recs[i] of `kind` is on the same assigned session or client */
static bool assign_seen(const struct rec *recs, uint32_t i, enum http_kind kind)
{
    for (uint32_t j = 0; j < i; j++)
        if (recs[j].kind == kind && ts_node_eq(recs[j].session_assign, recs[i].session_assign))
            return true;
    return false;
}

void http_check_sessions(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_SESSION)
            continue;
        if (!ts_node_is_null(r->session_assign)) {
            if (!assign_seen(recs, i, K_SESSION))
                fix_assigned_session(sink, file, recs, n, K_SESSION, r->session_assign);
            continue;
        }
        if (ts_node_is_null(r->session_with)) {
            r->why = r->session_why;
            /* a session this function does not make is never converted: the same call in a thread */
            enum http_why_code w = r->session_why.code;
            if (w == WHY_SESSION_CALLERS || w == WHY_SESSION_NOT_MADE_HERE || w == WHY_SESSION_OUTSIDE)
                http_report_threaded(sink, file, r, "the session is not made here, so other tasks may use "
                                                    "it meanwhile, and a requests.Session is not thread-safe; "
                                                    "better an httpx.AsyncClient passed in");
            else
                http_report(sink, file, r, NULL);
            continue;
        }
        bool seen = false;
        for (uint32_t j = 0; j < i; j++)
            if (recs[j].kind == K_SESSION && ts_node_eq(recs[j].session_with, r->session_with))
                seen = true;
        if (!seen)
            fix_session(sink, file, recs, n, r->session_with);
    }
}

/* ---- `with httpx.Client(...) as c:` -> `async with httpx.AsyncClient(...) as c:` ---- */

static void fix_httpx_client(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n,
                             TSNode with)
{
    TSNode clause = af_first_named(with);
    TSNode items[4];
    uint32_t ni = af_is(clause, af_sym.with_clause) ? af_node_items(clause, items, 4) : 0;
    TSNode ap = ni == 1 ? af_field_child(items[0], af_field.value) : af_null_node();
    TSNode ctor_call = af_first_named(ap);
    TSNode target = af_first_named(af_field_child(ap, af_field.alias));
    struct rec *first = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].kind == K_HTTPX_CLIENT && ts_node_eq(recs[i].session_with, with)) {
            if (strcmp(recs[i].verb, "stream") == 0 || recs[i].noqa)
                return;   /* a sync stream context, or a suppressed call: reported below */
            if (!first)
                first = &recs[i];
        }
    bool need;
    const char *hx = first ? af_sem_module_alias(file, first->scope, "httpx", ts_node_start_byte(first->call), &need) : NULL;
    if (!hx || ni != 1 || !af_is(ap, af_sym.as_pattern) || !af_is(target, af_sym.identifier) ||
        !af_is(ctor_call, af_sym.call) || af_node_is_async(with) ||
        session_uses(file, with, af_field_child(with, af_field.body), target, recs, n).code)
        return;   /* the worker-thread fix applies */
    struct af_fix *fix = af_fix_new(AF_SAFE);
    af_fix_insert(fix, ts_node_start_byte(with), "async ");
    TSNode fn = af_field_child(ctor_call, af_field.function);
    struct af_buf t = AF_BUF_INIT;
    af_buf_printf(&t, "%s.AsyncClient", hx);
    af_fix_replace(fix, ts_node_start_byte(fn), ts_node_end_byte(fn), t.ptr, t.size);
    af_buf_dispose(&t);
    if (need)
        af_fix_need_import(fix, "httpx");
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].kind == K_HTTPX_CLIENT && ts_node_eq(recs[i].session_with, with) &&
            !af_is(ts_node_parent(recs[i].call), af_sym.await))
            af_rewrite_await(fix, file, recs[i].call);
    af_fix_set_message(fix, "Open the client as `async with %s.AsyncClient(...)` and await its requests", hx);
    report_session_group(sink, file, recs, n, K_HTTPX_CLIENT, with, true, fix, why_none());
}

void http_check_httpx_clients(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_HTTPX_CLIENT || r->reported)
            continue;
        if (!ts_node_is_null(r->session_with))
            fix_httpx_client(sink, file, recs, n, r->session_with);
        else if (!ts_node_is_null(r->session_assign) && !assign_seen(recs, i, K_HTTPX_CLIENT))
            fix_assigned_session(sink, file, recs, n, K_HTTPX_CLIENT, r->session_assign);
    }
}
