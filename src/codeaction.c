#include "asyncfix/codeaction.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/diff.h"
#include "asyncfix/jsonrpc.h"
#include "asyncfix/lang.h"
#include "asyncfix/workspace.h"

#define KIND_FIX_ALL "source.fixAll.asyncfix"

bool af_codeaction_kind_wanted(json_t *only, const char *kind)
{
    if (!json_is_array(only) || !json_array_size(only))
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(only, i, k) {
        /* kinds are hierarchical: "source" asks for "source.fixAll.asyncfix" too */
        const char *want = json_string_value(k);
        size_t n = want ? strlen(want) : 0;
        if (n && !strncmp(kind, want, n) && (kind[n] == '\0' || kind[n] == '.'))
            return true;
    }
    return false;
}

static json_t *text_edit(const struct af_lspdoc *doc, uint32_t start, uint32_t end, const char *text, size_t len,
                         enum af_encoding enc)
{
    json_t *t = json_stringn(text, len);
    return json_pack("{s:o,s:o}", "range", af_lspdoc_range_json(doc, start, end, enc), "newText",
                     t ? t : json_string(""));
}

/* a WorkspaceEdit of the document's TextEdit[] `edits` (stolen) */
static json_t *workspace_edit(const struct af_codeaction_ctx *ctx, json_t *edits)
{
    const struct af_lspdoc *doc = ctx->doc;
    if (ctx->document_changes)
        return json_pack("{s:[{s:{s:s,s:I},s:o}]}", "documentChanges", "textDocument", "uri", doc->uri, "version",
                         doc->version, "edits", edits);
    json_t *changes = json_object();
    json_object_set_new(changes, doc->uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

static json_t *action(const char *title, const char *kind, json_t *diagnostic, json_t *edit, bool preferred)
{
    json_t *a = json_pack("{s:o,s:s,s:o}", "title", af_rpc_string(title), "kind", kind, "edit", edit);
    if (diagnostic)
        json_object_set_new(a, "diagnostics", json_pack("[o]", diagnostic));
    if (preferred)
        json_object_set_new(a, "isPreferred", json_true());
    return a;
}

static bool applicable(const struct af_diagnostic *r, const struct af_options *opts)
{
    return r->has_fix && (r->applicability == AF_SAFE || (r->applicability == AF_UNSAFE && opts->unsafe_fixes));
}

/*
 * The TextEdit[] of a finding's fix. Edits that touch (an insertion right
 * where a replacement starts: "await " before "asyncio.sleep") are sent as
 * one, so that no client has to decide the order of edits at one position.
 */
static json_t *fix_edits(const struct af_codeaction_ctx *ctx, const struct af_diagnostic *r)
{
    const struct af_lspdoc *doc = ctx->doc;
    const struct af_source *src = &doc->result.original;
    json_t *edits = json_array();
    struct af_buf text = AF_BUF_INIT;
    uint32_t start = 0, end = 0;
    for (size_t i = 0; i <= r->nedits; i++) {
        uint32_t s = 0, e = 0;
        if (i < r->nedits) {
            s = af_source_offset(src, r->edits[i].line, r->edits[i].column);
            e = af_source_offset(src, r->edits[i].end_line, r->edits[i].end_column);
            if (i > 0 && s == end) {
                af_buf_puts(&text, r->edits[i].content);
                end = e > end ? e : end;
                continue;
            }
        }
        if (i > 0)
            json_array_append_new(edits, text_edit(doc, start, end, af_buf_cstr(&text), text.size, ctx->enc));
        af_buf_clear(&text);
        if (i < r->nedits) {
            af_buf_puts(&text, r->edits[i].content);
            start = s;
            end = e;
        }
    }
    af_buf_dispose(&text);
    return edits;
}

static json_t *quick_fix(const struct af_codeaction_ctx *ctx, const struct af_diagnostic *r)
{
    bool unsafe = r->applicability == AF_UNSAFE;
    char *title = af_asprintf("asyncfix (%s): %s%s", r->code, r->fix_message ? r->fix_message : "Apply the fix",
                              unsafe ? " (unsafe)" : "");
    json_t *a = action(title, "quickfix", af_lspdoc_diagnostic(ctx->doc, r, ctx->settings, ctx->enc),
                       workspace_edit(ctx, fix_edits(ctx, r)), !unsafe);
    free(title);
    return a;
}

/* ---- disable for this line ---- */

static bool code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Where `code` goes in the comment t[0..n): after the last code of a
 * "# noqa: A, B" list (*text ", CODE"), or at the end of a comment without
 * one (*text "  # noqa: CODE"). Returns the offset in the comment.
 */
static uint32_t noqa_in_comment(const char *t, uint32_t n, const char *code, struct af_buf *text)
{
    for (uint32_t k = 0; k < n; k++) {
        if (t[k] != '#')
            continue;
        uint32_t j = k + 1;
        while (j < n && (t[j] == ' ' || t[j] == '\t'))
            j++;
        if (j + 4 > n || strncasecmp(t + j, "noqa", 4) != 0)
            continue;
        j += 4;
        while (j < n && t[j] == ' ')
            j++;
        if (j >= n || t[j] != ':')
            continue;
        uint32_t at = j + 1, p = j + 1;
        for (;;) {
            while (p < n && (t[p] == ' ' || t[p] == ',' || t[p] == '\t'))
                p++;
            uint32_t s = p;
            while (p < n && code_char(t[p]))
                p++;
            /* a code: letters then digits (AF101, E501); prose after the list ends it */
            uint32_t d = s;
            while (d < p && ((t[d] >= 'A' && t[d] <= 'Z') || (t[d] >= 'a' && t[d] <= 'z')))
                d++;
            if (p == s || d == s || d == p)
                break;
            at = p;
        }
        af_buf_printf(text, at == j + 1 ? " %s" : ", %s", code);
        return at;
    }
    af_buf_printf(text, "  # noqa: %s", code);
    return n;
}

/* true when byte `at` (a line end) lies inside a string that goes on to the next line */
static bool inside_string(TSNode root, uint32_t at)
{
    TSNode n = ts_node_descendant_for_byte_range(root, at, at);
    for (; !ts_node_is_null(n); n = ts_node_parent(n))
        if (ts_node_symbol(n) == af_sym.string && ts_node_start_byte(n) < at && ts_node_end_byte(n) > at)
            return true;
    return false;
}

/* the edit that puts `# noqa: CODE` on the line finding `r` starts on; negative where none can go */
static int noqa_edit(uint32_t *start, uint32_t *end, struct af_buf *text, const struct af_codeaction_ctx *ctx,
                     const struct af_diagnostic *r)
{
    const struct af_source *src = &ctx->doc->result.original;
    uint32_t ls, ll;
    af_source_line(src, r->line - 1, &ls, &ll);
    uint32_t last = ls + ll;
    while (last > ls && (src->data[last - 1] == ' ' || src->data[last - 1] == '\t'))
        last--;
    if (last == ls || src->data[last - 1] == '\\')
        return AF_ENOTFOUND;
    TSTree *tree = ts_parser_parse_string(ctx->worker->parser, NULL, src->data, (uint32_t)src->len);
    if (!tree)
        return AF_ERROR;
    TSNode root = ts_tree_root_node(tree);
    TSNode n = ts_node_descendant_for_byte_range(root, last - 1, last);
    int error = 0;
    if (ts_node_symbol(n) == af_sym.comment) {
        uint32_t cs = ts_node_start_byte(n), ce = ts_node_end_byte(n);
        while (ce > cs && src->data[ce - 1] == '\r')
            ce--;   /* the grammar's comment runs to the \n: a CRLF line's \r is not the comment's */
        uint32_t at = noqa_in_comment(src->data + cs, ce - cs, r->code, text);
        *start = *end = cs + at;
    } else if (inside_string(root, ls + ll)) {
        error = AF_ENOTFOUND;
    } else {
        af_buf_printf(text, "  # noqa: %s", r->code);
        *start = last;
        *end = ls + ll;
    }
    ts_tree_delete(tree);
    return error;
}

/* true when the text with the edit checks without `r` on its line and without a new syntax error */
static bool noqa_works(const struct af_codeaction_ctx *ctx, const struct af_diagnostic *r, uint32_t start, uint32_t end,
                       const struct af_buf *text)
{
    const struct af_source *src = &ctx->doc->result.original;
    struct af_buf t = AF_BUF_INIT;
    af_buf_put(&t, src->data, start);
    af_buf_put(&t, text->ptr, text->size);
    af_buf_put(&t, src->data + end, src->len - end);
    struct af_result res = { 0 };
    size_t len = t.size;
    af_engine_process_text(&res, ctx->worker, src->path, af_buf_detach(&t), len, ctx->opts, ctx->project);
    bool ok = res.status == 0;
    for (size_t i = 0; ok && i < res.nreports; i++) {
        const struct af_diagnostic *x = &res.reports[i];
        if (!strcmp(x->code, "AF001") || (!strcmp(x->code, r->code) && x->line == r->line))
            ok = false;
    }
    af_result_dispose(&res);
    return ok;
}

static json_t *disable_action(const struct af_codeaction_ctx *ctx, const struct af_diagnostic *r)
{
    uint32_t start, end;
    struct af_buf text = AF_BUF_INIT;
    json_t *a = NULL;
    if (noqa_edit(&start, &end, &text, ctx, r) == 0 && noqa_works(ctx, r, start, end, &text)) {
        json_t *edits = json_pack("[o]", text_edit(ctx->doc, start, end, text.ptr, text.size, ctx->enc));
        char *title = af_asprintf("asyncfix (%s): Disable for this line", r->code);
        a = action(title, "quickfix", af_lspdoc_diagnostic(ctx->doc, r, ctx->settings, ctx->enc), workspace_edit(ctx, edits), false);
        free(title);
    }
    af_buf_dispose(&text);
    return a;
}

/* ---- fix all ---- */

json_t *af_codeaction_fix_all_edits(const struct af_codeaction_ctx *ctx)
{
    const struct af_lspdoc *doc = ctx->doc;
    const struct af_source *orig = &doc->result.original;
    json_t *edits = json_array();
    struct af_options wopts = *ctx->opts;
    wopts.mode = AF_MODE_WRITE;
    wopts.format = AF_FORMAT_TEXT;
    struct af_result res = { 0 };
    af_engine_process_text(&res, ctx->worker, orig->path, af_strndup(orig->data, orig->len), orig->len, &wopts,
                             ctx->project);
    struct af_diff_hunk *h = NULL;
    size_t n = 0;
    if (res.status == 0 && res.fixed &&
        af_diff_hunks(&h, &n, orig->data, orig->len, res.fixed, res.fixed_len) == 0) {
        for (size_t i = 0; i < n; i++)
            json_array_append_new(edits, text_edit(doc, h[i].old_start, h[i].old_end, res.fixed + h[i].new_start,
                                                   h[i].new_end - h[i].new_start, ctx->enc));
    }
    free(h);
    af_result_dispose(&res);
    return edits;
}

static json_t *fix_all_action(const struct af_codeaction_ctx *ctx)
{
    json_t *edits = af_codeaction_fix_all_edits(ctx);
    if (!json_array_size(edits)) {
        json_decref(edits);
        return NULL;
    }
    return action("asyncfix: Fix all auto-fixable problems", KIND_FIX_ALL, NULL, workspace_edit(ctx, edits), false);
}

/* ---- the request ---- */

/* true when finding `r` is one of the request's context diagnostics (same code, same start) */
static bool in_context(const struct af_codeaction_ctx *ctx, json_t *diagnostics, const struct af_diagnostic *r,
                       uint32_t start)
{
    size_t i;
    json_t *d;
    json_array_foreach(diagnostics, i, d) {
        const char *code = json_string_value(json_object_get(d, "code"));
        uint32_t at;
        if (code && !strcmp(code, r->code) &&
            af_lspdoc_offset(&at, ctx->doc, json_object_get(json_object_get(d, "range"), "start"), ctx->enc) == 0 &&
            at == start)
            return true;
    }
    return false;
}

int af_codeaction_list(json_t **out, const struct af_codeaction_ctx *ctx, json_t *params)
{
    json_t *range = json_object_get(params, "range"), *context = json_object_get(params, "context");
    json_t *only = json_object_get(context, "only"), *diagnostics = json_object_get(context, "diagnostics");
    uint32_t rs, re;
    int error;
    if ((error = af_lspdoc_offset(&rs, ctx->doc, json_object_get(range, "start"), ctx->enc)) < 0 ||
        (error = af_lspdoc_offset(&re, ctx->doc, json_object_get(range, "end"), ctx->enc)) < 0)
        return error;
    json_t *list = json_array();
    const struct af_result *res = &ctx->doc->result;
    bool quick = af_codeaction_kind_wanted(only, "quickfix");
    for (size_t i = 0; quick && res->status == 0 && i < res->nreports; i++) {
        const struct af_diagnostic *r = &res->reports[i];
        uint32_t s, e;
        af_lspdoc_report_bytes(ctx->doc, r, &s, &e);
        if (!(s <= re && rs <= e) && !in_context(ctx, diagnostics, r, s))
            continue;
        if (ctx->settings->fix_violation && applicable(r, ctx->opts))
            json_array_append_new(list, quick_fix(ctx, r));
        if (ctx->settings->disable_rule_comment && strcmp(r->code, "AF001") != 0) {
            json_t *a = disable_action(ctx, r);
            if (a)
                json_array_append_new(list, a);
        }
    }
    if (ctx->settings->fix_all && res->status == 0 && res->fixable && af_codeaction_kind_wanted(only, KIND_FIX_ALL)) {
        json_t *a = fix_all_action(ctx);
        if (a)
            json_array_append_new(list, a);
    }
    *out = list;
    return 0;
}
