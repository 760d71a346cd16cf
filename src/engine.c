#include "asyncfix/engine.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/conform.h"
#include "asyncfix/cursor.h"
#include "asyncfix/crash.h"
#include "asyncfix/file.h"
#include "asyncfix/imports.h"
#include "asyncfix/project.h"
#include "asyncfix/prune.h"
#include "asyncfix/lang.h"
#include "asyncfix/rule.h"

/* ---- results ---- */

static void diagnostic_dispose(struct af_diagnostic *r)
{
    free(r->message);
    free(r->source_line);
    free(r->fix_message);
    for (size_t i = 0; i < r->nedits; i++)
        free(r->edits[i].content);
    free(r->edits);
    for (size_t i = 0; i < r->nrelated; i++) {
        free(r->related[i].path);
        free(r->related[i].text);
    }
    free(r->related);
}

static void clear_diagnostics(struct af_result *out)
{
    for (size_t i = 0; i < out->nreports; i++)
        diagnostic_dispose(&out->reports[i]);
    free(out->reports);
    out->reports = NULL;
    out->nreports = out->reports_cap = 0;
}

void af_result_dispose(struct af_result *r)
{
    clear_diagnostics(r);
    free(r->path);
    free(r->error);
    free(r->internal_error);
    free(r->fixed);
    free(r->applied);
    free(r->decisions);
    free(r->refused);
    free(r->added_imports);
    af_source_dispose(&r->original);
    memset(r, 0, sizeof(*r));
}

static bool fix_applicable(const struct af_fix *fix, const struct af_options *opts)
{
    return fix && (fix->applicability == AF_SAFE ||
                   (fix->applicability == AF_UNSAFE && opts->unsafe_fixes));
}

/* the formats that show a fix's edits (a fix shared by many findings is not copied for the others) */
static bool wants_edits(const struct af_options *opts)
{
    return opts->format == AF_FORMAT_JSON || opts->format == AF_FORMAT_SARIF;
}

static void add_diagnostic(struct af_result *out, const struct af_source *src, const char *code,
                       const char *name, uint32_t start, uint32_t end, const char *message,
                       const struct af_fix *fix, bool with_edits)
{
    AF_ARRAY_GROW(out->reports, out->nreports, out->reports_cap);
    struct af_diagnostic *r = &out->reports[out->nreports++];
    memset(r, 0, sizeof(*r));
    r->code = code;
    r->name = name;
    r->start = start;
    af_source_position(src, start, &r->line, &r->column);
    af_source_position(src, end, &r->end_line, &r->end_column);
    r->message = af_strdup(message);
    uint32_t ls, ll;
    af_source_line_window(src, start, AF_REPORT_LINE_MAX, &ls, &ll, &r->source_column);
    r->source_line = af_strndup(src->data + ls, ll);
    if (fix) {
        r->has_fix = true;
        r->applicability = fix->applicability;
        r->fix_message = fix->message ? af_strdup(fix->message) : NULL;
    }
    /* the edits are shown only in JSON: a fix shared by many findings is not copied for each */
    if (fix && with_edits) {
        r->nedits = fix->n;
        r->edits = af_calloc(fix->n, sizeof(*r->edits));
        for (size_t i = 0; i < fix->n; i++) {
            struct af_diagnostic_edit *e = &r->edits[i];
            af_source_position(src, fix->edits[i].start, &e->line, &e->column);
            af_source_position(src, fix->edits[i].end, &e->end_line, &e->end_column);
            e->content = af_strdup(fix->edits[i].text);
        }
    }
}

/*
 * The import lines a fix needs, as one more edit of its report, so that a
 * fix read from --format json is complete on its own (as --write applies it).
 */
/* ---- the imports the fixes left unused ---- */

/* `e` (its content owned) into the last report's edits, in position order */
static void add_report_edit(struct af_result *out, const struct af_source *src, uint32_t start, uint32_t end,
                            char *content)
{
    struct af_diagnostic *r = &out->reports[out->nreports - 1];
    struct af_diagnostic_edit e = { 0 };
    af_source_position(src, start, &e.line, &e.column);
    af_source_position(src, end, &e.end_line, &e.end_column);
    e.content = content;
    r->edits = af_realloc(r->edits, (r->nedits + 1) * sizeof(*r->edits));
    size_t at = r->nedits;
    while (at > 0 && (r->edits[at - 1].line > e.line ||
                      (r->edits[at - 1].line == e.line && r->edits[at - 1].column > e.column)))
        at--;
    memmove(&r->edits[at + 1], &r->edits[at], (r->nedits - at) * sizeof(*r->edits));
    r->edits[at] = e;
    r->nedits++;
}

static void add_diagnostic_imports(struct af_result *out, const struct af_file *file, const struct af_fix *fix)
{
    struct af_edit imp;
    if (!wants_edits(file->opts) || !fix || !fix->nimports || !out->nreports ||
        af_imports_edit(&imp, file, fix->imports, fix->nimports) < 0)
        return;
    add_report_edit(out, file->src, imp.start, imp.end, imp.text);
}

/* how often the word appears in the fix's replaced ranges (`in_ranges`) and in its new texts */
static void fix_word_counts(const struct af_fix *fix, const struct af_source *src, const char *w, size_t wl,
                            size_t *in_ranges, size_t *in_texts)
{
    *in_ranges = *in_texts = 0;
    for (size_t i = 0; i < fix->n; i++) {
        const struct af_edit *e = &fix->edits[i];
        *in_ranges += af_prune_word_count(src->data + e->start, e->end - e->start, w, wl);
        *in_texts += af_prune_word_count(e->text, e->text ? strlen(e->text) : 0, w, wl);
    }
}

/*
 * A fix that on its own leaves an import of time, requests or asyncio
 * unused: the import's removal is among its edits, as --write removes it
 * (a fix that leaves other uses does not carry it: applied alone, it must
 * leave working code). `prune` holds the file's imports of those modules.
 */
static void add_diagnostic_prune(struct af_result *out, const struct af_file *file, const struct af_fix *fix,
                                 struct af_prune *prune)
{
    const struct af_source *src = file->src;
    if (!wants_edits(file->opts) || !fix || !fix->n || !out->nreports || !prune->n)
        return;
    bool any = false;
    for (size_t i = 0; i < prune->n; i++) {
        struct af_prune_item *it = &prune->items[i];
        size_t gone, added;
        fix_word_counts(fix, src, it->word, it->wl, &gone, &added);
        it->removed = it->count >= 2 && it->count - gone + added == 1;
        any = any || it->removed;
    }
    struct af_edit *edits = NULL, imp;
    size_t n = any ? af_prune_edits(prune, file, &edits) : 0;
    /* --write inserts the fix's import lines in an earlier pass: the removal stops where they go */
    uint32_t import_at = UINT32_MAX;
    if (n && fix->nimports && af_imports_edit(&imp, file, fix->imports, fix->nimports) == 0) {
        import_at = imp.start;
        free(imp.text);
    }
    for (size_t i = 0; i < n; i++) {
        if (edits[i].start < import_at && import_at < edits[i].end)
            edits[i].end = import_at;
        bool overlaps = false;
        for (size_t k = 0; k < fix->n; k++)
            overlaps = overlaps || (edits[i].start < fix->edits[k].end && fix->edits[k].start < edits[i].end) ||
                       edits[i].start == fix->edits[k].start;
        if (!overlaps) {
            add_report_edit(out, src, edits[i].start, edits[i].end, edits[i].text);
            edits[i].text = NULL;
        }
    }
    af_prune_edits_free(edits, n);
    for (size_t i = 0; i < prune->n; i++)
        prune->items[i].removed = false;
}

static int cmp_diagnostic(const void *a, const void *b)
{
    const struct af_diagnostic *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return strcmp(x->code, y->code);
}

static void count_applied(struct af_result *out, const struct af_rule *rule)
{
    for (size_t i = 0; i < out->napplied; i++)
        if (out->applied[i].code == rule->code) {
            out->applied[i].count++;
            return;
        }
    out->applied = af_realloc(out->applied, (out->napplied + 1) * sizeof(*out->applied));
    out->applied[out->napplied].code = rule->code;
    out->applied[out->napplied].name = rule->name;
    out->applied[out->napplied].count = 1;
    out->napplied++;
}

/* adds `d` to a set of decisions */
static void add_decision(uint32_t **set, size_t *n, uint32_t d)
{
    for (size_t i = 0; i < *n; i++)
        if ((*set)[i] == d)
            return;
    *set = af_realloc(*set, (*n + 1) * sizeof(**set));
    (*set)[(*n)++] = d;
}

static void note_import(struct af_result *out, const char *module)
{
    for (size_t i = 0; i < out->nadded; i++)
        if (strcmp(out->added_imports[i], module) == 0)
            return;
    AF_ARRAY_GROW(out->added_imports, out->nadded, out->added_cap);
    out->added_imports[out->nadded++] = module;
}

/* ---- the fix loop ---- */

struct seq_edit {
    struct af_edit edit;
    size_t seq;
};

static int cmp_seq_edit(const void *a, const void *b)
{
    const struct seq_edit *x = a, *y = b;
    if (x->edit.start != y->edit.start)
        return x->edit.start < y->edit.start ? -1 : 1;
    bool xe = x->edit.end > x->edit.start, ye = y->edit.end > y->edit.start;
    if (xe != ye)
        return xe ? 1 : -1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct candidate {
    size_t index;
    uint32_t start, end;
};

static int cmp_candidate(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * The edits one pass applied (sorted, not overlapping), enough to map a
 * position of the pass's output back to its input: check mode reports every
 * finding where it stands in the file as read.
 */
struct pass_map {
    struct {
        uint32_t start, end;   /* the bytes replaced, in the input */
        uint32_t len;          /* the length of the text written in their place */
    } *items;
    size_t n;
};

/*
 * `p` (a start, or an `end` of a range) of the output mapped to the input:
 * a position inside written text goes to the start (the end) of the bytes
 * that text replaced.
 */
static uint32_t map_back(const struct pass_map *m, uint32_t p, bool end)
{
    int64_t delta = 0;
    for (size_t i = 0; i < m->n; i++) {
        int64_t ns = m->items[i].start + delta, ne = ns + m->items[i].len;
        if (end ? p <= ns : p < ns)
            break;
        if (end ? p <= ne : p < ne)
            return end ? m->items[i].end : m->items[i].start;
        delta += (int64_t)m->items[i].len - (int64_t)(m->items[i].end - m->items[i].start);
    }
    return (uint32_t)(p - delta);
}

/* the edits `flat` (sorted) as one pass's map */
static void map_set(struct pass_map *map, const struct af_edit *flat, size_t n)
{
    map->items = af_malloc((n ? n : 1) * sizeof(*map->items));
    map->n = n;
    for (size_t i = 0; i < n; i++) {
        map->items[i].start = flat[i].start;
        map->items[i].end = flat[i].end;
        map->items[i].len = (uint32_t)strlen(flat[i].text);
    }
}

static void run_rules(struct af_sink *sink, struct af_file *file, const struct af_options *opts)
{
    sink->file = file;
    for (const struct af_rule *const *r = af_rules; *r; r++) {
        if (!(*r)->check || !af_options_rule_enabled(opts, *r))
            continue;
        if (file->is_stub)
            continue;
        sink->rule = *r;
        (*r)->check(file, sink);
    }
}

/*
 * The modules fixes need imported (static strings), each once, with the code
 * of the first rule that needed it: for one pass's import edit, and over the
 * whole loop for the verification that each ends up imported.
 */
struct needed {
    const char **modules;
    const char **codes;
    size_t n, cap;
};

static void needed_add(struct needed *need, const char *module, const char *code)
{
    for (size_t i = 0; i < need->n; i++)
        if (strcmp(need->modules[i], module) == 0)
            return;
    if (need->n == need->cap) {
        need->cap = need->cap ? need->cap * 2 : 8;
        need->modules = af_realloc(need->modules, need->cap * sizeof(*need->modules));
        need->codes = af_realloc(need->codes, need->cap * sizeof(*need->codes));
    }
    need->modules[need->n] = module;
    need->codes[need->n++] = code;
}

static void needed_dispose(struct needed *need)
{
    free(need->modules);
    free(need->codes);
    memset(need, 0, sizeof(*need));
}

/*
 * The applicable fixes of `sink` that one pass applies, in start order, into
 * `chosen` (indexes into sink->items): none overlaps one before it, and a fix
 * across the point where import lines go waits for a pass without imports.
 */
static size_t choose_fixes(size_t *chosen, const struct af_file *file, const struct af_sink *sink,
                           const struct af_options *opts)
{
    struct candidate *cands = af_malloc((sink->n ? sink->n : 1) * sizeof(*cands));
    size_t nc = 0, n = 0;
    for (size_t i = 0; i < sink->n; i++) {
        if (!fix_applicable(sink->items[i].fix, opts))
            continue;
        cands[nc].index = i;
        af_fix_span(sink->items[i].fix, &cands[nc].start, &cands[nc].end);
        nc++;
    }
    qsort(cands, nc, sizeof(*cands), cmp_candidate);
    uint32_t import_at = nc ? af_imports_insertion_point(file) : 0;   /* no candidate: never read */
    bool imports_likely = false;
    for (size_t k = 0; k < nc; k++)
        if (sink->items[cands[k].index].fix->nimports && !(cands[k].start < import_at && import_at < cands[k].end))
            imports_likely = true;
    uint32_t max_end = 0, last_start = 0;
    for (size_t k = 0; k < nc; k++) {
        uint32_t s = cands[k].start, e = cands[k].end;
        if (n && (s < max_end || s == last_start))
            continue;
        if (imports_likely && s < import_at && import_at < e)
            continue;
        last_start = s;
        if (e > max_end)
            max_end = e;
        chosen[n++] = cands[k].index;
    }
    free(cands);
    return n;
}

/* the counts of what the chosen fixes repair: each finding, and the others a shared fix repairs */
static void count_fixes(struct af_result *out, const struct af_sink *sink, const size_t *chosen, size_t n,
                        struct af_buf *rules, bool *taken)
{
    size_t *shared = NULL, nshared = 0, shared_cap = 0;
    for (size_t k = 0; k < n; k++) {
        const struct af_finding *f = &sink->items[chosen[k]];
        count_applied(out, f->rule);
        taken[chosen[k]] = true;
        if (f->fix->decision)
            add_decision(&out->decisions, &out->ndecisions, f->fix->decision);
        if (f->fix->refs > 1) {
            AF_ARRAY_GROW(shared, nshared, shared_cap);
            shared[nshared++] = chosen[k];
        }
        if (!strstr(af_buf_cstr(rules), f->rule->code)) {
            if (rules->size)
                af_buf_puts(rules, ", ");
            af_buf_puts(rules, f->rule->code);
        }
    }
    for (size_t i = 0; i < sink->n && nshared; i++)
        for (size_t k = 0; k < nshared; k++)
            if (i != shared[k] && sink->items[i].fix == sink->items[shared[k]].fix) {
                count_applied(out, sink->items[i].rule);
                taken[i] = true;
            }
    free(shared);
}

/*
 * Applies the fixes of `sink` that one pass takes (choose_fixes) to
 * file->src into `text`, with the import lines they need. Returns how many
 * fixes were applied; the rules that contributed are named in `rules` (for
 * the verification message), the modules they import added to `used`, the
 * findings they repair marked in `taken` (sink->n entries) and the edits kept
 * in `map`.
 */
static size_t apply_fixes(struct af_buf *text, struct af_result *out, struct af_file *file,
                          struct af_sink *sink, const struct af_options *opts, struct af_buf *rules,
                          struct needed *used, struct af_pieces *pieces, bool *taken, struct pass_map *map)
{
    size_t *chosen = af_malloc((sink->n ? sink->n : 1) * sizeof(*chosen));
    size_t n = choose_fixes(chosen, file, sink, opts);
    struct seq_edit *edits = NULL;
    size_t ne = 0, ecap = 0;
    struct needed pass = { 0 };
    for (size_t k = 0; k < n; k++) {
        const struct af_finding *f = &sink->items[chosen[k]];
        for (size_t i = 0; i < f->fix->n; i++) {
            AF_ARRAY_GROW(edits, ne, ecap);
            edits[ne].edit = f->fix->edits[i];
            edits[ne].seq = ne + 1;
            ne++;
        }
        for (size_t i = 0; i < f->fix->nimports; i++) {
            needed_add(&pass, f->fix->imports[i], f->rule->code);
            needed_add(used, f->fix->imports[i], f->rule->code);
        }
    }
    count_fixes(out, sink, chosen, n, rules, taken);
    free(chosen);
    struct af_edit imp;
    bool have_imp = n && pass.n && af_imports_edit(&imp, file, pass.modules, pass.n) == 0;
    if (have_imp) {
        AF_ARRAY_GROW(edits, ne, ecap);
        edits[ne].edit = imp;
        edits[ne].seq = 0;
        ne++;
        for (size_t i = 0; i < pass.n; i++)
            if (!af_imports_has(file, pass.modules[i]))
                note_import(out, pass.modules[i]);
    }
    needed_dispose(&pass);
    int error = 0;
    if (n) {
        qsort(edits, ne, sizeof(*edits), cmp_seq_edit);
        struct af_edit *flat = af_malloc(ne * sizeof(*flat));
        for (size_t i = 0; i < ne; i++)
            flat[i] = edits[i].edit;
        map_set(map, flat, ne);
        error = af_edits_apply(text, file->src->data, file->src->len, flat, ne);
        if (error == 0 && pieces)
            error = af_pieces_apply(pieces, flat, ne);
        free(flat);
    }
    free(edits);
    if (have_imp)
        free(imp.text);
    return error < 0 ? 0 : n;
}

static void file_begin(struct af_file *file, struct af_source *src, TSTree *tree,
                       const struct af_options *opts, const struct af_project *project,
                       struct af_worker *w, const char *module, bool stub)
{
    memset(file, 0, sizeof(*file));
    file->src = src;
    file->tree = tree;
    file->root = ts_tree_root_node(tree);
    file->opts = opts;
    file->project = project;
    file->worker = w;
    file->module = module;
    file->is_stub = stub;
    af_sem_build(file);
}

static void file_end(struct af_file *file)
{
    af_sem_dispose(&file->sem);
    af_arena_dispose(&file->arena);
    af_worker_tree_done(file->worker, file->tree);
}

static enum af_walk_next visit_error(TSNode node, void *ctx)
{
    (void)ctx;
    if (ts_node_symbol(node) == af_sym.error || ts_node_is_missing(node))
        return AF_WALK_STOP;
    return ts_node_has_error(node) ? AF_WALK_CONTINUE : AF_WALK_SKIP;
}

/* the first ERROR or MISSING node (the root when none is found) */
static TSNode first_error(TSNode node)
{
    TSNode found = af_walk(node, visit_error, NULL);
    return ts_node_is_null(found) ? node : found;
}

/* the rule that reports syntax errors */
static const struct af_rule *syntax_rule(void)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        if ((*r)->flags & AF_RULE_SYNTAX)
            return *r;
    return NULL;
}

bool af_engine_may_match(const char *data, size_t len, const struct af_project *project)
{
    if (af_source_code_has_async(data, len))
        return true;
    return project && af_project_mentioned(project, data, len);
}

/* the finding's related locations on the report just added, positions resolved */
static void add_diagnostic_related(struct af_result *out, const struct af_source *src, const struct af_finding *f)
{
    if (!f->nrelated)
        return;
    struct af_diagnostic *r = &out->reports[out->nreports - 1];
    r->related = af_calloc(f->nrelated, sizeof(*r->related));
    r->nrelated = f->nrelated;
    for (size_t i = 0; i < f->nrelated; i++) {
        const struct af_related *from = &f->related[i];
        struct af_diagnostic_related *to = &r->related[i];
        to->path = af_strdup(from->path ? from->path : src->path);
        if (from->path) {
            to->line = from->line;
            to->column = from->column;
        } else {
            af_source_position(src, from->byte, &to->line, &to->column);
        }
        to->text = af_strdup(from->text);
    }
}

/* the findings of one pass as the result reports them */
static void keep_findings(struct af_result *out, const struct af_source *src, const struct af_file *file,
                          const struct af_sink *sink, const struct af_options *opts)
{
    struct af_prune prune = { 0 };
    if (wants_edits(opts))
        af_prune_collect(&prune, file);
    for (size_t i = 0; i < sink->n; i++) {
        const struct af_finding *f = &sink->items[i];
        if (opts->mode == AF_MODE_CHECK && f->fix && f->fix->decision && fix_applicable(f->fix, opts))
            add_decision(&out->decisions, &out->ndecisions, f->fix->decision);
        add_diagnostic(out, src, f->rule->code, f->rule->name, f->start, f->end, f->message, f->fix,
                       wants_edits(opts));
        add_diagnostic_related(out, src, f);
        add_diagnostic_imports(out, file, f->fix);
        add_diagnostic_prune(out, file, f->fix, &prune);
    }
    af_prune_dispose(&prune);
}

/* AF001 over [start, end) with `message` (when the rule is on) */
static void report_syntax(struct af_result *out, const struct af_options *opts, uint32_t start, uint32_t end,
                          const char *message)
{
    const struct af_rule *rule = syntax_rule();
    if (rule && af_options_rule_enabled(opts, rule))
        add_diagnostic(out, &out->original, rule->code, rule->name, start, end, message, NULL, false);
}

static void report_syntax_error(struct af_result *out, TSTree *tree, const struct af_options *opts)
{
    TSNode err = first_error(ts_tree_root_node(tree));
    report_syntax(out, opts, ts_node_start_byte(err), ts_node_end_byte(err),
                  ts_node_is_missing(err) ? "syntax error: something is missing here"
                                          : "syntax error: cannot parse this");
}

/*
 * The parsed input holds what CPython rejects: AF001, never fixed; true when
 * it does. Whatever the passes found or fixed is dropped first.
 */
static void drop_fixes(struct af_result *out, char *why);
static bool report_rejected(struct af_result *out, const struct af_source *src, TSTree *tree,
                            const struct af_options *opts)
{
    struct af_conform_error err;
    if (af_conform_check(&err, src->data, (uint32_t)src->len, ts_tree_root_node(tree), opts->target_minor) == 0)
        return false;
    drop_fixes(out, NULL);
    char *message = af_asprintf("syntax error: %s", af_conform_message(err.reason));
    report_syntax(out, opts, err.start, err.end, message);
    free(message);
    return true;
}

/* one file on its way through the fix loop */
struct job {
    struct af_result *out;
    struct af_worker *w;
    const struct af_options *opts;
    const struct af_project *project;
    struct af_source work;          /* the working copy the fix loop rewrites (its `enc` borrowed from out->original) */
    char *module;
    bool stub;
    struct af_pieces pieces;        /* a declared encoding: what the passes made of the original text */
    struct needed used;             /* the modules the applied fixes import, and the rule of each */
    char *unverified;               /* the verification of the final text failed: why (malloc'd) */
    const char *unverified_rule;    /* and the rule whose fix it was */
    bool no_fixes;                  /* findings are reported without their fixes */
    bool pruned;                    /* the imports the fixes left unused are all removed */
    struct pass_map *maps;          /* the edits of each pass that applied fixes, in order */
    size_t nmaps, maps_cap;
    struct af_result first;         /* check mode: the first pass's findings, each moved out when reported */
};

/* every module an applied fix uses is imported at module level in the final text (`file`) */
static void verify_imports(struct job *job, const struct af_file *file)
{
    for (size_t i = 0; i < job->used.n && !job->unverified; i++) {
        if (af_imports_has(file, job->used.modules[i]))
            continue;
        job->unverified = af_asprintf("code that uses `%s` without importing it", job->used.modules[i]);
        job->unverified_rule = job->used.codes[i];
    }
}

/*
 * After the fixes, the imports of time, requests and asyncio that they left
 * unused (the original spelled the name elsewhere, now only the import
 * does) are removed, into `text`. Returns how many statements change.
 */
static size_t prune_imports(struct af_buf *text, struct job *job, const struct af_file *file, struct pass_map *map)
{
    const struct af_source *orig = &job->out->original, *src = file->src;
    struct af_prune prune;
    af_prune_collect(&prune, file);
    for (size_t i = 0; i < prune.n; i++) {
        struct af_prune_item *it = &prune.items[i];
        it->removed = it->count == 1 && af_prune_word_count(orig->data, orig->len, it->word, it->wl) >= 2;
    }
    struct af_edit *edits = NULL;
    size_t n = af_prune_edits(&prune, file, &edits);
    af_prune_dispose(&prune);
    af_buf_clear(text);
    if (n)
        map_set(map, edits, n);
    size_t applied = n && af_edits_apply(text, src->data, src->len, edits, n) == 0 &&
                     (!job->work.enc || af_pieces_apply(&job->pieces, edits, n) == 0) ? n : 0;
    af_prune_edits_free(edits, n);
    return applied;
}

/* a range of the working copy, [*start, *end), as it stands in the file as read */
static void map_to_original(const struct job *job, uint32_t *start, uint32_t *end)
{
    for (size_t i = job->nmaps; i-- > 0;) {
        *start = map_back(&job->maps[i], *start, false);
        *end = map_back(&job->maps[i], *end, true);
    }
    if (*end < *start)
        *end = *start;
}

/* the first pass's finding of `code` at [start, end) of the file as read, not reported yet, or NULL */
static struct af_diagnostic *first_finding(struct job *job, const char *code, uint32_t start, uint32_t end)
{
    uint32_t line, column;
    af_source_position(&job->out->original, end, &line, &column);
    for (size_t i = 0; i < job->first.nreports; i++) {
        struct af_diagnostic *d = &job->first.reports[i];
        if (d->code == code && d->start == start && d->end_line == line && d->end_column == column)
            return d;
    }
    return NULL;
}

static void move_diagnostic(struct af_result *out, struct af_diagnostic *d)
{
    AF_ARRAY_GROW(out->reports, out->nreports, out->reports_cap);
    out->reports[out->nreports++] = *d;
    memset(d, 0, sizeof(*d));
}

/* the related locations of a finding made on fixed text, those in its own file mapped to the file as read */
static void add_later_related(struct job *job, const struct af_finding *f)
{
    if (!f->nrelated)
        return;
    struct af_finding mapped = *f;
    mapped.related = af_malloc(f->nrelated * sizeof(*mapped.related));
    for (size_t i = 0; i < f->nrelated; i++) {
        mapped.related[i] = f->related[i];
        if (!f->related[i].path) {
            uint32_t s = f->related[i].byte, e = s;
            map_to_original(job, &s, &e);
            mapped.related[i].byte = s;
        }
    }
    add_diagnostic_related(job->out, &job->out->original, &mapped);
    free(mapped.related);
}

/*
 * Check mode reports what --diff and --write do: the findings each pass
 * fixes (`taken`), and those of the pass that fixes nothing (`all`), each
 * where it stands in the file as read. A finding the first pass made is
 * reported as it was made there (its edits apply to the file as read); one
 * that only appears on the output of other fixes says so and shows no edits
 * (they apply to text the file does not hold yet).
 */
static void report_pass(struct job *job, const struct af_file *file, const struct af_sink *sink,
                        const bool *taken, bool all)
{
    struct af_result *out = job->out;
    bool first_pass = job->nmaps == 0;
    if (first_pass)
        keep_findings(&job->first, &out->original, file, sink, job->opts);
    for (size_t i = 0; i < sink->n; i++) {
        if (!all && !taken[i])
            continue;
        const struct af_finding *f = &sink->items[i];
        uint32_t s = f->start, e = f->end;
        map_to_original(job, &s, &e);
        struct af_diagnostic *d = first_pass ? &job->first.reports[i] : first_finding(job, f->rule->code, s, e);
        if (d) {
            move_diagnostic(out, d);
            continue;
        }
        char *message = af_asprintf("%s (once the fixes before it are applied)", f->message);
        add_diagnostic(out, &out->original, f->rule->code, f->rule->name, s, e, message, f->fix, false);
        free(message);
        add_later_related(job, f);
    }
}

/*
 * One pass over `tree` (deleted here): the rules, then the fixes applied
 * into `text` (the rules that made them named in `rules`), in every mode:
 * check mode reports what the loop fixes. Once nothing more applies, passes
 * that remove the imports the fixes left unused. Returns how many fixes (or
 * import statements) were applied; 0 ends the loop.
 */
static size_t run_pass(struct job *job, TSTree *tree, struct af_buf *text, struct af_buf *rules)
{
    struct af_result *out = job->out;
    const struct af_options *opts = job->opts;
    struct af_file file;
    struct af_sink sink = { 0 };
    struct pass_map map = { NULL, 0 };
    bool *taken = NULL;
    size_t applied = 0;
    file_begin(&file, &job->work, tree, opts, job->project, job->w, job->module, job->stub);
    if (file.sem.skip_file) {
        out->skipped = true;
        goto done;
    }
    run_rules(&sink, &file, opts);
    for (size_t i = 0; i < sink.nrefused; i++)
        add_decision(&out->refused, &out->nrefused, sink.refused[i]);
    for (size_t i = 0; i < sink.n && job->no_fixes; i++) {
        af_fix_free(sink.items[i].fix);
        sink.items[i].fix = NULL;
    }
    taken = af_calloc(sink.n ? sink.n : 1, sizeof(*taken));
    if (job->nmaps < AF_MAX_PASSES) {
        af_buf_clear(rules);
        applied = apply_fixes(text, out, &file, &sink, opts, rules, &job->used,
                              job->work.enc ? &job->pieces : NULL, taken, &map);
    }
    if (!applied && job->nmaps > 0 && job->nmaps + 1 < AF_MAX_PASSES && !job->pruned) {
        /* passes that remove the imports the fixes left unused (one removal may leave another
         * unused: `from requests.exceptions import ...` spells `requests`); then one reports */
        applied = prune_imports(text, job, &file, &map);
        job->pruned = !applied;
        if (applied) {
            af_buf_clear(rules);
            for (size_t i = 0; i < out->napplied; i++)
                af_buf_printf(rules, "%s%s", i ? ", " : "", out->applied[i].code);
            goto keep_map;
        }
    }
    if (!applied && job->nmaps > 0)
        verify_imports(job, &file);
    for (size_t i = 0; i < sink.n; i++) {
        taken[i] = taken[i] && applied;
        out->fixable += taken[i];
    }
    /* what is left: in check mode where it stands in the file as read, else in the fixed text */
    if (opts->mode == AF_MODE_CHECK)
        report_pass(job, &file, &sink, taken, !applied);
    else if (!applied)
        keep_findings(out, &job->work, &file, &sink, opts);
    if (!applied && job->nmaps >= AF_MAX_PASSES) {
        free(out->internal_error);
        out->internal_error = af_asprintf("fixes did not converge after %d passes", AF_MAX_PASSES);
    }
keep_map:
    if (applied) {
        AF_ARRAY_GROW(job->maps, job->nmaps, job->maps_cap);
        job->maps[job->nmaps++] = map;
        map.items = NULL;
    }
done:
    free(map.items);
    free(taken);
    af_sink_dispose(&sink);
    file_end(&file);
    return applied;
}

/* none of this file's fixes is applied, for the reason `why` (taken) */
static void drop_fixes(struct af_result *out, char *why)
{
    free(out->internal_error);
    out->internal_error = why;
    free(out->applied);
    out->applied = NULL;
    out->napplied = 0;
    out->nadded = 0;
    free(out->decisions);
    out->decisions = NULL;
    out->ndecisions = 0;
    out->fixable = 0;
    clear_diagnostics(out);
}

/* a pass's fixed text failed the verification (`why`), a fix by `rules`: none of this file's fixes is applied */
static void drop_fixes_by(struct af_result *out, const char *rules, const char *why)
{
    drop_fixes(out, af_asprintf("a fix by %s produced %s; no fix applied to this file", rules, why));
}

/* moves `p` (at byte *at of s) on to byte `to`, counting the line breaks on the way */
static void point_to(TSPoint *p, uint32_t *at, const char *s, uint32_t to)
{
    for (const char *nl; *at < to && (nl = memchr(s + *at, '\n', to - *at));) {
        p->row++;
        p->column = 0;
        *at = (uint32_t)(nl - s) + 1;
    }
    p->column += to - *at;
    *at = to;
}

/*
 * Tells `tree` (the tree of the pass's input `in`) about the pass's edits
 * `m`, whose output is `out`, so that the output is parsed incrementally:
 * only what the edits touched is parsed again (a check re-parses every file
 * it would fix, for the verification). The edits go in last first, so that
 * each one's offsets into the input still hold.
 */
static void edit_tree(TSTree *tree, const char *in, const struct pass_map *m, const char *out)
{
    TSInputEdit *e = af_malloc((m->n ? m->n : 1) * sizeof(*e));
    TSPoint p = { 0, 0 };
    uint32_t at = 0;
    int64_t delta = 0;
    for (size_t i = 0; i < m->n; i++) {
        uint32_t start = m->items[i].start, end = m->items[i].end, len = m->items[i].len;
        point_to(&p, &at, in, start);
        e[i].start_byte = start;
        e[i].start_point = p;
        TSPoint q = p;
        uint32_t from = (uint32_t)(start + delta), k = from;
        point_to(&q, &k, out, from + len);
        e[i].new_end_byte = start + len;
        e[i].new_end_point = q;
        point_to(&p, &at, in, end);
        e[i].old_end_byte = end;
        e[i].old_end_point = p;
        delta += (int64_t)len - (int64_t)(end - start);
    }
    for (size_t i = m->n; i-- > 0;)
        ts_tree_edit(tree, &e[i]);
    free(e);
}

#ifdef AF_TEST_HOOKS
/* every node of `a` and `b` alike: symbol, bytes, points, field, missing */
static bool same_trees(TSTree *a, TSTree *b)
{
    struct af_cursor x, y;
    af_cursor_init(&x, ts_tree_root_node(a));
    af_cursor_init(&y, ts_tree_root_node(b));
    bool same = true;
    for (bool more = true; more && same;) {
        TSNode m = af_cursor_node(&x), n = af_cursor_node(&y);
        TSPoint ms = ts_node_start_point(m), ns = ts_node_start_point(n);
        TSPoint me = ts_node_end_point(m), ne = ts_node_end_point(n);
        same = ts_node_symbol(m) == ts_node_symbol(n) && ts_node_start_byte(m) == ts_node_start_byte(n) &&
               ts_node_end_byte(m) == ts_node_end_byte(n) && ms.row == ns.row && ms.column == ns.column &&
               me.row == ne.row && me.column == ne.column && ts_node_is_missing(m) == ts_node_is_missing(n) &&
               af_cursor_field(&x) == af_cursor_field(&y);
        bool down = af_cursor_first_child(&x);
        same = same && down == af_cursor_first_child(&y);
        while (same && !down) {
            bool next = af_cursor_next_sibling(&x);
            same = next == af_cursor_next_sibling(&y);
            if (next)
                break;
            more = af_cursor_parent(&x) && af_cursor_parent(&y);
            if (!more)
                break;
        }
    }
    af_cursor_dispose(&x);
    af_cursor_dispose(&y);
    return same;
}
#endif

/* the test hook ASYNCFIX_TEST_REPARSE (test builds): an incremental parse must equal a fresh one */
static bool reparse_differs(struct job *job, TSTree *tree, const struct af_buf *text)
{
#ifdef AF_TEST_HOOKS
    if (!getenv("ASYNCFIX_TEST_REPARSE"))
        return false;
    TSTree *fresh = ts_parser_parse_string(job->w->parser, NULL, text->ptr, (uint32_t)text->size);
    bool differs = !fresh || !same_trees(tree, fresh);
    if (fresh)
        ts_tree_delete(fresh);
    return differs;
#else
    (void)job;
    (void)tree;
    (void)text;
    return false;
#endif
}

/*
 * The verification of a pass's fixed text: it nests no deeper than CPython
 * allows, parses, and CPython accepts it (af_conform_check). NULL when it
 * passes (the tree goes to *tree), else why not (malloc'd). `old`: the
 * input's tree told about the edits (edit_tree), or NULL.
 */
static char *verify_text(TSTree **tree, struct job *job, const struct af_buf *text, const TSTree *old)
{
    uint32_t deep_at;
    enum af_nesting nesting = af_source_nesting(text->ptr, text->size, AF_SCAN_PYTHON, &deep_at);
    if (nesting != AF_NESTING_OK) {
        *tree = NULL;
        return af_asprintf("code that Python rejects (%s)", af_nesting_message(nesting, AF_SCAN_PYTHON));
    }
    *tree = ts_parser_parse_string(job->w->parser, old, text->ptr, (uint32_t)text->size);
    if (*tree && old && reparse_differs(job, *tree, text)) {
        ts_tree_delete(*tree);
        *tree = NULL;
        return af_strdup("a tree the incremental parse got wrong");
    }
    if (!*tree || ts_node_has_error(ts_tree_root_node(*tree))) {
        if (*tree)
            ts_tree_delete(*tree);
        *tree = NULL;
        return af_strdup("code that does not parse");
    }
    struct af_conform_error err;
    if (af_conform_check(&err, text->ptr, (uint32_t)text->size, ts_tree_root_node(*tree),
                         job->opts->target_minor) < 0) {
        ts_tree_delete(*tree);
        *tree = NULL;
        return af_asprintf("code that CPython rejects (%s)", af_conform_message(err.reason));
    }
    return NULL;
}

/* passes until nothing more applies, each pass's result verified; true when job->work changed */
static bool fix_loop(struct job *job, TSTree *tree)
{
    struct af_buf text = AF_BUF_INIT, rules = AF_BUF_INIT;
    bool changed = false;
    TSTree *old = ts_tree_copy(tree);   /* run_pass disposes of its tree */
    while (run_pass(job, tree, &text, &rules) > 0) {
        edit_tree(old, job->work.data, &job->maps[job->nmaps - 1], text.ptr);
        char *why = verify_text(&tree, job, &text, old);
        ts_tree_delete(old);
        old = NULL;
        if (why) {
            drop_fixes_by(job->out, af_buf_cstr(&rules), why);
            free(why);
            changed = false;
            break;
        }
        size_t nlen = text.size;
        af_source_replace(&job->work, af_buf_detach(&text), nlen);
        changed = true;
        old = ts_tree_copy(tree);
    }
    if (old)
        ts_tree_delete(old);
    if (job->unverified && changed) {
        drop_fixes_by(job->out, job->unverified_rule, job->unverified);
        changed = false;
    }
    af_buf_dispose(&text);
    af_buf_dispose(&rules);
    return changed;
}

/* the verification dropped every fix: the findings of the original text, as a check reports them */
static void report_original(struct job *job)
{
    const struct af_source *orig = &job->out->original;
    struct af_options check = *job->opts;
    check.mode = AF_MODE_CHECK;
    TSTree *tree = ts_parser_parse_string(job->w->parser, NULL, orig->data, (uint32_t)orig->len);
    struct af_source copy = *orig;
    struct af_file file;
    struct af_sink sink = { 0 };
    file_begin(&file, &copy, tree, &check, job->project, job->w, job->module, job->stub);
    run_rules(&sink, &file, &check);
    keep_findings(job->out, orig, &file, &sink, job->opts);
    af_sink_dispose(&sink);
    file_end(&file);
}

/*
 * The fixed bytes of a file in a declared encoding: the original's bytes
 * where the passes kept its text, the new texts encoded. A text the encoding
 * cannot hold (the sink drops such fixes, so this is a bug) drops every fix.
 */
static int encode_fixed(struct af_result *out, const struct af_pieces *pieces)
{
    const struct af_source *orig = &out->original;
    size_t len;
    const char *raw = af_source_bytes(orig, &len);
    struct af_buf bytes = AF_BUF_INIT;
    for (size_t i = 0; i < pieces->n; i++) {
        const struct af_piece *p = &pieces->items[i];
        if (!p->text) {
            size_t a = af_source_raw_offset(orig, p->start), b = af_source_raw_offset(orig, p->end);
            af_buf_put(&bytes, raw + a, b - a);
        } else if (af_source_encode(&bytes, orig, p->text + p->start, p->end - p->start, NULL) < 0) {
            drop_fixes(out, af_asprintf("a fix made text the file's encoding %s cannot hold; "
                                        "no fix applied to this file", af_source_codec(orig)));
            af_buf_dispose(&bytes);
            return AF_EINVALID;
        }
    }
    out->fixed_len = bytes.size;
    out->fixed = af_buf_detach(&bytes);
    if (!out->fixed)
        out->fixed = af_strdup("");
    return 0;
}

/*
 * Lone CRs (old Mac line endings) are line breaks to CPython, not to the
 * parser: the working copy has them as LFs, offsets unchanged. A file with
 * only lone CRs is fixed and its LFs turned back into CRs (a bijection, since
 * it had no LF); a file that mixes them with LFs is checked, never fixed.
 */
enum line_breaks { BREAKS_PLAIN, BREAKS_CR, BREAKS_MIXED };

static enum line_breaks translate_lone_crs(struct af_source *work)
{
    if (!af_source_has_lone_cr(work->data, work->data + work->len))
        return BREAKS_PLAIN;
    bool lf = memchr(work->data, '\n', work->len) != NULL;
    for (size_t i = 0; i < work->len; i++)
        if (work->data[i] == '\r' && (i + 1 == work->len || work->data[i + 1] != '\n'))
            work->data[i] = '\n';
    af_source_replace(work, work->data, work->len);
    return lf ? BREAKS_MIXED : BREAKS_CR;
}

static void job_dispose(struct job *job)
{
    free(job->work.data);
    free(job->work.lines);
    free(job->work.checkpoints);
    free(job->module);
    for (size_t i = 0; i < job->nmaps; i++)
        free(job->maps[i].items);
    free(job->maps);
    clear_diagnostics(&job->first);
    free(job->first.decisions);
    free(job->first.refused);
    af_pieces_dispose(&job->pieces);
    free(job->unverified);
    needed_dispose(&job->used);
}

/* runs the pipeline on `src`, whose ownership moves into out->original */
static void process_source(struct af_result *out, struct af_worker *w, struct af_source *src,
                           const struct af_options *opts, const struct af_project *project)
{
    out->original = *src;
    memset(src, 0, sizeof(*src));
    const struct af_source *orig = &out->original;
    if (!opts->no_prefilter && !opts->parse_only && !af_engine_may_match(orig->data, orig->len, project) &&
        !af_project_has_part(project, orig->path)) {
        out->skipped = true;
        return;
    }
    struct job job = { .out = out, .w = w, .opts = opts, .project = project };
    af_worker_file_begin(w);
    job.work.path = orig->path;
    job.work.enc = orig->enc;
    af_source_copy_text(&job.work, orig);
    if (orig->enc)
        af_pieces_init(&job.pieces, (uint32_t)orig->len);
    size_t plen = strlen(orig->path);
    job.stub = plen > 4 && strcmp(orig->path + plen - 4, ".pyi") == 0;
    job.module = af_module_name_in(orig->path, &opts->roots, af_project_cwd(project));
    enum line_breaks breaks = translate_lone_crs(&job.work);
    job.no_fixes = breaks == BREAKS_MIXED || (breaks == BREAKS_CR && orig->enc);   /* fixed text is re-encoded from pieces */
    /* nesting CPython refuses is a syntax error before the parser sees it */
    uint32_t deep_at = 0;
    enum af_nesting nesting =
        opts->parse_only || af_project_nesting_checked(project, orig->path, job.work.data, job.work.len)
            ? AF_NESTING_OK : af_source_nesting(job.work.data, job.work.len, AF_SCAN_PYTHON, &deep_at);
    af_crash_test_hook("engine", orig->path);
    TSTree *tree = nesting == AF_NESTING_OK
                       ? ts_parser_parse_string(w->parser, NULL, job.work.data, (uint32_t)job.work.len) : NULL;
    if (nesting != AF_NESTING_OK) {
        const struct af_rule *rule = syntax_rule();
        if (rule && af_options_rule_enabled(opts, rule))
            add_diagnostic(out, orig, rule->code, rule->name, deep_at, deep_at + 1,
                           af_nesting_message(nesting, AF_SCAN_PYTHON), NULL, false);
    } else if (!tree) {
        out->status = AF_ERROR;
        out->error = af_strdup("the parser gave up on this file");
    } else if (opts->parse_only || ts_node_has_error(ts_tree_root_node(tree))) {
        if (!opts->parse_only)
            report_syntax_error(out, tree, opts);
        af_worker_tree_done(w, tree);
    } else if (breaks != BREAKS_PLAIN && report_rejected(out, &job.work, tree, opts)) {
        af_worker_tree_done(w, tree);
    } else {
        /* CPython's rules (a second walk, about a third of a parse) are asked of a file only when
         * it has something to report or fix, as a file without `async` is never parsed; then
         * before anything of it is reported or written (a lone-CR file was asked above) */
        TSTree *input = breaks == BREAKS_PLAIN ? ts_tree_copy(tree) : NULL;
        bool changed = fix_loop(&job, tree);
        if (input && (changed || out->nreports || out->internal_error) && report_rejected(out, orig, input, opts))
            changed = false;
        if (input)
            af_worker_tree_done(w, input);
        if (changed && breaks == BREAKS_CR)
            for (size_t i = 0; i < job.work.len; i++)
                if (job.work.data[i] == '\n')
                    job.work.data[i] = '\r';
        if (changed && opts->mode != AF_MODE_CHECK &&
            (job.work.len != orig->len || memcmp(job.work.data, orig->data, orig->len) != 0)) {
            if (orig->enc) {
                if (encode_fixed(out, &job.pieces) < 0)
                    changed = false;
            } else {
                out->fixed = job.work.data;
                out->fixed_len = job.work.len;
                job.work.data = NULL;
            }
        }
        if (out->internal_error && !changed)
            report_original(&job);
    }
    job_dispose(&job);
    af_worker_file_end(w);
    if (out->nreports)
        qsort(out->reports, out->nreports, sizeof(*out->reports), cmp_diagnostic);
}

/* the source as loaded (`error`: how its loading went) through the pipeline, into `out` */
static void process_loaded(struct af_result *out, struct af_worker *w, const char *path, struct af_source *src,
                           int error, const struct af_options *opts, const struct af_project *project)
{
    memset(out, 0, sizeof(*out));
    out->path = af_strdup(path);
    if (error < 0) {
        out->status = error;
        out->error = af_strdup(af_error_last());
        af_source_dispose(src);
        return;
    }
    /* a file a former run crashed on is skipped (crash.h) */
    int sig = af_crash_recorded(path);
    if (sig) {
        out->status = AF_ERROR;
        out->error = af_asprintf("internal error: asyncfix crashed on this file (signal %d: %s); "
                                 "it was skipped, the other files were processed", sig, strsignal(sig));
        af_source_dispose(src);
        return;
    }
    af_crash_enter(out->path);
    process_source(out, w, src, opts, project);
    af_crash_leave();
}

void af_engine_process_path(struct af_result *out, struct af_worker *w, const char *path,
                            const struct af_options *opts, const struct af_project *project)
{
    struct af_source src;
    /* the writer needs the folder the bytes came from (source.h); check and diff runs do not */
    int error = opts->mode == AF_MODE_WRITE ? af_source_load(&src, path) : af_source_load_readonly(&src, path);
    process_loaded(out, w, path, &src, error, opts, project);
}

void af_engine_process_buffer(struct af_result *out, struct af_worker *w, const char *path, char *data,
                              size_t len, const struct af_options *opts, const struct af_project *project)
{
    struct af_source src;
    int error = af_source_from_buffer(&src, path, data, len);
    process_loaded(out, w, path, &src, error, opts, project);
}

void af_engine_process_text(struct af_result *out, struct af_worker *w, const char *path, char *data,
                            size_t len, const struct af_options *opts, const struct af_project *project)
{
    struct af_source src;
    int error = af_source_from_text(&src, path, data, len);
    process_loaded(out, w, path, &src, error, opts, project);
}

/* ---- the project's decisions over a run's results ---- */

static bool holds(const uint32_t *set, size_t n, uint32_t d)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == d)
            return true;
    return false;
}

static const struct af_result *result_at(const struct af_result *results, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(results[i].path, path))
            return &results[i];
    return NULL;
}

/* true when decision `d` stands over the results: no file refused it, and every part is carried when it applies */
static bool decision_stands(const struct af_result *results, size_t n, const struct af_options *opts,
                            const struct af_project *project, uint32_t d)
{
    for (size_t i = 0; i < n; i++)
        if (holds(results[i].refused, results[i].nrefused, d))
            return false;
    if (!opts->unsafe_fixes)
        return true;   /* its fixes are shown, not applied, in every file alike */
    const char *path;
    for (size_t k = 0; (path = af_project_migration_file(project, d, k)); k++) {
        const struct af_result *r = result_at(results, n, path);
        if (!r || r->status < 0 || !holds(r->decisions, r->ndecisions, d))
            return false;
    }
    return true;
}

size_t af_engine_veto(uint32_t **vetoed, size_t *nvetoed, const struct af_result *results, size_t n,
                      const struct af_options *opts, const struct af_project *project)
{
    size_t added = 0;
    for (uint32_t d = 1; d <= af_project_migrations(project); d++) {
        if (holds(*vetoed, *nvetoed, d) || decision_stands(results, n, opts, project, d))
            continue;
        add_decision(vetoed, nvetoed, d);
        added++;
    }
    return added;
}

bool af_engine_touches(const struct af_result *r, const uint32_t *vetoed, size_t nvetoed,
                       const struct af_project *project)
{
    const struct af_file_summary *fs = af_project_file_at(project, r->path);
    for (uint32_t k = 0; fs && k < fs->nmigrations; k++)
        if (holds(vetoed, nvetoed, fs->migrations[k]))
            return true;
    return false;
}
