#include "asyncfix/diff.h"

#include <git2.h>
#include <string.h>

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
