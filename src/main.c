/*
 * main.c - asyncfix: discover files, build the project index, run the
 * pipeline on every file with a pool of workers, then report, diff or write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/tsalloc.h"
#include "asyncfix/blocking.h"
#include "asyncfix/cli.h"
#include "asyncfix/crash.h"
#include "asyncfix/diff.h"
#include "asyncfix/discover.h"
#include "asyncfix/engine.h"
#include "asyncfix/git.h"
#include "asyncfix/index.h"
#include "asyncfix/lang.h"
#include "asyncfix/output.h"
#include "asyncfix/pool.h"
#include "asyncfix/rule.h"
#include "asyncfix/server.h"
#include "asyncfix/writer.h"

struct run {
    char **paths;
    struct af_result *results;
    const struct af_options *opts;
    const struct af_project *project;
    const size_t *only;        /* process these results again (NULL: every one) */
    const size_t *order;       /* the first time: the files in this order (NULL: as listed) */
};

static void process_one(struct af_worker *w, size_t k, void *ctx)
{
    struct run *run = ctx;
    size_t i = run->only ? run->only[k] : run->order ? run->order[k] : k;
    struct af_result *r = &run->results[i];
    if (run->only)
        af_result_dispose(r);
    af_engine_process_path(r, w, run->paths[i], run->opts, run->project);
    /* keep only what output needs: the original bytes of changed files */
    if (!r->fixed)
        af_source_drop_text(&r->original);
}

/* standard input, bounded: a NUL byte (never in a Python source) or too many bytes stop the read */
static int read_stdin(char **out, size_t *len)
{
    struct af_buf buf = AF_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
        const char *nul = memchr(chunk, 0, n);
        if (nul || buf.size + n > AF_SOURCE_MAX) {
            if (nul)
                af_error_set("cannot read standard input: binary input (NUL byte at offset %zu)",
                             buf.size + (size_t)(nul - chunk));
            else
                af_error_set("cannot read standard input: too large (at most %zu bytes)", AF_SOURCE_MAX);
            af_buf_dispose(&buf);
            return AF_ERROR;
        }
        af_buf_put(&buf, chunk, n);
    }
    if (ferror(stdin)) {
        af_error_set("cannot read standard input");
        af_buf_dispose(&buf);
        return AF_ERROR;
    }
    *len = buf.size;
    *out = af_buf_detach(&buf);
    return 0;
}

/* the summary of a run, on stderr so that stdout stays the findings or the diff */
static void summary(const struct af_result *results, size_t n, const struct af_options *opts,
                    unsigned remaining, unsigned fixable, unsigned fixed, unsigned files_changed, int errors)
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
            /* as ruff: [*] every finding of the rule fixable, [~] some, nothing when none */
            if (count)
                fprintf(out, "%5u  %s  %s%s\n", count, (*r)->code, fx == count ? "[*] " : fx ? "[~] " : "",
                        (*r)->name);
        }
    }
    if (opts->mode == AF_MODE_CHECK) {
        /* a pass only when every path was checked */
        if (!remaining && !errors)
            fprintf(out, "All checks passed!\n");
        else if (!remaining)
            fprintf(out, "No findings in the files checked, but %d error%s above: not every file was checked.\n",
                    errors, errors == 1 ? "" : "s");
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
    struct af_strlist mods = { 0 };
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < results[i].nadded; k++) {
            const char *m = results[i].added_imports[k];
            if (!strcmp(m, "asyncio") || !strcmp(m, "functools"))
                continue;
            if (!strcmp(m, "pathlib") || !strcmp(m, "json"))   /* standard library too */
                continue;
            if (!af_strlist_contains(&mods, m))
                af_strlist_add(&mods, m);
        }
    if (mods.n) {
        fputs("added imports: ", out);
        for (size_t j = 0; j < mods.n; j++)
            fprintf(out, "%s%s", j ? ", " : "", mods.items[j]);
        fputs(" \xe2\x80\x94 add them to your project's dependencies\n", out);
    }
    af_strlist_dispose(&mods);
}

/* what the run came to, over every file */
struct outcome {
    struct af_result *results;
    size_t n;
    int errors;
    unsigned remaining, fixable, fixed, changed;
    bool diff_nonempty;
    struct af_buf diff;
};

static int process_stdin(struct outcome *o, const struct af_options *opts)
{
    char *data;
    size_t len;
    struct af_worker w;
    if (read_stdin(&data, &len) < 0 || af_worker_init(&w, 0) < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return AF_ERROR;
    }
    o->n = 1;
    o->results = af_calloc(1, sizeof(*o->results));
    af_engine_process_buffer(&o->results[0], &w, opts->stdin_filename, data, len, opts, NULL);
    af_worker_dispose(&w);
    af_crash_disarm();
    return 0;
}

/* pass 1; with migrate-helpers, over the project's other files below the roots too */
static void build_project(struct af_project **out, const struct af_strlist *files, const struct af_options *opts)
{
    struct af_strlist others = { 0 };
    if (af_blocking_migrate(opts)) {
        /* every file below the roots but the default excludes: one --exclude skips may still call a helper */
        struct af_options below = *opts;
        int errors = 0;
        below.paths = opts->roots;
        memset(&below.exclude, 0, sizeof(below.exclude));
        memset(&below.extend_exclude, 0, sizeof(below.extend_exclude));
        below.force_exclude = false;
        af_discover(&others, &below, &errors);
    }
    struct af_index_input in = { files->items, files->n, others.items, others.n, NULL, NULL };
    af_index_build(out, &in, opts);
    af_strlist_dispose(&others);
}

struct sized {
    size_t index;
    off_t size;
};

static int cmp_larger_first(const void *a, const void *b)
{
    const struct sized *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * The order the workers take the files in: the largest first, so that no
 * core is left idle at the end while the other finishes a large file (the
 * results stay in the files' order). One stat a file.
 */
static size_t *largest_first(const struct af_strlist *files)
{
    struct sized *s = af_malloc((files->n ? files->n : 1) * sizeof(*s));
    for (size_t i = 0; i < files->n; i++) {
        struct stat st;
        s[i].index = i;
        s[i].size = stat(files->items[i], &st) == 0 ? st.st_size : 0;
    }
    qsort(s, files->n, sizeof(*s), cmp_larger_first);
    size_t *order = af_malloc((files->n ? files->n : 1) * sizeof(*order));
    for (size_t i = 0; i < files->n; i++)
        order[i] = s[i].index;
    free(s);
    return order;
}

static int process_files(struct outcome *o, const struct af_strlist *files, const struct af_options *opts,
                         const struct af_project *project)
{
    o->n = files->n;
    o->results = af_calloc(o->n ? o->n : 1, sizeof(*o->results));
    size_t *order = opts->jobs != 1 ? largest_first(files) : NULL;
    struct run run = { files->items, o->results, opts, project, NULL, order };
    int error = af_pool_run(o->n, opts->jobs, process_one, &run);
    free(order);
    if (error < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return AF_ERROR;
    }
    af_crash_disarm();
    /* a module only the project index read, that crashed it, is named too */
    o->errors += af_crash_report_others(files->items, files->n);
    return 0;
}

/* with --write: the decisions carried by a file that cannot be written now, added to *vetoed */
static size_t unwritable(uint32_t **vetoed, size_t *nvetoed, const struct outcome *o, const struct af_options *opts)
{
    size_t added = 0;
    for (size_t i = 0; opts->mode == AF_MODE_WRITE && i < o->n; i++) {
        const struct af_result *r = &o->results[i];
        if (!r->ndecisions || !r->fixed || af_writer_check(&r->original) == 0)
            continue;
        fprintf(stderr, "asyncfix: %s: %s; the helpers its fixes make async stay as they are\n",
                af_diff_path(r->path), af_error_last());
        for (size_t k = 0; k < r->ndecisions; k++) {
            bool seen = false;
            for (size_t v = 0; v < *nvetoed; v++)
                seen = seen || (*vetoed)[v] == r->decisions[k];
            if (!seen) {
                *vetoed = af_realloc(*vetoed, (*nvetoed + 1) * sizeof(**vetoed));
                (*vetoed)[(*nvetoed)++] = r->decisions[k];
                added++;
            }
        }
    }
    return added;
}

/*
 * The project's decisions (AF106 migrations) all or nothing: while one is
 * refused by a file, not carried by a file that holds a part of it, or
 * carried by a file that cannot be written, it is vetoed and the files that
 * hold a part of a vetoed one are processed again without it.
 */
static int settle_decisions(struct outcome *o, const struct af_strlist *files, const struct af_options *opts,
                            const struct af_project *project, uint32_t **vetoed, size_t *nvetoed)
{
    struct af_options again = *opts;
    size_t *only = af_malloc((o->n ? o->n : 1) * sizeof(*only));
    int error = 0;
    for (int round = 0; round < 8 && af_project_migrations(project); round++) {
        size_t added = af_engine_veto(vetoed, nvetoed, o->results, o->n, opts, project);
        added += unwritable(vetoed, nvetoed, o, opts);
        if (!added)
            break;
        again.vetoed = *vetoed;
        again.nvetoed = *nvetoed;
        size_t n = 0;
        for (size_t i = 0; i < o->n; i++)
            if (af_engine_touches(&o->results[i], *vetoed, *nvetoed, project))
                only[n++] = i;
        struct run run = { files->items, o->results, &again, project, only, NULL };
        if ((error = af_pool_run(n, opts->jobs, process_one, &run)) < 0)
            break;
    }
    free(only);
    return error;
}

/* one file's result: its errors, its diff or its write, and what it counts for */
static void settle_one(struct outcome *o, struct af_result *r, const struct af_options *opts)
{
    if (r->status < 0) {
        af_error_report(r->path, "%s", r->error);
        o->errors++;
        return;
    }
    if (r->internal_error) {
        af_error_report(r->path, "internal error: %s", r->internal_error);
        o->errors++;
    }
    o->remaining += (unsigned)r->nreports;
    o->fixable += r->fixable;
    if (!r->fixed)
        return;
    if (opts->mode == AF_MODE_DIFF) {
        size_t olen;
        const char *obytes = af_source_bytes(&r->original, &olen);
        if (af_diff_patch(&o->diff, r->path, obytes, olen, r->fixed, r->fixed_len) < 0) {
            af_error_report(r->path, "%s", af_error_last());
            o->errors++;
        }
        o->diff_nonempty = true;
    } else if (opts->mode == AF_MODE_WRITE && !opts->stdin_filename) {
        if (af_writer_replace(&r->original, r->fixed, r->fixed_len) < 0) {
            af_error_report(r->path, "%s", af_error_last());
            o->errors++;
            return;   /* not written: its findings are not fixed */
        }
    }
    for (size_t k = 0; k < r->napplied; k++)
        o->fixed += r->applied[k].count;
    o->changed++;
}

/* the diff, the fixed standard input, or the findings; then the summary */
static void print_outcome(const struct outcome *o, const struct af_options *opts)
{
    if (opts->mode == AF_MODE_DIFF) {
        fwrite(af_buf_cstr(&o->diff), 1, o->diff.size, stdout);
    } else if (opts->mode == AF_MODE_WRITE && opts->stdin_filename) {
        const struct af_result *r = &o->results[0];
        if (r->status == 0) {
            size_t olen = 0;
            const char *obytes = r->original.data ? af_source_bytes(&r->original, &olen) : "";
            if (r->fixed)
                fwrite(r->fixed, 1, r->fixed_len, stdout);
            else
                fwrite(obytes, 1, olen, stdout);
        }
    } else if (opts->mode == AF_MODE_CHECK || o->remaining) {
        af_output_findings(opts->mode == AF_MODE_CHECK ? stdout : stderr, o->results, o->n, opts);
    }
    if (!(opts->stdin_filename && o->results[0].status < 0))
        summary(o->results, o->n, opts, o->remaining, o->fixable, o->fixed, o->changed, o->errors);
}

static int exit_status(const struct outcome *o, const struct af_options *opts)
{
    if (o->errors)
        return 2;
    if (opts->exit_zero)
        return 0;
    if (opts->mode == AF_MODE_DIFF)
        return o->diff_nonempty ? 1 : 0;
    return o->remaining ? 1 : 0;
}

/* the run after the command line: returns the exit status */
static int run_checks(struct af_options *opts, char **argv)
{
    struct outcome o = { .diff = AF_BUF_INIT };
    struct af_strlist files = { 0 };
    struct af_project *project = NULL;
    uint32_t *vetoed = NULL;   /* the project decisions this run applies nowhere */
    size_t nvetoed = 0;
    int status = 2;
    af_crash_init(argv, opts->stdin_filename);
    if (!opts->roots.n) {
        struct af_strlist given = { 0 };
        af_strlist_add(&given, opts->stdin_filename ? opts->stdin_filename : ".");
        af_discover_roots(&opts->roots, opts->stdin_filename ? &given : &opts->paths);
        af_strlist_dispose(&given);
    }
    if (opts->stdin_filename) {
        if (process_stdin(&o, opts) < 0)
            goto done;
    } else {
        /* --branch reads its files from the base commit, not from disk */
        if ((!opts->branch && af_discover(&files, opts, &o.errors) < 0) ||
            (opts->branch && af_discover_check_globs(opts) < 0)) {
            fprintf(stderr, "asyncfix: %s\n", af_error_last());
            goto done;
        }
        if (opts->since && af_git_filter_since(&files, opts) < 0) {
            fprintf(stderr, "asyncfix: %s\n", af_error_last());
            goto done;
        }
        if (opts->show_files) {
            af_crash_disarm();
            for (size_t i = 0; i < files.n; i++)
                printf("%s\n", files.items[i]);
            status = o.errors ? 2 : 0;
            goto done;
        }
        /* --branch reads its files from the base commit, and pass 1 with them */
        if (af_options_any_rule(opts, AF_RULE_NEEDS_PROJECT) && !opts->parse_only && !opts->branch)
            build_project(&project, &files, opts);
        if (opts->commit || opts->branch) {
            status = af_git_run(opts, &files, project);
            if (status == 1 && opts->exit_zero)
                status = 0;
            if (!opts->branch)
                o.errors += af_crash_report_others(files.items, files.n);
            if (o.errors)
                status = 2;   /* a path that could not be read is not a pass */
            goto done;
        }
        if (process_files(&o, &files, opts, project) < 0 ||
            settle_decisions(&o, &files, opts, project, &vetoed, &nvetoed) < 0)
            goto done;
    }
    for (size_t i = 0; i < o.n; i++)
        settle_one(&o, &o.results[i], opts);
    print_outcome(&o, opts);
    status = exit_status(&o, opts);
done:
    af_buf_dispose(&o.diff);
    for (size_t i = 0; i < o.n; i++)
        af_result_dispose(&o.results[i]);
    free(o.results);
    af_project_free(project);
    free(vetoed);
    af_strlist_dispose(&files);
    return status;
}

int main(int argc, char **argv)
{
    struct af_options opts;
    int exit_code = 0;
    af_tsalloc_install();   /* before tree-sitter allocates anything */
    if (argc > 1 && !strcmp(argv[1], "server"))
        return af_server_main(argc - 1, argv + 1);
    af_options_init(&opts);
    if (af_lang_init() < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return 2;
    }
    int rc = af_cli_parse(&opts, argc, argv, &exit_code);
    if (rc == 0)
        exit_code = run_checks(&opts, argv);
    else if (rc < 0)
        exit_code = 2;
    af_options_dispose(&opts);
    af_libgit2_done();
    return exit_code;
}
