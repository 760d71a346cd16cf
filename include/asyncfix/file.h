/*
 * file.h - one file as the rules see it during one pass of the fix loop:
 * its source, tree, semantic model, the run's options and the project.
 * Owned by the engine; rules only read it.
 */
#ifndef ASYNCFIX_FILE_H
#define ASYNCFIX_FILE_H

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

#endif
