/*
 * diff.h - unified diffs through libgit2 (git_patch_from_buffers): `a/` and
 * `b/` prefixes, accepted by `git apply` and `patch -p1`.
 */
#ifndef ASYNCFIX_DIFF_H
#define ASYNCFIX_DIFF_H

#include "asyncfix/common.h"

/* appends the patch turning old into new for `path` to `out`; 0 or negative */
int af_diff_patch(struct af_buf *out, const char *path, const char *old, size_t old_len,
                  const char *new_text, size_t new_len);

/* one changed region: old[old_start, old_end) becomes new_text[new_start, new_end) (bytes) */
struct af_diff_hunk {
    uint32_t old_start, old_end, new_start, new_end;
};

/*
 * The changed regions between old and new, whole lines each, in order and
 * without context (libgit2's hunks with zero context lines). The caller
 * frees *out.
 */
int af_diff_hunks(struct af_diff_hunk **out, size_t *n, const char *old, size_t old_len,
                  const char *new_text, size_t new_len);

/*
 * libgit2 is set up on first use, once for all threads (its set-up reads the
 * system's CA certificates: 85 % of the instructions of a one-file check
 * when done at every start); af_libgit2_done at exit undoes it if it was done.
 * Every module that calls libgit2 calls af_libgit2_ready first.
 */
void af_libgit2_ready(void);
void af_libgit2_done(void);

/* the path as it appears in a patch: leading "./" dropped */
const char *af_diff_path(const char *path);

#endif
