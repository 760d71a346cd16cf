/*
 * writer.h - atomic in-place writes: a temp file in the same folder, the
 * original mode kept, fsync, rename. A file whose bytes changed on disk since
 * they were read, or that is read-only, is not written.
 */
#ifndef ASYNCFIX_WRITER_H
#define ASYNCFIX_WRITER_H

#include "asyncfix/source.h"

/* replaces `orig->path` with `data` when it still holds exactly orig's bytes;
 * AF_ECHANGED when it changed on disk, negative otherwise (af_error_last) */
int af_writer_replace(const struct af_source *orig, const char *data, size_t len);

#endif
