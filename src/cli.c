/*
 * cli.c - the command line: getopt_long over the option table (options.h),
 * then the config (--config's file, else the nearest pyproject.toml with
 * [tool.asyncfix]), then the command line's options in their order, so that
 * they win over the config.
 */
#include "asyncfix/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncfix/config.h"

/* one option of the command line as getopt_long read it */
struct given {
    size_t ref;              /* index into the table, or SIZE_MAX for a usage error */
    const char *arg;
    char *error;             /* owned: the usage error */
};

struct command_line {
    struct af_option_ref *refs;
    size_t nrefs;
    struct given *given;
    size_t n, cap;
};

static int usage_error(const char *message)
{
    fprintf(stderr, "asyncfix: %s (see asyncfix --help)\n", message);
    return AF_EINVALID;
}

static void add_given(struct command_line *cl, size_t ref, const char *arg, char *error)
{
    AF_ARRAY_GROW(cl->given, cl->n, cl->cap);
    cl->given[cl->n++] = (struct given){ ref, arg, error };
}

/* getopt_long's tables for the option table: a long option's val is 256 + its index */
static void getopt_tables(const struct command_line *cl, struct option **longs, struct af_buf *shorts)
{
    size_t n = 0;
    *longs = af_calloc(cl->nrefs * 2 + 1, sizeof(**longs));
    af_buf_putc(shorts, ':');
    for (size_t i = 0; i < cl->nrefs; i++) {
        const struct af_option *row = cl->refs[i].row;
        int has_arg = row->metavar ? required_argument : no_argument;
        (*longs)[n++] = (struct option){ row->name, has_arg, NULL, 256 + (int)i };
        if (row->alias)
            (*longs)[n++] = (struct option){ row->alias, has_arg, NULL, 256 + (int)i };
        if (row->short_name) {
            af_buf_putc(shorts, row->short_name);
            if (row->metavar)
                af_buf_putc(shorts, ':');
        }
    }
}

/* reads argv into cl->given (in order) and the paths after the options */
static void read_argv(struct command_line *cl, struct af_strlist *paths, int argc, char **argv)
{
    struct option *longs;
    struct af_buf shorts = AF_BUF_INIT;
    getopt_tables(cl, &longs, &shorts);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shorts.ptr, longs, NULL)) != -1) {
        if (c == ':') {
            add_given(cl, SIZE_MAX, NULL, af_asprintf("option '%s' needs a value", argv[optind - 1]));
        } else if (c >= 256) {
            add_given(cl, (size_t)(c - 256), optarg, NULL);
        } else {
            size_t ref = SIZE_MAX;
            for (size_t i = 0; i < cl->nrefs && c != '?'; i++)
                if (cl->refs[i].row->short_name == c)
                    ref = i;
            if (ref == SIZE_MAX)
                add_given(cl, SIZE_MAX, NULL, af_asprintf("unknown option '%s'", argv[optind - 1]));
            else
                add_given(cl, ref, optarg, NULL);
        }
    }
    for (int i = optind; i < argc; i++)
        af_strlist_add(paths, argv[i]);
    free(longs);
    af_buf_dispose(&shorts);
}

/* the last --config given, or NULL */
static const char *config_path(const struct command_line *cl)
{
    const char *path = NULL;
    for (size_t i = 0; i < cl->n; i++)
        if (cl->given[i].ref != SIZE_MAX && !strcmp(cl->refs[cl->given[i].ref].row->name, "config"))
            path = cl->given[i].arg;
    return path;
}

/* applies the options in their order: 0, 1 when an action answered, or a usage error */
static int apply(struct af_options *opts, const struct command_line *cl, int *exit_code)
{
    bool *seen = af_calloc(cl->nrefs, sizeof(*seen));
    int rc = 0;
    for (size_t i = 0; i < cl->n && rc == 0; i++) {
        const struct given *g = &cl->given[i];
        if (g->error) {
            rc = usage_error(g->error);
            break;
        }
        rc = af_options_set(opts, &cl->refs[g->ref], g->arg, !seen[g->ref], exit_code);
        seen[g->ref] = true;
        if (rc < 0)
            rc = usage_error(af_error_last());
    }
    free(seen);
    return rc;
}

static int check(struct af_options *opts, const struct command_line *cl)
{
    struct af_option_ref *given = af_calloc(cl->n ? cl->n : 1, sizeof(*given));
    for (size_t i = 0; i < cl->n; i++)
        given[i] = cl->refs[cl->given[i].ref];
    int error = af_options_check(opts, given, cl->n);
    free(given);
    return error < 0 ? usage_error(af_error_last()) : 0;
}

int af_cli_parse(struct af_options *opts, int argc, char **argv, int *exit_code)
{
    struct command_line cl = { 0 };
    int rc;
    *exit_code = 0;
    cl.nrefs = af_options_all(&cl.refs);
    read_argv(&cl, &opts->paths, argc, argv);
    if ((rc = af_config_load(opts, config_path(&cl))) < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        goto done;
    }
    opts->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    if ((rc = apply(opts, &cl, exit_code)) == 0)
        rc = check(opts, &cl);
done:
    for (size_t i = 0; i < cl.n; i++)
        free(cl.given[i].error);
    free(cl.given);
    free(cl.refs);
    return rc;
}
