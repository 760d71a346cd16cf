/*
 * index.h - the project index: pass 1 over every file records the coroutine
 * functions (`async def` at module level and in classes) by module and
 * qualified name, so that a call in one file can be known to need `await`
 * because of a definition in another. Built before pass 2, read-only after.
 */
#ifndef ASYNCFIX_INDEX_H
#define ASYNCFIX_INDEX_H

#include "asyncfix/common.h"

struct af_index;
struct af_worker;

/* builds the index over `paths` with `jobs` threads; caller frees with af_index_free */
int af_index_build(struct af_index **out, char *const *paths, size_t n, int jobs);
void af_index_free(struct af_index *index);

/* true when `qualname` ("pkg.db.fetch_user", "pkg.db.Repo.get") is an async def in the project */
bool af_index_is_coroutine(const struct af_index *index, const char *qualname);

/* true when the bytes mention the name of any indexed coroutine function */
bool af_index_mentioned(const struct af_index *index, const char *data, size_t len);

/* number of coroutine functions recorded */
size_t af_index_count(const struct af_index *index);

#endif
