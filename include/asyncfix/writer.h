/*
 * writer.h - in-place writes that lose nothing: the new bytes go to a temp
 * file in the folder the file was read from (found again by its identity,
 * never by a path that could lead elsewhere), owner and mode (setuid/setgid
 * included) kept, fsync, then an atomic exchange with the file. A file whose
 * bytes changed on disk since they were read, that was replaced, or that is
 * read-only, is not written.
 *
 * The temp file is unnamed (O_TMPFILE) while it is written, so a run killed
 * then leaves nothing; it has a name, `.asyncfix-XXXXXX`, only from the
 * moment it is complete until the exchange is checked. Such a name older
 * than a minute is a killed run's and is removed by the next write in that
 * folder.
 */
#ifndef ASYNCFIX_WRITER_H
#define ASYNCFIX_WRITER_H

#include "asyncfix/source.h"

/*
 * Replaces the file `orig` was read from (orig->origin) with `data`, when it
 * still holds exactly orig's bytes, right before the replacement and after
 * it: where the platform can exchange two names atomically (Linux
 * renameat2 RENAME_EXCHANGE), the file exchanged out is compared with what
 * was read and swapped back when it differs. AF_ECHANGED when the file or
 * its folder changed on disk (nothing written, nothing lost), negative
 * otherwise (af_error_last).
 */
int af_writer_replace(const struct af_source *orig, const char *data, size_t len);

/*
 * The checks af_writer_replace makes before it writes, without writing: 0
 * when the file may be replaced now (unchanged on disk, not read-only, its
 * folder the one it was read from), negative (af_error_last) when not. A
 * run checks every file of an all-or-nothing change before writing one.
 */
int af_writer_check(const struct af_source *orig);

/* for tests: where the hook is called (a race made deterministic) */
enum af_writer_point {
    AF_WRITER_TEMP_WRITTEN,     /* the temp file is complete (unnamed where O_TMPFILE works) */
    AF_WRITER_TEMP_NAMED,       /* the temp file has its .asyncfix-XXXXXX name */
    AF_WRITER_BEFORE_EXCHANGE,  /* the file was compared with what was read; the exchange is next */
};

/* for tests only: the writer's knobs */
struct af_writer_test {
    void (*hook)(enum af_writer_point point, const char *dir, const char *temp_name);
    int stale_seconds;          /* age from which a .asyncfix-XXXXXX file is a killed run's (60) */
    bool no_tmpfile;            /* behave as on a file system without O_TMPFILE */
    bool no_exchange;           /* ... without RENAME_EXCHANGE */
};
extern struct af_writer_test af_writer__test;

/* for tests: folders already swept of stale temp files are swept again */
void af_writer__forget_swept(void);

#endif
