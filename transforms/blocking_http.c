/*
 * blocking_http.c - AF102 blocking-http.
 *
 * What it does: finds blocking HTTP calls made directly in the body of an
 * `async def`: `requests.get/post/put/patch/delete/head/options/request`,
 * the methods of a `requests.Session` (bound in the function or passed in
 * as a parameter annotated `requests.Session`), the sync `httpx` top-level
 * API, the methods of a sync `httpx.Client`, `urllib.request.urlopen`,
 * `urllib3.request` and urllib3 `PoolManager` methods. Every import spelling
 * is understood; a local name that shadows the import is left alone.
 *
 * Why it is bad: the call blocks the thread until the server answers, so the
 * event loop and every other task stop for the whole round trip.
 *
 * Example:
 *     async def fetch(url):
 *         r = requests.get(url)
 *         return r.json()
 *
 * Use instead:
 *     async def fetch(url):
 *         async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
 *             r = await client.get(url)
 *         return r.json()
 *
 * The requests rewrite keeps what requests did where httpx differs:
 * redirects are followed (not for `head`), there is no timeout unless the
 * call gave one, `data=<str/bytes>` becomes `content=`, `verify=`/`cert=`
 * move to the client, a literal `proxies={"https": "http://p:3128"}`
 * becomes the client's `mounts={"https://": httpx.AsyncHTTPTransport(
 * proxy=httpx.Proxy("http://p:3128"))}` (keys mapped to the URL patterns
 * matching the same requests; a name, a None value or a key without an
 * exact pattern is not rewritten), `allow_redirects=` becomes `follow_redirects=`,
 * `r.ok` becomes `not r.is_error`, `r.url` becomes `str(r.url)`,
 * `r.reason` becomes `r.reason_phrase`, `stream=True` with `for` over
 * `.iter_content()` becomes `client.stream(...)` with `async for` over
 * `.aiter_bytes()`, and `except requests.exceptions.X`
 * handlers guarding the call name the httpx exception. Calls whose
 * arguments do not map are reported with the reason and left as they are.
 * A session opened by `with requests.Session() as s:`, or bound by
 * `s = requests.Session()` and not escaping, becomes
 * `async with httpx.AsyncClient(follow_redirects=True, timeout=None) as s:`
 * with its request methods awaited; `with httpx.Client() as c:` becomes
 * `async with httpx.AsyncClient() as c:`, and so does `c = httpx.Client(...)`
 * used only through request methods (the same block as an assigned session,
 * the constructor's arguments kept, a final `c.close()` removed). urllib, urllib3 and the other sync
 * httpx calls get an unsafe fix that runs them in a worker thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

enum http_kind {
    K_REQUESTS,        /* requests.get(...) */
    K_SESSION,         /* s.get(...) on a requests.Session */
    K_HTTPX,           /* httpx.get(...) */
    K_HTTPX_CLIENT,    /* c.get(...) on an httpx.Client */
    K_URLLIB,          /* urllib.request.urlopen(...) */
    K_URLLIB3,         /* urllib3.request(...), pool.request(...) */
};

/* one blocking call found directly in an async def */
struct rec {
    TSNode call;
    int scope;                 /* the call's site scope */
    int fscope;                /* its function scope */
    enum http_kind kind;
    char what[64];             /* "requests.get", "s.get" */
    char verb[16];             /* "get", ..., "request" */
    TSNode stmt;               /* requests: the statement to wrap */
    TSNode session_with;       /* K_SESSION: the `with requests.Session() as s` statement, or null */
    TSNode session_assign;     /* K_SESSION, K_HTTPX_CLIENT: the `s = requests.Session()` (`c = httpx.Client()`) statement, or null */
    const char *session_why;   /* K_SESSION without a with form: why no fix */
    const char *why;           /* no fix: the reason */
    const char *ctor;          /* requests: ", verify=..., cert=..." for the client, or NULL */
    bool in_fix;               /* covered by the fix being built */
    bool reported;             /* already reported */
    bool noqa;                 /* suppressed: never rewritten, not reported */
    bool stream;               /* `r = requests.get(u, stream=True)`: the client.stream form */
};

/* the state of one fix being built (or of an analysis when fix is NULL) */
struct build {
    struct af_file *file;
    struct af_fix *fix;
    const char *client;        /* the client's name; NULL: keep the callee (sessions) */
    const char *hx;            /* the local name of httpx */
    bool ctor_follow;          /* the client follows redirects */
    bool session;              /* the calls are session methods */
    bool stream;               /* the call becomes `client.stream(...)` */
    struct af_buf unsafe;      /* why the fix is unsafe, "; "-separated */
    bool raise_for_status;
    uint32_t done_excepts[32];
    uint32_t ndone_excepts;
    const char *done_names[16];
    uint32_t ndone_names;
    struct rec *recs;
    uint32_t nrecs;
};

static const char *const verbs[] = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", NULL,
};

static const char *const httpx_api[] = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", "stream", NULL,
};

static const char *const urllib3_methods[] = {
    "request", "urlopen", "request_encode_url", "request_encode_body", NULL,
};

static const struct { const char *from, *to; } exception_map[] = {
    { "RequestException", "HTTPError" },
    { "HTTPError", "HTTPStatusError" },
    { "ConnectionError", "ConnectError" },
    { "Timeout", "TimeoutException" },
    { "TooManyRedirects", "TooManyRedirects" },
    { NULL, NULL },
};

static bool in_list(const char *const *list, const char *s, size_t len)
{
    for (; *list; list++)
        if (af_streq(s, len, *list))
            return true;
    return false;
}

static const char *reason(struct af_file *file, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *reason(struct af_file *file, const char *fmt, ...)
{
    struct af_buf buf = AF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    af_buf_vprintf(&buf, fmt, ap);
    va_end(ap);
    const char *out = af_arena_strndup(&file->arena, buf.ptr, buf.size);
    af_buf_dispose(&buf);
    return out;
}

static void note_unsafe(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note_unsafe(struct build *b, const char *fmt, ...)
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

static const char *text_of(const struct af_file *file, TSNode node, uint32_t *len)
{
    return af_node_text(node, file->src->data, len);
}

/* the items of `node` (af_node_items), the first `max` of them: the rest is not looked at */
static uint32_t args_of(TSNode node, TSNode *out, uint32_t max)
{
    uint32_t n = af_node_items(node, out, max);
    return n < max ? n : max;
}

/* ---- detection ---- */

/* the value bound to identifier `ident` by `x = VALUE` or `with VALUE as x`, else null */
static TSNode bound_value(TSNode ident, bool *by_with)
{
    TSNode p = ts_node_parent(ident);
    *by_with = false;
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), ident))
        return af_field_child(p, af_field.right);
    if (af_is(p, af_sym.as_pattern_target)) {
        TSNode ap = ts_node_parent(p);
        if (af_is(ap, af_sym.as_pattern) && af_is(ts_node_parent(ap), af_sym.with_item)) {
            *by_with = true;
            return af_first_named(ap);
        }
    }
    return af_null_node();
}

/* true when `call` is a call of one of the qualified names in `quals` */
static bool call_of(const struct af_file *file, TSNode call, int scope, const char *const *quals)
{
    if (!af_is(call, af_sym.call))
        return false;
    struct af_buf q = AF_BUF_INIT;
    bool ok = af_sem_qualname(&q, file, af_field_child(call, af_field.function), scope) == 0 &&
              in_list(quals, q.ptr, q.size);
    af_buf_dispose(&q);
    return ok;
}

static const char *const session_quals[] = {
    "requests.Session", "requests.session", "requests.sessions.Session", NULL,
};
static const char *const httpx_client_quals[] = { "httpx.Client", NULL };
static const char *const pool_quals[] = {
    "urllib3.PoolManager", "urllib3.poolmanager.PoolManager", "urllib3.HTTPConnectionPool",
    "urllib3.HTTPSConnectionPool", "urllib3.connection_from_url", NULL,
};

enum obj_kind { OBJ_NONE, OBJ_WITH, OBJ_ASSIGNED, OBJ_PARAM };

/*
 * What the object `obj` of a method call is: a value made by a call of one
 * of `quals` (bound by `with ... as obj`, by `obj = ...`, passed in as a
 * parameter annotated with one of them, or the call itself).
 */
static enum obj_kind object_kind(const struct af_file *file, TSNode obj, int scope,
                                 const char *const *quals, const struct af_binding **out)
{
    *out = NULL;
    obj = af_unparen(obj);
    if (af_is(obj, af_sym.call))
        return call_of(file, obj, scope, quals) ? OBJ_ASSIGNED : OBJ_NONE;
    if (!af_is(obj, af_sym.identifier))
        return OBJ_NONE;
    uint32_t len;
    const char *name = text_of(file, obj, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, name, len);
    if (!b || b->count != 1 || b->mixed)
        return OBJ_NONE;
    *out = b;
    if (b->kind == AF_BIND_PARAMETER) {
        TSNode type = af_field_child(b->node, af_field.type);
        if (ts_node_is_null(type))
            return OBJ_NONE;
        TSNode t = af_first_named(type);
        struct af_buf q = AF_BUF_INIT;
        bool ok = af_sem_qualname(&q, file, t, b->scope) == 0 && in_list(quals, q.ptr, q.size);
        af_buf_dispose(&q);
        return ok ? OBJ_PARAM : OBJ_NONE;
    }
    if (b->kind != AF_BIND_VARIABLE || !af_is(b->node, af_sym.identifier))
        return OBJ_NONE;
    bool by_with;
    TSNode value = bound_value(b->node, &by_with);
    if (!call_of(file, value, b->scope, quals))
        return OBJ_NONE;
    return by_with ? OBJ_WITH : OBJ_ASSIGNED;
}

static TSNode with_of_binding(TSNode ident)
{
    TSNode n = ident;
    while (!ts_node_is_null(n) && !af_is(n, af_sym.with_statement))
        n = ts_node_parent(n);
    return n;
}

/* classifies one call; false when it is not a blocking HTTP call */
static bool classify(struct rec *r, const struct af_file *file, TSNode call, int scope)
{
    TSNode fn = af_field_child(call, af_field.function);
    struct af_buf q = AF_BUF_INIT;
    bool found = false;
    memset(r, 0, sizeof(*r));
    r->call = call;
    r->scope = scope;
    r->fscope = af_sem_function_scope(file, scope);
    r->stmt = af_null_node();
    r->session_with = af_null_node();
    r->session_assign = af_null_node();
    if (af_sem_qualname(&q, file, fn, scope) == 0) {
        if (af_startswith(q.ptr, q.size, "requests.") && in_list(verbs, q.ptr + 9, q.size - 9)) {
            r->kind = K_REQUESTS;
            snprintf(r->verb, sizeof(r->verb), "%s", q.ptr + 9);
            found = true;
        } else if (af_startswith(q.ptr, q.size, "requests.api.") && in_list(verbs, q.ptr + 13, q.size - 13)) {
            r->kind = K_REQUESTS;
            snprintf(r->verb, sizeof(r->verb), "%s", q.ptr + 13);
            found = true;
        } else if (af_startswith(q.ptr, q.size, "httpx.") && in_list(httpx_api, q.ptr + 6, q.size - 6)) {
            r->kind = K_HTTPX;
            snprintf(r->verb, sizeof(r->verb), "%s", q.ptr + 6);
            found = true;
        } else if (af_streq(q.ptr, q.size, "urllib.request.urlopen")) {
            r->kind = K_URLLIB;
            found = true;
        } else if (af_streq(q.ptr, q.size, "urllib3.request")) {
            r->kind = K_URLLIB3;
            found = true;
        }
        if (found)
            snprintf(r->what, sizeof(r->what), "%s", q.ptr);
    }
    af_buf_dispose(&q);
    if (found || !af_is(fn, af_sym.attribute))
        return found;

    /* a method call on a session, a client or a pool */
    TSNode obj = af_field_child(fn, af_field.object);
    uint32_t alen, olen;
    const char *attr = text_of(file, af_field_child(fn, af_field.attribute), &alen);
    const char *otext = text_of(file, obj, &olen);
    const struct af_binding *b;
    enum obj_kind ok;
    if (in_list(verbs, attr, alen) &&
        (ok = object_kind(file, obj, scope, session_quals, &b)) != OBJ_NONE) {
        r->kind = K_SESSION;
        snprintf(r->verb, sizeof(r->verb), "%.*s", (int)alen, attr);
        if (ok == OBJ_WITH && b->scope == r->fscope)
            r->session_with = with_of_binding(b->node);
        else if (ok == OBJ_WITH)
            r->session_why = "the session is opened outside this function";
        else if (ok == OBJ_PARAM)
            r->session_why = "the session is the caller's: an httpx.AsyncClient must be passed in instead";
        else
            r->session_why = "the session is not opened in a `with` block and is not a name "
                             "bound once in this function";
        if (ok == OBJ_ASSIGNED && b && b->scope == r->fscope) {
            TSNode asg = ts_node_parent(b->node);
            if (af_is(ts_node_parent(asg), af_sym.expression_statement))
                r->session_assign = ts_node_parent(asg);
        }
        found = true;
    } else if (in_list(httpx_api, attr, alen) &&
               object_kind(file, obj, scope, httpx_client_quals, &b) != OBJ_NONE) {
        r->kind = K_HTTPX_CLIENT;
        snprintf(r->verb, sizeof(r->verb), "%.*s", (int)alen, attr);
        if (b && b->kind == AF_BIND_VARIABLE && b->scope == r->fscope) {
            bool by_with;
            bound_value(b->node, &by_with);
            if (by_with) {
                r->session_with = with_of_binding(b->node);
            } else {
                TSNode asg = ts_node_parent(b->node);
                if (af_is(ts_node_parent(asg), af_sym.expression_statement))
                    r->session_assign = ts_node_parent(asg);
            }
        }
        found = true;
    } else if (in_list(urllib3_methods, attr, alen) &&
               object_kind(file, obj, scope, pool_quals, &b) != OBJ_NONE) {
        r->kind = K_URLLIB3;
        found = true;
    }
    if (found) {
        if (olen > 40)
            snprintf(r->what, sizeof(r->what), "...%.*s", (int)alen, attr);
        else
            snprintf(r->what, sizeof(r->what), "%.*s.%.*s", (int)olen, otext, (int)alen, attr);
    }
    return found;
}

/* ---- the rewrite of one requests call ---- */

static bool is_str_literal(TSNode v)
{
    return af_is(v, af_sym.string) || af_is(v, af_sym.concatenated_string);
}

static bool is_plain_literal(TSNode v)
{
    return is_str_literal(v) || af_is(v, af_sym.integer) || af_is(v, af_sym.float_) ||
           af_is(v, af_sym.true_) || af_is(v, af_sym.false_);
}

/* true for a str/bytes literal, `x.encode(...)` or `json.dumps(...)` */
static bool str_expression(const struct af_file *file, TSNode v, int scope)
{
    v = af_unparen(v);
    if (is_str_literal(v))
        return true;
    if (!af_is(v, af_sym.call))
        return false;
    TSNode fn = af_field_child(v, af_field.function);
    if (af_is(fn, af_sym.attribute) &&
        af_node_text_is(af_field_child(fn, af_field.attribute), file->src->data, "encode"))
        return true;
    return af_sem_refers_to(file, fn, scope, "json.dumps");
}

/*
 * True when `v` is known to hold str or bytes: such an expression, a name
 * bound once to one, or a parameter annotated `str` or `bytes`.
 */
static bool known_str(const struct af_file *file, TSNode v, int scope)
{
    v = af_unparen(v);
    if (str_expression(file, v, scope))
        return true;
    if (!af_is(v, af_sym.identifier))
        return false;
    uint32_t len;
    const char *name = text_of(file, v, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, name, len);
    if (!b || b->count != 1 || b->mixed)
        return false;
    if (b->kind == AF_BIND_PARAMETER && af_is(b->node, af_sym.typed_parameter)) {
        TSNode t = af_first_named(af_field_child(b->node, af_field.type));
        return af_sem_refers_to(file, t, b->scope, "builtins.str") ||
               af_sem_refers_to(file, t, b->scope, "builtins.bytes");
    }
    if (b->kind != AF_BIND_VARIABLE)
        return false;
    bool by_with;
    TSNode value = bound_value(b->node, &by_with);
    return !ts_node_is_null(value) && !by_with && str_expression(file, value, b->scope);
}

/* why `params=` cannot be passed to httpx as it is, or NULL */
static const char *params_problem(const struct af_file *file, TSNode v)
{
    v = af_unparen(v);
    if (af_is(v, af_sym.none) || is_str_literal(v))
        return NULL;
    if (af_is(v, af_sym.list) || af_is(v, af_sym.tuple))
        return "`params=` is a list of tuples";
    if (!af_is(v, af_sym.dictionary))
        return "`params=` may hold None values (requests drops them, httpx sends them empty)";
    TSNode items[64];
    uint32_t n = args_of(v, items, 64);
    for (uint32_t i = 0; i < n; i++) {
        if (!af_is(items[i], af_sym.pair))
            return "`params=` is built with `**`";
        TSNode val = af_unparen(af_field_child(items[i], af_field.value));
        if (af_is(val, af_sym.none))
            return "`params=` holds a None value (requests drops it, httpx sends it empty)";
        if (!is_plain_literal(val) && !af_is(val, af_sym.list) && !af_is(val, af_sym.tuple))
            return "`params=` may hold None values (requests drops them, httpx sends them empty)";
    }
    (void)file;
    return NULL;
}

/* the text that follows the last argument of `call` is inserted at: ", x" or "x" */
static void append_keyword(struct build *b, TSNode call, const char *kw)
{
    TSNode al = af_field_child(call, af_field.arguments);
    TSNode args[64];
    uint32_t n = args_of(al, args, 64);
    struct af_buf t = AF_BUF_INIT;
    if (n) {
        af_buf_printf(&t, ", %s", kw);
        af_fix_insert(b->fix, ts_node_end_byte(args[n - 1]), t.ptr);
    } else {
        af_fix_insert(b->fix, ts_node_start_byte(al) + 1, kw);
    }
    af_buf_dispose(&t);
}

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

static const char *const response_unmapped[] = {
    "iter_content", "iter_lines", "raw", "close", "apparent_encoding", "next",
    "connection", "is_permanent_redirect", "__enter__", "__exit__", NULL,
};

/*
 * `attr` is `X.name` with X a requests response: the edits that keep its
 * meaning on an httpx response. Returns a reason when there is none.
 */
static const char *response_attribute(struct build *b, TSNode attr)
{
    struct af_file *file = b->file;
    TSNode name = af_field_child(attr, af_field.attribute);
    uint32_t len;
    const char *t = text_of(file, name, &len);
    if (in_list(response_unmapped, t, len))
        return reason(file, "the response's `.%.*s` has no direct httpx equivalent", (int)len, t);
    if (af_streq(t, len, "raise_for_status"))
        b->raise_for_status = true;
    if (!b->fix)
        return NULL;
    if (af_streq(t, len, "ok")) {
        TSNode p = ts_node_parent(attr);
        if (af_is(p, af_sym.not_operator)) {
            /* `not r.ok` -> `r.is_error` */
            af_fix_replace_str(b->fix, ts_node_start_byte(p), ts_node_start_byte(attr), "");
            af_fix_replace_str(b->fix, ts_node_start_byte(name), ts_node_end_byte(name), "is_error");
        } else {
            bool parens = !bare_not_ok(attr);
            af_fix_insert(b->fix, ts_node_start_byte(attr), parens ? "(not " : "not ");
            af_fix_replace_str(b->fix, ts_node_start_byte(name), ts_node_end_byte(name), "is_error");
            if (parens)
                af_fix_insert(b->fix, ts_node_end_byte(attr), ")");
        }
    } else if (af_streq(t, len, "url")) {
        TSNode p = ts_node_parent(attr);
        if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), attr))
            return "the response's `.url` is assigned to";
        af_fix_insert(b->fix, ts_node_start_byte(attr), "str(");
        af_fix_insert(b->fix, ts_node_end_byte(attr), ")");
    } else if (af_streq(t, len, "reason")) {
        af_fix_replace_str(b->fix, ts_node_start_byte(name), ts_node_end_byte(name), "reason_phrase");
    }
    return NULL;
}

static const char *const async_client_quals[] = { "httpx.AsyncClient", NULL };

/*
 * True when `value` is a requests call this fix or a later pass rewrites, or
 * what an earlier pass made of one: `await client.verb(...)` on an
 * httpx.AsyncClient opened by `async with`.
 */
static bool rewritten_response(struct build *b, TSNode value, int scope)
{
    if (af_is(value, af_sym.await)) {
        TSNode call = af_first_named(value);
        TSNode fn = af_field_child(call, af_field.function);
        const struct af_binding *bd;
        return af_is(call, af_sym.call) && af_is(fn, af_sym.attribute) &&
               object_kind(b->file, af_field_child(fn, af_field.object), scope, async_client_quals,
                           &bd) == OBJ_WITH;
    }
    for (uint32_t i = 0; i < b->nrecs; i++) {
        struct rec *o = &b->recs[i];
        if (!ts_node_eq(o->call, value) || (o->kind != K_REQUESTS && o->kind != K_SESSION))
            continue;
        return o->in_fix || (!o->why && o->kind == K_REQUESTS &&
                             !af_sem_noqa(b->file, ts_node_start_byte(o->call), "AF102"));
    }
    return false;
}

/* looks at every use of the response name under `node`; a reason when one cannot be kept */
static const char *response_uses(struct build *b, TSNode node, const char *name, size_t nlen,
                                 TSNode binding, int scope)
{
    const TSNode *uses;
    size_t nuses = af_sem_name_uses(b->file, node, name, nlen, &uses);
    for (size_t i = 0; i < nuses; i++) {
        TSNode n = uses[i];
        if (ts_node_eq(n, binding))
            continue;
        TSNode p = ts_node_parent(n);
        if (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), n)) {
            const char *why = response_attribute(b, p);
            if (why)
                return why;
        } else if (af_is(p, af_sym.attribute) || af_is(p, af_sym.keyword_argument)) {
            /* `x.r`, `f(r=...)`: another name */
        } else if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), n)) {
            if (!rewritten_response(b, af_field_child(p, af_field.right), scope))
                note_unsafe(b, "`%.*s` is also bound to something other than a rewritten "
                            "requests response", (int)nlen, name);
        } else {
            note_unsafe(b, "the response `%.*s` is passed on or returned: code elsewhere "
                        "may rely on requests-only attributes (`.ok`, `.url` as str)",
                        (int)nlen, name);
        }
    }
    return NULL;
}

/* what happens to the response of `call`; a reason when it cannot be kept */
static const char *response_of(struct build *b, struct rec *r)
{
    struct af_file *file = b->file;
    TSNode call = r->call;
    TSNode p = ts_node_parent(call);
    if (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), call))
        return response_attribute(b, p);
    if (af_is(p, af_sym.expression_statement))
        return NULL;
    TSNode left = af_field_child(p, af_field.left);
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.right), call) &&
        af_is(left, af_sym.identifier)) {
        uint32_t len;
        const char *name = text_of(file, left, &len);
        for (uint32_t i = 0; i < b->ndone_names; i++)
            if (strlen(b->done_names[i]) == len && memcmp(b->done_names[i], name, len) == 0)
                return NULL;
        TSNode fnode = file->sem.scopes[r->fscope].node;
        const char *why = response_uses(b, af_field_child(fnode, af_field.body), name, len, left, r->scope);
        if (!why && b->fix && b->ndone_names < 16)
            b->done_names[b->ndone_names++] = af_arena_strndup(&file->arena, name, len);
        return why;
    }
    note_unsafe(b, "the response is passed on or returned: code elsewhere may rely on "
                "requests-only attributes (`.ok`, `.url` as str)");
    return NULL;
}

static bool except_done(struct build *b, uint32_t at)
{
    for (uint32_t i = 0; i < b->ndone_excepts; i++)
        if (b->done_excepts[i] == at)
            return true;
    if (b->ndone_excepts < 32)
        b->done_excepts[b->ndone_excepts++] = at;
    return false;
}

/* the httpx name of requests exception `qual`, or NULL; *is_requests says whether it is one */
static const char *map_exception(const char *qual, size_t len, bool *is_requests)
{
    const char *last = NULL;
    *is_requests = false;
    if (af_startswith(qual, len, "requests.exceptions."))
        last = qual + 20;
    else if (af_startswith(qual, len, "requests."))
        last = qual + 9;
    if (!last)
        return NULL;
    *is_requests = true;
    size_t ll = len - (size_t)(last - qual);
    for (int i = 0; exception_map[i].from; i++)
        if (af_streq(last, ll, exception_map[i].from))
            return exception_map[i].to;
    return NULL;
}

static void rewrite_handler_type(struct build *b, TSNode e, int scope)
{
    struct af_file *file = b->file;
    struct af_buf q = AF_BUF_INIT;
    if (af_sem_qualname(&q, file, e, scope) == 0) {
        bool is_req;
        const char *to = map_exception(q.ptr, q.size, &is_req);
        if (to && b->fix && !except_done(b, ts_node_start_byte(e))) {
            struct af_buf t = AF_BUF_INIT;
            af_buf_printf(&t, "%s.%s", b->hx, to);
            af_fix_replace(b->fix, ts_node_start_byte(e), ts_node_end_byte(e), t.ptr, t.size);
            af_buf_dispose(&t);
        } else if (is_req && !to) {
            note_unsafe(b, "`except %s` has no httpx equivalent and is left as it is", q.ptr);
        }
    }
    af_buf_dispose(&q);
}

/* the `except requests...` clauses of the try statements around the call */
static void handlers_of(struct build *b, struct rec *r)
{
    struct af_file *file = b->file;
    TSNode fnode = file->sem.scopes[r->fscope].node;
    TSNode n = r->call;
    for (;;) {
        TSNode p = ts_node_parent(n);
        if (ts_node_is_null(p) || ts_node_eq(p, fnode))
            break;
        if (af_is(p, af_sym.try_statement) && ts_node_eq(af_field_child(p, af_field.body), n)) {
            bool guards_requests = false;
            uint32_t cn = ts_node_named_child_count(p);
            for (uint32_t i = 0; i < cn; i++) {
                TSNode cl = ts_node_named_child(p, i);
                if (af_is(cl, af_sym.except_group_clause)) {
                    note_unsafe(b, "an `except*` clause guards the call");
                    continue;
                }
                if (!af_is(cl, af_sym.except_clause))
                    continue;
                TSNode v = af_field_child(cl, af_field.value);
                if (ts_node_is_null(v))
                    continue;
                if (af_is(v, af_sym.as_pattern))
                    v = af_first_named(v);
                v = af_unparen(v);
                TSNode items[16];
                uint32_t k = 1;
                items[0] = v;
                if (af_is(v, af_sym.tuple))
                    k = args_of(v, items, 16);
                for (uint32_t j = 0; j < k; j++) {
                    struct af_buf q = AF_BUF_INIT;
                    bool is_req = false;
                    if (af_sem_qualname(&q, file, items[j], r->scope) == 0)
                        map_exception(q.ptr, q.size, &is_req);
                    af_buf_dispose(&q);
                    if (is_req) {
                        guards_requests = true;
                        rewrite_handler_type(b, items[j], r->scope);
                    }
                }
            }
            if (guards_requests) {
                /* other blocking requests calls under the same handlers keep raising requests' errors */
                uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
                for (uint32_t i = 0; i < b->nrecs; i++) {
                    struct rec *o = &b->recs[i];
                    uint32_t at = ts_node_start_byte(o->call);
                    if (o->in_fix || at < s || at >= e)
                        continue;
                    if (o->kind == K_REQUESTS || o->kind == K_SESSION)
                        note_unsafe(b, "the `except` clauses also guard `%s()`, which this fix does not "
                                    "rewrite", o->what);
                }
            }
        }
        n = p;
    }
}

/*
 * The text of a plain one-quoted string literal without prefix or escapes
 * (`"http"`, `'http://p:3128'`), in `out`/`len`; false for anything else.
 */
static bool plain_string(const struct af_file *file, TSNode v, const char **out, uint32_t *len)
{
    uint32_t l;
    const char *t = text_of(file, v, &l);
    if (!af_is(v, af_sym.string) || l < 2 || (t[0] != '"' && t[0] != '\'') || t[l - 1] != t[0])
        return false;
    if (l >= 6 && t[1] == t[0] && t[2] == t[0])
        return false;
    for (uint32_t i = 1; i + 1 < l; i++)
        if (t[i] == '\\' || t[i] == t[0] || (unsigned char)t[i] <= ' ' || (unsigned char)t[i] >= 0x7f)
            return false;
    *out = t + 1;
    *len = l - 2;
    return true;
}

/* true for a host name requests compares as it is: lowercase letters, digits, '.', '-' */
static bool plain_host(const char *h, uint32_t len)
{
    if (len == 0)
        return false;
    for (uint32_t i = 0; i < len; i++)
        if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= '0' && h[i] <= '9') || h[i] == '.' || h[i] == '-'))
            return false;
    return true;
}

/*
 * Maps a requests proxy key to the httpx mount pattern that matches the same
 * URLs: "http" -> "http://", "all" -> "all://", "https://host" stays. `kind`
 * receives 1 for a scheme key, 2 for "all://host", 0 otherwise. NULL when
 * the key has no exact pattern.
 */
static const char *proxy_pattern(struct af_file *file, const char *k, uint32_t kl, int *kind)
{
    static const char *const schemes[] = { "http", "https", "all", NULL };
    *kind = 0;
    if (in_list(schemes, k, kl)) {
        *kind = 1;
        return reason(file, "%.*s://", (int)kl, k);
    }
    for (const char *const *s = schemes; *s; s++) {
        size_t sl = strlen(*s);
        if (kl > sl + 3 && memcmp(k, *s, sl) == 0 && memcmp(k + sl, "://", 3) == 0 &&
            plain_host(k + sl + 3, kl - (uint32_t)sl - 3)) {
            if (strcmp(*s, "all") == 0)
                *kind = 2;
            return reason(file, "%.*s", (int)kl, k);
        }
    }
    return NULL;
}

/*
 * `proxies={"https": "http://p:3128"}` as the client's
 * `mounts={"https://": httpx.AsyncHTTPTransport(proxy=httpx.Proxy("http://p:3128"))}`,
 * appended to `ctor` (httpx 0.23 takes only a `Proxy` there; later
 * versions take it too). Returns why it cannot be, or NULL.
 */
static const char *proxies_mounts(struct af_file *file, int scope, TSNode kv, struct af_buf *ctor)
{
    static const char *const what = "`proxies=` is not a dict literal of string keys and proxy URLs";
    if (!af_is(kv, af_sym.dictionary) || af_node_has_comment(kv, false))
        return what;
    bool need;
    const char *hx = af_sem_module_alias(file, scope, "httpx", &need);
    if (!hx)
        return "the name `httpx` is taken in this module";
    TSNode items[64];
    uint32_t m = args_of(kv, items, 64);
    if (m == 64)
        return what;
    struct af_buf mounts = AF_BUF_INIT;
    const char *why = NULL;
    bool scheme_key = false, all_host_key = false;
    for (uint32_t j = 0; j < m && !why; j++) {
        if (!af_is(items[j], af_sym.pair)) {
            why = what;
            break;
        }
        TSNode kn = af_unparen(af_field_child(items[j], af_field.key));
        TSNode vn = af_unparen(af_field_child(items[j], af_field.value));
        const char *k, *v;
        uint32_t kl, vl;
        if (af_is(vn, af_sym.none)) {
            why = "`proxies=` maps a scheme to None (no proxy), which a mount cannot say the same way";
            break;
        }
        if (!plain_string(file, kn, &k, &kl) || !plain_string(file, vn, &v, &vl)) {
            why = what;
            break;
        }
        int kind;
        const char *pat = proxy_pattern(file, k, kl, &kind);
        if (!pat) {
            why = reason(file, "`proxies=` key \"%.*s\" has no exact httpx mount pattern", (int)kl, k);
            break;
        }
        scheme_key |= kind == 1 && strcmp(pat, "all://") != 0;
        all_host_key |= kind == 2;
        if (!((vl > 7 && memcmp(v, "http://", 7) == 0) || (vl > 8 && memcmp(v, "https://", 8) == 0))) {
            why = "`proxies=` holds a proxy URL that is not http:// or https://";
            break;
        }
        uint32_t ktl, vtl;
        const char *kt = text_of(file, kn, &ktl), *vt = text_of(file, vn, &vtl);
        af_buf_printf(&mounts, "%s%c%s%c: %s.AsyncHTTPTransport(proxy=%s.Proxy(%.*s))", j ? ", " : "", kt[0],
                      pat, kt[0], hx, hx, (int)vtl, vt);
    }
    /* requests prefers "https" to "all://host", httpx the other way round */
    if (!why && scheme_key && all_host_key)
        why = "`proxies=` mixes scheme keys with \"all://host\" keys, which httpx ranks differently";
    if (!why && m)
        af_buf_printf(ctor, ", mounts={%s}", mounts.ptr);
    af_buf_dispose(&mounts);
    return why;
}

/*
 * Checks (fix NULL) or rewrites (fix set) one requests call: its arguments,
 * its callee, the await, its response's uses and its exception handlers.
 * Returns why it cannot be rewritten, or NULL. `ctor` receives what must
 * go to the client's constructor (", verify=False").
 */
static const char *rewrite_call(struct build *b, struct rec *r, struct af_buf *ctor)
{
    struct af_file *file = b->file;
    TSNode call = r->call;
    TSNode al = af_field_child(call, af_field.arguments);
    if (!af_is(al, af_sym.argument_list))
        return "the call's argument is a generator expression";
    if (af_is(ts_node_parent(call), af_sym.await))
        return "the call is already awaited";
    TSNode args[64];
    uint32_t n = args_of(al, args, 64);
    if (n == 64)
        return "too many arguments";
    uint32_t max_pos = af_streq(r->verb, strlen(r->verb), "request") ? 2 : 1;
    uint32_t npos = 0;
    bool has_redirects = false, has_tls = false, has_proxies = false;
    bool head = strcmp(r->verb, "head") == 0;
    struct af_buf t = AF_BUF_INIT;
    const char *why = NULL;
    for (uint32_t i = 0; i < n && !why; i++) {
        TSNode a = args[i];
        if (af_is(a, af_sym.list_splat) || af_is(a, af_sym.dictionary_splat)) {
            why = "`*args`/`**kwargs` hide which arguments are passed";
            break;
        }
        if (!af_is(a, af_sym.keyword_argument)) {
            if (++npos > max_pos)
                why = "a positional argument after the URL (httpx takes only keywords there)";
            continue;
        }
        TSNode kn = af_field_child(a, af_field.name), kv = af_unparen(af_field_child(a, af_field.value));
        uint32_t kl;
        const char *k = text_of(file, kn, &kl);
        if (af_streq(k, kl, "url") || af_streq(k, kl, "method") || af_streq(k, kl, "json") ||
            af_streq(k, kl, "cookies")) {
            continue;
        } else if (af_streq(k, kl, "headers")) {
            if (af_is(kv, af_sym.dictionary)) {
                TSNode items[64];
                uint32_t m = args_of(kv, items, 64);
                for (uint32_t j = 0; j < m; j++)
                    if (af_is(items[j], af_sym.pair) &&
                        af_is(af_unparen(af_field_child(items[j], af_field.value)), af_sym.none))
                        why = "`headers=` holds a None value (requests drops the header, httpx rejects it)";
            }
        } else if (af_streq(k, kl, "params")) {
            why = params_problem(file, kv);
        } else if (af_streq(k, kl, "data")) {
            if (af_is(kv, af_sym.dictionary) || af_is(kv, af_sym.none))
                continue;
            if (!known_str(file, kv, r->scope)) {
                why = "cannot tell whether `data=` holds a form dict or raw str/bytes (`content=` in httpx)";
                break;
            }
            if (b->fix)
                af_fix_replace_str(b->fix, ts_node_start_byte(kn), ts_node_end_byte(kn), "content");
        } else if (af_streq(k, kl, "timeout")) {
            if (af_is(kv, af_sym.integer) || af_is(kv, af_sym.float_) || af_is(kv, af_sym.none))
                continue;
            TSNode parts[4];
            if (af_is(kv, af_sym.tuple) && args_of(kv, parts, 4) == 2 && !af_node_has_comment(kv, false)) {
                if (b->fix) {
                    uint32_t l0, l1;
                    const char *t0 = text_of(file, parts[0], &l0), *t1 = text_of(file, parts[1], &l1);
                    af_buf_clear(&t);
                    af_buf_printf(&t, "%s.Timeout(None, connect=%.*s, read=%.*s)", b->hx, (int)l0, t0,
                                  (int)l1, t1);
                    TSNode raw = af_field_child(a, af_field.value);
                    af_fix_replace(b->fix, ts_node_start_byte(raw), ts_node_end_byte(raw), t.ptr, t.size);
                }
                continue;
            }
            note_unsafe(b, "`timeout=` may be a (connect, read) tuple, which httpx reads differently");
        } else if (af_streq(k, kl, "allow_redirects")) {
            has_redirects = true;
            if (b->fix)
                af_fix_replace_str(b->fix, ts_node_start_byte(kn), ts_node_end_byte(kn), "follow_redirects");
        } else if (af_streq(k, kl, "verify") || af_streq(k, kl, "cert") || af_streq(k, kl, "proxies")) {
            /* client settings in httpx: moved to the constructor */
            bool proxies = af_streq(k, kl, "proxies");
            has_proxies |= proxies;
            has_tls |= !proxies;
            if (b->session) {
                why = reason(file, "`%.*s=` on a session call (httpx sets it per client)", (int)kl, k);
                break;
            }
            if (i == 0 || af_is(ts_node_prev_named_sibling(a), af_sym.comment)) {
                why = reason(file, "`%.*s=` comes first or after a comment", (int)kl, k);
                break;
            }
            if (proxies) {
                if ((why = proxies_mounts(file, r->scope, kv, ctor)))
                    break;
            } else {
                uint32_t vl;
                const char *vt = text_of(file, af_field_child(a, af_field.value), &vl);
                if (memchr(vt, '\n', vl)) {
                    why = "`verify=`/`cert=` spans lines";
                    break;
                }
                af_buf_printf(ctor, ", %.*s=%.*s", (int)kl, k, (int)vl, vt);
            }
            if (b->fix)
                af_fix_replace_str(b->fix, ts_node_end_byte(args[i - 1]), ts_node_end_byte(a), "");
        } else if (af_streq(k, kl, "auth")) {
            TSNode parts[4];
            if (!(af_is(kv, af_sym.none) || (af_is(kv, af_sym.tuple) && args_of(kv, parts, 4) == 2)))
                why = "`auth=` is not a (user, password) tuple: requests auth classes do not work with httpx";
        } else if (af_streq(k, kl, "hooks")) {
            why = "`hooks=` has no per-request equivalent in httpx (event hooks belong to the client)";
        } else if (af_streq(k, kl, "stream")) {
            if (!b->stream || !af_is(kv, af_sym.true_) || i == 0) {
                why = "`stream=` needs `client.stream(...)` and async iteration of the body";
                break;
            }
            if (b->fix)
                af_fix_replace_str(b->fix, ts_node_end_byte(args[i - 1]), ts_node_end_byte(a), "");
        } else if (af_streq(k, kl, "files")) {
            why = "`files=` multipart bodies are not checked to map";
        } else {
            why = reason(file, "`%.*s=` has no known httpx equivalent", (int)kl, k);
        }
    }
    af_buf_dispose(&t);
    /* a mounted transport does not take the client's verify/cert */
    if (!why && has_tls && has_proxies)
        why = "`proxies=` with `verify=`/`cert=` (the mounted transports would not take them)";
    if (why)
        return why;
    if (b->stream) {
        if (head)
            return "a streamed `head`";
        if (b->fix) {
            TSNode fn = af_field_child(call, af_field.function);
            struct af_buf callee = AF_BUF_INIT;
            af_buf_printf(&callee, "%s.stream", b->client);
            af_fix_replace(b->fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
            af_buf_clear(&callee);
            if (strcmp(r->verb, "request") != 0) {
                for (const char *v = r->verb; *v; v++)
                    af_buf_putc(&callee, (char)(*v - 'a' + 'A'));
                af_fix_insert(b->fix, ts_node_start_byte(al) + 1, "\"");
                af_fix_insert(b->fix, ts_node_start_byte(al) + 1, callee.ptr);
                af_fix_insert(b->fix, ts_node_start_byte(al) + 1, "\", ");
            }
            af_buf_dispose(&callee);
        }
        handlers_of(b, r);
        return NULL;
    }
    if (head && !has_redirects && b->fix && b->ctor_follow)
        append_keyword(b, call, "follow_redirects=False");

    /* the response's uses first: `(not ` goes before `(await ` at the same byte */
    if ((why = response_of(b, r)))
        return why;
    if (b->fix) {
        if (b->client) {
            TSNode fn = af_field_child(call, af_field.function);
            struct af_buf callee = AF_BUF_INIT;
            af_buf_printf(&callee, "%s.%s", b->client, r->verb);
            af_fix_replace(b->fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
            af_buf_dispose(&callee);
        }
        af_rewrite_await(b->fix, file, call);
    }
    handlers_of(b, r);
    return NULL;
}

/* ---- grouping and reporting ---- */

static void report_rec(struct af_sink *sink, struct af_file *file, struct rec *r, struct af_fix *fix)
{
    if (fix || !r->why)
        af_report(sink, r->call, fix,
                  "blocking `%s()` in async function `%s`: it stops the event loop",
                  r->what, af_sem_scope_name(file, r->fscope));
    else
        af_report(sink, r->call, NULL,
                  "blocking `%s()` in async function `%s`: it stops the event loop "
                  "(not rewritten: %s)", r->what, af_sem_scope_name(file, r->fscope), r->why);
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

static void finish_message(struct build *b, const char *what)
{
    struct af_buf msg = AF_BUF_INIT;
    af_buf_puts(&msg, what);
    if (b->raise_for_status)
        af_buf_puts(&msg, "; note: httpx's `raise_for_status()` also raises on 1xx/3xx answers "
                          "(requests only on 4xx/5xx)");
    if (b->unsafe.size) {
        b->fix->applicability = AF_UNSAFE;
        af_buf_printf(&msg, "; unsafe: %s", b->unsafe.ptr);
    }
    af_fix_set_message(b->fix, "%s", msg.ptr);
    af_buf_dispose(&msg);
}

static void build_init(struct build *b, struct af_file *file, struct rec *recs, uint32_t n)
{
    memset(b, 0, sizeof(*b));
    b->file = file;
    b->recs = recs;
    b->nrecs = n;
    b->hx = "httpx";
}

static bool statement_ok(TSNode stmt)
{
    return !af_is(stmt, af_sym.function_definition) && !af_is(stmt, af_sym.class_definition) &&
           !af_is(stmt, af_sym.decorated_definition);
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
    if (ts_node_eq(owner, fnode) || ts_node_eq(owner, block) || !statement_ok(owner) ||
        af_source_line_of(file->src, ts_node_start_byte(owner)) !=
            af_source_line_of(file->src, ts_node_start_byte(stmt)))
        return stmt;
    return owner;
}

/* fixes the requests calls recs[first..last) (whole statements, consecutive) as one client block */
static void fix_group(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t nrecs,
                      struct rec **group, uint32_t ng)
{
    struct rec *r0 = group[0];
    const char *why = NULL;
    struct af_fix *fix = NULL;
    struct build b;
    build_init(&b, file, recs, nrecs);
    TSNode fnode = file->sem.scopes[r0->fscope].node;
    bool need;
    const char *hx = af_sem_module_alias(file, r0->scope, "httpx", &need);
    const char *client = fresh_client(file, fnode);
    if (!hx) {
        why = "the name `httpx` is taken in this module";
        goto report;
    }
    if (!client) {
        why = "no free name for the client";
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
        why = "the statement shares its line with another";
        goto report;
    }
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf scratch = AF_BUF_INIT;
    for (uint32_t i = 0; i < ng && !why; i++) {
        af_buf_clear(&scratch);
        why = rewrite_call(&b, group[i], &scratch);
    }
    af_buf_dispose(&scratch);
    if (!why) {
        struct af_buf what = AF_BUF_INIT;
        af_buf_printf(&what, "Wrap in `%s:` and await `%s.%s(...)`", header.ptr, client, r0->verb);
        finish_message(&b, what.ptr);
        af_buf_dispose(&what);
    }
    af_buf_dispose(&header);
report:
    for (uint32_t i = 0; i < ng; i++)
        group[i]->in_fix = false;
    if (why) {
        af_fix_free(fix);
        fix = NULL;
        for (uint32_t i = 0; i < ng; i++)
            if (!group[i]->why)
                group[i]->why = why;
    }
    for (uint32_t i = 0; i < ng; i++)
        report_rec(sink, file, group[i], i == 0 ? fix : af_fix_share(fix));
    af_buf_dispose(&b.unsafe);
}

static const char *stream_uses(struct build *b, struct rec *r, TSNode *last, TSNode *close);
static void fix_stream(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n,
                       struct rec *r);

static void check_requests(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
{
    /* analysis: which calls map, what goes to the constructor */
    struct build b;
    build_init(&b, file, recs, n);
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_REQUESTS)
            continue;
        r->stmt = af_stmt_of(r->call);
        if (!statement_ok(r->stmt)) {
            r->why = "the call is in a def or class header";
            continue;
        }
        if (r->noqa) {
            r->why = "suppressed with noqa";
            continue;
        }
        struct af_buf ctor = AF_BUF_INIT;
        r->why = rewrite_call(&b, r, &ctor);
        if (r->why && strstr(r->why, "`stream=`")) {
            /* `r = requests.get(u, stream=True)` with the body iterated: client.stream */
            TSNode last, close;
            b.stream = true;
            af_buf_clear(&ctor);
            const char *why = rewrite_call(&b, r, &ctor);
            if (!why)
                why = stream_uses(&b, r, &last, &close);
            b.stream = false;
            if (!why) {
                r->why = NULL;
                r->stream = true;
            } else {
                r->why = why;
            }
        }
        if (ctor.size)
            r->ctor = af_arena_strndup(&file->arena, ctor.ptr, ctor.size);
        af_buf_dispose(&ctor);
    }
    af_buf_dispose(&b.unsafe);
    /* a statement is fixable when all its requests calls are; one client per statement needs one ctor */
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_REQUESTS || r->why)
            continue;
        for (uint32_t j = 0; j < n; j++) {
            struct rec *o = &recs[j];
            if (j == i || o->kind != K_REQUESTS || !ts_node_eq(o->stmt, r->stmt))
                continue;
            if (o->why && !strstr(o->why, "another"))
                r->why = reason(file, "another requests call in the statement cannot be rewritten: %s",
                                o->why);
            else if (o->ctor && r->ctor && j < i)
                r->why = "two calls in one statement set `verify=`/`cert=`";
        }
    }
    /* groups: consecutive statements of one block, sharing one client */
    struct rec **group = af_malloc((n ? n : 1) * sizeof(*group));
    uint32_t ng = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_REQUESTS)
            continue;
        if (r->why) {
            report_rec(sink, file, r, NULL);
            continue;
        }
        if (r->stream) {
            if (ng)
                fix_group(sink, file, recs, n, group, ng);
            ng = 0;
            fix_stream(sink, file, recs, n, r);
            continue;
        }
        if (ng) {
            struct rec *l = group[ng - 1];
            bool same = ts_node_eq(l->stmt, r->stmt);
            bool next = ts_node_eq(af_stmt_prev(r->stmt), l->stmt);
            bool alone = (r->ctor || group[0]->ctor) && !same;
            if (!((same || next) && !alone)) {
                fix_group(sink, file, recs, n, group, ng);
                ng = 0;
            }
        }
        group[ng++] = r;
    }
    if (ng)
        fix_group(sink, file, recs, n, group, ng);
    free(group);
}

/* ---- `with requests.Session() as s:` ---- */

static const char *session_uses(struct af_file *file, TSNode with, TSNode body, TSNode ident,
                                struct rec *recs, uint32_t n)
{
    uint32_t nlen;
    const char *name = text_of(file, ident, &nlen);
    TSTreeCursor c = ts_tree_cursor_new(body);
    const char *why = NULL;
    for (;;) {
        TSNode id = ts_tree_cursor_current_node(&c);
        uint32_t l;
        const char *t;
        if (ts_node_symbol(id) == af_sym.identifier && (t = text_of(file, id, &l)) && l == nlen &&
            memcmp(t, name, l) == 0) {
            TSNode p = ts_node_parent(id);
            if (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), id)) {
                uint32_t al;
                const char *a = text_of(file, af_field_child(p, af_field.attribute), &al);
                TSNode pc = ts_node_parent(p);
                bool is_call = af_is(pc, af_sym.call) && ts_node_eq(af_field_child(pc, af_field.function), p);
                bool known = false;
                if (is_call)
                    for (uint32_t i = 0; i < n; i++)
                        if (ts_node_eq(recs[i].call, pc) && ts_node_eq(recs[i].session_with, with))
                            known = true;
                if (is_call && !known && in_list(verbs, a, al)) {
                    why = "the session is used outside the async function's own body";
                    break;
                }
                if (!(is_call && known) && !af_streq(a, al, "headers")) {
                    why = reason(file, "the session's `.%.*s` is used (only request methods and "
                                 "`.headers` are rewritten)", (int)al, a);
                    break;
                }
            } else if (!(af_is(p, af_sym.attribute) || af_is(p, af_sym.keyword_argument))) {
                why = "the session is passed on or rebound";
                break;
            }
        }
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        bool more = false;
        while (!(more = ts_tree_cursor_goto_next_sibling(&c)))
            if (!ts_tree_cursor_goto_parent(&c))
                break;
        if (!more)
            break;
    }
    ts_tree_cursor_delete(&c);
    return why;
}


/*
 * Reports every call on the session keyed by `key` (its `with` statement, or
 * its assignment when `by_with` is false), the first with `fix` and the others
 * with copies; with `why` the fix is dropped and each says why. `kind` is
 * K_SESSION or K_HTTPX_CLIENT; an httpx client whose fix fails is not
 * reported here: the worker-thread fix applies to its calls.
 */
static void report_session_group(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n,
                                 enum http_kind kind, TSNode key, bool by_with, struct af_fix *fix,
                                 const char *why)
{
    if (why) {
        af_fix_free(fix);
        fix = NULL;
    }
    bool given = false;
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != kind || !ts_node_eq(by_with ? r->session_with : r->session_assign, key))
            continue;
        r->in_fix = false;
        if (why && kind == K_HTTPX_CLIENT)
            continue;
        if (why)
            r->why = why;
        report_rec(sink, file, r, given ? af_fix_share(fix) : fix);
        r->reported = true;
        given = true;
    }
}

static void fix_session(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n,
                        TSNode with)
{
    const char *why = NULL;
    struct af_fix *fix = NULL;
    struct build b;
    build_init(&b, file, recs, n);
    TSNode clause = af_first_named(with);
    TSNode items[4];
    uint32_t ni = af_is(clause, af_sym.with_clause) ? args_of(clause, items, 4) : 0;
    TSNode ap = ni == 1 ? af_field_child(items[0], af_field.value) : af_null_node();
    TSNode ctor_call = af_first_named(ap);
    TSNode target = af_first_named(af_field_child(ap, af_field.alias));
    TSNode body = af_field_child(with, af_field.body);
    struct rec *first = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].kind == K_SESSION && ts_node_eq(recs[i].session_with, with)) {
            recs[i].in_fix = true;
            if (!first)
                first = &recs[i];
        }
    if (!first)
        return;
    bool need;
    const char *hx = af_sem_module_alias(file, first->scope, "httpx", &need);
    if (ni != 1 || !af_is(ap, af_sym.as_pattern) || !af_is(target, af_sym.identifier)) {
        why = "the `with` statement opens more than the session";
        goto report;
    }
    if (af_node_is_async(with)) {
        why = "the `with` is already async";
        goto report;
    }
    TSNode cargs = af_field_child(ctor_call, af_field.arguments);
    TSNode tmp[2];
    if (!af_is(cargs, af_sym.argument_list) || args_of(cargs, tmp, 2) != 0) {
        why = "`requests.Session(...)` takes arguments";
        goto report;
    }
    if (!hx) {
        why = "the name `httpx` is taken in this module";
        goto report;
    }
    if ((why = session_uses(file, with, body, target, recs, n)))
        goto report;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].noqa && recs[i].kind == K_SESSION && ts_node_eq(recs[i].session_with, with))
            why = "a call on the session is suppressed with noqa";
    if (why)
        goto report;
    fix = af_fix_new(AF_SAFE);
    b.fix = fix;
    b.hx = hx;
    b.client = NULL;
    b.session = true;
    b.ctor_follow = true;
    af_fix_insert(fix, ts_node_start_byte(with), "async ");
    struct af_buf t = AF_BUF_INIT;
    af_buf_printf(&t, "%s.AsyncClient(follow_redirects=True, timeout=None)", hx);
    af_fix_replace(fix, ts_node_start_byte(ctor_call), ts_node_end_byte(ctor_call), t.ptr, t.size);
    af_buf_dispose(&t);
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf scratch = AF_BUF_INIT;
    for (uint32_t i = 0; i < n && !why; i++) {
        if (recs[i].kind != K_SESSION || !ts_node_eq(recs[i].session_with, with))
            continue;
        if (!af_sem_in_async(file, recs[i].scope) || recs[i].fscope != first->fscope) {
            why = "the session is used in a nested function";
            break;
        }
        af_buf_clear(&scratch);
        why = rewrite_call(&b, &recs[i], &scratch);
    }
    af_buf_dispose(&scratch);
    if (!why)
        finish_message(&b, "Open the session as `async with httpx.AsyncClient(follow_redirects=True, "
                           "timeout=None)` and await its requests");
report:
    report_session_group(sink, file, recs, n, K_SESSION, with, true, fix, why);
    af_buf_dispose(&b.unsafe);
}

/*
 * Why the session bound by `assign` (`s = requests.Session()`) cannot become
 * an `async with` block over the statements that use it, or NULL; *first and
 * *last receive those statements, *close the trailing `s.close()` statement
 * (or null).
 */
static const char *assigned_session_uses(struct af_file *file, TSNode fnode, TSNode assign, TSNode ident,
                                         struct rec *recs, uint32_t n, TSNode *first, TSNode *last,
                                         TSNode *close)
{
    TSNode block = ts_node_parent(assign);
    uint32_t nlen;
    const char *name = text_of(file, ident, &nlen);
    *first = *last = *close = af_null_node();
    TSTreeCursor c = ts_tree_cursor_new(fnode);
    const char *why = NULL;
    for (;;) {
        TSNode id = ts_tree_cursor_current_node(&c);
        uint32_t l;
        const char *t;
        if (ts_node_symbol(id) == af_sym.identifier && !ts_node_eq(id, ident) &&
            (t = text_of(file, id, &l)) && l == nlen && memcmp(t, name, l) == 0) {
            TSNode p = ts_node_parent(id);
            if (af_is(p, af_sym.attribute) && !ts_node_eq(af_field_child(p, af_field.object), id))
                goto next;
            if (af_is(p, af_sym.keyword_argument) && ts_node_eq(af_field_child(p, af_field.name), id))
                goto next;
            TSNode sib = af_stmt_in_block(file, id, block);
            if (ts_node_is_null(sib) || ts_node_start_byte(sib) < ts_node_end_byte(assign)) {
                why = "the session is used outside the statements that follow it in its block";
                break;
            }
            if (!af_is(p, af_sym.attribute)) {
                why = "the session is passed on or rebound";
                break;
            }
            uint32_t al;
            const char *a = text_of(file, af_field_child(p, af_field.attribute), &al);
            TSNode pc = ts_node_parent(p);
            bool is_call = af_is(pc, af_sym.call) && ts_node_eq(af_field_child(pc, af_field.function), p);
            bool known = false;
            for (uint32_t i = 0; is_call && i < n; i++)
                if (ts_node_eq(recs[i].call, pc) && ts_node_eq(recs[i].session_assign, assign) &&
                    strcmp(recs[i].verb, "stream") != 0)
                    known = true;
            TSNode nargs[2];
            if (is_call && af_streq(a, al, "close") &&
                args_of(af_field_child(pc, af_field.arguments), nargs, 2) == 0 &&
                af_is(sib, af_sym.expression_statement) && ts_node_eq(af_first_named(sib), pc) &&
                ts_node_is_null(*close)) {
                *close = sib;
            } else if (!(is_call && known) && !af_streq(a, al, "headers")) {
                why = reason(file, "the session's `.%.*s` is used (only request methods, `.headers` "
                             "and a final `.close()` are rewritten)", (int)al, a);
                break;
            }
            if (ts_node_is_null(*first))
                *first = sib;
            if (ts_node_is_null(*last) || ts_node_start_byte(sib) > ts_node_start_byte(*last))
                *last = sib;
        }
next:
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        bool more = false;
        while (!(more = ts_tree_cursor_goto_next_sibling(&c)))
            if (!ts_tree_cursor_goto_parent(&c))
                break;
        if (!more)
            break;
    }
    ts_tree_cursor_delete(&c);
    if (why)
        return why;
    if (!ts_node_is_null(*close)) {
        if (!ts_node_eq(*close, *last))
            return "the session is used after `.close()`";
        if (!af_stmt_alone_on_lines(file, *close))
            return "`.close()` shares its line with another statement";
        *last = af_stmt_prev(*close);
        if (ts_node_is_null(*last) || ts_node_start_byte(*last) <= ts_node_end_byte(assign))
            return "nothing but `.close()` uses the session";
    }
    if (ts_node_is_null(*first))
        return "the session is not used";
    /* the block starts right after the assignment */
    *first = af_stmt_next(assign);
    return NULL;
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
    const char *why = NULL;
    struct af_fix *fix = NULL;
    struct build b;
    build_init(&b, file, recs, n);
    TSNode asg = af_first_named(assign);
    TSNode ident = af_field_child(asg, af_field.left);
    TSNode ctor_call = af_field_child(asg, af_field.right);
    struct rec *r0 = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].kind == kind && ts_node_eq(recs[i].session_assign, assign)) {
            recs[i].in_fix = true;
            if (!r0)
                r0 = &recs[i];
        }
    if (!r0)
        return;
    bool need;
    const char *hx = af_sem_module_alias(file, r0->scope, "httpx", &need);
    TSNode cargs = af_field_child(ctor_call, af_field.arguments);
    TSNode tmp[2], first, last, close;
    bool client = kind == K_HTTPX_CLIENT;
    uint32_t cal;
    const char *cat = text_of(file, cargs, &cal);
    if (!af_is(cargs, af_sym.argument_list) || (!client && args_of(cargs, tmp, 2) != 0)) {
        why = "`requests.Session(...)` takes arguments";
        goto report;
    }
    if (client && (memchr(cat, '\n', cal) || memchr(cat, '\r', cal) || af_node_has_comment(cargs, false))) {
        why = "the client's constructor spans lines";
        goto report;
    }
    if (!hx) {
        why = "the name `httpx` is taken in this module";
        goto report;
    }
    if (!af_stmt_alone_on_lines(file, assign) || af_node_has_comment(assign, false)) {
        why = "the session's assignment shares its line";
        goto report;
    }
    if ((why = assigned_session_uses(file, file->sem.scopes[r0->fscope].node, assign, ident, recs, n,
                                     &first, &last, &close)))
        goto report;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].noqa && recs[i].kind == kind && ts_node_eq(recs[i].session_assign, assign))
            why = "a call on the session is suppressed with noqa";
    if (why)
        goto report;
    fix = af_fix_new(AF_SAFE);
    b.fix = fix;
    b.hx = hx;
    b.client = NULL;
    b.session = true;
    b.ctor_follow = true;
    uint32_t il;
    const char *it = text_of(file, ident, &il);
    struct af_buf header = AF_BUF_INIT;
    if (client)
        af_buf_printf(&header, "async with %s.AsyncClient%.*s as %.*s", hx, (int)cal, cat, (int)il, it);
    else
        af_buf_printf(&header, "async with %s.AsyncClient(follow_redirects=True, timeout=None) as %.*s",
                      hx, (int)il, it);
    af_rewrite_delete_lines(fix, file, assign);
    if (af_rewrite_wrap(fix, file, first, last, header.ptr) < 0) {
        af_buf_dispose(&header);
        why = "the statements using the session share lines with others";
        goto report;
    }
    af_buf_dispose(&header);
    if (!ts_node_is_null(close))
        af_rewrite_delete_lines(fix, file, close);
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf scratch = AF_BUF_INIT;
    for (uint32_t i = 0; i < n && !why; i++) {
        if (recs[i].kind != kind || !ts_node_eq(recs[i].session_assign, assign))
            continue;
        if (client) {
            /* same library: the arguments keep their meaning */
            af_rewrite_await(fix, file, recs[i].call);
            continue;
        }
        af_buf_clear(&scratch);
        why = rewrite_call(&b, &recs[i], &scratch);
    }
    af_buf_dispose(&scratch);
    if (!why && client)
        af_fix_set_message(fix, "Open the client as `async with %s.AsyncClient(...)` over the statements "
                                "that use it, and await its requests", hx);
    else if (!why)
        finish_message(&b, "Open the session as `async with httpx.AsyncClient(follow_redirects=True, "
                           "timeout=None)` over the statements that use it, and await its requests");
report:
    report_session_group(sink, file, recs, n, kind, assign, false, fix, why);
    af_buf_dispose(&b.unsafe);
}

/* ---- `r = requests.get(u, stream=True)` -> `async with client.stream("GET", u) as r:` ---- */

/*
 * Checks (b->fix NULL) or rewrites the uses of a streamed response: every use
 * lies in the statements after the assignment in its block; `for x in
 * r.iter_content(n)` becomes `async for x in r.aiter_bytes(n)`; attributes
 * known without the body are kept (`.ok`, `.url`, `.reason` mapped); a last
 * `r.close()` statement goes. *last receives the last statement to keep in
 * the block, *close the `r.close()` statement or null.
 */
static const char *stream_uses(struct build *b, struct rec *r, TSNode *last, TSNode *close)
{
    static const char *const header_attrs[] = {
        "status_code", "headers", "encoding", "history", "is_redirect", "elapsed", "cookies",
        "request", "links", "raise_for_status", "ok", "url", "reason", NULL,
    };
    struct af_file *file = b->file;
    TSNode stmt = r->stmt;
    TSNode asg = af_first_named(stmt);
    *last = *close = af_null_node();
    if (!af_is(stmt, af_sym.expression_statement) || !af_is(asg, af_sym.assignment) ||
        !ts_node_eq(af_field_child(asg, af_field.right), r->call) ||
        !af_is(af_field_child(asg, af_field.left), af_sym.identifier) || !af_stmt_alone_on_lines(file, stmt))
        return "`stream=True` is rewritten only in `name = requests.get(..., stream=True)` on its own line";
    TSNode ident = af_field_child(asg, af_field.left);
    TSNode block = ts_node_parent(stmt);
    TSNode fnode = file->sem.scopes[r->fscope].node;
    uint32_t nlen;
    const char *name = text_of(file, ident, &nlen);
    const struct af_binding *bd = af_sem_binding_in(file, r->fscope, name, nlen);
    if (!bd || bd->count != 1 || bd->mixed)
        return "the streamed response's name is bound more than once";
    TSTreeCursor c = ts_tree_cursor_new(fnode);
    const char *why = NULL;
    for (;;) {
        TSNode id = ts_tree_cursor_current_node(&c);
        uint32_t l;
        const char *t;
        if (ts_node_symbol(id) == af_sym.identifier && !ts_node_eq(id, ident) &&
            (t = text_of(file, id, &l)) && l == nlen && memcmp(t, name, l) == 0) {
            TSNode p = ts_node_parent(id);
            if ((af_is(p, af_sym.attribute) && !ts_node_eq(af_field_child(p, af_field.object), id)) ||
                (af_is(p, af_sym.keyword_argument) && ts_node_eq(af_field_child(p, af_field.name), id)))
                goto next;
            TSNode sib = af_stmt_in_block(file, id, block);
            if (ts_node_is_null(sib) || ts_node_start_byte(sib) < ts_node_end_byte(stmt)) {
                why = "the streamed response is used outside the statements after it";
                break;
            }
            if (!af_is(p, af_sym.attribute)) {
                why = "the streamed response is passed on";
                break;
            }
            TSNode an = af_field_child(p, af_field.attribute);
            uint32_t al;
            const char *a = text_of(file, an, &al);
            TSNode pc = ts_node_parent(p);
            bool is_call = af_is(pc, af_sym.call) && ts_node_eq(af_field_child(pc, af_field.function), p);
            TSNode cargs[4];
            uint32_t nargs = is_call ? args_of(af_field_child(pc, af_field.arguments), cargs, 4) : 0;
            if (af_streq(a, al, "iter_content")) {
                TSNode loop = ts_node_parent(pc);
                bool plain = nargs == 0 ||
                             (nargs == 1 && (!af_is(cargs[0], af_sym.keyword_argument) ||
                                             af_node_text_is(af_field_child(cargs[0], af_field.name),
                                                             file->src->data, "chunk_size")));
                if (!is_call || !plain || !af_is(loop, af_sym.for_statement) ||
                    !ts_node_eq(af_field_child(loop, af_field.right), pc) || af_node_is_async(loop)) {
                    why = "`.iter_content()` is rewritten only as the iterable of a `for` with at most a "
                          "chunk size";
                    break;
                }
                if (b->fix) {
                    af_fix_insert(b->fix, ts_node_start_byte(loop), "async ");
                    af_fix_replace_str(b->fix, ts_node_start_byte(an), ts_node_end_byte(an), "aiter_bytes");
                    if (nargs == 0)   /* requests' default chunk size is 1 byte */
                        af_fix_insert(b->fix, ts_node_start_byte(af_field_child(pc, af_field.arguments)) + 1, "1");
                }
            } else if (af_streq(a, al, "close") && is_call && nargs == 0 &&
                       af_is(sib, af_sym.expression_statement) && ts_node_eq(af_first_named(sib), pc) &&
                       ts_node_is_null(*close)) {
                *close = sib;
            } else if (in_list(header_attrs, a, al)) {
                if ((why = response_attribute(b, p)))
                    break;
            } else {
                why = reason(file, "the streamed response's `.%.*s` needs the body read first", (int)al, a);
                break;
            }
            if (ts_node_is_null(*last) || ts_node_start_byte(sib) > ts_node_start_byte(*last))
                *last = sib;
        }
next:
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        bool more = false;
        while (!(more = ts_tree_cursor_goto_next_sibling(&c)))
            if (!ts_tree_cursor_goto_parent(&c))
                break;
        if (!more)
            break;
    }
    ts_tree_cursor_delete(&c);
    if (why)
        return why;
    if (ts_node_is_null(*last))
        return "the streamed response is not used";
    if (!ts_node_is_null(*close)) {
        if (!ts_node_eq(*close, *last))
            return "the streamed response is used after `.close()`";
        if (!af_stmt_alone_on_lines(file, *close))
            return "`.close()` shares its line with another statement";
        *last = af_stmt_prev(*close);
        if (ts_node_is_null(*last) || ts_node_start_byte(*last) <= ts_node_end_byte(stmt))
            return "nothing but `.close()` uses the streamed response";
    }
    if (!af_stmt_ends_line(file, ts_node_end_byte(*last)))
        return "the last statement using the response shares its line";
    return NULL;
}

static void fix_stream(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n,
                       struct rec *r)
{
    const char *why = NULL;
    struct build b;
    build_init(&b, file, recs, n);
    TSNode fnode = file->sem.scopes[r->fscope].node;
    bool need;
    const char *hx = af_sem_module_alias(file, r->scope, "httpx", &need);
    const char *client = fresh_client(file, fnode);
    struct af_fix *fix = NULL;
    if (!hx || !client) {
        why = !hx ? "the name `httpx` is taken in this module" : "no free name for the client";
        goto report;
    }
    r->in_fix = true;
    fix = af_fix_new(AF_SAFE);
    b.fix = fix;
    b.hx = hx;
    b.client = client;
    b.stream = true;
    b.ctor_follow = true;
    TSNode stmt = r->stmt, asg = af_first_named(stmt);
    TSNode ident = af_field_child(asg, af_field.left);
    TSNode last, close;
    /* the header replaces `r = `; the call stays in place */
    const char *ind;
    uint32_t il, nl;
    af_stmt_indent(file, ts_node_start_byte(stmt), &ind, &il);
    struct af_buf unit = AF_BUF_INIT, t = AF_BUF_INIT;
    af_stmt_indent_unit(&unit, file, stmt);
    const char *name = text_of(file, ident, &nl);
    if ((why = stream_uses(&b, r, &last, &close)))
        goto done;
    struct af_buf ctor = AF_BUF_INIT;
    why = rewrite_call(&b, r, &ctor);
    af_buf_printf(&t, "async with %s.AsyncClient(follow_redirects=True, timeout=None%s) as %s:%s%.*s%sasync with ",
                  hx, ctor.size ? ctor.ptr : "", client, af_source_newline(file->src), (int)il, ind, unit.ptr);
    af_buf_dispose(&ctor);
    if (why)
        goto done;
    af_fix_replace(fix, ts_node_start_byte(stmt), ts_node_start_byte(r->call), t.ptr, t.size);
    af_buf_clear(&t);
    af_buf_printf(&t, " as %.*s:", (int)nl, name);
    af_fix_insert(fix, ts_node_end_byte(r->call), t.ptr);
    /* the statements using the response go two units deeper */
    const struct af_source *src = file->src;
    uint32_t line = af_source_line_of(src, ts_node_end_byte(stmt)) + 1;
    uint32_t last_line = af_source_line_of(src, ts_node_end_byte(last));
    af_buf_clear(&t);
    af_buf_printf(&t, "%s%s", unit.ptr, unit.ptr);
    af_rewrite_indent_lines(fix, file, line, last_line, t.ptr);
    af_fix_insert(fix, ts_node_end_byte(last), "");
    if (!ts_node_is_null(close))
        af_rewrite_delete_lines(fix, file, close);
    if (need)
        af_fix_need_import(fix, "httpx");
    struct af_buf what = AF_BUF_INIT;
    af_buf_printf(&what, "Stream with `async with %s.stream(...) as %.*s:` in an httpx.AsyncClient and "
                  "`async for` over `.aiter_bytes()`", client, (int)nl, name);
    finish_message(&b, what.ptr);
    af_buf_dispose(&what);
done:
    af_buf_dispose(&unit);
    af_buf_dispose(&t);
report:
    r->in_fix = false;
    if (why) {
        af_fix_free(fix);
        fix = NULL;
        r->why = why;
    }
    report_rec(sink, file, r, fix);
    af_buf_dispose(&b.unsafe);
}

/* true when a call before recs[i] of `kind` is on the same assigned session or client */
static bool assign_seen(const struct rec *recs, uint32_t i, enum http_kind kind)
{
    for (uint32_t j = 0; j < i; j++)
        if (recs[j].kind == kind && ts_node_eq(recs[j].session_assign, recs[i].session_assign))
            return true;
    return false;
}

static void check_sessions(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
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
            report_rec(sink, file, r, NULL);
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
    uint32_t ni = af_is(clause, af_sym.with_clause) ? args_of(clause, items, 4) : 0;
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
    const char *hx = first ? af_sem_module_alias(file, first->scope, "httpx", &need) : NULL;
    if (!hx || ni != 1 || !af_is(ap, af_sym.as_pattern) || !af_is(target, af_sym.identifier) ||
        !af_is(ctor_call, af_sym.call) || af_node_is_async(with) ||
        session_uses(file, with, af_field_child(with, af_field.body), target, recs, n))
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
    bool given = false;
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_HTTPX_CLIENT || !ts_node_eq(r->session_with, with))
            continue;
        report_rec(sink, file, r, given ? af_fix_share(fix) : fix);
        r->reported = true;
        given = true;
    }
}

static void check_httpx_clients(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
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

/* ---- urllib, urllib3, sync httpx: a worker thread ---- */

static void check_threaded(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->reported || r->noqa ||
            (r->kind != K_HTTPX && r->kind != K_HTTPX_CLIENT && r->kind != K_URLLIB && r->kind != K_URLLIB3))
            continue;
        if ((r->kind == K_HTTPX || r->kind == K_HTTPX_CLIENT) && strcmp(r->verb, "stream") == 0) {
            r->why = "`stream()` is a sync context manager: use `async with client.stream(...)` "
                     "on an httpx.AsyncClient and `async for` over the body";
            report_rec(sink, file, r, NULL);
            continue;
        }
        struct af_fix *fix = af_fix_new(AF_UNSAFE);
        if (af_is(ts_node_parent(r->call), af_sym.await) ||
            af_rewrite_to_thread(fix, file, r->call, r->scope, NULL) < 0) {
            af_fix_free(fix);
            r->why = "the names a worker-thread call needs are taken";
            report_rec(sink, file, r, NULL);
            continue;
        }
        if (r->kind == K_URLLIB || r->kind == K_URLLIB3)
            af_fix_set_message(fix, "Run it in a worker thread (unsafe: the response is then read "
                                    "from the event loop's thread and may still block)");
        else
            af_fix_set_message(fix, "Run it in a worker thread (unsafe: better an httpx.AsyncClient; "
                                    "the call now runs concurrently with other tasks)");
        report_rec(sink, file, r, fix);
    }
}

static void check(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct rec *recs = NULL;
    uint32_t n = 0, cap = 0;
    for (uint32_t i = 0; i < sem->calls.n; i++) {
        const struct af_site *site = &sem->calls.items[i];
        if (!af_sem_in_async(file, site->scope))
            continue;
        struct rec r;
        if (!classify(&r, file, site->node, site->scope))
            continue;
        r.noqa = af_sem_noqa(file, ts_node_start_byte(site->node), "AF102");
        AF_ARRAY_GROW(recs, n, cap);
        recs[n++] = r;
    }
    if (n) {
        check_requests(sink, file, recs, n);
        check_sessions(sink, file, recs, n);
        check_httpx_clients(sink, file, recs, n);
        check_threaded(sink, file, recs, n);
    }
    free(recs);
}

const struct af_rule af_rule_af102 = {
    "AF102", "blocking-http",
    "blocking HTTP (`requests`, sync `httpx`, `urllib`) in an async function; use `httpx.AsyncClient`",
    "AF102 blocking-http\n\n"
    "What it does: finds blocking HTTP calls made directly in an `async def`:\n"
    "`requests.get/post/put/patch/delete/head/options/request` (any import spelling),\n"
    "the methods of a `requests.Session` (opened in the function, assigned there, or a\n"
    "parameter annotated `requests.Session`), the sync httpx API (`httpx.get`, ...,\n"
    "`httpx.stream`) and sync `httpx.Client` methods, `urllib.request.urlopen`,\n"
    "`urllib3.request` and urllib3 `PoolManager` methods. A local name that shadows\n"
    "the import (a parameter or variable called `requests`) is not the library.\n\n"
    "Why it is bad: the call blocks the thread until the server answers; the event\n"
    "loop and every other task stop for the whole round trip.\n\n"
    "Example:\n"
    "    async def fetch(url):\n"
    "        r = requests.get(url)\n"
    "        if not r.ok:\n"
    "            return None\n"
    "        return r.json()\n\n"
    "Use instead:\n"
    "    async def fetch(url):\n"
    "        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:\n"
    "            r = await client.get(url)\n"
    "        if r.is_error:\n"
    "            return None\n"
    "        return r.json()\n\n"
    "Fix (safe) for requests calls: the simple statement holding the call (or the\n"
    "whole compound statement whose header holds it) goes under\n"
    "`async with httpx.AsyncClient(...) as client:`, re-indented with the file's own\n"
    "unit (tabs, CRLF and multi-line strings kept), and the call becomes\n"
    "`await client.get(...)`, parenthesised where needed (`(await client.get(u)).json()`).\n"
    "Consecutive statements of one block share one client. The client's name is\n"
    "fresh (`client`, else `http_client`, `client_2`, ...); `import httpx` is added\n"
    "(or `import httpx as hx` reused).\n\n"
    "Behaviour differences handled (requests -> httpx):\n"
    "  - redirects: requests follows them except for `head`; httpx does not ->\n"
    "    `follow_redirects=True` on the client (not for a client serving only `head`\n"
    "    calls; a `head` sharing a client gets `follow_redirects=False`);\n"
    "    `allow_redirects=X` -> `follow_redirects=X`\n"
    "  - timeout: requests has none, httpx 5 s -> `timeout=None` on the client; a\n"
    "    call's `timeout=<number>` is kept, `timeout=(connect, read)` becomes\n"
    "    `httpx.Timeout(None, connect=..., read=...)`\n"
    "  - `data=<str/bytes literal, or a name bound once to one, to `.encode()` or\n"
    "    `json.dumps()`>` -> `content=`; `data=<dict literal>` stays form data\n"
    "  - `verify=`, `cert=` -> the client's constructor (that call gets its own client)\n"
    "  - `proxies={...}` (a dict literal of plain string keys and http(s):// proxy\n"
    "    URLs) -> the client's `mounts={...}`, each key as the URL pattern matching\n"
    "    the same requests (\"http\" -> \"http://\", \"all\" -> \"all://\",\n"
    "    \"https://host\" kept) and each URL as\n"
    "    `httpx.AsyncHTTPTransport(proxy=httpx.Proxy(\"http://p:3128\"))` (that call\n"
    "    gets its own client; `proxies={}` is dropped)\n"
    "  - `r.ok` (status < 400) -> `not r.is_error`, `not r.ok` -> `r.is_error` (httpx's\n"
    "    `is_success` is 2xx only); `r.url` (a str) -> `str(r.url)`;\n"
    "    `r.reason` -> `r.reason_phrase` -- for the response name in that function\n"
    "  - `except requests.exceptions.X` / `except requests.X` clauses of the try\n"
    "    statements around the call in the same function: RequestException ->\n"
    "    httpx.HTTPError, HTTPError -> httpx.HTTPStatusError, ConnectionError ->\n"
    "    httpx.ConnectError, Timeout -> httpx.TimeoutException, TooManyRedirects ->\n"
    "    httpx.TooManyRedirects\n"
    "  - `with requests.Session() as s:` -> `async with httpx.AsyncClient(\n"
    "    follow_redirects=True, timeout=None) as s:` with each `s.verb(...)` inside\n"
    "    awaited (`s.headers` may be used as well); `s = requests.Session()` in the\n"
    "    function becomes the same block over the statements from there to the\n"
    "    last use of `s`, a final `s.close()` statement removed\n"
    "  - `r = requests.get(u, stream=True)` whose uses follow it in its block:\n"
    "    `async with client.stream(\"GET\", u) as r:` over them, `for x in\n"
    "    r.iter_content(n)` -> `async for x in r.aiter_bytes(n)` (no size: 1, requests'\n"
    "    default), a last `r.close()` removed\n"
    "  - `raise_for_status()` is kept; the fix message says that httpx's also raises\n"
    "    on 1xx/3xx answers (requests only on 4xx/5xx)\n\n"
    "The fix is unsafe (only with --unsafe-fixes), with the reason in its message,\n"
    "when: the response is passed on, returned or rebound to something else (code\n"
    "elsewhere may use `.ok` or `.url` as a str); an `except requests...` clause has\n"
    "no httpx equivalent (SSLError, InvalidURL, JSONDecodeError, ...); the handlers\n"
    "also guard another requests call that this fix does not rewrite; `timeout=` is\n"
    "a name (it may be a (connect, read) tuple).\n\n"
    "Not rewritten (reported with the reason): `hooks=`; `auth=` other than a\n"
    "(user, password) tuple (requests auth classes); `params=` that may hold None\n"
    "values (a name, a non-literal value: requests drops None, httpx sends it\n"
    "empty) or is a list of tuples; `headers=` with a None value; `data=` whose\n"
    "type is unknown; `stream=True` other than the form above (the body read with\n"
    "`.content`/`.text`/`.json()`/`.iter_lines()`, used after `.close()`, passed on);\n"
    "`proxies=` that is a name, holds `**`, a None value (no proxy for a scheme),\n"
    "a non-literal, a socks or scheme-less proxy URL, a key with a port, a\n"
    "wildcard or upper case, \"all://host\" keys beside scheme keys (httpx ranks\n"
    "them the other way round), or comes with `verify=`/`cert=` (a mounted\n"
    "transport does not take the client's); `files=`; any other\n"
    "keyword; `*args`/`**kwargs`; positional arguments after the URL; responses\n"
    "whose `.iter_content`, `.iter_lines`, `.raw`, `.close`, `.apparent_encoding`\n"
    "or `.next` is used; a statement sharing its line with another; a session that\n"
    "is passed in, passed on, opened in another function, used outside the\n"
    "statements after its assignment, used through other attributes than request\n"
    "methods, `.headers` and a last `.close()`, or created with arguments.\n\n"
    "Sync httpx.Client (safe fix): `with httpx.Client(...) as c:` -> `async with\n"
    "httpx.AsyncClient(...) as c:` with each `c.verb(...)` inside awaited, when the\n"
    "client is used only through request methods and `.headers` (same library, so\n"
    "the arguments keep their meaning); likewise `c = httpx.Client(<args>)` in the\n"
    "function -> `async with httpx.AsyncClient(<args>) as c:` over the statements\n"
    "from there to the last use of `c` (the arguments kept byte for byte, a final\n"
    "`c.close()` statement removed), when `c` is used only through request methods,\n"
    "`.headers` and that `.close()` in those statements. A client that escapes\n"
    "(returned, passed on, rebound), is used otherwise (`.cookies`, `.stream()`, after\n"
    "`.close()`) or whose constructor spans lines gets the worker-thread fix below.\n\n"
    "urllib / urllib3 / other sync httpx calls (unsafe fix): `await\n"
    "asyncio.to_thread(f, ...)` (run_in_executor below py39, trio/anyio's to_thread\n"
    "in such modules): the response object is then used from the loop's thread\n"
    "and reading a streamed body may still block. `httpx.stream()` and\n"
    "`client.stream()` are reported only.\n\n"
    "Differences not handled (review after the fix): without a charset from the\n"
    "server, requests' `r.text` uses ISO-8859-1 for text/* or guesses, httpx UTF-8;\n"
    "the default User-Agent and Accept-Encoding headers differ; exceptions raised by\n"
    "requests inside other functions called in the same try are no longer caught\n"
    "by a rewritten handler; each wrapped statement opens its own connection pool\n"
    "(a loop body opens one per iteration).\n\n"
    "Left alone: requests in a sync `def` or `lambda` (even nested in an async def),\n"
    "in a generator expression, at module level; `asyncio.to_thread(requests.get, u)`\n"
    "and `loop.run_in_executor(None, requests.get, u)`; `fn = requests.get`;\n"
    "`requests.codes`; `requests.exceptions` in a sync function; a local object\n"
    "named `requests`.\n",
    check,
    .fix = AF_FIX_SOMETIMES,
};
