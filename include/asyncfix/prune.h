/*
 * prune.h - the imports that fixes leave unused. Fixes replace `time.sleep`,
 * `requests.get`, `httpx.post`, `asyncio.run`, `io.open` and `os.fdopen`; once
 * none is left, the import of that
 * module (`import time`, `import requests as rq`, `from time import sleep`,
 * `from requests.exceptions import HTTPError`, at module level or in a
 * function) has no use. A name counts as used while its word appears
 * anywhere else in the file: code, strings (`__all__`, annotations) and
 * comments, not after a dot (`asyncio.sleep` is no use of `sleep`).
 */
#ifndef ASYNCFIX_PRUNE_H
#define ASYNCFIX_PRUNE_H

#include "asyncfix/edit.h"
#include "asyncfix/file.h"

/* one imported name: the statement, its item, the name it binds and how often that word appears */
struct af_prune_item {
    TSNode stmt;
    TSNode item;              /* dotted_name or aliased_import */
    const char *word;         /* into the source, not NUL-terminated */
    uint32_t wl;
    size_t count;
    bool removed;             /* set by the caller: the edits drop it */
};

struct af_prune {
    struct af_prune_item *items;
    size_t n, cap;
};

/* the imported names of the file's imports of those modules, in source order */
void af_prune_collect(struct af_prune *p, const struct af_file *file);
void af_prune_dispose(struct af_prune *p);

/* how often the `wl` bytes of `word` stand as a whole word in the text, not after a dot */
size_t af_prune_word_count(const char *data, size_t len, const char *word, size_t wl);

/*
 * The edits that drop the items marked removed, sorted by start, into *out
 * (texts owned; af_prune_edits_free): a statement left with no name goes
 * with its line (or becomes `pass`, alone in its block), a one-line
 * statement keeps its other names. A statement of another shape (a comment
 * or a line break inside, sharing its line) is left whole. Returns how many.
 */
size_t af_prune_edits(const struct af_prune *p, const struct af_file *file, struct af_edit **out);
void af_prune_edits_free(struct af_edit *edits, size_t n);

#endif
