/*
 * file.h - one file as the rules see it during one pass of the fix loop:
 * its source, tree, semantic model, the run's options and the project.
 * Owned by the engine; rules only read it.
 */
#ifndef ASYNCFIX_FILE_H
#define ASYNCFIX_FILE_H

#include <sys/types.h>
#include <tree_sitter/api.h>

#include "asyncfix/common.h"
#include "asyncfix/options.h"
#include "asyncfix/semantic.h"
#include "asyncfix/source.h"

struct af_project;
struct af_worker;

struct af_file {
    struct af_source *src;
    TSTree *tree;
    TSNode root;
    struct af_semantic sem;
    struct af_arena arena;           /* dies at the end of the pass */
    const struct af_options *opts;
    const struct af_project *project;    /* NULL when no project index was built */
    struct af_worker *worker;
    const char *module;              /* dotted module name ("pkg.db"), or NULL */
    bool is_stub;                    /* a .pyi file */
};

/* the dotted module name of `path` (walking up through __init__.py folders); caller frees */
char *af_module_name_for_path(const char *path);

/*
 * Whether folders hold an __init__.py, each folder asked of the disk once
 * (pass 1 names every file of a package, and each name walks up its
 * folders). Not thread-safe; answers are stat()'s as of the first ask.
 */
struct af_init_cache;
struct af_init_cache *af_init_cache_new(void);
void af_init_cache_free(struct af_init_cache *c);
/* stat()'s st_mode of DIR/__init__.py (DIR: [dir, +len), "" the current folder), 0 when stat fails; c may be NULL */
mode_t af_init_mode(struct af_init_cache *c, const char *dir, size_t len);
/* af_module_name_for_path and af_module_name_in, their stat()s asked of `cache` (may be NULL) */
char *af_module_name_for_path_in(const char *path, struct af_init_cache *cache);

/*
 * The module name Python imports `path` as, given the run's roots (absolute
 * folders, like sys.path entries: opts->roots): relative to the deepest root
 * holding the file, each folder a package whether it has an __init__.py or
 * not (a namespace package). When no root holds it, or a part of the path is
 * not an identifier, af_module_name_for_path. NULL when it has none; caller
 * frees.
 */
char *af_module_name(const char *path, const struct af_strlist *roots);
/* the same, a relative `path` taken from the folder `cwd` (absolute; NULL: getcwd's) */
char *af_module_name_in(const char *path, const struct af_strlist *roots, const char *cwd);
char *af_module_name_in_cached(const char *path, const struct af_strlist *roots, const char *cwd,
                               struct af_init_cache *cache);

/*
 * The package a relative import of `level` dots starts from, in module
 * `module` (`is_package`: the module is a package's __init__): "pkg" for
 * `from . import x` in "pkg.db"; NULL when it climbs above the top. Caller
 * frees.
 */
char *af_module_relative_base(const char *module, bool is_package, int level);

/* true when `path` names a package's __init__.py or __init__.pyi */
bool af_path_is_package_init(const char *path);

/* `path` as an absolute path into `out`, "." and ".." parts resolved by name (links not followed) */
void af_path_absolute(struct af_buf *out, const char *path);
/*
 * The same from the folder `cwd` (absolute; NULL: getcwd's): a run that
 * asks for many paths asks getcwd once (asyncfix never changes its folder)
 */
void af_path_absolute_in(struct af_buf *out, const char *cwd, const char *path);

#endif
