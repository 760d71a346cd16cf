/*
 * git.h - fix commits through libgit2: `--write --commit` commits the changed
 * files on the current branch; `--branch NAME` builds the commit in the
 * object database only; `--since REV` limits a run to changed files.
 *
 * Both modes are all or nothing. Everything git itself would refuse is
 * refused before anything is written: a lock held by another process
 * (index.lock, the ref's and HEAD's), a branch name git rejects, a branch
 * checked out in a work tree, an author or committer git cannot write on
 * one line, a merge or other operation in progress. `--write --commit` holds
 * the index lock and the ref locks from its start to its end; when a step
 * after the first write fails, the files are put back and HEAD, the index
 * and the work tree are left as they were, or, where that cannot be done,
 * the one command that brings the repository in line is printed.
 */
#ifndef ASYNCFIX_GIT_H
#define ASYNCFIX_GIT_H

#include "asyncfix/engine.h"

/*
 * Runs the whole fix-commit flow for opts->commit / opts->branch over the
 * files in `paths`; prints its summary line. Returns the process exit code.
 * `project` is pass 1's over the work tree (--commit); --branch builds its
 * own over the base commit's files, read from their blobs.
 */
int af_git_run(const struct af_options *opts, const struct af_strlist *paths,
               const struct af_project *project);

/* narrows `paths` to files that differ between opts->since and the work tree */
int af_git_filter_since(struct af_strlist *paths, const struct af_options *opts);

/* for tests: the steps of `--write --commit` that come after the first write */
enum af_git_step {
    AF_GIT_STEP_STAGE,          /* the files are written; the new index goes to index.lock next */
    AF_GIT_STEP_MOVE_REF,       /* index.lock holds the new index; the ref moves next */
    AF_GIT_STEP_COMMIT_INDEX,   /* the ref moved; index.lock is renamed over the index next */
};

/* for tests only: called before each step; a negative return makes the step fail */
struct af_git_test {
    int (*hook)(enum af_git_step step);
};
extern struct af_git_test af_git__test;

#endif
