/*
 * file_io.c - AF501 blocking-open, AF502 blocking-open-call, AF503
 * blocking-path-io: synchronous file I/O in an `async def`, rewritten with
 * aiofiles (trio/anyio's open_file in such modules) or, with the family's
 * setting file-io = to_thread, in a worker thread. What each rule finds and
 * why, the example, the fix and what it leaves alone: its --explain text,
 * the descriptors' `explanation` at the end of this file (the one copy of
 * the rules' doc).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "asyncfix/blocking.h"
#include "asyncfix/lang.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

/* the family's settings: file-io, how a sync file operation is rewritten */
enum file_io_strategy { FILE_IO_AIOFILES, FILE_IO_TO_THREAD };

struct file_io_settings {
    int strategy;                 /* enum file_io_strategy */
};

static const char *const file_io_strategies[] = { "aiofiles", "to_thread", NULL };

static const struct af_option file_io_options[] = {
    { .name = "file-io", .kind = AF_OPT_CHOICE, .flags = AF_OPT_CONFIG,
      .offset = offsetof(struct file_io_settings, strategy), .choices = file_io_strategies,
      .what = "file-io strategy", .metavar = "STRATEGY", .help = "aiofiles (default) or to_thread" },
    { .name = NULL },
};

static const struct af_settings file_io_settings = {
    sizeof(struct file_io_settings), NULL, file_io_options,
};

static bool to_thread(const struct af_file *file)
{
    const struct file_io_settings *settings = af_options_settings(file->opts, &file_io_settings);
    return settings->strategy == FILE_IO_TO_THREAD;
}

/* file methods that aiofiles serves as coroutines */
static const char *const awaited_methods[] = {
    "read", "readline", "readlines", "write", "writelines", "seek", "tell", "truncate", "flush", "close",
    NULL,
};

/* attributes aiofiles proxies directly (no await) */
static const char *const kept_attributes[] = {
    "name", "closed", "mode", "encoding", "errors", "newlines", NULL,
};

static bool in_list(const char *const *list, const char *s, uint32_t len)
{
    for (; *list; list++)
        if (strlen(*list) == len && memcmp(*list, s, len) == 0)
            return true;
    return false;
}

static bool text_is(const struct af_file *file, TSNode node, const char *s, uint32_t len)
{
    uint32_t l;
    const char *t = af_node_text(node, file->src->data, &l);
    return l == len && memcmp(t, s, len) == 0;
}

/* the row of the blocking callee `call` calls (blocking.h), or NULL */
static const struct af_blocking *blocking_row(const struct af_file *file, TSNode call, int scope)
{
    struct af_buf qual = AF_BUF_INIT;
    const struct af_blocking *row = NULL;
    if (af_is(call, af_sym.call) && af_sem_callee_qualname(&qual, file, call, scope) == 0)
        row = af_blocking_find(qual.ptr, qual.size);
    af_buf_dispose(&qual);
    return row;
}

/* the same of a call site, which keeps it */
static const struct af_blocking *site_row(const struct af_file *file, const struct af_site *site)
{
    struct af_buf qual = AF_BUF_INIT;
    const struct af_blocking *row = af_blocking_site_row(file, site, &qual);
    af_buf_dispose(&qual);
    return row;
}

/*
 * true when `call` is a call of the builtin `open` or of a function that is
 * open under another name, with open's parameters in open's order (the
 * table's file openers: io.open; os.fdopen, open on a descriptor, which
 * aiofiles.open and trio/anyio's open_file accept too)
 */
static bool is_open_call(const struct af_file *file, TSNode call, int scope)
{
    const struct af_blocking *row = blocking_row(file, call, scope);
    return row && (row->kind == AF_BLOCKS_OPEN || row->kind == AF_BLOCKS_OPEN_FD) && strcmp(row->code, "AF501") == 0;
}

/* true when a `global NAME` or `nonlocal NAME` anywhere in the file may rebind the name of `b` */
static bool rebound_elsewhere(const struct af_file *file, const struct af_binding *b)
{
    const struct af_semantic *sem = &file->sem;
    for (uint32_t i = 0; i < sem->nbindings; i++) {
        const struct af_binding *o = sem->bindings[i];
        if (o->kind == AF_BIND_GLOBAL && o->len == b->len && memcmp(o->name, b->name, b->len) == 0)
            return true;
    }
    return false;
}

/*
 * The value bound to the identifier `target` by a plain assignment: `x = v`,
 * or the item at the same place of `a, b = v, w` / `(a, b) = (v, w)`; a null
 * node for any other binding (augmented, starred, a for or with target).
 */
static TSNode assigned_value(TSNode target)
{
    TSNode parent = ts_node_parent(target);
    if (af_is(parent, af_sym.assignment))
        return ts_node_eq(af_field_child(parent, af_field.left), target) ? af_field_child(parent, af_field.right)
                                                                          : af_null_node();
    if (!af_is(parent, af_sym.pattern_list) && !af_is(parent, af_sym.tuple_pattern))
        return af_null_node();
    TSNode asg = ts_node_parent(parent);
    if (!af_is(asg, af_sym.assignment) || !ts_node_eq(af_field_child(asg, af_field.left), parent))
        return af_null_node();
    TSNode right = af_field_child(asg, af_field.right);
    if (af_is(right, af_sym.parenthesized_expression))
        return af_null_node();
    if (!af_is(right, af_sym.expression_list) && !af_is(right, af_sym.tuple))
        return af_null_node();
    uint32_t n = ts_node_named_child_count(parent);
    if (n != ts_node_named_child_count(right))
        return af_null_node();
    TSNode value = af_null_node();
    for (uint32_t i = 0; i < n; i++) {
        TSNode t = ts_node_named_child(parent, i), v = ts_node_named_child(right, i);
        if (!af_is(t, af_sym.identifier) || af_is(v, af_sym.list_splat) || af_is(v, af_sym.comment))
            return af_null_node();
        if (ts_node_eq(t, target))
            value = v;
    }
    return value;
}

/* the name a message gives `call`'s opener: `open`, `io.open` or `os.fdopen` */
static const char *opener_name(const struct af_file *file, TSNode call, int scope)
{
    const struct af_blocking *row = blocking_row(file, call, scope);
    return !row || strcmp(row->qual, "builtins.open") == 0 ? "open" : row->qual;
}

/* true when `call` opens a path (pathlib can stand for it), not a descriptor */
static bool opens_a_path(const struct af_file *file, TSNode call, int scope)
{
    const struct af_blocking *row = blocking_row(file, call, scope);
    return !row || row->kind != AF_BLOCKS_OPEN_FD;
}

#define FDOPEN_REASON \
    "with --file-io=to_thread the file is opened through pathlib, which cannot open a descriptor; " \
    "--file-io=aiofiles can"
#define BYTES_PATH_REASON \
    "with --file-io=to_thread the file is opened through pathlib, which does not take a bytes path; " \
    "--file-io=aiofiles can"

/*
 * The openers that return a sync file object but are not `open` with open's
 * parameters (the table's AF_BLOCKS_OPEN_OTHER): their qualified name, and
 * the reason they are reported without a fix.
 */
static const char *other_opener(const struct af_blocking *row, const char **reason)
{
    if (!row || row->kind != AF_BLOCKS_OPEN_OTHER || strcmp(row->code, "AF501") != 0)
        return NULL;
    if (strcmp(row->qual, "io.open_code") == 0)
        *reason = "it opens through the interpreter's open-code hook, which `aiofiles.open(path, \"rb\")` "
                  "would bypass; read it in a worker thread by hand";
    else if (strcmp(row->qual, "codecs.open") == 0)
        *reason = "it takes the encoding as its third argument and decodes without newline translation, "
                  "which `aiofiles.open` does not; read it in a worker thread by hand";
    else
        *reason = "it does not take open's parameters; read it in a worker thread by hand";
    return row->qual;
}

/* the call's arguments (af_node_items): how many, the first `max` into `out` */
static uint32_t arguments_of(TSNode call, TSNode *out, uint32_t max)
{
    return af_node_items(af_field_child(call, af_field.arguments), out, max);
}

/* how many identifiers spelled `name` the subtree holds */
static uint32_t count_name(const struct af_file *file, TSNode node, const char *name, uint32_t len)
{
    if (af_is(node, af_sym.identifier))
        return text_is(file, node, name, len) ? 1 : 0;
    uint32_t n = 0, count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; i++)
        n += count_name(file, ts_node_named_child(node, i), name, len);
    return n;
}

/* ---- the open() call's arguments, for the to_thread strategy ---- */

struct open_args {
    TSNode path;
    bool binary, write;
    struct af_buf kw;   /* "encoding=..., errors=..." as written, or empty */
};

/*
 * Reads `open(path[, mode][, encoding=][, errors=][, mode=])` with a literal
 * read-all or write-all mode ("r", "rb", "w", "wb", ...). False for anything
 * else (append, "+", buffering, newline, splats, a mode that is not a literal).
 */
static bool read_open_args(struct open_args *out, const struct af_file *file, TSNode call, int scope)
{
    TSNode args[8];
    uint32_t n = arguments_of(call, args, 8), npos = 0;
    TSNode mode = af_null_node();
    bool have_mode = false;
    const char *src = file->src->data;
    if (n > 8 || !opens_a_path(file, call, scope))
        return false;
    af_buf_clear(&out->kw);
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = args[i];
        if (af_is(a, af_sym.keyword_argument)) {
            TSNode name = af_field_child(a, af_field.name);
            if (text_is(file, name, "mode", 4)) {
                mode = af_field_child(a, af_field.value);
                have_mode = true;
                continue;
            }
            if (!text_is(file, name, "encoding", 8) && !text_is(file, name, "errors", 6))
                return false;
            uint32_t l;
            const char *t = af_node_text(a, src, &l);
            if (out->kw.size)
                af_buf_puts(&out->kw, ", ");
            af_buf_put(&out->kw, t, l);
            continue;
        }
        if (af_is(a, af_sym.list_splat) || af_is(a, af_sym.dictionary_splat) || npos >= 2 || i != npos)
            return false;
        if (npos == 0)
            out->path = a;
        else {
            mode = a;
            have_mode = true;
        }
        npos++;
    }
    if (npos == 0)
        return false;
    char m[4] = "r";
    if (have_mode) {
        if (!af_is(mode, af_sym.string) || ts_node_named_child_count(mode) != 3)
            return false;
        TSNode start = ts_node_named_child(mode, 0), content = ts_node_named_child(mode, 1);
        uint32_t sl, cl;
        af_node_text(start, src, &sl);
        const char *c = af_node_text(content, src, &cl);
        if (!af_is(content, af_sym.string_content) || cl == 0 || cl > 2 || (sl != 1 && sl != 3))
            return false;
        memcpy(m, c, cl);
        m[cl] = '\0';
    }
    static const char *const reads[] = { "r", "rt", "tr", NULL }, *const readb[] = { "rb", "br", NULL };
    static const char *const writes[] = { "w", "wt", "tw", NULL }, *const writeb[] = { "wb", "bw", NULL };
    uint32_t ml = (uint32_t)strlen(m);
    out->binary = in_list(readb, m, ml) || in_list(writeb, m, ml);
    out->write = in_list(writes, m, ml) || in_list(writeb, m, ml);
    if (!in_list(reads, m, ml) && !in_list(readb, m, ml) && !out->write)
        return false;
    return !(out->binary && out->kw.size);
}

/* the calls that return a file descriptor, and those that return a pair of them */
static const char *const fd_makers[] = {
    "os.open", "os.dup", "os.dup2", "os.memfd_create", "os.eventfd", "os.pidfd_open", NULL,
};
static const char *const fd_pair_makers[] = { "os.pipe", "os.pipe2", "os.openpty", NULL };

static bool calls_one_of(const struct af_file *file, TSNode call, int scope, const char *const *quals)
{
    struct af_buf q = AF_BUF_INIT;
    bool yes = af_is(call, af_sym.call) && af_sem_callee_qualname(&q, file, call, scope) == 0 &&
               in_list(quals, q.ptr, (uint32_t)q.size);
    af_buf_dispose(&q);
    return yes;
}

/* the binding of the name `expr` when it is bound once (any kind) and no `global` or `nonlocal` may rebind it */
static const struct af_binding *bound_once(const struct af_file *file, TSNode expr, int scope)
{
    uint32_t len;
    const char *t = af_node_text(expr, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    return b && b->count == 1 && !b->mixed && !rebound_elsewhere(file, b) ? b : NULL;
}

/* true when the name `n` says it holds a descriptor: `fd`, `fileno`, `in_fd`, `fd_out` */
static bool fd_named(const struct af_file *file, TSNode n)
{
    uint32_t l;
    const char *t = af_node_text(n, file->src->data, &l);
    return (l == 2 && !memcmp(t, "fd", 2)) || (l == 6 && !memcmp(t, "fileno", 6)) ||
           (l > 3 && !memcmp(t + l - 3, "_fd", 3)) || (l > 3 && !memcmp(t, "fd_", 3));
}

/*
 * True when `expr`, open()'s first argument, is a file descriptor: an int
 * literal, `os.open(...)` (os.dup, os.dup2, ...), `x.fileno()`, an item of
 * `os.pipe()` / `os.openpty()`, a name annotated `int` or named like one
 * (`fd`, `out_fd`), or a name bound once to such a value (`r, w = os.pipe()`
 * too).
 */
static bool is_descriptor(const struct af_file *file, TSNode expr, int scope, int depth)
{
    expr = af_unparen(expr);
    if (depth > 8)
        return false;
    if (af_is(expr, af_sym.integer) || calls_one_of(file, expr, scope, fd_makers))
        return true;
    if (af_is(expr, af_sym.call)) {
        TSNode fn = af_unparen(af_field_child(expr, af_field.function));
        return af_is(fn, af_sym.attribute) && text_is(file, af_field_child(fn, af_field.attribute), "fileno", 6);
    }
    if (af_is(expr, af_sym.subscript))
        return calls_one_of(file, af_unparen(af_field_child(expr, af_field.value)), scope, fd_pair_makers);
    if (!af_is(expr, af_sym.identifier))
        return false;
    const char *type = af_sem_type_of(file, expr, scope);
    if ((type && strcmp(type, "builtins.int") == 0) || fd_named(file, expr))
        return true;
    const struct af_binding *b = bound_once(file, expr, scope);
    if (!b || b->kind != AF_BIND_VARIABLE)
        return false;
    TSNode value = assigned_value(b->node), target = ts_node_parent(b->node);
    if (!ts_node_is_null(value))
        return is_descriptor(file, value, b->scope, depth + 1);
    /* `r, w = os.pipe()` */
    TSNode asg = ts_node_parent(target);
    return (af_is(target, af_sym.pattern_list) || af_is(target, af_sym.tuple_pattern)) &&
           af_is(asg, af_sym.assignment) && ts_node_eq(af_field_child(asg, af_field.left), target) &&
           calls_one_of(file, af_unparen(af_field_child(asg, af_field.right)), b->scope, fd_pair_makers);
}

/* true when `expr` is a bytes path: a bytes literal, a name annotated `bytes` or bound once to a bytes literal */
static bool is_bytes_path(const struct af_file *file, TSNode expr, int scope)
{
    expr = af_unparen(expr);
    if (af_node_is_bytes_literal(expr, file->src->data))
        return true;
    if (!af_is(expr, af_sym.identifier))
        return false;
    const char *type = af_sem_type_of(file, expr, scope);
    if (type && strcmp(type, "builtins.bytes") == 0)
        return true;
    const struct af_binding *b = bound_once(file, expr, scope);
    return b && b->kind == AF_BIND_VARIABLE &&
           af_node_is_bytes_literal(af_unparen(assigned_value(b->node)), file->src->data);
}

/* why pathlib cannot stand for open() on the path `oa` opens (a descriptor, a bytes path), or NULL */
static const char *not_a_pathlib_path(const struct af_file *file, const struct open_args *oa, int scope)
{
    if (is_descriptor(file, oa->path, scope, 0))
        return FDOPEN_REASON;
    if (is_bytes_path(file, oa->path, scope))
        return BYTES_PATH_REASON;
    return NULL;
}

/*
 * The to_thread text that reads or writes the whole file of `oa`: into `out`,
 * `await asyncio.to_thread(pathlib.Path(p).read_text, encoding=...)`;
 * `data` (write only) is the text written, as written.
 */
static int whole_file_call(struct af_buf *out, struct af_fix *fix, const struct af_file *file, int scope,
                           const struct open_args *oa, const char *data, uint32_t dlen)
{
    bool need;
    const char *pl = af_sem_module_alias(file, scope, "pathlib", ts_node_start_byte(oa->path), &need);
    if (!pl)
        return AF_ENOTFOUND;
    uint32_t plen;
    const char *ptext = af_node_text(oa->path, file->src->data, &plen);
    struct af_buf callee = AF_BUF_INIT, args = AF_BUF_INIT;
    af_buf_printf(&callee, "%s.Path(%.*s).%s_%s", pl, (int)plen, ptext, oa->write ? "write" : "read",
                  oa->binary ? "bytes" : "text");
    if (oa->write)
        af_buf_put(&args, data, dlen);
    if (oa->kw.size) {
        if (args.size)
            af_buf_puts(&args, ", ");
        af_buf_put(&args, oa->kw.ptr, oa->kw.size);
    }
    int error = af_rewrite_to_thread_text(out, fix, file, scope, ts_node_start_byte(oa->path), callee.ptr, af_buf_cstr(&args),
                                          (uint32_t)args.size);
    if (error == 0 && need)
        af_fix_need_import(fix, "pathlib");
    af_buf_dispose(&callee);
    af_buf_dispose(&args);
    return error;
}

/*
 * The callee that opens an async file in this module, appended to `out`:
 * `aiofiles.open` in an asyncio module, `await trio.open_file` /
 * `await anyio.open_file` in a trio / anyio one (aiofiles needs asyncio).
 * False when the module's name is taken.
 */
static bool async_opener(struct af_buf *out, struct af_fix *fix, const struct af_file *file, int scope,
                         uint32_t at)
{
    enum af_framework fw = file->sem.framework;
    const char *mod = fw == AF_FW_TRIO ? "trio" : fw == AF_FW_ANYIO ? "anyio" : "aiofiles";
    if (file->sem.framework_mixed)
        return false;   /* which loop runs it is not known: aiofiles needs asyncio */
    bool need;
    const char *alias = af_sem_module_alias(file, scope, mod, at, &need);
    if (!alias)
        return false;
    if (need)
        af_fix_need_import(fix, mod);
    if (fw == AF_FW_ASYNCIO)
        af_buf_printf(out, "%s.open", alias);
    else
        af_buf_printf(out, "await %s.open_file", alias);
    return true;
}

/* why async_opener found no callee */
static const char *opener_why(const struct af_file *file)
{
    const char *unknown = af_sem_loop_unknown(&file->sem);
    return unknown ? unknown : "the name of the async file module is taken";
}

/* ---- AF501: the uses of the file object in the block ---- */

struct uses {
    const struct af_file *file;
    struct af_fix *fix;
    int scope;
    const char *name;
    uint32_t len;
    struct af_buf reason;   /* why no fix: empty while every use is convertible */
};

static void refuse(struct uses *u, const char *fmt, const char *what, uint32_t wlen)
{
    if (u->reason.size)
        return;
    af_buf_printf(&u->reason, fmt, u->name, (int)wlen, what);
}

/* the text of `node` cut to its first line and 40 bytes, for messages */
static const char *short_text(const struct af_file *file, TSNode node, uint32_t *len)
{
    const char *t = af_node_text(node, file->src->data, len);
    uint32_t i = 0;
    while (i < *len && i < 40 && t[i] != '\n' && t[i] != '\r')
        i++;
    *len = i;
    return t;
}

/* `json.load(f)` -> `json.loads(await f.read())`; `json.dump(obj, f, **kw)` -> `await f.write(json.dumps(obj, **kw))` */
static bool use_in_json(struct uses *u, TSNode id, TSNode call, bool load)
{
    const struct af_file *file = u->file;
    TSNode args[8];
    uint32_t n = arguments_of(call, args, 8);
    uint32_t pos = load ? 0 : 1;
    if (n > 8 || n <= pos || !ts_node_eq(args[pos], id))
        return false;
    for (uint32_t i = 0; i <= pos; i++)
        if (af_is(args[i], af_sym.keyword_argument) || af_is(args[i], af_sym.list_splat))
            return false;
    if (count_name(file, af_field_child(call, af_field.arguments), u->name, u->len) != 1)
        return false;
    if (!load && !af_is(ts_node_parent(call), af_sym.expression_statement))
        return false;
    bool need;
    const char *json = af_sem_module_alias(file, u->scope, "json", ts_node_start_byte(id), &need);
    if (!json)
        return false;
    if (need)
        af_fix_need_import(u->fix, "json");
    TSNode fn = af_field_child(call, af_field.function);
    struct af_buf text = AF_BUF_INIT;
    if (load) {
        af_buf_printf(&text, "%s.loads", json);
        af_fix_replace(u->fix, ts_node_start_byte(fn), ts_node_end_byte(fn), text.ptr, text.size);
        af_buf_clear(&text);
        af_buf_printf(&text, "await %s.read()", u->name);
        af_fix_replace(u->fix, ts_node_start_byte(id), ts_node_end_byte(id), text.ptr, text.size);
    } else {
        const char *src = file->src->data;
        TSNode al = af_field_child(call, af_field.arguments);
        uint32_t a0 = ts_node_start_byte(al) + 1, obj_end = ts_node_end_byte(args[0]);
        uint32_t f_end = ts_node_end_byte(id), c_end = ts_node_end_byte(call);
        af_buf_printf(&text, "await %s.write(%s.dumps(", u->name, json);
        af_buf_put(&text, src + a0, obj_end - a0);
        af_buf_put(&text, src + f_end, c_end - f_end);
        af_buf_putc(&text, ')');
        af_fix_replace(u->fix, ts_node_start_byte(call), c_end, text.ptr, text.size);
    }
    af_buf_dispose(&text);
    return true;
}

/* one identifier spelled like the file object's name */
static void use_one(struct uses *u, TSNode id, bool nested)
{
    const struct af_file *file = u->file;
    TSNode parent = ts_node_parent(id);
    TSSymbol ps = ts_node_symbol(parent);
    uint32_t wl;
    const char *w;

    if (ps == af_sym.attribute) {
        TSNode attr = af_field_child(parent, af_field.attribute);
        if (ts_node_eq(attr, id))
            return;   /* `x.f`: another name */
        const char *an = af_node_text(attr, file->src->data, &wl);
        TSNode gp = ts_node_parent(parent);
        bool called = af_is(gp, af_sym.call) && ts_node_eq(af_field_child(gp, af_field.function), parent);
        if (called && in_list(awaited_methods, an, wl)) {
            if (nested)
                refuse(u, "`%s.%.*s()` is called inside a nested function, lambda or generator", an, wl);
            else if (af_is(ts_node_parent(gp), af_sym.await))   /* a sync file's method awaited: it raises today */
                refuse(u, "`%s.%.*s()` is already awaited", an, wl);
            else
                af_rewrite_await(u->fix, file, gp);
            return;
        }
        if (!called && in_list(kept_attributes, an, wl))
            return;
        w = short_text(file, called ? gp : parent, &wl);
        refuse(u, "`%s` is used as `%.*s`, which aiofiles does not provide", w, wl);
        return;
    }
    TSNode passed_to;
    enum af_name_use use = af_node_name_use(id, &passed_to);
    if (use == AF_USE_NOT_VARIABLE)
        return;   /* `g(f=...)`: a parameter name */
    if (ps == af_sym.for_statement && ts_node_eq(af_field_child(parent, af_field.right), id) && !nested &&
        !af_node_is_async(parent)) {
        af_fix_insert(u->fix, ts_node_start_byte(parent), "async ");
        return;
    }
    /* `[... for line in f]` -> `[... async for line in f]` (not in a generator expression) */
    if (ps == af_sym.for_in_clause && ts_node_eq(af_field_child(parent, af_field.right), id) && !nested &&
        ts_node_is_null(ts_node_next_sibling(id)) && text_is(file, ts_node_child(parent, 0), "for", 3)) {
        af_fix_insert(u->fix, ts_node_start_byte(parent), "async ");
        return;
    }
    if (use == AF_USE_ARGUMENT) {
        /* positional or a keyword's value: either way the file object leaves */
        TSNode call = passed_to;
        TSNode fn = af_field_child(call, af_field.function);
        struct af_buf qual = AF_BUF_INIT;
        bool ok = false;
        if (!nested && ps == af_sym.argument_list && af_sem_qualname(&qual, file, fn, u->scope) == 0) {
            if (strcmp(qual.ptr, "json.load") == 0)
                ok = use_in_json(u, id, call, true);
            else if (strcmp(qual.ptr, "json.dump") == 0)
                ok = use_in_json(u, id, call, false);
        }
        af_buf_dispose(&qual);
        if (!ok) {
            w = short_text(file, fn, &wl);
            refuse(u, "`%s` is passed to `%.*s()`, which needs a synchronous file", w, wl);
        }
        return;
    }
    if (ps == af_sym.return_statement) {
        refuse(u, "`%s` is returned%.*s", "", 0);
        return;
    }
    if ((ps == af_sym.assignment || ps == af_sym.augmented_assignment) &&
        ts_node_eq(af_field_child(parent, af_field.left), id)) {
        refuse(u, "`%s` is rebound in the block%.*s", "", 0);
        return;
    }
    if (ps == af_sym.assignment) {
        refuse(u, "`%s` is stored%.*s", "", 0);
        return;
    }
    if (nested) {
        refuse(u, "`%s` is used inside a nested function, lambda or generator%.*s", "", 0);
        return;
    }
    w = short_text(file, parent, &wl);
    refuse(u, "`%s` is used in `%.*s`, which aiofiles cannot serve", w, wl);
}

static void uses_walk(struct uses *u, TSNode node, bool nested)
{
    if (af_is(node, af_sym.identifier)) {
        if (text_is(u->file, node, u->name, u->len))
            use_one(u, node, nested);
        return;
    }
    TSSymbol s = ts_node_symbol(node);
    if (s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition ||
        s == af_sym.generator_expression)
        nested = true;
    uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count && !u->reason.size; i++)
        uses_walk(u, ts_node_named_child(node, i), nested);
}

/* ---- AF501 ---- */

struct open_item {
    TSNode call;      /* open(...), or p.open(...) */
    TSNode alias;     /* the identifier after `as`, or null */
    TSNode path;      /* p of p.open(...) (a known Path), or null for open(...) */
};

static bool is_known_path(const struct af_file *file, TSNode expr, int scope, int depth);

/* p of `p.open(...)` when p is a known pathlib.Path (the file it opens), else a null node */
static TSNode path_opened(const struct af_file *file, TSNode call, int scope)
{
    if (!af_is(call, af_sym.call))
        return af_null_node();
    TSNode fn = af_unparen(af_field_child(call, af_field.function));
    if (!af_is(fn, af_sym.attribute) || !text_is(file, af_field_child(fn, af_field.attribute), "open", 4))
        return af_null_node();
    TSNode obj = af_field_child(fn, af_field.object);
    return is_known_path(file, obj, scope, 0) ? obj : af_null_node();
}

/* the item's call when it is an opener of the kind asked: open() (AF501), or Path.open() (`paths`, AF503) */
static bool open_item_of(struct open_item *out, const struct af_file *file, TSNode call, TSNode alias, int scope,
                         bool paths)
{
    TSNode path = paths ? path_opened(file, call, scope) : af_null_node();
    if (paths ? ts_node_is_null(path) : !is_open_call(file, call, scope))
        return false;
    *out = (struct open_item){ call, alias, path };
    return true;
}

/*
 * The open() items of a with statement (with `paths`, its Path.open() items):
 * returns how many (the first `max` into `out`), sets *others when some item
 * is not such a call, *odd_target when one is bound to something other than a
 * name (`as self.f`, `as (a, b)`).
 */
static uint32_t open_items(struct open_item *out, uint32_t max, const struct af_file *file, TSNode with,
                           int scope, bool paths, bool *others, bool *odd_target)
{
    TSNode clause = af_with_clause(with);
    uint32_t count, n = 0;
    *others = *odd_target = false;
    if (ts_node_is_null(clause))
        return 0;
    count = ts_node_named_child_count(clause);
    for (uint32_t i = 0; i < count; i++) {
        TSNode item = ts_node_named_child(clause, i);
        if (!af_is(item, af_sym.with_item))
            continue;
        TSNode value = af_field_child(item, af_field.value), call = value, alias = af_null_node();
        bool odd = false;
        if (af_is(value, af_sym.as_pattern)) {
            call = af_first_named(value);
            TSNode target = af_field_child(value, af_field.alias);
            TSNode name = ts_node_is_null(target) ? target : af_first_named(target);
            if (!af_is(name, af_sym.identifier) || ts_node_named_child_count(target) != 1)
                odd = true;
            else
                alias = name;
        }
        struct open_item it;
        if (open_item_of(&it, file, call, alias, scope, paths)) {
            *odd_target = *odd_target || odd;
            if (n < max)
                out[n] = it;
            n++;
        } else {
            *others = true;
        }
    }
    return n;
}

static bool opened_first(const struct af_file *file, TSNode stmt, TSNode call, bool *reordered);
static TSNode with_of_item(TSNode call);

/* the to_thread strategy: `with open(p) as f: <one line using f once>` -> that line */
/*
 * `f.read()` / `f.write(x)` (`parent` the attribute `f.read`, `gp` its call)
 * as the whole-file call in a worker thread, parenthesised where needed,
 * into `text`; *expr receives the call it replaces. False for any other use.
 */
static bool method_use(struct af_buf *text, TSNode *expr, struct af_fix *fix, const struct af_file *file,
                       int scope, const struct open_args *oa, TSNode parent, TSNode gp)
{
    TSNode attr = af_field_child(parent, af_field.attribute);
    TSNode args[4];
    struct af_buf call = AF_BUF_INIT;
    uint32_t na = arguments_of(gp, args, 4);
    bool ok = false;
    if (!oa->write && text_is(file, attr, "read", 4) && na == 0) {
        ok = whole_file_call(&call, fix, file, scope, oa, NULL, 0) == 0;
    } else if (oa->write && text_is(file, attr, "write", 5) && na == 1 &&
               !af_is(args[0], af_sym.keyword_argument) && !af_is(args[0], af_sym.list_splat)) {
        uint32_t dl;
        const char *d = af_node_text(args[0], file->src->data, &dl);
        ok = whole_file_call(&call, fix, file, scope, oa, d, dl) == 0;
    }
    if (ok) {
        *expr = gp;
        if (af_node_await_needs_parens(gp)) {
            af_buf_putc(text, '(');
            af_buf_put(text, call.ptr, call.size);
            af_buf_putc(text, ')');
        } else {
            af_buf_put(text, call.ptr, call.size);
        }
    }
    af_buf_dispose(&call);
    return ok;
}

/*
 * `json.load(f, **kw)` -> `json.loads(<read>, **kw)`, `json.dump(obj, f, **kw)`
 * -> `<write>(json.dumps(obj, **kw))` (`use` is `f`, `gp` the call of `qual`),
 * into `text`; *expr receives the call it replaces. False for any other use.
 */
static bool json_use(struct af_buf *text, TSNode *expr, struct af_fix *fix, const struct af_file *file,
                     int scope, const struct open_args *oa, TSNode use, TSNode gp, const char *qual)
{
    const char *src = file->src->data;
    TSNode args[4];
    uint32_t na = arguments_of(gp, args, 4);
    bool need;
    const char *json = af_sem_module_alias(file, scope, "json", ts_node_start_byte(use), &need);
    if (!json || na > 4)
        return false;
    if (!strcmp(qual, "json.load") && !oa->write && na >= 1 && ts_node_eq(args[0], use)) {
        struct af_buf call = AF_BUF_INIT;
        int e = whole_file_call(&call, fix, file, scope, oa, NULL, 0);
        if (e == 0) {
            uint32_t rest = ts_node_end_byte(use);
            af_buf_printf(text, "%s.loads(%s", json, call.ptr);
            af_buf_put(text, src + rest, ts_node_end_byte(gp) - rest);
        }
        af_buf_dispose(&call);
        if (e < 0)
            return false;
    } else if (!strcmp(qual, "json.dump") && oa->write && na >= 2 && ts_node_eq(args[1], use) &&
               !af_is(args[0], af_sym.keyword_argument) && !af_is(args[0], af_sym.list_splat) &&
               af_is(ts_node_parent(gp), af_sym.expression_statement)) {
        TSNode al = af_field_child(gp, af_field.arguments);
        uint32_t a0 = ts_node_start_byte(al) + 1, oe = ts_node_end_byte(args[0]);
        uint32_t fe = ts_node_end_byte(use), ce = ts_node_end_byte(gp);
        struct af_buf data = AF_BUF_INIT;
        af_buf_printf(&data, "%s.dumps(", json);
        af_buf_put(&data, src + a0, oe - a0);
        af_buf_put(&data, src + fe, ce - fe);
        int e = whole_file_call(text, fix, file, scope, oa, data.ptr, (uint32_t)data.size);
        af_buf_dispose(&data);
        if (e < 0)
            return false;
    } else {
        return false;
    }
    *expr = gp;
    if (need)
        af_fix_need_import(fix, "json");
    return true;
}

/* ---- to_thread: the file object's name after the `with` ---- */

static bool is_scope_node(TSNode node)
{
    TSSymbol s = ts_node_symbol(node);
    return s == af_sym.function_definition || s == af_sym.lambda || s == af_sym.class_definition ||
           s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
           s == af_sym.dictionary_comprehension || s == af_sym.generator_expression;
}

/* the innermost def, lambda, class or comprehension between `id` and the function `fn`, or a null node */
static TSNode nested_scope_of(TSNode id, TSNode fn)
{
    TSNode found = af_null_node();
    for (TSNode n = ts_node_parent(id); !ts_node_is_null(n) && !ts_node_eq(n, fn); n = ts_node_parent(n))
        if (ts_node_is_null(found) && is_scope_node(n))
            found = n;
    return found;
}

/* true when `a` holds the byte `at` */
static bool holds(TSNode a, uint32_t at)
{
    return ts_node_start_byte(a) <= at && at < ts_node_end_byte(a);
}

/* true when identifier `id` only binds its name: `x = ...`, `a, b = ...`, `for x in`, `as x`, `def x`, imports */
static bool binds_only(TSNode id)
{
    TSNode p = ts_node_parent(id), child = id;
    TSSymbol s = ts_node_symbol(p);
    if (s == af_sym.as_pattern_target || s == af_sym.dotted_name || s == af_sym.aliased_import)
        return true;
    if (s == af_sym.function_definition || s == af_sym.class_definition)
        return ts_node_eq(af_field_child(p, af_field.name), id);
    while (af_is(p, af_sym.pattern_list) || af_is(p, af_sym.tuple_pattern) || af_is(p, af_sym.list_pattern)) {
        child = p;
        p = ts_node_parent(p);
    }
    return (af_is(p, af_sym.assignment) || af_is(p, af_sym.for_statement) || af_is(p, af_sym.for_in_clause)) &&
           ts_node_eq(af_field_child(p, af_field.left), child);
}

/* the statement of `block` (a block of the function) that holds the byte `at`, or a null node */
static TSNode stmt_holding(const struct af_file *file, TSNode block, uint32_t at)
{
    const struct af_block_stmts *bs = af_sem_block_stmts(file, block);
    uint32_t i = bs ? af_sem_stmt_at(bs, at) : UINT32_MAX;
    return i != UINT32_MAX && holds(bs->stmts[i], at) ? bs->stmts[i] : af_null_node();
}

/*
 * True when `r`, an identifier of the function, surely rebinds the name
 * before the read `use` runs on every way from the `with` statement `with`
 * to it: `r` is the target of `name = v` (a statement of its own), of
 * `with ... as name` or of `for name in` (its body only), and `use` lies in
 * the statements it precedes in its block (or in its body), with `with`
 * outside the code between the binding and the statement that holds `use`.
 */
static bool rebound_before(const struct af_file *file, TSNode r, TSNode use, TSNode with)
{
    TSNode p = ts_node_parent(r), stmt, block;
    uint32_t bind, u = ts_node_start_byte(use);
    if (af_is(p, af_sym.assignment) && ts_node_eq(af_field_child(p, af_field.left), r) &&
        af_is(ts_node_parent(p), af_sym.expression_statement)) {
        stmt = ts_node_parent(p);
        bind = ts_node_end_byte(stmt);
        block = ts_node_parent(stmt);
    } else if (af_is(p, af_sym.as_pattern_target) && af_is(ts_node_parent(ts_node_parent(p)), af_sym.with_item)) {
        stmt = with_of_item(p);
        bind = ts_node_end_byte(ts_node_parent(p));
        block = holds(stmt, u) ? af_field_child(stmt, af_field.body) : ts_node_parent(stmt);
    } else if (af_is(p, af_sym.for_statement) && ts_node_eq(af_field_child(p, af_field.left), r)) {
        stmt = p;
        bind = ts_node_end_byte(r);
        block = af_field_child(stmt, af_field.body);
    } else {
        return false;
    }
    if (u < bind)
        return false;
    TSNode held = stmt_holding(file, block, u);
    if (ts_node_is_null(held) || ts_node_start_byte(held) < bind)
        return false;
    uint32_t w = ts_node_start_byte(with);
    return !(bind <= w && w < ts_node_end_byte(held));
}

/*
 * True when the name the `with` statement `with` of the function at `scope`
 * binds by `as` (`name`) may be read after it: read, deleted or otherwise
 * used after the statement (or before it, in a loop around it), or in a
 * nested function, lambda, class or comprehension that does not bind the
 * name itself, or declared `global` or `nonlocal` -- unless a sure
 * rebinding of the name (rebound_before) comes first.
 */
static bool read_after_with(const struct af_file *file, TSNode with, int scope, const char *name, uint32_t len)
{
    TSNode fn = file->sem.scopes[af_sem_function_scope(file, scope)].node;
    const TSNode *ids;
    size_t n = af_sem_name_uses(file, fn, name, len, &ids);
    uint32_t ws = ts_node_start_byte(with), we = ts_node_end_byte(with);
    for (size_t k = 0; k < n; k++) {
        TSNode id = ids[k], p = ts_node_parent(id);
        uint32_t at = ts_node_start_byte(id);
        if ((ws <= at && at < we) || af_node_name_use(id, NULL) == AF_USE_NOT_VARIABLE)
            continue;
        if (af_is(p, af_sym.global_statement) || af_is(p, af_sym.nonlocal_statement))
            return true;
        if (binds_only(id))
            continue;
        TSNode inner = nested_scope_of(id, fn);
        if (!ts_node_is_null(inner)) {
            const struct af_binding *b = af_sem_binding_in(file, af_sem_scope_of(file, inner), name, len);
            if (!b || b->kind == AF_BIND_GLOBAL)
                return true;
            continue;
        }
        if (at < ws) {
            /* before the `with`: read after it only in a loop around both */
            bool looped = false;
            for (TSNode l = ts_node_parent(with); !looped && !ts_node_eq(l, fn); l = ts_node_parent(l))
                looped = (af_is(l, af_sym.for_statement) || af_is(l, af_sym.while_statement)) && holds(l, at);
            if (!looped)
                continue;
        }
        bool rebound = false;
        for (size_t j = 0; j < n && !rebound; j++)
            rebound = j != k && !holds(with, ts_node_start_byte(ids[j])) &&
                      ts_node_is_null(nested_scope_of(ids[j], fn)) && rebound_before(file, ids[j], id, with);
        if (!rebound)
            return true;
    }
    return false;
}

/*
 * NULL when the with statement is not rewritten; then `why` holds the reason
 * when there is one more particular than the shape
 */
static struct af_fix *with_to_thread(const struct af_file *file, TSNode with, const struct open_item *it,
                                     int scope, struct af_buf *why)
{
    TSNode body = af_field_child(with, af_field.body);
    if (ts_node_is_null(it->alias) || af_node_has_comment(with, true) || ts_node_named_child_count(body) != 1)
        return NULL;
    TSNode stmt = ts_node_named_child(body, 0);
    if (ts_node_start_point(stmt).row != ts_node_end_point(stmt).row)
        return NULL;
    uint32_t nlen;
    const char *name = af_node_text(it->alias, file->src->data, &nlen);
    if (count_name(file, stmt, name, nlen) != 1)
        return NULL;
    struct open_args oa = { .kw = AF_BUF_INIT };
    struct af_fix *fix = NULL;
    struct af_buf text = AF_BUF_INIT, qual = AF_BUF_INIT;
    TSNode expr = af_null_node();
    if (!read_open_args(&oa, file, it->call, scope))
        goto done;
    const char *not_path = not_a_pathlib_path(file, &oa, scope);
    if (not_path) {
        af_buf_puts(why, not_path);
        goto done;
    }

    /* find the one use: f.read() / json.load(f) / f.write(x) / json.dump(obj, f, ...) */
    TSNode use = af_subtree_find_name(stmt, file->src->data, name, nlen, af_null_node());
    if (ts_node_is_null(use))
        goto done;
    TSNode parent = ts_node_parent(use), gp = ts_node_parent(parent);
    fix = af_fix_new(AF_SAFE);
    const char *src = file->src->data;
    if (af_is(parent, af_sym.attribute) && af_is(gp, af_sym.call) &&
        ts_node_eq(af_field_child(gp, af_field.function), parent)) {
        if (!method_use(&text, &expr, fix, file, scope, &oa, parent, gp))
            goto fail;
    } else if (af_is(parent, af_sym.argument_list) && !oa.binary &&
               af_sem_qualname(&qual, file, af_field_child(gp, af_field.function), scope) == 0) {
        if (!json_use(&text, &expr, fix, file, scope, &oa, use, gp, qual.ptr))
            goto fail;
    } else {
        goto fail;
    }
    /* `await f.write(x)` on a sync file raises TypeError today; `await await ...` is no fix for it */
    if (af_is(ts_node_parent(expr), af_sym.await)) {
        af_buf_puts(why, "the file's one use is already awaited");
        goto fail;
    }
    /* the file is now opened where the use is: nothing may run conditionally or before it */
    bool reordered;
    if (!opened_first(file, stmt, expr, &reordered))
        goto fail;
    /* the one line binds no file object: a later use of the name would find none */
    if (read_after_with(file, with, scope, name, nlen)) {
        af_buf_printf(why, "`%.*s` is used after the `with` block, and the whole-file call in a worker "
                      "thread leaves it unbound", (int)nlen, name);
        goto fail;
    }
    if (reordered)
        fix->applicability = AF_UNSAFE;
    /* the with statement becomes its one line, the use replaced */
    struct af_buf line = AF_BUF_INIT;
    uint32_t ss = ts_node_start_byte(stmt), es = ts_node_start_byte(expr), ee = ts_node_end_byte(expr);
    af_buf_put(&line, src + ss, es - ss);
    af_buf_put(&line, text.ptr, text.size);
    af_buf_put(&line, src + ee, ts_node_end_byte(stmt) - ee);
    af_fix_replace(fix, ts_node_start_byte(with), ts_node_end_byte(stmt), line.ptr, line.size);
    af_buf_dispose(&line);
    af_fix_set_message(fix, "Read or write the whole file in a worker thread");
    goto done;
fail:
    af_fix_free(fix);
    fix = NULL;
done:
    af_buf_dispose(&oa.kw);
    af_buf_dispose(&text);
    af_buf_dispose(&qual);
    return fix;
}

/* true when `call` is the value of a with item (AF501's business) */
/* the with statement of the with item whose value (or `as` pattern's) is `call` */
static TSNode with_of_item(TSNode call)
{
    TSNode with = ts_node_parent(call);
    while (!ts_node_is_null(with) && !af_is(with, af_sym.with_statement))
        with = ts_node_parent(with);
    return with;
}

static bool in_with_item(TSNode call)
{
    TSNode p = ts_node_parent(call);
    if (af_is(p, af_sym.as_pattern))
        p = ts_node_parent(p);
    return af_is(p, af_sym.with_item);
}

/*
 * `io.open_code(p)`, `codecs.open(p, ...)` in an async def: reported without
 * a fix, by AF501 when it is a `with` item (`in_with`), else by AF502. True
 * when `site` is such an opener (reported here or by the other rule).
 */
static bool report_other_opener(struct af_file *file, struct af_sink *sink, const struct af_site *site, bool in_with)
{
    const char *reason, *q = other_opener(site_row(file, site), &reason);
    if (!q)
        return false;
    bool genexp = !af_sem_in_async(file, site->scope);
    if ((genexp && !af_sem_in_async_genexp(file, site->scope)) || af_sem_offloaded(file, site->node, site->scope) ||
        in_with_item(site->node) != in_with)
        return true;
    if (in_with && af_node_is_async(with_of_item(site->node)))
        return true;
    const char *fname = af_sem_scope_name(file, genexp ? af_sem_async_genexp_owner(file, site->scope) : site->scope);
    af_report(sink, site->node, NULL, "blocking `%s()` in async function `%s`: file I/O stops the event loop; "
              "no fix: %s", q, fname, genexp ? AF_GENEXP_REASON : reason);
    return true;
}

/*
 * The aiofiles strategy for the `with` at `site`, whose items are the openers
 * `items`: `async with`, each opener called as the async one with the same
 * arguments (`p.open(mode)` -> `aiofiles.open(p, mode)`), the file methods of
 * the block awaited. NULL, the reason appended to `reason`, when a use of a
 * file object cannot be served.
 */
static struct af_fix *async_with_fix(const struct af_file *file, const struct af_site *site,
                                     const struct open_item *items, uint32_t n, struct af_buf *reason)
{
    struct af_buf callee = AF_BUF_INIT;
    struct af_fix *fix = af_fix_new(AF_SAFE);
    if (!async_opener(&callee, fix, file, site->scope, ts_node_start_byte(site->node))) {
        af_buf_puts(reason, opener_why(file));
    } else {
        af_fix_insert(fix, ts_node_start_byte(site->node), "async ");
        TSNode body = af_field_child(site->node, af_field.body);
        for (uint32_t k = 0; k < n && !reason->size; k++) {
            TSNode fn = af_field_child(items[k].call, af_field.function);
            af_fix_replace(fix, ts_node_start_byte(fn), ts_node_end_byte(fn), callee.ptr, callee.size);
            if (!ts_node_is_null(items[k].path)) {
                /* the path becomes the first argument: `p.open("rb")` -> `aiofiles.open(p, "rb")` */
                TSNode args = af_field_child(items[k].call, af_field.arguments);
                if (!af_is(args, af_sym.argument_list)) {
                    af_buf_puts(reason, "the call's one argument is a generator expression");
                    break;
                }
                uint32_t pl;
                const char *pt = af_node_text(items[k].path, file->src->data, &pl);
                struct af_buf first = AF_BUF_INIT;
                af_buf_printf(&first, "%.*s%s", (int)pl, pt, af_node_items(args, NULL, 0) ? ", " : "");
                af_fix_insert(fix, ts_node_start_byte(args) + 1, first.ptr);
                af_buf_dispose(&first);
            }
            if (ts_node_is_null(items[k].alias) || ts_node_is_null(body))
                continue;
            struct uses u = { file, fix, site->scope, NULL, 0, AF_BUF_INIT };
            u.name = af_node_text(items[k].alias, file->src->data, &u.len);
            char name[64];
            if (u.len >= sizeof(name)) {
                af_buf_puts(reason, "the file object's name is too long");
                break;
            }
            memcpy(name, u.name, u.len);
            name[u.len] = '\0';
            u.name = name;
            uses_walk(&u, body, false);
            if (u.reason.size)
                af_buf_put(reason, u.reason.ptr, u.reason.size);
            af_buf_dispose(&u.reason);
        }
        if (!reason->size && !af_fix_is_consistent(fix))
            af_buf_puts(reason, "the uses of the file object overlap");
        if (!reason->size)
            af_fix_set_message(fix, "Use `async with %s(...)` and await the file methods", callee.ptr);
    }
    af_buf_dispose(&callee);
    if (reason->size) {
        af_fix_free(fix);
        fix = NULL;
    }
    return fix;
}

/*
 * The `with` statements of async code that open files: the open() items
 * (AF501), or with `paths` the `p.open()` items on a known Path (AF503).
 * Every such item is a finding; when every item of the `with` is one, they
 * share one fix (aiofiles; to_thread for one open() item), else each names
 * why there is none.
 */
static void check_open_withs(struct af_file *file, struct af_sink *sink, bool paths)
{
    const struct af_semantic *sem = &file->sem;
    for (uint32_t i = 0; i < sem->withs.n; i++) {
        const struct af_site *site = &sem->withs.items[i];
        if (!af_sem_in_async(file, site->scope) || af_node_is_async(site->node))
            continue;
        bool others, odd_target;
        uint32_t n = open_items(NULL, 0, file, site->node, site->scope, paths, &others, &odd_target);
        if (n == 0)
            continue;
        struct open_item *items = af_malloc(n * sizeof(*items));
        open_items(items, n, file, site->node, site->scope, paths, &others, &odd_target);
        const char *fname = af_sem_scope_name(file, site->scope);
        struct af_buf reason = AF_BUF_INIT;
        struct af_fix *fix = NULL;
        if (n > 8) {
            af_buf_puts(&reason, "the same `with` opens more than 8 files");
        } else if (others) {
            af_buf_puts(&reason, "the same `with` enters other context managers");
        } else if (odd_target) {
            af_buf_puts(&reason, "the file object is bound to something other than a name");
        } else if (to_thread(file) && paths) {
            af_buf_puts(&reason, "with --file-io=to_thread a file object is not rewritten; "
                        "use `async with aiofiles.open(path)`");
        } else if (to_thread(file)) {
            if (n == 1)
                fix = with_to_thread(file, site->node, &items[0], site->scope, &reason);
            if (!fix && !reason.size)
                af_buf_puts(&reason, n == 1 && !opens_a_path(file, items[0].call, site->scope) ? FDOPEN_REASON
                                     : "with --file-io=to_thread only a whole-file read or write is rewritten");
        } else {
            fix = async_with_fix(file, site, items, n, &reason);
        }
        /* every opener of the `with` is a finding; they share the one fix, each report its own reference
         * (one may drop its fix: a noqa, an inconsistent fix) */
        for (uint32_t k = 0; k < n; k++) {
            const char *what = paths ? "Path.open" : opener_name(file, items[k].call, site->scope);
            if (fix)
                af_report(sink, items[k].call, af_fix_share(fix),
                          "blocking `%s()` in async function `%s`: file I/O stops the event loop", what, fname);
            else
                af_report(sink, items[k].call, NULL,
                          "blocking `%s()` in async function `%s`: file I/O stops the event loop; no fix: %s",
                          what, fname, af_buf_cstr(&reason));
        }
        af_fix_free(fix);
        af_buf_dispose(&reason);
        free(items);
    }
}

static void check_open(struct af_file *file, struct af_sink *sink)
{
    /* outside an async def (and its generator expressions) there is nothing to report */
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);
    for (uint32_t k = 0; k < nasync; k++)
        report_other_opener(file, sink, &file->sem.calls.items[async[k]], true);
    check_open_withs(file, sink, false);
}

/* ---- AF502 ---- */

/*
 * True when the statement runs `call` unconditionally and nothing it runs
 * before `call` could observe the file being opened earlier.
 */
static bool opened_first(const struct af_file *file, TSNode stmt, TSNode call, bool *reordered)
{
    *reordered = false;
    for (TSNode n = ts_node_parent(call); !ts_node_eq(n, stmt); n = ts_node_parent(n)) {
        TSSymbol s = ts_node_symbol(n);
        if (s == af_sym.conditional_expression || s == af_sym.boolean_operator || s == af_sym.lambda ||
            s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
            s == af_sym.dictionary_comprehension || s == af_sym.generator_expression)
            return false;
    }
    uint32_t cs = ts_node_start_byte(call), ss = ts_node_start_byte(stmt);
    const struct af_semantic *sem = &file->sem;
    for (uint32_t i = af_sem_site_from(&sem->calls, ss); i < sem->calls.n; i++) {
        TSNode o = sem->calls.items[i].node;
        if (ts_node_start_byte(o) >= cs)
            break;
        if (ts_node_end_byte(o) <= cs)   /* runs before the open: not an ancestor */
            *reordered = true;
    }
    for (uint32_t i = af_sem_site_from(&sem->awaits, ss); i < sem->awaits.n; i++) {
        TSNode o = sem->awaits.items[i].node;
        if (ts_node_start_byte(o) >= cs)
            break;
        if (ts_node_end_byte(o) <= cs)
            *reordered = true;
    }
    return true;
}

/* the fresh name for a file object, computed once per function and pass */
struct name_cache {
    int scope;            /* the function scope it was computed for, or -1 */
    bool found;           /* false: none free */
    struct af_buf name;
};

static const char *fresh_name(struct name_cache *cache, const struct af_file *file, int scope)
{
    static const char *const names[] = { "f", "fh", "fp", "file_", NULL };
    int fs = af_sem_function_scope(file, scope);
    if (cache->scope != fs) {
        cache->scope = fs;
        cache->found = af_sem_fresh_name(&cache->name, file, file->sem.scopes[fs].node, names, "f", 1) == 0;
    }
    return cache->found ? cache->name.ptr : NULL;
}

static struct af_fix *open_call_fix(const struct af_file *file, const struct af_site *site, TSNode outer,
                                    const char *method, uint32_t mlen, struct name_cache *names,
                                    struct af_buf *reason)
{
    TSNode stmt = af_stmt_of(outer);
    const char *src = file->src->data;
    struct af_fix *fix = NULL;
    if (af_is(ts_node_parent(outer), af_sym.await)) {   /* `await open(p).read()` raises today */
        af_buf_puts(reason, "the call is already awaited");
        return NULL;
    }
    if (to_thread(file)) {
        struct open_args oa = { .kw = AF_BUF_INIT };
        TSNode args[2];
        uint32_t na = arguments_of(outer, args, 2);
        struct af_buf text = AF_BUF_INIT, call = AF_BUF_INIT;
        bool ok = read_open_args(&oa, file, site->node, site->scope);
        const char *not_path = ok ? not_a_pathlib_path(file, &oa, site->scope) : NULL;
        int error = -1;
        ok = ok && !not_path;
        fix = af_fix_new(AF_SAFE);
        if (ok && !oa.write && mlen == 4 && !memcmp(method, "read", 4) && na == 0) {
            error = whole_file_call(&call, fix, file, site->scope, &oa, NULL, 0);
        } else if (ok && oa.write && mlen == 5 && !memcmp(method, "write", 5) && na == 1 &&
                   !af_is(args[0], af_sym.keyword_argument) && !af_is(args[0], af_sym.list_splat)) {
            uint32_t dl;
            const char *d = af_node_text(args[0], src, &dl);
            error = whole_file_call(&call, fix, file, site->scope, &oa, d, dl);
        }
        if (error == 0) {
            bool parens = af_node_await_needs_parens(outer);
            af_buf_printf(&text, "%s%s%s", parens ? "(" : "", call.ptr, parens ? ")" : "");
            af_fix_replace(fix, ts_node_start_byte(outer), ts_node_end_byte(outer), text.ptr, text.size);
            af_fix_set_message(fix, "Read or write the whole file in a worker thread");
        } else {
            af_fix_free(fix);
            fix = NULL;
            af_buf_puts(reason, not_path ? not_path : !opens_a_path(file, site->node, site->scope) ? FDOPEN_REASON
                                : "with --file-io=to_thread only a whole-file read or write is rewritten");
        }
        af_buf_dispose(&oa.kw);
        af_buf_dispose(&text);
        af_buf_dispose(&call);
        return fix;
    }
    TSSymbol ss = ts_node_symbol(stmt);
    bool reordered;
    const char *name;
    if (ss != af_sym.expression_statement && ss != af_sym.return_statement) {
        af_buf_puts(reason, "it is not in a simple statement");
        return NULL;
    }
    if (site->scope != af_sem_function_scope(file, site->scope) || !opened_first(file, stmt, site->node, &reordered)) {
        af_buf_puts(reason, "it runs conditionally or in a comprehension");
        return NULL;
    }
    for (uint32_t i = af_sem_site_from(&file->sem.calls, ts_node_start_byte(stmt)); i < file->sem.calls.n; i++) {
        const struct af_site *o = &file->sem.calls.items[i];
        if (ts_node_start_byte(o->node) >= ts_node_end_byte(stmt))
            break;
        if (!ts_node_eq(o->node, site->node) && is_open_call(file, o->node, o->scope)) {
            af_buf_puts(reason, "the statement opens more than one file");
            return NULL;
        }
    }
    if (!(name = fresh_name(names, file, site->scope))) {
        af_buf_puts(reason, "no free name for the file object");
        return NULL;
    }
    fix = af_fix_new(reordered ? AF_UNSAFE : AF_SAFE);
    struct af_buf header = AF_BUF_INIT, text = AF_BUF_INIT;
    TSNode fn = af_field_child(site->node, af_field.function);
    uint32_t fe = ts_node_end_byte(fn);
    af_buf_puts(&header, "async with ");
    if (!async_opener(&header, fix, file, site->scope, ts_node_start_byte(site->node))) {
        af_fix_free(fix);
        af_buf_dispose(&header);
        af_buf_puts(reason, opener_why(file));
        return NULL;
    }
    af_buf_put(&header, src + fe, ts_node_end_byte(site->node) - fe);
    af_buf_printf(&header, " as %s", name);
    if (af_rewrite_wrap(fix, file, stmt, stmt, header.ptr) < 0) {
        af_fix_free(fix);
        fix = NULL;
        af_buf_puts(reason, "the statement shares its line with another");
    } else {
        bool parens = af_node_await_needs_parens(outer);
        /* `open(p).read(...)` -> `await f.read(...)`: the object becomes the name */
        af_buf_printf(&text, "%sawait %s", parens ? "(" : "", name);
        af_fix_replace(fix, ts_node_start_byte(outer), ts_node_end_byte(site->node), text.ptr, text.size);
        if (parens)
            af_fix_insert(fix, ts_node_end_byte(outer), ")");
        af_fix_set_message(fix, "Use `%s:` and `await %s.%.*s(...)`", header.ptr, name, (int)mlen, method);
    }
    af_buf_dispose(&header);
    af_buf_dispose(&text);
    return fix;
}

/* the types of sync file objects (as annotations name them) */
static const char *const file_types[] = {
    "typing.IO", "typing.TextIO", "typing.BinaryIO", "io.IOBase", "io.RawIOBase", "io.BufferedIOBase",
    "io.TextIOBase", "io.FileIO", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom",
    "io.BufferedRWPair", "io.TextIOWrapper", NULL,
};

/* the file object methods that wait for the disk (fileno, isatty, readable, ... do not) */
static const char *const file_io_methods[] = {
    "read", "read1", "readall", "readinto", "readinto1", "readline", "readlines", "peek", "write",
    "writelines", "flush", "seek", "tell", "truncate", "close", NULL,
};

/*
 * The opener (`open()`, `io.open()`, `os.fdopen()`) whose file object the
 * name `obj` holds when it is bound once, by `f = open(...)` (or a tuple
 * assignment), outside the function at `scope` -- at module level or in an
 * enclosing function -- and no `global` or `nonlocal` statement of the file
 * may rebind it; NULL otherwise. (An open in the function itself is its own
 * finding.)
 */
static const char *opened_outside(const struct af_file *file, TSNode obj, int scope)
{
    obj = af_unparen(obj);
    if (!af_is(obj, af_sym.identifier))
        return NULL;
    uint32_t len;
    const char *t = af_node_text(obj, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    if (!b || b->scope == af_sem_function_scope(file, scope) || b->count != 1 || b->mixed ||
        b->kind != AF_BIND_VARIABLE)
        return NULL;
    TSNode value = af_unparen(assigned_value(b->node));
    if (!af_is(value, af_sym.call) || !is_open_call(file, value, b->scope) || rebound_elsewhere(file, b))
        return NULL;
    const char *opener = opener_name(file, value, b->scope);
    return strcmp(opener, "open") == 0 ? "open()" : strcmp(opener, "io.open") == 0 ? "io.open()" : "os.fdopen()";
}

/*
 * `f.read()` on a name annotated as a sync file object (`f: TextIO`,
 * `f: io.BufferedReader | None`, ...) or opened outside the function
 * (opened_outside): the function does not make it, so it stays what it is;
 * the same call in a worker thread (unsafe: other code may use the file
 * meanwhile).
 */
static void check_typed_file_method(struct af_file *file, struct af_sink *sink, const struct af_site *site)
{
    TSNode fn = af_sem_site_callee(file, site);
    if (!af_is(fn, af_sym.attribute) || af_is(site->parent, af_sym.await))
        return;
    TSNode obj = af_sem_site_method_object(file, site);
    uint32_t ml, ol;
    const char *method = af_node_text(af_sem_site_method_name(file, site), file->src->data, &ml);
    if (!in_list(file_io_methods, method, ml))
        return;
    const char *type = af_sem_type_of(file, obj, site->scope);
    if (!type || !in_list(file_types, type, (uint32_t)strlen(type)))
        type = opened_outside(file, obj, site->scope);
    if (!type)
        return;
    const char *obj_text = af_node_text(obj, file->src->data, &ol);
    struct af_fix *fix = af_fix_new(AF_UNSAFE);
    if (af_rewrite_to_thread(fix, file, site->node, site->scope, NULL) < 0) {
        af_fix_free(fix);
        fix = NULL;
    } else {
        af_fix_set_message(fix, "Run it in a worker thread (unsafe: the file object is not made here, so "
                                "other code may use it meanwhile; better open it with aiofiles)");
    }
    af_report(sink, site->node, fix, "blocking `%.*s.%.*s()` on a sync file object (`%s`) in async function "
              "`%s`: file I/O stops the event loop%s%s", (int)ol, obj_text, (int)ml, method, type,
              af_sem_scope_name(file, site->scope), fix ? "" : "; no fix: ", fix ? "" : af_rewrite_to_thread_why(file));
}

/* true when `site` is a call this rule may report: an opener, or a file method on a typed name */
static bool open_call_of_interest(const struct af_file *file, const struct af_site *site, bool genexp)
{
    const struct af_blocking *row = site_row(file, site);
    if (row && strcmp(row->code, "AF501") == 0 &&
        (row->kind == AF_BLOCKS_OPEN || row->kind == AF_BLOCKS_OPEN_FD || row->kind == AF_BLOCKS_OPEN_OTHER))
        return true;
    if (genexp)
        return false;
    TSNode fn = af_sem_site_callee(file, site);
    if (!af_is(fn, af_sym.attribute) || af_is(site->parent, af_sym.await))
        return false;
    TSNode obj = af_sem_site_method_object(file, site);
    if (af_sem_type_of(file, obj, site->scope))
        return true;
    uint32_t ml;
    const char *method = af_node_text(af_sem_site_method_name(file, site), file->src->data, &ml);
    return in_list(file_io_methods, method, ml) && opened_outside(file, obj, site->scope);
}

static void check_open_call(struct af_file *file, struct af_sink *sink)
{
    const struct af_semantic *sem = &file->sem;
    struct name_cache names = { .scope = -1, .name = AF_BUF_INIT };
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);   /* the calls in async code */
    for (uint32_t k = 0; k < nasync; k++) {
        const struct af_site *site = &sem->calls.items[async[k]];
        bool genexp = !af_sem_in_async(file, site->scope);   /* else in a generator expression of one */
        if (!open_call_of_interest(file, site, genexp) || af_sem_offloaded(file, site->node, site->scope))
            continue;
        if (report_other_opener(file, sink, site, false))
            continue;
        if (genexp) {
            if (is_open_call(file, site->node, site->scope))
                af_report(sink, site->node, NULL, "blocking `%s()` in async function `%s`: no fix: "
                          AF_GENEXP_REASON, opener_name(file, site->node, site->scope),
                          af_sem_scope_name(file, af_sem_async_genexp_owner(file, site->scope)));
            continue;
        }
        if (!is_open_call(file, site->node, site->scope)) {
            check_typed_file_method(file, sink, site);
            continue;
        }
        if (in_with_item(site->node))
            continue;
        const char *fname = af_sem_scope_name(file, site->scope);
        const char *opener = opener_name(file, site->node, site->scope);
        TSNode attr = site->parent, outer = ts_node_parent(attr);
        bool method_call = af_is(attr, af_sym.attribute) && af_is(outer, af_sym.call) &&
                           ts_node_eq(af_field_child(outer, af_field.function), attr);
        uint32_t mlen = 0;
        const char *method = method_call ? af_node_text(af_field_child(attr, af_field.attribute),
                                                        file->src->data, &mlen) : NULL;
        static const char *const one_shot[] = { "read", "readline", "readlines", "write", "writelines", NULL };
        if (!method_call || !in_list(one_shot, method, mlen)) {
            af_report(sink, site->node, NULL,
                      "blocking `%s()` in async function `%s`: no fix: the file object is not used "
                      "in a `with` block; use `async with aiofiles.open(...)`", opener, fname);
            continue;
        }
        struct af_buf reason = AF_BUF_INIT;
        struct af_fix *fix = open_call_fix(file, site, outer, method, mlen, &names, &reason);
        if (fix)
            af_report(sink, outer, fix, "blocking `%s().%.*s()` in async function `%s`: file I/O stops "
                      "the event loop", opener, (int)mlen, method, fname);
        else
            af_report(sink, outer, NULL, "blocking `%s().%.*s()` in async function `%s`: file I/O stops "
                      "the event loop; no fix: %s", opener, (int)mlen, method, fname, af_buf_cstr(&reason));
        af_buf_dispose(&reason);
    }
    af_buf_dispose(&names.name);
}

/* ---- AF503 ---- */

/* the Path methods that wait for the file system and return a value at once */
static const char *const path_methods[] = {
    "read_text", "read_bytes", "write_text", "write_bytes", "exists", "is_file", "is_dir", "stat",
    "mkdir", "unlink", "rmdir", "touch", "rename", "replace", "is_symlink", "is_mount", "is_socket",
    "is_fifo", "is_block_device", "is_char_device", "is_junction", "lstat", "chmod", "lchmod",
    "owner", "group", "samefile", "symlink_to", "hardlink_to", "readlink", "resolve", NULL,
};

/* the Path methods that return a generator reading the file system item by item (as os.walk) */
static const char *const lazy_path_methods[] = { "iterdir", "glob", "rglob", "walk", NULL };

/* the pathlib classes whose objects touch the disk (a PurePath never does) */
static const char *const io_path_types[] = {
    "pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath", NULL,
};

/* the calls that make such an object without touching the disk: the classes and Path.cwd/home */
static const char *const path_makers[] = {
    "pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath",
    "pathlib.Path.cwd", "pathlib.Path.home", NULL,
};

/* the methods of a Path that return another Path of the same class */
static const char *const path_to_path[] = {
    "absolute", "resolve", "expanduser", "joinpath", "relative_to", "with_name", "with_stem",
    "with_suffix", "with_segments", NULL,
};

static bool is_path_constructor(const struct af_file *file, TSNode call, int scope)
{
    struct af_buf q = AF_BUF_INIT;
    bool yes = af_is(call, af_sym.call) && af_sem_callee_qualname(&q, file, call, scope) == 0 &&
               in_list(path_makers, q.ptr, (uint32_t)q.size);
    af_buf_dispose(&q);
    return yes;
}

static bool is_known_path(const struct af_file *file, TSNode expr, int scope, int depth);

/*
 * True when the name `expr` is bound once, by a plain assignment of a known
 * Path, in the function at `scope` or a scope around it (an enclosing
 * function, the module), and no `global` or `nonlocal` statement of the file
 * may rebind it.
 */
static bool name_bound_to_path(const struct af_file *file, TSNode expr, int scope, int depth)
{
    uint32_t len;
    const char *t = af_node_text(expr, file->src->data, &len);
    const struct af_binding *b = af_sem_lookup(file, scope, t, len);
    if (!b || b->count != 1 || b->mixed || b->kind != AF_BIND_VARIABLE)
        return false;
    TSNode value = assigned_value(b->node);
    return !ts_node_is_null(value) && is_known_path(file, value, b->scope, depth + 1) &&
           !rebound_elsewhere(file, b);
}

/*
 * True when `expr` is known to be a pathlib.Path: `Path(...)` (PosixPath,
 * WindowsPath, Path.cwd(), Path.home()), `p / x`, `p.parent`, `p.parents[i]`,
 * a method of p that returns a Path (`p.resolve()`, `p.with_suffix(s)`, ...),
 * a name bound once to such an expression (in the function, an enclosing one
 * or the module), or a name annotated `Path` (PosixPath, WindowsPath;
 * Optional, `| None`, a string).
 */
static bool is_known_path(const struct af_file *file, TSNode expr, int scope, int depth)
{
    expr = af_unparen(expr);
    if (depth > 16)
        return false;
    if (is_path_constructor(file, expr, scope))
        return true;
    if (af_is(expr, af_sym.binary_operator)) {
        TSNode op = af_field_child(expr, af_field.operator);
        return text_is(file, op, "/", 1) && is_known_path(file, af_field_child(expr, af_field.left), scope, depth + 1);
    }
    if (af_is(expr, af_sym.attribute))
        return text_is(file, af_field_child(expr, af_field.attribute), "parent", 6) &&
               is_known_path(file, af_field_child(expr, af_field.object), scope, depth + 1);
    if (af_is(expr, af_sym.subscript)) {
        TSNode obj = af_unparen(af_field_child(expr, af_field.value));
        return af_is(obj, af_sym.attribute) &&
               text_is(file, af_field_child(obj, af_field.attribute), "parents", 7) &&
               is_known_path(file, af_field_child(obj, af_field.object), scope, depth + 1);
    }
    if (af_is(expr, af_sym.call)) {
        TSNode fn = af_unparen(af_field_child(expr, af_field.function));
        if (!af_is(fn, af_sym.attribute))
            return false;
        uint32_t ml;
        const char *m = af_node_text(af_field_child(fn, af_field.attribute), file->src->data, &ml);
        return in_list(path_to_path, m, ml) && is_known_path(file, af_field_child(fn, af_field.object), scope, depth + 1);
    }
    if (!af_is(expr, af_sym.identifier))
        return false;
    const char *type = af_sem_type_of(file, expr, scope);
    if (type && in_list(io_path_types, type, (uint32_t)strlen(type)))
        return true;
    return name_bound_to_path(file, expr, scope, depth);
}

/*
 * What a call site of AF503 calls: the qualified name of a blocking
 * file-system function (`*what` points into `qual`), or a Path method
 * (`*what` points at the method name in the source, *method set); false when
 * it is neither. *lazy: the function returns a generator (os.walk, glob.iglob).
 */
static bool fs_call(const struct af_file *file, const struct af_site *site, struct af_buf *qual,
                    const char **what, uint32_t *wlen, bool *method, bool *lazy)
{
    TSNode fn = af_sem_site_callee(file, site);
    *method = *lazy = false;
    /* af_sem_qualname of fn and its row, kept by the site */
    const struct af_blocking *row = af_blocking_site_row(file, site, qual);
    if (row && strcmp(row->code, "AF503") == 0) {
        *what = qual->ptr;
        *wlen = (uint32_t)qual->size;
        *lazy = row->kind == AF_BLOCKS_LAZY;
        return true;
    }
    if (!af_is(fn, af_sym.attribute))
        return false;
    uint32_t al;
    const char *an = af_node_text(af_sem_site_method_name(file, site), file->src->data, &al);
    bool lazy_method = in_list(lazy_path_methods, an, al);
    if ((lazy_method || in_list(path_methods, an, al) || (al == 4 && !memcmp(an, "open", 4))) &&
        is_known_path(file, af_sem_site_method_object(file, site), site->scope, 0)) {
        *what = an;
        *wlen = al;
        *method = true;
        *lazy = lazy_method;
        return true;
    }
    return false;
}

static void check_path_io(struct af_file *file, struct af_sink *sink)
{
    check_open_withs(file, sink, true);
    const struct af_semantic *sem = &file->sem;
    struct af_buf qual = AF_BUF_INIT;
    uint32_t nasync;
    const uint32_t *async = af_sem_async_calls(file, &nasync);   /* the calls in async code */
    for (uint32_t k = 0; k < nasync; k++) {
        const struct af_site *site = &sem->calls.items[async[k]];
        bool genexp = !af_sem_in_async(file, site->scope);   /* else in a generator expression of one */
        if (af_is(site->parent, af_sym.await))
            continue;
        const char *what = NULL;
        uint32_t wlen = 0;
        bool method, lazy;
        /* what the call is first: most calls are nothing to AF503, and the hand-over question costs more */
        if (!fs_call(file, site, &qual, &what, &wlen, &method, &lazy) ||
            af_sem_offloaded(file, site->node, site->scope))
            continue;
        const char *fname = af_sem_scope_name(file, genexp ? af_sem_async_genexp_owner(file, site->scope)
                                                           : site->scope);
        const char *shown = method ? "Path." : "";
        if (genexp) {
            af_report(sink, site->node, NULL, "blocking `%s%.*s()` in async function `%s`: file-system I/O "
                      "stops the event loop; no fix: " AF_GENEXP_REASON, shown, (int)wlen, what, fname);
            continue;
        }
        if (method && wlen == 4 && !memcmp(what, "open", 4)) {
            if (in_with_item(site->node) && !af_node_is_async(with_of_item(site->node)))
                continue;   /* check_open_withs reports it with its `with` */
            af_report(sink, site->node, NULL,
                      "blocking `Path.open()` in async function `%s`: no fix: the file object it returns "
                      "blocks too; use `async with aiofiles.open(path)`", fname);
            continue;
        }
        if (lazy) {
            af_report(sink, site->node, NULL,
                      "blocking `%s%.*s()` in async function `%s`: file-system I/O stops the event loop each "
                      "time the next item is read; no fix: it is a generator, which a worker thread would "
                      "have to read to the end at once (`await asyncio.to_thread(lambda: list(...))`), "
                      "changing when the file system is read", shown, (int)wlen, what, fname);
            continue;
        }
        struct af_fix *fix = af_fix_new(AF_SAFE);
        if (af_rewrite_to_thread(fix, file, site->node, site->scope, NULL) < 0) {
            af_fix_free(fix);
            fix = NULL;
        } else {
            af_fix_set_message(fix, "Run it in a worker thread");
        }
        af_report(sink, site->node, fix, "blocking `%s%.*s()` in async function `%s`: file-system I/O stops the "
                  "event loop%s%s", shown, (int)wlen, what, fname, fix ? "" : "; no fix: ",
                  fix ? "" : af_rewrite_to_thread_why(file));
    }
    af_buf_dispose(&qual);
}

const struct af_rule af_rule_af501 = {
    "AF501", "blocking-open",
    "`with open(...)` in an async function blocks the event loop; use `async with aiofiles.open(...)`",
    "AF501 blocking-open\n\n"
    "What it does: finds `with open(...) as f:` directly in an `async def`, where\n"
    "`open` is the builtin (a local `open` or `from gzip import open` is left alone),\n"
    "or `io.open` (the builtin itself) or `os.fdopen(fd, ...)` (open on a descriptor,\n"
    "same parameters, which aiofiles.open and trio/anyio's open_file accept too).\n\n"
    "Why it is bad: reading and writing a file blocks the thread, so the event loop\n"
    "and every other task stop while the disk works.\n\n"
    "Example:\n"
    "    async def read_config():\n"
    "        with open(\"config.json\") as f:\n"
    "            return json.load(f)\n\n"
    "Use instead:\n"
    "    async def read_config():\n"
    "        async with aiofiles.open(\"config.json\") as f:\n"
    "            return json.loads(await f.read())\n\n"
    "Fix (safe, adds `import aiofiles`, a new dependency): `async with aiofiles.open(...)`\n"
    "with the same arguments, and in the block `await f.read()` (readline, readlines,\n"
    "write, writelines, seek, tell, truncate, flush, close), `async for line in f:`,\n"
    "`json.load(f)` -> `json.loads(await f.read())`, `json.dump(obj, f, **kw)` ->\n"
    "`await f.write(json.dumps(obj, **kw))`; f.name, f.closed, f.mode are kept.\n"
    "Several `open()` items in one `with` are converted together; a `with open(p, \"a\"):`\n"
    "without `as` becomes `async with aiofiles.open(p, \"a\"):`. In a module that uses\n"
    "trio or anyio (aiofiles needs asyncio): `async with await trio.open_file(...) as f:`\n"
    "(`anyio.open_file`), the same file methods awaited.\n\n"
    "No fix, reason named, when the file object escapes where aiofiles cannot serve it:\n"
    "passed to another function (csv.reader, pickle.load, yaml.safe_load, ...), returned,\n"
    "stored, rebound, used in a nested function, or another method (f.fileno()); when a\n"
    "file method is already awaited (`await f.write(x)`: it raises TypeError today); and when\n"
    "the same `with` enters other context managers. Also reported without a fix:\n"
    "`with io.open_code(p)` (it opens through the interpreter's open-code hook, which\n"
    "aiofiles would bypass) and `with codecs.open(p, mode, encoding)` (its third\n"
    "argument is the encoding and it decodes without newline translation, which\n"
    "aiofiles.open does not); `os.fdopen` with --file-io=to_thread (pathlib cannot\n"
    "open a descriptor).\n\n"
    "With --file-io=to_thread: `with open(p) as f: data = f.read()` (or json.load(f),\n"
    "f.write(s), json.dump(obj, f)) becomes one line,\n"
    "`data = await asyncio.to_thread(pathlib.Path(p).read_text, encoding=...)`,\n"
    "keeping the mode (read_bytes/write_bytes for binary modes) and encoding/errors;\n"
    "other shapes are reported without a fix; the fix is unsafe when something in the\n"
    "statement runs before the read (the file is now opened later). No fix when the\n"
    "path is a descriptor (an int, `os.open(...)`, `x.fileno()`, an `os.pipe()` item,\n"
    "a name such as `fd` or annotated `int`) or bytes (`b\"/p\"`, a name bound once to\n"
    "one): pathlib takes neither; nor when `f` is used after the `with` (`print(f.name)`,\n"
    "`del f`, in a nested def, on a loop's next turn) and not surely rebound first: the\n"
    "one line binds no `f`.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_open,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
    .settings = &file_io_settings,
};

const struct af_rule af_rule_af502 = {
    "AF502", "blocking-open-call",
    "`open(p).read()` in an async function blocks the event loop; use aiofiles",
    "AF502 blocking-open-call\n\n"
    "What it does: finds a bare `open(p).read()` / `open(p, \"w\").write(s)` expression\n"
    "directly in an `async def` (`open` being the builtin).\n\n"
    "Why it is bad: the read or write blocks the thread and with it the event loop.\n\n"
    "Example:\n"
    "    async def load(p):\n"
    "        data = open(p).read()\n\n"
    "Use instead:\n"
    "    async def load(p):\n"
    "        async with aiofiles.open(p) as f:\n"
    "            data = await f.read()\n\n"
    "Fix (adds `import aiofiles`, a new dependency): the statement is wrapped in\n"
    "`async with aiofiles.open(...) as f:` (a name that shadows nothing) and the\n"
    "expression becomes `await f.read()`. Safe, unless something in the statement ran\n"
    "before the open (then unsafe: the file is now opened first). No fix when the open\n"
    "runs conditionally (`x if c else open(p).read()`), in a comprehension, in a\n"
    "compound statement's header, when the statement opens two files, or when the call\n"
    "is already awaited (`await open(p).read()`).\n"
    "In a trio/anyio module: `async with await trio.open_file(p) as f:` (anyio's when\n"
    "it imports anyio); in one that imports asyncio and trio but not anyio, or\n"
    "twisted or curio (itself or another file of the project): no fix.\n"
    "With --file-io=to_thread: `await asyncio.to_thread(pathlib.Path(p).read_text)`\n"
    "in place (write_text, read_bytes, write_bytes by mode); no fix when p is a\n"
    "descriptor or a bytes path (AF501's list), which pathlib does not take.\n\n"
    "Any other `open()` call in an async function (`f = open(p)`, `json.load(open(p))`)\n"
    "is reported without a fix. `io.open` and `os.fdopen` count as `open` (AF501);\n"
    "`io.open_code(...)` and `codecs.open(...)` outside a `with` are reported without\n"
    "a fix, for AF501's reasons.\n\n"
    "Also reported: a method that waits for the disk (read, read1, readall, readinto,\n"
    "readline, readlines, peek, write, writelines, flush, seek, tell, truncate, close)\n"
    "called on a name annotated as a sync file object -- typing.IO/TextIO/BinaryIO,\n"
    "io.TextIOWrapper, io.BufferedReader/BufferedWriter/BufferedRandom/BufferedRWPair,\n"
    "io.FileIO and the io base classes; `Optional[T]`, `T | None`, `\"T\"` and any\n"
    "import spelling read as T (flake8-async's ASYNC232); or on a name bound once,\n"
    "outside the async def, to `open(...)`, `io.open(...)` or `os.fdopen(...)`: at\n"
    "module level (`LOG = open(\"events.log\", \"a\")`) or in an enclosing function,\n"
    "with no `global` or `nonlocal` statement of the file that may rebind it. The\n"
    "function does not make that object, so it stays a sync file: the fix (unsafe)\n"
    "runs the same call in a worker thread, `await asyncio.to_thread(f.read)`; other\n"
    "code may use the file meanwhile. fileno, isatty, readable, name, mode, ... are\n"
    "left alone (they do not wait), as are a name rebound without the annotation and\n"
    "a call in a sync def nested in the async def.\n\n"
    "Left alone (the cure, not the disease): a file object wrapped as it is opened,\n"
    "`trio.wrap_file(open(p))`, `anyio.wrap_file(open(p))`, `aiofiles.threadpool.wrap(open(p))`;\n"
    "`open` handed to a worker thread, `asyncio.to_thread(open, p)`,\n"
    "`loop.run_in_executor(None, open, p)`, `functools.partial(open, p)` given to one of\n"
    "them, `anyio.to_thread.run_sync(open, p)`. Still reported: `to_thread(open(p).read)`\n"
    "(the open runs before the hand-over) and `asyncio.wrap_file(...)` (no such function).\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_open_call,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
    .settings = &file_io_settings,
};

const struct af_rule af_rule_af503 = {
    "AF503", "blocking-path-io",
    "`Path.read_text()`, `os.path.*`, `os.remove()`, `shutil.*` in an async function block the event loop",
    "AF503 blocking-path-io\n\n"
    "What it does: finds file-system calls directly in an `async def`:\n"
    "pathlib.Path read_text, read_bytes, write_text, write_bytes, exists, is_file,\n"
    "is_dir, is_symlink, is_mount, is_socket, is_fifo, is_block_device,\n"
    "is_char_device, is_junction, stat, lstat, owner, group, samefile, readlink,\n"
    "resolve, chmod, lchmod, mkdir, unlink, rmdir, touch, rename, replace,\n"
    "symlink_to, hardlink_to, and the generators iterdir, glob, rglob, walk. Only\n"
    "where the receiver is known to be a Path: `Path(...)` (PosixPath, WindowsPath,\n"
    "Path.cwd(), Path.home()), `p / x`, `p.parent`, `p.parents[i]`, a method of a\n"
    "known Path that returns one (absolute, resolve, expanduser, joinpath,\n"
    "relative_to, with_name, with_stem, with_suffix); a name bound once, by `x = ...`\n"
    "or `a, b = ..., ...`, to such an expression in the function, an enclosing\n"
    "function or at module level (`DATA = Path(__file__).parent / \"data\"`), unless\n"
    "a `global` or `nonlocal` statement of the file may rebind it; or a parameter,\n"
    "local or module-level name annotated `Path`, `PosixPath` or `WindowsPath` --\n"
    "also as `Optional[...]`, `... | None`, `Union[..., None]` or a string. A\n"
    "PurePath does no I/O and is left alone, and so are `absolute()` and\n"
    "`expanduser()` (no disk wait, as abspath below);\n"
    "os.path exists, isfile, isdir, islink, isjunction, isdevdrive, lexists,\n"
    "ismount, getsize, getmtime, getatime, getctime, samefile, sameopenfile,\n"
    "realpath (also spelled genericpath.*, posixpath.* or ntpath.*: os.path is one\n"
    "of them); os.listdir, os.scandir, os.remove, os.unlink, os.rename, os.replace,\n"
    "os.makedirs, os.mkdir, os.rmdir, os.removedirs, os.stat, os.lstat, os.access,\n"
    "os.chmod, os.lchmod, os.chown, os.lchown, os.utime, os.truncate, os.link,\n"
    "os.symlink, os.readlink, os.statvfs, os.fsync, os.fdatasync, os.mkfifo,\n"
    "os.mknod; glob.glob; os.walk, os.fwalk and glob.iglob; and every `shutil.*`\n"
    "function.\n\n"
    "Why it is bad: each of them waits for the disk, blocking the event loop.\n\n"
    "Example:\n"
    "    async def save(p: Path, text):\n"
    "        p.write_text(text, encoding=\"utf-8\")\n"
    "        os.remove(\"old.txt\")\n\n"
    "Use instead:\n"
    "    async def save(p: Path, text):\n"
    "        await asyncio.to_thread(p.write_text, text, encoding=\"utf-8\")\n"
    "        await asyncio.to_thread(os.remove, \"old.txt\")\n\n"
    "Fix (safe): the same call with the same arguments in a worker thread; below\n"
    "py39 `await asyncio.get_running_loop().run_in_executor(None, functools.partial(...))`;\n"
    "in a trio/anyio module `await trio.to_thread.run_sync(...)` (anyio's when it\n"
    "imports anyio); in one that imports asyncio and trio but not anyio, or twisted\n"
    "or curio (itself or another file of the project): no fix.\n"
    "Unsafe when the call and a later one (or an open) check and then change one\n"
    "path with no pause between: `if not os.path.exists(p): open(p, \"w\")`, `if\n"
    "p.is_file(): p.unlink()` (two tasks could both find no file, or both remove it).\n"
    "`with p.open(...) as f:` gets AF501's fix when every item of the `with` is\n"
    "such a call: `async with aiofiles.open(p, ...) as f:` with the file methods\n"
    "awaited (with --file-io=to_thread, or when the file object leaves the block,\n"
    "reported without a fix, the reason named). Any other `Path.open()` is reported\n"
    "without a fix (its file object blocks too); so are\n"
    "os.walk, os.fwalk, glob.iglob and Path.iterdir, glob, rglob and walk: they are\n"
    "generators that read the file system each time the next item is taken, and a\n"
    "worker thread would have to read them to the end at once (`list(...)`), changing\n"
    "when the disk is read and holding every item in memory; rewrite by hand, e.g.\n"
    "`await asyncio.to_thread(lambda: list(os.walk(p)))`\n"
    "where that is what you want. glob.glob returns a list: it is run in a worker thread.\n\n"
    "Not reported, unlike some other linters: os.path functions that only compute\n"
    "with strings -- join, normpath, basename, dirname, split, splitext, isabs,\n"
    "normcase, commonpath -- and abspath/relpath, which at most ask the kernel for the\n"
    "current directory (no disk wait): none of them waits for the disk, and moving\n"
    "them to a thread would only add the thread's cost.\n\n"
    "Left alone: a call handed to a worker thread or wrapped as it is made\n"
    "(`trio.wrap_file(path.open())`, `asyncio.to_thread(os.remove, p)`), and an awaited call.\n"
    "\n"
    AF_ATOMIC_EXPLANATION,
    check_path_io,
    .flags = AF_RULE_NEEDS_PROJECT | AF_RULE_ADDS_PAUSE,   /* the project says which loop runs it (af_project_other_loop) */
    .fix = AF_FIX_SOMETIMES,
    .settings = &file_io_settings,
};
