/*
 * keywords.c - AF102: the keywords of a requests call, one row per keyword
 * line of the --explain text (rule.c), in the same order; a test holds the
 * two to each other.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http.h"

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
    if (b->type)
        return strcmp(b->type, "builtins.str") == 0 || strcmp(b->type, "builtins.bytes") == 0;
    if (b->kind != AF_BIND_VARIABLE)
        return false;
    bool by_with;
    TSNode value = http_bound_value(b->node, &by_with);
    return !ts_node_is_null(value) && !by_with && str_expression(file, value, b->scope);
}

/* the items of a dict or tuple literal, the first `max` of them (the rest is not looked at) */
/* the next named child of `node` from *cursor on that is not a comment (a null node at the end) */
static TSNode item_at(TSNode node, uint32_t *cursor)
{
    uint32_t count = ts_node_named_child_count(node);
    while (*cursor < count) {
        TSNode c = ts_node_named_child(node, (*cursor)++);
        if (!af_is(c, af_sym.comment))
            return c;
    }
    return af_null_node();
}

/*
 * The text between the quotes of a one-quoted string literal of printable
 * ASCII without escapes (`"a b"`, `b'x'`), in `out`/`len`, `bytes` true for
 * the `b` prefix; false for another prefix or anything else.
 */
static bool ascii_string(const struct af_file *file, TSNode v, const char **out, uint32_t *len, bool *bytes)
{
    uint32_t l;
    const char *t = http_text(file, v, &l);
    if (!af_is(v, af_sym.string))
        return false;
    *bytes = l && (t[0] == 'b' || t[0] == 'B');
    if (*bytes) {
        t++;
        l--;
    }
    if (l < 2 || (t[0] != '"' && t[0] != '\'') || t[l - 1] != t[0])
        return false;
    if (l >= 6 && t[1] == t[0] && t[2] == t[0])
        return false;
    for (uint32_t i = 1; i + 1 < l; i++)
        if (t[i] == '\\' || t[i] == t[0] || (unsigned char)t[i] < ' ' || (unsigned char)t[i] >= 0x7f)
            return false;
    *out = t + 1;
    *len = l - 2;
    return true;
}

/*
 * The text of a plain one-quoted string literal without prefix, escapes or
 * spaces (`"http"`, `'http://p:3128'`), in `out`/`len`; false for anything else.
 */
static bool plain_string(const struct af_file *file, TSNode v, const char **out, uint32_t *len)
{
    bool bytes;
    return ascii_string(file, v, out, len, &bytes) && !bytes && !memchr(*out, ' ', *len);
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
    const char *hx = af_sem_module_alias(file, scope, "httpx", ts_node_start_byte(kv), &need);
    if (!hx)
        return why_of(WHY_HTTPX_TAKEN);
    struct af_buf mounts = AF_BUF_INIT;
    struct why why = why_none();
    struct proxy_keys keys = { false, false };
    uint32_t m = 0, cursor = 0;
    for (TSNode item = item_at(kv, &cursor); !ts_node_is_null(item) && !why.code; item = item_at(kv, &cursor))
        why = proxy_mount(&mounts, file, hx, item, m++, &keys);
    /* requests prefers "https" to "all://host", httpx the other way round */
    if (!why.code && keys.scheme && keys.all_host)
        why = why_of(WHY_PROXIES_MIXED_KEYS);
    if (!why.code && m)
        af_buf_printf(ctor, ", mounts={%s}", mounts.ptr);
    af_buf_dispose(&mounts);
    return why;
}

/* ---- form fields: the dict literals of `params=` and `data=` ---- */

/*
 * How a form value may be sent differently, one name=value pair per value
 * or list item: requests drops None, sends a bool as `True`, bytes as their
 * text and a nested list's items; httpx sends None empty, `true`, `b'x'` and
 * the list's repr.
 */
enum form { FORM_SAME, FORM_SPLAT, FORM_NONE, FORM_MAY_HOLD_NONE, FORM_ENCODED };

/* a dict value, or an item of a list or tuple value (`item`) */
static enum form form_value(const struct af_file *file, TSNode v, bool item)
{
    v = af_unparen(v);
    if (af_is(v, af_sym.none))
        return FORM_NONE;
    if (af_is(v, af_sym.true_) || af_is(v, af_sym.false_))
        return FORM_ENCODED;
    if (is_str_literal(v))
        return af_node_is_bytes_literal(v, file->src->data) ? FORM_ENCODED : FORM_SAME;
    if (af_is(v, af_sym.integer) || af_is(v, af_sym.float_))
        return FORM_SAME;
    if (!af_is(v, af_sym.list) && !af_is(v, af_sym.tuple))
        return FORM_MAY_HOLD_NONE;
    if (item)
        return FORM_ENCODED;
    uint32_t cursor = 0;
    for (TSNode x = item_at(v, &cursor); !ts_node_is_null(x); x = item_at(v, &cursor)) {
        enum form f = form_value(file, x, true);
        if (f != FORM_SAME)
            return f;
    }
    return FORM_SAME;
}

/* the keyword's dict literal of form fields: the reason it is not sent the same way, if any */
static struct why form_why(struct kw *k)
{
    static const enum http_why_code whys[] = {
        [FORM_SAME] = WHY_NONE,
        [FORM_SPLAT] = WHY_FORM_SPLAT,
        [FORM_NONE] = WHY_FORM_NONE,
        [FORM_MAY_HOLD_NONE] = WHY_FORM_MAY_HOLD_NONE,
        [FORM_ENCODED] = WHY_FORM_ENCODED,
    };
    enum form f = FORM_SAME;
    uint32_t cursor = 0;
    for (TSNode item = item_at(k->value, &cursor); !ts_node_is_null(item) && f == FORM_SAME;
         item = item_at(k->value, &cursor))
        f = af_is(item, af_sym.pair) ? form_value(k->b->file, af_field_child(item, af_field.value), false)
                                     : FORM_SPLAT;
    return f == FORM_SAME ? why_none() : why_keyword(k, whys[f]);
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

/* true for a header name both libraries send as it is: an HTTP token */
static bool header_name(const char *t, uint32_t len)
{
    if (len == 0)
        return false;
    for (uint32_t i = 0; i < len; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= '0' && t[i] <= '9') ||
              strchr("!#$%&'*+-.^_`|~", t[i])))
            return false;
    return true;
}

/* the name of a headers dict's pair, as ascii_string() reads it */
static bool header_key(const struct af_file *file, TSNode pair, const char **t, uint32_t *len, bool *bytes)
{
    return ascii_string(file, af_unparen(af_field_child(pair, af_field.key)), t, len, bytes);
}

/* true for an f-string literal (`f"Bearer {token}"`, `rf'...'`): a str, never None */
static bool f_string(const struct af_file *file, TSNode v)
{
    if (!af_is(v, af_sym.string))
        return false;
    uint32_t len;
    const char *t = http_text(file, v, &len);
    for (uint32_t i = 0; i < len && i < 2 && t[i] != '"' && t[i] != '\''; i++)
        if (t[i] == 'f' || t[i] == 'F')
            return true;
    return false;
}

/*
 * One `"name": "value"` pair of a headers dict: the reason requests and
 * httpx may not send it the same way. requests drops a None value and sends
 * a latin-1 or space-ended value or a name that is no token; httpx raises
 * on each, on another type (as requests does, with another exception) and
 * on a None.
 */
static enum http_why_code header_pair(const struct af_file *file, TSNode pair, bool *formatted)
{
    TSNode vn = af_unparen(af_field_child(pair, af_field.value));
    const char *t, *v;
    uint32_t len, vl;
    bool bytes;
    if (af_is(vn, af_sym.none))
        return WHY_HEADERS_NONE;
    if (f_string(file, vn)) {
        /* never None, but what it holds at run time may be non-ASCII or end in a space */
        *formatted = true;
        return header_key(file, pair, &t, &len, &bytes) && header_name(t, len) ? WHY_NONE : WHY_HEADERS_NOT_PLAIN;
    }
    if (!is_str_literal(vn) && !af_is(vn, af_sym.integer) && !af_is(vn, af_sym.float_) &&
        !af_is(vn, af_sym.true_) && !af_is(vn, af_sym.false_))
        return WHY_HEADERS_MAY_HOLD_NONE;
    if (!header_key(file, pair, &t, &len, &bytes) || !header_name(t, len) ||
        !ascii_string(file, vn, &v, &vl, &bytes) || (vl && (v[0] == ' ' || v[vl - 1] == ' ')))
        return WHY_HEADERS_NOT_PLAIN;
    return WHY_NONE;
}

/*
 * True when a pair before `pair` names the same header in another case or
 * as bytes (requests keeps the last, httpx sends each); the pairs before
 * are ones header_pair() accepted.
 */
static bool header_repeated(const struct af_file *file, TSNode dict, TSNode pair)
{
    const char *t, *u;
    uint32_t len, ulen, cursor = 0;
    bool bytes, ubytes;
    header_key(file, pair, &t, &len, &bytes);
    for (TSNode item = item_at(dict, &cursor); ts_node_start_byte(item) < ts_node_start_byte(pair);
         item = item_at(dict, &cursor)) {
        header_key(file, item, &u, &ulen, &ubytes);
        if (ulen == len && strncasecmp(t, u, len) == 0 && (bytes != ubytes || memcmp(t, u, len) != 0))
            return true;
    }
    return false;
}

static struct why map_headers(struct kw *k)
{
    if (af_is(k->value, af_sym.none))
        return why_none();
    if (!af_is(k->value, af_sym.dictionary))
        return why_of(WHY_HEADERS_MAY_HOLD_NONE);
    uint32_t cursor = 0;
    for (TSNode item = item_at(k->value, &cursor); !ts_node_is_null(item); item = item_at(k->value, &cursor)) {
        if (!af_is(item, af_sym.pair))
            return why_keyword(k, WHY_FORM_SPLAT);
        bool formatted = false;
        enum http_why_code code = header_pair(k->b->file, item, &formatted);
        if (code)
            return why_of(code);
        if (header_repeated(k->b->file, k->value, item))
            return why_of(WHY_HEADERS_CASE);
        if (formatted)
            http_note_unsafe(k->b, "a header value made by an f-string goes out with httpx only when it is "
                             "ASCII without a space at either end (requests sends it either way)");
    }
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
        return why_keyword(k, WHY_FORM_MAY_HOLD_NONE);
    return form_why(k);
}

static struct why map_data(struct kw *k)
{
    if (af_is(k->value, af_sym.none))
        return why_none();
    if (af_is(k->value, af_sym.dictionary))
        return form_why(k);
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
