/*
 * blocking.h - what blocks the event loop: the one table of qualified
 * callees ("time.sleep", "requests.get", "subprocess.run", "builtins.open",
 * "shutil.*", ...) that the blocking-call rules report when one is called in
 * an `async def` (AF101-AF105, AF501-AF503), that pass 1 follows through the
 * project's own sync functions (AF106), and the user's settings about it:
 * `extend-blocking-calls` (more callees that block), `assume-non-blocking`
 * (project or library functions AF106 never follows) and `migrate-helpers`.
 *
 * A rule asks for a callee's row and keeps the rows of its own code; the
 * index asks whether a call blocks at all. A row is never copied into a rule.
 */
#ifndef ASYNCFIX_BLOCKING_H
#define ASYNCFIX_BLOCKING_H

#include "asyncfix/options.h"

/* what a call of the callee does */
enum af_blocking_kind {
    AF_BLOCKS,                 /* waits until done */
    AF_BLOCKS_SPAWN,           /* os.spawn*: waits with os.P_WAIT, or when no mode is given */
    AF_BLOCKS_WAIT,            /* os.wait*: returns at once with os.WNOHANG */
    AF_BLOCKS_OPEN,            /* opens a file: it and the file object's reads and writes block */
    AF_BLOCKS_OPEN_FD,         /* the same on a descriptor, with open's parameters (os.fdopen) */
    AF_BLOCKS_OPEN_OTHER,      /* opens a file, but not with open's parameters (codecs.open, io.open_code) */
    AF_BLOCKS_LAZY,            /* returns a generator that reads the disk as it is consumed (os.walk) */
    AF_BLOCKS_PROCESS,         /* returns a process object at once; its waits and reads block later */
    AF_BLOCKS_PROCESS_SHELL,   /* returns a pipe to a shell command at once (os.popen) */
};

struct af_blocking {
    const char *qual;          /* "time.sleep"; "shutil." stands for every name directly in shutil */
    const char *code;          /* the rule that reports it in an async def ("AF101") */
    enum af_blocking_kind kind;
};

/*
 * The row of the qualified callee `qual` (`len` bytes), or NULL when the
 * table has none. `genericpath.f`, `posixpath.f` and `ntpath.f` are found as
 * `os.path.f` (os.path is one of those modules).
 */
const struct af_blocking *af_blocking_find(const char *qual, size_t len);

/*
 * True when the user declared `qual` blocking (extend-blocking-calls in this
 * run; a name without a dot means the builtin: "open" is "builtins.open").
 */
bool af_blocking_declared(const struct af_options *opts, const char *qual);

/*
 * The calls of `file` made in async code whose callee resolves, one at a time
 * from *i (start at 0): the site, its qualified callee in `qual` and its row
 * in *row (NULL when the table has none), and *genexp true when the call is in
 * a generator expression inside an async def (reported without a fix); NULL
 * after the last call.
 */
struct af_file;
struct af_site;
struct af_buf;
const struct af_site *af_blocking_next_call(const struct af_file *file, uint32_t *i, struct af_buf *qual,
                                            const struct af_blocking **row, bool *genexp);

/*
 * af_blocking_find of a call site's (one of file->sem.calls) qualified callee,
 * which it leaves in `qual`; NULL when the callee does not resolve or the table
 * has no row. The row is kept by the site: the rules ask it of every call.
 */
const struct af_blocking *af_blocking_site_row(const struct af_file *file, const struct af_site *site,
                                               struct af_buf *qual);

/* true when the user declared `qual` non-blocking (assume-non-blocking: AF106 never follows it) */
bool af_blocking_assumed_not(const struct af_options *opts, const char *qual);

/* true when this run migrates helpers (migrate-helpers: AF106's Fix B) */
bool af_blocking_migrate(const struct af_options *opts);

/* what a call's arguments say, as far as a row's kind cares */
enum {
    AF_ARGS_P_WAIT = 1 << 0,     /* os.P_WAIT is named in the arguments */
    AF_ARGS_MODE = 1 << 1,       /* a mode is given (a first argument, or mode=) */
    AF_ARGS_WNOHANG = 1 << 2,    /* os.WNOHANG is named in the arguments */
};

/*
 * True when a call of a callee of kind `kind`, with the argument facts
 * `args`, holds the thread until something outside the program answers:
 * AF_BLOCKS, the AF_BLOCKS_OPEN kinds and AF_BLOCKS_LAZY (its generator is
 * read where it is made, nearly always) always, a spawn with P_WAIT or no
 * mode, a wait without WNOHANG; a process or pipe object returned at once
 * does not (its later waits are calls on an object of unknown type).
 */
bool af_blocking_call_waits(enum af_blocking_kind kind, unsigned args);

/* the family's settings: extend-blocking-calls, assume-non-blocking, migrate-helpers */
extern const struct af_settings af_blocking_settings;

#endif
