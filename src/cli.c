#include "asyncfix/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncfix/pool.h"
#include "asyncfix/rule.h"

void af_cli_split(struct af_strlist *list, const char *csv)
{
    const char *p = csv;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ',' && *p != ' ')
            p++;
        if (p > s) {
            char *item = af_strndup(s, (size_t)(p - s));
            af_strlist_add(list, item);
            free(item);
        }
    }
}

static const char usage_text[] =
    "usage: asyncfix [OPTIONS] [PATH...]\n"
    "\n"
    "Finds asyncio anti-patterns in Python code and rewrites them.\n"
    "\n"
    "  (no mode)                 check: report findings (default PATH: .)\n"
    "  --diff                    print the fixes as a unified diff; change nothing\n"
    "  --write                   apply the fixes in place\n"
    "  --unsafe-fixes            also apply unsafe fixes (gather, ...)\n"
    "  --select CODES            only these codes or prefixes (AF1, AF101), comma-separated\n"
    "  --ignore CODES            never these codes or prefixes\n"
    "  --exclude GLOB            skip files and folders matching GLOB (repeatable)\n"
    "  --format FMT              text, json, sarif or github (check mode)\n"
    "  --target-version VER      py38 .. py314 (default py39): py38 uses run_in_executor\n"
    "  --file-io STRATEGY        aiofiles (default) or to_thread\n"
    "  --extend-blocking-calls Q comma-separated qualified names also treated as blocking\n"
    "  --extend-async-context-managers Q\n"
    "                            comma-separated qualified names also treated as async context managers\n"
    "  --stdin-filename NAME     read the source from standard input\n"
    "  -j, --jobs N              worker threads (default: all cores)\n"
    "  --config FILE             default: the nearest pyproject.toml with [tool.asyncfix]\n"
    "  --commit                  with --write: commit the changed files on the current branch\n"
    "  --branch NAME             commit the fixes on branch NAME, created from HEAD\n"
    "  --base REV                with --branch: start from REV instead of HEAD\n"
    "  --since REV               only files changed since REV\n"
    "  --message TEXT            commit subject (default: generated)\n"
    "  --author 'NAME <EMAIL>'   commit author (default: git config)\n"
    "  --allow-dirty             --commit even when fixed files have uncommitted changes\n"
    "  --force-branch            move an existing --branch when its tip is an ancestor\n"
    "  --force                   with --force-branch: move it anyway\n"
    "  --list-rules              list the rules\n"
    "  --explain CODE            explain a rule\n"
    "  --statistics              count findings per rule\n"
    "  -q, --quiet               print findings only, no summary\n"
    "  --no-color                never colour the output\n"
    "  --version, -h/--help\n"
    "\n"
    "exit status: 0 nothing found; 1 findings remain (check, --write) or the diff\n"
    "is not empty (--diff); 2 usage, I/O or internal error\n";

enum {
    OPT_DIFF = 256, OPT_WRITE, OPT_UNSAFE, OPT_SELECT, OPT_IGNORE, OPT_EXCLUDE, OPT_FORMAT,
    OPT_TARGET, OPT_FILE_IO, OPT_EXTEND_BLOCKING, OPT_STDIN, OPT_CONFIG, OPT_COMMIT,
    OPT_BRANCH, OPT_BASE, OPT_SINCE, OPT_MESSAGE, OPT_AUTHOR, OPT_ALLOW_DIRTY,
    OPT_FORCE_BRANCH, OPT_FORCE, OPT_LIST, OPT_EXPLAIN, OPT_STATS, OPT_VERSION, OPT_NO_COLOR,
    OPT_PARSE_ONLY, OPT_NO_PREFILTER, OPT_EXTEND_ASYNC_CM,
};

static const struct option long_options[] = {
    { "diff", no_argument, NULL, OPT_DIFF },
    { "write", no_argument, NULL, OPT_WRITE },
    { "fix", no_argument, NULL, OPT_WRITE },
    { "unsafe-fixes", no_argument, NULL, OPT_UNSAFE },
    { "select", required_argument, NULL, OPT_SELECT },
    { "ignore", required_argument, NULL, OPT_IGNORE },
    { "exclude", required_argument, NULL, OPT_EXCLUDE },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "target-version", required_argument, NULL, OPT_TARGET },
    { "file-io", required_argument, NULL, OPT_FILE_IO },
    { "extend-blocking-calls", required_argument, NULL, OPT_EXTEND_BLOCKING },
    { "extend-async-context-managers", required_argument, NULL, OPT_EXTEND_ASYNC_CM },
    { "stdin-filename", required_argument, NULL, OPT_STDIN },
    { "jobs", required_argument, NULL, 'j' },
    { "config", required_argument, NULL, OPT_CONFIG },
    { "commit", no_argument, NULL, OPT_COMMIT },
    { "branch", required_argument, NULL, OPT_BRANCH },
    { "base", required_argument, NULL, OPT_BASE },
    { "since", required_argument, NULL, OPT_SINCE },
    { "message", required_argument, NULL, OPT_MESSAGE },
    { "author", required_argument, NULL, OPT_AUTHOR },
    { "allow-dirty", no_argument, NULL, OPT_ALLOW_DIRTY },
    { "force-branch", no_argument, NULL, OPT_FORCE_BRANCH },
    { "force", no_argument, NULL, OPT_FORCE },
    { "list-rules", no_argument, NULL, OPT_LIST },
    { "explain", required_argument, NULL, OPT_EXPLAIN },
    { "statistics", no_argument, NULL, OPT_STATS },
    { "quiet", no_argument, NULL, 'q' },
    { "no-color", no_argument, NULL, OPT_NO_COLOR },
    { "version", no_argument, NULL, OPT_VERSION },
    { "help", no_argument, NULL, 'h' },
    { "parse-only", no_argument, NULL, OPT_PARSE_ONLY },
    { "no-prefilter", no_argument, NULL, OPT_NO_PREFILTER },
    { NULL, 0, NULL, 0 },
};

static int usage_error(const char *fmt, const char *arg)
{
    fputs("asyncfix: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see asyncfix --help)\n", stderr);
    return AF_EINVALID;
}

int af_cli_parse(struct af_options *opts, int argc, char **argv, int *exit_code)
{
    bool select_set = false, ignore_set = false;
    int c;
    *exit_code = 0;
    opterr = 0;
    optind = 1;
    opts->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    while ((c = getopt_long(argc, argv, ":j:qh", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DIFF: opts->mode = AF_MODE_DIFF; break;
        case OPT_WRITE: opts->mode = AF_MODE_WRITE; break;
        case OPT_UNSAFE: opts->unsafe_fixes = true; break;
        case OPT_SELECT:
            if (!select_set)
                af_strlist_dispose(&opts->select);
            select_set = true;
            af_cli_split(&opts->select, optarg);
            break;
        case OPT_IGNORE:
            if (!ignore_set)
                af_strlist_dispose(&opts->ignore);
            ignore_set = true;
            af_cli_split(&opts->ignore, optarg);
            break;
        case OPT_EXCLUDE: af_strlist_add(&opts->exclude, optarg); break;
        case OPT_FORMAT:
            if (!strcmp(optarg, "text")) opts->format = AF_FORMAT_TEXT;
            else if (!strcmp(optarg, "json")) opts->format = AF_FORMAT_JSON;
            else if (!strcmp(optarg, "sarif")) opts->format = AF_FORMAT_SARIF;
            else if (!strcmp(optarg, "github")) opts->format = AF_FORMAT_GITHUB;
            else return usage_error("unknown format '%s'", optarg);
            break;
        case OPT_TARGET:
            if ((opts->target_minor = af_options_target_version(optarg)) < 0)
                return usage_error("unsupported target version '%s' (py38 .. py314)", optarg);
            break;
        case OPT_FILE_IO:
            if (!strcmp(optarg, "aiofiles")) opts->file_io = AF_FILE_IO_AIOFILES;
            else if (!strcmp(optarg, "to_thread")) opts->file_io = AF_FILE_IO_TO_THREAD;
            else return usage_error("unknown file-io strategy '%s' (aiofiles or to_thread)", optarg);
            break;
        case OPT_EXTEND_BLOCKING: af_cli_split(&opts->extend_blocking_calls, optarg); break;
        case OPT_EXTEND_ASYNC_CM: af_cli_split(&opts->extend_async_context_managers, optarg); break;
        case OPT_STDIN: opts->stdin_filename = optarg; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1024)
                return usage_error("bad job count '%s'", optarg);
            opts->jobs = (int)n;
            break;
        }
        case OPT_CONFIG: opts->config_path = optarg; break;
        case OPT_COMMIT: opts->commit = true; break;
        case OPT_BRANCH: opts->branch = optarg; break;
        case OPT_BASE: opts->base = optarg; break;
        case OPT_SINCE: opts->since = optarg; break;
        case OPT_MESSAGE: opts->message = optarg; break;
        case OPT_AUTHOR: opts->author = optarg; break;
        case OPT_ALLOW_DIRTY: opts->allow_dirty = true; break;
        case OPT_FORCE_BRANCH: opts->force_branch = true; break;
        case OPT_FORCE: opts->force = true; break;
        case OPT_STATS: opts->statistics = true; break;
        case 'q': opts->quiet = true; break;
        case OPT_NO_COLOR: opts->color = false; break;
        case OPT_PARSE_ONLY: opts->parse_only = true; break;
        case OPT_NO_PREFILTER: opts->no_prefilter = true; break;
        case OPT_VERSION:
            printf("asyncfix %s\n", AF_VERSION);
            return 1;
        case 'h':
            fputs(usage_text, stdout);
            return 1;
        case OPT_LIST:
            af_rules_print(stdout);
            return 1;
        case OPT_EXPLAIN:
            if (af_rule_explain(stdout, optarg) < 0) {
                fprintf(stderr, "asyncfix: %s\n", af_error_last());
                *exit_code = 2;
            }
            return 1;
        case ':':
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; i++)
        af_strlist_add(&opts->paths, argv[i]);
    if (opts->commit && opts->mode != AF_MODE_WRITE)
        return usage_error("%s goes with --write", "--commit");
    if (opts->commit && opts->branch)
        return usage_error("%s: choose --commit or --branch", "--commit");
    if (opts->stdin_filename && (opts->commit || opts->branch))
        return usage_error("%s cannot be combined with --commit or --branch", "--stdin-filename");
    if (opts->jobs <= 0)
        opts->jobs = af_pool_cores();
    for (size_t i = 0; i < opts->select.n; i++)
        if (strncmp(opts->select.items[i], "AF", 2) != 0)
            return usage_error("unknown code '%s' in --select", opts->select.items[i]);
    for (size_t i = 0; i < opts->ignore.n; i++)
        if (strncmp(opts->ignore.items[i], "AF", 2) != 0)
            return usage_error("unknown code '%s' in --ignore", opts->ignore.items[i]);
    return 0;
}
