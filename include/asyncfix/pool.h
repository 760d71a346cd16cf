/*
 * pool.h - runs a function over items with N worker threads, each with its
 * own af_worker (parser). Items are taken in order from a shared counter.
 */
#ifndef ASYNCFIX_POOL_H
#define ASYNCFIX_POOL_H

#include <stddef.h>

#include "asyncfix/worker.h"

typedef void (*af_pool_fn)(struct af_worker *w, size_t item, void *ctx);

/* calls fn(worker, i, ctx) for i in [0, n) on `jobs` threads (<= 0: all cores) */
int af_pool_run(size_t n, int jobs, af_pool_fn fn, void *ctx);

/* the number of online cores */
int af_pool_cores(void);

#endif
