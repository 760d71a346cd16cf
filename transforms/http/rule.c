/*
 * rule.c - AF102 blocking-http: what it finds, why, and how it is rewritten
 * is the --explain text below (af_rule_af102.explanation), the one copy of
 * the rule's doc. This file runs the parts (http.h): finds the calls,
 * decides which requests calls are fixed together, reports every call, and
 * gives the others a worker thread.
 */
#include <assert.h>
#include <string.h>

#include "http.h"

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

/* which loop runs the module is not known (semantic.h: framework_mixed) */
static struct why loop_unknown(struct af_file *file)
{
    const char *text = af_sem_loop_unknown(&file->sem);
    return http_why_arg(file, WHY_LOOP_UNKNOWN, text, strlen(text));
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
        if (file->sem.imports_other) {
            r->why = loop_unknown(file);   /* httpx's AsyncClient runs under asyncio and trio only */
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

void http_report_threaded(struct af_sink *sink, struct af_file *file, struct rec *r, const char *unsafe)
{
    struct af_fix *fix = af_fix_new(AF_UNSAFE);
    if (af_is(ts_node_parent(r->call), af_sym.await) ||
        af_rewrite_to_thread(fix, file, r->call, r->scope, NULL) < 0) {
        af_fix_free(fix);
        if (file->sem.framework_mixed)
            r->why = loop_unknown(file);
        else if (!r->why.code)
            r->why = why_of(WHY_THREAD_NAMES_TAKEN);
        http_report(sink, file, r, NULL);
        return;
    }
    af_fix_set_message(fix, "Run it in a worker thread (unsafe: %s)", unsafe);
    http_report(sink, file, r, fix);
}

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
        if (r->kind == K_HTTPX && !file->sem.imports_other && http_fix_httpx_call(sink, file, r))
            continue;
        if (r->kind == K_URLLIB || r->kind == K_URLLIB3) {
            http_report_threaded(sink, file, r, "the response is then read from the event loop's thread "
                                                "and may still block");
        } else if (r->kind == K_HTTPX && r->why.code) {
            struct af_buf unsafe = AF_BUF_INIT;
            af_buf_printf(&unsafe, "no AsyncClient form: %s; the call now runs concurrently with other tasks",
                          http_why_text(file, r->why));
            http_report_threaded(sink, file, r, unsafe.ptr);
            af_buf_dispose(&unsafe);
        } else
            http_report_threaded(sink, file, r, "better an httpx.AsyncClient; the call now runs "
                                                "concurrently with other tasks");
    }
}

static void check(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct rec *recs = NULL;
    uint32_t n = 0, cap = 0;
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);   /* the calls in async code */
    for (uint32_t k = 0; k < nasync; k++) {
        const struct af_site *site = &sem->calls.items[async[k]];
        bool genexp = !af_sem_in_async(file, site->scope);   /* else in a generator expression of one */
        struct rec r;
        if (!http_classify(&r, file, site))
            continue;
        if (genexp) {
            if (!af_sem_noqa(file, ts_node_start_byte(site->node), "AF102"))
                af_report(sink, site->node, NULL, "blocking `%s()` in async function `%s`: it stops the event "
                          "loop (not rewritten: " AF_GENEXP_REASON ")", r.what,
                          af_sem_scope_name(file, af_sem_async_genexp_owner(file, site->scope)));
            continue;
        }
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
    "the methods of a `requests.Session` (opened in the function, assigned there or at\n"
    "module level, or a name annotated `requests.Session`), the sync httpx API\n"
    "(`httpx.get`, ..., `httpx.stream`) and sync `httpx.Client` methods (the request\n"
    "methods, `send`, `close`), `urllib.request.urlopen`, `urllib3.request` and the\n"
    "methods of urllib3's `PoolManager`, `ProxyManager`, `HTTPConnectionPool`,\n"
    "`HTTPSConnectionPool` (also as `urllib3.poolmanager.*`, `urllib3.connectionpool.*`).\n"
    "A receiver's type comes from where it is made in the function, from a\n"
    "module-level `x = httpx.Client()`, or from an annotation of a parameter, local or\n"
    "module-level name: `x: T`, `x: T = ...`, `Optional[T]`, `T | None`,\n"
    "`Union[T, None]`, `\"T\"`, any import spelling of T (a name rebound without the\n"
    "annotation, or annotated with two types, has none). A local name that shadows\n"
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
    "`await client.get(...)`, parenthesised where needed (`(await client.get(u)).json()`);\n"
    "a get/head/options/delete with `data=` or `json=` (httpx's methods of those\n"
    "verbs take no body) -> `await client.request(\"GET\", u, data=...)`, likewise a\n"
    "session's `s.get(u, data=...)` -> `await s.request(\"GET\", u, data=...)`.\n"
    "Consecutive statements of one block share one client. The client's name is\n"
    "fresh (`client`, else `http_client`, `client_2`, ...); `import httpx` is added\n"
    "(or `import httpx as hx` reused); an import of requests that the fixes leave\n"
    "unused (nothing else in the file spells its name) is removed.\n\n"
    "Keywords of a requests call (requests -> httpx), one line each; a call with\n"
    "any other keyword is not rewritten:\n"
    "  - `url=`, `method=`, `json=`, `cookies=`: the same in httpx, kept\n"
    "  - `headers=`: kept when None or a dict literal of plain ASCII str/bytes\n"
    "    literals (token names; values without escapes or end spaces); a value made\n"
    "    by an f-string makes the fix unsafe (httpx rejects what requests sends when\n"
    "    it turns out non-ASCII or space-ended); not rewritten when it may hold None\n"
    "    values (a name, a non-literal value: requests drops the header, httpx\n"
    "    rejects it), holds a number, a bool, a non-ASCII or space-ended literal (the\n"
    "    two reject or send it differently) or a name twice in two cases (requests\n"
    "    sends the last, httpx each)\n"
    "  - `params=`: kept when None, a string or a dict literal of str and number\n"
    "    literals (or lists of them); not rewritten when it may hold None values (a\n"
    "    name, a non-literal value: requests drops None, httpx sends it empty), a\n"
    "    bool, bytes or a nested list (httpx sends `true`, `b'x'`, the list's repr)\n"
    "    or is a list of tuples\n"
    "  - `data=`: a str/bytes literal, or a name bound once to one, to `.encode()`\n"
    "    or `json.dumps()` -> `content=`; a dict literal stays form data when it is\n"
    "    one `params=` keeps (str and number literals), not rewritten otherwise (as\n"
    "    for `params=`: requests drops None, httpx sends it empty); any other value\n"
    "    is not rewritten (its type is unknown)\n"
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
    "    (httpx.HTTPError, httpx.InvalidURL) (httpx raises InvalidURL, not an\n"
    "    HTTPError, for some URLs requests rejects with InvalidURL), HTTPError ->\n"
    "    httpx.HTTPStatusError, ConnectionError -> (httpx.NetworkError,\n"
    "    httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout) (refused,\n"
    "    closed before the answer, reset, proxy, connect timeout; unsafe, below),\n"
    "    Timeout -> httpx.TimeoutException, TooManyRedirects -> httpx.TooManyRedirects\n"
    "  - `with requests.Session() as s:` -> `async with httpx.AsyncClient(\n"
    "    follow_redirects=True, timeout=None) as s:` with each `s.verb(...)` inside\n"
    "    awaited (`s.headers` may be used as well); `s = requests.Session()` in the\n"
    "    function becomes the same block over the statements from there to the\n"
    "    last use of `s`, a final `s.close()` statement removed\n"
    "  - `r.raise_for_status()` (requests raises on 4xx/5xx, httpx on anything but a\n"
    "    2xx) -> `if r.is_error: r.raise_for_status()` when it is a statement on its\n"
    "    own line; any other use makes the fix unsafe\n\n"
    "The fix is unsafe (only with --unsafe-fixes), with the reason in its message,\n"
    "when: the response is passed on (positionally or as a keyword's value, `f(resp=r)`),\n"
    "returned or rebound to something else (code elsewhere may use `.ok` or `.url` as a str); an `except requests...` clause has\n"
    "no httpx equivalent (SSLError, InvalidURL, JSONDecodeError, ...); the handlers\n"
    "also guard another requests call that this fix does not rewrite; `timeout=` is\n"
    "a name (it may be a (connect, read) tuple); `raise_for_status()` is chained on\n"
    "the call, shares its line or is not a statement (it cannot be guarded); an\n"
    "`except requests.RequestException` guards a call whose URL does not start with\n"
    "a literal `http(s)://host[:port]` of a plain host and a port up to 65535\n"
    "(`\"https://api.example.com/\" + path` does; for a larger port httpx 0.23 raises\n"
    "OverflowError, which no httpx type covers, where requests raises InvalidURL); an\n"
    "`except requests.RequestException` whose `try` calls `.json()` (it catches\n"
    "requests' JSONDecodeError; httpx's `.json()` raises json.JSONDecodeError); an\n"
    "`except requests.ConnectionError` (a body that stops arriving within `timeout=`\n"
    "is requests' ConnectionError and httpx's ReadTimeout, which is also requests'\n"
    "ReadTimeout: no httpx types catch the same failures); the response's `.text` or\n"
    "`.encoding` is used (without a charset from the server requests decodes a text/*\n"
    "body as ISO-8859-1 and guesses for other types, httpx decodes it as UTF-8;\n"
    "`.content`, `.json()`, `.status_code`, `.headers` keep the fix safe).\n\n"
    "A session or client the function does not make (a parameter, a module-level or\n"
    "global object, one opened in an enclosing function) is never converted to another\n"
    "type: its call gets the worker-thread fix below (unsafe: other code may use the\n"
    "object meanwhile, and a requests.Session is not thread-safe).\n\n"
    "Not rewritten (reported with the reason), besides the keywords above:\n"
    "`*args`/`**kwargs`; positional arguments after the URL; responses whose\n"
    "`.iter_content`, `.iter_lines`, `.raw`, `.close`, `.apparent_encoding` or\n"
    "`.next` is used; a statement sharing its line with another; a session that\n"
    "is passed on (`helper(s)` or `helper(session=s)`), used outside the\n"
    "statements after its assignment, used through other attributes than request\n"
    "methods, `.headers` and a last `.close()`, or created with arguments.\n\n"
    "Sync httpx.Client (safe fix): `with httpx.Client(...) as c:` -> `async with\n"
    "httpx.AsyncClient(...) as c:` with each `c.verb(...)` inside awaited (a call\n"
    "already awaited keeps its one `await`), when the client is used only through\n"
    "request methods and `.headers` (same library, so\n"
    "the arguments keep their meaning); likewise `c = httpx.Client(<args>)` in the\n"
    "function -> `async with httpx.AsyncClient(<args>) as c:` over the statements\n"
    "from there to the last use of `c` (the arguments kept byte for byte, a final\n"
    "`c.close()` statement removed), when `c` is used only through request methods,\n"
    "`.headers` and that `.close()` in those statements. A client that escapes\n"
    "(returned, passed on, rebound), is used otherwise (`.cookies`, `.stream()`, after\n"
    "`.close()`) or whose constructor spans lines gets the worker-thread fix below.\n\n"
    "Sync httpx module functions (safe fix): `r = httpx.get(u, ...)` (post, put, patch,\n"
    "delete, head, options, request) -> `async with httpx.AsyncClient(<client\n"
    "keywords>) as client:` over the statement and `r = await client.get(u, ...)`:\n"
    "the same library with the same defaults, so no keyword is mapped; the keywords\n"
    "the module function gives its own Client (httpx 0.23: `cookies=`, `proxies=`,\n"
    "`cert=`, `verify=`, `timeout=`, `trust_env=`) move to the constructor, the others\n"
    "stay on the request, each kept byte for byte. Each call gets its own client, as\n"
    "the module function makes one. The worker thread below instead (with the reason)\n"
    "when `*args`/`**kwargs` hide the arguments, a positional argument follows the URL\n"
    "(`httpx.request`'s method and URL excepted), client keywords would move out of an\n"
    "argument list spanning lines or holding a comment, or the statement shares its\n"
    "line.\n\n"
    "urllib / urllib3 / other sync httpx calls (unsafe fix): `await\n"
    "asyncio.to_thread(f, ...)` (run_in_executor below py39, trio/anyio's to_thread\n"
    "in such modules): the response object is then used from the loop's thread\n"
    "and reading a streamed body may still block. `httpx.stream()` and\n"
    "`client.stream()` are reported only.\n\n"
    "Differences not handled (review after the fix): a JSON body served as text/*\n"
    "without a charset, which requests' `r.json()` decodes as ISO-8859-1, httpx's as\n"
    "UTF-8; the default User-Agent and Accept-Encoding headers differ; exceptions\n"
    "raised by requests inside other functions called in the same try are no longer\n"
    "caught by a rewritten handler; each wrapped statement opens its own connection\n"
    "pool (a loop body opens one per iteration).\n\n"
    "Reported without a fix: a call in a generator expression of the async def (it\n"
    "blocks when the generator is consumed; `await` there would make an async\n"
    "generator); every call in a module that imports Twisted or curio, or of a\n"
    "project one of whose files does (httpx's AsyncClient runs under asyncio and\n"
    "trio only; a module naming Twisted's asyncioreactor counts as asyncio); the\n"
    "worker-thread fix in a module that imports asyncio and trio but not anyio.\n\n"
    "Left alone: requests in a sync `def` or `lambda` (even nested in an async def),\n"
    "at module level; `asyncio.to_thread(requests.get, u)`\n"
    "and `loop.run_in_executor(None, requests.get, u)`; `fn = requests.get`;\n"
    "`requests.codes`; `requests.exceptions` in a sync function; a local object\n"
    "named `requests`. Unlike a linter that guesses, `x.request(\"GET\", url)` on an\n"
    "object of unknown type is not reported merely because urllib3 is imported:\n"
    "asyncfix reports a receiver only when it knows what it is (made in the code, or\n"
    "annotated), since every finding can carry a rewrite.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
};
