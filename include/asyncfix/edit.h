/*
 * edit.h - byte-range edits and fixes.
 *
 * An edit replaces bytes [start, end) of the source with `text`. A fix is a
 * set of edits (kept sorted by start), the modules it needs imported, a
 * message and an applicability. Fixes are applied in start order; a fix that
 * overlaps one already applied waits for the next pass of the fix loop.
 */
#ifndef ASYNCFIX_EDIT_H
#define ASYNCFIX_EDIT_H

#include "asyncfix/common.h"

enum af_applicability {
    AF_SAFE,          /* keeps behaviour in an async context: --write / --diff */
    AF_UNSAFE,        /* may change behaviour or ordering: only with --unsafe-fixes */
    AF_DISPLAY_ONLY,  /* shown, never applied */
};

struct af_edit {
    uint32_t start, end;
    char *text;       /* owned */
};

struct af_fix {
    struct af_edit *edits;
    size_t n, cap;
    enum af_applicability applicability;
    char *message;                            /* owned; may be NULL */
    const char **imports;                     /* owned array of static strings: "asyncio", "httpx" */
    size_t nimports, imports_cap;
    unsigned refs;                            /* findings sharing this fix (af_fix_share) */
    uint32_t decision;                        /* a project decision this fix is one file's part of
                                                 (an AF106 migration), applied in every file or none; 0 */
};

struct af_fix *af_fix_new(enum af_applicability applicability);
/* drops one reference; the fix is freed with the last */
void af_fix_free(struct af_fix *fix);
/* the same fix for one more finding (one fix repairing several findings); no copy */
struct af_fix *af_fix_share(struct af_fix *fix);
/* adds an edit, keeping edits sorted by start; the text is copied */
void af_fix_replace(struct af_fix *fix, uint32_t start, uint32_t end, const char *text, size_t len);
void af_fix_replace_str(struct af_fix *fix, uint32_t start, uint32_t end, const char *text);
void af_fix_insert(struct af_fix *fix, uint32_t at, const char *text);
/* an insertion that goes before every other edit at `at`, whenever those were added (a line's indentation) */
void af_fix_insert_first(struct af_fix *fix, uint32_t at, const char *text);
void af_fix_set_message(struct af_fix *fix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* records that the fix needs `import module` (a static string) */
void af_fix_need_import(struct af_fix *fix, const char *module);
/* the smallest start and largest end of the fix's edits */
void af_fix_span(const struct af_fix *fix, uint32_t *start, uint32_t *end);
/* true when two edits of the fix overlap (a rule bug) */
bool af_fix_is_consistent(const struct af_fix *fix);

/*
 * Applies `edits` (sorted by start, non-overlapping) to src[0..len) into
 * `out`. Returns 0, or AF_EINVALID when they overlap or run past the end.
 */
int af_edits_apply(struct af_buf *out, const char *src, size_t len,
                   const struct af_edit *edits, size_t n);

/*
 * What passes of edits made of an original text: its ranges and the new
 * texts, in order, so that the result can be rebuilt from the original's own
 * bytes (a file in another encoding than UTF-8).
 */
struct af_piece {
    uint32_t start, end;   /* [start, end) of the original, or of `text` */
    char *text;            /* NULL: the original's; else a new text, owned */
};

struct af_pieces {
    struct af_piece *items;
    size_t n, cap;
    uint32_t len;          /* the length of the text they make */
};

/* one piece: the whole original, `len` bytes */
void af_pieces_init(struct af_pieces *pieces, uint32_t len);

/*
 * Records one pass: `edits` (sorted by start, non-overlapping) applied to the
 * text the pieces make, as af_edits_apply applies them. AF_EINVALID when
 * they overlap or run past the end (the pieces are then left as they were).
 */
int af_pieces_apply(struct af_pieces *pieces, const struct af_edit *edits, size_t n);

void af_pieces_dispose(struct af_pieces *pieces);

#endif
