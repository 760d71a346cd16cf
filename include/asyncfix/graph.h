/*
 * graph.h - pass 1's call graph over the project's summaries (project.h):
 * which functions the async defs reach through the project's own sync
 * functions, which files pass 1 must read for that, and the conclusions
 * written into each function's summary: the shortest chain of calls from it
 * to a blocking call (the rows of blocking.h, extend-blocking-calls), and,
 * with migrate-helpers, which helpers one migration makes async.
 *
 * The index (index.c) drives it: it adds the summaries of the files it
 * walks to the project, asks what else to read (af_graph_wants) until
 * nothing is wanted, then concludes. Single-threaded; the walks run in
 * parallel around it.
 */
#ifndef ASYNCFIX_GRAPH_H
#define ASYNCFIX_GRAPH_H

#include "asyncfix/options.h"
#include "asyncfix/project.h"

struct af_graph;

/* `calls`: follow the calls (a rule reads the chains); else only the imports of the files with async defs */
struct af_graph *af_graph_new(struct af_project *project, const struct af_options *opts, bool calls);
void af_graph_free(struct af_graph *g);

/*
 * What the graph needs read next, not asked before: `calls` gets the
 * qualified callees of functions the async defs reach that name no def of
 * the project yet (their module's file must be walked), `imports` the
 * modules the files holding async defs import that the project has not read
 * (walked when they hold an async def). Both empty: the graph is complete.
 */
void af_graph_wants(struct af_graph *g, struct af_strlist *calls, struct af_strlist *imports);

/* the chains of every function the async defs reach, into their summaries */
void af_graph_conclude(struct af_graph *g);

/*
 * The names of the helpers a migration could make async (every sync
 * function with a chain), for the index to find the other files that
 * mention one (they must be walked before af_graph_migrate decides).
 */
void af_graph_candidate_names(struct af_graph *g, struct af_strlist *names);

/* a file that cannot be walked mentions `name`: the helpers of that name are not migrated */
void af_graph_unread(struct af_graph *g, const char *path, const char *name);

/*
 * With migrate-helpers, after af_graph_conclude: which helpers become async
 * (AF106 Fix B). A helper is migrated when every call of it in the project
 * is made directly in an async def, or in a helper migrated too, and nothing
 * else refuses it (enum af_refusal); the helpers that call each other make
 * one migration, numbered, written into their summaries and into the list
 * of migrations of every file that holds a part of it (a def made async, a
 * call awaited). A refused helper keeps its reason and where it shows.
 */
void af_graph_migrate(struct af_graph *g);

#endif
