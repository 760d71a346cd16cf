/*
 * tsalloc.h - where tree-sitter's memory comes from.
 *
 * Installed (af_tsalloc_install, before any parser exists), every block
 * tree-sitter asks for carries a small header saying whose it is: the heap's,
 * or this thread's arena's. Between af_tsarena_begin and af_tsarena_end a
 * thread's new blocks come from its arena: bump-allocated, freed blocks
 * reused by size, and all of them dropped at once by af_tsarena_end, which
 * is what a file's parser and trees cost instead of one malloc and one free
 * per node, and of the walk ts_tree_delete makes over every node. Not
 * installed (the test programs), both calls do nothing and tree-sitter uses
 * the heap as it does by default.
 *
 * Nothing allocated in an arena may be used after its end: the engine makes
 * the file's parser and trees inside it (af_worker_file_begin) and keeps
 * none of them past the file.
 */
#ifndef ASYNCFIX_TSALLOC_H
#define ASYNCFIX_TSALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* tree-sitter's allocator becomes ours; once, before tree-sitter allocates anything */
void af_tsalloc_install(void);

/* this thread's tree-sitter blocks come from its arena from now on; false when not installed */
bool af_tsarena_begin(void);

/*
 * Every block this thread's arena handed out since af_tsarena_begin is gone;
 * a begin inside another (a file processed within a file) ends with the outer one.
 */
void af_tsarena_end(void);

/* true when a tree is to be deleted even in an arena (ASan builds: a use of a deleted tree is caught) */
bool af_tsarena_deletes_trees(void);

/* the bytes this thread's arena holds now (in use, free for reuse or kept for the next file) */
size_t af_tsarena_bytes(void);

#endif
