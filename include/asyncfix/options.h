/*
 * options.h - what the command line and [tool.asyncfix] decide for a run.
 * Filled by cli.c and config.c, read-only once workers start.
 */
#ifndef ASYNCFIX_OPTIONS_H
#define ASYNCFIX_OPTIONS_H

#include "asyncfix/common.h"

enum af_mode { AF_MODE_CHECK, AF_MODE_DIFF, AF_MODE_WRITE };
enum af_format { AF_FORMAT_TEXT, AF_FORMAT_JSON, AF_FORMAT_SARIF, AF_FORMAT_GITHUB };
enum af_file_io { AF_FILE_IO_AIOFILES, AF_FILE_IO_TO_THREAD };

struct af_options {
    enum af_mode mode;
    enum af_format format;
    bool unsafe_fixes;
    struct af_strlist select;       /* codes or prefixes; empty: all */
    struct af_strlist ignore;
    struct af_strlist exclude;      /* globs */
    struct af_strlist paths;
    int target_minor;               /* 3.N: 9 means py39 */
    enum af_file_io file_io;
    struct af_strlist extend_blocking_calls;         /* qualified names */
    struct af_strlist extend_async_context_managers; /* qualified names */
    int jobs;
    bool quiet;
    bool statistics;
    bool color;
    bool parse_only;                /* benchmark floor: parse and nothing else */
    bool no_prefilter;              /* benchmark: parse every file */
    const char *stdin_filename;
    const char *config_path;
    /* fix commits (git.c) */
    bool commit;
    const char *branch;
    const char *message;
    const char *author;
    const char *base;
    const char *since;
    bool allow_dirty;
    bool force_branch;
    bool force;
};

void af_options_init(struct af_options *opts);
void af_options_dispose(struct af_options *opts);

/* "py39" -> 9; -1 when not a supported version */
int af_options_target_version(const char *text);

/* true when `code` (e.g. "AF101") is selected and not ignored */
bool af_options_code_enabled(const struct af_options *opts, const char *code);

#endif
