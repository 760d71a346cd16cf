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

#endif
