/*
 * registry.c - the table of rules. A new rule adds its row here, its own
 * transforms/<family>.c and its golden/<CODE>/ folder, nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "asyncfix/rule.h"

extern const struct af_rule af_rule_af001;
extern const struct af_rule af_rule_af101;
extern const struct af_rule af_rule_af102;
extern const struct af_rule af_rule_af103;
extern const struct af_rule af_rule_af104;
extern const struct af_rule af_rule_af105;
extern const struct af_rule af_rule_af201;
extern const struct af_rule af_rule_af202;
extern const struct af_rule af_rule_af203;
extern const struct af_rule af_rule_af204;
extern const struct af_rule af_rule_af301;
extern const struct af_rule af_rule_af302;
extern const struct af_rule af_rule_af401;
extern const struct af_rule af_rule_af402;
extern const struct af_rule af_rule_af403;
extern const struct af_rule af_rule_af501;
extern const struct af_rule af_rule_af502;
extern const struct af_rule af_rule_af503;

const struct af_rule af_rule_af001 = {
    "AF001", "syntax-error",
    "the file does not parse; it is reported and never fixed",
    "AF001 syntax-error\n\n"
    "The file has a syntax error (tree-sitter found an ERROR or MISSING node).\n"
    "asyncfix reports the first one and leaves the file as it is: a rewrite of\n"
    "code it cannot parse could not be checked.\n",
    NULL,
};

const struct af_rule *const af_rules[] = {
    &af_rule_af001,
    &af_rule_af101,
    &af_rule_af102,
    &af_rule_af103,
    &af_rule_af104,
    &af_rule_af105,
    &af_rule_af201,
    &af_rule_af202,
    &af_rule_af203,
    &af_rule_af204,
    &af_rule_af301,
    &af_rule_af302,
    &af_rule_af401,
    &af_rule_af402,
    &af_rule_af403,
    &af_rule_af501,
    &af_rule_af502,
    &af_rule_af503,
    NULL,
};

const struct af_rule *af_rule_find(const char *code)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        if (strcmp((*r)->code, code) == 0)
            return *r;
    return NULL;
}

void af_rules_print(FILE *out)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        fprintf(out, "%-6s %-30s %s\n", (*r)->code, (*r)->name, (*r)->summary);
}

int af_rule_explain(FILE *out, const char *code_or_name)
{
    const struct af_rule *r = af_rule_find(code_or_name);
    for (const struct af_rule *const *p = af_rules; *p && !r; p++)
        if (!strcmp((*p)->name, code_or_name))
            r = *p;
    if (!r) {
        af_error_set("unknown rule '%s' (see --list-rules)", code_or_name);
        return AF_ENOTFOUND;
    }
    fputs(r->explanation, out);
    return 0;
}
