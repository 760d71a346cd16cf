#include "asyncfix/sink.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/rule.h"

/*
 * The first character of the fix's texts that the file's declared encoding
 * cannot hold, into `out`; false when it holds them all (always, for UTF-8).
 */
static bool unencodable(const struct af_file *file, const struct af_fix *fix, struct af_buf *out)
{
    if (!af_source_codec(file->src))
        return false;
    struct af_buf scratch = AF_BUF_INIT;
    bool bad = false;
    for (size_t i = 0; i < fix->n && !bad; i++) {
        const char *t = fix->edits[i].text;
        size_t at, len = strlen(t);
        af_buf_clear(&scratch);
        if (af_source_encode(&scratch, file->src, t, len, &at) < 0) {
            size_t n = af_utf8_next(t + at, len - at, NULL);
            af_buf_put(out, t + at, n ? n : 1);
            bad = true;
        }
    }
    af_buf_dispose(&scratch);
    return bad;
}

/*
 * A fix that adds suspension points: unsafe when it splits an atomic section,
 * dropped when it would deadlock (the reason into `msg`). Returns the fix, or
 * NULL when it was dropped.
 */
static struct af_fix *review(struct af_sink *sink, struct af_fix *fix, uint32_t start, uint32_t end,
                             struct af_buf *msg)
{
    if (!fix || !(sink->rule->flags & AF_RULE_ADDS_PAUSE))
        return fix;
    if (fix != sink->reviewed) {
        struct af_buf why = AF_BUF_INIT;
        af_fix_free(sink->reviewed_held);
        sink->reviewed_held = NULL;
        sink->reviewed = fix;
        free(sink->reviewed_why);
        sink->reviewed_why = NULL;
        sink->reviewed_refused = false;
        enum af_atomic_verdict v = af_atomic_review(&why, &sink->atomic, sink->file, fix, start, end);
        if (v != AF_ATOMIC_KEEP)
            sink->reviewed_why = af_buf_detach(&why);
        if (v == AF_ATOMIC_REFUSE) {
            /* held, so that no other fix gets its address while a finding sharing it may come */
            sink->reviewed_refused = true;
            sink->reviewed_held = af_fix_share(fix);
        }
        af_buf_dispose(&why);
    }
    if (sink->reviewed_refused) {
        af_buf_printf(msg, " (not fixed: %s)", sink->reviewed_why);
        af_fix_free(fix);
        return NULL;
    }
    if (sink->reviewed_why)
        af_buf_printf(msg, " (fix unsafe: %s)", sink->reviewed_why);
    return fix;
}

static void report_va(struct af_sink *sink, uint32_t start, uint32_t end, struct af_fix *fix,
                      const char *fmt, va_list ap)
{
    const struct af_rule *rule = sink->rule;
    assert(!fix || rule->fix != AF_FIX_NEVER);   /* the descriptor says this rule never fixes */
    sink->last_kept = false;
    if (af_sem_noqa(sink->file, start, rule->code)) {
        af_fix_free(fix);
        return;
    }
    if (fix && (!fix->n || !af_fix_is_consistent(fix))) {
        af_fix_free(fix);
        fix = NULL;
    }
    struct af_buf msg = AF_BUF_INIT, bad = AF_BUF_INIT;
    af_buf_vprintf(&msg, fmt, ap);
    if (fix && unencodable(sink->file, fix, &bad)) {
        /* the file's own encoding could not hold what the fix writes */
        af_buf_printf(&msg, " (not fixed: the file's declared encoding %s cannot hold `%s`, which the fix "
                      "would write)", af_source_codec(sink->file->src), af_buf_cstr(&bad));
        af_fix_free(fix);
        fix = NULL;
    }
    af_buf_dispose(&bad);
    fix = review(sink, fix, start, end, &msg);
    AF_ARRAY_GROW(sink->items, sink->n, sink->cap);
    struct af_finding *f = &sink->items[sink->n++];
    f->rule = rule;
    f->start = start;
    f->end = end;
    f->message = af_buf_detach(&msg);
    f->fix = fix;
    f->related = NULL;
    f->nrelated = 0;
    sink->last_kept = true;
}

void af_report(struct af_sink *sink, TSNode node, struct af_fix *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_va(sink, ts_node_start_byte(node), ts_node_end_byte(node), fix, fmt, ap);
    va_end(ap);
}

void af_report_range(struct af_sink *sink, uint32_t start, uint32_t end, struct af_fix *fix,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_va(sink, start, end, fix, fmt, ap);
    va_end(ap);
}

static void related_va(struct af_sink *sink, const char *path, uint32_t byte, uint32_t line,
                       uint32_t column, const char *fmt, va_list ap)
{
    if (!sink->last_kept || !sink->n)
        return;
    struct af_finding *f = &sink->items[sink->n - 1];
    f->related = af_realloc(f->related, (f->nrelated + 1) * sizeof(*f->related));
    struct af_related *r = &f->related[f->nrelated++];
    struct af_buf text = AF_BUF_INIT;
    af_buf_vprintf(&text, fmt, ap);
    r->path = path ? af_strdup(path) : NULL;
    r->byte = byte;
    r->line = line;
    r->column = column;
    r->text = af_buf_detach(&text);
}

void af_report_related(struct af_sink *sink, const char *path, uint32_t line, uint32_t column,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    related_va(sink, path, 0, line, column, fmt, ap);
    va_end(ap);
}

void af_report_related_here(struct af_sink *sink, uint32_t byte, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    related_va(sink, NULL, byte, 0, 0, fmt, ap);
    va_end(ap);
}

void af_sink_refuse(struct af_sink *sink, uint32_t decision)
{
    for (size_t i = 0; i < sink->nrefused; i++)
        if (sink->refused[i] == decision)
            return;
    sink->refused = af_realloc(sink->refused, (sink->nrefused + 1) * sizeof(*sink->refused));
    sink->refused[sink->nrefused++] = decision;
}

void af_sink_dispose(struct af_sink *sink)
{
    for (size_t i = 0; i < sink->n; i++) {
        struct af_finding *f = &sink->items[i];
        free(f->message);
        af_fix_free(f->fix);
        for (size_t k = 0; k < f->nrelated; k++) {
            free(f->related[k].path);
            free(f->related[k].text);
        }
        free(f->related);
    }
    free(sink->items);
    free(sink->refused);
    sink->refused = NULL;
    sink->nrefused = 0;
    sink->items = NULL;
    sink->n = sink->cap = 0;
    af_atomic_free(sink->atomic);
    sink->atomic = NULL;
    sink->reviewed = NULL;
    af_fix_free(sink->reviewed_held);
    sink->reviewed_held = NULL;
    sink->reviewed_refused = false;
    free(sink->reviewed_why);
    sink->reviewed_why = NULL;
}
