/*
 * workspace.h - what the LSP server knows beyond one document: the client's
 * settings, the workspace folders with the project index of each (built on a
 * background thread, rebuilt when a file of the folder changes on disk), and
 * the options that apply to a document: its nearest pyproject.toml with
 * [tool.asyncfix] (read again at every check, so an edit of the file applies
 * at once), then the client's settings on top, as the command line goes on
 * top of the file.
 *
 * Everything here is called from the server's thread; only the index builds
 * run elsewhere, and they hand their result over through collect().
 */
#ifndef ASYNCFIX_WORKSPACE_H
#define ASYNCFIX_WORKSPACE_H

#include <jansson.h>

#include "asyncfix/options.h"

struct af_project;
struct af_workspace;

/*
 * The client's settings (initializationOptions, workspace/didChangeConfiguration).
 * Every key of [tool.asyncfix] is one too, in camelCase (unsafeFixes,
 * targetVersion, extendBlockingCalls, ...) or as the config spells it, and
 * goes through the same option rows (af_options_set_config) after the config
 * file, as the command line does; the others are the server's own.
 */
struct af_lsp_settings {
    json_t *options;              /* {row name: value} for the option rows, owned */
    char *configuration;          /* a config file (like --config); NULL: the nearest pyproject.toml */
    char *rule_docs_url;          /* codeDescription.href of a finding, "{code}" replaced; NULL: none */
    bool fix_all;                 /* offer source.fixAll.asyncfix */
    bool fix_violation;           /* offer a quick fix per finding */
    bool disable_rule_comment;    /* offer "disable for this line" (# noqa) */
    bool show_syntax_errors;      /* publish AF001 */
};

/*
 * Called when a folder's rebuilt index differs from the one it replaces;
 * both are valid during the call (`old` may be NULL).
 */
typedef void (*af_workspace_changed_fn)(void *ctx, const char *folder, const struct af_project *old,
                                        const struct af_project *now);

/*
 * A build thread writes one byte to `wake_fd` when it is done; the server
 * then calls af_workspace_collect.
 */
struct af_workspace *af_workspace_new(int wake_fd, af_workspace_changed_fn changed, void *ctx);

/* waits for running builds and frees everything */
void af_workspace_free(struct af_workspace *ws);

/*
 * Replaces the settings with `settings` (the object itself, or one holding
 * it under "asyncfix" or "settings"); NULL resets them. An unknown key or a
 * bad value is skipped with one line in `warnings`.
 */
void af_workspace_configure(struct af_workspace *ws, json_t *settings, struct af_buf *warnings);
const struct af_lsp_settings *af_workspace_settings(const struct af_workspace *ws);

/* a workspace folder (an absolute path); its index build starts now */
void af_workspace_add_folder(struct af_workspace *ws, const char *path);
void af_workspace_remove_folder(struct af_workspace *ws, const char *path);

/*
 * The options for the document at `path` (NULL: not a file on disk), set
 * up in `out` (the caller disposes it). Negative when the config file cannot
 * be read or holds a bad value (af_error_last); `out` then holds the
 * defaults and the client's settings.
 */
int af_workspace_options(struct af_options *out, struct af_workspace *ws, const char *path);

/*
 * A value that changes when a config file that can apply to `path` is
 * created, changed or removed (stat only, nothing is read).
 */
uint64_t af_workspace_config_stamp(const struct af_workspace *ws, const char *path);

/*
 * The index of the folder holding `path` (NULL when the path is in no folder
 * or the first build has not finished). With `wait`, a first build still
 * running is waited for.
 */
const struct af_project *af_workspace_index(struct af_workspace *ws, const char *path, bool wait);

/* a Python file changed on disk: the index of its folder is rebuilt in the background */
void af_workspace_file_changed(struct af_workspace *ws, const char *path);

/* takes the finished builds, calls `changed` for those that changed something, starts pending rebuilds */
void af_workspace_collect(struct af_workspace *ws);

/* builds started so far (for the server's log) */
unsigned af_workspace_builds(const struct af_workspace *ws);

#endif
