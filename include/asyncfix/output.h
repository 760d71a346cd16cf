/*
 * output.h - findings as text, JSON, SARIF or GitHub annotations, and the
 * run's summary lines.
 */
#ifndef ASYNCFIX_OUTPUT_H
#define ASYNCFIX_OUTPUT_H

#include <stdio.h>

#include "asyncfix/engine.h"

/* prints the findings of `results` (already in path order) in opts->format */
void af_output_findings(FILE *out, const struct af_result *results, size_t n,
                        const struct af_options *opts);

/* appends `s` to `buf` as a JSON string literal */
void af_json_string(struct af_buf *buf, const char *s);

#endif
