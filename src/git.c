/*
 * git.c - fix commits (--commit, --branch, --since). Not written yet: every
 * entry point refuses with a clear message.
 */
#include "asyncfix/git.h"

#include <stdio.h>

int af_git_run(const struct af_options *opts, const struct af_strlist *paths,
               const struct af_index *index)
{
    (void)opts;
    (void)paths;
    (void)index;
    fprintf(stderr, "asyncfix: --commit and --branch are not available in this build yet\n");
    return 2;
}

int af_git_filter_since(struct af_strlist *paths, const struct af_options *opts)
{
    (void)paths;
    (void)opts;
    af_error_set("--since is not available in this build yet");
    return AF_ERROR;
}
