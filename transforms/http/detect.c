/*
 * detect.c - AF102: which calls are blocking HTTP calls, and of what kind
 * (the --explain text in rule.c says which).
 */
#include <stdio.h>
#include <string.h>

#include "asyncfix/blocking.h"
#include "http.h"

const char *const http_verbs[] = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", NULL,
};

/* the sync httpx.Client methods that do I/O: the request API, send and close */
static const char *const httpx_client_api[] = {
    "get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send", "close", NULL,
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
    "urllib3.HTTPSConnectionPool", "urllib3.connectionpool.HTTPConnectionPool",
    "urllib3.connectionpool.HTTPSConnectionPool", "urllib3.ProxyManager", "urllib3.poolmanager.ProxyManager",
    "urllib3.connection_from_url", "urllib3.proxy_from_url", "urllib3.connectionpool.connection_from_url",
    "urllib3.poolmanager.proxy_from_url", NULL,
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
    bool ok = af_sem_callee_qualname(&q, file, call, scope) == 0 && http_in_list(quals, q.ptr, q.size);
    af_buf_dispose(&q);
    return ok;
}

enum obj_kind { OBJ_NONE, OBJ_WITH, OBJ_ASSIGNED, OBJ_TYPED };

/*
 * What the object `obj` of a method call is: a value made by a call of one
 * of `quals` (bound once by `with ... as obj` or `obj = ...`, or the call
 * itself), or a name annotated with one of them that the code does not make
 * there (a parameter, a module-level client, ...: OBJ_TYPED).
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
    if (!b)
        return OBJ_NONE;
    *out = b;
    if (b->count == 1 && !b->mixed && b->kind == AF_BIND_VARIABLE && af_is(b->node, af_sym.identifier)) {
        bool by_with;
        TSNode value = http_bound_value(b->node, &by_with);
        if (call_of(file, value, b->scope, quals))
            return by_with ? OBJ_WITH : OBJ_ASSIGNED;
    }
    return b->type && http_in_list(quals, b->type, strlen(b->type)) ? OBJ_TYPED : OBJ_NONE;
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

/* a method call `obj.attr(...)` (call `site`) on a session, a client or a pool; false for anything else */
static bool classify_method(struct rec *r, const struct af_file *file, const struct af_site *site, int scope)
{
    uint32_t alen;
    const char *attr = http_text(file, af_sem_site_method_name(file, site), &alen);
    /* the method's name first: most calls are no method of any of these */
    if (!http_in_list(http_verbs, attr, alen) && !http_in_list(httpx_client_api, attr, alen) &&
        !http_in_list(urllib3_methods, attr, alen))
        return false;
    TSNode obj = af_sem_site_method_object(file, site);
    const struct af_binding *b;
    enum obj_kind ok;
    if (http_in_list(http_verbs, attr, alen) &&
        (ok = object_kind(file, obj, scope, session_quals, &b)) != OBJ_NONE) {
        r->kind = K_SESSION;
        snprintf(r->verb, sizeof(r->verb), "%.*s", (int)alen, attr);
        if (ok == OBJ_WITH && b->scope == r->fscope)
            r->session_with = with_of_binding(b->node);
        else if (ok == OBJ_WITH || (ok == OBJ_ASSIGNED && b && b->scope != r->fscope))
            r->session_why = why_of(WHY_SESSION_OUTSIDE);
        else if (ok == OBJ_TYPED && b->kind == AF_BIND_PARAMETER && b->scope == r->fscope)
            r->session_why = why_of(WHY_SESSION_CALLERS);
        else if (ok == OBJ_TYPED)
            r->session_why = why_of(WHY_SESSION_NOT_MADE_HERE);
        else
            r->session_why = why_of(WHY_SESSION_UNBOUND);
        if (ok == OBJ_ASSIGNED && b && b->scope == r->fscope)
            r->session_assign = assign_statement(b);
        return true;
    }
    if (http_in_list(httpx_client_api, attr, alen) &&
        (ok = object_kind(file, obj, scope, httpx_client_quals, &b)) != OBJ_NONE) {
        r->kind = K_HTTPX_CLIENT;
        snprintf(r->verb, sizeof(r->verb), "%.*s", (int)alen, attr);
        /* only a client made here becomes an AsyncClient; any other gets the worker thread */
        if (ok == OBJ_WITH && b && b->scope == r->fscope)
            r->session_with = with_of_binding(b->node);
        else if (ok == OBJ_ASSIGNED && b && b->scope == r->fscope)
            r->session_assign = assign_statement(b);
        /* a client made here is closed by its block: its `.close()` is the block's business */
        bool made_here = !ts_node_is_null(r->session_with) || !ts_node_is_null(r->session_assign);
        return !(made_here && af_streq(attr, alen, "close"));
    }
    if (http_in_list(urllib3_methods, attr, alen) && object_kind(file, obj, scope, pool_quals, &b) != OBJ_NONE) {
        r->kind = K_URLLIB3;
        return true;
    }
    return false;
}

/*
 * A call of the requests, httpx, urllib or urllib3 API by its qualified name
 * `q` and its row (may be NULL) in the table: an AF102 row
 */
static bool classify_api(struct rec *r, const struct af_blocking *row, const char *q, size_t len)
{
    if (!row || strcmp(row->code, "AF102") != 0)
        return false;
    /* the API by the module, the verb by the last name */
    if (af_startswith(q, len, "requests."))
        r->kind = K_REQUESTS;
    else if (af_startswith(q, len, "httpx."))
        r->kind = K_HTTPX;
    else if (af_startswith(q, len, "urllib3."))
        r->kind = K_URLLIB3;
    else
        r->kind = K_URLLIB;
    if (r->kind == K_REQUESTS || r->kind == K_HTTPX)
        snprintf(r->verb, sizeof(r->verb), "%s", strrchr(q, '.') + 1);
    snprintf(r->what, sizeof(r->what), "%s", q);
    return true;
}

bool http_classify(struct rec *r, const struct af_file *file, const struct af_site *site)
{
    TSNode call = site->node;
    int scope = site->scope;
    struct af_buf q = AF_BUF_INIT;
    memset(r, 0, sizeof(*r));
    r->call = call;
    r->scope = scope;
    r->fscope = af_sem_function_scope(file, scope);
    r->stmt = af_null_node();
    r->session_with = af_null_node();
    r->session_assign = af_null_node();
    const struct af_blocking *row = af_blocking_site_row(file, site, &q);
    bool found = classify_api(r, row, q.ptr, q.size);
    af_buf_dispose(&q);
    if (found)
        return true;
    TSNode fn = af_sem_site_callee(file, site);
    if (!af_is(fn, af_sym.attribute) || !classify_method(r, file, site, scope))
        return false;
    uint32_t alen, olen;
    const char *attr = http_text(file, af_sem_site_method_name(file, site), &alen);
    const char *otext = http_text(file, af_sem_site_method_object(file, site), &olen);
    if (olen > 40)
        snprintf(r->what, sizeof(r->what), "...%.*s", (int)alen, attr);
    else
        snprintf(r->what, sizeof(r->what), "%.*s.%.*s", (int)olen, otext, (int)alen, attr);
    return true;
}
