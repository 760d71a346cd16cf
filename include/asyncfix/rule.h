/*
 * rule.h - the rules: one descriptor per rule, one list of them.
 *
 * A rule is a `const struct af_rule af_rule_<code>` in its family's file
 * (transforms/<family>.c) and one line of AF_RULES below, which both declares
 * every descriptor and builds the table the core reads (transforms/registry.c).
 * Its check reads the file's semantic model (file->sem: calls, withs, blocks,
 * ...) and reports findings, each with an optional fix, through af_report
 * (sink.h). The core reads the descriptor's flags, never its code.
 */
#ifndef ASYNCFIX_RULE_H
#define ASYNCFIX_RULE_H

#include <stdio.h>

#include "asyncfix/edit.h"
#include "asyncfix/file.h"
#include "asyncfix/options.h"
#include "asyncfix/sink.h"

/* what the core needs to know of a rule */
enum {
    AF_RULE_NEEDS_PROJECT = 1 << 0,   /* reads file->project: pass 1 runs when such a rule is on */
    AF_RULE_ALWAYS_ON = 1 << 1,       /* runs unless an --ignore names it; --select does not turn it off */
    AF_RULE_SYNTAX = 1 << 2,          /* reports the file's first syntax error (the engine does, before any check) */
    AF_RULE_NEEDS_CALL_GRAPH = 1 << 3,/* reads the chains pass 1 finds (more files walked, project.h summaries) */
    AF_RULE_ADDS_PAUSE = 1 << 4,      /* its fixes add suspension points: the sink reviews them (atomic.h) */
    AF_RULE_OPT_IN = 1 << 5,          /* not in the default selection: runs only when a --select (or `select`) names it */
};

/* whether the rule's findings come with a fix */
enum af_fix_availability { AF_FIX_SOMETIMES, AF_FIX_ALWAYS, AF_FIX_NEVER };

struct af_rule {
    const char *code;          /* "AF101" */
    const char *name;          /* "blocking-sleep" */
    const char *summary;       /* one line, for --list-rules */
    const char *explanation;   /* --explain: the only copy of the rule's doc */
    void (*check)(struct af_file *file, struct af_sink *sink);
    unsigned flags;            /* AF_RULE_* */
    enum af_fix_availability fix;
    const struct af_settings *settings;   /* the family's own options, or NULL */
};

/* every rule, in code order: X(id) for the descriptor af_rule_<id> */
#define AF_RULES(X) \
    X(af001) \
    X(af101) X(af102) X(af103) X(af104) X(af105) X(af106) \
    X(af201) X(af202) X(af203) X(af204) X(af205) \
    X(af301) X(af302) \
    X(af401) X(af402) X(af403) X(af404) \
    X(af501) X(af502) X(af503)

#define AF_RULE_DECLARE(id) extern const struct af_rule af_rule_##id;
AF_RULES(AF_RULE_DECLARE)
#undef AF_RULE_DECLARE

/* the table: AF_RULES's descriptors in order, then NULL */
extern const struct af_rule *const af_rules[];

/* the rule of `code` ("AF101") or `name` ("blocking-sleep"), or NULL */
const struct af_rule *af_rule_find(const char *code_or_name);

/* --list-rules: one line per rule, code, name and summary ("opt-in" marks a rule outside the default selection) */
void af_rules_print(FILE *out);
/* --explain: the rule's explanation, found by code or name; AF_ENOTFOUND (af_error_last) when none */
int af_rule_explain(FILE *out, const char *code_or_name);

#endif
