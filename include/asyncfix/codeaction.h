/*
 * codeaction.h - the code actions of a document (textDocument/codeAction):
 *
 *  - kind `quickfix`, one per finding under the requested range that has a
 *    fix `--write` would apply (safe; unsafe too when the options allow
 *    unsafe fixes, then titled "(unsafe)"): the finding's own edits;
 *  - kind `quickfix`, "disable for this line": `# noqa: CODE` at the end of
 *    the line the finding starts on, or the code added to the `# noqa:`
 *    comment already there; offered only where a comment can go (not after
 *    a backslash, not inside a string that runs on) and when the edited text
 *    checks without that finding;
 *  - kind `source.fixAll.asyncfix`: the engine's fix loop over the whole
 *    text, so that the result equals `asyncfix --write` for these bytes, sent
 *    as one edit per changed region (libgit2's hunks).
 *
 * Edits are a WorkspaceEdit in the negotiated position encoding, with the
 * document's version when the client takes `documentChanges`.
 */
#ifndef ASYNCFIX_CODEACTION_H
#define ASYNCFIX_CODEACTION_H

#include <jansson.h>

#include "asyncfix/lspdoc.h"

struct af_lsp_settings;

struct af_codeaction_ctx {
    struct af_lspdoc *doc;              /* checked, text unchanged since */
    struct af_worker *worker;
    const struct af_options *opts;      /* the document's options (check mode) */
    const struct af_project *project;     /* may be NULL */
    const struct af_lsp_settings *settings;
    enum af_encoding enc;
    bool document_changes;              /* the client takes WorkspaceEdit.documentChanges */
};

/* true when an action of `kind` is wanted by the request's `only` list (NULL or empty: all) */
bool af_codeaction_kind_wanted(json_t *only, const char *kind);

/* the CodeAction[] for the params of a textDocument/codeAction request; negative when they are malformed */
int af_codeaction_list(json_t **out, const struct af_codeaction_ctx *ctx, json_t *params);

/* the TextEdit[] of source.fixAll.asyncfix (empty when nothing applies) */
json_t *af_codeaction_fix_all_edits(const struct af_codeaction_ctx *ctx);

#endif
