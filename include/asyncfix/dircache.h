/*
 * dircache.h - pass 1's look for a module's file, answered from folder
 * listings: is ROOT/REL a regular file, as stat() says (symbolic links
 * followed), without a path lookup in the kernel for each path asked.
 *
 * Pass 1 asks for many paths that do not exist (every dotted prefix of
 * every call name is tried as a module: ROOT/a/b/C.py, .pyi, __init__...).
 * The cache reads a folder's entries once (opendir/readdir: names and their
 * types) and answers from them:
 *
 *  - a name not in its folder's listing: no file;
 *  - an entry whose listed type is a folder, a FIFO, a device or a socket:
 *    not a regular file; as a part of the path (ROOT/a/b/...), a type other
 *    than a folder, a symbolic link or "unknown" ends the look (no file);
 *  - a part of the path that is a folder, a symbolic link or of unknown
 *    type: that folder is listed in turn (opendir follows links, as stat
 *    does); when opendir says ENOENT or ENOTDIR, no file below it;
 *  - a regular file, a symbolic link or an entry of unknown type as the last
 *    part: stat() of that one path says (so a "yes" is always stat's own,
 *    whatever the folders' permissions, and a link is followed);
 *  - a folder that cannot be listed for another reason (searchable but not
 *    readable, out of file descriptors, a loop of links): stat() of each
 *    path asked below it, as without the cache;
 *  - a path with a part "." or "..", a trailing slash, or an empty ROOT:
 *    stat() of the path.
 *
 * So an answer differs from stat()'s only if the folders change while the
 * cache lives: one is made per run of pass 1 (which writes nothing) and
 * freed at its end. Names are compared as bytes.
 *
 * Not thread-safe: one thread asks.
 */
#ifndef ASYNCFIX_DIRCACHE_H
#define ASYNCFIX_DIRCACHE_H

#include <stdbool.h>
#include <stddef.h>

struct af_dircache;

struct af_dircache *af_dircache_new(void);
/*
 * true when `path` (ROOT/REL: `path[root_len]` is the slash after ROOT) is a
 * regular file as stat() says. The folders below ROOT, and ROOT itself, are
 * listed the first time a path below them is asked and never again.
 */
bool af_dircache_is_file(struct af_dircache *c, const char *path, size_t root_len);
/* how many stat() and opendir() calls the cache made (tests) */
void af_dircache_counts(const struct af_dircache *c, size_t *stats, size_t *opens);
void af_dircache_free(struct af_dircache *c);

#endif
