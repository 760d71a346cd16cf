/*
 * worker.h - one thread's reusable state: its tree-sitter parser (a parser
 * belongs to one thread and is reused from file to file).
 */
#ifndef ASYNCFIX_WORKER_H
#define ASYNCFIX_WORKER_H

#include <tree_sitter/api.h>

struct af_worker {
    TSParser *parser;        /* owned, set to the Python grammar; the file's own between file_begin and file_end */
    TSParser *kept;          /* the thread's parser while `parser` is a file's */
    int id;                  /* 0 .. jobs-1 */
};

/* sets up the parser; fails (af_error_last) when the grammar does not load */
int af_worker_init(struct af_worker *w, int id);
void af_worker_dispose(struct af_worker *w);

/*
 * One file's tree-sitter memory (tsalloc.h): from file_begin to file_end,
 * `parser` is a parser of the file's own and it and every tree made comes
 * from the thread's arena, all dropped at file_end. Without the arena
 * (af_tsalloc_install not called) both do nothing.
 */
void af_worker_file_begin(struct af_worker *w);
void af_worker_file_end(struct af_worker *w);

/* the file is done with `tree`: deleted, or left to file_end's arena */
void af_worker_tree_done(struct af_worker *w, TSTree *tree);

#endif
