#include "asyncfix/lspdoc.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/file.h"
#include "asyncfix/jsonrpc.h"
#include "asyncfix/output.h"
#include "asyncfix/workspace.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *af_lspdoc_uri_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    /* file:///x and file://localhost/x name a local file; another host does not */
    if (strncmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return NULL;
    struct af_buf out = AF_BUF_INIT;
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p == '%') {
            int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
            if (lo < 0 || (hi == 0 && lo == 0)) {
                af_buf_dispose(&out);
                return NULL;
            }
            af_buf_putc(&out, (char)(hi * 16 + lo));
            p += 2;
        } else {
            af_buf_putc(&out, *p);
        }
    }
    return af_buf_detach(&out);
}

struct af_lspdoc *af_lspdoc_new(const char *uri, json_int_t version, const char *text, size_t len, bool lossy)
{
    struct af_lspdoc *doc = af_calloc(1, sizeof(*doc));
    doc->uri = af_strdup(uri);
    doc->path = af_lspdoc_uri_path(uri);
    doc->version = version;
    doc->lossy = lossy;
    doc->dirty = true;
    af_textdoc_init(&doc->text, text, len);
    return doc;
}

void af_lspdoc_free(struct af_lspdoc *doc)
{
    if (!doc)
        return;
    free(doc->uri);
    free(doc->path);
    af_textdoc_dispose(&doc->text);
    af_result_dispose(&doc->result);
    free(doc->config_error);
    free(doc);
}

static int position_of(uint32_t *line, uint32_t *character, json_t *pos)
{
    json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 || json_integer_value(c) < 0 ||
        json_integer_value(l) > UINT32_MAX || json_integer_value(c) > UINT32_MAX) {
        af_error_set("a position needs a line and a character (non-negative integers)");
        return AF_EINVALID;
    }
    *line = (uint32_t)json_integer_value(l);
    *character = (uint32_t)json_integer_value(c);
    return 0;
}

int af_lspdoc_offset(uint32_t *out, const struct af_lspdoc *doc, json_t *position, enum af_encoding enc)
{
    uint32_t line, character;
    int error = position_of(&line, &character, position);
    if (error < 0)
        return error;
    *out = af_textdoc_offset(&doc->text, line, character, enc);
    return 0;
}

int af_lspdoc_change(struct af_lspdoc *doc, json_t *change, enum af_encoding enc)
{
    json_t *text = json_object_get(change, "text");
    json_t *range = json_object_get(change, "range");
    if (!json_is_string(text)) {
        af_error_set("a content change needs its text");
        return AF_EINVALID;
    }
    uint32_t start = 0, end = (uint32_t)doc->text.text.size;
    if (range && !json_is_null(range)) {
        int error;
        if ((error = af_lspdoc_offset(&start, doc, json_object_get(range, "start"), enc)) < 0 ||
            (error = af_lspdoc_offset(&end, doc, json_object_get(range, "end"), enc)) < 0)
            return error;
        if (end < start) {
            af_error_set("a range that ends before it starts");
            return AF_EINVALID;
        }
    }
    af_textdoc_replace(&doc->text, start, end, json_string_value(text), json_string_length(text));
    doc->dirty = true;
    return 0;
}

void af_lspdoc_check(struct af_lspdoc *doc, struct af_worker *w, const struct af_options *opts,
                     const struct af_project *project)
{
    af_result_dispose(&doc->result);
    const char *name = doc->path ? doc->path : doc->uri;
    struct af_result *r = &doc->result;
    if (doc->lossy) {
        r->path = af_strdup(name);
        r->status = AF_EINVALID;
        r->error = af_strdup("the editor sent text that is not UTF-8 (shown with U+FFFD); not checked");
    } else {
        const struct af_buf *t = &doc->text.text;
        af_engine_process_text(r, w, name, af_strndup(t->ptr, t->size), t->size, opts, project);
        if (r->status < 0) {
            char *why = af_asprintf("not checked: %s", r->error ? r->error : "unknown error");
            free(r->error);
            r->error = why;
        }
    }
    doc->checked = true;
    doc->checked_version = doc->version;
    doc->dirty = false;
}

json_t *af_lspdoc_position_json(const struct af_lspdoc *doc, uint32_t byte, enum af_encoding enc)
{
    uint32_t line, character;
    af_textdoc_position(&doc->text, byte, enc, &line, &character);
    return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character", (json_int_t)character);
}

json_t *af_lspdoc_range_json(const struct af_lspdoc *doc, uint32_t start, uint32_t end, enum af_encoding enc)
{
    return json_pack("{s:o,s:o}", "start", af_lspdoc_position_json(doc, start, enc), "end",
                     af_lspdoc_position_json(doc, end, enc));
}

void af_lspdoc_report_bytes(const struct af_lspdoc *doc, const struct af_diagnostic *r, uint32_t *start, uint32_t *end)
{
    const struct af_source *src = &doc->result.original;
    *start = af_source_offset(src, r->line, r->column);
    *end = af_source_offset(src, r->end_line, r->end_column);
    if (*end < *start)
        *end = *start;
}

static json_t *rule_link(const char *templ, const char *code)
{
    struct af_buf url = AF_BUF_INIT;
    for (const char *p = templ; *p;) {
        if (!strncmp(p, "{code}", 6)) {
            af_buf_puts(&url, code);
            p += 6;
        } else {
            af_buf_putc(&url, *p++);
        }
    }
    json_t *link = json_pack("{s:o}", "href", af_rpc_string(af_buf_cstr(&url)));
    af_buf_dispose(&url);
    return link;
}

/*
 * A finding's related locations (a chain's steps) as LSP relatedInformation:
 * in this document at its own positions, in another file at the line and
 * column (code points) the finding names, as a file:// URI.
 */
static json_t *related_information(const struct af_lspdoc *doc, const struct af_diagnostic *r,
                                   enum af_encoding enc)
{
    json_t *out = json_array();
    for (size_t i = 0; i < r->nrelated; i++) {
        const struct af_diagnostic_related *rel = &r->related[i];
        json_t *range, *uri;
        if (doc->path && !strcmp(rel->path, doc->path)) {
            uint32_t at = af_source_offset(&doc->result.original, rel->line, rel->column);
            range = af_lspdoc_range_json(doc, at, at, enc);
            uri = af_rpc_string(doc->uri);
        } else {
            json_t *pos = json_pack("{s:I,s:I}", "line", (json_int_t)rel->line - 1, "character",
                                    (json_int_t)rel->column - 1);
            range = json_pack("{s:o,s:O}", "start", pos, "end", pos);
            struct af_buf abs = AF_BUF_INIT, u = AF_BUF_INIT;
            af_path_absolute(&abs, rel->path);
            af_output_uri(&u, abs.ptr);
            uri = af_rpc_string(u.ptr);
            af_buf_dispose(&abs);
            af_buf_dispose(&u);
        }
        json_array_append_new(out, json_pack("{s:{s:o,s:o},s:o}", "location", "uri", uri, "range", range, "message",
                                             af_rpc_string(rel->text)));
    }
    return out;
}

json_t *af_lspdoc_diagnostic(const struct af_lspdoc *doc, const struct af_diagnostic *r,
                             const struct af_lsp_settings *settings, enum af_encoding enc)
{
    uint32_t start, end;
    af_lspdoc_report_bytes(doc, r, &start, &end);
    bool syntax = strcmp(r->code, "AF001") == 0;
    json_t *d = json_pack("{s:o,s:i,s:s,s:s,s:o,s:{s:s,s:b}}", "range", af_lspdoc_range_json(doc, start, end, enc),
                     "severity", syntax ? 1 : 2, "code", r->code, "source", "asyncfix", "message",
                     af_rpc_string(r->message), "data", "name", r->name, "fixable", r->has_fix);
    if (settings->rule_docs_url)
        json_object_set_new(d, "codeDescription", rule_link(settings->rule_docs_url, r->code));
    if (r->nrelated)
        json_object_set_new(d, "relatedInformation", related_information(doc, r, enc));
    return d;
}

static json_t *problem_diagnostic(const struct af_lspdoc *doc, const char *message, int severity,
                                  enum af_encoding enc)
{
    uint32_t end = doc->text.nlines > 1 ? doc->text.lines[1] : (uint32_t)doc->text.text.size;
    json_t *range = af_lspdoc_range_json(doc, 0, end, enc);
    return json_pack("{s:o,s:i,s:s,s:o}", "range", range, "severity", severity, "source", "asyncfix", "message",
                     af_rpc_string(message));
}

json_t *af_lspdoc_diagnostics(const struct af_lspdoc *doc, const struct af_lsp_settings *settings,
                              enum af_encoding enc)
{
    json_t *list = json_array();
    const struct af_result *r = &doc->result;
    if (doc->config_error)
        json_array_append_new(list, problem_diagnostic(doc, doc->config_error, 2, enc));
    if (r->status < 0) {
        json_array_append_new(list, problem_diagnostic(doc, r->error ? r->error : "not checked", 1, enc));
        return list;
    }
    for (size_t i = 0; i < r->nreports; i++) {
        if (!settings->show_syntax_errors && !strcmp(r->reports[i].code, "AF001"))
            continue;
        json_array_append_new(list, af_lspdoc_diagnostic(doc, &r->reports[i], settings, enc));
    }
    return list;
}
