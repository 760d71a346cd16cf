/*
 * server.h - `asyncfix server`: a Language Server Protocol server on
 * standard input and output.
 *
 * It publishes the findings of every open Python document as diagnostics
 * (the text in the editor, saved or not), offers the fixes as code actions
 * (codeaction.h) and the --explain text on hover, and keeps one project
 * index per workspace folder (workspace.h). Requests are answered in the
 * order they arrive; a document is checked again once the client pauses
 * (no more input waiting), so a burst of edits costs one check.
 *
 * Lifecycle as the protocol says: before `initialize` a request gets
 * ServerNotInitialized (-32002) and a notification is dropped; after
 * `shutdown` a request gets InvalidRequest; `exit` ends the process with 0
 * after `shutdown`, 1 without. Malformed frames and JSON get a ParseError,
 * an unknown request MethodNotFound, bad params InvalidParams, a cancelled
 * request RequestCancelled; nothing the client sends stops the server,
 * except `exit` and closing its input (or output).
 */
#ifndef ASYNCFIX_SERVER_H
#define ASYNCFIX_SERVER_H

/* serves on `in_fd`/`out_fd` until exit; returns the exit status */
int af_server_run(int in_fd, int out_fd);

/* `asyncfix server [--stdio]` (argv[0] is "server"); returns the exit status */
int af_server_main(int argc, char **argv);

#endif
