/*
 * output.h - findings as text, JSON, SARIF 2.1.0, GitHub annotations or a
 * GitLab Code Quality report.
 *
 * File names are data. A name can hold any byte but '/' and NUL, so each
 * format says how it writes one that holds a control character or bytes that
 * are not UTF-8:
 *  - text (and the error lines on stderr): as git writes names with
 *    core.quotePath=false: as is, or, when it holds a control character, '"',
 *    '\\' or a byte that is not UTF-8, in double quotes with C escapes
 *    (\t \n \" \\ ..., \ooo for other control bytes and for each byte that is
 *    not UTF-8): one finding is one line, and no escape sequence reaches the
 *    terminal;
 *  - JSON and GitLab (`path`, `location.path`): the name itself when it is
 *    UTF-8 (JSON escapes control characters on its own) and does not start
 *    with '"'; otherwise the git-quoted form above, which starts with '"'. The
 *    escape is lossless: a reader C-unquotes a value that starts with '"'
 *    and takes any other as it is. The document is always valid UTF-8;
 *  - SARIF (`artifactLocation.uri`): an RFC 3986 URI reference, every byte but
 *    A-Z a-z 0-9 - . _ ~ / percent-encoded (lossless too); an absolute path
 *    becomes a file:// URI;
 *  - GitHub (`file=`): the text form, with % CR LF : , escaped as the runner
 *    reads properties (% CR LF in the message).
 */
#ifndef ASYNCFIX_OUTPUT_H
#define ASYNCFIX_OUTPUT_H

#include <stdio.h>

#include "asyncfix/engine.h"

/* `name` as the URI reference SARIF writes (above), appended to `out` */
void af_output_uri(struct af_buf *out, const char *name);

/* prints the findings of `results` (already in path order) in opts->format */
void af_output_findings(FILE *out, const struct af_result *results, size_t n,
                        const struct af_options *opts);

#endif
