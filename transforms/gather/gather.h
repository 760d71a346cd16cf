/*
 * gather.h - the parts of AF301 sequential-awaits and AF302 await-in-loop
 * and what they share:
 *
 *   calls.c    what an awaited call reads, its receivers, the calls never
 *              gathered, and what the statements around it say
 *   run.c      AF301: runs of independent awaits in one block
 *   loop.c     AF302: an await per loop iteration
 *
 * Everything here is internal to the two rules; their doc is their
 * --explain text (the descriptors in run.c and loop.c).
 */
#ifndef ASYNCFIX_TRANSFORMS_GATHER_H
#define ASYNCFIX_TRANSFORMS_GATHER_H

#include "asyncfix/lang.h"
#include "asyncfix/rewrite.h"
#include "asyncfix/rule.h"

struct span {
    const char *s;
    uint32_t len;
};

struct spans {
    struct span *items;
    uint32_t n, cap;
};

/* an identifier read by a call; `attr` set when it is the object of `obj.attr` (not a callee) */
struct read {
    struct span name;
    struct span attr;
};

/*
 * What a call may do that another call could see (effects.c): keys of
 * paths ("*" any path) and module-level names, read and written.
 */
struct effects {
    bool ordered;                 /* waits for input or sends a message, maybe through a callee */
    bool opaque;                  /* calls a project coroutine whose body is not seen: may do anything */
    struct spans files_read, files_written;
    struct spans globals_read, globals_written;
    struct spans captured;        /* names of the enclosing function a nested callee (a closure) uses */
};

/* the effects of this file's functions, each worked out once per check (zero-initialised) */
struct summaries {
    struct summary {
        uint32_t start;           /* the def's first byte */
        struct effects fx;
    } *items;
    uint32_t n, cap;
};

struct await_stmt {
    TSNode stmt;
    TSNode call;
    TSNode target;            /* identifier, attribute or null */
    struct span tname;        /* identifier target, or the object of an attribute target */
    struct span tattr;        /* attribute target: the attribute name */
    struct read *reads;
    uint32_t nreads, rcap;
    struct spans receivers;
    struct spans walrus;
    struct spans objects;     /* arguments (names, attribute chains) that may be objects with state */
    struct spans values;      /* arguments that hold plain values (ids, literals, string texts) */
    struct effects fx;
    bool changes;             /* the callee is not named like a read (get_*, fetch_*, is_*): it may change something */
};

enum context { CTX_OK, CTX_LOCKED, CTX_TRY };

bool gather_span_eq(struct span a, struct span b);

struct span gather_node_span(const struct af_file *file, TSNode node);

void gather_spans_add(struct spans *l, struct span sp);

bool gather_spans_has(const struct spans *l, struct span sp);

void gather_stmt_dispose(struct await_stmt *st);

/* the callee's last name: `f` for `f(...)`, `get` for `q.get(...)` */
struct span gather_callee_name(const struct af_file *file, TSNode call);

bool gather_contains_ci(struct span sp, const char *word);

/* why a callee is never gathered, by its name */
enum refusal {
    REFUSE_NONE,
    REFUSE_PACE,       /* sleeping, locking, gather */
    REFUSE_WAIT,       /* waiting for input, an event, a queue or a stream */
    REFUSE_MESSAGE,    /* sending, editing or deleting a message: its order is what the user sees */
    REFUSE_STEP,       /* a protocol or set-up step: its order is the protocol (connect, login, init) */
};

enum refusal gather_refusal(struct span name);

/*
 * True when `name` says the call only reads (`get_user`, `fetch_*`,
 * `is_owner`, `load_*`, `count`, ...): two calls that may change something
 * keep their order (copy then clear, save then record the version, an action
 * then the state that follows it: the second presumes the first succeeded).
 */
bool gather_reads_by_name(struct span name);

/* sleeping, locking, waiting, queue methods, messages, steps, gather: never run together */
bool gather_refused_callee(struct span name);

/* true when `expr` is a module bound by a plain `import` statement (or an attribute of one) */
bool gather_is_module_ref(const struct af_file *file, TSNode expr, int scope);

/*
 * Collects what `st->call` reads, the receivers of every call in it and its
 * walrus targets. Returns false when the call must never be gathered (a
 * refused callee anywhere in it, or a nested await).
 */
bool gather_collect_call(struct await_stmt *st, struct summaries *cache, const struct af_file *file, int scope);

/* effects.c: adds what `call` at `scope` does (through its callee's body when this file defines it) */
void gather_effects_add_call(struct effects *fx, struct summaries *cache, const struct af_file *file, TSNode call,
                             int scope);
/* adds what naming `name` (an identifier) brings: a module-level variable read, a callback of this file */
void gather_effects_add_name(struct effects *fx, struct summaries *cache, const struct af_file *file, TSNode name,
                             int scope);
/* true when one of the two writes what the other reads or writes, or either is opaque */
bool gather_effects_conflict(const struct effects *a, const struct effects *b);
/* true when it writes a file or a module-level name, or is opaque */
bool gather_effects_writes(const struct effects *fx);
void gather_effects_dispose(struct effects *fx);
void gather_summaries_dispose(struct summaries *cache);
/*
 * True when the argument `expr` (a name or attribute chain) may be handed
 * to two calls at once: a plain value (an id, a literal, a str/int
 * parameter) or an HTTP client made for concurrent requests.
 */
bool gather_value_like(const struct af_file *file, TSNode expr, int scope);

/* `await call(...)` as an expression: the call, or a null node */
TSNode gather_awaited_call(TSNode expr);

/* what the statements enclosing `node` up to its function say about running it concurrently */
enum context gather_enclosing(const struct af_file *file, TSNode node);

bool gather_is_trio_like(const struct af_file *file);

/* true when only spaces, tabs and line ends lie in [s, e) */
bool gather_only_space(const char *d, uint32_t s, uint32_t e);


#endif
