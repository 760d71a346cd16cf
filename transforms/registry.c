/*
 * registry.c - the table of rules, built from AF_RULES (rule.h). A new rule
 * adds its line there, its descriptor and check in transforms/<family>.c and
 * its golden/<CODE>/ folder, nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "asyncfix/rule.h"

#define AF_RULE_ROW(id) &af_rule_##id,
const struct af_rule *const af_rules[] = {
    AF_RULES(AF_RULE_ROW)
    NULL,
};
#undef AF_RULE_ROW

const struct af_rule *af_rule_find(const char *code_or_name)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        if (strcmp((*r)->code, code_or_name) == 0)
            return *r;
    for (const struct af_rule *const *r = af_rules; *r; r++)
        if (strcmp((*r)->name, code_or_name) == 0)
            return *r;
    return NULL;
}

void af_rules_print(FILE *out)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        fprintf(out, "%-6s %-30s %s%s\n", (*r)->code, (*r)->name, (*r)->summary,
                ((*r)->flags & AF_RULE_OPT_IN) ? " (opt-in: --select it)" : "");
}

int af_rule_explain(FILE *out, const char *code_or_name)
{
    const struct af_rule *r = af_rule_find(code_or_name);
    if (!r) {
        af_error_set("unknown rule '%s' (see --list-rules)", code_or_name);
        return AF_ENOTFOUND;
    }
    fputs(r->explanation, out);
    return 0;
}
