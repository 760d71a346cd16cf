/*
 * summary.h - pass 1's reading of one file: a single walk over its tokens
 * (no parse) that fills the file's summary (struct af_file_summary in
 * project.h): every scope (the module, class bodies, defs at any depth,
 * lambdas), the calls made directly in each with the callee qualified
 * through the file's imports and defs (`self.m` and `cls.m` through the
 * method's class, a nested def through its def), module-level import
 * aliases and `__all__`; and the definitions the coroutine index records
 * (module-level and class-level defs with their facts, other names bound
 * there as rebound).
 *
 * The walk cuts the bytes into logical lines as Python's tokenizer does
 * (strings, comments, brackets, backslash continuations) and follows the
 * indentation of def and class bodies. Inside f-strings nothing is seen.
 *
 * Adding a fact about functions: a field in struct af_summary_scope
 * (project.h), set in this walk where the token that tells it passes
 * (visit_name for names, visit_call for calls, ...; each knows the scope it
 * is in), and a query in project.h that answers it.
 */
#ifndef ASYNCFIX_SUMMARY_H
#define ASYNCFIX_SUMMARY_H

#include "asyncfix/project.h"

struct af_summary_input {
    const char *path;          /* the file, as the run names it */
    const char *data;          /* its bytes */
    size_t len;
    const char *module;        /* its module name (af_module_name) */
    const char *other_module;  /* the name its packages give it when different, or NULL */
    bool calls;                /* record the calls (the call graph reads them); else scopes and defs only */
    bool uses;                 /* also record the names used as values (AF_CALL_VALUE) */
};

/*
 * Walks one file: the summary into *out (free with af_file_summary_free)
 * and the definitions the coroutine index records appended to the growable
 * array `defs` (`ndefs` items, `cap` room; the qualnames are the caller's). AF_EINVALID when
 * the bytes cannot be cut into logical lines (a string or bracket left open
 * at the end): nothing is added then.
 */
int af_summary_walk(struct af_file_summary **out, struct af_project_def **defs, size_t *ndefs, size_t *cap,
                    const struct af_summary_input *in);

#endif
