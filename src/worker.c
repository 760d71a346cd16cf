#include "asyncfix/worker.h"

#include "asyncfix/common.h"
#include "asyncfix/lang.h"
#include "asyncfix/tsalloc.h"

int af_worker_init(struct af_worker *w, int id)
{
    w->id = id;
    w->kept = NULL;
    w->parser = ts_parser_new();
    if (!ts_parser_set_language(w->parser, af_python)) {
        ts_parser_delete(w->parser);
        w->parser = NULL;
        af_error_set("cannot load the python grammar");
        return AF_ERROR;
    }
    return 0;
}

void af_worker_dispose(struct af_worker *w)
{
    if (w->parser)
        ts_parser_delete(w->parser);
    w->parser = NULL;
}

void af_worker_file_begin(struct af_worker *w)
{
    if (w->kept || !af_tsarena_begin())
        return;
    TSParser *own = ts_parser_new();
    if (!ts_parser_set_language(own, af_python)) {
        /* it loaded in af_worker_init: not reached */
        ts_parser_delete(own);
        af_tsarena_end();
        return;
    }
    w->kept = w->parser;
    w->parser = own;
}

void af_worker_file_end(struct af_worker *w)
{
    if (!w->kept)
        return;
    /* the parser is deleted (its external scanner's struct is calloc'd by the grammar), the trees go with the arena */
    ts_parser_delete(w->parser);
    w->parser = w->kept;
    w->kept = NULL;
    af_tsarena_end();
}

void af_worker_tree_done(struct af_worker *w, TSTree *tree)
{
    if (!w->kept || af_tsarena_deletes_trees())
        ts_tree_delete(tree);
}
