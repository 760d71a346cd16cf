/*
 * graph.c - pass 1's call graph (graph.h).
 *
 * A function is followed when an async def reaches it: the async defs
 * first, then every sync def one of them calls directly (not inside a lambda
 * or a nested def it never calls), and so on. A call continues a chain when
 * calling runs the callee's body: a plain sync def, not a generator, without
 * a decorator that may do otherwise (lru_cache, cache, wraps, staticmethod,
 * classmethod, abstractmethod and override are transparent; a decorator of
 * the project that wraps its argument with functools.wraps adds its wrapper
 * to the chain), not awaited, not declared assume-non-blocking. The chains
 * are the shortest: distances relaxed until nothing changes (cycles end
 * there), then each function's first call in source order that achieves its
 * distance is kept, so that the evidence does not depend on any order but
 * the source's.
 */
#include "asyncfix/graph.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/blocking.h"

struct af_graph {
    struct af_project *project;
    const struct af_options *opts;
    bool calls;                /* the calls are followed */
    uint8_t **needed;          /* per file, per scope: an async def reaches it */
    uint32_t nneeded;          /* files the arrays cover */
    struct af_strlist asked_calls;     /* qualified callees already wanted */
    struct af_strlist asked_imports;   /* modules already wanted */
};

struct af_graph *af_graph_new(struct af_project *project, const struct af_options *opts, bool calls)
{
    struct af_graph *g = af_calloc(1, sizeof(*g));
    g->project = project;
    g->opts = opts;
    g->calls = calls;
    return g;
}

void af_graph_free(struct af_graph *g)
{
    if (!g)
        return;
    for (uint32_t i = 0; i < g->nneeded; i++)
        free(g->needed[i]);
    free(g->needed);
    af_strlist_dispose(&g->asked_calls);
    af_strlist_dispose(&g->asked_imports);
    free(g);
}

static const char *const transparent[] = {
    "functools.lru_cache", "functools.cache", "functools.wraps", "builtins.staticmethod",
    "builtins.classmethod", "abc.abstractmethod", "typing.override", "typing_extensions.override", NULL,
};

static bool is_transparent(const char *decorator)
{
    for (const char *const *t = transparent; *t; t++)
        if (!strcmp(*t, decorator))
            return true;
    return false;
}

/*
 * True when calling `sc` runs its body: a plain sync def (its decorators
 * transparent, or project decorators that wrap it) not declared
 * non-blocking.
 */
static bool runs_body(const struct af_graph *g, const struct af_summary_scope *sc)
{
    if (!sc || sc->kind != AF_SUMMARY_FUNCTION || !(sc->facts & AF_PROJECT_SYNC) ||
        (sc->facts & (AF_PROJECT_ASYNC | AF_PROJECT_GENERATOR | AF_PROJECT_OVERLOAD)) ||
        af_blocking_assumed_not(g->opts, sc->qualname))
        return false;
    for (uint32_t k = 0; k < sc->ndecorators; k++) {
        if (is_transparent(sc->decorators[k]))
            continue;
        const struct af_summary_scope *d = af_project_resolve(g->project, sc->decorators[k], NULL);
        if (!d || !d->wrapper)
            return false;
    }
    return true;
}

/* the def a call runs the body of, or NULL */
static const struct af_summary_scope *call_target(const struct af_graph *g, const struct af_summary_call *c,
                                                  const struct af_file_summary **file)
{
    if (!c->callee || (c->flags & (AF_CALL_VALUE | AF_CALL_AWAITED)) || af_blocking_assumed_not(g->opts, c->callee))
        return NULL;
    const struct af_summary_scope *sc = af_project_function(g->project, c->callee, file);
    return runs_body(g, sc) ? sc : NULL;
}

/* the rule of a call that blocks by itself (blocking.h), or NULL */
static const char *blocking_code(const struct af_graph *g, const struct af_summary_call *c)
{
    if (!c->callee || (c->flags & (AF_CALL_VALUE | AF_CALL_AWAITED)) || af_blocking_assumed_not(g->opts, c->callee))
        return NULL;
    const struct af_blocking *row = af_blocking_find(c->callee, strlen(c->callee));
    if (row) {
        unsigned args = ((c->flags & AF_CALL_ARG_P_WAIT) ? AF_ARGS_P_WAIT : 0) |
                        ((c->flags & AF_CALL_ARG_ANY) ? AF_ARGS_MODE : 0) |
                        ((c->flags & AF_CALL_ARG_WNOHANG) ? AF_ARGS_WNOHANG : 0);
        return af_blocking_call_waits(row->kind, args) ? row->code : NULL;
    }
    return af_blocking_declared(g->opts, c->callee) ? "AF105" : NULL;
}

/* the wrapper a project decorator of `sc` adds in front of its body, for each such decorator */
static const struct af_summary_scope *decorator_wrapper(const struct af_graph *g, const struct af_summary_scope *sc,
                                                        uint32_t k, const struct af_file_summary **file)
{
    if (is_transparent(sc->decorators[k]))
        return NULL;
    const struct af_summary_scope *d = af_project_resolve(g->project, sc->decorators[k], NULL);
    if (!d || !d->wrapper)
        return NULL;
    const struct af_summary_scope *wsc = af_project_function(g->project, d->wrapper, file);
    return runs_body(g, wsc) ? wsc : NULL;
}

/* ---- which functions the async defs reach ---- */

static void grow_needed(struct af_graph *g)
{
    uint32_t n = af_project_nfiles(g->project);
    if (n <= g->nneeded)
        return;
    g->needed = af_realloc(g->needed, n * sizeof(*g->needed));
    for (uint32_t i = g->nneeded; i < n; i++)
        g->needed[i] = af_calloc(af_project_file(g->project, i)->nscopes + 1, 1);
    g->nneeded = n;
}

static bool ask(struct af_strlist *asked, struct af_strlist *out, const char *what)
{
    if (af_strlist_contains(asked, what))
        return false;
    af_strlist_add(asked, what);
    af_strlist_add(out, what);
    return true;
}

/* marks `sc` of file `f` needed; true when it was not */
static bool mark(struct af_graph *g, uint32_t f, const struct af_summary_scope *sc)
{
    const struct af_file_summary *fs = af_project_file(g->project, f);
    uint32_t s = (uint32_t)(sc - fs->scopes);
    if (g->needed[f][s])
        return false;
    g->needed[f][s] = 1;
    return true;
}

/* wants the file that defines `qual`, through what the modules read so far re-export */
static void want_def(struct af_graph *g, const char *qual, struct af_strlist *calls)
{
    struct af_buf canonical = AF_BUF_INIT;
    af_project_canonical(&canonical, g->project, qual);
    if (strncmp(canonical.ptr, "builtins.", 9) != 0)
        ask(&g->asked_calls, calls, canonical.ptr);
    af_buf_dispose(&canonical);
}

/* the calls of one needed function: the defs they reach marked, the unknown callees wanted */
static bool follow_calls(struct af_graph *g, uint32_t f, uint32_t s, struct af_strlist *calls)
{
    const struct af_file_summary *fs = af_project_file(g->project, f);
    const struct af_summary_scope *sc = &fs->scopes[s];
    bool changed = false;
    for (uint32_t k = 0; k < sc->ncalls; k++) {
        const struct af_summary_call *c = &fs->calls[sc->first_call + k];
        if (!c->callee || (c->flags & AF_CALL_VALUE) || af_blocking_find(c->callee, strlen(c->callee)))
            continue;
        const struct af_file_summary *tf;
        const struct af_summary_scope *t = af_project_function(g->project, c->callee, &tf);
        if (!t) {
            want_def(g, c->callee, calls);
            continue;
        }
        changed |= mark(g, tf->index, t);
        for (uint32_t d = 0; d < t->ndecorators; d++) {
            const struct af_file_summary *wf;
            const struct af_summary_scope *w = decorator_wrapper(g, t, d, &wf);
            if (w)
                changed |= mark(g, wf->index, w);
            else if (!is_transparent(t->decorators[d]) && !af_project_resolve(g->project, t->decorators[d], NULL))
                want_def(g, t->decorators[d], calls);   /* a project decorator may wrap it */
        }
    }
    return changed;
}

void af_graph_wants(struct af_graph *g, struct af_strlist *calls, struct af_strlist *imports)
{
    grow_needed(g);
    /* every round follows the calls again: a callee not read before may be read now */
    for (uint32_t f = 0; f < g->nneeded; f++) {
        const struct af_file_summary *fs = af_project_file(g->project, f);
        bool has_async = false;
        for (uint32_t s = 0; s < fs->nscopes; s++) {
            if (g->needed[f][s])
                g->needed[f][s] = 1;
            if (fs->scopes[s].kind == AF_SUMMARY_FUNCTION && (fs->scopes[s].facts & AF_PROJECT_ASYNC)) {
                g->needed[f][s] = 1;
                has_async = true;
            }
        }
        for (uint32_t k = 0; has_async && k < fs->nimports; k++)
            if (!af_project_module(g->project, fs->imports[k], strlen(fs->imports[k])))
                ask(&g->asked_imports, imports, fs->imports[k]);
    }
    for (bool changed = g->calls; changed;) {
        changed = false;
        for (uint32_t f = 0; f < g->nneeded; f++)
            for (uint32_t s = 0; s < af_project_file(g->project, f)->nscopes; s++)
                if (g->needed[f][s] == 1) {
                    g->needed[f][s] = 2;   /* its calls followed */
                    changed |= follow_calls(g, f, s, calls);
                }
    }
}

/* ---- the chains ---- */

/* the distance a call gives its caller: 1 for a blocking call, 1 + the callee's for a chain; 0 for none */
static uint32_t call_distance(const struct af_graph *g, const struct af_summary_call *c,
                              const struct af_summary_scope **next, const struct af_file_summary **next_file,
                              const char **code)
{
    *next = NULL;
    *code = blocking_code(g, c);
    if (*code)
        return 1;
    const struct af_summary_scope *t = call_target(g, c, next_file);
    if (!t || !t->blocks)
        return 0;
    *next = t;
    *code = t->blocking_code;
    return t->blocks + 1;
}

/* one round of relaxation over the needed sync functions; true when a distance went down */
static bool relax(struct af_graph *g)
{
    bool changed = false;
    for (uint32_t f = 0; f < g->nneeded; f++) {
        struct af_file_summary *fs = af_project_file(g->project, f);
        for (uint32_t s = 0; s < fs->nscopes; s++) {
            struct af_summary_scope *sc = &fs->scopes[s];
            if (!g->needed[f][s] || !runs_body(g, sc))
                continue;
            for (uint32_t k = 0; k < sc->ncalls; k++) {
                const struct af_summary_scope *next;
                const struct af_file_summary *nf;
                const char *code;
                uint32_t d = call_distance(g, &fs->calls[sc->first_call + k], &next, &nf, &code);
                if (d && (!sc->blocks || d < sc->blocks)) {
                    sc->blocks = d;
                    changed = true;
                }
            }
            for (uint32_t k = 0; k < sc->ndecorators; k++) {
                const struct af_summary_scope *w = decorator_wrapper(g, sc, k, &(const struct af_file_summary *){ 0 });
                if (w && w->blocks && (!sc->blocks || w->blocks + 1 < sc->blocks)) {
                    sc->blocks = w->blocks + 1;
                    changed = true;
                }
            }
        }
    }
    return changed;
}

/* the evidence of a function's distance: its first call (then decorator) in source order achieving it */
static void keep_evidence(struct af_graph *g, struct af_file_summary *fs, struct af_summary_scope *sc)
{
    for (uint32_t k = 0; k < sc->ncalls; k++) {
        const struct af_summary_call *c = &fs->calls[sc->first_call + k];
        const struct af_summary_scope *next;
        const struct af_file_summary *nf = NULL;
        const char *code;
        if (call_distance(g, c, &next, &nf, &code) == sc->blocks) {
            sc->via = c;
            sc->next = next;
            sc->next_file = next ? nf : NULL;
            sc->blocking_code = next ? NULL : code;
            return;
        }
    }
    for (uint32_t k = 0; k < sc->ndecorators; k++) {
        const struct af_file_summary *wf = NULL;
        const struct af_summary_scope *w = decorator_wrapper(g, sc, k, &wf);
        if (w && w->blocks + 1 == sc->blocks) {
            sc->via = NULL;
            sc->next = w;
            sc->next_file = wf;
            return;
        }
    }
}

/* the rule of the blocking call at the end of each chain */
static void chain_codes(struct af_graph *g)
{
    for (uint32_t f = 0; f < g->nneeded; f++) {
        struct af_file_summary *fs = af_project_file(g->project, f);
        for (uint32_t s = 0; s < fs->nscopes; s++) {
            struct af_summary_scope *sc = &fs->scopes[s];
            const struct af_summary_scope *end = sc;
            for (uint32_t n = 0; sc->blocks && end->next && n < sc->blocks; n++)
                end = end->next;
            if (sc->blocks && !end->next)
                sc->blocking_code = end->blocking_code;
        }
    }
}

void af_graph_conclude(struct af_graph *g)
{
    if (!g->calls)
        return;
    grow_needed(g);
    while (relax(g))
        ;
    for (uint32_t f = 0; f < g->nneeded; f++) {
        struct af_file_summary *fs = af_project_file(g->project, f);
        for (uint32_t s = 0; s < fs->nscopes; s++)
            if (fs->scopes[s].blocks)
                keep_evidence(g, fs, &fs->scopes[s]);
    }
    chain_codes(g);
}
