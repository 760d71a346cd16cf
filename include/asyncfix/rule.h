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

#include <stdio.h>

#include "asyncfix/edit.h"
#include "asyncfix/file.h"
#include "asyncfix/sink.h"

struct af_rule {
    const char *code;          /* "AF101" */
    const char *name;          /* "blocking-sleep" */
    const char *summary;       /* one line, for --list-rules */
    const char *explanation;   /* the BAD/GOOD text for --explain */
    void (*check)(struct af_file *file, struct af_sink *sink);
};

/* the table, NULL-terminated rows ordered by code */
extern const struct af_rule *const af_rules[];
const struct af_rule *af_rule_find(const char *code);

/* --list-rules: one line per rule, code, name and summary */
void af_rules_print(FILE *out);
/* --explain: the rule's explanation, found by code or name; AF_ENOTFOUND (af_error_last) when none */
int af_rule_explain(FILE *out, const char *code_or_name);

#endif
