#include "asyncfix/diff.h"

#include <git2.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;
static bool libgit2_up;

static void libgit2_init(void)
{
    git_libgit2_init();
    libgit2_up = true;
}

void af_libgit2_ready(void)
{
    pthread_once(&libgit2_once, libgit2_init);
}

void af_libgit2_done(void)
{
    if (libgit2_up)
        git_libgit2_shutdown();
}

const char *af_diff_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}

/*
 * Appends libgit2's patch text. A path holding a space gets a tab after it on
 * the `---`/`+++` lines, as git writes it: `patch` reads a name up to the
 * first space otherwise.
 */
static void put_patch(struct af_buf *out, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t n = (size_t)(eol - p);
        if (n >= 4 && p[0] == '@' && p[1] == '@') {
            af_buf_put(out, p, (size_t)(end - p));
            return;
        }
        af_buf_put(out, p, n);
        if (n > 4 && (af_startswith(p, n, "--- ") || af_startswith(p, n, "+++ ")) && p[4] != '"' &&
            memchr(p + 4, ' ', n - 4) && p[n - 1] != '\t')
            af_buf_putc(out, '\t');
        if (nl)
            af_buf_putc(out, '\n');
        p = eol + (nl ? 1 : 0);
    }
}

int af_diff_patch(struct af_buf *out, const char *path, const char *old, size_t old_len,
                  const char *new_text, size_t new_len)
{
    git_patch *patch = NULL;
    git_buf buf = { 0 };
    git_diff_options opts;
    int error;
    af_libgit2_ready();
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = 3;
    /* a file holding NUL never reaches here; never let libgit2 call text binary */
    opts.flags |= GIT_DIFF_FORCE_TEXT;
    const char *p = af_diff_path(path);
    if ((error = git_patch_from_buffers(&patch, old, old_len, p, new_text, new_len, p, &opts)) < 0)
        goto done;
    if ((error = git_patch_to_buf(&buf, patch)) < 0)
        goto done;
    put_patch(out, buf.ptr, buf.size);
done:
    if (error < 0) {
        const git_error *e = git_error_last();
        af_error_set("cannot make a diff: %s", e ? e->message : "libgit2 error");
    }
    git_buf_dispose(&buf);
    git_patch_free(patch);
    return error < 0 ? AF_ERROR : 0;
}

static uint32_t *line_starts(const char *text, size_t len, size_t *n)
{
    size_t cap = 16, k = 0;
    uint32_t *s = af_malloc(cap * sizeof(*s));
    s[k++] = 0;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL;) {
        p++;
        if ((size_t)(p - text) == len)
            break;
        AF_ARRAY_GROW(s, k, cap);
        s[k++] = (uint32_t)(p - text);
    }
    *n = k;
    return s;
}

/*
 * The bytes of `count` lines from 1-based line `first` (len past the last
 * line); git numbers a hunk that removes (adds) no line by the line before it.
 */
static void hunk_range(uint32_t *start, uint32_t *end, int first, int count, size_t len,
                       const uint32_t *starts, size_t nstarts)
{
    size_t from = count ? (size_t)first - 1 : (size_t)first, to = from + (size_t)count;
    *start = from < nstarts ? starts[from] : (uint32_t)len;
    *end = to < nstarts ? starts[to] : (uint32_t)len;
}

int af_diff_hunks(struct af_diff_hunk **out, size_t *n, const char *old, size_t old_len,
                  const char *new_text, size_t new_len)
{
    git_patch *patch = NULL;
    git_diff_options opts;
    size_t nold = 0, nnew = 0;
    uint32_t *old_starts = line_starts(old, old_len, &nold), *new_starts = line_starts(new_text, new_len, &nnew);
    int error;
    *out = NULL;
    *n = 0;
    af_libgit2_ready();
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = 0;
    opts.interhunk_lines = 0;
    opts.flags |= GIT_DIFF_FORCE_TEXT;
    if ((error = git_patch_from_buffers(&patch, old, old_len, NULL, new_text, new_len, NULL, &opts)) < 0)
        goto done;
    size_t count = git_patch_num_hunks(patch);
    *out = af_calloc(count ? count : 1, sizeof(**out));
    for (size_t i = 0; i < count; i++) {
        const git_diff_hunk *h;
        size_t lines;
        if ((error = git_patch_get_hunk(&h, &lines, patch, i)) < 0)
            goto done;
        struct af_diff_hunk *d = &(*out)[i];
        hunk_range(&d->old_start, &d->old_end, h->old_start, h->old_lines, old_len, old_starts, nold);
        hunk_range(&d->new_start, &d->new_end, h->new_start, h->new_lines, new_len, new_starts, nnew);
    }
    *n = count;
done:
    if (error < 0) {
        const git_error *e = git_error_last();
        af_error_set("cannot make a diff: %s", e ? e->message : "libgit2 error");
        free(*out);
        *out = NULL;
        *n = 0;
    }
    free(old_starts);
    free(new_starts);
    git_patch_free(patch);
    return error < 0 ? AF_ERROR : 0;
}
