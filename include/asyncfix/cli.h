/*
 * cli.h - the command line (see README.md and DESIGN.md for the contract).
 */
#ifndef ASYNCFIX_CLI_H
#define ASYNCFIX_CLI_H

#include "asyncfix/options.h"

/*
 * Parses argv into `opts`. Returns 0 to go on, 1 when the request was
 * answered already (--help, --version, --list-rules, --explain) with
 * *exit_code set, or negative for a usage error (message printed).
 */
int af_cli_parse(struct af_options *opts, int argc, char **argv, int *exit_code);

/* parses a comma-separated list into `list` (empty items dropped) */
void af_cli_split(struct af_strlist *list, const char *csv);

#endif
