#include "asyncfix/output.h"

#include <string.h>

#include "asyncfix/diff.h"
#include "asyncfix/rule.h"

void af_json_string(struct af_buf *buf, const char *s)
{
    af_buf_putc(buf, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': af_buf_puts(buf, "\\\""); break;
        case '\\': af_buf_puts(buf, "\\\\"); break;
        case '\n': af_buf_puts(buf, "\\n"); break;
        case '\r': af_buf_puts(buf, "\\r"); break;
        case '\t': af_buf_puts(buf, "\\t"); break;
        default:
            if (*p < 0x20)
                af_buf_printf(buf, "\\u%04x", *p);
            else
                af_buf_putc(buf, (char)*p);
        }
    }
    af_buf_putc(buf, '"');
}

static bool applicable(const struct af_diagnostic *r, const struct af_options *opts)
{
    return r->has_fix && (r->applicability == AF_SAFE ||
                          (r->applicability == AF_UNSAFE && opts->unsafe_fixes));
}

static void text_one(struct af_buf *b, const char *path, const struct af_diagnostic *r,
                     const struct af_options *opts)
{
    const char *bold = opts->color ? "\033[1m" : "", *red = opts->color ? "\033[1;31m" : "";
    const char *cyan = opts->color ? "\033[36m" : "", *reset = opts->color ? "\033[0m" : "";
    af_buf_printf(b, "%s%s%s:%u:%u: %s%s%s %s%s\n", bold, af_diff_path(path), reset, r->line,
                  r->column, red, r->code, reset, applicable(r, opts) ? "[*] " : "", r->message);
    /* the source line, tabs shown as spaces so that the caret lines up */
    struct af_buf line = AF_BUF_INIT, caret = AF_BUF_INIT;
    uint32_t col = 1;
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
    af_buf_dispose(&line);
    af_buf_dispose(&caret);
}

static void json_position(struct af_buf *b, uint32_t line, uint32_t col, uint32_t eline, uint32_t ecol)
{
    af_buf_printf(b, "\"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u", line, col,
                  eline, ecol);
}

static void json_all(struct af_buf *b, const struct af_result *results, size_t n)
{
    bool first = true;
    af_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < results[i].nreports; k++) {
            const struct af_diagnostic *r = &results[i].reports[k];
            af_buf_puts(b, first ? "\n  {" : ",\n  {");
            first = false;
            af_buf_puts(b, "\"path\": ");
            af_json_string(b, af_diff_path(results[i].path));
            af_buf_puts(b, ", \"code\": ");
            af_json_string(b, r->code);
            af_buf_puts(b, ", \"message\": ");
            af_json_string(b, r->message);
            af_buf_puts(b, ", ");
            json_position(b, r->line, r->column, r->end_line, r->end_column);
            af_buf_puts(b, ", \"fix\": ");
            if (!r->has_fix) {
                af_buf_puts(b, "null}");
                continue;
            }
            af_buf_printf(b, "{\"applicability\": \"%s\", \"message\": ",
                          r->applicability == AF_SAFE ? "safe" : r->applicability == AF_UNSAFE ? "unsafe" : "display-only");
            if (r->fix_message)
                af_json_string(b, r->fix_message);
            else
                af_buf_puts(b, "null");
            af_buf_puts(b, ", \"edits\": [");
            for (size_t e = 0; e < r->nedits; e++) {
                const struct af_diagnostic_edit *ed = &r->edits[e];
                af_buf_puts(b, e ? ", {" : "{");
                json_position(b, ed->line, ed->column, ed->end_line, ed->end_column);
                af_buf_puts(b, ", \"content\": ");
                af_json_string(b, ed->content);
                af_buf_putc(b, '}');
            }
            af_buf_puts(b, "]}}");
        }
    }
    af_buf_puts(b, first ? "]\n" : "\n]\n");
}

static void sarif_all(struct af_buf *b, const struct af_result *results, size_t n)
{
    af_buf_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                   "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {"
                   "\"name\": \"asyncfix\", \"version\": \"" AF_VERSION "\", \"rules\": [");
    bool first = true;
    for (const struct af_rule *const *r = af_rules; *r; r++) {
        af_buf_puts(b, first ? "\n      {" : ",\n      {");
        first = false;
        af_buf_puts(b, "\"id\": ");
        af_json_string(b, (*r)->code);
        af_buf_puts(b, ", \"name\": ");
        af_json_string(b, (*r)->name);
        af_buf_puts(b, ", \"shortDescription\": {\"text\": ");
        af_json_string(b, (*r)->summary);
        af_buf_puts(b, "}, \"fullDescription\": {\"text\": ");
        af_json_string(b, (*r)->explanation);
        af_buf_puts(b, "}}");
    }
    af_buf_puts(b, "]}},\n    \"results\": [");
    first = true;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < results[i].nreports; k++) {
            const struct af_diagnostic *r = &results[i].reports[k];
            af_buf_puts(b, first ? "\n      {" : ",\n      {");
            first = false;
            af_buf_puts(b, "\"ruleId\": ");
            af_json_string(b, r->code);
            af_buf_puts(b, ", \"level\": \"warning\", \"message\": {\"text\": ");
            af_json_string(b, r->message);
            af_buf_puts(b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
            af_json_string(b, af_diff_path(results[i].path));
            af_buf_printf(b, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, "
                             "\"endColumn\": %u}}}]}",
                          r->line, r->column, r->end_line, r->end_column);
        }
    af_buf_puts(b, "\n    ]\n  }]\n}\n");
}

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

void af_output_findings(FILE *out, const struct af_result *results, size_t n,
                        const struct af_options *opts)
{
    struct af_buf b = AF_BUF_INIT;
    switch (opts->format) {
    case AF_FORMAT_JSON:
        json_all(&b, results, n);
        break;
    case AF_FORMAT_SARIF:
        sarif_all(&b, results, n);
        break;
    case AF_FORMAT_GITHUB:
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < results[i].nreports; k++) {
                const struct af_diagnostic *r = &results[i].reports[k];
                af_buf_puts(&b, "::warning title=asyncfix (");
                af_buf_puts(&b, r->code);
                af_buf_puts(&b, "),file=");
                github_escape(&b, af_diff_path(results[i].path), true);
                af_buf_printf(&b, ",line=%u,col=%u,endLine=%u,endColumn=%u::%s ", r->line, r->column,
                              r->end_line, r->end_column, r->code);
                github_escape(&b, r->message, false);
                af_buf_putc(&b, '\n');
            }
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
