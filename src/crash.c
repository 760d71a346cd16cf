#include "asyncfix/crash.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "asyncfix/common.h"

#define RECORD_ENV "ASYNCFIX_CRASH_RECORD"
#define RECORD_NAME "asyncfix-crashes"
#define ALTSTACK_SIZE (64 * 1024)

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

static char **saved_argv;
static const char *stdin_name;
static int record_fd = -1;
static bool armed;
static atomic_int handling;

/* the locks held while the files are processed (af_crash_hold) */
static char **held;
static size_t nheld, held_cap;

/* the files a former run crashed on, and with which signal */
static char **recorded;
static int *recorded_signals;
static size_t nrecorded;

static _Thread_local const char *current;
static _Thread_local void *altstack;
static pthread_key_t altstack_key;
static pthread_once_t altstack_once = PTHREAD_ONCE_INIT;

/* what discovery prints before the files are processed waits here (see crash.h) */
static char stderr_buffer[1 << 20];

/* ---- inside the signal handler: write() and execve() only ---- */

static void raw_write(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void raw_puts(int fd, const char *s)
{
    raw_write(fd, s, strlen(s));
}

/* the decimal digits of a small non-negative number, into buf[4] */
static const char *digits(char buf[4], int v)
{
    char *p = buf + 3;
    *p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) && p > buf);
    return p;
}

static void give_up(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    raise(sig);
}

static void on_fatal(int sig, siginfo_t *info, void *context)
{
    (void)info;
    (void)context;
    const char *path = current;
    char num[4];
    if (!path || !armed) {
        give_up(sig);
        return;
    }
    if (atomic_exchange(&handling, 1)) {
        /* another thread crashed first and is starting the run again, which ends this one */
        for (;;)
            pause();
    }
    if (stdin_name) {
        raw_puts(2, "asyncfix: ");
        raw_puts(2, stdin_name);
        raw_puts(2, ": internal error: asyncfix crashed on this input (signal ");
        raw_puts(2, digits(num, sig));
        raw_puts(2, "); nothing was written\n");
        _exit(2);
    }
    if (record_fd >= 0 && nrecorded < AF_CRASH_MAX) {
        /* the record: "SIGNAL PATH\0" per crashed file */
        raw_puts(record_fd, digits(num, sig));
        raw_write(record_fd, " ", 1);
        raw_write(record_fd, path, strlen(path) + 1);
        /* the locks this run took go with it: the next run takes them again (last taken first) */
        for (size_t i = nheld; i-- > 0;)
            if (unlink(held[i]) < 0)
                rmdir(held[i]);
        extern char **environ;
        execve("/proc/self/exe", saved_argv, environ);
    }
    raw_puts(2, "asyncfix: ");
    raw_puts(2, path);
    raw_puts(2, ": asyncfix crashed on this file (signal ");
    raw_puts(2, digits(num, sig));
    raw_puts(2, nrecorded < AF_CRASH_MAX ? ") and cannot start again\n" : ") and on too many others; giving up\n");
    give_up(sig);
}

/* ---- set-up ---- */

/* the record a crashed run passed on, when the descriptor really is one */
static int inherited_record(void)
{
    const char *env = getenv(RECORD_ENV);
    if (!env)
        return -1;
    char *end;
    long fd = strtol(env, &end, 10);
    char link[64], target[128];
    if (*end || fd < 3 || fd > 65535)
        return -1;
    snprintf(link, sizeof(link), "/proc/self/fd/%ld", fd);
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    if (n < 0)
        return -1;
    target[n] = '\0';
    return strstr(target, "memfd:" RECORD_NAME) ? (int)fd : -1;
}

static void load_record(int fd)
{
    struct af_buf text = AF_BUF_INIT;
    char chunk[4096];
    ssize_t n;
    if (lseek(fd, 0, SEEK_SET) < 0)
        return;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        af_buf_put(&text, chunk, (size_t)n);
    /* read() left the offset at the end: the handler appends */
    for (size_t at = 0; at < text.size;) {
        const char *rec = text.ptr + at;
        size_t len = strnlen(rec, text.size - at);
        const char *space = memchr(rec, ' ', len);
        if (space && at + len < text.size) {
            recorded = af_realloc(recorded, (nrecorded + 1) * sizeof(*recorded));
            recorded_signals = af_realloc(recorded_signals, (nrecorded + 1) * sizeof(*recorded_signals));
            recorded_signals[nrecorded] = atoi(rec);
            recorded[nrecorded] = af_strndup(space + 1, len - (size_t)(space + 1 - rec));
            nrecorded++;
        }
        at += len + 1;
    }
    af_buf_dispose(&text);
}

void af_crash_init(char **argv, const char *stdin_filename)
{
    saved_argv = argv;
    stdin_name = stdin_filename;
    if (!stdin_name) {
        record_fd = inherited_record();
        if (record_fd >= 0) {
            load_record(record_fd);
        } else if ((record_fd = memfd_create(RECORD_NAME, 0)) >= 0) {
            char num[16];
            snprintf(num, sizeof(num), "%d", record_fd);
            setenv(RECORD_ENV, num, 1);
        }
        setvbuf(stderr, stderr_buffer, _IOFBF, sizeof(stderr_buffer));
    }
    struct sigaction sa;
    sigset_t fatal;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&fatal);
    for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(*fatal_signals); i++) {
        sigaction(fatal_signals[i], &sa, NULL);
        sigaddset(&fatal, fatal_signals[i]);
    }
    /* a run started from the handler inherits its mask: the signal it handled is still blocked */
    pthread_sigmask(SIG_UNBLOCK, &fatal, NULL);
    armed = true;
}

void af_crash_hold(const char *path)
{
    if (!armed)
        return;
    AF_ARRAY_GROW(held, nheld, held_cap);
    held[nheld++] = af_strdup(path);
}

void af_crash_disarm(void)
{
    if (!armed)
        return;
    armed = false;
    for (size_t i = 0; i < nheld; i++)
        free(held[i]);
    free(held);
    held = NULL;
    nheld = held_cap = 0;
    fflush(stderr);
    setvbuf(stderr, NULL, _IONBF, 0);
}

static void altstack_free(void *mem)
{
    stack_t ss;
    memset(&ss, 0, sizeof(ss));
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    free(mem);
}

static void altstack_key_create(void)
{
    pthread_key_create(&altstack_key, altstack_free);
}

/* a stack of its own for the handler, so that a stack overflow is handled too */
static void ensure_altstack(void)
{
    if (altstack)
        return;
    pthread_once(&altstack_once, altstack_key_create);
    void *mem = af_malloc(ALTSTACK_SIZE);
    stack_t ss;
    memset(&ss, 0, sizeof(ss));
    ss.ss_sp = mem;
    ss.ss_size = ALTSTACK_SIZE;
    if (sigaltstack(&ss, NULL) < 0) {
        free(mem);
        return;
    }
    altstack = mem;
    pthread_setspecific(altstack_key, mem);
}

void af_crash_enter(const char *path)
{
    ensure_altstack();
    current = path;
}

void af_crash_leave(void)
{
    current = NULL;
}

int af_crash_recorded(const char *path)
{
    for (size_t i = 0; i < nrecorded; i++)
        if (strcmp(recorded[i], path) == 0)
            return recorded_signals[i] ? recorded_signals[i] : SIGSEGV;
    return 0;
}

#ifdef AF_TEST_HOOKS
/* recursion without end: a stack overflow, handled on the alternate stack */
static unsigned deeper(volatile unsigned *n)
{
    volatile char frame[256];
    frame[0] = (char)*n;
    if (++*n == 0)
        return 0;
    return deeper(n) + (unsigned)frame[0];
}
#endif

int af_crash_report_others(char *const *paths, size_t n)
{
    int count = 0;
    for (size_t k = 0; k < nrecorded; k++) {
        bool listed = false;
        for (size_t i = 0; i < n && !listed; i++)
            listed = strcmp(paths[i], recorded[k]) == 0;
        if (listed)
            continue;
        fprintf(stderr, "asyncfix: %s: internal error: asyncfix crashed on this file while reading the project "
                "(signal %d: %s); it was skipped, the other files were processed\n", recorded[k],
                recorded_signals[k], strsignal(recorded_signals[k]));
        count++;
    }
    return count;
}

void af_crash_test_hook(const char *where, const char *path)
{
#ifdef AF_TEST_HOOKS
    static volatile uintptr_t nowhere;
    const char *spec = getenv("ASYNCFIX_TEST_CRASH"), *kind = getenv("ASYNCFIX_TEST_CRASH_KIND");
    size_t wl = strlen(where);
    if (!spec || strncmp(spec, where, wl) != 0 || spec[wl] != ':' || !strstr(path, spec + wl + 1))
        return;
    if (kind && !strcmp(kind, "abort"))
        abort();
    if (kind && !strcmp(kind, "overflow")) {
        volatile unsigned n = 0;
        deeper(&n);
    }
    *(volatile int *)nowhere = 1;
#else
    (void)where;
    (void)path;
#endif
}
