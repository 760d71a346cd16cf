/*
 * engine.h - one file through the pipeline: parse, semantic model, rules,
 * fix loop (apply non-overlapping fixes, re-parse, repeat; at most 10
 * passes), verification (the result must parse), and the findings to report.
 * The loop runs in check mode too, so that a check reports exactly what
 * --diff and --write apply.
 */
#ifndef ASYNCFIX_ENGINE_H
#define ASYNCFIX_ENGINE_H

#include <tree_sitter/api.h>

#include "asyncfix/edit.h"
#include "asyncfix/options.h"
#include "asyncfix/source.h"
#include "asyncfix/worker.h"

struct af_project;

#define AF_MAX_PASSES 10
#define AF_REPORT_LINE_MAX 240

struct af_diagnostic_edit {
    uint32_t line, column, end_line, end_column;
    char *content;
};

/* a related location of a finding (a step of a chain), resolved */
struct af_diagnostic_related {
    char *path;                       /* owned: the file's path as the output shows it */
    uint32_t line, column;            /* 1-based; the column in code points */
    char *text;                       /* owned */
};

/*
 * A finding as the output shows it (what a rule reported through af_report as
 * a struct af_finding, resolved): positions as lines and columns, texts owned.
 */
struct af_diagnostic {
    const char *code;
    const char *name;
    uint32_t start;                   /* byte, for sorting */
    uint32_t line, column, end_line, end_column;
    char *message;
    char *source_line;                /* the line the finding starts on (a window of at most
                                       * AF_REPORT_LINE_MAX bytes of a longer line) */
    uint32_t source_column;           /* the column of source_line's first character */
    bool has_fix;
    enum af_applicability applicability;
    char *fix_message;
    struct af_diagnostic_edit *edits;
    size_t nedits;
    struct af_diagnostic_related *related;   /* in order; every output shows them */
    size_t nrelated;
};

struct af_applied {
    const char *code;
    const char *name;
    unsigned count;
};

struct af_result {
    char *path;
    int status;                       /* 0, or negative: `error` says why */
    char *error;                      /* one line, owned */
    char *internal_error;             /* a fix was dropped: names the rule */
    /*
     * Check mode: the findings the fix loop fixes and those left at its end,
     * positioned in the file as read (the loop runs on a copy); else the
     * remaining ones, positioned in the fixed text.
     */
    struct af_diagnostic *reports;
    size_t nreports, reports_cap;
    unsigned fixable;                 /* findings the fix loop fixes, over every pass (every mode) */
    struct af_source original;        /* as read (af_source_bytes: its bytes; data: its text) */
    char *fixed;                      /* the fixed file's bytes, in its own encoding; NULL when unchanged */
    size_t fixed_len;
    struct af_applied *applied;       /* fixes applied, per rule */
    size_t napplied;
    const char **added_imports;       /* modules imported by fixes (static strings; the array owned) */
    size_t nadded, added_cap;
    bool skipped;                     /* prefiltered or `# asyncfix: skip-file` */
    uint32_t *decisions;              /* project decisions whose part this file carries: applied
                                         (--diff, --write) or offered as an applicable fix (check) */
    size_t ndecisions;
    uint32_t *refused;                /* project decisions this file cannot carry its part of */
    size_t nrefused;
};

/*
 * The pipeline over one file: loads `path` and processes it. Never fails as a
 * whole: an unreadable or invalid file, or a parser that gives up, sets
 * out->status and out->error.
 */
void af_engine_process_path(struct af_result *out, struct af_worker *w, const char *path,
                            const struct af_options *opts, const struct af_project *project);

/*
 * The same over bytes that are not read from `path` (standard input, a git
 * blob): `data` (malloc'd, `len` bytes) is taken over.
 */
void af_engine_process_buffer(struct af_result *out, struct af_worker *w, const char *path, char *data,
                              size_t len, const struct af_options *opts, const struct af_project *project);

/*
 * The same over text that is already decoded (an editor's buffer): UTF-8,
 * whatever its coding line says; the fixed text is UTF-8 too.
 */
void af_engine_process_text(struct af_result *out, struct af_worker *w, const char *path, char *data,
                            size_t len, const struct af_options *opts, const struct af_project *project);

void af_result_dispose(struct af_result *r);

/*
 * The project's decisions (AF106 migrations) over a run's results: one is
 * vetoed when a file refused it or, when its fixes apply (--unsafe-fixes),
 * a file that holds a part of it does not carry that part (not processed,
 * an error, a fix dropped). The newly vetoed are added to *vetoed; returns
 * how many. The run then processes again, with opts->vetoed, each result
 * af_engine_touches says, so that a decision is applied in all its files or
 * in none.
 */
size_t af_engine_veto(uint32_t **vetoed, size_t *nvetoed, const struct af_result *results, size_t n,
                      const struct af_options *opts, const struct af_project *project);

/* true when the file of result `r` holds a part of one of the `vetoed` decisions */
bool af_engine_touches(const struct af_result *r, const uint32_t *vetoed, size_t nvetoed,
                       const struct af_project *project);

/* true when the bytes may hold a finding (the prefilter): their code holds `async`
 * (af_source_code_has_async) or names a coroutine function of `project` (af_project_mentioned) */
bool af_engine_may_match(const char *data, size_t len, const struct af_project *project);

#endif
