/*
 * options.c - the core's rows of the option table, and everything done with
 * a row: set from the command line or the config, checked, shown in --help.
 */
#include "asyncfix/options.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asyncfix/pool.h"
#include "asyncfix/rule.h"

/* ---- the core's rows ---- */

static int parse_target(void *field, const char *text)
{
    int minor = af_options_target_version(text);
    if (minor < 0) {
        af_error_set("unsupported target version '%s' (py38 .. py314)", text);
        return AF_EINVALID;
    }
    *(int *)field = minor;
    return 0;
}

static int parse_jobs(void *field, const char *text)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (!*text || *end || n < 1 || n > 1024) {
        af_error_set("bad job count '%s'", text);
        return AF_EINVALID;
    }
    *(int *)field = (int)n;
    return 0;
}

static int print_version(const char *arg)
{
    printf("asyncfix %s\n", AF_VERSION);
    return 0;
}

static int print_help(const char *arg)
{
    af_options_usage(stdout);
    return 0;
}

static int print_rules(const char *arg)
{
    af_rules_print(stdout);
    return 0;
}

static int print_explanation(const char *arg)
{
    if (af_rule_explain(stdout, arg) < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return 2;
    }
    return 0;
}

static const char *const formats[] = { "text", "json", "sarif", "github", "gitlab", NULL };

#define AT(field) offsetof(struct af_options, field)

static const struct af_option core_options[] = {
    { .name = "diff", .kind = AF_OPT_SET, .offset = AT(mode), .value = AF_MODE_DIFF, .conflicts = "write",
      .help = "print the fixes as a unified diff; change nothing" },
    { .name = "write", .alias = "fix", .kind = AF_OPT_SET, .offset = AT(mode), .value = AF_MODE_WRITE,
      .help = "apply the fixes in place" },
    { .name = "unsafe-fixes", .kind = AF_OPT_FLAG, .flags = AF_OPT_CONFIG, .offset = AT(unsafe_fixes),
      .help = "also apply unsafe fixes (gather, ...)" },
    { .name = "select", .kind = AF_OPT_LIST, .flags = AF_OPT_CONFIG | AF_OPT_CSV, .offset = AT(select),
      .metavar = "CODES", .help = "only these codes or prefixes (AF1, AF101), comma-separated" },
    { .name = "ignore", .kind = AF_OPT_LIST, .flags = AF_OPT_CONFIG | AF_OPT_CSV, .offset = AT(ignore),
      .metavar = "CODES", .help = "never these codes or prefixes (the most specific of the two wins)" },
    { .name = "exclude", .kind = AF_OPT_LIST, .flags = AF_OPT_CONFIG | AF_OPT_EXTEND, .offset = AT(exclude),
      .metavar = "GLOB", .help = "skip files and folders matching GLOB, besides the defaults (repeatable)" },
    { .name = "extend-exclude", .kind = AF_OPT_LIST, .flags = AF_OPT_CONFIG | AF_OPT_EXTEND,
      .offset = AT(extend_exclude), .metavar = "GLOB", .help = "the same, in addition to --exclude" },
    { .name = "force-exclude", .kind = AF_OPT_FLAG, .flags = AF_OPT_CONFIG, .offset = AT(force_exclude),
      .help = "apply the excludes to paths named on the command line too" },
    { .name = "no-force-exclude", .kind = AF_OPT_CLEAR, .offset = AT(force_exclude),
      .help = "paths named on the command line are taken even when excluded (the default)" },
    { .name = "show-files", .kind = AF_OPT_FLAG, .offset = AT(show_files), .conflicts = "stdin-filename|branch",
      .help = "print the files a run would check, one per line, and nothing else" },
    { .name = "format", .alias = "output-format", .kind = AF_OPT_CHOICE, .offset = AT(format),
      .choices = formats, .what = "format", .metavar = "FMT",
      .help = "text, json, sarif, github or gitlab (check mode)" },
    { .name = "target-version", .kind = AF_OPT_PARSE, .flags = AF_OPT_CONFIG, .offset = AT(target_minor),
      .parse = parse_target, .metavar = "VER", .help = "py38 .. py314 (default py39): py38 uses run_in_executor" },
    { .name = "(rule families)", .kind = AF_OPT_FAMILIES },
    { .name = "stdin-filename", .kind = AF_OPT_STRING, .offset = AT(stdin_filename), .conflicts = "commit|branch",
      .metavar = "NAME", .help = "read the source from stdin (--write prints the fixed source)" },
    { .name = "jobs", .short_name = 'j', .kind = AF_OPT_PARSE, .offset = AT(jobs), .parse = parse_jobs,
      .metavar = "N", .help = "worker threads (default: all cores)" },
    { .name = "config", .kind = AF_OPT_STRING, .offset = AT(config_path),
      .metavar = "FILE", .help = "default: the nearest pyproject.toml with [tool.asyncfix]" },
    { .name = "commit", .kind = AF_OPT_FLAG, .offset = AT(commit), .requires = "write", .conflicts = "branch",
      .help = "with --write: commit the changed files on the current branch" },
    { .name = "branch", .kind = AF_OPT_STRING, .offset = AT(branch),
      .metavar = "NAME", .help = "commit the fixes on branch NAME, created from HEAD" },
    { .name = "base", .kind = AF_OPT_STRING, .offset = AT(base), .requires = "branch",
      .metavar = "REV", .help = "with --branch: start from REV instead of HEAD" },
    { .name = "since", .kind = AF_OPT_STRING, .offset = AT(since),
      .metavar = "REV", .help = "only files changed since REV" },
    { .name = "message", .kind = AF_OPT_STRING, .offset = AT(message), .requires = "commit|branch",
      .metavar = "TEXT", .help = "commit subject (default: generated)" },
    { .name = "author", .kind = AF_OPT_STRING, .offset = AT(author), .requires = "commit|branch",
      .metavar = "'NAME <EMAIL>'", .help = "commit author (default: git config)" },
    { .name = "allow-dirty", .kind = AF_OPT_FLAG, .offset = AT(allow_dirty), .requires = "commit",
      .help = "--commit even when fixed files have uncommitted changes" },
    { .name = "force-branch", .kind = AF_OPT_FLAG, .offset = AT(force_branch), .requires = "branch",
      .help = "move an existing --branch when its tip is an ancestor" },
    { .name = "force", .kind = AF_OPT_FLAG, .offset = AT(force), .requires = "force-branch",
      .help = "with --force-branch: move it anyway" },
    { .name = "list-rules", .kind = AF_OPT_ACTION, .action = print_rules, .help = "list the rules" },
    { .name = "explain", .kind = AF_OPT_ACTION, .action = print_explanation,
      .metavar = "CODE", .help = "explain a rule" },
    { .name = "statistics", .kind = AF_OPT_FLAG, .offset = AT(statistics), .help = "count findings per rule" },
    { .name = "exit-zero", .kind = AF_OPT_FLAG, .offset = AT(exit_zero),
      .help = "exit 0 even when findings remain (errors still exit 2)" },
    { .name = "quiet", .short_name = 'q', .kind = AF_OPT_FLAG, .offset = AT(quiet),
      .help = "print findings only, no summary" },
    { .name = "no-color", .kind = AF_OPT_CLEAR, .offset = AT(color), .help = "never colour the output" },
    { .name = "version", .kind = AF_OPT_ACTION, .action = print_version, .help = "print the version" },
    { .name = "help", .short_name = 'h', .kind = AF_OPT_ACTION, .action = print_help, .help = "print this help" },
    { .name = "parse-only", .kind = AF_OPT_FLAG, .flags = AF_OPT_HIDDEN, .offset = AT(parse_only),
      .help = "benchmark: parse and nothing else" },
    { .name = "no-prefilter", .kind = AF_OPT_FLAG, .flags = AF_OPT_HIDDEN, .offset = AT(no_prefilter),
      .help = "benchmark: parse every file" },
    { .name = NULL },
};

#undef AT

/* ---- the rule families' settings ---- */

/* true when some rule before `r` in the table has the same settings */
static bool settings_seen_before(const struct af_rule *const *r)
{
    for (const struct af_rule *const *p = af_rules; p < r; p++)
        if ((*p)->settings == (*r)->settings)
            return true;
    return false;
}

void af_options_init(struct af_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->target_minor = 9;
    for (const struct af_rule *const *r = af_rules; *r; r++) {
        const struct af_settings *of = (*r)->settings;
        if (!of || settings_seen_before(r))
            continue;
        opts->settings = af_realloc(opts->settings, (opts->nsettings + 1) * sizeof(*opts->settings));
        struct af_settings_values *v = &opts->settings[opts->nsettings++];
        v->of = of;
        v->values = af_calloc(1, of->size);
        if (of->init)
            of->init(v->values);
    }
}

void af_options_dispose(struct af_options *opts)
{
    for (const struct af_option *o = core_options; o->name; o++)
        if (o->kind == AF_OPT_LIST)
            af_strlist_dispose((struct af_strlist *)((char *)opts + o->offset));
    af_strlist_dispose(&opts->paths);
    af_strlist_dispose(&opts->roots);
    for (size_t i = 0; i < opts->nsettings; i++) {
        struct af_settings_values *v = &opts->settings[i];
        for (const struct af_option *o = v->of->options; o->name; o++)
            if (o->kind == AF_OPT_LIST)
                af_strlist_dispose((struct af_strlist *)((char *)v->values + o->offset));
        free(v->values);
    }
    free(opts->settings);
    memset(opts, 0, sizeof(*opts));
}

/* ---- which rules run ---- */

bool af_options_any_rule(const struct af_options *opts, unsigned flags)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        if (((*r)->flags & flags) && af_options_rule_enabled(opts, *r))
            return true;
    return false;
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

bool af_options_rule_enabled(const struct af_options *opts, const struct af_rule *rule)
{
    /* an opt-in rule runs only when a select names it (its code or a prefix of it) */
    size_t sel = opts->select.n ? longest_prefix(&opts->select, rule->code) : !(rule->flags & AF_RULE_OPT_IN);
    if ((rule->flags & AF_RULE_ALWAYS_ON) && sel == 0)
        sel = 1;
    size_t ign = longest_prefix(&opts->ignore, rule->code);
    return sel > 0 && sel > ign;
}

/* ---- the rows ---- */

size_t af_options_all(struct af_option_ref **out)
{
    struct af_option_ref *refs = NULL;
    size_t n = 0, cap = 0;
    for (const struct af_option *o = core_options; o->name; o++) {
        if (o->kind != AF_OPT_FAMILIES) {
            AF_ARRAY_GROW(refs, n, cap);
            refs[n++] = (struct af_option_ref){ o, NULL };
            continue;
        }
        for (const struct af_rule *const *r = af_rules; *r; r++) {
            if (!(*r)->settings || settings_seen_before(r))
                continue;
            for (const struct af_option *f = (*r)->settings->options; f->name; f++) {
                AF_ARRAY_GROW(refs, n, cap);
                refs[n++] = (struct af_option_ref){ f, (*r)->settings };
            }
        }
    }
    *out = refs;
    return n;
}

/* where the value of `ref` lives in `opts` */
static void *field_of(const struct af_options *opts, const struct af_option_ref *ref)
{
    char *base = ref->of ? (char *)af_options_settings(opts, ref->of) : (char *)opts;
    return base + ref->row->offset;
}

/* the choice `text` of a CHOICE row, into `field` */
static int set_choice(int *field, const struct af_option *row, const char *text)
{
    for (int i = 0; row->choices[i]; i++)
        if (strcmp(row->choices[i], text) == 0) {
            *field = i;
            return 0;
        }
    struct af_buf all = AF_BUF_INIT;
    for (int i = 0; row->choices[i]; i++)
        af_buf_printf(&all, "%s%s", i == 0 ? "" : row->choices[i + 1] ? ", " : " or ", row->choices[i]);
    af_error_set("unknown %s '%s' (%s)", row->what, text, af_buf_cstr(&all));
    af_buf_dispose(&all);
    return AF_EINVALID;
}

/* a value given as text (the command line's argument, or the config's string) */
static int set_text(void *field, const struct af_option *row, const char *text)
{
    switch (row->kind) {
    case AF_OPT_STRING:
        *(const char **)field = text;
        return 0;
    case AF_OPT_CHOICE:
        return set_choice(field, row, text);
    case AF_OPT_PARSE:
        return row->parse(field, text);
    default:
        af_error_set("expected no value");
        return AF_EINVALID;
    }
}

/* the command line's items of a comma-separated list: split on commas and blanks, empty items dropped */
static void add_csv(struct af_strlist *list, const char *csv)
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

int af_options_set(struct af_options *opts, const struct af_option_ref *ref, const char *text, bool first,
                   int *exit_code)
{
    const struct af_option *row = ref->row;
    void *field = row->kind == AF_OPT_ACTION ? NULL : field_of(opts, ref);
    switch (row->kind) {
    case AF_OPT_FLAG:
        *(bool *)field = true;
        return 0;
    case AF_OPT_CLEAR:
        *(bool *)field = false;
        return 0;
    case AF_OPT_SET:
        *(int *)field = row->value;
        return 0;
    case AF_OPT_LIST: {
        struct af_strlist *list = field;
        if (first && !(row->flags & AF_OPT_EXTEND))
            af_strlist_dispose(list);
        if (row->flags & AF_OPT_CSV)
            add_csv(list, text);
        else
            af_strlist_add(list, text);
        return 0;
    }
    case AF_OPT_ACTION:
        *exit_code = row->action(text);
        return 1;
    default:
        return set_text(field, row, text);
    }
}

/* the config row spelled `key` */
static bool find_config_row(struct af_option_ref *out, const char *key)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        if ((refs[i].row->flags & AF_OPT_CONFIG) && strcmp(refs[i].row->name, key) == 0) {
            *out = refs[i];
            found = true;
        }
    free(refs);
    return found;
}

int af_options_set_config(struct af_options *opts, const char *key, const struct af_config_value *value)
{
    struct af_option_ref ref;
    if (!find_config_row(&ref, key)) {
        af_error_set("unknown key");
        return AF_EINVALID;
    }
    const struct af_option *row = ref.row;
    void *field = field_of(opts, &ref);
    switch (row->kind) {
    case AF_OPT_FLAG:
        if (value->type != AF_CONFIG_BOOL)
            break;
        *(bool *)field = value->boolean;
        return 0;
    case AF_OPT_LIST:
        if (value->type != AF_CONFIG_STRINGS)
            break;
        af_strlist_dispose(field);
        for (size_t i = 0; i < value->strings->n; i++)
            af_strlist_add(field, value->strings->items[i]);
        return 0;
    case AF_OPT_CHOICE:
    case AF_OPT_PARSE:
        if (value->type != AF_CONFIG_STRING)
            break;
        return set_text(field, row, value->string);
    default:
        /* a STRING row would keep a pointer into the config's text: not a config key */
        break;
    }
    af_error_set("expected %s", row->kind == AF_OPT_FLAG ? "true or false" :
                                row->kind == AF_OPT_LIST ? "an array of strings" : "a string");
    return AF_EINVALID;
}

/* ---- the checks over the whole command line ---- */

/* true when one of the '|'-separated names in `names` is given */
static const struct af_option *given_one_of(const char *names, const struct af_option_ref *given, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = given[i].row->name;
        size_t len = strlen(name);
        for (const char *p = names; *p;) {
            const char *bar = strchr(p, '|');
            size_t plen = bar ? (size_t)(bar - p) : strlen(p);
            if (plen == len && memcmp(p, name, len) == 0)
                return given[i].row;
            p += plen + (bar != NULL);
        }
    }
    return NULL;
}

/* "--a or --b" for "a|b" */
static void spell_names(struct af_buf *out, const char *names)
{
    for (const char *p = names; *p;) {
        const char *bar = strchr(p, '|');
        size_t plen = bar ? (size_t)(bar - p) : strlen(p);
        af_buf_printf(out, "%s--%.*s", p == names ? "" : " or ", (int)plen, p);
        p += plen + (bar != NULL);
    }
}

static int check_combinations(const struct af_option_ref *given, size_t n)
{
    struct af_buf names = AF_BUF_INIT;
    int error = 0;
    for (size_t i = 0; i < n && !error; i++) {
        const struct af_option *row = given[i].row;
        if (row->requires && !given_one_of(row->requires, given, n)) {
            spell_names(&names, row->requires);
            af_error_set("--%s goes with %s", row->name, af_buf_cstr(&names));
            error = AF_EINVALID;
        }
    }
    for (size_t i = 0; i < n && !error; i++) {
        const struct af_option *row = given[i].row;
        if (row->conflicts && given_one_of(row->conflicts, given, n)) {
            spell_names(&names, row->conflicts);
            af_error_set("--%s cannot be combined with %s", row->name, af_buf_cstr(&names));
            error = AF_EINVALID;
        }
    }
    af_buf_dispose(&names);
    return error;
}

/* true when `code` selects a rule: a rule's code, or a prefix of one that is not always on */
static bool names_rules(const char *code)
{
    size_t len = strlen(code);
    for (const struct af_rule *const *r = af_rules; *r && len; r++)
        if (strncmp((*r)->code, code, len) == 0 &&
            ((*r)->code[len] == '\0' || !((*r)->flags & AF_RULE_ALWAYS_ON)))
            return true;
    return false;
}

/* the edit distance of a and b, letters compared without case */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = af_malloc((lb + 1) * sizeof(*row));
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            bool same = toupper((unsigned char)a[i - 1]) == toupper((unsigned char)b[j - 1]);
            size_t best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

/*
 * The selector nearest to `code`: the rule it is a prefix of when that rule
 * is always on (`AF0`: AF001), else for a code that starts with "AF" (in any
 * case) the rule code or prefix at the smallest edit distance, at most 2, the
 * longer one on a tie. Empty when none is near.
 */
static void nearest_code(struct af_buf *out, const char *code)
{
    size_t len = strlen(code), best = 3;
    for (const struct af_rule *const *r = af_rules; *r; r++)
        if (len && strncmp((*r)->code, code, len) == 0) {
            af_buf_puts(out, (*r)->code);
            return;
        }
    if (strncasecmp(code, "AF", 2) != 0)
        return;
    for (const struct af_rule *const *r = af_rules; *r; r++) {
        for (size_t plen = strlen((*r)->code); plen >= 2; plen--) {
            char *candidate = af_strndup((*r)->code, plen);
            size_t d = names_rules(candidate) ? distance(code, candidate) : best;
            if (d < best || (d == best && d < 3 && strlen(candidate) > out->size)) {
                best = d;
                af_buf_clear(out);
                af_buf_puts(out, candidate);
            }
            free(candidate);
        }
    }
}

static int check_codes(const struct af_strlist *codes, const char *option)
{
    for (size_t i = 0; i < codes->n; i++) {
        if (names_rules(codes->items[i]))
            continue;
        struct af_buf near = AF_BUF_INIT;
        nearest_code(&near, codes->items[i]);
        if (near.size)
            af_error_set("unknown code '%s' in %s; did you mean %s?", codes->items[i], option, near.ptr);
        else
            af_error_set("unknown code '%s' in %s", codes->items[i], option);
        af_buf_dispose(&near);
        return AF_EINVALID;
    }
    return 0;
}

int af_options_check(struct af_options *opts, const struct af_option_ref *given, size_t n)
{
    int error;
    if ((error = check_combinations(given, n)) < 0)
        return error;
    if (opts->jobs <= 0)
        opts->jobs = af_pool_cores();
    if ((error = check_codes(&opts->select, "--select")) < 0 ||
        (error = check_codes(&opts->ignore, "--ignore")) < 0)
        return error;
    return 0;
}

/* ---- --help ---- */

static const char usage_head[] =
    "usage: asyncfix [OPTIONS] [PATH...]\n"
    "       asyncfix server      a Language Server Protocol server on stdin/stdout\n"
    "\n"
    "Finds asyncio anti-patterns in Python code and rewrites them.\n"
    "\n"
    "  (no mode)                 check: report findings (default PATH: .)\n";

static const char usage_tail[] =
    "\n"
    "exit status: 0 nothing found; 1 findings remain (check, --write) or the diff\n"
    "is not empty (--diff); 2 usage, I/O or internal error\n";

void af_options_usage(FILE *out)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    struct af_buf line = AF_BUF_INIT;
    fputs(usage_head, out);
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        if (row->flags & AF_OPT_HIDDEN)
            continue;
        af_buf_clear(&line);
        af_buf_puts(&line, "  ");
        if (row->short_name)
            af_buf_printf(&line, "-%c, ", row->short_name);
        af_buf_printf(&line, "--%s", row->name);
        if (row->alias)
            af_buf_printf(&line, ", --%s", row->alias);
        if (row->metavar)
            af_buf_printf(&line, " %s", row->metavar);
        if (line.size < 28)
            fprintf(out, "%-28s%s\n", line.ptr, row->help);
        else
            fprintf(out, "%s\n%-28s%s\n", line.ptr, "", row->help);
    }
    fputs(usage_tail, out);
    af_buf_dispose(&line);
    free(refs);
}

/* ---- values ---- */

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

int af_options_value(struct af_buf *out, const struct af_options *opts, const char *name)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    int error = AF_ENOTFOUND;
    for (size_t i = 0; i < n && error == AF_ENOTFOUND; i++) {
        const struct af_option *row = refs[i].row;
        if (strcmp(row->name, name) != 0 || row->kind == AF_OPT_ACTION)
            continue;
        const void *field = field_of(opts, &refs[i]);
        error = 0;
        if (row->kind == AF_OPT_FLAG || row->kind == AF_OPT_CLEAR)
            af_buf_puts(out, *(const bool *)field ? "true" : "false");
        else if (row->kind == AF_OPT_CHOICE)
            af_buf_puts(out, row->choices[*(const int *)field]);
        else if (row->kind == AF_OPT_STRING)
            af_buf_puts(out, *(const char *const *)field ? *(const char *const *)field : "");
        else if (row->kind == AF_OPT_LIST)
            for (size_t k = 0; k < ((const struct af_strlist *)field)->n; k++)
                af_buf_printf(out, "%s%s", k ? "," : "", ((const struct af_strlist *)field)->items[k]);
        else
            af_buf_printf(out, "%d", *(const int *)field);
    }
    free(refs);
    return error;
}
