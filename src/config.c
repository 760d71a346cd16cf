/*
 * config.c - [tool.asyncfix] in pyproject.toml. Not written yet: no file is read.
 */
#include "asyncfix/config.h"

int af_config_load(struct af_options *opts, const char *path)
{
    (void)opts;
    (void)path;
    return 0;
}
