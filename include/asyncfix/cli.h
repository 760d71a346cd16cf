/*
 * cli.h - the command line (see README.md and DESIGN.md for the contract).
 */
#ifndef ASYNCFIX_CLI_H
#define ASYNCFIX_CLI_H

#include "asyncfix/options.h"

/*
 * Reads the config and argv into `opts` (argv wins). Returns 0 to go on, 1
 * when the request was answered already (--help, --version, --list-rules,
 * --explain) with *exit_code set, or negative for a usage error or a config
 * that cannot be read (message printed).
 */
int af_cli_parse(struct af_options *opts, int argc, char **argv, int *exit_code);

#endif
