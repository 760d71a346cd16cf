#include "asyncfix/diff.h"

#include <git2.h>
#include <string.h>

const char *af_diff_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
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
    af_buf_put(out, buf.ptr, buf.size);
done:
    if (error < 0) {
        const git_error *e = git_error_last();
        af_error_set("cannot make a diff: %s", e ? e->message : "libgit2 error");
    }
    git_buf_dispose(&buf);
    git_patch_free(patch);
    return error < 0 ? AF_ERROR : 0;
}
