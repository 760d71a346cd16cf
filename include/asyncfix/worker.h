/*
 * worker.h - one thread's reusable state: its tree-sitter parser (a parser
 * belongs to one thread and is reused from file to file).
 */
#ifndef ASYNCFIX_WORKER_H
#define ASYNCFIX_WORKER_H

#include <tree_sitter/api.h>

struct af_worker {
    TSParser *parser;        /* owned, set to the Python grammar */
    int id;                  /* 0 .. jobs-1 */
};

/* sets up the parser; fails (af_error_last) when the grammar does not load */
int af_worker_init(struct af_worker *w, int id);
void af_worker_dispose(struct af_worker *w);

#endif
