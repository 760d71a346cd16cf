/*
 * sink.h - where a rule's check reports its findings. The sink drops what
 * `# noqa` excludes and a fix that is empty or inconsistent; the engine reads
 * the findings after the check and disposes the sink.
 */
#ifndef ASYNCFIX_SINK_H
#define ASYNCFIX_SINK_H

#include <tree_sitter/api.h>

#include "asyncfix/edit.h"
#include "asyncfix/file.h"

struct af_rule;

struct af_finding {
    const struct af_rule *rule;
    uint32_t start, end;       /* bytes */
    char *message;             /* owned */
    struct af_fix *fix;        /* owned, may be NULL */
};

struct af_sink {
    const struct af_file *file;
    const struct af_rule *rule;   /* the rule whose check runs now */
    struct af_finding *items;
    size_t n, cap;
};

/*
 * Reports a finding of the running rule over `node`, taking ownership of
 * `fix` (may be NULL). Suppressed findings are dropped (and their fix freed).
 */
void af_report(struct af_sink *sink, TSNode node, struct af_fix *fix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* the same over a byte range */
void af_report_range(struct af_sink *sink, uint32_t start, uint32_t end, struct af_fix *fix,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

void af_sink_dispose(struct af_sink *sink);

#endif
