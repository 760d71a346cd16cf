/*
 * config.h - [tool.asyncfix] in pyproject.toml, read with the tree-sitter
 * TOML grammar. Command-line options win over the file.
 */
#ifndef ASYNCFIX_CONFIG_H
#define ASYNCFIX_CONFIG_H

#include "asyncfix/options.h"

/*
 * Finds the config (`path`, else the nearest pyproject.toml with
 * [tool.asyncfix] from the current folder up) and applies its keys to `opts`.
 * Called before the command line is parsed, so that the command line wins.
 * 0 (also when there is none) or negative for a file that cannot be read or
 * has a bad value (af_error_last).
 */
int af_config_load(struct af_options *opts, const char *path);

/*
 * The same search from folder `dir` up (the LSP server: the folder of the
 * document). `found` (may be NULL) receives the file applied, empty when none.
 */
int af_config_load_near(struct af_options *opts, const char *dir, struct af_buf *found);

/*
 * The folders `path` (a pyproject.toml) declares as package roots, as
 * written there (relative to its folder): setuptools' `package-dir = {"" =
 * "lib"}` and `packages.find.where`, poetry's `packages = [{from = "lib"}]`,
 * hatch's wheel `packages = ["src/pkg"]` (the folder holding each), pdm's
 * `package-dir`. A file that does not parse declares none. 0 or negative
 * when it cannot be read.
 */
int af_config_package_dirs(struct af_strlist *out, const char *path);

#endif
