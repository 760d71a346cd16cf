#include "asyncfix/sink.h"

#include <assert.h>
#include <stdlib.h>

#include "asyncfix/rule.h"

static void report_va(struct af_sink *sink, uint32_t start, uint32_t end, struct af_fix *fix,
                      const char *fmt, va_list ap)
{
    const struct af_rule *rule = sink->rule;
    assert(!fix || rule->fix != AF_FIX_NEVER);   /* the descriptor says this rule never fixes */
    if (af_sem_noqa(sink->file, start, rule->code)) {
        af_fix_free(fix);
        return;
    }
    if (fix && (!fix->n || !af_fix_is_consistent(fix))) {
        af_fix_free(fix);
        fix = NULL;
    }
    AF_ARRAY_GROW(sink->items, sink->n, sink->cap);
    struct af_finding *f = &sink->items[sink->n++];
    struct af_buf msg = AF_BUF_INIT;
    af_buf_vprintf(&msg, fmt, ap);
    f->rule = rule;
    f->start = start;
    f->end = end;
    f->message = af_buf_detach(&msg);
    f->fix = fix;
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

void af_sink_dispose(struct af_sink *sink)
{
    for (size_t i = 0; i < sink->n; i++) {
        free(sink->items[i].message);
        af_fix_free(sink->items[i].fix);
    }
    free(sink->items);
    sink->items = NULL;
    sink->n = sink->cap = 0;
}
