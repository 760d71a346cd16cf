/*
 * server.c - the LSP server's loop, lifecycle and methods.
 *
 * One thread serves: it reads what the client sent, frames and parses it
 * (jsonrpc.c) into a queue, and handles the queue in order. Before a
 * request is handled the input is read once more without waiting, so that a
 * `$/cancelRequest` sent right after it is seen. When the queue is empty and
 * no byte is waiting, the documents changed since their last check are
 * checked and their diagnostics published; then the loop sleeps until input
 * arrives, an index build finishes (a byte on the wake pipe) or two seconds
 * pass (config files are looked at again).
 */
#include "asyncfix/server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncfix/codeaction.h"
#include "asyncfix/diff.h"
#include "asyncfix/project.h"
#include "asyncfix/jsonrpc.h"
#include "asyncfix/lang.h"
#include "asyncfix/lspdoc.h"
#include "asyncfix/rule.h"
#include "asyncfix/workspace.h"

#define IDLE_MS 2000
#define MSG_ERROR 1
#define MSG_WARNING 2
#define MSG_LOG 4

enum state { WAITING, RUNNING, SHUT_DOWN };

struct queued {
    json_t *msg;
    bool lossy;
};

struct server {
    int in_fd, out_fd, wake[2];
    enum state state;
    bool exit, input_closed, output_closed;
    enum af_encoding enc;
    bool document_changes, watch_files;
    struct af_workspace *ws;
    struct af_lspdoc **docs;
    size_t ndocs, docs_cap;
    struct af_worker worker;
    struct af_rpc_reader reader;
    struct queued *queue;
    size_t qhead, qn, qcap;
    bool lossy;                     /* the message being handled was not UTF-8 */
    json_int_t next_id;
    char *shown;                    /* the last window/showMessage text, not repeated */
};

/* ---- output ---- */

static void send_msg(struct server *s, json_t *msg)
{
    if (!s->output_closed && af_rpc_write(s->out_fd, msg) < 0) {
        s->output_closed = true;
        s->exit = true;
    }
    json_decref(msg);
}

static void notify(struct server *s, const char *method, json_t *params)
{
    send_msg(s, af_rpc_notification(method, params));
}

static void log_message(struct server *s, int type, const char *text)
{
    notify(s, "window/logMessage", json_pack("{s:i,s:o}", "type", type, "message", af_rpc_string(text)));
}

/* shows `text` to the user once (until another text was shown) */
static void show_message(struct server *s, int type, const char *text)
{
    if (s->shown && !strcmp(s->shown, text))
        return;
    free(s->shown);
    s->shown = af_strdup(text);
    notify(s, "window/showMessage", json_pack("{s:i,s:o}", "type", type, "message", af_rpc_string(text)));
}

/* ---- documents ---- */

static struct af_lspdoc *find_doc(struct server *s, const char *uri, size_t *at)
{
    for (size_t i = 0; uri && i < s->ndocs; i++)
        if (!strcmp(s->docs[i]->uri, uri)) {
            if (at)
                *at = i;
            return s->docs[i];
        }
    return NULL;
}

static const char *param_uri(json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static void publish(struct server *s, struct af_lspdoc *doc)
{
    json_t *diags = af_lspdoc_diagnostics(doc, af_workspace_settings(s->ws), s->enc);
    notify(s, "textDocument/publishDiagnostics",
           json_pack("{s:s,s:I,s:o}", "uri", doc->uri, "version", doc->checked_version, "diagnostics", diags));
}

/* the document's options; a config problem is kept on the document and shown once */
static void doc_options(struct server *s, struct af_lspdoc *doc, struct af_options *opts)
{
    free(doc->config_error);
    doc->config_error = NULL;
    if (af_workspace_options(opts, s->ws, doc->path) < 0) {
        doc->config_error = af_asprintf("asyncfix: configuration not applied: %s", af_error_last());
        show_message(s, MSG_WARNING, doc->config_error);
    }
    opts->mode = AF_MODE_CHECK;
    opts->format = AF_FORMAT_JSON;   /* reports carry their fix edits */
}

static void check(struct server *s, struct af_lspdoc *doc)
{
    struct af_options opts;
    doc_options(s, doc, &opts);
    doc->config_stamp = af_workspace_config_stamp(s->ws, doc->path);
    af_lspdoc_check(doc, &s->worker, &opts, af_workspace_index(s->ws, doc->path, false));
    af_options_dispose(&opts);
}

/* checks and publishes what changed: the text, a config file, the index */
static void flush(struct server *s)
{
    for (size_t i = 0; i < s->ndocs && !s->exit; i++) {
        struct af_lspdoc *doc = s->docs[i];
        if (!doc->dirty && doc->config_stamp != af_workspace_config_stamp(s->ws, doc->path))
            doc->dirty = true;
        if (!doc->dirty)
            continue;
        check(s, doc);
        publish(s, doc);
    }
}

static void mark_all(struct server *s)
{
    for (size_t i = 0; i < s->ndocs; i++)
        s->docs[i]->dirty = true;
}

static bool is_python_path(const char *p)
{
    size_t n = p ? strlen(p) : 0;
    return (n > 3 && !strcmp(p + n - 3, ".py")) || (n > 4 && !strcmp(p + n - 4, ".pyi"));
}

static bool is_config_path(const char *p)
{
    size_t n = p ? strlen(p) : 0;
    return n >= 14 && !strcmp(p + n - 14, "pyproject.toml") && (n == 14 || p[n - 15] == '/');
}

/*
 * A rebuilt index: the open files of its folder that name something it
 * records (or recorded), and those with `async`, whose calls the chains of
 * the call graph (AF106) may now reach.
 */
static void index_changed(void *ctx, const char *folder, const struct af_project *old, const struct af_project *now)
{
    struct server *s = ctx;
    size_t n = strlen(folder);
    for (size_t i = 0; i < s->ndocs; i++) {
        struct af_lspdoc *d = s->docs[i];
        const char *t = d->text.text.ptr;
        size_t len = d->text.text.size;
        if (!d->path || strncmp(d->path, folder, n) != 0 || d->path[n] != '/')
            continue;
        if ((old && af_project_mentioned(old, t, len)) || (now && af_project_mentioned(now, t, len)) ||
            memmem(t, len, "async", 5))
            d->dirty = true;
    }
    char *m = af_asprintf("asyncfix: project index of %s: %zu coroutine functions in %zu files", folder,
                          af_project_count(now), af_project_files_seen(now));
    log_message(s, MSG_LOG, m);
    free(m);
}

/* ---- lifecycle ---- */

static bool offers(json_t *list, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), value))
            return true;
    return false;
}

static void add_folder_uri(struct server *s, const char *uri)
{
    char *path = uri ? af_lspdoc_uri_path(uri) : NULL;
    if (path)
        af_workspace_add_folder(s->ws, path);
    free(path);
}

static void configure(struct server *s, json_t *settings)
{
    struct af_buf warnings = AF_BUF_INIT;
    af_workspace_configure(s->ws, settings, &warnings);
    if (warnings.size)
        show_message(s, MSG_WARNING, warnings.ptr);
    af_buf_dispose(&warnings);
    mark_all(s);
}

static json_t *capabilities(const struct server *s)
{
    return json_pack("{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s,s],s:b},s:b,s:{s:{s:b,s:b}}}",
                     "positionEncoding", s->enc == AF_ENCODING_UTF8 ? "utf-8" : "utf-16",
                     "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
                     "codeActionProvider", "codeActionKinds", "quickfix", "source.fixAll.asyncfix",
                     "resolveProvider", 0,
                     "hoverProvider", 1,
                     "workspace", "workspaceFolders", "supported", 1, "changeNotifications", 1);
}

static int m_initialize(struct server *s, json_t *params, json_t **result)
{
    json_t *caps = json_object_get(params, "capabilities");
    json_t *general = json_object_get(caps, "general"), *workspace = json_object_get(caps, "workspace");
    s->enc = offers(json_object_get(general, "positionEncodings"), "utf-8") ? AF_ENCODING_UTF8 : AF_ENCODING_UTF16;
    s->document_changes = json_is_true(json_object_get(json_object_get(workspace, "workspaceEdit"), "documentChanges"));
    s->watch_files = json_is_true(json_object_get(json_object_get(workspace, "didChangeWatchedFiles"),
                                                  "dynamicRegistration"));
    configure(s, json_object_get(params, "initializationOptions"));
    json_t *folders = json_object_get(params, "workspaceFolders");
    if (json_is_array(folders) && json_array_size(folders)) {
        size_t i;
        json_t *f;
        json_array_foreach(folders, i, f)
            add_folder_uri(s, json_string_value(json_object_get(f, "uri")));
    } else if (json_is_string(json_object_get(params, "rootUri"))) {
        add_folder_uri(s, json_string_value(json_object_get(params, "rootUri")));
    } else if (json_is_string(json_object_get(params, "rootPath"))) {
        af_workspace_add_folder(s->ws, json_string_value(json_object_get(params, "rootPath")));
    }
    s->state = RUNNING;
    *result = json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities(s), "serverInfo", "name", "asyncfix",
                        "version", AF_VERSION);
    return 0;
}

static int m_initialized(struct server *s, json_t *params, json_t **result)
{
    if (!s->watch_files)
        return 0;
    /* config files and the project's Python files, for the index */
    json_t *watchers = json_pack("[{s:s},{s:s},{s:s}]", "globPattern", "**/pyproject.toml", "globPattern", "**/*.py",
                                 "globPattern", "**/*.pyi");
    json_t *reg = json_pack("{s:[{s:s,s:s,s:{s:o}}]}", "registrations", "id", "asyncfix-watch", "method",
                            "workspace/didChangeWatchedFiles", "registerOptions", "watchers", watchers);
    send_msg(s, af_rpc_request(++s->next_id, "client/registerCapability", reg));
    return 0;
}

static int m_shutdown(struct server *s, json_t *params, json_t **result)
{
    s->state = SHUT_DOWN;
    return 0;
}

static int m_exit(struct server *s, json_t *params, json_t **result)
{
    s->exit = true;
    return 0;
}

/* ---- text synchronisation ---- */

static int m_did_open(struct server *s, json_t *params, json_t **result)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    const char *lang = json_string_value(json_object_get(td, "languageId"));
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text))
        return AF_RPC_INVALID_PARAMS;
    char *path = af_lspdoc_uri_path(uri);
    bool python = (lang && !strcmp(lang, "python")) || is_python_path(path ? path : uri);
    free(path);
    if (!python)
        return 0;
    size_t at;
    if (find_doc(s, uri, &at)) {
        af_lspdoc_free(s->docs[at]);
        s->docs[at] = s->docs[--s->ndocs];
    }
    AF_ARRAY_GROW(s->docs, s->ndocs, s->docs_cap);
    s->docs[s->ndocs++] = af_lspdoc_new(uri, json_integer_value(json_object_get(td, "version")),
                                        json_string_value(text), json_string_length(text), s->lossy);
    return 0;
}

static int m_did_change(struct server *s, json_t *params, json_t **result)
{
    struct af_lspdoc *doc = find_doc(s, param_uri(params), NULL);
    json_t *changes = json_object_get(params, "contentChanges");
    if (!doc || !json_is_array(changes))
        return AF_RPC_INVALID_PARAMS;
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        if (af_lspdoc_change(doc, c, s->enc) < 0) {
            char *m = af_asprintf("asyncfix: %s: change ignored: %s", doc->uri, af_error_last());
            log_message(s, MSG_ERROR, m);
            free(m);
            continue;
        }
        /* a whole new text decides alone whether the document is UTF-8 */
        json_t *range = json_object_get(c, "range");
        if (!range || json_is_null(range))
            doc->lossy = s->lossy;
        else
            doc->lossy = doc->lossy || s->lossy;
    }
    json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
    if (json_is_integer(version))
        doc->version = json_integer_value(version);
    return 0;
}

/* a file of the workspace changed on disk: a config re-checks every document, a module the index */
static void file_changed(struct server *s, const char *uri)
{
    char *path = uri ? af_lspdoc_uri_path(uri) : NULL;
    if (is_config_path(path))
        mark_all(s);
    else if (is_python_path(path))
        af_workspace_file_changed(s->ws, path);
    free(path);
}

static int m_did_save(struct server *s, json_t *params, json_t **result)
{
    file_changed(s, param_uri(params) ? param_uri(params) : "");
    return 0;
}

static int m_did_close(struct server *s, json_t *params, json_t **result)
{
    size_t at;
    struct af_lspdoc *doc = find_doc(s, param_uri(params), &at);
    if (!doc)
        return 0;
    notify(s, "textDocument/publishDiagnostics", json_pack("{s:s,s:[]}", "uri", doc->uri, "diagnostics"));
    af_lspdoc_free(doc);
    s->docs[at] = s->docs[--s->ndocs];
    return 0;
}

/* ---- workspace ---- */

static int m_did_change_configuration(struct server *s, json_t *params, json_t **result)
{
    json_t *settings = json_object_get(params, "settings");
    /* an empty object says nothing: the settings from initializationOptions stay */
    if (json_is_object(settings) && json_object_size(settings))
        configure(s, settings);
    return 0;
}

static int m_did_change_watched_files(struct server *s, json_t *params, json_t **result)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(params, "changes"), i, c) {
        file_changed(s, json_string_value(json_object_get(c, "uri")));
    }
    return 0;
}

static int m_did_change_workspace_folders(struct server *s, json_t *params, json_t **result)
{
    json_t *event = json_object_get(params, "event");
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(event, "removed"), i, f) {
        char *path = af_lspdoc_uri_path(json_string_value(json_object_get(f, "uri")) ?: "");
        if (path)
            af_workspace_remove_folder(s->ws, path);
        free(path);
    }
    json_array_foreach(json_object_get(event, "added"), i, f)
        add_folder_uri(s, json_string_value(json_object_get(f, "uri")));
    return 0;
}

/* ---- language features ---- */

/* the open document of a request, checked against its current text and the index */
static struct af_lspdoc *current_doc(struct server *s, json_t *params, const struct af_project **index)
{
    struct af_lspdoc *doc = find_doc(s, param_uri(params), NULL);
    if (!doc) {
        af_error_set("the document is not open");
        return NULL;
    }
    /* a fix is computed with the whole project index, as `asyncfix --write` computes it */
    *index = af_workspace_index(s->ws, doc->path, true);
    if (doc->dirty || !doc->checked || doc->config_stamp != af_workspace_config_stamp(s->ws, doc->path)) {
        check(s, doc);
        publish(s, doc);
    }
    return doc;
}

static int m_code_action(struct server *s, json_t *params, json_t **result)
{
    const struct af_project *index;
    struct af_lspdoc *doc = current_doc(s, params, &index);
    if (!doc)
        return AF_RPC_INVALID_PARAMS;
    struct af_options opts;
    doc_options(s, doc, &opts);
    struct af_codeaction_ctx ctx = { doc, &s->worker, &opts, index, af_workspace_settings(s->ws), s->enc,
                                     s->document_changes };
    int error = af_codeaction_list(result, &ctx, params);
    af_options_dispose(&opts);
    return error < 0 ? AF_RPC_INVALID_PARAMS : 0;
}

static int m_hover(struct server *s, json_t *params, json_t **result)
{
    const struct af_project *index;
    struct af_lspdoc *doc = current_doc(s, params, &index);
    uint32_t at;
    if (!doc || af_lspdoc_offset(&at, doc, json_object_get(params, "position"), s->enc) < 0)
        return AF_RPC_INVALID_PARAMS;
    struct af_buf text = AF_BUF_INIT;
    for (size_t i = 0; doc->result.status == 0 && i < doc->result.nreports; i++) {
        const struct af_diagnostic *r = &doc->result.reports[i];
        uint32_t start, end;
        af_lspdoc_report_bytes(doc, r, &start, &end);
        const struct af_rule *rule = af_rule_find(r->code);
        if (at < start || at > end || !rule)
            continue;
        af_buf_printf(&text, "%s%s %s: %s\n\n%s", text.size ? "\n\n" : "", r->code, r->name, r->message,
                      rule->explanation);
    }
    if (text.size)
        *result = json_pack("{s:{s:s,s:o}}", "contents", "kind", "plaintext", "value", af_rpc_string(text.ptr));
    af_buf_dispose(&text);
    return 0;
}

/* ---- dispatch ---- */

enum {
    REQUEST = 1 << 0,           /* answered; else a notification */
    BEFORE_INIT = 1 << 1,       /* accepted before initialize */
    AFTER_SHUTDOWN = 1 << 2,    /* accepted after shutdown */
};

struct method {
    const char *name;
    unsigned flags;
    int (*fn)(struct server *s, json_t *params, json_t **result);
};

static const struct method methods[] = {
    { "initialize", REQUEST | BEFORE_INIT, m_initialize },
    { "initialized", 0, m_initialized },
    { "shutdown", REQUEST, m_shutdown },
    { "exit", BEFORE_INIT | AFTER_SHUTDOWN, m_exit },
    { "textDocument/didOpen", 0, m_did_open },
    { "textDocument/didChange", 0, m_did_change },
    { "textDocument/didSave", 0, m_did_save },
    { "textDocument/didClose", 0, m_did_close },
    { "textDocument/codeAction", REQUEST, m_code_action },
    { "textDocument/hover", REQUEST, m_hover },
    { "workspace/didChangeConfiguration", 0, m_did_change_configuration },
    { "workspace/didChangeWatchedFiles", 0, m_did_change_watched_files },
    { "workspace/didChangeWorkspaceFolders", 0, m_did_change_workspace_folders },
    { NULL, 0, NULL },
};

static const struct method *find_method(const char *name)
{
    for (const struct method *m = methods; m->name; m++)
        if (!strcmp(m->name, name))
            return m;
    return NULL;
}

/* a later `$/cancelRequest` in the queue names `id` */
static bool cancelled(const struct server *s, json_t *id)
{
    for (size_t i = s->qhead; i < s->qn; i++) {
        json_t *m = s->queue[i].msg;
        const char *method = json_string_value(json_object_get(m, "method"));
        if (method && !strcmp(method, "$/cancelRequest") &&
            json_equal(json_object_get(json_object_get(m, "params"), "id"), id))
            return true;
    }
    return false;
}

static void reply_error(struct server *s, json_t *id, int code, const char *why)
{
    send_msg(s, af_rpc_error(id, code, "%s", why));
}

static const char *error_text(int code)
{
    switch (code) {
    case AF_RPC_INVALID_PARAMS: return "invalid params";
    case AF_RPC_SERVER_NOT_INITIALIZED: return "the server is not initialized: send initialize first";
    default: return "the request failed";
    }
}

static void run_method(struct server *s, const struct method *m, json_t *id, json_t *params)
{
    json_t *result = NULL;
    af_error_clear();
    int code = m->fn(s, params, &result);
    if (!(m->flags & REQUEST)) {
        json_decref(result);
        return;
    }
    if (code < 0) {
        json_decref(result);
        char *why = af_asprintf("%s: %s", m->name, af_error_last()[0] && strcmp(af_error_last(), "unknown error")
                                                      ? af_error_last() : error_text(code));
        reply_error(s, id, code, why);
        free(why);
        return;
    }
    send_msg(s, af_rpc_result(id, result));
}

static void handle(struct server *s, json_t *msg)
{
    json_t *id = json_object_get(msg, "id"), *method = json_object_get(msg, "method");
    bool request = id != NULL;
    if (!json_is_object(msg)) {
        reply_error(s, NULL, AF_RPC_INVALID_REQUEST, "a message must be a JSON object (batches are not supported)");
        return;
    }
    if (!method && request && (json_object_get(msg, "result") || json_object_get(msg, "error")))
        return;   /* the answer to one of our requests (client/registerCapability) */
    if (request && !json_is_integer(id) && !json_is_string(id)) {
        reply_error(s, NULL, AF_RPC_INVALID_REQUEST, "a request id must be a number or a string");
        return;
    }
    const char *version = json_string_value(json_object_get(msg, "jsonrpc"));
    if (!json_is_string(method) || !version || strcmp(version, "2.0") != 0) {
        if (request)
            reply_error(s, id, AF_RPC_INVALID_REQUEST, "not a JSON-RPC 2.0 request (jsonrpc, method)");
        return;
    }
    const char *name = json_string_value(method);
    const struct method *m = find_method(name);
    if (!m || (request && !(m->flags & REQUEST))) {
        if (request) {
            char *why = af_asprintf("unknown method: %s", name);
            reply_error(s, id, AF_RPC_METHOD_NOT_FOUND, why);
            free(why);
        }
        return;
    }
    if (!request && (m->flags & REQUEST))
        return;
    if (s->state == WAITING && !(m->flags & BEFORE_INIT)) {
        if (request)
            reply_error(s, id, AF_RPC_SERVER_NOT_INITIALIZED, error_text(AF_RPC_SERVER_NOT_INITIALIZED));
        return;
    }
    if (s->state == RUNNING && !strcmp(name, "initialize")) {
        reply_error(s, id, AF_RPC_INVALID_REQUEST, "initialize was sent already");
        return;
    }
    if (s->state == SHUT_DOWN && !(m->flags & AFTER_SHUTDOWN)) {
        if (request)
            reply_error(s, id, AF_RPC_INVALID_REQUEST, "the server is shut down: only exit is accepted");
        return;
    }
    if (request && cancelled(s, id)) {
        reply_error(s, id, AF_RPC_REQUEST_CANCELLED, "cancelled");
        return;
    }
    run_method(s, m, id, json_object_get(msg, "params"));
}

/* ---- input ---- */

static void enqueue(struct server *s, json_t *msg, bool lossy)
{
    if (s->qhead == s->qn) {
        s->qhead = s->qn = 0;
    } else if (s->qhead && s->qn == s->qcap) {
        memmove(s->queue, s->queue + s->qhead, (s->qn - s->qhead) * sizeof(*s->queue));
        s->qn -= s->qhead;
        s->qhead = 0;
    }
    AF_ARRAY_GROW(s->queue, s->qn, s->qcap);
    s->queue[s->qn].msg = msg;
    s->queue[s->qn].lossy = lossy;
    s->qn++;
}

/* frames the bytes read so far into messages; a frame that cannot be read gets a ParseError */
static void parse_input(struct server *s, bool starved)
{
    struct af_buf problem = AF_BUF_INIT;
    for (;;) {
        json_t *msg;
        bool lossy;
        enum af_rpc_next next = af_rpc_reader_next(&msg, &lossy, &problem, &s->reader, starved);
        if (next == AF_RPC_WAIT)
            break;
        if (next == AF_RPC_BAD)
            reply_error(s, NULL, AF_RPC_PARSE_ERROR, problem.ptr);
        else
            enqueue(s, msg, lossy);
    }
    af_buf_dispose(&problem);
}

static void drain_wake(struct server *s)
{
    char buf[64];
    while (read(s->wake[0], buf, sizeof(buf)) > 0)
        ;
    af_workspace_collect(s->ws);
}

/*
 * Waits up to `timeout` ms for input or a finished index build and takes
 * what came; true when bytes were read.
 */
static bool pump(struct server *s, int timeout)
{
    struct pollfd fds[2] = { { s->in_fd, POLLIN, 0 }, { s->wake[0], POLLIN, 0 } };
    if (poll(fds, 2, timeout) < 0)
        return false;
    if (fds[1].revents & POLLIN)
        drain_wake(s);
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
        return false;
    char buf[65536];
    ssize_t n = read(s->in_fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return false;
    if (n <= 0) {
        s->input_closed = true;
        return false;
    }
    af_rpc_reader_feed(&s->reader, buf, (size_t)n);
    return true;
}

static void serve(struct server *s)
{
    while (!s->exit) {
        /* once the input is closed, what it brought is still handled (shutdown, exit) */
        parse_input(s, s->input_closed);
        if (s->qhead < s->qn) {
            struct queued q = s->queue[s->qhead++];
            json_t *id = json_object_get(q.msg, "id");
            if (id && json_object_get(q.msg, "method") && !s->input_closed) {
                /* a cancel sent right after this request may be waiting to be read */
                if (pump(s, 0))
                    parse_input(s, false);
            }
            s->lossy = q.lossy;
            handle(s, q.msg);
            s->lossy = false;
            json_decref(q.msg);
            continue;
        }
        if (s->input_closed)
            break;
        if (pump(s, 0))
            continue;
        parse_input(s, true);
        if (s->qhead < s->qn)
            continue;
        flush(s);
        pump(s, IDLE_MS);
    }
}

int af_server_run(int in_fd, int out_fd)
{
    struct server s;
    memset(&s, 0, sizeof(s));
    s.in_fd = in_fd;
    s.out_fd = out_fd;
    s.enc = AF_ENCODING_UTF16;
    struct af_rpc_reader reader = AF_RPC_READER_INIT;
    s.reader = reader;
    if (pipe2(s.wake, O_NONBLOCK | O_CLOEXEC) < 0 || af_worker_init(&s.worker, 0) < 0) {
        fprintf(stderr, "asyncfix server: cannot start: %s\n", af_error_last());
        return 2;
    }
    s.ws = af_workspace_new(s.wake[1], index_changed, &s);
    serve(&s);
    int code = s.state == SHUT_DOWN ? 0 : 1;
    af_workspace_free(s.ws);
    for (size_t i = 0; i < s.ndocs; i++)
        af_lspdoc_free(s.docs[i]);
    free(s.docs);
    for (size_t i = s.qhead; i < s.qn; i++)
        json_decref(s.queue[i].msg);
    free(s.queue);
    free(s.shown);
    af_rpc_reader_dispose(&s.reader);
    af_worker_dispose(&s.worker);
    close(s.wake[0]);
    close(s.wake[1]);
    return code;
}

static const char usage[] =
    "usage: asyncfix server\n"
    "\n"
    "A Language Server Protocol server on standard input and output: the findings of\n"
    "the open Python files as diagnostics, their fixes as code actions (quick fixes,\n"
    "source.fixAll.asyncfix, # noqa), the --explain text on hover. Settings come from\n"
    "the client (initializationOptions, workspace/didChangeConfiguration) and from the\n"
    "nearest pyproject.toml with [tool.asyncfix]. See README.md, \"Editors\".\n";

int af_server_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
        /* what generic clients pass to servers that take several transports */
        if (strcmp(argv[i], "--stdio") != 0) {
            fprintf(stderr, "asyncfix server: unknown argument '%s'\n%s", argv[i], usage);
            return 2;
        }
    }
    if (af_lang_init() < 0) {
        fprintf(stderr, "asyncfix server: %s\n", af_error_last());
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int code = af_server_run(STDIN_FILENO, STDOUT_FILENO);
    af_libgit2_done();
    return code;
}
