/*
 * options.h - what a run is asked to do, and the one table of options that
 * says so: each row is a command-line option and, where it says so, a key of
 * [tool.asyncfix]; --help is generated from the rows. The core's rows are
 * in options.c; a rule family's own rows (and the struct holding their values)
 * come with its descriptor (struct af_settings, reached through the rules).
 *
 * A run's values live in its struct af_options (the rule families' in
 * opts->settings): several runs may hold different values at once. Set up by
 * the command line and the config, read-only once workers start.
 */
#ifndef ASYNCFIX_OPTIONS_H
#define ASYNCFIX_OPTIONS_H

#include <stdio.h>

#include "asyncfix/common.h"

enum af_mode { AF_MODE_CHECK, AF_MODE_DIFF, AF_MODE_WRITE };
enum af_format { AF_FORMAT_TEXT, AF_FORMAT_JSON, AF_FORMAT_SARIF, AF_FORMAT_GITHUB, AF_FORMAT_GITLAB };

struct af_rule;
struct af_settings;

/* a rule family's values in one run */
struct af_settings_values {
    const struct af_settings *of;
    void *values;                   /* owned, of->size bytes */
};

struct af_options {
    enum af_mode mode;
    enum af_format format;
    bool unsafe_fixes;
    struct af_strlist select;       /* codes or prefixes; empty: all */
    struct af_strlist ignore;
    struct af_strlist exclude;      /* globs, added to the default excludes */
    struct af_strlist extend_exclude;   /* globs, added to those */
    bool force_exclude;             /* the excludes apply to paths named on the command line too */
    bool show_files;                /* print the files a run would check, one per line */
    struct af_strlist paths;
    struct af_strlist roots;        /* absolute folders modules are named from (sys.path-like; af_discover_roots) */
    int target_minor;               /* 3.N: 9 means py39 */
    int jobs;
    bool quiet;
    bool statistics;
    bool color;
    bool exit_zero;                 /* exit 0 when findings remain (errors still exit 2) */
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
    /* project decisions (AF106 migrations) this run applies in no file: another file cannot carry its part */
    const uint32_t *vetoed;
    size_t nvetoed;
    /* the rule families' settings, one entry per family that has any */
    struct af_settings_values *settings;
    size_t nsettings;
};

/* the defaults, with every rule family's settings */
void af_options_init(struct af_options *opts);
void af_options_dispose(struct af_options *opts);

/* true when this run applies decision `d` nowhere (opts->vetoed) */
static inline bool af_options_vetoed(const struct af_options *opts, uint32_t d)
{
    for (size_t i = 0; i < opts->nvetoed; i++)
        if (opts->vetoed[i] == d)
            return true;
    return false;
}

/* the values of a rule family's settings in this run (the family's own struct) */
static inline const void *af_options_settings(const struct af_options *opts, const struct af_settings *of)
{
    for (size_t i = 0; i < opts->nsettings; i++)
        if (opts->settings[i].of == of)
            return opts->settings[i].values;
    return NULL;
}

/*
 * True when `rule` runs: the most specific of --select and --ignore wins, as
 * in ruff; a rule flagged always on runs unless an --ignore names it.
 */
bool af_options_rule_enabled(const struct af_options *opts, const struct af_rule *rule);

/* true when a rule that runs has one of `flags` (AF_RULE_NEEDS_PROJECT, ...) */
bool af_options_any_rule(const struct af_options *opts, unsigned flags);

/* ---- the table ---- */

enum af_option_kind {
    AF_OPT_FLAG,      /* bool = true (in the config: true or false) */
    AF_OPT_CLEAR,     /* bool = false (--no-color) */
    AF_OPT_SET,       /* int = `value` (--diff, --write: the mode) */
    AF_OPT_STRING,    /* const char * = the argument itself (command line only) */
    AF_OPT_CHOICE,    /* int = the index of the argument among `choices` */
    AF_OPT_PARSE,     /* `parse` turns the text into the value */
    AF_OPT_LIST,      /* struct af_strlist: the config gives an array of strings, which replaces the list */
    AF_OPT_ACTION,    /* answered at once (--help, --version, --list-rules, --explain) */
    AF_OPT_FAMILIES,  /* not an option: the rule families' rows go here (in --help) */
};

enum {
    AF_OPT_CONFIG = 1 << 0,   /* also a key of [tool.asyncfix], spelled as the long name */
    AF_OPT_HIDDEN = 1 << 1,   /* not in --help (benchmarks) */
    AF_OPT_CSV = 1 << 2,      /* lists: comma-separated on the command line */
    AF_OPT_EXTEND = 1 << 3,   /* lists: the command line adds to the config's (else its first use replaces them) */
};

struct af_option {
    const char *name;             /* the long name without "--"; NULL ends a table */
    char short_name;              /* 'j', or 0 */
    enum af_option_kind kind;
    unsigned flags;
    size_t offset;                /* of the value in its struct (struct af_options or the family's) */
    const char *metavar;          /* the argument ("CODES"); NULL: the option takes none */
    const char *help;             /* one line for --help */
    const char *alias;            /* another spelling of the same option ("fix", "output-format"), or NULL */
    int value;                    /* AF_OPT_SET: the value set */
    const char *const *choices;   /* AF_OPT_CHOICE: NULL-terminated */
    const char *what;             /* AF_OPT_CHOICE: what a value is, for messages ("format") */
    /* AF_OPT_PARSE: 0, or negative with the reason in af_error_last */
    int (*parse)(void *field, const char *text);
    /* AF_OPT_ACTION: prints its answer; returns the exit code */
    int (*action)(const char *arg);
    const char *requires;         /* "write", "commit|branch": a usage error unless one is given too */
    const char *conflicts;        /* "branch", "commit|branch": a usage error when one is given too */
};

/* a rule family's settings: its rows and the struct holding their values */
struct af_settings {
    size_t size;                        /* of the values struct */
    void (*init)(void *values);         /* the defaults (the struct is zeroed first); NULL: zeroes */
    const struct af_option *options;    /* ends with a row whose name is NULL */
};

/* one option of the run: its row, and whose it is */
struct af_option_ref {
    const struct af_option *row;
    const struct af_settings *of;       /* NULL: a core option (its value is in struct af_options) */
};

/* every option in --help order: the core's, with the rule families' where AF_OPT_FAMILIES stands; caller frees */
size_t af_options_all(struct af_option_ref **out);

/*
 * Sets an option from the command line: `text` is its argument (NULL for an
 * option without one). `first` says that this option was not given before on
 * this command line (a list's first use replaces what the config gave). For
 * an AF_OPT_ACTION, runs it and stores its exit code in *exit_code and
 * returns 1. Otherwise 0, or AF_EINVALID with the reason in af_error_last.
 */
int af_options_set(struct af_options *opts, const struct af_option_ref *ref, const char *text, bool first,
                   int *exit_code);

/* a value of the config as the TOML reader found it */
struct af_config_value {
    enum { AF_CONFIG_STRING, AF_CONFIG_BOOL, AF_CONFIG_STRINGS, AF_CONFIG_OTHER } type;
    const char *string;                 /* AF_CONFIG_STRING */
    bool boolean;                       /* AF_CONFIG_BOOL */
    const struct af_strlist *strings;   /* AF_CONFIG_STRINGS: an array of strings */
};

/* sets the config key `key` (a row's long name); AF_EINVALID (af_error_last: why) for an unknown key or a bad value */
int af_options_set_config(struct af_options *opts, const char *key, const struct af_config_value *value);

/*
 * The checks that need the whole command line: every `requires` and
 * `conflicts` among the options `given` (n of them), the codes of --select and
 * --ignore (each must name a rule or a prefix of rules; the message suggests
 * the nearest). Sets the defaults that depend on others (jobs). 0 or AF_EINVALID
 * with the message in af_error_last.
 */
int af_options_check(struct af_options *opts, const struct af_option_ref *given, size_t n);

/* --help */
void af_options_usage(FILE *out);

/* "py39" -> 9; -1 when not a supported version */
int af_options_target_version(const char *text);

/* the value of option `name` as text ("to_thread", "a.b,c.d", "true"); AF_ENOTFOUND for no such option */
int af_options_value(struct af_buf *out, const struct af_options *opts, const char *name);

#endif
