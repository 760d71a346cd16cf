/*
 * atomic.h - the atomic sections of an async function: the code that runs
 * between two suspension points (`await`, `async for`, `async with`,
 * `yield`), during which no other task of the event loop runs.
 *
 * A fix that adds a suspension point inside such a section lets other tasks
 * run in the middle of it. That changes behaviour when the section reads and
 * then writes (or writes and then reads) shared state across the new point,
 * or iterates a shared container across it. Shared state is:
 *
 *  - a file, by its path expression (`"points.json"`, `self.path`): read by
 *    `open(p)` / `open(p, "r")`, `Path(p).read_text()` / `read_bytes()` and
 *    the queries of what it is (`os.path.exists(p)`, `os.stat(p)`,
 *    `Path(p).is_file()`, ...); written by `open(p, "w"/"a"/"x")`,
 *    `Path(p).write_text()` / `write_bytes()` and the calls that make, remove,
 *    rename or change it (`os.remove(p)`, `os.rename(p, q)`, `shutil.move`,
 *    `Path(p).unlink()`, `touch()`, ...); both by a mode with "+" (or a mode
 *    that is not a literal);
 *  - a module-level variable or a `global` name, a name a `from` import binds;
 *  - an attribute of `self` or `cls`, an attribute chain through an imported
 *    module (`state.counter`) or a class not made by the call (`Stats.n`);
 *  - an attribute chain through a parameter other than self/cls (`bot.xp`,
 *    `ctx.bot.count`: the longest one that is not a called function), by its
 *    read then its write only (the parameter itself, rebound or used as a
 *    container, is not);
 *  - written means assigned, augmented, deleted, an item or attribute of it
 *    assigned, or a mutating method called on it (`append`, `add`, `pop`,
 *    `update`, ...); any other use reads it;
 *  - the process's current folder and environment: os.chdir writes the
 *    folder, os.putenv/unsetenv and `os.environ[k] = v` the environment, a
 *    child process (subprocess, os.system, os.popen) reads both;
 *  - written also means a queue's get_nowait/put_nowait, a deque's popleft
 *    (they read what they take: QueueEmpty), removing or moving a file (it
 *    must be there), a statement a shared DB-API connection or cursor
 *    executes (it reads and writes the database and the cursor's rows);
 *  - through a helper: a call of a sync method of the function's class
 *    (`self.full()`), a read of its property (`self.empty`), a call of a
 *    sync def of the module (`seen(x)`) makes, at the call, the accesses of
 *    the helper's own code to self/cls attributes, module-level names and
 *    files other code knows (one level, at most 16 helpers a function);
 *  - a container that an enclosing `for` loop iterates (a `self`/`cls`
 *    attribute or a module-level name, `.items()`/`.keys()`/`.values()` of it);
 *  - through an alias: a local variable (not a parameter) bound anywhere in
 *    the function to one of these or to an item or attribute chain of one
 *    (`c = cache`, `rows = d["rows"]`, `d = self.data`) is that state: its
 *    uses are the state's (`c[k] = v` writes `cache`), binding it again is not.
 *
 * A file that an open emptied ("w", "x") is written until the end of the
 * `with` statement that opened it (or of the function): a new pause after
 * the open and before that end (an awaited write, an `async with`'s close)
 * lets other tasks read it empty or half-written (or write it too), a
 * hazard when they can know the file: a literal path or one made of shared
 * state (`self.path`, a module-level name, `os.path.join(DATA_DIR, n)`),
 * which every call of the function names alike (two tasks running it tear
 * each other's writes), or a file the function touches elsewhere.
 *
 * A read or write of a file's content that a fix moves off the event
 * loop's thread (aiofiles, a worker thread) now overlaps the code of the
 * loop: a hazard when that code writes the file's content, for a read, or
 * reads it, for a write (either could see it half-written). That code is
 * the function's own, outside the new code, and for a file other functions
 * know by the same text (a literal, a path made of shared state) the file's
 * async defs and the sync defs they mention (a def only the module's own
 * code calls runs on import, before the loop). A query or a change of what
 * a file is (exists, stat, chmod, rename) is one system call, whole before
 * or after.
 *
 * Any other local variable is not shared, nor a file whose path is a local
 * name bound once from a `tempfile` or `uuid` call (a fresh file no other task
 * knows).
 * Nothing is split inside the body of an `async with` that takes a lock the
 * tasks share: an item that is not made by this call (a name bound at module
 * level, in an enclosing def, as a parameter, on `self`/`cls`, an item of
 * one, a local bound once to one) and that one task holds at a time (bound to
 * an asyncio/trio/anyio Lock or Condition, or named by the whole word lock or
 * mutex and bound to no semaphore or capacity limiter), except the torn
 * writes and the overlaps of a file's content with other code that reads or
 * writes that file outside such an `async with`.
 *
 * A check of a file and its use across a new point (`if os.path.exists(p):`
 * then `open(p)`, two reads) is a hazard when other code removes, moves or
 * writes that file (the function elsewhere, or other defs for a file they
 * know by the same text): the use can now fail where the check said it
 * would not.
 *
 * A new point is also where a cancellation strikes: inside `async with
 * asyncio.timeout()` (or trio's/anyio's move_on_after, fail_after) the
 * deadline can now expire there and cancel the code after it, which the
 * blocking call used to overrun; under trio or anyio, a new point in a
 * `finally` clause (not under `CancelScope(shield=True)`) is cancelled with
 * its scope and the rest of the cleanup is skipped (asyncio's cancellation
 * is one-shot: an await in a finally clause runs).
 *
 * A new point inside the body of a sync `with` on a thread's lock (an item
 * bound to, annotated as or made by threading's Lock, RLock, Condition,
 * Semaphore or BoundedSemaphore, or named lock or mutex by a whole word: an
 * asyncio lock cannot be taken by a sync `with`) is no fix at all: another
 * task taking the lock would block the event loop's thread (a deadlock).
 *
 * The model is one walk of the function (nested defs, lambdas and classes
 * are other functions). Control flow is read from the tree: a suspension
 * point bounds the section only when it runs on every path to the new point
 * (not in a branch, a loop body or an except clause that the new point is
 * not in); code in another branch of an if/elif/else or match that the new
 * point is in is not in its section. A loop's iterations are read one at a
 * time (a value carried from one iteration into the next is not followed),
 * and exceptions are not followed. A fix that rewrites code holding a
 * suspension point of its own splits nothing that was not already apart,
 * except through the accesses of the rewritten code itself.
 */
#ifndef ASYNCFIX_ATOMIC_H
#define ASYNCFIX_ATOMIC_H

#include <tree_sitter/api.h>

#include "asyncfix/common.h"
#include "asyncfix/edit.h"

struct af_file;

/* the paragraph the --explain text of every rule whose fixes add pauses ends with */
#define AF_ATOMIC_EXPLANATION \
    "Atomic sections: the code between two pauses (await, async for, async with,\n" \
    "yield) runs while no other task does. A fix that adds a pause is unsafe, its\n" \
    "message saying why, when the pause splits such a section that reads and then\n" \
    "writes (or writes and then reads) one shared state across it - a file by its\n" \
    "path (open, json.load/dump on it, Path.read_*/write_*; read by a query such as\n" \
    "os.path.exists, os.stat or Path.is_file, written by os.mkdir or Path.touch,\n" \
    "both by os.remove, os.rename, shutil.move, shutil.rmtree or Path.unlink, which\n" \
    "fail when the file is gone; `str(p)` and `os.fspath(p)` name p's file), a\n" \
    "module-level or `global` name, a name a `from` import binds,\n" \
    "an attribute of an imported module or of a class by its name (`state.counter`,\n" \
    "`Stats.n`), a `self`/`cls` attribute (`type(self).n` too), a local bound to one\n" \
    "of these or to an item of one (`c = cache`, `d = self.data`), the process's\n" \
    "folder and environment (os.chdir, `os.environ[k] = v`, read by a child\n" \
    "process) - or reads\n" \
    "then writes an attribute of a parameter (`bot.xp`, `ctx.bot.count`), or when it\n" \
    "lies in a loop over such a container: other tasks could now run in between\n" \
    "(lost updates, a file created twice, \"changed size during iteration\").\n" \
    "`x += f()` reads x before f() runs; a queue's get_nowait reads and writes it, a\n" \
    "shared database connection's or cursor's execute too (the rows it reads); a\n" \
    "sync method, property or module def called before the pause reads and writes at\n" \
    "the call what its own code does\n" \
    "(`if not self.full(): ... self.items.append(x)`; a state it both reads and\n" \
    "writes, it checks again itself). A pause between the open that empties a file\n" \
    "(\"w\", \"x\") and its last write or close is unsafe when other tasks can know the\n" \
    "file: a literal path or one made of shared state (`self.path`, a module-level\n" \
    "name), or one the function touches elsewhere (they could read it empty or\n" \
    "half-written, or two calls tear each other's writes). A read (write) of a\n" \
    "file's content moved to a worker thread is unsafe when other code of the loop\n" \
    "writes (reads) it: in the function, or, for a literal or shared path, in the\n" \
    "file's async defs and the sync defs they call; so is a pause between a check of\n" \
    "a file (os.path.exists) and its use (open) when other code removes or changes\n" \
    "it. A pause under a deadline (asyncio.timeout, trio/anyio move_on_after,\n" \
    "fail_after) is unsafe: the deadline can now cancel the code after it; so is one\n" \
    "in a trio/anyio `finally` clause not shielded. A pause inside a sync `with` on\n" \
    "a thread's lock (threading's Lock, RLock, Condition, Semaphore; a name whose\n" \
    "word is lock or mutex) gets no fix at all: a second task taking it would block\n" \
    "the event loop's thread (a deadlock). Guard the section with a lock the tasks\n" \
    "share (`async with self._lock:`: an asyncio, trio or anyio Lock, or a name\n" \
    "whose word is lock or mutex, bound at module level, on self/cls, as a parameter\n" \
    "or in an enclosing def; not one made in the call, not a semaphore): the fixes\n" \
    "inside it are safe (for a file, when its other readers and writers take a lock\n" \
    "too). Or iterate over a copy. A read-only file, an append-only log, a temp file\n" \
    "and other local variables are not shared.\n"

/* why a new suspension point changes behaviour; each has its message (af_atomic_reason) */
enum af_atomic_hazard {
    AF_ATOMIC_NONE,
    AF_ATOMIC_READ_WRITE,     /* the section reads the state, then writes it after the point */
    AF_ATOMIC_WRITE_READ,     /* the section writes the state, then reads it after the point */
    AF_ATOMIC_ITERATION,      /* the point lies in a loop over a shared container */
    AF_ATOMIC_TORN_WRITE,     /* the point lies between the open that empties a shared file and its writes */
    AF_ATOMIC_THREAD_READ,    /* a file read moved off the loop's thread, which writes it elsewhere */
    AF_ATOMIC_THREAD_WRITE,   /* a file write moved off the loop's thread, which reads it elsewhere */
    AF_ATOMIC_DEADLINE,       /* the point lies under a deadline (asyncio.timeout, move_on_after, ...) */
    AF_ATOMIC_FINALLY,        /* the point lies in a trio/anyio finally clause, not shielded */
    AF_ATOMIC_CHECK_USE,      /* between a check of a file and its use, which other code changes */
    AF_ATOMIC_THREAD_LOCK,    /* the point lies in a sync `with` on a thread's lock: no fix at all */
};

/* one async function's suspension points and shared-state accesses (owned by the caller) */
struct af_atomic;

/*
 * The model of `fn` (an `async def`'s function_definition node) in `file`;
 * free with af_atomic_free. `file` and its tree must outlive it.
 */
struct af_atomic *af_atomic_new(const struct af_file *file, TSNode fn);
void af_atomic_free(struct af_atomic *model);

/* the function_definition node a model was built for */
TSNode af_atomic_function(const struct af_atomic *model);

/*
 * The `async def` whose own code (not a nested def, lambda or class body)
 * holds bytes [start, end), or a null node.
 */
TSNode af_atomic_function_at(const struct af_file *file, uint32_t start, uint32_t end);

/*
 * The question a rule asks before it calls a fix safe: does adding
 * suspension points in bytes [start, end) of the model's function (the code
 * the fix rewrites) split an atomic section on shared state? The state's
 * text (a path, `self.x`, a name; points into the source) goes to *what.
 * The fix (NULL: none) tells where the new pauses are: its edits that write
 * `await` or `async` (a torn write needs one between an open and its writes).
 */
enum af_atomic_hazard af_atomic_split(const struct af_atomic *model, const struct af_fix *fix, uint32_t start,
                                      uint32_t end, const char **what, uint32_t *what_len);

/* the reason of a hazard about `what`, appended to `out` (nothing for AF_ATOMIC_NONE) */
void af_atomic_reason(struct af_buf *out, enum af_atomic_hazard hazard, const char *what, uint32_t len);

/* what a review makes of a fix */
enum af_atomic_verdict {
    AF_ATOMIC_KEEP,           /* it splits no section */
    AF_ATOMIC_MAKE_UNSAFE,    /* it splits one: now AF_UNSAFE */
    AF_ATOMIC_REFUSE,         /* it would deadlock (a pause under a thread's lock): drop it */
};

/*
 * Reviews `fix`, reported over bytes [start, end) of `file`: when the code it
 * rewrites (that range and the fix's edits) splits an atomic section of its
 * async function, the fix becomes AF_UNSAFE, its message gains the reason and
 * the reason is appended to `why` (AF_ATOMIC_MAKE_UNSAFE); when it adds a
 * pause under a thread's lock, the reason goes to `why`, the fix is left as it
 * is and the caller drops it (AF_ATOMIC_REFUSE). `*cache` holds the last
 * function's model between calls (NULL at first; free it with af_atomic_free).
 */
enum af_atomic_verdict af_atomic_review(struct af_buf *why, struct af_atomic **cache, const struct af_file *file,
                                        struct af_fix *fix, uint32_t start, uint32_t end);

#endif
