/*
 * git.h - fix commits through libgit2: `--write --commit` commits the changed
 * files on the current branch; `--branch NAME` builds the commit in the
 * object database only; `--since REV` limits a run to changed files.
 */
#ifndef ASYNCFIX_GIT_H
#define ASYNCFIX_GIT_H

#include "asyncfix/engine.h"

/*
 * Runs the whole fix-commit flow for opts->commit / opts->branch over the
 * files in `paths`; prints its summary line. Returns the process exit code.
 */
int af_git_run(const struct af_options *opts, const struct af_strlist *paths,
               const struct af_project *project);

/* narrows `paths` to files that differ between opts->since and the work tree */
int af_git_filter_since(struct af_strlist *paths, const struct af_options *opts);

#endif
