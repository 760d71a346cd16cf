/*
 * index.h - the project index: pass 1 over every file records the coroutine
 * functions (`async def` at module level and in classes) by module and
 * qualified name, so that a call in one file can be known to need `await`
 * because of a definition in another. Built before pass 2, read-only after.
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

#include <tree_sitter/api.h>

#include "asyncfix/common.h"

struct af_index;
struct af_worker;

/*
 * Builds the index over `paths` and their packages with `jobs` threads; the
 * caller frees it with af_index_free. A file without `async def` is not
 * parsed; the others are cut into logical lines (the parser is used only for
 * a file the line scan cannot cut).
 */
int af_index_build(struct af_index **out, char *const *paths, size_t n, int jobs);
void af_index_free(struct af_index *index);

/* true when `qualname` ("pkg.db.fetch_user", "pkg.db.Repo.get") is an async def in the project */
bool af_index_is_coroutine(const struct af_index *index, const char *qualname);

/* true when the bytes mention the name of any indexed coroutine function */
bool af_index_mentioned(const struct af_index *index, const char *data, size_t len);

/* number of coroutine functions recorded */
size_t af_index_count(const struct af_index *index);

/* what is known of a definition, for af_index_def_flags and af_index_flags */
enum {
    AF_INDEX_ASYNC = 1 << 0,      /* an `async def` */
    AF_INDEX_SYNC = 1 << 1,       /* a plain `def` of the same name */
    AF_INDEX_DECORATED = 1 << 2,  /* a decorator that may change what a call returns */
    AF_INDEX_OVERLOAD = 1 << 3,   /* a `typing.overload` stub: says nothing of the implementation */
    AF_INDEX_REBOUND = 1 << 4,    /* the name is also assigned or imported in the same namespace */
    AF_INDEX_METHOD = 1 << 5,     /* defined in a class body */
    AF_INDEX_GENERATOR = 1 << 6,  /* `yield` in its body: an async generator, not awaitable */
};

/*
 * The flags of a function_definition node (`src`: the file's bytes):
 * AF_INDEX_ASYNC or AF_INDEX_SYNC, AF_INDEX_GENERATOR when a `yield` occurs
 * anywhere in its body (nested defs included: in doubt, not a coroutine
 * function), AF_INDEX_OVERLOAD for `@overload`, and
 * AF_INDEX_DECORATED for any decorator other than overload, staticmethod,
 * classmethod, abstractmethod and override (those keep a coroutine function one).
 */
unsigned af_index_def_flags(TSNode def, const char *src);

/*
 * The merged flags of every definition of `qualname` seen in pass 1 (0 when
 * none). It is a coroutine function when AF_INDEX_ASYNC is set and none of
 * AF_INDEX_SYNC, AF_INDEX_REBOUND, AF_INDEX_GENERATOR is.
 */
unsigned af_index_flags(const struct af_index *index, const char *qualname);

/* the files pass 1 read (given ones and their packages' other modules) */
size_t af_index_files_seen(const struct af_index *index);

#endif
