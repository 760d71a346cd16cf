#include "asyncfix/rewrite.h"

#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/stmt.h"

/* how many of `unit`'s bytes go before a line's indentation (the rest, spaces, after it) */
static size_t unit_before(const char *unit)
{
    size_t tabs = strspn(unit, "\t");
    return strchr(unit + tabs, '\t') ? strlen(unit) : tabs;
}

void af_rewrite_deeper(struct af_buf *out, const char *ind, uint32_t ilen, const char *unit)
{
    size_t before = unit_before(unit);
    af_buf_put(out, unit, before);
    af_buf_put(out, ind, ilen);
    af_buf_puts(out, unit + before);
}

void af_rewrite_indent_lines(struct af_fix *fix, const struct af_file *file, uint32_t first_line,
                             uint32_t last_line, const char *unit)
{
    const struct af_source *src = file->src;
    size_t before = unit_before(unit);
    struct af_buf head = AF_BUF_INIT;
    af_buf_put(&head, unit, before);
    const char *tail = unit + before;
    for (uint32_t line = first_line; line <= last_line && line < src->nlines; line++) {
        uint32_t ls = src->lines[line];
        uint32_t p = ls;
        while (p < src->len && (src->data[p] == ' ' || src->data[p] == '\t'))
            p++;
        if (p >= src->len || src->data[p] == '\n' || src->data[p] == '\r')
            continue;
        if (af_sem_in_ml_string(file, ls))
            continue;
        /* without a tab in the line's indentation, before it and after it are the same text */
        if (!memchr(src->data + ls, '\t', p - ls) || !*tail) {
            af_fix_insert(fix, ls, unit);
            continue;
        }
        if (head.size)
            af_fix_insert(fix, ls, af_buf_cstr(&head));
        af_fix_insert_first(fix, p, tail);
    }
    af_buf_dispose(&head);
}

void af_rewrite_delete_lines(struct af_fix *fix, const struct af_file *file, TSNode stmt)
{
    const struct af_source *src = file->src;
    uint32_t first = af_source_line_of(src, ts_node_start_byte(stmt));
    uint32_t last = af_source_line_of(src, ts_node_end_byte(stmt));
    uint32_t s = src->lines[first];
    uint32_t e = last + 1 < src->nlines ? src->lines[last + 1] : (uint32_t)src->len;
    af_fix_replace_str(fix, s, e, "");
}

int af_rewrite_wrap(struct af_fix *fix, const struct af_file *file, TSNode first, TSNode last,
                    const char *header)
{
    const struct af_source *src = file->src;
    uint32_t start = ts_node_start_byte(first), end = ts_node_end_byte(last);
    if (!af_stmt_starts_line(file, start) || !af_stmt_ends_line(file, end))
        return AF_EINVALID;
    TSNode prev = af_stmt_prev(first);
    if (!ts_node_is_null(prev) &&
        af_source_line_of(src, ts_node_end_byte(prev)) == af_source_line_of(src, start))
        return AF_EINVALID;
    TSNode next = ts_node_next_named_sibling(last);
    if (!ts_node_is_null(next) && !af_is(next, af_sym.comment) &&
        af_source_line_of(src, ts_node_start_byte(next)) == af_source_line_of(src, end))
        return AF_EINVALID;

    const char *ind;
    uint32_t ilen;
    af_stmt_indent(file, start, &ind, &ilen);
    struct af_buf unit = AF_BUF_INIT, text = AF_BUF_INIT;
    af_stmt_indent_unit(&unit, file, first);
    af_buf_printf(&text, "%s:%s", header, af_source_newline(src));
    af_rewrite_deeper(&text, ind, ilen, unit.ptr);
    af_fix_insert(fix, start, text.ptr);

    af_rewrite_indent_lines(fix, file, af_source_line_of(src, start) + 1, af_source_line_of(src, end), unit.ptr);
    /* the line-start edits leave the statements themselves unedited: an empty
     * edit at the end makes the fix span them, so that a fix inside them waits
     * for the next pass instead of composing with stale indentation */
    af_fix_insert(fix, end, "");
    af_buf_dispose(&unit);
    af_buf_dispose(&text);
    return 0;
}

void af_rewrite_await(struct af_fix *fix, const struct af_file *file, TSNode call)
{
    uint32_t s = ts_node_start_byte(call), e = ts_node_end_byte(call);
    if (af_node_await_needs_parens(call)) {
        af_fix_insert(fix, s, "(await ");
        af_fix_insert(fix, e, ")");
    } else {
        af_fix_insert(fix, s, "await ");
    }
}

/* true when the argument list holds nothing but whitespace and comments */
static bool args_empty(const char *args, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        if (args[i] == '#') {
            while (i < len && args[i] != '\n')
                i++;
            continue;
        }
        if (args[i] != ' ' && args[i] != '\t' && args[i] != '\n' && args[i] != '\r' && args[i] != '\\')
            return false;
    }
    return true;
}

int af_rewrite_to_thread_text(struct af_buf *out, struct af_fix *fix, const struct af_file *file,
                              int scope, uint32_t at, const char *callee, const char *args, uint32_t alen)
{
    bool need, fneed = false, empty = args_empty(args, alen);
    /* "f, " before `a`, "f," before ` a` or a line break: no trailing blank */
    const char *sep = alen && (args[0] == ' ' || args[0] == '\t' || args[0] == '\n' || args[0] == '\r')
                          ? "," : ", ";
    if (empty && memchr(args, '#', alen))
        sep = "";   /* only a comment between the parentheses: carry it along */
    bool carry = !empty || !*sep;
    enum af_framework fw = file->sem.framework;
    if (file->sem.framework_mixed)
        return AF_ENOTFOUND;   /* which loop runs it is not known (af_sem_loop_unknown) */
    if (fw == AF_FW_ASYNCIO && file->opts->target_minor >= 9) {
        const char *aio = af_sem_module_alias(file, scope, "asyncio", at, &need);
        if (!aio)
            return AF_ENOTFOUND;
        if (need)
            af_fix_need_import(fix, "asyncio");
        af_buf_printf(out, "await %s.to_thread(%s", aio, callee);
        if (carry) {
            af_buf_puts(out, sep);
            af_buf_put(out, args, alen);
        }
        af_buf_putc(out, ')');
        return 0;
    }
    const char *mod = fw == AF_FW_TRIO ? "trio" : fw == AF_FW_ANYIO ? "anyio" : "asyncio";
    const char *m = af_sem_module_alias(file, scope, mod, at, &need);
    if (!m)
        return AF_ENOTFOUND;
    const char *ft = NULL;
    if (!empty && !(ft = af_sem_module_alias(file, scope, "functools", at, &fneed)))
        return AF_ENOTFOUND;
    if (need)
        af_fix_need_import(fix, mod);
    if (fneed)
        af_fix_need_import(fix, "functools");
    struct af_buf target = AF_BUF_INIT;
    if (empty) {
        af_buf_puts(&target, callee);
        if (carry)
            af_buf_put(&target, args, alen);
    } else {
        af_buf_printf(&target, "%s.partial(%s%s", ft, callee, sep);
        af_buf_put(&target, args, alen);
        af_buf_putc(&target, ')');
    }
    if (fw == AF_FW_ASYNCIO)
        af_buf_printf(out, "await %s.get_running_loop().run_in_executor(None, %s)", m, target.ptr);
    else
        af_buf_printf(out, "await %s.to_thread.run_sync(%s)", m, target.ptr);
    af_buf_dispose(&target);
    return 0;
}

const char *af_rewrite_to_thread_why(const struct af_file *file)
{
    const char *unknown = af_sem_loop_unknown(&file->sem);
    return unknown ? unknown
                   : "the module that runs it in a worker thread cannot be named here (the name is taken, or the "
                     "module is imported in only part of the function)";
}

int af_rewrite_to_thread(struct af_fix *fix, const struct af_file *file, TSNode call, int scope,
                         const char *callee)
{
    const char *args;
    uint32_t alen;
    af_node_args_text(call, file->src->data, &args, &alen);
    TSNode al = af_field_child(call, af_field.arguments);
    if (af_is(al, af_sym.generator_expression))
        args = af_node_text(al, file->src->data, &alen);   /* f(x for x in y): keep its parentheses */
    struct af_buf f = AF_BUF_INIT, text = AF_BUF_INIT;
    if (callee) {
        af_buf_puts(&f, callee);
    } else {
        uint32_t flen;
        const char *ftext = af_node_text(af_field_child(call, af_field.function), file->src->data, &flen);
        af_buf_put(&f, ftext, flen);
    }
    bool parens = af_node_await_needs_parens(call);
    if (parens)
        af_buf_putc(&text, '(');
    int error = af_rewrite_to_thread_text(&text, fix, file, scope, ts_node_start_byte(call), f.ptr, args, alen);
    if (parens)
        af_buf_putc(&text, ')');
    if (error == 0)
        af_fix_replace(fix, ts_node_start_byte(call), ts_node_end_byte(call), text.ptr, text.size);
    af_buf_dispose(&f);
    af_buf_dispose(&text);
    return error;
}

/* true when `neighbour` (a statement before or after, or a null node) reaches the line of `byte` */
static bool shares_line(const struct af_file *file, TSNode neighbour, uint32_t byte, bool before)
{
    if (ts_node_is_null(neighbour))
        return false;
    uint32_t at = before ? ts_node_end_byte(neighbour) : ts_node_start_byte(neighbour);
    return af_source_line_of(file->src, at) == af_source_line_of(file->src, byte);
}

int af_rewrite_wrap_replacing(struct af_fix *fix, const struct af_file *file, TSNode first,
                              TSNode last, const char *header)
{
    const struct af_source *src = file->src;
    uint32_t start = ts_node_start_byte(first), first_end = ts_node_end_byte(first);
    uint32_t end = ts_node_end_byte(last);
    uint32_t line = af_source_line_of(src, first_end) + 1;
    uint32_t last_line = af_source_line_of(src, end);
    if (line > last_line || !af_stmt_starts_line(file, start) ||
        !af_stmt_ends_line(file, first_end) || !af_stmt_ends_line(file, end))
        return AF_EINVALID;
    if (shares_line(file, af_stmt_prev(first), start, true) || shares_line(file, af_stmt_next(last), end, false))
        return AF_EINVALID;

    struct af_buf unit = AF_BUF_INIT, text = AF_BUF_INIT;
    af_stmt_indent_unit(&unit, file, first);
    af_buf_printf(&text, "%s:", header);
    af_fix_replace(fix, start, first_end, text.ptr, text.size);
    af_rewrite_indent_lines(fix, file, line, last_line, unit.ptr);
    af_fix_insert(fix, end, "");   /* the fix spans the moved statements (see af_rewrite_wrap) */
    af_buf_dispose(&unit);
    af_buf_dispose(&text);
    return 0;
}
