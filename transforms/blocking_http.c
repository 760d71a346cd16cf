/*
 * blocking_http.c - AF102 blocking-http. What it finds and how it rewrites
 * it is the --explain text at the end of this file (af_rule_af102), the
 * one copy of the rule's doc.
 */
#include <assert.h>
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

/*
 * Why a call is not rewritten: a code and its message. A message with "%s"
 * takes the reason's `arg` there (a keyword, an attribute, another reason).
 */
#define HTTP_WHYS(X) \
    X(NONE, "") \
    X(SESSION_OUTSIDE, "the session is opened outside this function") \
    X(SESSION_CALLERS, "the session is the caller's: an httpx.AsyncClient must be passed in instead") \
    X(SESSION_UNBOUND, "the session is not opened in a `with` block and is not a name bound once in " \
                       "this function") \
    X(GENERATOR_ARGUMENT, "the call's argument is a generator expression") \
    X(ALREADY_AWAITED, "the call is already awaited") \
    X(TOO_MANY_ARGUMENTS, "too many arguments") \
    X(SPLAT, "`*args`/`**kwargs` hide which arguments are passed") \
    X(POSITIONAL_AFTER_URL, "a positional argument after the URL (httpx takes only keywords there)") \
    X(KEYWORD_UNKNOWN, "`%s=` has no known httpx equivalent") \
    X(HEADERS_NONE, "`headers=` holds a None value (requests drops the header, httpx rejects it)") \
    X(PARAMS_LIST, "`params=` is a list of tuples") \
    X(PARAMS_MAY_HOLD_NONE, "`params=` may hold None values (requests drops them, httpx sends them empty)") \
    X(PARAMS_SPLAT, "`params=` is built with `**`") \
    X(PARAMS_NONE, "`params=` holds a None value (requests drops it, httpx sends it empty)") \
    X(DATA_UNKNOWN, "cannot tell whether `data=` holds a form dict or raw str/bytes (`content=` in httpx)") \
    X(CLIENT_SETTING_ON_SESSION, "`%s=` on a session call (httpx sets it per client)") \
    X(CLIENT_SETTING_FIRST, "`%s=` comes first or after a comment") \
    X(TLS_SPANS_LINES, "`verify=`/`cert=` spans lines") \
    X(PROXIES_NOT_LITERAL, "`proxies=` is not a dict literal of string keys and proxy URLs") \
    X(PROXIES_NONE, "`proxies=` maps a scheme to None (no proxy), which a mount cannot say the same way") \
    X(PROXIES_KEY, "`proxies=` key \"%s\" has no exact httpx mount pattern") \
    X(PROXIES_URL, "`proxies=` holds a proxy URL that is not http:// or https://") \
    X(PROXIES_MIXED_KEYS, "`proxies=` mixes scheme keys with \"all://host\" keys, which httpx ranks " \
                          "differently") \
    X(PROXIES_WITH_TLS, "`proxies=` with `verify=`/`cert=` (the mounted transports would not take them)") \
    X(AUTH_CLASS, "`auth=` is not a (user, password) tuple: requests auth classes do not work with httpx") \
    X(HOOKS, "`hooks=` has no per-request equivalent in httpx (event hooks belong to the client)") \
    X(STREAM_KEYWORD, "`stream=` needs `client.stream(...)` and async iteration of the body") \
    X(FILES, "`files=` multipart bodies are not checked to map") \
    X(STREAMED_HEAD, "a streamed `head`") \
    X(RESPONSE_ATTRIBUTE, "the response's `.%s` has no direct httpx equivalent") \
    X(RESPONSE_URL_ASSIGNED, "the response's `.url` is assigned to") \
    X(HTTPX_TAKEN, "the name `httpx` is taken in this module") \
    X(NO_CLIENT_NAME, "no free name for the client") \
    X(SHARES_LINE, "the statement shares its line with another") \
    X(IN_HEADER, "the call is in a def or class header") \
    X(NOQA, "suppressed with noqa") \
    X(OTHER_CALL, "another requests call in the statement cannot be rewritten: %s") \
    X(TWO_CLIENT_SETTINGS, "two calls in one statement set `verify=`/`cert=`") \
    X(SESSION_OUTSIDE_BODY, "the session is used outside the async function's own body") \
    X(SESSION_ATTRIBUTE, "the session's `.%s` is used (only request methods and `.headers` are rewritten)") \
    X(SESSION_PASSED_ON, "the session is passed on or rebound") \
    X(WITH_OPENS_MORE, "the `with` statement opens more than the session") \
    X(WITH_ALREADY_ASYNC, "the `with` is already async") \
    X(SESSION_ARGUMENTS, "`requests.Session(...)` takes arguments") \
    X(SESSION_NOQA, "a call on the session is suppressed with noqa") \
    X(SESSION_NESTED, "the session is used in a nested function") \
    X(SESSION_OUTSIDE_STATEMENTS, "the session is used outside the statements that follow it in its block") \
    X(ASSIGNED_SESSION_ATTRIBUTE, "the session's `.%s` is used (only request methods, `.headers` and a " \
                                  "final `.close()` are rewritten)") \
    X(SESSION_AFTER_CLOSE, "the session is used after `.close()`") \
    X(CLOSE_SHARES_LINE, "`.close()` shares its line with another statement") \
    X(SESSION_ONLY_CLOSE, "nothing but `.close()` uses the session") \
    X(SESSION_UNUSED, "the session is not used") \
    X(CLIENT_CTOR_SPANS_LINES, "the client's constructor spans lines") \
    X(ASSIGNMENT_SHARES_LINE, "the session's assignment shares its line") \
    X(SESSION_STATEMENTS_SHARE_LINES, "the statements using the session share lines with others") \
    X(STREAM_SHAPE, "`stream=True` is rewritten only in `name = requests.get(..., stream=True)` on its " \
                    "own line") \
    X(STREAM_NAME_REBOUND, "the streamed response's name is bound more than once") \
    X(STREAM_OUTSIDE, "the streamed response is used outside the statements after it") \
    X(STREAM_PASSED_ON, "the streamed response is passed on") \
    X(ITER_CONTENT_SHAPE, "`.iter_content()` is rewritten only as the iterable of a `for` with at most a " \
                          "chunk size") \
    X(STREAM_BODY_ATTRIBUTE, "the streamed response's `.%s` needs the body read first") \
    X(STREAM_UNUSED, "the streamed response is not used") \
    X(STREAM_AFTER_CLOSE, "the streamed response is used after `.close()`") \
    X(STREAM_ONLY_CLOSE, "nothing but `.close()` uses the streamed response") \
    X(STREAM_LAST_SHARES_LINE, "the last statement using the response shares its line") \
    X(SYNC_STREAM, "`stream()` is a sync context manager: use `async with client.stream(...)` on an " \
                   "httpx.AsyncClient and `async for` over the body") \
    X(THREAD_NAMES_TAKEN, "the names a worker-thread call needs are taken")

enum http_why_code {
#define HTTP_WHY_ENUM(code, message) WHY_##code,
    HTTP_WHYS(HTTP_WHY_ENUM)
#undef HTTP_WHY_ENUM
};

struct why {
    enum http_why_code code;   /* WHY_NONE: no reason, the call is rewritten */
    const char *arg;           /* the message's "%s" (in the file's arena), or NULL */
};

static inline struct why why_of(enum http_why_code code)
{
    struct why w = { code, NULL };
    return w;
}

static inline struct why why_none(void)
{
    return why_of(WHY_NONE);
}

/* a reason whose message takes `arg` (copied into the file's arena) */
struct why http_why_arg(struct af_file *file, enum http_why_code code, const char *arg, size_t len);

/* the message of a reason, in the file's arena */
const char *http_why_text(struct af_file *file, struct why why);

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
    struct why session_why;    /* K_SESSION without a with form: why no fix */
    struct why why;            /* no fix: the reason */
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
    uint32_t *done_excepts;    /* the handler types rewritten (start bytes) */
    uint32_t ndone_excepts, excepts_cap;
    const char **done_names;   /* the response names whose uses are rewritten */
    uint32_t ndone_names, names_cap;
    struct rec *recs;
    uint32_t nrecs;
};

/* the request methods of requests (and of a session) */
extern const char *const http_verbs[];

/* true when [s, s+len) is one of the NULL-terminated `list` */
bool http_in_list(const char *const *list, const char *s, size_t len);

/* the text of `node` */
static inline const char *http_text(const struct af_file *file, TSNode node, uint32_t *len)
{
    return af_node_text(node, file->src->data, len);
}

/* ---- detection ---- */

/* the value bound to identifier `ident` by `x = VALUE` or `with VALUE as x`, else null */
TSNode http_bound_value(TSNode ident, bool *by_with);

/* true when `value` is `await c.verb(...)` on an httpx.AsyncClient opened by `async with` */
bool http_awaits_async_client(const struct af_file *file, TSNode value, int scope);

/* classifies one call; false when it is not a blocking HTTP call */
bool http_classify(struct rec *r, const struct af_file *file, TSNode call, int scope);

/* ---- the keyword table ---- */

#define HTTP_KEYWORD_NAMES 4

struct kw;

/* one row of the keyword table: the keywords it maps and how */
struct http_keyword {
    const char *names[HTTP_KEYWORD_NAMES];   /* NULL-padded */
    struct why (*map)(struct kw *k);         /* checks (no fix) or rewrites one keyword argument */
};

/* the table, in the order of the keyword lines of the --explain text */
extern const struct http_keyword http_keywords[];
extern const size_t http_nkeywords;

/*
 * Checks (b->fix NULL) or rewrites the arguments args[0..n) of requests
 * call `r` through the keyword table (any other keyword is not rewritten);
 * `ctor` receives what goes to the client's constructor (", verify=False"),
 * *redirects whether `allow_redirects=` is passed. The reason when one does
 * not map.
 */
struct why http_map_arguments(struct build *b, struct rec *r, const TSNode *args, uint32_t n,
                              struct af_buf *ctor, bool *redirects);

/* ---- one requests call ---- */

/* records why the fix is unsafe (each reason once) */
void http_note_unsafe(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Calls `visit` for each identifier spelled `name` under `within` other
 * than `skip` (may be null), in document order, with its parent, until one
 * returns a reason; that reason, or none.
 */
typedef struct why (*http_use_visitor)(void *ctx, TSNode use, TSNode parent);
struct why http_each_use(const struct af_file *file, TSNode within, const char *name, size_t len,
                         TSNode skip, http_use_visitor visit, void *ctx);

/*
 * http_each_use over a whole def: its header (name, parameters, return
 * type) walked, then its body, whose uses are the ones the body's other
 * questions already cached.
 */
struct why http_each_use_in_def(const struct af_file *file, TSNode def, const char *name, size_t len,
                                TSNode skip, http_use_visitor visit, void *ctx);

/*
 * `attr` is `X.name` with X a requests response: the edits that keep its
 * meaning on an httpx response. The reason when there are none.
 */
struct why http_response_attribute(struct build *b, TSNode attr);

/*
 * Checks (b->fix NULL) or rewrites one requests call: its arguments, its
 * callee, the await, its response's uses and its exception handlers. The
 * reason when it cannot be rewritten. `ctor` receives what must go to the
 * client's constructor (", verify=False").
 */
struct why http_rewrite_call(struct build *b, struct rec *r, struct af_buf *ctor);

void http_build_init(struct build *b, struct af_file *file, struct rec *recs, uint32_t n);
void http_build_dispose(struct build *b);

/* the fix's message: `what`, the raise_for_status note, the unsafe reasons (and AF_UNSAFE) */
void http_finish_message(struct build *b, const char *what);

/* ---- client blocks and streams ---- */

/* true when a requests call in statement `stmt` can be wrapped (not in a def or class header) */
bool http_statement_ok(TSNode stmt);

/* fixes the requests calls group[0..ng) (whole statements, consecutive) as one client block */
void http_fix_group(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t nrecs,
                    struct rec **group, uint32_t ng);

/*
 * Checks (b->fix NULL) or rewrites the uses of the streamed response of `r`;
 * *last receives the last statement to keep in the block, *close the
 * `r.close()` statement or null. The reason when they cannot be kept.
 */
struct why http_stream_uses(struct build *b, struct rec *r, TSNode *last, TSNode *close);

/* `r = requests.get(u, stream=True)` -> `async with client.stream("GET", u) as r:` */
void http_fix_stream(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n, struct rec *r);

/* ---- sessions and sync httpx clients ---- */

/* `with requests.Session() as s:` and `s = requests.Session()` in async functions */
void http_check_sessions(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n);

/* `with httpx.Client() as c:` and `c = httpx.Client()` in async functions */
void http_check_httpx_clients(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n);

/* ---- the rule ---- */

/* reports `r`, with `fix` (may be NULL; taken) or its reason */
void http_report(struct af_sink *sink, struct af_file *file, struct rec *r, struct af_fix *fix);

/* ==== which calls are blocking HTTP calls ==== */

const char *const http_verbs[] = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", NULL,
};

static const char *const httpx_api[] = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", "stream", NULL,
};

static const char *const urllib3_methods[] = {
    "request", "urlopen", "request_encode_url", "request_encode_body", NULL,
};

static const char *const session_quals[] = {
    "requests.Session", "requests.session", "requests.sessions.Session", NULL,
};
static const char *const httpx_client_quals[] = { "httpx.Client", NULL };
static const char *const async_client_quals[] = { "httpx.AsyncClient", NULL };
static const char *const pool_quals[] = {
    "urllib3.PoolManager", "urllib3.poolmanager.PoolManager", "urllib3.HTTPConnectionPool",
    "urllib3.HTTPSConnectionPool", "urllib3.connection_from_url", NULL,
};

bool http_in_list(const char *const *list, const char *s, size_t len)
{
    for (; *list; list++)
        if (af_streq(s, len, *list))
            return true;
    return false;
}

TSNode http_bound_value(TSNode ident, bool *by_with)
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
              http_in_list(quals, q.ptr, q.size);
    af_buf_dispose(&q);
    return ok;
}

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
    const char *name = http_text(file, obj, &len);
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
        bool ok = af_sem_qualname(&q, file, t, b->scope) == 0 && http_in_list(quals, q.ptr, q.size);
        af_buf_dispose(&q);
        return ok ? OBJ_PARAM : OBJ_NONE;
    }
    if (b->kind != AF_BIND_VARIABLE || !af_is(b->node, af_sym.identifier))
        return OBJ_NONE;
    bool by_with;
    TSNode value = http_bound_value(b->node, &by_with);
    if (!call_of(file, value, b->scope, quals))
        return OBJ_NONE;
    return by_with ? OBJ_WITH : OBJ_ASSIGNED;
}

bool http_awaits_async_client(const struct af_file *file, TSNode value, int scope)
{
    if (!af_is(value, af_sym.await))
        return false;
    TSNode call = af_first_named(value);
    TSNode fn = af_field_child(call, af_field.function);
    const struct af_binding *bd;
    return af_is(call, af_sym.call) && af_is(fn, af_sym.attribute) &&
           object_kind(file, af_field_child(fn, af_field.object), scope, async_client_quals, &bd) == OBJ_WITH;
}

static TSNode with_of_binding(TSNode ident)
{
    TSNode n = ident;
    while (!ts_node_is_null(n) && !af_is(n, af_sym.with_statement))
        n = ts_node_parent(n);
    return n;
}

/* the `s = ...` statement binding `b` (an identifier), or null when it is not one */
static TSNode assign_statement(const struct af_binding *b)
{
    TSNode asg = ts_node_parent(b->node);
    return af_is(ts_node_parent(asg), af_sym.expression_statement) ? ts_node_parent(asg) : af_null_node();
}

/* a method call `obj.attr(...)` on a session, a client or a pool; false for anything else */
static bool classify_method(struct rec *r, const struct af_file *file, TSNode fn, int scope)
{
    TSNode obj = af_field_child(fn, af_field.object);
    uint32_t alen;
    const char *attr = http_text(file, af_field_child(fn, af_field.attribute), &alen);
    const struct af_binding *b;
    enum obj_kind ok;
    if (http_in_list(http_verbs, attr, alen) &&
        (ok = object_kind(file, obj, scope, session_quals, &b)) != OBJ_NONE) {
        r->kind = K_SESSION;
        snprintf(r->verb, sizeof(r->verb), "%.*s", (int)alen, attr);
        if (ok == OBJ_WITH && b->scope == r->fscope)
            r->session_with = with_of_binding(b->node);
        else if (ok == OBJ_WITH)
            r->session_why = why_of(WHY_SESSION_OUTSIDE);
        else if (ok == OBJ_PARAM)
            r->session_why = why_of(WHY_SESSION_CALLERS);
        else
            r->session_why = why_of(WHY_SESSION_UNBOUND);
        if (ok == OBJ_ASSIGNED && b && b->scope == r->fscope)
            r->session_assign = assign_statement(b);
        return true;
    }
    if (http_in_list(httpx_api, attr, alen) && object_kind(file, obj, scope, httpx_client_quals, &b) != OBJ_NONE) {
        r->kind = K_HTTPX_CLIENT;
        snprintf(r->verb, sizeof(r->verb), "%.*s", (int)alen, attr);
        if (b && b->kind == AF_BIND_VARIABLE && b->scope == r->fscope) {
            bool by_with;
            http_bound_value(b->node, &by_with);
            if (by_with)
                r->session_with = with_of_binding(b->node);
            else
                r->session_assign = assign_statement(b);
        }
        return true;
    }
    if (http_in_list(urllib3_methods, attr, alen) && object_kind(file, obj, scope, pool_quals, &b) != OBJ_NONE) {
        r->kind = K_URLLIB3;
        return true;
    }
    return false;
}

/* a call of the requests, httpx, urllib or urllib3 API by its qualified name `q` */
static bool classify_api(struct rec *r, const char *q, size_t len)
{
    const char *verb = NULL;
    if (af_startswith(q, len, "requests.") && http_in_list(http_verbs, q + 9, len - 9)) {
        r->kind = K_REQUESTS;
        verb = q + 9;
    } else if (af_startswith(q, len, "requests.api.") && http_in_list(http_verbs, q + 13, len - 13)) {
        r->kind = K_REQUESTS;
        verb = q + 13;
    } else if (af_startswith(q, len, "httpx.") && http_in_list(httpx_api, q + 6, len - 6)) {
        r->kind = K_HTTPX;
        verb = q + 6;
    } else if (af_streq(q, len, "urllib.request.urlopen")) {
        r->kind = K_URLLIB;
    } else if (af_streq(q, len, "urllib3.request")) {
        r->kind = K_URLLIB3;
    } else {
        return false;
    }
    if (verb)
        snprintf(r->verb, sizeof(r->verb), "%s", verb);
    snprintf(r->what, sizeof(r->what), "%s", q);
    return true;
}

bool http_classify(struct rec *r, const struct af_file *file, TSNode call, int scope)
{
    TSNode fn = af_field_child(call, af_field.function);
    struct af_buf q = AF_BUF_INIT;
    memset(r, 0, sizeof(*r));
    r->call = call;
    r->scope = scope;
    r->fscope = af_sem_function_scope(file, scope);
    r->stmt = af_null_node();
    r->session_with = af_null_node();
    r->session_assign = af_null_node();
    bool found = af_sem_qualname(&q, file, fn, scope) == 0 && classify_api(r, q.ptr, q.size);
    af_buf_dispose(&q);
    if (found || !af_is(fn, af_sym.attribute) || !classify_method(r, file, fn, scope))
        return found;
    uint32_t alen, olen;
    const char *attr = http_text(file, af_field_child(fn, af_field.attribute), &alen);
    const char *otext = http_text(file, af_field_child(fn, af_field.object), &olen);
    if (olen > 40)
        snprintf(r->what, sizeof(r->what), "...%.*s", (int)alen, attr);
    else
        snprintf(r->what, sizeof(r->what), "%.*s.%.*s", (int)olen, otext, (int)alen, attr);
    return true;
}

/* ==== the keyword table ==== */

/* what seen keywords decide together */
struct kw_seen {
    bool redirects;  /* allow_redirects= */
    bool tls;        /* verify= or cert= */
    bool proxies;
};

/* one keyword argument of the call being mapped */
struct kw {
    struct build *b;
    struct rec *r;
    TSNode arg;            /* the keyword_argument */
    TSNode name;           /* its name */
    TSNode value;          /* its value, parentheses stripped */
    TSNode prev;           /* the argument before it, or a null node */
    struct af_buf *ctor;   /* what goes to the client's constructor */
    struct kw_seen *seen;
};

static const char *arena_printf(struct af_file *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *arena_printf(struct af_file *file, const char *fmt, ...)
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

/* the keyword's own name as the reason's argument */
static struct why why_keyword(struct kw *k, enum http_why_code code)
{
    uint32_t len;
    const char *t = http_text(k->b->file, k->name, &len);
    return http_why_arg(k->b->file, code, t, len);
}

/* ---- what values are ---- */

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
    const char *name = http_text(file, v, &len);
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
    TSNode value = http_bound_value(b->node, &by_with);
    return !ts_node_is_null(value) && !by_with && str_expression(file, value, b->scope);
}

/* the items of a dict or tuple literal, the first `max` of them (the rest is not looked at) */
static uint32_t first_items(TSNode node, TSNode *out, uint32_t max)
{
    uint32_t n = af_node_items(node, out, max);
    return n < max ? n : max;
}

/*
 * The text of a plain one-quoted string literal without prefix or escapes
 * (`"http"`, `'http://p:3128'`), in `out`/`len`; false for anything else.
 */
static bool plain_string(const struct af_file *file, TSNode v, const char **out, uint32_t *len)
{
    uint32_t l;
    const char *t = http_text(file, v, &l);
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
    if (http_in_list(schemes, k, kl)) {
        *kind = 1;
        return arena_printf(file, "%.*s://", (int)kl, k);
    }
    for (const char *const *s = schemes; *s; s++) {
        size_t sl = strlen(*s);
        if (kl > sl + 3 && memcmp(k, *s, sl) == 0 && memcmp(k + sl, "://", 3) == 0 &&
            plain_host(k + sl + 3, kl - (uint32_t)sl - 3)) {
            if (strcmp(*s, "all") == 0)
                *kind = 2;
            return arena_printf(file, "%.*s", (int)kl, k);
        }
    }
    return NULL;
}

/* what the keys of a `proxies=` dict seen so far are */
struct proxy_keys {
    bool scheme;     /* "http", "https" */
    bool all_host;   /* "all://host" */
};

/* one `"key": "url"` pair as a mount, appended to `mounts` (`j` its position) */
static struct why proxy_mount(struct af_buf *mounts, struct af_file *file, const char *hx, TSNode pair,
                              uint32_t j, struct proxy_keys *keys)
{
    if (!af_is(pair, af_sym.pair))
        return why_of(WHY_PROXIES_NOT_LITERAL);
    TSNode kn = af_unparen(af_field_child(pair, af_field.key));
    TSNode vn = af_unparen(af_field_child(pair, af_field.value));
    const char *k, *v;
    uint32_t kl, vl;
    if (af_is(vn, af_sym.none))
        return why_of(WHY_PROXIES_NONE);
    if (!plain_string(file, kn, &k, &kl) || !plain_string(file, vn, &v, &vl))
        return why_of(WHY_PROXIES_NOT_LITERAL);
    int kind;
    const char *pat = proxy_pattern(file, k, kl, &kind);
    if (!pat)
        return http_why_arg(file, WHY_PROXIES_KEY, k, kl);
    keys->scheme |= kind == 1 && strcmp(pat, "all://") != 0;
    keys->all_host |= kind == 2;
    if (!((vl > 7 && memcmp(v, "http://", 7) == 0) || (vl > 8 && memcmp(v, "https://", 8) == 0)))
        return why_of(WHY_PROXIES_URL);
    uint32_t ktl, vtl;
    const char *kt = http_text(file, kn, &ktl), *vt = http_text(file, vn, &vtl);
    af_buf_printf(mounts, "%s%c%s%c: %s.AsyncHTTPTransport(proxy=%s.Proxy(%.*s))", j ? ", " : "", kt[0],
                  pat, kt[0], hx, hx, (int)vtl, vt);
    return why_none();
}

/*
 * `proxies={"https": "http://p:3128"}` as the client's
 * `mounts={"https://": httpx.AsyncHTTPTransport(proxy=httpx.Proxy("http://p:3128"))}`,
 * appended to `ctor` (httpx 0.23 takes only a `Proxy` there; later
 * versions take it too). The reason when it cannot be.
 */
static struct why proxies_mounts(struct af_file *file, int scope, TSNode kv, struct af_buf *ctor)
{
    if (!af_is(kv, af_sym.dictionary) || af_node_has_comment(kv, false))
        return why_of(WHY_PROXIES_NOT_LITERAL);
    bool need;
    const char *hx = af_sem_module_alias(file, scope, "httpx", &need);
    if (!hx)
        return why_of(WHY_HTTPX_TAKEN);
    TSNode items[64];
    uint32_t m = af_node_items(kv, items, 64);
    if (m >= 64)
        return why_of(WHY_PROXIES_NOT_LITERAL);
    struct af_buf mounts = AF_BUF_INIT;
    struct why why = why_none();
    struct proxy_keys keys = { false, false };
    for (uint32_t j = 0; j < m && !why.code; j++)
        why = proxy_mount(&mounts, file, hx, items[j], j, &keys);
    /* requests prefers "https" to "all://host", httpx the other way round */
    if (!why.code && keys.scheme && keys.all_host)
        why = why_of(WHY_PROXIES_MIXED_KEYS);
    if (!why.code && m)
        af_buf_printf(ctor, ", mounts={%s}", mounts.ptr);
    af_buf_dispose(&mounts);
    return why;
}

/* drops the keyword from the call: from the end of the argument before it */
static void drop_keyword(struct kw *k)
{
    if (k->b->fix)
        af_fix_replace_str(k->b->fix, ts_node_end_byte(k->prev), ts_node_end_byte(k->arg), "");
}

/* renames the keyword */
static void rename_keyword(struct kw *k, const char *to)
{
    if (k->b->fix)
        af_fix_replace_str(k->b->fix, ts_node_start_byte(k->name), ts_node_end_byte(k->name), to);
}

/* verify=, cert=, proxies=: client settings in httpx, moved to the constructor */
static struct why to_client(struct kw *k, bool proxies)
{
    struct af_file *file = k->b->file;
    if (k->b->session)
        return why_keyword(k, WHY_CLIENT_SETTING_ON_SESSION);
    if (ts_node_is_null(k->prev) || af_is(ts_node_prev_named_sibling(k->arg), af_sym.comment))
        return why_keyword(k, WHY_CLIENT_SETTING_FIRST);
    if (proxies) {
        struct why why = proxies_mounts(file, k->r->scope, k->value, k->ctor);
        if (why.code)
            return why;
    } else {
        uint32_t kl, vl;
        const char *kt = http_text(file, k->name, &kl);
        const char *vt = http_text(file, af_field_child(k->arg, af_field.value), &vl);
        if (memchr(vt, '\n', vl))
            return why_of(WHY_TLS_SPANS_LINES);
        af_buf_printf(k->ctor, ", %.*s=%.*s", (int)kl, kt, (int)vl, vt);
    }
    drop_keyword(k);
    return why_none();
}

/* ---- the mappers, in the order of the table ---- */

static struct why map_same(struct kw *k)
{
    (void)k;
    return why_none();
}

static struct why map_headers(struct kw *k)
{
    if (!af_is(k->value, af_sym.dictionary))
        return why_none();
    TSNode items[64];
    uint32_t m = first_items(k->value, items, 64);
    for (uint32_t j = 0; j < m; j++)
        if (af_is(items[j], af_sym.pair) && af_is(af_unparen(af_field_child(items[j], af_field.value)), af_sym.none))
            return why_of(WHY_HEADERS_NONE);
    return why_none();
}

static struct why map_params(struct kw *k)
{
    TSNode v = k->value;
    if (af_is(v, af_sym.none) || is_str_literal(v))
        return why_none();
    if (af_is(v, af_sym.list) || af_is(v, af_sym.tuple))
        return why_of(WHY_PARAMS_LIST);
    if (!af_is(v, af_sym.dictionary))
        return why_of(WHY_PARAMS_MAY_HOLD_NONE);
    TSNode items[64];
    uint32_t n = first_items(v, items, 64);
    for (uint32_t i = 0; i < n; i++) {
        if (!af_is(items[i], af_sym.pair))
            return why_of(WHY_PARAMS_SPLAT);
        TSNode val = af_unparen(af_field_child(items[i], af_field.value));
        if (af_is(val, af_sym.none))
            return why_of(WHY_PARAMS_NONE);
        if (!is_plain_literal(val) && !af_is(val, af_sym.list) && !af_is(val, af_sym.tuple))
            return why_of(WHY_PARAMS_MAY_HOLD_NONE);
    }
    return why_none();
}

static struct why map_data(struct kw *k)
{
    if (af_is(k->value, af_sym.dictionary) || af_is(k->value, af_sym.none))
        return why_none();
    if (!known_str(k->b->file, k->value, k->r->scope))
        return why_of(WHY_DATA_UNKNOWN);
    rename_keyword(k, "content");
    return why_none();
}

static struct why map_timeout(struct kw *k)
{
    struct build *b = k->b;
    TSNode kv = k->value, parts[4];
    if (af_is(kv, af_sym.integer) || af_is(kv, af_sym.float_) || af_is(kv, af_sym.none))
        return why_none();
    if (af_is(kv, af_sym.tuple) && af_node_items(kv, parts, 4) == 2 && !af_node_has_comment(kv, false)) {
        if (b->fix) {
            uint32_t l0, l1;
            const char *t0 = http_text(b->file, parts[0], &l0), *t1 = http_text(b->file, parts[1], &l1);
            struct af_buf t = AF_BUF_INIT;
            af_buf_printf(&t, "%s.Timeout(None, connect=%.*s, read=%.*s)", b->hx, (int)l0, t0, (int)l1, t1);
            TSNode raw = af_field_child(k->arg, af_field.value);
            af_fix_replace(b->fix, ts_node_start_byte(raw), ts_node_end_byte(raw), t.ptr, t.size);
            af_buf_dispose(&t);
        }
        return why_none();
    }
    http_note_unsafe(b, "`timeout=` may be a (connect, read) tuple, which httpx reads differently");
    return why_none();
}

static struct why map_allow_redirects(struct kw *k)
{
    k->seen->redirects = true;
    rename_keyword(k, "follow_redirects");
    return why_none();
}

static struct why map_tls(struct kw *k)
{
    k->seen->tls = true;
    return to_client(k, false);
}

static struct why map_proxies(struct kw *k)
{
    k->seen->proxies = true;
    return to_client(k, true);
}

static struct why map_auth(struct kw *k)
{
    TSNode parts[4];
    if (af_is(k->value, af_sym.none) || (af_is(k->value, af_sym.tuple) && af_node_items(k->value, parts, 4) == 2))
        return why_none();
    return why_of(WHY_AUTH_CLASS);
}

static struct why map_hooks(struct kw *k)
{
    (void)k;
    return why_of(WHY_HOOKS);
}

static struct why map_stream(struct kw *k)
{
    if (!k->b->stream || !af_is(k->value, af_sym.true_) || ts_node_is_null(k->prev))
        return why_of(WHY_STREAM_KEYWORD);
    drop_keyword(k);
    return why_none();
}

static struct why map_files(struct kw *k)
{
    (void)k;
    return why_of(WHY_FILES);
}

const struct http_keyword http_keywords[] = {
    { { "url", "method", "json", "cookies" }, map_same },
    { { "headers" }, map_headers },
    { { "params" }, map_params },
    { { "data" }, map_data },
    { { "timeout" }, map_timeout },
    { { "allow_redirects" }, map_allow_redirects },
    { { "verify", "cert" }, map_tls },
    { { "proxies" }, map_proxies },
    { { "auth" }, map_auth },
    { { "hooks" }, map_hooks },
    { { "stream" }, map_stream },
    { { "files" }, map_files },
};
const size_t http_nkeywords = sizeof(http_keywords) / sizeof(http_keywords[0]);

static const struct http_keyword *keyword_row(const char *name, size_t len)
{
    for (size_t i = 0; i < http_nkeywords; i++)
        for (size_t j = 0; j < HTTP_KEYWORD_NAMES && http_keywords[i].names[j]; j++)
            if (af_streq(name, len, http_keywords[i].names[j]))
                return &http_keywords[i];
    return NULL;
}

struct why http_map_arguments(struct build *b, struct rec *r, const TSNode *args, uint32_t n,
                              struct af_buf *ctor, bool *redirects)
{
    uint32_t max_pos = strcmp(r->verb, "request") == 0 ? 2 : 1, npos = 0;
    struct kw_seen seen = { false, false, false };
    struct kw k = { .b = b, .r = r, .ctor = ctor, .seen = &seen };
    *redirects = false;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = args[i];
        if (af_is(a, af_sym.list_splat) || af_is(a, af_sym.dictionary_splat))
            return why_of(WHY_SPLAT);
        if (!af_is(a, af_sym.keyword_argument)) {
            if (++npos > max_pos)
                return why_of(WHY_POSITIONAL_AFTER_URL);
            continue;
        }
        k.arg = a;
        k.name = af_field_child(a, af_field.name);
        k.value = af_unparen(af_field_child(a, af_field.value));
        k.prev = i ? args[i - 1] : af_null_node();
        uint32_t len;
        const char *name = http_text(b->file, k.name, &len);
        const struct http_keyword *row = keyword_row(name, len);
        struct why why = row ? row->map(&k) : why_keyword(&k, WHY_KEYWORD_UNKNOWN);
        *redirects = seen.redirects;
        if (why.code)
            return why;
    }
    /* a mounted transport does not take the client's verify/cert */
    if (seen.tls && seen.proxies)
        return why_of(WHY_PROXIES_WITH_TLS);
    return why_none();
}

/* ==== one requests call ==== */

static const struct { const char *from, *to; } exception_map[] = {
    { "RequestException", "HTTPError" },
    { "HTTPError", "HTTPStatusError" },
    { "ConnectionError", "ConnectError" },
    { "Timeout", "TimeoutException" },
    { "TooManyRedirects", "TooManyRedirects" },
    { NULL, NULL },
};

static const char *const response_unmapped[] = {
    "iter_content", "iter_lines", "raw", "close", "apparent_encoding", "next",
    "connection", "is_permanent_redirect", "__enter__", "__exit__", NULL,
};

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

struct why http_response_attribute(struct build *b, TSNode attr)
{
    struct af_file *file = b->file;
    TSNode name = af_field_child(attr, af_field.attribute);
    uint32_t len;
    const char *t = http_text(file, name, &len);
    if (http_in_list(response_unmapped, t, len))
        return http_why_arg(file, WHY_RESPONSE_ATTRIBUTE, t, len);
    if (af_streq(t, len, "raise_for_status"))
        b->raise_for_status = true;
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
};

/* one use of the response's name */
static struct why visit_response(void *ctx, TSNode n, TSNode p)
{
    struct response_walk *w = ctx;
    if (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), n))
        return http_response_attribute(w->b, p);
    if (af_is(p, af_sym.attribute) || af_is(p, af_sym.keyword_argument)) {
        /* `x.r`, `f(r=...)`: another name */
    } else if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), n)) {
        if (!rewritten_response(w->b, af_field_child(p, af_field.right), w->scope))
            http_note_unsafe(w->b, "`%.*s` is also bound to something other than a rewritten "
                             "requests response", (int)w->len, w->name);
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
        struct response_walk w = { b, name, len, r->scope };
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

/* `e`, a type of an except clause: its httpx name when it is a requests exception; true when it is one */
static bool rewrite_handler_type(struct build *b, TSNode e, int scope)
{
    struct af_buf q = AF_BUF_INIT;
    bool is_req = false;
    if (af_sem_qualname(&q, b->file, e, scope) == 0) {
        const char *to = map_exception(q.ptr, q.size, &is_req);
        if (to && b->fix && !except_done(b, ts_node_start_byte(e))) {
            struct af_buf t = AF_BUF_INIT;
            af_buf_printf(&t, "%s.%s", b->hx, to);
            af_fix_replace(b->fix, ts_node_start_byte(e), ts_node_end_byte(e), t.ptr, t.size);
            af_buf_dispose(&t);
        } else if (is_req && !to) {
            http_note_unsafe(b, "`except %s` has no httpx equivalent and is left as it is", q.ptr);
        }
    }
    af_buf_dispose(&q);
    return is_req;
}

/* the except clauses of `try`: their requests types rewritten; true when one names a requests exception */
static bool rewrite_handlers(struct build *b, struct rec *r, TSNode try)
{
    bool guards_requests = false;
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
        v = af_unparen(v);
        TSNode items[16];
        uint32_t k = 1;
        items[0] = v;
        if (af_is(v, af_sym.tuple)) {
            k = af_node_items(v, items, 16);
            k = k < 16 ? k : 16;
        }
        for (uint32_t j = 0; j < k; j++)
            guards_requests |= rewrite_handler_type(b, items[j], r->scope);
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
    TSNode args[64];
    uint32_t n = af_node_items(al, args, 64);
    struct af_buf t = AF_BUF_INIT;
    if (n) {
        af_buf_printf(&t, ", %s", kw);
        af_fix_insert(b->fix, ts_node_end_byte(args[n - 1]), t.ptr);
    } else {
        af_fix_insert(b->fix, ts_node_start_byte(al) + 1, kw);
    }
    af_buf_dispose(&t);
}

/* `requests.get(u)` -> `client.stream("GET", u)` */
static void stream_callee(struct build *b, struct rec *r)
{
    TSNode fn = af_field_child(r->call, af_field.function);
    TSNode al = af_field_child(r->call, af_field.arguments);
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
        if (b->client) {
            TSNode fn = af_field_child(call, af_field.function);
            struct af_buf callee = AF_BUF_INIT;
            af_buf_printf(&callee, "%s.%s", b->client, r->verb);
            af_fix_replace(b->fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
            af_buf_dispose(&callee);
        }
        af_rewrite_await(b->fix, b->file, call);
    }
    handlers_of(b, r);
    return why_none();
}

/* ==== client blocks and streams ==== */

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

/* reports every call of a group, the first with `fix` and the others sharing it, or with `why` */
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
    for (uint32_t i = 0; i < ng; i++)
        http_report(sink, file, group[i], i == 0 ? fix : af_fix_share(fix));
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
    const char *hx = af_sem_module_alias(file, r0->scope, "httpx", &need);
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
        af_buf_printf(&what, "Wrap in `%s:` and await `%s.%s(...)`", header.ptr, client, r0->verb);
        http_finish_message(&b, what.ptr);
        af_buf_dispose(&what);
    }
    af_buf_dispose(&header);
report:
    report_group(sink, file, group, ng, fix, why);
    http_build_dispose(&b);
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
    if ((af_is(p, af_sym.attribute) && !ts_node_eq(af_field_child(p, af_field.object), id)) ||
        (af_is(p, af_sym.keyword_argument) && ts_node_eq(af_field_child(p, af_field.name), id)))
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
    if (!ts_node_is_null(*close)) {
        if (!ts_node_eq(*close, *last))
            return why_of(WHY_STREAM_AFTER_CLOSE);
        if (!af_stmt_alone_on_lines(file, *close))
            return why_of(WHY_CLOSE_SHARES_LINE);
        *last = af_stmt_prev(*close);
        if (ts_node_is_null(*last) || ts_node_start_byte(*last) <= ts_node_end_byte(stmt))
            return why_of(WHY_STREAM_ONLY_CLOSE);
    }
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
    af_buf_printf(&t, "async with %s.AsyncClient(follow_redirects=True, timeout=None%s) as %s:%s%.*s%sasync with ",
                  b->hx, ctor, b->client, af_source_newline(src), (int)il, ind, unit.ptr);
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
    const char *hx = af_sem_module_alias(file, r->scope, "httpx", &need);
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

/* ==== sessions and sync httpx clients ==== */

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
    if (af_is(p, af_sym.attribute) && ts_node_eq(af_field_child(p, af_field.object), id)) {
        uint32_t al;
        const char *a = http_text(w->file, af_field_child(p, af_field.attribute), &al);
        TSNode pc = method_call(p);
        bool is_call = !ts_node_is_null(pc);
        bool known = is_call && known_call(w->recs, w->n, pc, w->with, true);
        if (is_call && !known && http_in_list(http_verbs, a, al))
            return why_of(WHY_SESSION_OUTSIDE_BODY);
        if (!(is_call && known) && !af_streq(a, al, "headers"))
            return http_why_arg(w->file, WHY_SESSION_ATTRIBUTE, a, al);
    } else if (!(af_is(p, af_sym.attribute) || af_is(p, af_sym.keyword_argument))) {
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
 * its assignment when `by_with` is false), the first with `fix` and the others
 * sharing it; with a reason the fix is dropped and each says why. `kind` is
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
    bool given = false;
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != kind || !ts_node_eq(by_with ? r->session_with : r->session_assign, key))
            continue;
        r->in_fix = false;
        if (why.code && kind == K_HTTPX_CLIENT)
            continue;
        if (why.code)
            r->why = why;
        http_report(sink, file, r, given ? af_fix_share(fix) : fix);
        r->reported = true;
        given = true;
    }
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
    TSNode ctor_call;
    struct why why = session_with_shape(file, with, recs, n, hx, &ctor_call);
    if (why.code)
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
    if ((af_is(p, af_sym.attribute) && !ts_node_eq(af_field_child(p, af_field.object), id)) ||
        (af_is(p, af_sym.keyword_argument) && ts_node_eq(af_field_child(p, af_field.name), id)))
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
    if (why.code)
        return why;
    if (!ts_node_is_null(*close)) {
        if (!ts_node_eq(*close, *last))
            return why_of(WHY_SESSION_AFTER_CLOSE);
        if (!af_stmt_alone_on_lines(file, *close))
            return why_of(WHY_CLOSE_SHARES_LINE);
        *last = af_stmt_prev(*close);
        if (ts_node_is_null(*last) || ts_node_start_byte(*last) <= ts_node_end_byte(assign))
            return why_of(WHY_SESSION_ONLY_CLOSE);
    }
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
    struct rec *r0 = NULL;
    for (uint32_t i = 0; i < n; i++)
        if (recs[i].kind == kind && ts_node_eq(recs[i].session_assign, assign)) {
            recs[i].in_fix = true;
            if (!r0)
                r0 = &recs[i];
        }
    if (!r0)
        return;
    bool need, client = kind == K_HTTPX_CLIENT;
    const char *hx = af_sem_module_alias(file, r0->scope, "httpx", &need);
    TSNode first, last, close;
    struct why why = assigned_shape(file, r0, recs, n, kind, assign, hx, &first, &last, &close);
    if (why.code)
        goto report;
    fix = af_fix_new(AF_SAFE);
    b.fix = fix;
    b.hx = hx;
    b.client = NULL;
    b.session = true;
    b.ctor_follow = true;
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
            /* same library: the arguments keep their meaning */
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
    const char *hx = first ? af_sem_module_alias(file, first->scope, "httpx", &need) : NULL;
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

/* ==== the rule ==== */

static const char *const why_messages[] = {
#define HTTP_WHY_MESSAGE(code, message) message,
    HTTP_WHYS(HTTP_WHY_MESSAGE)
#undef HTTP_WHY_MESSAGE
};

struct why http_why_arg(struct af_file *file, enum http_why_code code, const char *arg, size_t len)
{
    struct why why = { code, af_arena_strndup(&file->arena, arg, len) };
    return why;
}

const char *http_why_text(struct af_file *file, struct why why)
{
    const char *message = why_messages[why.code];
    const char *at = strstr(message, "%s");
    assert((at != NULL) == (why.arg != NULL));
    if (!at)
        return message;
    struct af_buf buf = AF_BUF_INIT;
    af_buf_put(&buf, message, (size_t)(at - message));
    af_buf_puts(&buf, why.arg);
    af_buf_puts(&buf, at + 2);
    const char *out = af_arena_strndup(&file->arena, buf.ptr, buf.size);
    af_buf_dispose(&buf);
    return out;
}

void http_report(struct af_sink *sink, struct af_file *file, struct rec *r, struct af_fix *fix)
{
    const char *fname = af_sem_scope_name(file, r->fscope);
    if (fix || !r->why.code)
        af_report(sink, r->call, fix, "blocking `%s()` in async function `%s`: it stops the event loop",
                  r->what, fname);
    else
        af_report(sink, r->call, NULL, "blocking `%s()` in async function `%s`: it stops the event loop "
                  "(not rewritten: %s)", r->what, fname, http_why_text(file, r->why));
}

/* ---- requests calls ---- */

/* `r = requests.get(u, stream=True)` with the body iterated: the client.stream form, or its reason */
static struct why analyse_stream(struct build *b, struct rec *r, struct af_buf *ctor)
{
    TSNode last, close;
    b->stream = true;
    af_buf_clear(ctor);
    struct why why = http_rewrite_call(b, r, ctor);
    if (!why.code)
        why = http_stream_uses(b, r, &last, &close);
    b->stream = false;
    r->stream = !why.code;
    return why;
}

/* which requests calls map, and what goes to their client's constructor */
static void analyse_requests(struct af_file *file, struct rec *recs, uint32_t n)
{
    struct build b;
    http_build_init(&b, file, recs, n);
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_REQUESTS)
            continue;
        r->stmt = af_stmt_of(r->call);
        if (!http_statement_ok(r->stmt)) {
            r->why = why_of(WHY_IN_HEADER);
            continue;
        }
        if (r->noqa) {
            r->why = why_of(WHY_NOQA);
            continue;
        }
        struct af_buf ctor = AF_BUF_INIT;
        r->why = http_rewrite_call(&b, r, &ctor);
        if (r->why.code == WHY_STREAM_KEYWORD)
            r->why = analyse_stream(&b, r, &ctor);
        if (ctor.size)
            r->ctor = af_arena_strndup(&file->arena, ctor.ptr, ctor.size);
        af_buf_dispose(&ctor);
    }
    http_build_dispose(&b);
}

/* a statement is fixable when all its requests calls are; one client per statement needs one ctor */
static void whole_statements(struct af_file *file, struct rec *recs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_REQUESTS || r->why.code)
            continue;
        for (uint32_t j = 0; j < n; j++) {
            struct rec *o = &recs[j];
            if (j == i || o->kind != K_REQUESTS || !ts_node_eq(o->stmt, r->stmt))
                continue;
            if (o->why.code && o->why.code != WHY_OTHER_CALL) {
                const char *text = http_why_text(file, o->why);
                r->why = http_why_arg(file, WHY_OTHER_CALL, text, strlen(text));
            } else if (o->ctor && r->ctor && j < i) {
                r->why = why_of(WHY_TWO_CLIENT_SETTINGS);
            }
        }
    }
}

/* true when `r` joins the group ending with `l`: the same statement or the next, one constructor */
static bool joins_group(struct rec **group, uint32_t ng, const struct rec *r)
{
    const struct rec *l = group[ng - 1];
    bool same = ts_node_eq(l->stmt, r->stmt);
    bool next = ts_node_eq(af_stmt_prev(r->stmt), l->stmt);
    bool alone = (r->ctor || group[0]->ctor) && !same;
    return (same || next) && !alone;
}

static void check_requests(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n)
{
    analyse_requests(file, recs, n);
    whole_statements(file, recs, n);
    /* groups: consecutive statements of one block, sharing one client */
    struct rec **group = af_malloc((n ? n : 1) * sizeof(*group));
    uint32_t ng = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct rec *r = &recs[i];
        if (r->kind != K_REQUESTS)
            continue;
        if (r->why.code) {
            http_report(sink, file, r, NULL);
            continue;
        }
        if (r->stream) {
            if (ng)
                http_fix_group(sink, file, recs, n, group, ng);
            ng = 0;
            http_fix_stream(sink, file, recs, n, r);
            continue;
        }
        if (ng && !joins_group(group, ng, r)) {
            http_fix_group(sink, file, recs, n, group, ng);
            ng = 0;
        }
        group[ng++] = r;
    }
    if (ng)
        http_fix_group(sink, file, recs, n, group, ng);
    free(group);
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
            r->why = why_of(WHY_SYNC_STREAM);
            http_report(sink, file, r, NULL);
            continue;
        }
        struct af_fix *fix = af_fix_new(AF_UNSAFE);
        if (af_is(ts_node_parent(r->call), af_sym.await) ||
            af_rewrite_to_thread(fix, file, r->call, r->scope, NULL) < 0) {
            af_fix_free(fix);
            r->why = why_of(WHY_THREAD_NAMES_TAKEN);
            http_report(sink, file, r, NULL);
            continue;
        }
        if (r->kind == K_URLLIB || r->kind == K_URLLIB3)
            af_fix_set_message(fix, "Run it in a worker thread (unsafe: the response is then read "
                                    "from the event loop's thread and may still block)");
        else
            af_fix_set_message(fix, "Run it in a worker thread (unsafe: better an httpx.AsyncClient; "
                                    "the call now runs concurrently with other tasks)");
        http_report(sink, file, r, fix);
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
        if (!http_classify(&r, file, site->node, site->scope))
            continue;
        r.noqa = af_sem_noqa(file, ts_node_start_byte(site->node), "AF102");
        AF_ARRAY_GROW(recs, n, cap);
        recs[n++] = r;
    }
    if (n) {
        check_requests(sink, file, recs, n);
        http_check_sessions(sink, file, recs, n);
        http_check_httpx_clients(sink, file, recs, n);
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
    "Keywords of a requests call (requests -> httpx), one line each; a call with\n"
    "any other keyword is not rewritten:\n"
    "  - `url=`, `method=`, `json=`, `cookies=`: the same in httpx, kept\n"
    "  - `headers=`: kept; not rewritten when a value is None (requests drops the\n"
    "    header, httpx rejects it)\n"
    "  - `params=`: kept when None, a string or a dict literal of plain values; not\n"
    "    rewritten when it may hold None values (a name, a non-literal value:\n"
    "    requests drops None, httpx sends it empty) or is a list of tuples\n"
    "  - `data=`: a str/bytes literal, or a name bound once to one, to `.encode()`\n"
    "    or `json.dumps()` -> `content=`; a dict literal stays form data; any other\n"
    "    value is not rewritten (its type is unknown)\n"
    "  - `timeout=`: requests has none, httpx 5 s -> `timeout=None` on the client; a\n"
    "    call's `timeout=<number>` is kept, `timeout=(connect, read)` becomes\n"
    "    `httpx.Timeout(None, connect=..., read=...)`; a name makes the fix unsafe\n"
    "    (it may be a (connect, read) tuple)\n"
    "  - `allow_redirects=`: `allow_redirects=X` -> `follow_redirects=X`; without\n"
    "    it requests follows redirects except for `head`, httpx does not ->\n"
    "    `follow_redirects=True` on the client (not for a client serving only `head`\n"
    "    calls; a `head` sharing a client gets `follow_redirects=False`)\n"
    "  - `verify=`, `cert=`: -> the client's constructor (that call gets its own\n"
    "    client); not rewritten on a session call\n"
    "  - `proxies=`: a dict literal of plain string keys and http(s):// proxy URLs\n"
    "    -> the client's `mounts={...}`, each key as the URL pattern matching the\n"
    "    same requests (\"http\" -> \"http://\", \"all\" -> \"all://\", \"https://host\"\n"
    "    kept) and each URL as\n"
    "    `httpx.AsyncHTTPTransport(proxy=httpx.Proxy(\"http://p:3128\"))` (that call\n"
    "    gets its own client; `proxies={}` is dropped); not rewritten when it is a\n"
    "    name, holds `**`, a None value (no proxy for a scheme), a non-literal, a\n"
    "    socks or scheme-less proxy URL, a key with a port, a wildcard or upper\n"
    "    case, \"all://host\" keys beside scheme keys (httpx ranks them the other\n"
    "    way round), or comes with `verify=`/`cert=` (a mounted transport does not\n"
    "    take the client's)\n"
    "  - `auth=`: kept when a (user, password) tuple or None; not rewritten\n"
    "    otherwise (requests auth classes)\n"
    "  - `hooks=`: not rewritten (event hooks belong to the httpx client)\n"
    "  - `stream=`: `r = requests.get(u, stream=True)` whose uses follow it in its\n"
    "    block: `async with client.stream(\"GET\", u) as r:` over them, `for x in\n"
    "    r.iter_content(n)` -> `async for x in r.aiter_bytes(n)` (no size: 1,\n"
    "    requests' default), a last `r.close()` removed; any other use of\n"
    "    `stream=True` (the body read with `.content`/`.text`/`.json()`/\n"
    "    `.iter_lines()`, used after `.close()`, passed on) is not rewritten\n"
    "  - `files=`: not rewritten (multipart bodies are not checked to map)\n\n"
    "The response, its handlers and sessions (requests -> httpx):\n"
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
    "  - `raise_for_status()` is kept; the fix message says that httpx's also raises\n"
    "    on 1xx/3xx answers (requests only on 4xx/5xx)\n\n"
    "The fix is unsafe (only with --unsafe-fixes), with the reason in its message,\n"
    "when: the response is passed on, returned or rebound to something else (code\n"
    "elsewhere may use `.ok` or `.url` as a str); an `except requests...` clause has\n"
    "no httpx equivalent (SSLError, InvalidURL, JSONDecodeError, ...); the handlers\n"
    "also guard another requests call that this fix does not rewrite; `timeout=` is\n"
    "a name (it may be a (connect, read) tuple).\n\n"
    "Not rewritten (reported with the reason), besides the keywords above:\n"
    "`*args`/`**kwargs`; positional arguments after the URL; responses whose\n"
    "`.iter_content`, `.iter_lines`, `.raw`, `.close`, `.apparent_encoding` or\n"
    "`.next` is used; a statement sharing its line with another; a session that\n"
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
