/*
 * options.c - what a run is asked to do: set up, torn down, and which rules
 * it runs.
 */
#include "asyncfix/options.h"

#include <stdlib.h>
#include <string.h>

void af_options_init(struct af_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->target_minor = 9;
    opts->file_io = AF_FILE_IO_AIOFILES;
    opts->jobs = 0;
}

void af_options_dispose(struct af_options *opts)
{
    af_strlist_dispose(&opts->select);
    af_strlist_dispose(&opts->ignore);
    af_strlist_dispose(&opts->exclude);
    af_strlist_dispose(&opts->paths);
    af_strlist_dispose(&opts->extend_blocking_calls);
    af_strlist_dispose(&opts->extend_async_context_managers);
}

static size_t longest_prefix(const struct af_strlist *list, const char *code)
{
    size_t best = 0;
    for (size_t i = 0; i < list->n; i++) {
        size_t n = strlen(list->items[i]);
        if (n > best && strncmp(list->items[i], code, n) == 0)
            best = n;
    }
    return best;
}

bool af_options_code_enabled(const struct af_options *opts, const char *code)
{
    /* the most specific of --select and --ignore wins, as in ruff */
    size_t sel = opts->select.n ? longest_prefix(&opts->select, code) : 1;
    if (strcmp(code, "AF001") == 0 && sel == 0)
        sel = 1;   /* syntax errors are reported unless ignored by name */
    size_t ign = longest_prefix(&opts->ignore, code);
    return sel > 0 && sel > ign;
}

int af_options_target_version(const char *text)
{
    if (strncmp(text, "py3", 3) != 0)
        return -1;
    char *end;
    long minor = strtol(text + 3, &end, 10);
    if (*end || minor < 8 || minor > 14)
        return -1;
    return (int)minor;
}
