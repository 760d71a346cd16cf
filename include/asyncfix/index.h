/*
 * index.h - pass 1: what the rules need to know of other files, built once
 * before pass 2 and read-only in it (project.h):
 *
 *  - the coroutine index: `async def` and what else binds their names at
 *    module level and in classes, by module and qualified name (AF2xx);
 *  - the summaries of functions (summary.h's walk fills them) and the call
 *    graph's conclusions (graph.h): the shortest chain from each function an
 *    async def reaches to a blocking call (AF106).
 *
 * Which files are read: the files given (after discovery) and, for each one
 * that sits in a package (a folder with __init__.py), every .py/.pyi file of
 * its outermost package (hidden folders and __pycache__ skipped, symbolic
 * links not followed; excludes and .gitignore do not apply, as the files are
 * only read). Of those, a file without `async def` is not walked, unless the
 * call graph needs it. Then, in rounds, what the walked files need: the
 * modules the files with async defs import and, when a rule reads the
 * chains (AF_RULE_NEEDS_CALL_GRAPH), the files defining the functions the
 * async defs reach, found among the files read or below the run's roots as
 * Python's path finder looks for a module (a.b -> ROOT/a/b.py, .pyi,
 * ROOT/a/b/__init__.py). Each round's walks run in parallel, each file into
 * its own summary; the graph is asked between rounds, on one thread.
 *
 * What is seen in a walked file: every def and class at any depth (under
 * `if`/`try` too), the calls made directly in each with their callees
 * resolved through the file's imports and defs, `self.m()`/`cls.m()` in
 * methods, names an __init__.py re-exports. What is not: files below no
 * root and in no package that are not given, calls inside f-strings,
 * methods reached through an instance (`repo.get()`), names bound by
 * `import *`, callees computed at run time (getattr, dicts of functions).
 *
 * Adding a fact about functions: summary.h says where the walk sets it;
 * project.c's kept() says when pass 2 may ask about a function, so that its
 * summary outlives the seal.
 */
#ifndef ASYNCFIX_INDEX_H
#define ASYNCFIX_INDEX_H

#include "asyncfix/options.h"
#include "asyncfix/project.h"

/* what pass 1 is given */
struct af_index_input {
    char *const *paths;        /* the files the run checks */
    size_t n;
    char *const *others;       /* with migrate-helpers: the project's other files, or NULL */
    size_t nothers;
    /*
     * Where the bytes come from: NULL reads the disk; else (a git tree, for
     * --branch) every file is read through it, and no folder is walked or
     * looked into: the files given are all there is.
     */
    int (*read)(void *ctx, const char *path, char **data, size_t *len);
    void *ctx;
};

/*
 * Builds the project over `paths` and their packages with opts->jobs
 * threads (opts->roots: where modules are looked for; the rules that are on
 * say whether the call graph is built); the caller frees it with
 * af_project_free. No file is parsed but one the walk cannot cut, and only
 * for its definitions. With migrate-helpers, `others` are the project's
 * other files (below the roots, as discovery takes them): those that mention
 * a helper a migration could make async are walked too, for every call and
 * use of it. Only the `paths` are checked files, which a migration may
 * rewrite.
 */
int af_index_build(struct af_project **out, const struct af_index_input *in, const struct af_options *opts);

#endif
