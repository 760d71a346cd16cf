/*
 * main.c - asyncfix: discover files, build the project index, run the
 * pipeline on every file with a pool of workers, then report, diff or write.
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncfix/cli.h"
#include "asyncfix/diff.h"
#include "asyncfix/discover.h"
#include "asyncfix/engine.h"
#include "asyncfix/git.h"
#include "asyncfix/index.h"
#include "asyncfix/lang.h"
#include "asyncfix/output.h"
#include "asyncfix/pool.h"
#include "asyncfix/rule.h"
#include "asyncfix/writer.h"

struct run {
    char **paths;
    struct af_result *results;
    const struct af_options *opts;
    const struct af_project *project;
};

static void process_one(struct af_worker *w, size_t i, void *ctx)
{
    struct run *run = ctx;
    struct af_result *r = &run->results[i];
    af_engine_process_path(r, w, run->paths[i], run->opts, run->project);
    /* keep only what output needs: the original bytes of changed files */
    if (!r->fixed) {
        free(r->original.data);
        r->original.data = NULL;
        free(r->original.lines);
        r->original.lines = NULL;
    }
}

static int read_stdin(char **out, size_t *len)
{
    struct af_buf buf = AF_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
        af_buf_put(&buf, chunk, n);
    if (ferror(stdin)) {
        af_buf_dispose(&buf);
        return AF_ERROR;
    }
    *len = buf.size;
    *out = af_buf_detach(&buf);
    return 0;
}

/* the summary of a run, on stderr so that stdout stays the findings or the diff */
static void summary(const struct af_result *results, size_t n, const struct af_options *opts,
                    unsigned remaining, unsigned fixable, unsigned fixed, unsigned files_changed)
{
    if (opts->quiet || opts->format != AF_FORMAT_TEXT)
        return;
    FILE *out = opts->mode == AF_MODE_CHECK ? stdout : stderr;
    if (opts->statistics) {
        for (const struct af_rule *const *r = af_rules; *r; r++) {
            unsigned count = 0, fx = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < results[i].nreports; k++)
                    if (results[i].reports[k].code == (*r)->code) {
                        count++;
                        fx += results[i].reports[k].has_fix &&
                              (results[i].reports[k].applicability == AF_SAFE ||
                               (results[i].reports[k].applicability == AF_UNSAFE && opts->unsafe_fixes));
                    }
            if (count)
                fprintf(out, "%5u  %s  %s%s\n", count, (*r)->code, fx ? "[*] " : "", (*r)->name);
        }
    }
    if (opts->mode == AF_MODE_CHECK) {
        if (!remaining)
            fprintf(out, "All checks passed!\n");
        else
            fprintf(out, "Found %u finding%s (%u fixable with `asyncfix --write%s`).\n", remaining,
                    remaining == 1 ? "" : "s", fixable, opts->unsafe_fixes ? " --unsafe-fixes" : "");
    }
    if (!opts->unsafe_fixes) {
        unsigned hidden = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < results[i].nreports; k++)
                hidden += results[i].reports[k].has_fix && results[i].reports[k].applicability == AF_UNSAFE;
        if (hidden)
            fprintf(out, "%u more fix%s can be applied with `--unsafe-fixes` (%s may change behaviour).\n",
                    hidden, hidden == 1 ? "" : "es", hidden == 1 ? "it" : "they");
    }
    if (opts->mode != AF_MODE_CHECK) {
        fprintf(out, "%s %u finding%s in %u file%s", opts->mode == AF_MODE_DIFF ? "Would fix" : "Fixed",
                fixed, fixed == 1 ? "" : "s", files_changed, files_changed == 1 ? "" : "s");
        if (remaining)
            fprintf(out, " (%u remaining)", remaining);
        fputs(".\n", out);
    }
    /* new third-party dependencies the fixes brought in */
    const char *mods[16];
    size_t nm = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < results[i].nadded; k++) {
            const char *m = results[i].added_imports[k];
            if (!strcmp(m, "asyncio") || !strcmp(m, "functools"))
                continue;
            if (!strcmp(m, "pathlib") || !strcmp(m, "json"))   /* standard library too */
                continue;
            bool dup = false;
            for (size_t j = 0; j < nm; j++)
                dup = dup || !strcmp(mods[j], m);
            if (!dup && nm < 16)
                mods[nm++] = m;
        }
    if (nm) {
        fputs("added imports: ", out);
        for (size_t j = 0; j < nm; j++)
            fprintf(out, "%s%s", j ? ", " : "", mods[j]);
        fputs(" \xe2\x80\x94 add them to your project's dependencies\n", out);
    }
}

int main(int argc, char **argv)
{
    struct af_options opts;
    int exit_code = 0, errors = 0;
    af_options_init(&opts);
    if (af_lang_init() < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return 2;
    }
    git_libgit2_init();
    int rc = af_cli_parse(&opts, argc, argv, &exit_code);
    if (rc != 0) {
        af_options_dispose(&opts);
        git_libgit2_shutdown();
        return rc > 0 ? exit_code : 2;
    }

    struct af_strlist files = { 0 };
    struct af_result *results = NULL;
    size_t n = 0;
    struct af_project *project = NULL;

    if (opts.stdin_filename) {
        char *data;
        size_t len;
        struct af_worker w;
        if (read_stdin(&data, &len) < 0 || af_worker_init(&w, 0) < 0) {
            fprintf(stderr, "asyncfix: cannot read standard input\n");
            return 2;
        }
        n = 1;
        results = af_calloc(1, sizeof(*results));
        struct af_source src;
        if (af_source_from_buffer(&src, opts.stdin_filename, data, len) < 0) {
            results[0].path = af_strdup(opts.stdin_filename);
            results[0].status = AF_EINVALID;
            results[0].error = af_strdup(af_error_last());
            af_source_dispose(&src);
        } else {
            af_engine_process(&results[0], &w, &src, &opts, NULL);
        }
        af_worker_dispose(&w);
    } else {
        /* --branch reads its files from the base commit, not from disk */
        if (!opts.branch)
            af_discover(&files, &opts, &errors);
        if (opts.since && af_git_filter_since(&files, &opts) < 0) {
            fprintf(stderr, "asyncfix: %s\n", af_error_last());
            return 2;
        }
        bool want_index = false;
        for (const struct af_rule *const *r = af_rules; *r; r++)
            if (((*r)->flags & AF_RULE_NEEDS_PROJECT) && af_options_rule_enabled(&opts, *r))
                want_index = true;
        if (want_index && !opts.parse_only)
            af_index_build(&project, files.items, files.n, opts.jobs);
        if (opts.commit || opts.branch) {
            int code = af_git_run(&opts, &files, project);
            if (code == 1 && opts.exit_zero)
                code = 0;
            af_project_free(project);
            af_strlist_dispose(&files);
            af_options_dispose(&opts);
            git_libgit2_shutdown();
            return code;
        }
        n = files.n;
        results = af_calloc(n ? n : 1, sizeof(*results));
        struct run run = { files.items, results, &opts, project };
        if (af_pool_run(n, opts.jobs, process_one, &run) < 0) {
            fprintf(stderr, "asyncfix: %s\n", af_error_last());
            return 2;
        }
    }

    unsigned remaining = 0, fixable = 0, fixed = 0, changed = 0;
    bool diff_nonempty = false;
    struct af_buf diff = AF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        struct af_result *r = &results[i];
        if (r->status < 0) {
            fprintf(stderr, "asyncfix: %s: %s\n", af_diff_path(r->path), r->error);
            errors++;
            continue;
        }
        if (r->internal_error) {
            fprintf(stderr, "asyncfix: %s: internal error: %s\n", af_diff_path(r->path), r->internal_error);
            errors++;
        }
        remaining += (unsigned)r->nreports;
        fixable += r->fixable;
        if (!r->fixed)
            continue;
        unsigned nfixed = 0;
        for (size_t k = 0; k < r->napplied; k++)
            nfixed += r->applied[k].count;
        if (opts.mode == AF_MODE_DIFF) {
            if (opts.stdin_filename) {
                /* the diff of standard input names the file it stands for */
            }
            if (af_diff_patch(&diff, r->path, r->original.data, r->original.len, r->fixed, r->fixed_len) < 0) {
                fprintf(stderr, "asyncfix: %s: %s\n", af_diff_path(r->path), af_error_last());
                errors++;
            }
            diff_nonempty = true;
        } else if (opts.mode == AF_MODE_WRITE && !opts.stdin_filename) {
            if (af_writer_replace(&r->original, r->fixed, r->fixed_len) < 0) {
                fprintf(stderr, "asyncfix: %s: %s\n", af_diff_path(r->path), af_error_last());
                errors++;
                /* not written: its findings are not fixed */
                continue;
            }
        }
        fixed += nfixed;
        changed++;
    }

    if (opts.mode == AF_MODE_DIFF) {
        fwrite(af_buf_cstr(&diff), 1, diff.size, stdout);
    } else if (opts.mode == AF_MODE_WRITE && opts.stdin_filename) {
        struct af_result *r = &results[0];
        if (r->status == 0) {
            if (r->fixed)
                fwrite(r->fixed, 1, r->fixed_len, stdout);
            else
                fwrite(r->original.data ? r->original.data : "", 1, r->original.data ? r->original.len : 0, stdout);
        }
    } else {
        if (opts.mode == AF_MODE_CHECK || remaining)
            af_output_findings(opts.mode == AF_MODE_CHECK ? stdout : stderr, results, n, &opts);
    }
    if (!(opts.stdin_filename && results[0].status < 0))
        summary(results, n, &opts, remaining, fixable, fixed, changed);

    if (errors)
        exit_code = 2;
    else if (opts.exit_zero)
        exit_code = 0;
    else if (opts.mode == AF_MODE_DIFF)
        exit_code = diff_nonempty ? 1 : 0;
    else
        exit_code = remaining ? 1 : 0;

    af_buf_dispose(&diff);
    for (size_t i = 0; i < n; i++)
        af_result_dispose(&results[i]);
    free(results);
    af_project_free(project);
    af_strlist_dispose(&files);
    af_options_dispose(&opts);
    git_libgit2_shutdown();
    return exit_code;
}
