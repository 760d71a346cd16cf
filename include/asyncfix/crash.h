/*
 * crash.h - a crash on one file never costs the others.
 *
 * Each worker says which file it works on (af_crash_enter / af_crash_leave,
 * a thread-local pointer). A fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGABRT: a bug in the parser or a rule, a failed assert) while a file is
 * being worked on appends that file to a record (a memfd the next run
 * inherits) and re-executes the program with the same arguments; the new
 * run skips every recorded file, which the engine reports as an internal
 * error (exit 2), and processes all the others.
 *
 * Why a re-execution and not a process per file: nothing is written, printed
 * to stdout or committed before every file is processed, so starting again
 * loses no work but the time spent so far, and a run without a crash pays
 * nothing (no fork per file, no results copied between processes). The
 * handler only calls write() and execve(), which are async-signal-safe, so a
 * corrupted heap does not stop it. What a run prints to stderr before the
 * files are processed (discovery's errors) is held back until af_crash_disarm,
 * so that a re-executed run does not print it twice; locks the run holds while
 * it processes the files (af_crash_hold) are removed before it starts again
 * (unlink() and rmdir() are async-signal-safe too). At most AF_CRASH_MAX files
 * are skipped; a further crash, a crash outside a file, or one with
 * --stdin-filename (standard input cannot be read twice: one error line,
 * exit 2) ends the run.
 */
#ifndef ASYNCFIX_CRASH_H
#define ASYNCFIX_CRASH_H

#include <stddef.h>

#define AF_CRASH_MAX 64

/*
 * Installs the handlers and loads the record a crashed run left. `argv` must
 * live as long as the process (main's). `stdin_name`: the --stdin-filename,
 * or NULL.
 */
void af_crash_init(char **argv, const char *stdin_name);

/* the files are processed: stderr is flushed and unbuffered again */
void af_crash_disarm(void);

/*
 * `path` (a file or a folder the run made) is a lock this run holds while the
 * files are processed (fix commits take index.lock and ref locks first): a
 * restart removes it before the new run, which takes it again. Copied; only
 * while armed (af_crash_disarm forgets every one: the locks are then the
 * run's own business again).
 */
void af_crash_hold(const char *path);

/* the calling thread works on `path` (kept, not copied) / on no file */
void af_crash_enter(const char *path);
void af_crash_leave(void);

/* the signal a former run crashed with on `path`, or 0 */
int af_crash_recorded(const char *path);

/*
 * Prints an internal-error line for each recorded file that is not among
 * `paths` (the files the run reports itself: a crash while the project index
 * read a package's other module); returns how many.
 */
int af_crash_report_others(char *const *paths, size_t n);

/*
 * The test hook, compiled into test builds only (AF_TEST_HOOKS): when the
 * environment's ASYNCFIX_TEST_CRASH is "STAGE:TEXT" with STAGE `where`
 * ("index", "engine") and `path` contains TEXT, the process crashes here:
 * a real invalid memory access, or with ASYNCFIX_TEST_CRASH_KIND=abort an
 * abort(), =overflow a stack overflow.
 */
void af_crash_test_hook(const char *where, const char *path);

#endif
