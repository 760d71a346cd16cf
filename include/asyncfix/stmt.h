/*
 * stmt.h - questions about statements and their lines: the statement around
 * a node, its neighbours in the block, where it stands on its lines and its
 * indentation. Nothing here edits; the edits built on these are in rewrite.h.
 */
#ifndef ASYNCFIX_STMT_H
#define ASYNCFIX_STMT_H

#include "asyncfix/file.h"

/* the statement holding `node` whose parent is a block or the module */
TSNode af_stmt_of(TSNode node);

/*
 * The statement of `block` that holds `node` (`node` itself when it is one),
 * or a null node when `node` is not under `block`. A binary search in the
 * block's statements (af_sem_block_stmts), not a walk up.
 */
TSNode af_stmt_in_block(const struct af_file *file, TSNode node, TSNode block);

/* the statement before `stmt` in its block, comments skipped, or a null node */
TSNode af_stmt_prev(TSNode stmt);

/* the statement after `stmt` in its block, comments skipped, or a null node */
TSNode af_stmt_next(TSNode stmt);

/* true when only spaces/tabs stand between the start of its line and `byte` */
bool af_stmt_starts_line(const struct af_file *file, uint32_t byte);

/* true when nothing but spaces, tabs or a comment follows `byte` on its line */
bool af_stmt_ends_line(const struct af_file *file, uint32_t byte);

/*
 * True when `stmt` stands alone on its lines: it starts its first line and
 * nothing but spaces/tabs follows it on its last (a comment after it counts
 * as something).
 */
bool af_stmt_alone_on_lines(const struct af_file *file, TSNode stmt);

/* the whitespace before the first token of the line holding `byte` */
void af_stmt_indent(const struct af_file *file, uint32_t byte, const char **indent, uint32_t *len);

/*
 * The file's indentation unit as used at `stmt` (a statement in a block):
 * its indentation minus that of the statement owning the block ("    ", "\t").
 */
void af_stmt_indent_unit(struct af_buf *out, const struct af_file *file, TSNode stmt);

#endif
