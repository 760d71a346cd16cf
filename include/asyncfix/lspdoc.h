/*
 * lspdoc.h - a document open in the editor: its text as the client last
 * sent it (unsaved edits included), the result of checking that text, and
 * the conversions between the engine's positions and the protocol's.
 *
 * The engine is handed a copy of the text with the document's file path, so
 * that the module name, `.pyi` stubs and the project index work as they do
 * for the file on disk.
 */
#ifndef ASYNCFIX_LSPDOC_H
#define ASYNCFIX_LSPDOC_H

#include <jansson.h>

#include "asyncfix/engine.h"
#include "asyncfix/textdoc.h"

struct af_lsp_settings;

struct af_lspdoc {
    char *uri;                    /* as the client sent it (echoed back as is), owned */
    char *path;                   /* the file of a file: URI, owned; NULL for other schemes */
    json_int_t version;
    struct af_textdoc text;
    bool lossy;                   /* the client sent bytes that are not UTF-8 (read as U+FFFD) */
    bool dirty;                   /* changed since the last check */
    uint64_t config_stamp;        /* af_workspace_config_stamp at the last check */
    bool checked;
    json_int_t checked_version;
    struct af_result result;      /* of the last check (reports carry their fix edits) */
    char *config_error;           /* the config could not be read at the last check, owned */
};

/* the file path of a file: URI (percent-decoding done); NULL for another scheme or a bad one */
char *af_lspdoc_uri_path(const char *uri);

struct af_lspdoc *af_lspdoc_new(const char *uri, json_int_t version, const char *text, size_t len, bool lossy);
void af_lspdoc_free(struct af_lspdoc *doc);

/*
 * Applies one TextDocumentContentChangeEvent (with `range`: incremental;
 * without: the whole text). Negative (af_error_last) for a malformed change,
 * which leaves the text as it was.
 */
int af_lspdoc_change(struct af_lspdoc *doc, json_t *change, enum af_encoding enc);

/* checks the current text with `opts` (check mode) and the project index `project` (may be NULL) */
void af_lspdoc_check(struct af_lspdoc *doc, struct af_worker *w, const struct af_options *opts,
                     const struct af_project *project);

/* {"line":..,"character":..} / {"start":..,"end":..} of bytes of the current text */
json_t *af_lspdoc_position_json(const struct af_lspdoc *doc, uint32_t byte, enum af_encoding enc);
json_t *af_lspdoc_range_json(const struct af_lspdoc *doc, uint32_t start, uint32_t end, enum af_encoding enc);

/* the bytes a finding of the last check covers (the text must not have changed since) */
void af_lspdoc_report_bytes(const struct af_lspdoc *doc, const struct af_diagnostic *r, uint32_t *start, uint32_t *end);

/* the byte of a protocol Position object; negative when it is malformed */
int af_lspdoc_offset(uint32_t *out, const struct af_lspdoc *doc, json_t *position, enum af_encoding enc);

/*
 * The Diagnostic for one finding of the last check; with the ruleDocsUrl
 * setting, codeDescription.href links the rule's page ("{code}" replaced)
 */
json_t *af_lspdoc_diagnostic(const struct af_lspdoc *doc, const struct af_diagnostic *r,
                             const struct af_lsp_settings *settings, enum af_encoding enc);

/*
 * The diagnostics of the last check: one per finding (AF001 only when the
 * settings show syntax errors), or one that says why the text could not be
 * checked (not UTF-8, a NUL byte, a config file with a bad value).
 */
json_t *af_lspdoc_diagnostics(const struct af_lspdoc *doc, const struct af_lsp_settings *settings,
                              enum af_encoding enc);

#endif
