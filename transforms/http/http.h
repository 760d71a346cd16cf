/*
 * http.h - the parts of AF102 blocking-http (what it finds and how it
 * rewrites it: the --explain text in rule.c) and what they share:
 *
 *   detect.c    which calls are blocking HTTP calls, and of what kind
 *   keywords.c  the requests -> httpx keyword table, one row per keyword
 *               line of the --explain text
 *   call.c      one requests call: its keywords, callee, await, response
 *               and exception handlers
 *   blocks.c    the client blocks around requests calls, and streams
 *   sessions.c  requests sessions and sync httpx clients
 *   rule.c      the rule: grouping, reporting, the worker-thread fix
 *
 * Everything here is internal to the rule.
 */
#ifndef ASYNCFIX_TRANSFORMS_HTTP_H
#define ASYNCFIX_TRANSFORMS_HTTP_H

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
    X(SESSION_NOT_MADE_HERE, "the session is not made in this function (an annotated name)") \
    X(SESSION_UNBOUND, "the session is not opened in a `with` block and is not a name bound once in " \
                       "this function") \
    X(GENERATOR_ARGUMENT, "the call's argument is a generator expression") \
    X(ALREADY_AWAITED, "the call is already awaited") \
    X(TOO_MANY_ARGUMENTS, "too many arguments") \
    X(SPLAT, "`*args`/`**kwargs` hide which arguments are passed") \
    X(POSITIONAL_AFTER_URL, "a positional argument after the URL (httpx takes only keywords there)") \
    X(KEYWORD_UNKNOWN, "`%s=` has no known httpx equivalent") \
    X(HEADERS_NONE, "`headers=` holds a None value (requests drops the header, httpx rejects it)") \
    X(HEADERS_MAY_HOLD_NONE, "`headers=` may hold None values (a name, a non-literal value: requests " \
                             "drops the header, httpx rejects it)") \
    X(HEADERS_NOT_PLAIN, "`headers=` holds a name or value that is not a plain ASCII string literal " \
                         "(requests and httpx send or reject it differently)") \
    X(HEADERS_CASE, "`headers=` repeats a name in another case (requests sends the last, httpx each)") \
    X(PARAMS_LIST, "`params=` is a list of tuples") \
    X(FORM_MAY_HOLD_NONE, "`%s=` may hold None values (requests drops them, httpx sends them empty)") \
    X(FORM_SPLAT, "`%s=` is built with `**`") \
    X(FORM_NONE, "`%s=` holds a None value (requests drops it, httpx sends it empty)") \
    X(FORM_ENCODED, "`%s=` holds a bool, bytes or a nested list, which httpx encodes otherwise (`true`, " \
                    "not `True`; `b'x'`, not `x`)") \
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
    X(LOOP_UNKNOWN, "%s") \
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
    X(THREAD_NAMES_TAKEN, "the names a worker-thread call needs are taken") \
    X(CLIENT_KEYWORDS_SPAN_LINES, "client keywords (`timeout=`, `verify=`, ...) would move out of an " \
                                  "argument list that spans lines or holds a comment")

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
    /* "requests.get", "s.get": never truncated, a listed API name (at most 22 bytes) or a
     * receiver of at most 40 bytes (else "..."), a dot and a listed method (at most 19) */
    char what[64];
    char verb[16];             /* "get", ..., "request": a listed verb (at most 7 bytes) */
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

/* ---- detect.c ---- */

/* the value bound to identifier `ident` by `x = VALUE` or `with VALUE as x`, else null */
TSNode http_bound_value(TSNode ident, bool *by_with);

/* true when `value` is `await c.verb(...)` on an httpx.AsyncClient opened by `async with` */
bool http_awaits_async_client(const struct af_file *file, TSNode value, int scope);

/* classifies one call site (of file->sem.calls); false when it is not a blocking HTTP call */
bool http_classify(struct rec *r, const struct af_file *file, const struct af_site *site);

/* ---- keywords.c ---- */

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

/* ---- call.c ---- */

/* records why the fix is unsafe (each reason once) */
/* the AsyncClient method that sends call `r`: its verb, or "request" for a body on a get/head/options/delete */
const char *http_sent_verb(const struct af_file *file, const struct rec *r);

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

/* the fix's message: `what`, the unsafe reasons (and AF_UNSAFE) */
void http_finish_message(struct build *b, const char *what);

/* ---- blocks.c ---- */

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

/*
 * A last `x.close()` statement `close` (or a null node) of the statements
 * opener+1..*last using x: it goes, *last becomes the statement before it.
 * `after_close` when x is used after it, `only_close` when nothing else
 * uses x, WHY_CLOSE_SHARES_LINE when it shares its line.
 */
struct why http_drop_close(const struct af_file *file, TSNode *last, TSNode close, TSNode opener,
                           enum http_why_code after_close, enum http_why_code only_close);

/*
 * `httpx.get(u, ...)` -> `async with httpx.AsyncClient(<client keywords>) as
 * client:` over its statement and `await client.get(u, ...)`; true when
 * reported with that fix, else r->why says why not (the worker thread then).
 */
bool http_fix_httpx_call(struct af_sink *sink, struct af_file *file, struct rec *r);

/* `r = requests.get(u, stream=True)` -> `async with client.stream("GET", u) as r:` */
void http_fix_stream(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n, struct rec *r);

/* ---- sessions.c ---- */

/* `with requests.Session() as s:` and `s = requests.Session()` in async functions */
void http_check_sessions(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n);

/* `with httpx.Client() as c:` and `c = httpx.Client()` in async functions */
void http_check_httpx_clients(struct af_sink *sink, struct af_file *file, struct rec *recs, uint32_t n);

/* ---- rule.c ---- */

/* reports `r`, with `fix` (may be NULL; taken) or its reason */
void http_report(struct af_sink *sink, struct af_file *file, struct rec *r, struct af_fix *fix);

/*
 * Reports `r` with the worker-thread fix (unsafe, `unsafe` saying why), or
 * with its reason when the call is awaited or the names are taken.
 */
void http_report_threaded(struct af_sink *sink, struct af_file *file, struct rec *r, const char *unsafe);

#endif
