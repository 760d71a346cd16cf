/*
 * call.c - AF102: one requests call rewritten for an httpx.AsyncClient (the
 * --explain text in rule.c says how): its keywords through the table of
 * keywords.c, its callee, the await, the uses of its response and the
 * `except requests...` handlers around it.
 */
#include <stdarg.h>
#include <string.h>

#include "http.h"

/*
 * requests exception -> httpx exception(s). RequestException covers
 * requests' InvalidURL, MissingSchema, InvalidSchema: httpx raises
 * UnsupportedProtocol (an HTTPError) or InvalidURL (not one) for those URLs;
 * `url_errors` marks it (see url_authority_known). It covers requests'
 * JSONDecodeError of `r.json()` too, where httpx raises json's, which no
 * httpx type is (`json_errors`, see reads_json). `inexact`: no httpx types
 * catch the same failures, the fix is unsafe for this reason.
 */
static const struct {
    const char *from, *to[5];
    bool url_errors, json_errors;
    const char *inexact;
} exception_map[] = {
    { "RequestException", { "HTTPError", "InvalidURL" }, true, true, NULL },
    { "HTTPError", { "HTTPStatusError" }, false, false, NULL },
    /* refused, SSL handshake: ConnectError; closed before the answer: RemoteProtocolError; reset: ReadError */
    { "ConnectionError", { "NetworkError", "RemoteProtocolError", "ProxyError", "ConnectTimeout" }, false, false,
      "requests' ConnectionError is also a response body that stops arriving within `timeout=`, "
      "where httpx raises ReadTimeout, which it raises for requests' ReadTimeout (no ConnectionError) "
      "as well: no httpx types catch the same failures" },
    { "Timeout", { "TimeoutException" }, false, false, NULL },
    { "TooManyRedirects", { "TooManyRedirects" }, false, false, NULL },
    { NULL, { NULL }, false, false, NULL },
};

static const char *const response_unmapped[] = {
    "iter_content", "iter_lines", "raw", "close", "apparent_encoding", "next",
    "connection", "is_permanent_redirect", "__enter__", "__exit__", NULL,
};

/*
 * The attributes that tell or use the body's decoding: without a charset
 * requests decodes a body of a text type (text/plain, text/html) as
 * ISO-8859-1 (and guesses for other types), httpx as UTF-8
 * (`apparent_encoding`, `iter_lines`, `iter_content` are response_unmapped
 * already).
 */
static const char *const response_decoded[] = { "text", "encoding", NULL };

void http_note_unsafe(struct build *b, const char *fmt, ...)
{
    struct af_buf one = AF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    af_buf_vprintf(&one, fmt, ap);
    va_end(ap);
    if (!strstr(af_buf_cstr(&b->unsafe), one.ptr)) {
        if (b->unsafe.size)
            af_buf_puts(&b->unsafe, "; ");
        af_buf_put(&b->unsafe, one.ptr, one.size);
    }
    af_buf_dispose(&one);
}

void http_build_init(struct build *b, struct af_file *file, struct rec *recs, uint32_t n)
{
    memset(b, 0, sizeof(*b));
    b->file = file;
    b->recs = recs;
    b->nrecs = n;
    b->hx = "httpx";
}

void http_build_dispose(struct build *b)
{
    af_buf_dispose(&b->unsafe);
    free(b->done_excepts);
    free(b->done_names);
}

void http_finish_message(struct build *b, const char *what)
{
    struct af_buf msg = AF_BUF_INIT;
    af_buf_puts(&msg, what);
    if (b->unsafe.size) {
        b->fix->applicability = AF_UNSAFE;
        af_buf_printf(&msg, "; unsafe: %s", b->unsafe.ptr);
    }
    af_fix_set_message(b->fix, "%s", msg.ptr);
    af_buf_dispose(&msg);
}

struct why http_each_use(const struct af_file *file, TSNode within, const char *name, size_t len,
                         TSNode skip, http_use_visitor visit, void *ctx)
{
    const TSNode *uses;
    size_t nuses = af_sem_name_uses(file, within, name, len, &uses);
    for (size_t i = 0; i < nuses; i++) {
        if (!ts_node_is_null(skip) && ts_node_eq(uses[i], skip))
            continue;
        struct why why = visit(ctx, uses[i], ts_node_parent(uses[i]));
        if (why.code)
            return why;
    }
    return why_none();
}

struct header_walk {
    const struct af_file *file;
    TSNode body;
    const char *name;
    size_t len;
    TSNode *found;
    uint32_t n, cap;
};

static enum af_walk_next collect_header_use(TSNode node, void *ctx)
{
    struct header_walk *w = ctx;
    if (ts_node_eq(node, w->body))
        return AF_WALK_SKIP;
    uint32_t l;
    const char *t = http_text(w->file, node, &l);
    if (af_is(node, af_sym.identifier) && l == w->len && memcmp(t, w->name, l) == 0) {
        AF_ARRAY_GROW(w->found, w->n, w->cap);
        w->found[w->n++] = node;
    }
    return AF_WALK_CONTINUE;
}

struct why http_each_use_in_def(const struct af_file *file, TSNode def, const char *name, size_t len,
                                TSNode skip, http_use_visitor visit, void *ctx)
{
    TSNode body = af_field_child(def, af_field.body);
    struct header_walk w = { file, body, name, len, NULL, 0, 0 };
    af_walk(def, collect_header_use, &w);
    struct why why = why_none();
    for (uint32_t i = 0; i < w.n && !why.code; i++)
        if (ts_node_is_null(skip) || !ts_node_eq(w.found[i], skip))
            why = visit(ctx, w.found[i], ts_node_parent(w.found[i]));
    free(w.found);
    if (!why.code)
        why = http_each_use(file, body, name, len, skip, visit, ctx);
    return why;
}

/* ---- the response ---- */

/* true when `not X` may replace the expression `node` without parentheses */
static bool bare_not_ok(TSNode node)
{
    TSNode p = ts_node_parent(node);
    TSSymbol s = ts_node_symbol(p);
    if (s == af_sym.if_statement || s == af_sym.elif_clause || s == af_sym.while_statement)
        return ts_node_eq(af_field_child(p, af_field.condition), node);
    if (s == af_sym.assignment)
        return ts_node_eq(af_field_child(p, af_field.right), node);
    return s == af_sym.return_statement || s == af_sym.expression_statement ||
           s == af_sym.argument_list || s == af_sym.keyword_argument ||
           s == af_sym.parenthesized_expression || s == af_sym.boolean_operator ||
           s == af_sym.assert_statement;
}

/* `r.ok` -> `not r.is_error`, `not r.ok` -> `r.is_error` (`name` is the `ok`) */
static void rewrite_ok(struct af_fix *fix, TSNode attr, TSNode name)
{
    TSNode p = ts_node_parent(attr);
    if (af_is(p, af_sym.not_operator)) {
        af_fix_replace_str(fix, ts_node_start_byte(p), ts_node_start_byte(attr), "");
        af_fix_replace_str(fix, ts_node_start_byte(name), ts_node_end_byte(name), "is_error");
        return;
    }
    bool parens = !bare_not_ok(attr);
    af_fix_insert(fix, ts_node_start_byte(attr), parens ? "(not " : "not ");
    af_fix_replace_str(fix, ts_node_start_byte(name), ts_node_end_byte(name), "is_error");
    if (parens)
        af_fix_insert(fix, ts_node_end_byte(attr), ")");
}

/* true when `stmt` is the whole body of `if X.is_error:` (`object` X) and that `if` has no other branch */
static bool guarded_already(const struct af_file *file, TSNode stmt, TSNode object)
{
    TSNode block = ts_node_parent(stmt);
    TSNode ifs = ts_node_parent(block);
    if (!af_is(block, af_sym.block) || ts_node_named_child_count(block) != 1 ||
        !af_is(ifs, af_sym.if_statement) || !ts_node_eq(af_field_child(ifs, af_field.consequence), block) ||
        !ts_node_is_null(af_field_child(ifs, af_field.alternative)))
        return false;
    TSNode cond = af_field_child(ifs, af_field.condition);
    if (!af_is(cond, af_sym.attribute))
        return false;
    uint32_t ol, cl;
    const char *o = http_text(file, object, &ol);
    const char *c = http_text(file, af_field_child(cond, af_field.object), &cl);
    return ol == cl && memcmp(o, c, ol) == 0 &&
           af_node_text_is(af_field_child(cond, af_field.attribute), file->src->data, "is_error");
}

enum rfs_shape { RFS_OTHER, RFS_STATEMENT, RFS_GUARDED };

/*
 * `X.raise_for_status` (`attr`), X the response's name: RFS_STATEMENT when
 * `X.raise_for_status()` is the whole of a statement standing first on its
 * line and last (a comment may follow), *stmt that statement; RFS_GUARDED
 * when it is already the whole body of `if X.is_error:` (a fix made earlier).
 */
static enum rfs_shape raise_for_status_shape(const struct af_file *file, TSNode attr, TSNode *stmt)
{
    TSNode object = af_field_child(attr, af_field.object);
    TSNode call = ts_node_parent(attr);
    *stmt = ts_node_parent(call);
    if (!af_is(object, af_sym.identifier) || !af_is(call, af_sym.call) ||
        !ts_node_eq(af_field_child(call, af_field.function), attr) ||
        !af_is(*stmt, af_sym.expression_statement) || ts_node_named_child_count(*stmt) != 1)
        return RFS_OTHER;
    if (guarded_already(file, *stmt, object))
        return RFS_GUARDED;
    if (!af_stmt_starts_line(file, ts_node_start_byte(*stmt)) || !af_stmt_ends_line(file, ts_node_end_byte(*stmt)))
        return RFS_OTHER;
    return RFS_STATEMENT;
}

/*
 * `r.raise_for_status()` -> `if r.is_error: r.raise_for_status()`: httpx's
 * raises for every answer but a 2xx, requests' for a 4xx/5xx one only, which
 * is what httpx's `is_error` tells.
 */
static void guard_raise_for_status(struct build *b, TSNode stmt, TSNode object)
{
    uint32_t len;
    const char *name = http_text(b->file, object, &len);
    struct af_buf t = AF_BUF_INIT;
    af_buf_printf(&t, "if %.*s.is_error: ", (int)len, name);
    af_fix_insert(b->fix, ts_node_start_byte(stmt), t.ptr);
    af_buf_dispose(&t);
}

/*
 * The program chooses the decoding itself: `r.encoding = "utf-8"` (an
 * assignment, no read), or a read of `r.text` after such an assignment to
 * the same object earlier in the function: both libraries then decode alike.
 */
static bool encoding_chosen(const struct af_file *file, TSNode attr)
{
    TSNode p = ts_node_parent(attr), obj = af_field_child(attr, af_field.object);
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), attr))
        return true;
    TSNode fn = p;
    while (!ts_node_is_null(fn) && !af_is(fn, af_sym.function_definition))
        fn = ts_node_parent(fn);
    if (ts_node_is_null(fn) || !af_is(obj, af_sym.identifier))
        return false;
    uint32_t len;
    const char *name = http_text(file, obj, &len);
    const TSNode *uses;
    size_t n = af_sem_name_uses(file, fn, name, len, &uses);
    for (size_t i = 0; i < n && ts_node_start_byte(uses[i]) < ts_node_start_byte(attr); i++) {
        TSNode a = ts_node_parent(uses[i]), stmt = ts_node_parent(a);
        if (af_is(a, af_sym.attribute) && ts_node_eq(af_field_child(a, af_field.object), uses[i]) &&
            af_node_text_is(af_field_child(a, af_field.attribute), file->src->data, "encoding") &&
            af_is(stmt, af_sym.assignment) && ts_node_eq(af_field_child(stmt, af_field.left), a))
            return true;
    }
    return false;
}

struct why http_response_attribute(struct build *b, TSNode attr)
{
    struct af_file *file = b->file;
    TSNode name = af_field_child(attr, af_field.attribute);
    uint32_t len;
    const char *t = http_text(file, name, &len);
    if (http_in_list(response_unmapped, t, len))
        return http_why_arg(file, WHY_RESPONSE_ATTRIBUTE, t, len);
    if (af_streq(t, len, "raise_for_status")) {
        TSNode stmt;
        enum rfs_shape shape = raise_for_status_shape(file, attr, &stmt);
        if (shape == RFS_OTHER)
            http_note_unsafe(b, "httpx's `raise_for_status()` also raises on 1xx/3xx answers, requests' "
                             "only on 4xx/5xx: only an `r.raise_for_status()` statement on its own line "
                             "is guarded (`if r.is_error:`)");
        else if (shape == RFS_STATEMENT && b->fix)
            guard_raise_for_status(b, stmt, af_field_child(attr, af_field.object));
        return why_none();
    }
    if (http_in_list(response_decoded, t, len) && !encoding_chosen(file, attr))
        http_note_unsafe(b, "requests decodes a text/* response without a charset as ISO-8859-1, httpx "
                         "as UTF-8: `.%.*s` can differ (decode `.content` explicitly)", (int)len, t);
    if (!b->fix)
        return why_none();
    if (af_streq(t, len, "ok")) {
        rewrite_ok(b->fix, attr, name);
    } else if (af_streq(t, len, "url")) {
        TSNode p = ts_node_parent(attr);
        if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), attr))
            return why_of(WHY_RESPONSE_URL_ASSIGNED);
        af_fix_insert(b->fix, ts_node_start_byte(attr), "str(");
        af_fix_insert(b->fix, ts_node_end_byte(attr), ")");
    } else if (af_streq(t, len, "reason")) {
        af_fix_replace_str(b->fix, ts_node_start_byte(name), ts_node_end_byte(name), "reason_phrase");
    }
    return why_none();
}

/*
 * True when `value` is a requests call this fix or a later pass rewrites, or
 * what an earlier pass made of one: `await client.verb(...)` on an
 * httpx.AsyncClient opened by `async with`.
 */
static bool rewritten_response(struct build *b, TSNode value, int scope)
{
    if (af_is(value, af_sym.await))
        return http_awaits_async_client(b->file, value, scope);
    for (uint32_t i = 0; i < b->nrecs; i++) {
        struct rec *o = &b->recs[i];
        if (!ts_node_eq(o->call, value) || (o->kind != K_REQUESTS && o->kind != K_SESSION))
            continue;
        return o->in_fix || (!o->why.code && o->kind == K_REQUESTS &&
                             !af_sem_noqa(b->file, ts_node_start_byte(o->call), "AF102"));
    }
    return false;
}

struct response_walk {
    struct build *b;
    const char *name;
    uint32_t len;
    int scope;
    bool other;           /* the last binding seen (in document order) is not a response */
};

/* one use of the response's name */
static struct why visit_response(void *ctx, TSNode n, TSNode p)
{
    struct response_walk *w = ctx;
    enum af_name_use use = af_node_name_use(n, NULL);
    if (use == AF_USE_OBJECT)
        return http_response_attribute(w->b, p);
    if (use == AF_USE_NOT_VARIABLE) {
        /* `x.r`, `f(r=...)`: another name */
    } else if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), n)) {
        w->other = !rewritten_response(w->b, af_field_child(p, af_field.right), w->scope);
        if (w->other)
            http_note_unsafe(w->b, "`%.*s` is also bound to something other than a rewritten "
                             "requests response", (int)w->len, w->name);
    } else if (w->other) {
        /* `r = None; return r`: what is passed on is that other value (the note above covers it) */
    } else {
        http_note_unsafe(w->b, "the response `%.*s` is passed on or returned: code elsewhere "
                         "may rely on requests-only attributes (`.ok`, `.url` as str)", (int)w->len, w->name);
    }
    return why_none();
}

static bool name_done(const struct build *b, const char *name, uint32_t len)
{
    for (uint32_t i = 0; i < b->ndone_names; i++)
        if (strlen(b->done_names[i]) == len && memcmp(b->done_names[i], name, len) == 0)
            return true;
    return false;
}

/* what happens to the response of `r`'s call; the reason when it cannot be kept */
static struct why response_of(struct build *b, struct rec *r)
{
    struct af_file *file = b->file;
    TSNode call = r->call;
    TSNode p = ts_node_parent(call);
    if (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), call))
        return http_response_attribute(b, p);
    if (af_is(p, af_sym.expression_statement))
        return why_none();
    TSNode left = af_field_child(p, af_field.left);
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.right), call) &&
        af_is(left, af_sym.identifier)) {
        uint32_t len;
        const char *name = http_text(file, left, &len);
        if (name_done(b, name, len))
            return why_none();
        TSNode body = af_field_child(file->sem.scopes[r->fscope].node, af_field.body);
        struct response_walk w = { b, name, len, r->scope, false };
        struct why why = http_each_use(file, body, name, len, left, visit_response, &w);
        if (!why.code && b->fix) {
            AF_ARRAY_GROW(b->done_names, b->ndone_names, b->names_cap);
            b->done_names[b->ndone_names++] = af_arena_strndup(&file->arena, name, len);
        }
        return why;
    }
    http_note_unsafe(b, "the response is passed on or returned: code elsewhere may rely on "
                     "requests-only attributes (`.ok`, `.url` as str)");
    return why_none();
}

/* ---- the `except requests...` handlers ---- */

/* true when the handler type at byte `at` was rewritten already; else notes it */
static bool except_done(struct build *b, uint32_t at)
{
    for (uint32_t i = 0; i < b->ndone_excepts; i++)
        if (b->done_excepts[i] == at)
            return true;
    AF_ARRAY_GROW(b->done_excepts, b->ndone_excepts, b->excepts_cap);
    b->done_excepts[b->ndone_excepts++] = at;
    return false;
}

/* the row of requests exception `qual` in exception_map, or -1; *is_requests says whether it is one */
static int map_exception(const char *qual, size_t len, bool *is_requests)
{
    const char *last = NULL;
    *is_requests = false;
    if (af_startswith(qual, len, "requests.exceptions."))
        last = qual + 20;
    else if (af_startswith(qual, len, "requests."))
        last = qual + 9;
    if (!last)
        return -1;
    *is_requests = true;
    size_t ll = len - (size_t)(last - qual);
    for (int i = 0; exception_map[i].from; i++)
        if (af_streq(last, ll, exception_map[i].from))
            return i;
    return -1;
}

/* true for `h` a host name of letters, digits and '-' in dot-separated labels of 1..63 bytes */
static bool plain_host_name(const char *h, uint32_t len)
{
    uint32_t label = 0;
    for (uint32_t i = 0; i < len; i++) {
        char c = h[i];
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
            if (++label > 63)
                return false;
        } else {
            return false;
        }
    }
    return label > 0;
}

/*
 * The literal text that starts URL expression `u` (a str literal, an
 * f-string's text before its first `{`, the first string of a concatenation
 * or of a `+`) in `out`/`len`; *whole when that text is the whole URL. False
 * when `u` starts with anything else.
 */
static bool url_prefix(const struct af_file *file, TSNode u, const char **out, uint32_t *len, bool *whole)
{
    u = af_unparen(u);
    *whole = af_is(u, af_sym.string);
    while (af_is(u, af_sym.binary_operator) || af_is(u, af_sym.concatenated_string)) {
        *whole = false;
        u = af_unparen(af_is(u, af_sym.binary_operator) ? af_field_child(u, af_field.left) : af_first_named(u));
    }
    if (!af_is(u, af_sym.string) || ts_node_named_child_count(u) < 2)
        return false;
    TSNode start = ts_node_named_child(u, 0), content = ts_node_named_child(u, 1);
    uint32_t sl;
    const char *st = http_text(file, start, &sl);
    if (!af_is(start, af_sym.string_start) || memchr(st, 'b', sl) || memchr(st, 'B', sl) ||
        !af_is(content, af_sym.string_content) || ts_node_start_byte(content) != ts_node_end_byte(start))
        return false;
    *out = http_text(file, content, len);
    if (ts_node_named_child_count(u) != 3)
        *whole = false;
    return true;
}

/*
 * True when the URL of call `r` shows its scheme, host and port in a literal
 * (`"https://api.example.com/v1/" + path`, `f"http://127.0.0.1:8080/{x}"`)
 * that requests and httpx both accept: http(s), a plain host name, a port of
 * 0..65535. Else a handler for requests' URL errors may see httpx raise what
 * it does not catch: httpx 0.23 raises OverflowError for a port above 65535
 * (requests: InvalidURL).
 */
static bool url_authority_known(const struct af_file *file, const struct rec *r)
{
    TSNode args[64], url = af_null_node();
    uint32_t n = af_node_items(af_field_child(r->call, af_field.arguments), args, 64);
    uint32_t pos = strcmp(r->verb, "request") == 0 ? 1 : 0, npos = 0;
    for (uint32_t i = 0; i < n && n < 64 && ts_node_is_null(url); i++) {
        if (af_is(args[i], af_sym.keyword_argument)) {
            if (af_node_text_is(af_field_child(args[i], af_field.name), file->src->data, "url"))
                url = af_field_child(args[i], af_field.value);
        } else if (npos++ == pos) {
            url = args[i];
        }
    }
    const char *t;
    uint32_t len;
    bool whole;
    if (ts_node_is_null(url) || !url_prefix(file, url, &t, &len, &whole))
        return false;
    uint32_t s;
    if (af_startswith(t, len, "http://"))
        s = 7;
    else if (af_startswith(t, len, "https://"))
        s = 8;
    else
        return false;
    uint32_t e = s;
    while (e < len && t[e] != '/' && t[e] != '?' && t[e] != '#')
        e++;
    if (e == len && !whole)
        return false;
    uint32_t colon = e;
    for (uint32_t i = s; i < e; i++)
        if (t[i] == ':') {
            colon = i;
            break;
        }
    if (!plain_host_name(t + s, colon - s))
        return false;
    if (colon == e)
        return true;
    uint32_t port = 0, digits = e - colon - 1;
    if (digits == 0 || digits > 5)
        return false;
    for (uint32_t i = colon + 1; i < e; i++) {
        if (t[i] < '0' || t[i] > '9')
            return false;
        port = port * 10 + (uint32_t)(t[i] - '0');
    }
    return port <= 65535;
}

/*
 * `e`, a type of an except clause (`in_tuple`: an item of a tuple or in parentheses): its
 * httpx name(s) when it is a requests exception; true when it is one
 */
static bool rewrite_handler_type(struct build *b, struct rec *r, TSNode e, bool in_tuple, bool json)
{
    struct af_buf q = AF_BUF_INIT;
    bool is_req = false;
    if (af_sem_qualname(&q, b->file, e, r->scope) == 0) {
        int row = map_exception(q.ptr, q.size, &is_req);
        if (row >= 0 && exception_map[row].url_errors && !url_authority_known(b->file, r))
            http_note_unsafe(b, "`except %s` catches requests' URL errors, and the URL does not start "
                             "with a literal http(s) scheme, plain host and port up to 65535: httpx 0.23 "
                             "raises OverflowError for a larger port (requests: InvalidURL)", q.ptr);
        if (row >= 0 && exception_map[row].json_errors && json)
            http_note_unsafe(b, "`except %s` also catches requests' JSONDecodeError of a `.json()` in its "
                             "`try`; httpx's `.json()` raises json.JSONDecodeError, which it does not catch",
                             q.ptr);
        if (row >= 0 && exception_map[row].inexact)
            http_note_unsafe(b, "`except %s`: %s", q.ptr, exception_map[row].inexact);
        if (row >= 0 && b->fix && !except_done(b, ts_node_start_byte(e))) {
            const char *const *to = exception_map[row].to;
            bool paren = to[1] && !in_tuple;
            struct af_buf t = AF_BUF_INIT;
            af_buf_puts(&t, paren ? "(" : "");
            for (int i = 0; to[i]; i++)
                af_buf_printf(&t, "%s%s.%s", i ? ", " : "", b->hx, to[i]);
            af_buf_puts(&t, paren ? ")" : "");
            af_fix_replace(b->fix, ts_node_start_byte(e), ts_node_end_byte(e), t.ptr, t.size);
            af_buf_dispose(&t);
        } else if (is_req && row < 0) {
            http_note_unsafe(b, "`except %s` has no httpx equivalent and is left as it is", q.ptr);
        }
    }
    af_buf_dispose(&q);
    return is_req;
}

/* true when a call `x.json()` is made under `body` (the calls are the model's, in source order) */
static bool reads_json(const struct af_file *file, TSNode body)
{
    const struct af_site_list *calls = &file->sem.calls;
    uint32_t end = ts_node_end_byte(body);
    for (uint32_t i = af_sem_site_from(calls, ts_node_start_byte(body));
         i < calls->n && ts_node_start_byte(calls->items[i].node) < end; i++) {
        TSNode fn = af_unparen(af_field_child(calls->items[i].node, af_field.function));
        if (af_is(fn, af_sym.attribute) &&
            af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "json"))
            return true;
    }
    return false;
}

/* the except clauses of `try`: their requests types rewritten; true when one names a requests exception */
static bool rewrite_handlers(struct build *b, struct rec *r, TSNode try)
{
    bool guards_requests = false;
    bool json = reads_json(b->file, af_field_child(try, af_field.body));
    uint32_t cn = ts_node_named_child_count(try);
    for (uint32_t i = 0; i < cn; i++) {
        TSNode cl = ts_node_named_child(try, i);
        if (af_is(cl, af_sym.except_group_clause)) {
            http_note_unsafe(b, "an `except*` clause guards the call");
            continue;
        }
        if (!af_is(cl, af_sym.except_clause))
            continue;
        TSNode v = af_field_child(cl, af_field.value);
        if (ts_node_is_null(v))
            continue;
        if (af_is(v, af_sym.as_pattern))
            v = af_first_named(v);
        TSNode bare = af_unparen(v);
        bool parens = !ts_node_eq(bare, v);   /* `(X)`: X may become `A, B` inside those parentheses */
        v = bare;
        if (!af_is(v, af_sym.tuple)) {
            guards_requests |= rewrite_handler_type(b, r, v, parens, json);
            continue;
        }
        uint32_t k = ts_node_named_child_count(v);
        for (uint32_t j = 0; j < k; j++)
            if (!af_is(ts_node_named_child(v, j), af_sym.comment))
                guards_requests |= rewrite_handler_type(b, r, ts_node_named_child(v, j), true, json);
    }
    return guards_requests;
}

/* the `except requests...` clauses of the try statements around the call */
static void handlers_of(struct build *b, struct rec *r)
{
    TSNode fnode = b->file->sem.scopes[r->fscope].node;
    for (TSNode n = r->call, p = ts_node_parent(n); !ts_node_is_null(p) && !ts_node_eq(p, fnode);
         n = p, p = ts_node_parent(n)) {
        if (!af_is(p, af_sym.try_statement) || !ts_node_eq(af_field_child(p, af_field.body), n))
            continue;
        if (!rewrite_handlers(b, r, p))
            continue;
        /* other blocking requests calls under the same handlers keep raising requests' errors */
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        for (uint32_t i = 0; i < b->nrecs; i++) {
            struct rec *o = &b->recs[i];
            uint32_t at = ts_node_start_byte(o->call);
            if (o->in_fix || at < s || at >= e)
                continue;
            if (o->kind == K_REQUESTS || o->kind == K_SESSION)
                http_note_unsafe(b, "the `except` clauses also guard `%s()`, which this fix does not "
                                 "rewrite", o->what);
        }
    }
}

/* ---- the call ---- */

/* inserts `kw` after the last argument of `call`: ", x", or "x" in empty parentheses */
static void append_keyword(struct build *b, TSNode call, const char *kw)
{
    TSNode al = af_field_child(call, af_field.arguments);
    TSNode last = af_null_node();
    for (uint32_t i = ts_node_named_child_count(al); i > 0 && ts_node_is_null(last); i--)
        if (!af_is(ts_node_named_child(al, i - 1), af_sym.comment))
            last = ts_node_named_child(al, i - 1);
    struct af_buf t = AF_BUF_INIT;
    if (!ts_node_is_null(last)) {
        af_buf_printf(&t, ", %s", kw);
        af_fix_insert(b->fix, ts_node_end_byte(last), t.ptr);
    } else {
        af_fix_insert(b->fix, ts_node_start_byte(al) + 1, kw);
    }
    af_buf_dispose(&t);
}

/*
 * The method of httpx's AsyncClient that sends call `r`: its verb, or
 * "request" for a get/head/options/delete with a `data=` or `json=`, which
 * those methods of httpx do not take (TypeError); `request("GET", u, ...)` is
 * what httpx's own `get(u, ...)` calls, with the body besides.
 */
const char *http_sent_verb(const struct af_file *file, const struct rec *r)
{
    static const char *const bodyless[] = { "get", "head", "options", "delete", NULL };
    bool listed = false;
    for (int i = 0; bodyless[i] && !listed; i++)
        listed = strcmp(r->verb, bodyless[i]) == 0;
    if (!listed)
        return r->verb;
    TSNode al = af_field_child(r->call, af_field.arguments);
    for (uint32_t i = 0; af_is(al, af_sym.argument_list) && i < ts_node_named_child_count(al); i++) {
        TSNode a = ts_node_named_child(al, i);
        TSNode name = af_field_child(a, af_field.name);
        if (af_is(a, af_sym.keyword_argument) && (af_node_text_is(name, file->src->data, "data") ||
                                                   af_node_text_is(name, file->src->data, "json")))
            return "request";
    }
    return r->verb;
}

/* `"GET", ` before the first argument of call `r` */
static void insert_method(struct build *b, const struct rec *r)
{
    TSNode al = af_field_child(r->call, af_field.arguments);
    struct af_buf m = AF_BUF_INIT;
    af_buf_putc(&m, '"');
    for (const char *v = r->verb; *v; v++)
        af_buf_putc(&m, (char)(*v - 'a' + 'A'));
    af_buf_puts(&m, "\", ");
    af_fix_insert(b->fix, ts_node_start_byte(al) + 1, m.ptr);
    af_buf_dispose(&m);
}

/* `requests.get(u)` -> `client.stream("GET", u)` */
static void stream_callee(struct build *b, struct rec *r)
{
    TSNode fn = af_field_child(r->call, af_field.function);
    struct af_buf callee = AF_BUF_INIT;
    af_buf_printf(&callee, "%s.stream", b->client);
    af_fix_replace(b->fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
    af_buf_dispose(&callee);
    if (strcmp(r->verb, "request") != 0)
        insert_method(b, r);
}

struct why http_rewrite_call(struct build *b, struct rec *r, struct af_buf *ctor)
{
    TSNode call = r->call;
    TSNode al = af_field_child(call, af_field.arguments);
    if (!af_is(al, af_sym.argument_list))
        return why_of(WHY_GENERATOR_ARGUMENT);
    if (af_is(ts_node_parent(call), af_sym.await))
        return why_of(WHY_ALREADY_AWAITED);
    TSNode args[64];
    uint32_t n = af_node_items(al, args, 64);
    if (n >= 64)
        return why_of(WHY_TOO_MANY_ARGUMENTS);
    bool redirects, head = strcmp(r->verb, "head") == 0;
    struct why why = http_map_arguments(b, r, args, n, ctor, &redirects);
    if (why.code)
        return why;
    if (b->stream) {
        if (head)
            return why_of(WHY_STREAMED_HEAD);
        if (b->fix)
            stream_callee(b, r);
        handlers_of(b, r);
        return why_none();
    }
    if (head && !redirects && b->fix && b->ctor_follow)
        append_keyword(b, call, "follow_redirects=False");

    /* the response's uses first: `(not ` goes before `(await ` at the same byte */
    why = response_of(b, r);
    if (why.code)
        return why;
    if (b->fix) {
        const char *sent = http_sent_verb(b->file, r);
        TSNode fn = af_field_child(call, af_field.function);
        if (b->client) {
            struct af_buf callee = AF_BUF_INIT;
            af_buf_printf(&callee, "%s.%s", b->client, sent);
            af_fix_replace(b->fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
            af_buf_dispose(&callee);
        } else if (sent != r->verb) {
            /* `s.get(u, data=d)` on the session turned client: a method call, `get` its attribute */
            TSNode attr = af_field_child(af_unparen(fn), af_field.attribute);
            af_fix_replace(b->fix, ts_node_start_byte(attr), ts_node_end_byte(attr), sent, strlen(sent));
        }
        if (sent != r->verb)
            insert_method(b, r);
        af_rewrite_await(b->fix, b->file, call);
    }
    handlers_of(b, r);
    return why_none();
}
