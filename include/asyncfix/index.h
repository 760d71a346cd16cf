/*
 * index.h - pass 1: over every file, the functions (`async def` and what
 * else binds their names) at module level and in classes, by module and
 * qualified name, so that a call in one file can be known to need `await`
 * because of a definition in another. What it builds is the project
 * (project.h), read-only in pass 2.
 *
 * What is seen: the files given (after discovery) and, for each one that
 * sits in a package (a folder with __init__.py), every .py/.pyi file of its
 * outermost package, recursively (hidden folders and __pycache__ skipped,
 * symbolic links not followed; excludes and .gitignore do not apply, as the
 * files are only read). In them: `async def` at module level and in class
 * bodies, classes nested in classes included.
 * What is not seen: files outside those packages that were not given
 * (installed libraries, a sibling top-level module of a given script), defs
 * under `if`/`try` or inside functions, names re-exported through an
 * `__init__.py` (`from .db import f` there, `from pkg import f` elsewhere),
 * and methods reached through an instance (`repo.get()`).
 */
#ifndef ASYNCFIX_INDEX_H
#define ASYNCFIX_INDEX_H

#include "asyncfix/options.h"
#include "asyncfix/project.h"

/*
 * Builds the project over `paths` and their packages with `jobs` threads; the
 * caller frees it with af_project_free. A file without `async def` is not
 * parsed; the others are cut into logical lines (the parser is used only for
 * a file the line scan cannot cut).
 */
int af_index_build(struct af_project **out, char *const *paths, size_t n, const struct af_options *opts);

#endif
