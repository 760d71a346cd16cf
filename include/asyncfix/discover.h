/*
 * discover.h - from command-line paths to the sorted list of Python files,
 * the one file discovery of every run (a normal run, --since, --branch,
 * tools/bench through --show-files): folders recursively (.py, .pyi),
 * `.gitignore` honoured through libgit2 inside a work tree, the default
 * excludes (af_default_excludes), `exclude` and `extend-exclude` globs.
 * Files and folders named on the command line are always taken, unless
 * `force-exclude`. Symbolic links are not followed. A path that cannot be
 * read or walked is an error line, never a silent skip.
 */
#ifndef ASYNCFIX_DISCOVER_H
#define ASYNCFIX_DISCOVER_H

#include "asyncfix/options.h"

/*
 * The folders never entered unless named on the command line: ruff's
 * default `exclude`, and .local, __pycache__ (NULL-terminated).
 */
extern const char *const af_default_excludes[];

/*
 * Fills `out` with the files, sorted and unique; a path that is missing or
 * cannot be read or walked is printed (one line) and counted in *errors.
 * Negative (message in af_error_last) when the run cannot start: an invalid
 * exclude glob.
 */
int af_discover(struct af_strlist *out, const struct af_options *opts, int *errors);

/* every exclude and extend-exclude glob is valid; AF_EINVALID with the message otherwise */
int af_discover_check_globs(const struct af_options *opts);

/*
 * True when the entry `path` (relative to where the walk started, `name` its
 * last component) is excluded: a folder in af_default_excludes, or a match of
 * an exclude/extend-exclude glob on its name, its path, or a folder above it.
 */
bool af_discover_excluded(const struct af_options *opts, const char *path, const char *name, bool is_dir);

/*
 * With force-exclude: true when `path`, named on the command line, or a
 * folder on its way is excluded (af_discover_excluded on each component).
 */
bool af_discover_force_excluded(const struct af_options *opts, const char *path, bool is_dir);

/*
 * The roots modules are named from (like sys.path entries), as absolute
 * folders, into `out`: each folder named in `paths` (or holding a file
 * named there; "." when none), moved above its outermost package when it is
 * one; its src/ when that is a folder but not a package; the package roots
 * the nearest pyproject.toml at or above it declares (config.h), and that
 * file's src/.
 */
void af_discover_roots(struct af_strlist *out, const struct af_strlist *paths);

#endif
