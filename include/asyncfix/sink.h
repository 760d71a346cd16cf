/*
 * sink.h - where a rule's check reports its findings. The sink drops what
 * `# noqa` excludes and a fix that is empty or inconsistent; the engine reads
 * the findings after the check and disposes the sink.
 */
#ifndef ASYNCFIX_SINK_H
#define ASYNCFIX_SINK_H

#include <tree_sitter/api.h>

#include "asyncfix/atomic.h"
#include "asyncfix/edit.h"
#include "asyncfix/file.h"

struct af_rule;

/*
 * A place a finding points to besides its own: one step of a chain of calls
 * (AF106), in this file or another.
 */
struct af_related {
    char *path;                /* owned; NULL: the finding's own file */
    uint32_t byte;             /* in the finding's own file (path NULL) */
    uint32_t line, column;     /* 1-based, column in code points (path set) */
    char *text;                /* owned: what happens there, one line */
};

struct af_finding {
    const struct af_rule *rule;
    uint32_t start, end;       /* bytes */
    char *message;             /* owned */
    struct af_fix *fix;        /* owned, may be NULL */
    struct af_related *related;   /* owned, in order (a chain: first step first) */
    size_t nrelated;
};

struct af_sink {
    const struct af_file *file;
    const struct af_rule *rule;   /* the rule whose check runs now */
    struct af_finding *items;
    size_t n, cap;
    bool last_kept;               /* the last af_report was not suppressed */
    uint32_t *refused;            /* project decisions this file cannot carry its part of */
    size_t nrefused;
    struct af_atomic *atomic;     /* the last async function's atomic sections (owned) */
    const struct af_fix *reviewed;/* the last fix reviewed (a shared fix is reported again) */
    char *reviewed_why;           /* why it became unsafe or was dropped, or NULL (owned) */
    bool reviewed_refused;        /* it was dropped: it would deadlock */
    struct af_fix *reviewed_held; /* a reference to it while dropped (owned), or NULL */
};

/*
 * Reports a finding of the running rule over `node`, taking ownership of
 * `fix` (may be NULL). Suppressed findings are dropped (and their fix freed).
 * A fix of a rule flagged AF_RULE_ADDS_PAUSE is reviewed (af_atomic_review):
 * when it splits an atomic section it becomes unsafe, and the finding's
 * message and the fix's say why; when it would deadlock (a pause under a
 * thread's lock) it is dropped, and the finding's message says why.
 */
void af_report(struct af_sink *sink, TSNode node, struct af_fix *fix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* the same over a byte range */
void af_report_range(struct af_sink *sink, uint32_t start, uint32_t end, struct af_fix *fix,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Adds a related location to the finding reported last (nothing when that
 * one was suppressed): in another file at `path` (line and column 1-based,
 * the column in code points) ...
 */
void af_report_related(struct af_sink *sink, const char *path, uint32_t line, uint32_t column,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* ... or in the finding's own file, at `byte` */
void af_report_related_here(struct af_sink *sink, uint32_t byte, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * This file cannot carry its part of the project's decision `decision` (a
 * fix's `decision`): the run applies it in no file (pass 2 found a use the
 * decision did not foresee).
 */
void af_sink_refuse(struct af_sink *sink, uint32_t decision);

void af_sink_dispose(struct af_sink *sink);

#endif
