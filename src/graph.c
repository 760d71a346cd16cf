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
    uint8_t **listed;          /* per file, per call: 0 not asked yet, else 1 + af_blocking_find has its callee */
    uint32_t nneeded;          /* files the arrays cover */
    struct af_strlist unread_paths, unread_names;   /* files that cannot be walked, a name each mentions */
    struct af_strlist asked;           /* callees and modules already wanted ("c:"/"i:" and the name) */
    struct af_hashtab asked_table;     /* hash of an asked string -> its index */
    uint32_t imports_asked;    /* files whose imports were asked (once a file: the answers cannot change) */
    uint8_t **settled;         /* per file, per call: its answer came from its own name (see settled_call) */
    struct af_strlist fresh;           /* the module names of the files new this round */
    struct af_hashtab fresh_table;     /* hash of such a name -> its index */
    const char *tops[8];       /* the names' first parts ("pkg" of "pkg.api"), */
    size_t top_len[8];
    uint32_t ntops;            /* so many (more than 8: not listed) */
    struct af_buf name;        /* the name an unresolved callee comes to (reused) */
    struct call_answer **answers;      /* af_graph_conclude: per file, per call, what it calls (see answer) */
    uint32_t nanswers;         /* files the answers cover */
};

/* what a call is to the chains: the rule of a call that blocks itself, else the def whose body it runs */
struct call_answer {
    bool known;
    const char *code;
    const struct af_summary_scope *target;
    const struct af_file_summary *file;
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
    for (uint32_t i = 0; i < g->nneeded; i++) {
        free(g->needed[i]);
        free(g->listed[i]);
        free(g->settled[i]);
    }
    free(g->settled);
    for (uint32_t i = 0; i < g->nanswers; i++)
        free(g->answers[i]);
    free(g->answers);
    af_strlist_dispose(&g->fresh);
    af_hashtab_dispose(&g->fresh_table);
    free(g->needed);
    free(g->listed);
    af_strlist_dispose(&g->asked);
    af_hashtab_dispose(&g->asked_table);
    af_buf_dispose(&g->name);
    af_strlist_dispose(&g->unread_paths);
    af_strlist_dispose(&g->unread_names);
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

/* notes `module` among the module names of the files new this round */
static void note_fresh(struct af_graph *g, const char *module)
{
    if (!module)
        return;
    af_strlist_add(&g->fresh, module);
    af_hashtab_put(&g->fresh_table, af_hash_bytes(module, strlen(module)), (uint32_t)g->fresh.n - 1);
    size_t n = strcspn(module, ".");
    for (uint32_t k = 0; k < g->ntops && k < 8; k++)
        if (g->top_len[k] == n && !memcmp(g->tops[k], module, n))
            return;
    if (g->ntops < 8) {
        g->tops[g->ntops] = g->fresh.items[g->fresh.n - 1];
        g->top_len[g->ntops] = n;
    }
    g->ntops++;
}

/* true when no module name new this round has the first part of `name` (so none is a prefix of it) */
static bool fresh_top_absent(const struct af_graph *g, const char *name)
{
    if (g->ntops > 8)
        return false;
    size_t n = strcspn(name, ".");
    for (uint32_t k = 0; k < g->ntops; k++)
        if (g->top_len[k] == n && !memcmp(g->tops[k], name, n))
            return false;
    return true;
}

static void grow_needed(struct af_graph *g)
{
    uint32_t n = af_project_nfiles(g->project);
    af_strlist_dispose(&g->fresh);
    af_hashtab_dispose(&g->fresh_table);
    memset(&g->fresh, 0, sizeof(g->fresh));
    memset(&g->fresh_table, 0, sizeof(g->fresh_table));
    g->ntops = 0;
    if (n <= g->nneeded)
        return;
    g->needed = af_realloc(g->needed, n * sizeof(*g->needed));
    g->listed = af_realloc(g->listed, n * sizeof(*g->listed));
    g->settled = af_realloc(g->settled, n * sizeof(*g->settled));
    for (uint32_t i = g->nneeded; i < n; i++) {
        const struct af_file_summary *fs = af_project_file(g->project, i);
        g->needed[i] = af_calloc(fs->nscopes + 1, 1);
        g->listed[i] = af_calloc(fs->ncalls + 1, 1);
        g->settled[i] = af_calloc(fs->ncalls + 1, 1);
        note_fresh(g, fs->module);
        note_fresh(g, fs->other_module);
    }
    g->nneeded = n;
}

/* true when [name, name+len) is the module name of a file new this round */
static bool fresh_module(const struct af_graph *g, const char *name, size_t len, uint32_t hash)
{
    struct af_hashtab_iter it = af_hashtab_find(&g->fresh_table, hash);
    for (uint32_t v; (v = af_hashtab_next(&g->fresh_table, &it)) != AF_HASHTAB_NONE;)
        if (af_streq(name, len, g->fresh.items[v]))
            return true;
    return false;
}

/*
 * True when call k of file f needs no following this round: an earlier
 * round followed it, its answer came from the callee's own name (the def
 * or class of that name, or no module of the project holding it: no step
 * through a module's imports), and no file new since has a module named by
 * the callee or a prefix of it cut at a dot. Only such a module could
 * change that answer (a def or class of that name, its __init__, a longer
 * module holding the name); following the call again would mark nothing
 * new and ask nothing new.
 */
static bool settled_call(const struct af_graph *g, uint32_t f, uint32_t k, const char *callee)
{
    if (!g->settled[f][k])
        return false;
    if (fresh_top_absent(g, callee))
        return true;
    /* the prefixes' hashes in one pass (FNV adds byte by byte) */
    uint32_t hash = AF_HASH_INIT;
    size_t from = 0;
    for (size_t i = 0;; i++) {
        if (callee[i] == '.' || !callee[i]) {
            hash = af_hash_add(hash, callee + from, i - from);
            from = i;
            if (fresh_module(g, callee, i, hash))
                return false;
        }
        if (!callee[i])
            return true;
    }
}

/* adds `what` to `out` unless it was asked before, as a callee (`kind` 'c') or a module ('i') */
static bool ask(struct af_graph *g, char kind, struct af_strlist *out, const char *what)
{
    /* the key is "KIND:WHAT", hashed and compared in its two parts: formatted only when it is new */
    char head[2] = { kind, ':' };
    uint32_t hash = af_hash_add(af_hash_add(AF_HASH_INIT, head, 2), what, strlen(what));
    struct af_hashtab_iter it = af_hashtab_find(&g->asked_table, hash);
    for (uint32_t v; (v = af_hashtab_next(&g->asked_table, &it)) != AF_HASHTAB_NONE;) {
        const char *k = g->asked.items[v];
        if (k[0] == kind && k[1] == ':' && !strcmp(k + 2, what))
            return false;
    }
    size_t len = strlen(what);
    char *key = af_malloc(len + 3);
    key[0] = kind;
    key[1] = ':';
    memcpy(key + 2, what, len + 1);
    af_strlist_add(&g->asked, key);
    af_hashtab_put(&g->asked_table, hash, (uint32_t)g->asked.n - 1);
    af_strlist_add(out, what);
    free(key);
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

/* wants the file that defines `canonical` (a name af_project_canonical gives), unless a builtin */
static void want_name(struct af_graph *g, const char *canonical, struct af_strlist *calls)
{
    if (strncmp(canonical, "builtins.", 9) != 0)
        ask(g, 'c', calls, canonical);
}

/* wants the file that defines `qual`, through what the modules read so far re-export */
static void want_def(struct af_graph *g, const char *qual, struct af_strlist *calls)
{
    af_project_canonical(&g->name, g->project, qual);
    want_name(g, g->name.ptr, calls);
}

/* true when call k of file f names a callee of the blocking table (asked once a run: the rounds repeat it) */
static bool listed_call(struct af_graph *g, uint32_t f, uint32_t k, const struct af_summary_call *c)
{
    if (!g->listed[f][k])
        g->listed[f][k] = 1 + (af_blocking_find(c->callee, strlen(c->callee)) != NULL);
    return g->listed[f][k] == 2;
}

/* the calls of one needed function: the defs they reach marked, the unknown callees wanted */
static bool follow_calls(struct af_graph *g, uint32_t f, uint32_t s, struct af_strlist *calls)
{
    const struct af_file_summary *fs = af_project_file(g->project, f);
    const struct af_summary_scope *sc = &fs->scopes[s];
    bool changed = false;
    for (uint32_t k = 0; k < sc->ncalls; k++) {
        const struct af_summary_call *c = &fs->calls[sc->first_call + k];
        uint32_t at = sc->first_call + k;
        if (!c->callee || (c->flags & AF_CALL_VALUE) || listed_call(g, f, at, c) || settled_call(g, f, at, c->callee))
            continue;
        const struct af_file_summary *tf;
        bool direct;
        const struct af_summary_scope *t = af_project_function_or_name(g->project, c->callee, &tf, &g->name, &direct);
        /* a def's decorators are resolved anew each round */
        g->settled[f][at] = direct && (!t || !t->ndecorators);
        if (!t) {
            want_name(g, g->name.ptr, calls);
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
        /* a module found stays found and one asked stays asked: a file's imports are asked once */
        for (uint32_t k = 0; has_async && f >= g->imports_asked && k < fs->nimports; k++)
            if (!af_project_module(g->project, fs->imports[k], strlen(fs->imports[k])))
                ask(g, 'i', imports, fs->imports[k]);
    }
    g->imports_asked = g->nneeded;
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

/*
 * What call k of file f is to the chains, asked once (blocking_code, then
 * call_target): the project no longer changes once the rounds are over, so
 * the answer holds for every relaxation and for the evidence.
 */
static const struct call_answer *answer(struct af_graph *g, uint32_t f, uint32_t k)
{
    struct call_answer *a = &g->answers[f][k];
    if (!a->known) {
        const struct af_summary_call *c = &af_project_file(g->project, f)->calls[k];
        a->known = true;
        a->code = blocking_code(g, c);
        if (!a->code)
            a->target = call_target(g, c, &a->file);
    }
    return a;
}

/* the distance call k of file f gives its caller: 1 for a blocking call, 1 + the callee's for a chain; 0 for none */
static uint32_t call_distance(struct af_graph *g, uint32_t f, uint32_t k, const struct af_summary_scope **next,
                              const struct af_file_summary **next_file, const char **code)
{
    const struct call_answer *a = answer(g, f, k);
    *next = NULL;
    *code = a->code;
    if (*code)
        return 1;
    const struct af_summary_scope *t = a->target;
    *next_file = a->file;
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
                uint32_t d = call_distance(g, f, sc->first_call + k, &next, &nf, &code);
                if (d && (!sc->blocks || d < sc->blocks)) {
                    sc->blocks = d;
                    changed = true;
                }
            }
            for (uint32_t k = 0; k < sc->ndecorators; k++) {
                const struct af_file_summary *wf;
                const struct af_summary_scope *w = decorator_wrapper(g, sc, k, &wf);
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
        if (call_distance(g, fs->index, sc->first_call + k, &next, &nf, &code) == sc->blocks) {
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

/*
 * Calls that need the running event loop in their own thread: in a worker
 * thread (asyncio.to_thread, trio.to_thread.run_sync) each raises
 * RuntimeError (checked with CPython 3.11 and trio 0.22). Not listed, since
 * they do not fail there: asyncio.Lock, Event, Condition, Semaphore, Queue,
 * TaskGroup (bound to a loop when first used, from 3.10), asyncio.wait_for
 * and asyncio.timeout_at, a loop's own methods (`loop.call_soon`: not
 * thread-safe, but no error), trio.Lock, trio.Event, trio.CancelScope, and
 * the from_thread calls, made for worker threads.
 */
static const char *const loop_bound[] = {
    "asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.create_task", "asyncio.ensure_future",
    "asyncio.Future", "asyncio.current_task", "asyncio.all_tasks", "asyncio.gather", "asyncio.shield",
    "asyncio.as_completed", "asyncio.wrap_future", "asyncio.timeout",
    "trio.current_time", "trio.lowlevel.current_trio_token", "trio.lowlevel.current_task",
    "trio.lowlevel.current_root_task", "trio.lowlevel.current_clock", "trio.lowlevel.current_statistics",
    "trio.lowlevel.spawn_system_task", NULL,
};

/* the first call of sc's own body that needs the running loop in its thread, or NULL */
static const struct af_summary_call *loop_call(const struct af_file_summary *fs, const struct af_summary_scope *sc)
{
    for (uint32_t k = 0; k < sc->ncalls; k++) {
        const struct af_summary_call *c = &fs->calls[sc->first_call + k];
        if (!c->callee || (c->flags & AF_CALL_VALUE))
            continue;
        for (const char *const *l = loop_bound; *l; l++)
            if (!strcmp(*l, c->callee))
                return c;
    }
    return NULL;
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
    g->answers = af_calloc(g->nneeded + 1, sizeof(*g->answers));
    g->nanswers = g->nneeded;
    for (uint32_t f = 0; f < g->nneeded; f++)
        g->answers[f] = af_calloc(af_project_file(g->project, f)->ncalls + 1, sizeof(**g->answers));
    while (relax(g))
        ;
    for (uint32_t f = 0; f < g->nneeded; f++) {
        struct af_file_summary *fs = af_project_file(g->project, f);
        for (uint32_t s = 0; s < fs->nscopes; s++)
            if (fs->scopes[s].blocks) {
                keep_evidence(g, fs, &fs->scopes[s]);
                fs->scopes[s].needs_loop = loop_call(fs, &fs->scopes[s]);
            }
    }
    chain_codes(g);
}

/* ---- the migration (AF106 Fix B) ---- */

struct candidate {
    struct af_file_summary *fs;
    struct af_summary_scope *sc;
    enum af_refusal refusal;
    const char *path;          /* where the refusal shows */
    uint32_t line, column;
    bool in;                   /* still in the migration */
    uint32_t root;             /* union-find: the migration it joins */
};

/* a sync helper calling a candidate: the candidate stays only if the caller does */
struct edge {
    uint32_t caller, callee;   /* candidates */
};

struct migration {
    struct af_graph *g;
    struct candidate *c;
    uint32_t n, cap;
    struct af_hashtab methods;   /* hash of a method candidate's name -> its index */
    uint32_t **index;          /* per file, per scope: candidate + 1, or 0 */
    struct edge *edges;
    uint32_t nedges, ecap;
};

static void refuse(struct candidate *c, enum af_refusal why, const char *path, uint32_t line, uint32_t column)
{
    if (c->refusal)
        return;
    c->refusal = why;
    c->path = path;
    c->line = line;
    c->column = column;
}

static void refuse_at(struct candidate *c, enum af_refusal why, const struct af_file_summary *fs,
                      const struct af_summary_call *site)
{
    refuse(c, why, fs->path, site->line, site->column);
}

static bool is_special(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 4 && name[0] == '_' && name[1] == '_' && name[n - 1] == '_' && name[n - 2] == '_';
}

/* the reasons a helper itself gives: its decorators, its class, its name, its file */
static void own_reasons(struct migration *m, struct candidate *c)
{
    const struct af_summary_scope *sc = c->sc;
    const struct af_file_summary *fs = c->fs;
    for (uint32_t k = 0; k < sc->ndecorators; k++)
        if (strcmp(sc->decorators[k], "builtins.staticmethod") && strcmp(sc->decorators[k], "builtins.classmethod"))
            refuse(c, AF_REFUSAL_DECORATED, fs->path, sc->line, sc->column);
    if (is_special(sc->name))
        refuse(c, AF_REFUSAL_SPECIAL, fs->path, sc->line, sc->column);
    if (!fs->checked)
        refuse(c, AF_REFUSAL_NOT_CHECKED, fs->path, sc->line, sc->column);
    if (fs->skip_file)
        refuse(c, AF_REFUSAL_SUPPRESSED, fs->path, sc->line, sc->column);
    const struct af_summary_scope *cls = sc->parent >= 0 ? &fs->scopes[sc->parent] : NULL;
    if (cls && cls->kind == AF_SUMMARY_CLASS) {
        for (uint32_t k = 0; k < cls->nbases; k++)
            if (!cls->bases[k] || strcmp(cls->bases[k], "builtins.object"))
                refuse(c, AF_REFUSAL_DERIVED, fs->path, cls->line, cls->column);
    }
    if (sc->parent == 0)
        for (uint32_t k = 0; k < fs->nall; k++)
            if (!strcmp(fs->all[k], sc->name))
                refuse(c, AF_REFUSAL_EXPORTED, fs->path, sc->line, sc->column);
    (void)m;
}

static void add_candidates(struct migration *m)
{
    struct af_graph *g = m->g;
    m->index = af_calloc(g->nneeded ? g->nneeded : 1, sizeof(*m->index));
    for (uint32_t f = 0; f < g->nneeded; f++) {
        struct af_file_summary *fs = af_project_file(g->project, f);
        m->index[f] = af_calloc(fs->nscopes + 1, sizeof(**m->index));
        for (uint32_t s = 0; s < fs->nscopes; s++) {
            if (!fs->scopes[s].blocks || !g->needed[f][s])
                continue;
            AF_ARRAY_GROW(m->c, m->n, m->cap);
            m->c[m->n] = (struct candidate){ fs, &fs->scopes[s], AF_REFUSAL_NONE, NULL, 0, 0, true, m->n };
            own_reasons(m, &m->c[m->n]);
            m->index[f][s] = ++m->n;
        }
    }
}

/* the candidate a scope is, or NULL */
static struct candidate *candidate_of(struct migration *m, const struct af_file_summary *fs,
                                      const struct af_summary_scope *sc)
{
    if (!fs || fs->index >= m->g->nneeded)
        return NULL;
    uint32_t k = m->index[fs->index][sc - fs->scopes];
    return k ? &m->c[k - 1] : NULL;
}

/* classes of the project that a class derives from: their methods are refused */
static void subclassed(struct migration *m)
{
    for (uint32_t f = 0; f < m->g->nneeded; f++) {
        const struct af_file_summary *fs = af_project_file(m->g->project, f);
        for (uint32_t s = 0; s < fs->nscopes; s++) {
            const struct af_summary_scope *cls = &fs->scopes[s];
            for (uint32_t k = 0; cls->kind == AF_SUMMARY_CLASS && k < cls->nbases; k++) {
                const struct af_file_summary *bf;
                const struct af_summary_scope *base = cls->bases[k] ? af_project_resolve(m->g->project, cls->bases[k], &bf)
                                                                    : NULL;
                for (uint32_t i = 0; base && i < m->n; i++)
                    if (m->c[i].fs == bf && m->c[i].sc->parent == (int)(base - bf->scopes))
                        refuse(&m->c[i], AF_REFUSAL_SUBCLASSED, fs->path, cls->line, cls->column);
            }
        }
    }
}

/* what one call or use of candidate `c` from file `fs` says */
static void one_site(struct migration *m, struct candidate *c, const struct af_file_summary *fs,
                     const struct af_summary_call *site)
{
    const struct af_summary_scope *caller = &fs->scopes[site->scope];
    if (site->flags & AF_CALL_VALUE)
        refuse_at(c, AF_REFUSAL_VALUE, fs, site);
    else if (!fs->checked)
        refuse_at(c, AF_REFUSAL_NOT_CHECKED, fs, site);
    else if (fs->skip_file || (site->flags & AF_CALL_NOQA))
        refuse_at(c, AF_REFUSAL_SUPPRESSED, fs, site);
    else if (site->flags & AF_CALL_IN_COMPREHENSION)
        refuse_at(c, AF_REFUSAL_COMPREHENSION, fs, site);
    else if (site->flags & AF_CALL_AWAITED)
        refuse_at(c, AF_REFUSAL_AWAITED, fs, site);
    else if (caller->kind != AF_SUMMARY_FUNCTION)
        refuse_at(c, AF_REFUSAL_SYNC_CALLER, fs, site);
    else if (!(caller->facts & AF_PROJECT_ASYNC)) {
        struct candidate *by = candidate_of(m, fs, caller);
        if (!by) {
            refuse_at(c, AF_REFUSAL_SYNC_CALLER, fs, site);
            return;
        }
        AF_ARRAY_GROW(m->edges, m->nedges, m->ecap);
        m->edges[m->nedges++] = (struct edge){ (uint32_t)(by - m->c), (uint32_t)(c - m->c) };
    }
}

static void index_methods(struct migration *m)
{
    for (uint32_t i = 0; i < m->n; i++) {
        const struct candidate *c = &m->c[i];
        if (c->sc->parent >= 0 && c->fs->scopes[c->sc->parent].kind == AF_SUMMARY_CLASS)
            af_hashtab_put(&m->methods, af_hash_bytes(c->sc->name, strlen(c->sc->name)), i);
    }
}

/* a call `x.name(...)` on an object of unknown type: every method candidate of that name is refused */
static void unknown_receiver(struct migration *m, const struct af_file_summary *fs, const struct af_summary_call *site)
{
    const char *dot = strrchr(site->text, '.');
    if (site->callee || !dot)
        return;
    struct af_hashtab_iter it = af_hashtab_find(&m->methods, af_hash_bytes(dot + 1, strlen(dot + 1)));
    for (uint32_t v; (v = af_hashtab_next(&m->methods, &it)) != AF_HASHTAB_NONE;)
        if (!strcmp(dot + 1, m->c[v].sc->name))
            refuse_at(&m->c[v], AF_REFUSAL_UNKNOWN_RECEIVER, fs, site);
}

static void sites(struct migration *m)
{
    for (uint32_t f = 0; f < m->g->nneeded; f++) {
        const struct af_file_summary *fs = af_project_file(m->g->project, f);
        for (uint32_t k = 0; k < fs->ncalls; k++) {
            const struct af_summary_call *site = &fs->calls[k];
            const struct af_file_summary *tf;
            const struct af_summary_scope *t = site->callee ? af_project_function(m->g->project, site->callee, &tf) : NULL;
            struct candidate *c = t ? candidate_of(m, tf, t) : NULL;
            if (c)
                one_site(m, c, fs, site);
            else
                unknown_receiver(m, fs, site);
        }
    }
}

/* drops the candidates a refused caller calls, until none is left to drop */
static void close_over_callers(struct migration *m)
{
    for (uint32_t i = 0; i < m->n; i++)
        m->c[i].in = !m->c[i].refusal;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t e = 0; e < m->nedges; e++) {
            struct candidate *by = &m->c[m->edges[e].caller], *to = &m->c[m->edges[e].callee];
            if (to->in && !by->in) {
                to->in = false;
                refuse(to, AF_REFUSAL_SYNC_CALLER, by->fs->path, by->sc->line, by->sc->column);
                changed = true;
            }
        }
    }
}

static uint32_t find_root(struct migration *m, uint32_t i)
{
    while (m->c[i].root != i)
        i = m->c[i].root = m->c[m->c[i].root].root;
    return i;
}

static void add_part(struct af_file_summary *fs, uint32_t id)
{
    for (uint32_t k = 0; k < fs->nmigrations; k++)
        if (fs->migrations[k] == id)
            return;
    fs->migrations = af_realloc(fs->migrations, (fs->nmigrations + 1) * sizeof(*fs->migrations));
    fs->migrations[fs->nmigrations++] = id;
}

/* numbers each group of helpers that call each other, and notes every file holding a part of one */
static void number(struct migration *m)
{
    for (uint32_t e = 0; e < m->nedges; e++) {
        uint32_t a = m->edges[e].caller, b = m->edges[e].callee;
        if (m->c[a].in && m->c[b].in)
            m->c[find_root(m, a)].root = find_root(m, b);
    }
    for (uint32_t i = 0; i < m->n; i++) {
        struct candidate *c = &m->c[i];
        if (!c->in)
            continue;
        struct candidate *r = &m->c[find_root(m, i)];
        if (!r->sc->migration)
            r->sc->migration = af_project_new_migration(m->g->project);
        c->sc->migration = r->sc->migration;
        add_part(c->fs, c->sc->migration);
    }
    /* the callers' files hold the awaits */
    for (uint32_t f = 0; f < m->g->nneeded; f++) {
        struct af_file_summary *fs = af_project_file(m->g->project, f);
        for (uint32_t k = 0; k < fs->ncalls; k++) {
            const struct af_summary_call *site = &fs->calls[k];
            const struct af_file_summary *tf;
            const struct af_summary_scope *t = site->callee ? af_project_function(m->g->project, site->callee, &tf) : NULL;
            struct candidate *c = t ? candidate_of(m, tf, t) : NULL;
            if (c && c->in)
                add_part(fs, c->sc->migration);
        }
    }
}

void af_graph_candidate_names(struct af_graph *g, struct af_strlist *names)
{
    for (uint32_t f = 0; f < g->nneeded; f++) {
        const struct af_file_summary *fs = af_project_file(g->project, f);
        for (uint32_t s = 0; s < fs->nscopes; s++)
            if (fs->scopes[s].blocks && g->needed[f][s] && fs->scopes[s].name &&
                !af_strlist_contains(names, fs->scopes[s].name))
                af_strlist_add(names, fs->scopes[s].name);
    }
}

void af_graph_unread(struct af_graph *g, const char *path, const char *name)
{
    af_strlist_add(&g->unread_paths, path);
    af_strlist_add(&g->unread_names, name);
}

void af_graph_migrate(struct af_graph *g)
{
    if (!g->calls)
        return;
    grow_needed(g);
    struct migration m = { .g = g };
    add_candidates(&m);
    for (size_t k = 0; k < g->unread_names.n; k++)
        for (uint32_t i = 0; i < m.n; i++)
            if (!strcmp(m.c[i].sc->name, g->unread_names.items[k])) {
                /* the path lives as long as the summaries, not the graph */
                const char *path = g->unread_paths.items[k];
                refuse(&m.c[i], AF_REFUSAL_UNREAD, af_arena_strndup(&m.c[i].fs->arena, path, strlen(path)), 1, 1);
            }
    subclassed(&m);
    index_methods(&m);
    sites(&m);
    close_over_callers(&m);
    number(&m);
    for (uint32_t i = 0; i < m.n; i++) {
        struct candidate *c = &m.c[i];
        c->sc->refusal = c->in ? AF_REFUSAL_NONE : c->refusal;
        c->sc->refused_path = c->in ? NULL : c->path;
        c->sc->refused_line = c->line;
        c->sc->refused_column = c->column;
    }
    for (uint32_t f = 0; f < g->nneeded; f++)
        free(m.index[f]);
    free(m.index);
    free(m.c);
    free(m.edges);
    af_hashtab_dispose(&m.methods);
}
