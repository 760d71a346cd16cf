/*
 * syntax_error.c - AF001 syntax-error (the doc: its explanation below). The
 * engine reports it before any check runs, as the descriptor's flags say.
 */
#include "asyncfix/rule.h"

const struct af_rule af_rule_af001 = {
    "AF001", "syntax-error",
    "the file does not parse; it is reported and never fixed",
    "AF001 syntax-error\n\n"
    "The file has a syntax error (tree-sitter found an ERROR or MISSING node).\n"
    "asyncfix reports the first one and leaves the file as it is: a rewrite of\n"
    "code it cannot parse could not be checked.\n",
    NULL,
    .flags = AF_RULE_ALWAYS_ON | AF_RULE_SYNTAX,
    .fix = AF_FIX_NEVER,
};
