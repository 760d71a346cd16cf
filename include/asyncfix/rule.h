/*
 * rule.h - the rule registry and the sink rules report findings to.
 *
 * A rule is one row of the table in transforms/registry.c. Its check reads
 * the file's semantic model (file->sem: calls, withs, blocks, ...) and
 * reports findings, each with an optional fix, through af_report. The sink
 * drops what --select/--ignore or `# noqa` exclude.
 */
#ifndef ASYNCFIX_RULE_H
#define ASYNCFIX_RULE_H

#include "asyncfix/edit.h"
#include "asyncfix/file.h"

struct af_sink;

struct af_rule {
    const char *code;          /* "AF101" */
    const char *name;          /* "blocking-sleep" */
    const char *summary;       /* one line, for --list-rules */
    const char *explanation;   /* the BAD/GOOD text for --explain */
    void (*check)(struct af_file *file, struct af_sink *sink);
};

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

/* the table, NULL-terminated rows ordered by code */
extern const struct af_rule *const af_rules[];
const struct af_rule *af_rule_find(const char *code);

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
