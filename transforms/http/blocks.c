/*
 * blocks.c - AF102: the `async with httpx.AsyncClient(...) as client:`
 * block around consecutive statements holding requests calls, and the
 * `client.stream(...)` block around a streamed response and its uses (the
 * --explain text in rule.c says when).
 */
#include <string.h>

#include "http.h"

bool http_statement_ok(TSNode stmt)
{
    return !af_is(stmt, af_sym.function_definition) && !af_is(stmt, af_sym.class_definition) &&
           !af_is(stmt, af_sym.decorated_definition);
}

/* `client`, else `http_client`, `client_2`, ...: a name unused in the function, or NULL */
static const char *fresh_client(struct af_file *file, TSNode fnode)
{
    static const char *const names[] = { "client", "http_client", NULL };
    struct af_buf name = AF_BUF_INIT;
    const char *out = NULL;
    if (af_sem_fresh_name(&name, file, fnode, names, "client_", 2) == 0)
        out = af_arena_strndup(&file->arena, name.ptr, name.size);
    af_buf_dispose(&name);
    return out;
}

/*
 * `if x: requests.get(u)`: the compound statement on the same line, which can
 * be wrapped whole; else `stmt` itself.
 */
static TSNode one_line_owner(const struct af_file *file, TSNode stmt, TSNode fnode)
{
    TSNode block = ts_node_parent(stmt);
    if (!af_is(block, af_sym.block))
        return stmt;
    TSNode owner = af_stmt_of(block);
    if (ts_node_eq(owner, fnode) || ts_node_eq(owner, block) || !http_statement_ok(owner) ||
        af_source_line_of(file->src, ts_node_start_byte(owner)) !=
            af_source_line_of(file->src, ts_node_start_byte(stmt)))
        return stmt;
    return owner;
}

/* reports every call of a group sharing `fix` (the caller's reference is taken over), or with `why` */
static void report_group(struct af_sink *sink, struct af_file *file, struct rec **group, uint32_t ng,
                         struct af_fix *fix, struct why why)
{
    for (uint32_t i = 0; i < ng; i++)
        group[i]->in_fix = false;
    if (why.code) {
        af_fix_free(fix);
        fix = NULL;
        for (uint32_t i = 0; i < ng; i++)
            if (!group[i]->why.code)
                group[i]->why = why;
    }
    /* each report takes its own reference: one may drop its fix (a noqa, an inconsistent fix) */
    for (uint32_t i = 0; i < ng; i++)
        http_report(sink, file, group[i], af_fix_share(fix));
    af_fix_free(fix);
}

/* "`client.get(...)`, `client.put(...)`": each verb of the group once, in order */
static void group_verbs(const struct af_file *file, struct af_buf *out, struct rec **group, uint32_t ng, const char *client)
{
    for (uint32_t i = 0; i < ng; i++) {
        bool seen = false;
        for (uint32_t j = 0; j < i && !seen; j++)
            seen = strcmp(http_sent_verb(file, group[j]), http_sent_verb(file, group[i])) == 0;
        if (seen)
            continue;
        af_buf_printf(out, "%s`%s.%s(...)`", i ? ", " : "", client, http_sent_verb(file, group[i]));
    }
}

void http_fix_group(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t nrecs,
                    struct rec **group, uint32_t ng)
{
    struct rec *r0 = group[0];
    struct why why = why_none();
    struct af_fix *fix = NULL;
    struct build b;
    http_build_init(&b, file, recs, nrecs);
    TSNode fnode = file->sem.scopes[r0->fscope].node;
    bool need;
    const char *hx = af_sem_module_alias(file, r0->scope, "httpx", ts_node_start_byte(r0->call), &need);
    const char *client = fresh_client(file, fnode);
    if (!hx || !client) {
        why = why_of(!hx ? WHY_HTTPX_TAKEN : WHY_NO_CLIENT_NAME);
        goto report;
    }
    bool all_head = true;
    const char *ctor = NULL;
    for (uint32_t i = 0; i < ng; i++) {
        if (strcmp(group[i]->verb, "head") != 0)
            all_head = false;
        if (group[i]->ctor)
            ctor = group[i]->ctor;
        group[i]->in_fix = true;
    }
    fix = af_fix_new(AF_SAFE);
    b.fix = fix;
    b.hx = hx;
    b.client = client;
    b.ctor_follow = !all_head;
    struct af_buf header = AF_BUF_INIT;
    af_buf_printf(&header, "async with %s.AsyncClient(%stimeout=None%s) as %s", hx,
                  all_head ? "" : "follow_redirects=True, ", ctor ? ctor : "", client);
    TSNode first = group[0]->stmt, last = group[ng - 1]->stmt;
    if (ng == 1 && !af_stmt_starts_line(file, ts_node_start_byte(first)))
        first = last = one_line_owner(file, first, fnode);
    if (af_rewrite_wrap(fix, file, first, last, header.ptr) < 0) {
        af_buf_dispose(&header);
        why = why_of(WHY_SHARES_LINE);
        goto report;
    }
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf scratch = AF_BUF_INIT;
    for (uint32_t i = 0; i < ng && !why.code; i++) {
        af_buf_clear(&scratch);
        why = http_rewrite_call(&b, group[i], &scratch);
    }
    af_buf_dispose(&scratch);
    if (!why.code) {
        struct af_buf what = AF_BUF_INIT;
        af_buf_printf(&what, "Wrap in `%s:` and await ", header.ptr);
        group_verbs(file, &what, group, ng, client);
        http_finish_message(&b, what.ptr);
        af_buf_dispose(&what);
    }
    af_buf_dispose(&header);
report:
    report_group(sink, file, group, ng, fix, why);
    http_build_dispose(&b);
}

/* ---- `httpx.get(u)` -> `async with httpx.AsyncClient() as client: await client.get(u)` ---- */

/*
 * The keywords httpx's module functions hand to the Client they make (httpx
 * 0.23 _api.request: `Client(cookies, proxies, cert, verify, timeout,
 * trust_env)`); the others go to `client.request(...)`.
 */
static const char *const httpx_client_keywords[] = {
    "cookies", "proxies", "cert", "verify", "timeout", "trust_env", NULL,
};

/*
 * Why `httpx.verb(...)` (`r`) cannot become the same request on an
 * AsyncClient, or none; the arguments split into the constructor's (`ctor`)
 * and the request's (`kept`), *moved when some go to the constructor.
 */
static struct why httpx_split(struct af_file *file, struct rec *r, struct af_buf *ctor, struct af_buf *kept,
                              bool *moved)
{
    TSNode al = af_field_child(r->call, af_field.arguments);
    if (!af_is(al, af_sym.argument_list))
        return why_of(WHY_GENERATOR_ARGUMENT);
    if (af_is(ts_node_parent(r->call), af_sym.await))
        return why_of(WHY_ALREADY_AWAITED);
    TSNode args[64];
    uint32_t n = af_node_items(al, args, 64), positional = 0;
    if (n >= 64)
        return why_of(WHY_TOO_MANY_ARGUMENTS);
    *moved = false;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const char *t = http_text(file, args[i], &len);
        struct af_buf *to = kept;
        if (af_is(args[i], af_sym.list_splat) || af_is(args[i], af_sym.dictionary_splat))
            return why_of(WHY_SPLAT);
        if (af_is(args[i], af_sym.keyword_argument)) {
            uint32_t kl;
            const char *k = http_text(file, af_field_child(args[i], af_field.name), &kl);
            if (http_in_list(httpx_client_keywords, k, kl)) {
                to = ctor;
                *moved = true;
            }
        } else if (++positional > (strcmp(r->verb, "request") == 0 ? 2u : 1u)) {
            return why_of(WHY_POSITIONAL_AFTER_URL);
        }
        if (to->size)
            af_buf_puts(to, ", ");
        af_buf_put(to, t, len);
    }
    uint32_t alen;
    const char *at = http_text(file, al, &alen);
    if (*moved && (memchr(at, '\n', alen) || af_node_has_comment(al, true)))
        return why_of(WHY_CLIENT_KEYWORDS_SPAN_LINES);
    return why_none();
}

bool http_fix_httpx_call(struct af_sink *sink, struct af_file *file, struct rec *r)
{
    TSNode fnode = file->sem.scopes[r->fscope].node;
    TSNode stmt = af_stmt_of(r->call);
    struct af_buf ctor = AF_BUF_INIT, kept = AF_BUF_INIT, header = AF_BUF_INIT, text = AF_BUF_INIT;
    struct af_fix *fix = NULL;
    bool need, moved = false;
    const char *hx = af_sem_module_alias(file, r->scope, "httpx", ts_node_start_byte(r->call), &need);
    const char *client = fresh_client(file, fnode);
    if (!http_statement_ok(stmt))
        r->why = why_of(WHY_IN_HEADER);
    else if (!hx || !client)
        r->why = why_of(!hx ? WHY_HTTPX_TAKEN : WHY_NO_CLIENT_NAME);
    else
        r->why = httpx_split(file, r, &ctor, &kept, &moved);
    if (r->why.code)
        goto done;
    if (!af_stmt_starts_line(file, ts_node_start_byte(stmt)))
        stmt = one_line_owner(file, stmt, fnode);
    af_buf_printf(&header, "async with %s.AsyncClient(%s) as %s", hx, ctor.ptr ? ctor.ptr : "", client);
    fix = af_fix_new(AF_SAFE);
    if (af_rewrite_wrap(fix, file, stmt, stmt, header.ptr) < 0) {
        r->why = why_of(WHY_SHARES_LINE);
        goto done;
    }
    TSNode fn = af_field_child(r->call, af_field.function);
    af_buf_printf(&text, "%s.%s", client, r->verb);
    af_fix_replace(fix, ts_node_start_byte(fn), ts_node_end_byte(fn), text.ptr, text.size);
    if (moved) {
        TSNode al = af_field_child(r->call, af_field.arguments);
        af_buf_clear(&text);
        af_buf_printf(&text, "(%s)", kept.ptr ? kept.ptr : "");
        af_fix_replace(fix, ts_node_start_byte(al), ts_node_end_byte(al), text.ptr, text.size);
    }
    af_rewrite_await(fix, file, r->call);
    if (need)
        af_fix_need_import(fix, "httpx");
    af_fix_set_message(fix, "Wrap in `%s:` and await `%s.%s(...)` (the same library and defaults)",
                       header.ptr, client, r->verb);
    http_report(sink, file, r, fix);
    fix = NULL;
    r->reported = true;
done:
    af_fix_free(fix);
    af_buf_dispose(&ctor);
    af_buf_dispose(&kept);
    af_buf_dispose(&header);
    af_buf_dispose(&text);
    return r->reported;
}

/* ---- `r = requests.get(u, stream=True)` -> `async with client.stream("GET", u) as r:` ---- */

/* the attributes of a streamed response known without reading its body */
static const char *const header_attrs[] = {
    "status_code", "headers", "encoding", "history", "is_redirect", "elapsed", "cookies",
    "request", "links", "raise_for_status", "ok", "url", "reason", NULL,
};

struct stream_walk {
    struct build *b;
    TSNode stmt;      /* `r = requests.get(u, stream=True)` */
    TSNode block;     /* its block */
    TSNode last;      /* the last statement of the block using r, or null */
    TSNode close;     /* the `r.close()` statement, or null */
};

/* `for x in r.iter_content(n)` -> `async for x in r.aiter_bytes(n)` (`an` the attribute name, `pc` the call) */
static struct why iter_content(struct build *b, TSNode an, TSNode pc, bool is_call)
{
    TSNode cargs[4];
    uint32_t nargs = is_call ? af_node_items(af_field_child(pc, af_field.arguments), cargs, 4) : 0;
    TSNode loop = ts_node_parent(pc);
    bool plain = nargs == 0 || (nargs == 1 && (!af_is(cargs[0], af_sym.keyword_argument) ||
                                               af_node_text_is(af_field_child(cargs[0], af_field.name),
                                                               b->file->src->data, "chunk_size")));
    if (!is_call || !plain || !af_is(loop, af_sym.for_statement) ||
        !ts_node_eq(af_field_child(loop, af_field.right), pc) || af_node_is_async(loop))
        return why_of(WHY_ITER_CONTENT_SHAPE);
    if (b->fix) {
        af_fix_insert(b->fix, ts_node_start_byte(loop), "async ");
        af_fix_replace_str(b->fix, ts_node_start_byte(an), ts_node_end_byte(an), "aiter_bytes");
        if (nargs == 0)   /* requests' default chunk size is 1 byte */
            af_fix_insert(b->fix, ts_node_start_byte(af_field_child(pc, af_field.arguments)) + 1, "1");
    }
    return why_none();
}

/* one use of the streamed response's name */
static struct why visit_stream_use(void *ctx, TSNode id, TSNode p)
{
    struct stream_walk *w = ctx;
    struct af_file *file = w->b->file;
    if (af_node_name_use(id, NULL) == AF_USE_NOT_VARIABLE)
        return why_none();
    TSNode sib = af_stmt_in_block(file, id, w->block);
    if (ts_node_is_null(sib) || ts_node_start_byte(sib) < ts_node_end_byte(w->stmt))
        return why_of(WHY_STREAM_OUTSIDE);
    if (!af_is(p, af_sym.attribute))
        return why_of(WHY_STREAM_PASSED_ON);
    TSNode an = af_field_child(p, af_field.attribute);
    uint32_t al;
    const char *a = http_text(file, an, &al);
    TSNode pc = ts_node_parent(p);
    bool is_call = af_is(pc, af_sym.call) && ts_node_eq(af_field_child(pc, af_field.function), p);
    TSNode cargs[4];
    struct why why = why_none();
    if (af_streq(a, al, "iter_content")) {
        why = iter_content(w->b, an, pc, is_call);
    } else if (af_streq(a, al, "close") && is_call &&
               af_node_items(af_field_child(pc, af_field.arguments), cargs, 4) == 0 &&
               af_is(sib, af_sym.expression_statement) && ts_node_eq(af_first_named(sib), pc) &&
               ts_node_is_null(w->close)) {
        w->close = sib;
    } else if (http_in_list(header_attrs, a, al)) {
        why = http_response_attribute(w->b, p);
    } else {
        why = http_why_arg(file, WHY_STREAM_BODY_ATTRIBUTE, a, al);
    }
    if (!why.code && (ts_node_is_null(w->last) || ts_node_start_byte(sib) > ts_node_start_byte(w->last)))
        w->last = sib;
    return why;
}

struct why http_drop_close(const struct af_file *file, TSNode *last, TSNode close, TSNode opener,
                           enum http_why_code after_close, enum http_why_code only_close)
{
    if (ts_node_is_null(close))
        return why_none();
    if (!ts_node_eq(close, *last))
        return why_of(after_close);
    if (!af_stmt_alone_on_lines(file, close))
        return why_of(WHY_CLOSE_SHARES_LINE);
    *last = af_stmt_prev(close);
    if (ts_node_is_null(*last) || ts_node_start_byte(*last) <= ts_node_end_byte(opener))
        return why_of(only_close);
    return why_none();
}

struct why http_stream_uses(struct build *b, struct rec *r, TSNode *last, TSNode *close)
{
    struct af_file *file = b->file;
    TSNode stmt = r->stmt;
    TSNode asg = af_first_named(stmt);
    *last = *close = af_null_node();
    if (!af_is(stmt, af_sym.expression_statement) || !af_is(asg, af_sym.assignment) ||
        !ts_node_eq(af_field_child(asg, af_field.right), r->call) ||
        !af_is(af_field_child(asg, af_field.left), af_sym.identifier) || !af_stmt_alone_on_lines(file, stmt))
        return why_of(WHY_STREAM_SHAPE);
    TSNode ident = af_field_child(asg, af_field.left);
    uint32_t nlen;
    const char *name = http_text(file, ident, &nlen);
    const struct af_binding *bd = af_sem_binding_in(file, r->fscope, name, nlen);
    if (!bd || bd->count != 1 || bd->mixed)
        return why_of(WHY_STREAM_NAME_REBOUND);
    struct stream_walk w = { b, stmt, ts_node_parent(stmt), af_null_node(), af_null_node() };
    struct why why = http_each_use_in_def(file, file->sem.scopes[r->fscope].node, name, nlen, ident,
                                          visit_stream_use, &w);
    *last = w.last;
    *close = w.close;
    if (why.code)
        return why;
    if (ts_node_is_null(*last))
        return why_of(WHY_STREAM_UNUSED);
    why = http_drop_close(file, last, *close, stmt, WHY_STREAM_AFTER_CLOSE, WHY_STREAM_ONLY_CLOSE);
    if (why.code)
        return why;
    if (!af_stmt_ends_line(file, ts_node_end_byte(*last)))
        return why_of(WHY_STREAM_LAST_SHARES_LINE);
    return why_none();
}

/*
 * The edits of the stream block: `r = ` replaced by the client's header and
 * `async with `, ` as r:` after the call, the statements using r (to `last`)
 * two units deeper, `close` removed.
 */
static void stream_block(struct build *b, struct rec *r, const char *ctor, TSNode last, TSNode close)
{
    struct af_file *file = b->file;
    const struct af_source *src = file->src;
    TSNode stmt = r->stmt;
    TSNode ident = af_field_child(af_first_named(stmt), af_field.left);
    const char *ind;
    uint32_t il, nl;
    af_stmt_indent(file, ts_node_start_byte(stmt), &ind, &il);
    struct af_buf unit = AF_BUF_INIT, t = AF_BUF_INIT;
    af_stmt_indent_unit(&unit, file, stmt);
    const char *name = http_text(file, ident, &nl);
    af_buf_printf(&t, "async with %s.AsyncClient(follow_redirects=True, timeout=None%s) as %s:%s", b->hx, ctor,
                  b->client, af_source_newline(src));
    af_rewrite_deeper(&t, ind, il, unit.ptr);
    af_buf_puts(&t, "async with ");
    af_fix_replace(b->fix, ts_node_start_byte(stmt), ts_node_start_byte(r->call), t.ptr, t.size);
    af_buf_clear(&t);
    af_buf_printf(&t, " as %.*s:", (int)nl, name);
    af_fix_insert(b->fix, ts_node_end_byte(r->call), t.ptr);
    /* the statements using the response go two units deeper */
    uint32_t line = af_source_line_of(src, ts_node_end_byte(stmt)) + 1;
    uint32_t last_line = af_source_line_of(src, ts_node_end_byte(last));
    af_buf_clear(&t);
    af_buf_printf(&t, "%s%s", unit.ptr, unit.ptr);
    af_rewrite_indent_lines(b->fix, file, line, last_line, t.ptr);
    af_fix_insert(b->fix, ts_node_end_byte(last), "");
    if (!ts_node_is_null(close))
        af_rewrite_delete_lines(b->fix, file, close);
    af_buf_clear(&t);
    af_buf_printf(&t, "Stream with `async with %s.stream(...) as %.*s:` in an httpx.AsyncClient and "
                  "`async for` over `.aiter_bytes()`", b->client, (int)nl, name);
    http_finish_message(b, t.ptr);
    af_buf_dispose(&unit);
    af_buf_dispose(&t);
}

void http_fix_stream(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n, struct rec *r)
{
    struct why why = why_none();
    struct build b;
    http_build_init(&b, file, recs, n);
    bool need;
    const char *hx = af_sem_module_alias(file, r->scope, "httpx", ts_node_start_byte(r->call), &need);
    const char *client = fresh_client(file, file->sem.scopes[r->fscope].node);
    struct af_fix *fix = NULL;
    if (!hx || !client) {
        why = why_of(!hx ? WHY_HTTPX_TAKEN : WHY_NO_CLIENT_NAME);
        goto report;
    }
    r->in_fix = true;
    fix = af_fix_new(AF_SAFE);
    b.fix = fix;
    b.hx = hx;
    b.client = client;
    b.stream = true;
    b.ctor_follow = true;
    TSNode last, close;
    struct af_buf ctor = AF_BUF_INIT;
    why = http_stream_uses(&b, r, &last, &close);
    if (!why.code)
        why = http_rewrite_call(&b, r, &ctor);
    if (!why.code) {
        stream_block(&b, r, af_buf_cstr(&ctor), last, close);
        if (need)
            af_fix_need_import(fix, "httpx");
    }
    af_buf_dispose(&ctor);
report:
    r->in_fix = false;
    if (why.code) {
        af_fix_free(fix);
        fix = NULL;
        r->why = why;
    }
    http_report(sink, file, r, fix);
    http_build_dispose(&b);
}
