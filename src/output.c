/*
 * output.c - findings as text, JSON, SARIF 2.1.0, GitHub annotations and a
 * GitLab Code Quality report. The JSON documents are built with jansson.
 *
 * File names are data: see output.h for how each format writes one that
 * holds a control character or bytes that are not UTF-8.
 */
#include "asyncfix/output.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/diff.h"
#include "asyncfix/rule.h"

static bool applicable(const struct af_diagnostic *r, const struct af_options *opts)
{
    return r->has_fix && (r->applicability == AF_SAFE ||
                          (r->applicability == AF_UNSAFE && opts->unsafe_fixes));
}

/* ---- names and strings ---- */

/* JSON names: as they are, unless not UTF-8 or starting with '"' (then quoted: see output.h) */
static bool json_name_quoted(const char *name)
{
    if (name[0] == '"')
        return true;
    for (size_t i = 0, n = strlen(name); i < n;) {
        size_t k = af_utf8_next(name + i, n - i, NULL);
        if (!k)
            return true;
        i += k;
    }
    return false;
}

static json_t *json_name(const char *name)
{
    name = af_diff_path(name);
    if (!json_name_quoted(name))
        return json_string(name);
    struct af_buf b = AF_BUF_INIT;
    af_buf_put_name(&b, name);
    json_t *s = json_string(b.ptr);
    af_buf_dispose(&b);
    return s;
}

/* a JSON string of text that should be UTF-8 (messages, code): U+FFFD where it is not */
static json_t *json_text(const char *s)
{
    json_t *v = json_string(s ? s : "");
    if (v)
        return v;
    struct af_buf b = AF_BUF_INIT;
    for (size_t i = 0, n = strlen(s); i < n;) {
        size_t k = af_utf8_next(s + i, n - i, NULL);
        af_buf_put(&b, k ? s + i : "\xEF\xBF\xBD", k ? k : 3);
        i += k ? k : 1;
    }
    v = json_string(af_buf_cstr(&b));
    af_buf_dispose(&b);
    return v;
}

/* an RFC 3986 URI reference: every byte but the unreserved ones and '/' percent-encoded */
void af_output_uri(struct af_buf *out, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    name = af_diff_path(name);
    if (name[0] == '/')
        af_buf_puts(out, "file://");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p;
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            af_buf_putc(out, (char)c);
        } else {
            af_buf_putc(out, '%');
            af_buf_putc(out, hex[c >> 4]);
            af_buf_putc(out, hex[c & 15]);
        }
    }
}

static json_t *json_uri(const char *name)
{
    struct af_buf b = AF_BUF_INIT;
    af_output_uri(&b, name);
    json_t *s = json_string(af_buf_cstr(&b));
    af_buf_dispose(&b);
    return s;
}

/* ---- text ---- */

static void text_one(struct af_buf *b, const char *path, const struct af_diagnostic *r,
                     const struct af_options *opts)
{
    const char *bold = opts->color ? "\033[1m" : "", *red = opts->color ? "\033[1;31m" : "";
    const char *cyan = opts->color ? "\033[36m" : "", *reset = opts->color ? "\033[0m" : "";
    af_buf_puts(b, bold);
    af_buf_put_name(b, path);
    af_buf_printf(b, "%s:%u:%u: %s%s%s %s%s\n", reset, r->line, r->column, red, r->code, reset,
                  applicable(r, opts) ? "[*] " : "", r->message);
    /* the source line, tabs shown as spaces so that the caret lines up */
    struct af_buf line = AF_BUF_INIT, caret = AF_BUF_INIT;
    uint32_t col = r->source_column ? r->source_column : 1;
    for (const char *p = r->source_line; *p; p++) {
        bool inside = col >= r->column && (r->end_line > r->line || col < r->end_column);
        if ((((unsigned char)*p) & 0xC0) != 0x80) {
            if (col < r->column)
                af_buf_putc(&caret, ' ');
            else if (inside)
                af_buf_putc(&caret, '^');
            col++;
        }
        af_buf_putc(&line, *p == '\t' ? ' ' : *p);
    }
    if (!caret.size || caret.ptr[caret.size - 1] != '^')
        af_buf_putc(&caret, '^');
    af_buf_printf(b, "%s%5u |%s %s\n", cyan, r->line, reset, af_buf_cstr(&line));
    af_buf_printf(b, "%s      |%s %s%s%s\n", cyan, reset, red, af_buf_cstr(&caret), reset);
    /* the related locations, a chain's steps in order */
    for (size_t i = 0; i < r->nrelated; i++) {
        af_buf_printf(b, "%s      = note:%s ", cyan, reset);
        af_buf_put_name(b, r->related[i].path);
        af_buf_printf(b, ":%u:%u: %s\n", r->related[i].line, r->related[i].column, r->related[i].text);
    }
    af_buf_dispose(&line);
    af_buf_dispose(&caret);
}

/* ---- JSON ---- */

static const char *applicability_name(enum af_applicability a)
{
    return a == AF_SAFE ? "safe" : a == AF_UNSAFE ? "unsafe" : "display-only";
}

static json_t *json_fix(const struct af_diagnostic *r)
{
    if (!r->has_fix)
        return json_null();
    json_t *edits = json_array();
    for (size_t e = 0; e < r->nedits; e++) {
        const struct af_diagnostic_edit *ed = &r->edits[e];
        json_array_append_new(edits, json_pack("{s:I,s:I,s:I,s:I,s:o}", "line", (json_int_t)ed->line, "column",
                                               (json_int_t)ed->column, "end_line", (json_int_t)ed->end_line,
                                               "end_column", (json_int_t)ed->end_column, "content",
                                               json_text(ed->content)));
    }
    return json_pack("{s:s,s:o,s:o}", "applicability", applicability_name(r->applicability), "message",
                     r->fix_message ? json_text(r->fix_message) : json_null(), "edits", edits);
}

/* the related locations (a chain's steps), in order: [{"path", "line", "column", "text"}] */
static json_t *json_related(const struct af_diagnostic *r)
{
    json_t *steps = json_array();
    for (size_t i = 0; i < r->nrelated; i++) {
        const struct af_diagnostic_related *rel = &r->related[i];
        json_array_append_new(steps, json_pack("{s:o,s:I,s:I,s:o}", "path", json_name(rel->path), "line",
                                               (json_int_t)rel->line, "column", (json_int_t)rel->column, "text",
                                               json_text(rel->text)));
    }
    return steps;
}

static json_t *json_finding(const char *path, const struct af_diagnostic *r)
{
    return json_pack("{s:o,s:s,s:o,s:I,s:I,s:I,s:I,s:o,s:o}", "path", json_name(path), "code", r->code, "message",
                     json_text(r->message), "line", (json_int_t)r->line, "column", (json_int_t)r->column,
                     "end_line", (json_int_t)r->end_line, "end_column", (json_int_t)r->end_column, "related",
                     json_related(r), "fix", json_fix(r));
}

/* an array with one element per line, as the JSON output has always been laid out */
static void put_array(struct af_buf *b, json_t *items)
{
    size_t i;
    json_t *item;
    af_buf_putc(b, '[');
    json_array_foreach(items, i, item) {
        char *s = json_dumps(item, 0);
        af_buf_puts(b, i ? ",\n  " : "\n  ");
        af_buf_puts(b, s);
        free(s);
    }
    af_buf_puts(b, json_array_size(items) ? "\n]\n" : "]\n");
}

static void json_all(struct af_buf *b, const struct af_result *results, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < results[i].nreports; k++)
            json_array_append_new(items, json_finding(results[i].path, &results[i].reports[k]));
    put_array(b, items);
    json_decref(items);
}

/* ---- SARIF 2.1.0 ---- */

static json_t *sarif_region(uint32_t line, uint32_t column, uint32_t end_line, uint32_t end_column)
{
    return json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)line, "startColumn", (json_int_t)column,
                     "endLine", (json_int_t)end_line, "endColumn", (json_int_t)end_column);
}

/* the fix as SARIF states it: replacements of regions of the file (an empty region inserts) */
static json_t *sarif_fixes(const char *path, const struct af_diagnostic *r)
{
    json_t *replacements = json_array();
    for (size_t e = 0; e < r->nedits; e++) {
        const struct af_diagnostic_edit *ed = &r->edits[e];
        json_array_append_new(replacements,
                              json_pack("{s:o,s:{s:o}}", "deletedRegion",
                                        sarif_region(ed->line, ed->column, ed->end_line, ed->end_column),
                                        "insertedContent", "text", json_text(ed->content)));
    }
    const char *what = r->fix_message ? r->fix_message : "apply the fix";
    char *text = af_asprintf("%s%s", what, r->applicability == AF_UNSAFE ? " (unsafe: review before applying)" : "");
    json_t *fix = json_pack("{s:{s:o},s:[{s:{s:o},s:o}]}", "description", "text", json_text(text), "artifactChanges",
                            "artifactLocation", "uri", json_uri(path), "replacements", replacements);
    free(text);
    return json_pack("[o]", fix);
}

static json_t *sarif_result(const char *path, const struct af_diagnostic *r, const struct af_options *opts)
{
    json_t *res = json_pack("{s:s,s:s,s:{s:o},s:[{s:{s:{s:o},s:o}}]}", "ruleId", r->code, "level",
                            strcmp(r->code, "AF001") ? "warning" : "error", "message", "text", json_text(r->message),
                            "locations", "physicalLocation", "artifactLocation", "uri", json_uri(path), "region",
                            sarif_region(r->line, r->column, r->end_line, r->end_column));
    if (applicable(r, opts) && r->nedits)
        json_object_set_new(res, "fixes", sarif_fixes(path, r));
    if (r->nrelated) {
        json_t *related = json_array();
        for (size_t i = 0; i < r->nrelated; i++) {
            const struct af_diagnostic_related *rel = &r->related[i];
            json_array_append_new(related, json_pack("{s:I,s:{s:{s:o},s:{s:I,s:I}},s:{s:o}}", "id",
                                                     (json_int_t)(i + 1), "physicalLocation", "artifactLocation",
                                                     "uri", json_uri(rel->path), "region", "startLine",
                                                     (json_int_t)rel->line, "startColumn", (json_int_t)rel->column,
                                                     "message", "text", json_text(rel->text)));
        }
        json_object_set_new(res, "relatedLocations", related);
    }
    return res;
}

static void sarif_all(struct af_buf *b, const struct af_result *results, size_t n, const struct af_options *opts)
{
    json_t *rules = json_array(), *out = json_array();
    for (const struct af_rule *const *r = af_rules; *r; r++)
        json_array_append_new(rules, json_pack("{s:s,s:s,s:{s:o},s:{s:o}}", "id", (*r)->code, "name", (*r)->name,
                                               "shortDescription", "text", json_text((*r)->summary),
                                               "fullDescription", "text", json_text((*r)->explanation)));
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < results[i].nreports; k++)
            json_array_append_new(out, sarif_result(results[i].path, &results[i].reports[k], opts));
    /* columns count Unicode code points, as everywhere in asyncfix */
    json_t *doc = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:s,s:o}]}", "$schema",
                            "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
                            "driver", "name", "asyncfix", "version", AF_VERSION, "rules", rules, "columnKind",
                            "unicodeCodePoints", "results", out);
    char *s = json_dumps(doc, JSON_INDENT(2));
    af_buf_puts(b, s);
    af_buf_putc(b, '\n');
    free(s);
    json_decref(doc);
}

/* ---- GitLab Code Quality (the Code Climate subset GitLab reads) ---- */

static uint64_t fnv1a(uint64_t h, const char *s)
{
    /* a separator byte after each part, so that ("ab","c") != ("a","bc") */
    return af_hash64_add(af_hash64_add(h, s, strlen(s)), "\xff", 1);
}

/*
 * A fingerprint that survives edits elsewhere in the file: the code, the
 * path, the message and the finding's source line (not its number), and
 * how many identical findings came before it in the file.
 */
static void gitlab_fingerprint(char out[17], const char *path, const struct af_diagnostic *r, unsigned seen)
{
    char count[16];
    snprintf(count, sizeof(count), "%u", seen);
    uint64_t h = AF_HASH64_INIT;
    h = fnv1a(fnv1a(fnv1a(fnv1a(fnv1a(h, r->code), path), r->message), r->source_line), count);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* "CODE message" and, for a finding with related locations, each step: "; path:line: text" */
static char *message_with_steps(const char *code, const struct af_diagnostic *r)
{
    struct af_buf m = AF_BUF_INIT;
    af_buf_printf(&m, "%s %s", code, r->message);
    for (size_t i = 0; i < r->nrelated; i++) {
        af_buf_puts(&m, i ? "; " : " \xe2\x80\x94 ");
        af_buf_put_name(&m, r->related[i].path);
        af_buf_printf(&m, ":%u: %s", r->related[i].line, r->related[i].text);
    }
    return af_buf_detach(&m);
}

static void gitlab_all(struct af_buf *b, const struct af_result *results, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct af_result *res = &results[i];
        for (size_t k = 0; k < res->nreports; k++) {
            const struct af_diagnostic *r = &res->reports[k];
            unsigned seen = 0;
            for (size_t j = 0; j < k; j++)
                seen += !strcmp(res->reports[j].code, r->code) && !strcmp(res->reports[j].message, r->message) &&
                        !strcmp(res->reports[j].source_line, r->source_line);
            char fp[17];
            gitlab_fingerprint(fp, af_diff_path(res->path), r, seen);
            char *description = message_with_steps(r->code, r);
            json_array_append_new(items, json_pack("{s:o,s:s,s:s,s:s,s:{s:o,s:{s:I}}}", "description",
                                                   json_text(description), "check_name", r->code, "fingerprint", fp,
                                                   "severity", strcmp(r->code, "AF001") ? "major" : "critical",
                                                   "location", "path", json_name(res->path), "lines", "begin",
                                                   (json_int_t)r->line));
            free(description);
        }
    }
    put_array(b, items);
    json_decref(items);
}

/* ---- GitHub workflow commands ---- */

/* what the runner unescapes: % CR LF in data, and : , too in properties */
static void github_escape(struct af_buf *b, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%') af_buf_puts(b, "%25");
        else if (*s == '\r') af_buf_puts(b, "%0D");
        else if (*s == '\n') af_buf_puts(b, "%0A");
        else if (property && *s == ':') af_buf_puts(b, "%3A");
        else if (property && *s == ',') af_buf_puts(b, "%2C");
        else af_buf_putc(b, *s);
    }
}

static void github_one(struct af_buf *b, const char *path, const struct af_diagnostic *r)
{
    struct af_buf name = AF_BUF_INIT;
    af_buf_put_name(&name, path);
    af_buf_puts(b, "::warning title=asyncfix (");
    github_escape(b, r->code, true);
    af_buf_puts(b, "),file=");
    github_escape(b, af_buf_cstr(&name), true);
    af_buf_printf(b, ",line=%u,col=%u,endLine=%u,endColumn=%u::", r->line, r->column, r->end_line, r->end_column);
    github_escape(b, r->code, false);
    af_buf_putc(b, ' ');
    github_escape(b, r->message, false);
    /* an annotation has no related locations: they go in the message, one a line */
    for (size_t i = 0; i < r->nrelated; i++) {
        struct af_buf step = AF_BUF_INIT;
        af_buf_puts(&step, "\n  ");
        af_buf_put_name(&step, r->related[i].path);
        af_buf_printf(&step, ":%u:%u: %s", r->related[i].line, r->related[i].column, r->related[i].text);
        github_escape(b, step.ptr, false);
        af_buf_dispose(&step);
    }
    af_buf_putc(b, '\n');
    af_buf_dispose(&name);
}

void af_output_findings(FILE *out, const struct af_result *results, size_t n,
                        const struct af_options *opts)
{
    struct af_buf b = AF_BUF_INIT;
    switch (opts->format) {
    case AF_FORMAT_JSON:
        json_all(&b, results, n);
        break;
    case AF_FORMAT_SARIF:
        sarif_all(&b, results, n, opts);
        break;
    case AF_FORMAT_GITLAB:
        gitlab_all(&b, results, n);
        break;
    case AF_FORMAT_GITHUB:
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < results[i].nreports; k++)
                github_one(&b, results[i].path, &results[i].reports[k]);
        break;
    case AF_FORMAT_TEXT:
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < results[i].nreports; k++)
                text_one(&b, results[i].path, &results[i].reports[k], opts);
        break;
    }
    if (b.size)
        fwrite(b.ptr, 1, b.size, out);
    af_buf_dispose(&b);
}
