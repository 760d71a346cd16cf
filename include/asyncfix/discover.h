/*
 * discover.h - from command-line paths to the sorted list of Python files:
 * folders recursively (.py, .pyi), `.gitignore` honoured through libgit2
 * inside a work tree, the default excludes (.venv, venv, .tox, build,
 * node_modules, __pycache__, .git), `--exclude GLOB`; explicit files are
 * always taken. Symbolic links are not followed.
 */
#ifndef ASYNCFIX_DISCOVER_H
#define ASYNCFIX_DISCOVER_H

#include "asyncfix/options.h"

/* fills `out` with the files, sorted and unique; errors for missing paths are
 * printed and counted in *errors */
int af_discover(struct af_strlist *out, const struct af_options *opts, int *errors);

#endif
