/*
 * syntax_error.c - AF001 syntax-error (the doc: its explanation below). The
 * engine reports it before any check runs, as the descriptor's flags say.
 */
#include "asyncfix/rule.h"

const struct af_rule af_rule_af001 = {
    "AF001", "syntax-error",
    "the file does not parse or CPython rejects it; it is reported and never fixed",
    "AF001 syntax-error\n\n"
    "The file has a syntax error: tree-sitter found an ERROR or MISSING node, or\n"
    "the parsed file holds what CPython's tokenizer, parser or compiler rejects\n"
    "(a def, class or with without a body, `await`/`async for`/`async with`\n"
    "outside an async def, `await await x`, `return` or `yield` outside a function,\n"
    "a keyword used as a name, Python 2 syntax, a BOM inside a line, brackets\n"
    "nested more than 200 deep, ...). asyncfix reports the first one and leaves\n"
    "the file as it is: a rewrite of code it cannot hold to CPython's rules could\n"
    "not be checked.\n\n"
    "When: tree-sitter's errors and too deep nesting in every file asyncfix parses\n"
    "(one that may hold a finding); CPython's further rules, one walk that costs\n"
    "about a third of a parse, in a file that has something else to report or\n"
    "fix, before any of it is reported or written. A file whose only fault is one\n"
    "of CPython's rules (`await` in a sync def) passes a check: asyncfix is no\n"
    "compiler, and it never rewrites such a file.\n\n"
    "Lone CR line endings (old Mac files) are line breaks, as for CPython: such a\n"
    "file is checked and fixed, and keeps its CRs; one that mixes them with LF\n"
    "line breaks is checked, and its findings are reported without fixes.\n",
    NULL,
    .flags = AF_RULE_ALWAYS_ON | AF_RULE_SYNTAX,
    .fix = AF_FIX_NEVER,
};
