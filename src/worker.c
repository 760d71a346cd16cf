#include "asyncfix/worker.h"

#include "asyncfix/common.h"
#include "asyncfix/lang.h"

int af_worker_init(struct af_worker *w, int id)
{
    w->id = id;
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
