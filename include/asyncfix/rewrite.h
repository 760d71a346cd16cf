/*
 * rewrite.h - the building blocks fixes share: re-indenting lines (the
 * file's own unit, tabs kept), wrapping statements in a new block
 * (`async with ...:`), deleting a statement's lines, awaiting a call,
 * running a call in a thread. The questions they ask about statements and
 * lines are in stmt.h.
 */
#ifndef ASYNCFIX_REWRITE_H
#define ASYNCFIX_REWRITE_H

#include "asyncfix/edit.h"
#include "asyncfix/file.h"
#include "asyncfix/stmt.h"

/*
 * The indentation `ind` (`ilen` bytes) made one `unit` deeper, into `out`:
 * the unit's leading tabs go before it and the rest (spaces) after it. So
 * every line moves by the same number of columns under CPython's rules, both
 * with a tab to the next multiple of 8 and with a tab as one column; spaces
 * put before a tab would vanish into its tab stop (`        \t` and
 * `            \t` are the same column 16), and CPython rejects the mix. A unit
 * with a space before a tab goes before the indentation whole.
 */
void af_rewrite_deeper(struct af_buf *out, const char *ind, uint32_t ilen, const char *unit);

/*
 * Makes lines first_line..last_line (0-based) of the source one `unit`
 * deeper (af_rewrite_deeper), except blank lines and lines inside strings
 * that span lines.
 */
void af_rewrite_indent_lines(struct af_fix *fix, const struct af_file *file, uint32_t first_line,
                             uint32_t last_line, const char *prefix);

/* adds the edit deleting the line(s) of `stmt`, line ending included */
void af_rewrite_delete_lines(struct af_fix *fix, const struct af_file *file, TSNode stmt);

/*
 * Adds to `fix` the edits that put statements first..last (siblings in one
 * block, `first` starting its line, `last` ending its line) under a new
 * compound header `header` (without the colon): "<header>:" at first's
 * indentation, the statements one unit deeper. Lines inside strings that span
 * lines and blank lines are left as they are. AF_EINVALID when the statements
 * share a line with others.
 */
int af_rewrite_wrap(struct af_fix *fix, const struct af_file *file, TSNode first, TSNode last,
                    const char *header);

/*
 * Like af_rewrite_wrap, but statement `first` itself becomes the header:
 * its text is replaced by "<header>:" (a comment after it stays on the
 * header's line) and the statements after it, up to and including `last`,
 * go one unit deeper (comments and blank lines between them move along;
 * lines inside strings that span lines are left as they are). `first` must
 * start and end its line(s), `last` must end its line and lie on a later
 * line than `first`; otherwise AF_EINVALID.
 */
int af_rewrite_wrap_replacing(struct af_fix *fix, const struct af_file *file, TSNode first,
                              TSNode last, const char *header);

/* adds the edits that turn `call` into `await call` (parenthesised when af_node_await_needs_parens) */
void af_rewrite_await(struct af_fix *fix, const struct af_file *file, TSNode call);

/*
 * Replaces `call` with a call of the same callee and arguments in a worker
 * thread, awaited: `await asyncio.to_thread(f, a, k=v)`; below py39
 * `await asyncio.get_running_loop().run_in_executor(None, functools.partial(f, a, k=v))`;
 * in a trio/anyio module `await trio.to_thread.run_sync(functools.partial(...))`.
 * `callee` overrides the callee's text (NULL: as written). Imports are
 * recorded on the fix. AF_ENOTFOUND when a needed module name is taken, or
 * which loop runs the file is not known (af_sem_loop_unknown).
 */
int af_rewrite_to_thread(struct af_fix *fix, const struct af_file *file, TSNode call, int scope,
                         const char *callee);

/*
 * The text af_rewrite_to_thread writes, for a callee and arguments given as
 * text (`args` as between parentheses, may be empty), appended to `out`
 * without surrounding parentheses: `await asyncio.to_thread(callee, args)` or
 * its py38 / trio / anyio form. Imports are recorded on the fix.
 * AF_ENOTFOUND when a needed module name is taken, or which loop runs the
 * file is not known (semantic.h: framework_mixed). `at`: a byte of the code
 * replaced (an import in a def counts only before it: af_sem_module_alias).
 */
int af_rewrite_to_thread_text(struct af_buf *out, struct af_fix *fix, const struct af_file *file,
                              int scope, uint32_t at, const char *callee, const char *args, uint32_t alen);

/* why af_rewrite_to_thread(_text) found no text (AF_ENOTFOUND) in this file, for a finding's "no fix:" */
const char *af_rewrite_to_thread_why(const struct af_file *file);

#endif
