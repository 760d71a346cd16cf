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

#endif
