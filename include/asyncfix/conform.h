/*
 * conform.h - what CPython accepts, checked on a tree that tree-sitter-python
 * parsed without an error. tree-sitter's grammar is lenient: it joins lines
 * where no newline is expected, takes a keyword for a name, accepts Python 2
 * statements, empty blocks, any indentation, any string prefix and any
 * placement of `await`, `return`, `yield` or a starred expression. One walk
 * over the tree and its tokens (af_conform_check) finds the first construct
 * that CPython 3.11's tokenizer, parser, symbol table or compiler rejects.
 *
 * The engine runs it on every parsed input (a file that fails is AF001 and
 * never fixed) and on every fixed text (a failure drops the file's fixes).
 *
 * Version: the rules are CPython 3.11's (the oldest grammar a project
 * targeting py39 or later can run on, since a file with `match` or `except*`
 * already needs 3.10/3.11). Syntax that only 3.12 accepts (type aliases and
 * parameters, f-strings reusing their quote, a backslash or comment inside
 * an f-string's expression) is accepted with target_minor >= 12.
 *
 * A `nonlocal x` needs an enclosing function that binds x, as CPython's
 * symbol table finds it (a class body binds nothing for the functions in
 * it, a `global x` on the way hides x), and a scope that neither annotates
 * x, binds it before the declaration nor declares it global. A `global x`
 * (at module level too) needs a scope that neither binds x (an import
 * aside) nor annotates it before the declaration, nor, in a def or class
 * body, annotates it after. Neither may follow a read of x in the same
 * scope: the reads counted are a whitelist of places that surely read x
 * there (`f(x)`, `x.a`, `x[i]`, `a = x`, `return x`, `if x:`, a default
 * value, a decorator, a class base, a comprehension's first iterable, ...),
 * so that no valid file is rejected. Only a file with a `global` or
 * `nonlocal` statement pays for that look over the bodies around it.
 *
 * Not checked (a tree walk cannot see them, or CPython reports them only in
 * rare shapes): a read of x before `global x` or `nonlocal x` that the
 * whitelist leaves out (in an annotation, which `from __future__ import
 * annotations` moves to a scope of its own, a `case` pattern, a tuple,
 * parentheses, an implicit `__class__` of `super()`, ...), more than 20
 * statically nested blocks, `\N{NAME}` escapes (the name is only checked
 * for its characters), identifiers CPython's NFKC normalisation would
 * reject, the patterns of a `case` clause, and identifiers that a coding
 * comment naming a legacy encoding (latin-1, cp1252, ...) would read
 * differently (the encoding's name is checked, not the bytes).
 */
#ifndef ASYNCFIX_CONFORM_H
#define ASYNCFIX_CONFORM_H

#include <tree_sitter/api.h>

#include "asyncfix/common.h"

/* why CPython rejects the code: X(name, message) */
#define AF_CONFORM_REASONS(X) \
    X(ENCODING, "the coding comment names an encoding CPython cannot read this file with") \
    X(INVALID_CHARACTER, "invalid character outside a string or comment") \
    X(CONTINUATION, "unexpected character after line continuation character") \
    X(CONTINUATION_EOF, "unexpected end of file after a line continuation") \
    X(LINE_BREAK, "a line break inside a statement (CPython needs brackets or a backslash there)") \
    X(UNEXPECTED_INDENT, "unexpected indent") \
    X(UNINDENT_MISMATCH, "unindent does not match any outer indentation level") \
    X(BLOCK_INDENT, "the indentation does not match the block structure") \
    X(TAB_ERROR, "inconsistent use of tabs and spaces in indentation") \
    X(EMPTY_BLOCK, "expected an indented block") \
    X(NOT_AT_LINE_START, "this statement or clause must start a line") \
    X(UNTERMINATED_STRING, "unterminated string literal (a line break in a quoted string)") \
    X(STRING_PREFIX, "invalid string prefix") \
    X(BYTES_NON_ASCII, "bytes can only contain ASCII literal characters") \
    X(BAD_ESCAPE, "invalid \\x, \\u, \\U or \\N escape in a string") \
    X(MIXED_BYTES, "cannot mix bytes and nonbytes literals") \
    X(FSTRING_EXPRESSION, "f-string: a backslash, '#' or the f-string's own quote inside an expression " \
                          "(Python 3.12 or later only)") \
    X(FSTRING_CONVERSION, "f-string: invalid conversion character: expected 's', 'r', or 'a'") \
    X(FSTRING_NESTING, "f-string: expressions nested too deeply") \
    X(FSTRING_LAMBDA, "f-string: a lambda must be parenthesized") \
    X(NUMBER, "invalid number literal") \
    X(LEADING_ZEROS, "leading zeros in decimal integer literals are not permitted") \
    X(NUMBER_SUFFIX, "invalid literal: a name right after a number") \
    X(INT_DIGITS, "an integer literal of more than 4300 digits") \
    X(KEYWORD_NAME, "a keyword used as a name") \
    X(PYTHON2, "Python 2 syntax") \
    X(RAISE_FROM, "`raise from` needs an exception before `from`") \
    X(RETURN_OUTSIDE, "'return' outside function") \
    X(YIELD_OUTSIDE, "'yield' outside function") \
    X(YIELD_COMPREHENSION, "'yield' inside a comprehension or generator expression") \
    X(YIELD_ELEMENT, "a `yield` inside a list, set or tuple must be parenthesized") \
    X(YIELD_FROM_ASYNC, "'yield from' inside async function") \
    X(RETURN_ASYNC_GENERATOR, "'return' with value in async generator") \
    X(AWAIT_OUTSIDE_FUNCTION, "'await' outside function") \
    X(AWAIT_OUTSIDE_ASYNC, "'await' outside async function") \
    X(ASYNC_OUTSIDE, "'async for' or 'async with' outside async function") \
    X(ASYNC_COMPREHENSION, "asynchronous comprehension outside of an asynchronous function") \
    X(AWAIT_OPERAND, "`await` takes a name, call, attribute, subscript or literal (parenthesize the rest)") \
    X(BREAK_OUTSIDE, "'break' outside loop") \
    X(CONTINUE_OUTSIDE, "'continue' not properly in loop") \
    X(NONLOCAL_MODULE, "nonlocal declaration not allowed at module level") \
    X(NONLOCAL_NO_BINDING, "no binding for nonlocal name found (no enclosing function binds it)") \
    X(NONLOCAL_GLOBAL, "a name is nonlocal and global") \
    X(NONLOCAL_ANNOTATED, "an annotated name can't be nonlocal") \
    X(NONLOCAL_AFTER_ASSIGN, "a name is assigned to before its nonlocal declaration") \
    X(NONLOCAL_AFTER_USE, "a name is used prior to its nonlocal declaration") \
    X(NONLOCAL_TYPE_PARAMETER, "nonlocal binding not allowed for type parameter") \
    X(GLOBAL_ANNOTATED, "an annotated name can't be global") \
    X(GLOBAL_AFTER_ASSIGN, "a name is assigned to before its global declaration") \
    X(GLOBAL_AFTER_USE, "a name is used prior to its global declaration") \
    X(PARAMETER_GLOBAL, "a name is a parameter and global or nonlocal") \
    X(IMPORT_STAR, "import * only allowed at module level") \
    X(IMPORT_COMMA, "trailing comma not allowed without surrounding parentheses") \
    X(WITH_COMMA, "a trailing comma after the with items needs parentheses around them") \
    X(IMPORT_DOTTED, "a name imported by `from ... import` cannot hold a dot") \
    X(FUTURE_LATE, "from __future__ imports must occur at the beginning of the file") \
    X(FUTURE_UNKNOWN, "future feature is not defined") \
    X(PARAMETER_DUPLICATE, "duplicate argument in function definition") \
    X(PARAMETER_ORDER, "invalid parameter list (order of defaults, *, / and **)") \
    X(PARAMETER_PARENTHESIZED, "parameters cannot be parenthesized") \
    X(PARAMETER_STAR_NAME, "a `*` or `**` parameter must be a plain name") \
    X(ANNOTATION_COLON, "a `:` inside an annotation outside a subscript (only a type parameter takes a bound)") \
    X(ARGUMENT_ORDER, "positional argument follows keyword argument or unpacking") \
    X(ARGUMENT_REPEATED, "keyword argument repeated") \
    X(ARGUMENT_GENERATOR, "generator expression must be parenthesized") \
    X(LONE_COMMA, "a comma with nothing before it (`f(,)`, `{,}`)") \
    X(STARRED_HERE, "can't use starred expression here") \
    X(STARRED_ALONE, "starred assignment target must be in a list or tuple") \
    X(STARRED_MULTIPLE, "multiple starred expressions in assignment") \
    X(TARGET, "cannot assign to this expression") \
    X(DELETE_TARGET, "cannot delete this expression") \
    X(AUGMENTED_TARGET, "illegal expression for augmented assignment") \
    X(ANNOTATED_TARGET, "only a single name, attribute or subscript can be annotated") \
    X(ASSIGNMENT_CHAIN, "invalid chain of assignments") \
    X(DEBUG_ASSIGN, "cannot assign to __debug__") \
    X(WALRUS_PLACE, "an assignment expression must be parenthesized here") \
    X(WALRUS_ITERABLE, "assignment expression cannot be used in a comprehension iterable expression") \
    X(WALRUS_REBIND, "assignment expression cannot rebind comprehension iteration variable") \
    X(EXCEPT_COMMA, "multiple exception types must be parenthesized") \
    X(EXCEPT_NAME, "the name after `except ... as` must be a plain name") \
    X(EXCEPT_ORDER, "default 'except:' must be last, and 'except' and 'except*' cannot be mixed") \
    X(NEEDS_PY312, "this syntax needs Python 3.12 (--target-version py312)")

enum af_conform_reason {
    AF_CONFORM_OK = 0,
#define AF_CONFORM_ENUM(name, message) AF_CONFORM_##name,
    AF_CONFORM_REASONS(AF_CONFORM_ENUM)
#undef AF_CONFORM_ENUM
};

struct af_conform_error {
    enum af_conform_reason reason;
    uint32_t start, end;       /* the bytes it is about */
};

/*
 * Walks the tree `root` of the `len` bytes at `src` (parsed without an
 * ERROR or MISSING node): 0 when CPython accepts it, else AF_EINVALID with
 * the first construct it rejects in *out.
 */
int af_conform_check(struct af_conform_error *out, const char *src, uint32_t len, TSNode root,
                     int target_minor);

/* the reason's message: lowercase, one line */
const char *af_conform_message(enum af_conform_reason reason);

#endif
