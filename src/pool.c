#include "asyncfix/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "asyncfix/common.h"

struct pool {
    size_t n;
    af_pool_fn fn;
    void *ctx;
    atomic_size_t next;
    int failed;
};

struct thread_arg {
    struct pool *pool;
    int id;
};

static void *worker_main(void *arg)
{
    struct thread_arg *ta = arg;
    struct pool *p = ta->pool;
    struct af_worker w;
    if (af_worker_init(&w, ta->id) < 0) {
        p->failed = 1;
        return NULL;
    }
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            break;
        p->fn(&w, i, p->ctx);
    }
    af_worker_dispose(&w);
    return NULL;
}

int af_pool_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int af_pool_run(size_t n, int jobs, af_pool_fn fn, void *ctx)
{
    struct pool p = { n, fn, ctx, 0, 0 };
    if (jobs <= 0)
        jobs = af_pool_cores();
    if ((size_t)jobs > n)
        jobs = n ? (int)n : 1;
    if (jobs == 1) {
        struct thread_arg ta = { &p, 0 };
        worker_main(&ta);
        return p.failed ? AF_ERROR : 0;
    }
    pthread_t *threads = af_calloc((size_t)jobs, sizeof(*threads));
    struct thread_arg *args = af_calloc((size_t)jobs, sizeof(*args));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 16 << 20);
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        args[i].pool = &p;
        args[i].id = i;
        if (pthread_create(&threads[i], &attr, worker_main, &args[i]) != 0)
            break;
        started++;
    }
    pthread_attr_destroy(&attr);
    if (!started) {
        struct thread_arg ta = { &p, 0 };
        worker_main(&ta);
    }
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(args);
    if (p.failed) {
        af_error_set("a worker thread could not start its parser");
        return AF_ERROR;
    }
    return 0;
}
