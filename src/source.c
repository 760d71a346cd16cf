#include "asyncfix/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static uint32_t code_points(const char *data, size_t from, size_t to)
{
    uint32_t n = 0;
    for (size_t i = from; i < to; i++)
        n += ((unsigned char)data[i] & 0xC0) != 0x80;
    return n;
}

/* the code points before each block, so that a column on a long line costs one block */
static void build_checkpoints(struct af_source *src)
{
    size_t nblocks = src->len / AF_SOURCE_BLOCK + 1;
    uint32_t *cp = af_malloc(nblocks * sizeof(*cp));
    cp[0] = 0;
    for (size_t b = 1; b < nblocks; b++)
        cp[b] = cp[b - 1] + code_points(src->data, (b - 1) * AF_SOURCE_BLOCK, b * AF_SOURCE_BLOCK);
    src->checkpoints = cp;
}

static void build_lines(struct af_source *src)
{
    uint32_t cap = 64, n = 0, longest = 0;
    uint32_t *lines = af_malloc(cap * sizeof(*lines));
    lines[n++] = 0;
    const char *p = src->data, *end = src->data + src->len;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        p++;
        if (n == cap) {
            cap *= 2;
            lines = af_realloc(lines, cap * sizeof(*lines));
        }
        lines[n] = (uint32_t)(p - src->data);
        if (lines[n] - lines[n - 1] > longest)
            longest = lines[n] - lines[n - 1];
        n++;
    }
    if (src->len - lines[n - 1] > longest)
        longest = (uint32_t)(src->len - lines[n - 1]);
    free(src->lines);
    src->lines = lines;
    src->nlines = n;
    free(src->checkpoints);
    src->checkpoints = NULL;
    if (longest > AF_SOURCE_BLOCK)
        build_checkpoints(src);
    src->bom = src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0;
    const char *nl = memchr(src->data, '\n', src->len);
    src->crlf = nl && nl > src->data && nl[-1] == '\r';
}

int af_source_validate(const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)data[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        if (c == 0) {
            af_error_set("binary file (NUL byte at offset %zu)", i);
            return AF_EINVALID;
        }
        size_t n = af_utf8_next(data + i, len - i, NULL);
        if (!n) {
            af_error_set("invalid UTF-8 at byte offset %zu", i);
            return AF_EINVALID;
        }
        i += n;
    }
    return 0;
}

int af_source_from_buffer(struct af_source *out, const char *path, char *data, size_t len)
{
    memset(out, 0, sizeof(*out));
    out->path = af_strdup(path);
    out->data = af_realloc(data, len + 1);
    out->data[len] = '\0';
    out->len = len;
    build_lines(out);
    if (af_source_validate(out->data, out->len) < 0)
        return AF_EINVALID;
    return 0;
}

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a named pipe";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* /dev/null reads as an empty file (`--config /dev/null`: no configuration) */
static bool is_dev_null(const struct stat *st)
{
    return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

/*
 * Opens `path` (relative to `dirfd`) for reading without blocking (a FIFO's
 * open() waits for a writer, a tty's may too) and keeps it only when fstat
 * says regular. Returns the descriptor, or -errno with the message set.
 */
static int open_regular(int dirfd, const char *path, int extra_flags, struct stat *st)
{
    int fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | extra_flags);
    if (fd < 0) {
        int e = errno;
        af_error_set("cannot read: %s", strerror(e));
        return -e;
    }
    if (fstat(fd, st) < 0) {
        int e = errno;
        af_error_set("cannot read: %s", strerror(e));
        close(fd);
        return -e;
    }
    if (!S_ISREG(st->st_mode) && !is_dev_null(st)) {
        af_error_set("cannot read: %s%s", S_ISDIR(st->st_mode) || S_ISREG(st->st_mode) ? "" : "not a regular file: ",
                     file_kind(st->st_mode));
        close(fd);
        return -EINVAL;
    }
    return fd;
}

static int read_regular(char **out, size_t *len, int fd, const struct stat *st, size_t max)
{
    if ((uint64_t)st->st_size > max) {
        af_error_set("too large (%lld bytes; at most %zu)", (long long)st->st_size, max);
        return AF_EINVALID;
    }
    size_t cap = (size_t)st->st_size + 1, n = 0;
    char *data = af_malloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                af_error_set("too large (it grew past %zu bytes while read)", max);
                free(data);
                return AF_EINVALID;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            data = af_realloc(data, cap + 1);
        }
        ssize_t r = read(fd, data + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            af_error_set("cannot read: %s", strerror(errno));
            free(data);
            return AF_ERROR;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        af_error_set("too large (it grew past %zu bytes while read)", max);
        free(data);
        return AF_EINVALID;
    }
    data = af_realloc(data, n + 1);
    data[n] = '\0';
    *out = data;
    *len = n;
    return 0;
}

int af_source_read(char **out, size_t *len, const char *path, size_t max, struct stat *st)
{
    struct stat local;
    st = st ? st : &local;
    *out = NULL;
    *len = 0;
    int fd = open_regular(AT_FDCWD, path, 0, st);
    if (fd < 0)
        return AF_ERROR;
    int error = read_regular(out, len, fd, st, max);
    close(fd);
    return error;
}

/* "a/b/c.py" -> "a/b" and "c.py"; "c.py" -> "." and "c.py"; "/c.py" -> "/" and "c.py" */
static void split_path(const char *path, char **dir, char **name)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *dir = af_strdup(".");
        *name = af_strdup(path);
        return;
    }
    const char *end = slash;
    while (end > path && end[-1] == '/')
        end--;
    *dir = end == path ? af_strdup("/") : af_strndup(path, (size_t)(end - path));
    *name = af_strdup(slash + 1);
}

void af_source_origin_dispose(struct af_source_origin *origin)
{
    free(origin->dir);
    free(origin->name);
    memset(origin, 0, sizeof(*origin));
}

/*
 * Opens `path` through its folder, so that the folder's identity is the one
 * the bytes came from; a symbolic link to the file is resolved first (its
 * target's folder is where a write must go). Returns the file's descriptor.
 */
static int open_with_origin(struct af_source_origin *origin, const char *path, struct stat *st)
{
    char *real = NULL;
    int fd = -1;
    for (int attempt = 0; attempt < 2 && fd < 0; attempt++) {
        af_source_origin_dispose(origin);
        split_path(real ? real : path, &origin->dir, &origin->name);
        int dirfd = open(origin->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        struct stat dst;
        if (dirfd < 0 || fstat(dirfd, &dst) < 0) {
            af_error_set("cannot read: %s", strerror(errno));
            if (dirfd >= 0)
                close(dirfd);
            break;
        }
        origin->dir_dev = dst.st_dev;
        origin->dir_ino = dst.st_ino;
        fd = open_regular(dirfd, origin->name, O_NOFOLLOW, st);
        close(dirfd);
        if (fd == -ELOOP && !real) {
            /* a symbolic link named on the command line: read and later write its target */
            if (!(real = realpath(path, NULL))) {
                af_error_set("cannot read: %s", strerror(errno));
                break;
            }
        } else if (fd < 0) {
            break;
        }
    }
    free(real);
    return fd;
}

int af_source_load(struct af_source *out, const char *path)
{
    struct af_source_origin origin = { 0 };
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    memset(out, 0, sizeof(*out));
    int fd = open_with_origin(&origin, path, &st);
    if (fd < 0) {
        af_source_origin_dispose(&origin);
        return AF_ERROR;
    }
    int error = read_regular(&data, &len, fd, &st, AF_SOURCE_MAX);
    close(fd);
    if (error < 0) {
        af_source_origin_dispose(&origin);
        return error;
    }
    error = af_source_from_buffer(out, path, data, len);
    out->st = st;
    out->origin = origin;
    return error;
}

void af_source_replace(struct af_source *src, char *data, size_t len)
{
    if (src->data != data)
        free(src->data);
    src->data = af_realloc(data, len + 1);
    src->data[len] = '\0';
    src->len = len;
    build_lines(src);
}

void af_source_dispose(struct af_source *src)
{
    free(src->path);
    free(src->data);
    free(src->lines);
    free(src->checkpoints);
    af_source_origin_dispose(&src->origin);
    memset(src, 0, sizeof(*src));
}

uint32_t af_source_line_of(const struct af_source *src, uint32_t byte)
{
    uint32_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* the code points in [0, byte) when checkpoints exist, else in the line up to byte */
static uint32_t code_points_before(const struct af_source *src, uint32_t byte)
{
    if (!src->checkpoints)
        return code_points(src->data, src->lines[af_source_line_of(src, byte)], byte);
    uint32_t block = byte / AF_SOURCE_BLOCK;
    return src->checkpoints[block] + code_points(src->data, (size_t)block * AF_SOURCE_BLOCK, byte);
}

void af_source_position(const struct af_source *src, uint32_t byte, uint32_t *line, uint32_t *column)
{
    if (byte > src->len)
        byte = (uint32_t)src->len;
    uint32_t l = af_source_line_of(src, byte);
    uint32_t start = src->lines[l];
    if (l == 0 && src->bom && byte >= 3)
        start = 3;
    *line = l + 1;
    *column = code_points_before(src, byte) - code_points_before(src, start) + 1;
}

void af_source_line_window(const struct af_source *src, uint32_t byte, uint32_t max, uint32_t *start,
                           uint32_t *len, uint32_t *column)
{
    uint32_t line, s, n;
    af_source_line(src, af_source_line_of(src, byte), &s, &n);
    if (n <= max) {
        *start = s;
        *len = n;
        *column = 1;
        return;
    }
    /* a quarter of the window before the byte, the rest after it */
    uint32_t b = byte - s > max / 4 ? byte - max / 4 : s;
    uint32_t e = b + max < s + n ? b + max : s + n;
    while (b > s && ((unsigned char)src->data[b] & 0xC0) == 0x80)
        b++;
    while (e < s + n && e > b && ((unsigned char)src->data[e] & 0xC0) == 0x80)
        e--;
    *start = b;
    *len = e - b;
    af_source_position(src, b, &line, column);
}

uint32_t af_source_offset(const struct af_source *src, uint32_t line, uint32_t column)
{
    if (line < 1)
        return 0;
    if (line > src->nlines)
        return (uint32_t)src->len;
    uint32_t at = src->lines[line - 1];
    uint32_t end = line < src->nlines ? src->lines[line] : (uint32_t)src->len;
    if (line == 1 && src->bom && end >= 3)
        at = 3;
    for (uint32_t col = 1; col < column && at < end; col++) {
        at++;
        while (at < end && ((unsigned char)src->data[at] & 0xC0) == 0x80)
            at++;
    }
    return at;
}

void af_source_line(const struct af_source *src, uint32_t line, uint32_t *start, uint32_t *len)
{
    uint32_t s = src->lines[line];
    uint32_t e = line + 1 < src->nlines ? src->lines[line + 1] : (uint32_t)src->len;
    if (e > s && src->data[e - 1] == '\n')
        e--;
    if (e > s && src->data[e - 1] == '\r')
        e--;
    *start = s;
    *len = e - s;
}

const char *af_source_newline(const struct af_source *src)
{
    return src->crlf ? "\r\n" : "\n";
}

/* ---- the byte scanner ---- */

void af_scan_init(struct af_scan *scan, const char *data, size_t len, enum af_scan_syntax syntax)
{
    scan->p = scan->tok = data;
    scan->end = data + len;
    scan->syntax = syntax;
}

static bool word_byte(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* past a line break at p (\n, \r\n or \r), or p when there is none */
static const char *past_break(const char *p, const char *end)
{
    if (p < end && *p == '\r')
        p++;
    if (p < end && *p == '\n')
        p++;
    return p;
}

/* a string literal starting at its quote: the scanner moves past it, or reports it open */
static enum af_scan_token scan_string(struct af_scan *scan)
{
    const char *p = scan->p, *end = scan->end;
    char q = *p;
    bool triple = end - p >= 3 && p[1] == q && p[2] == q;
    /* TOML's literal strings have no escapes; Python's raw strings still skip an escaped quote */
    bool escapes = scan->syntax == AF_SCAN_PYTHON || q == '"';
    p += triple ? 3 : 1;
    for (;;) {
        if (p >= end) {
            scan->p = end;
            return AF_SCAN_UNTERMINATED;
        }
        if (*p == '\\' && escapes) {
            const char *after = past_break(p + 1, end);
            p = after > p + 1 ? after : p + 2;
            continue;
        }
        if (!triple && (*p == '\n' || *p == '\r')) {
            scan->p = p;
            return AF_SCAN_UNTERMINATED;
        }
        if (*p == q && (!triple || (end - p >= 3 && p[1] == q && p[2] == q))) {
            scan->p = p + (triple ? 3 : 1);
            return AF_SCAN_STRING;
        }
        p++;
    }
}

enum af_scan_token af_scan_next(struct af_scan *scan)
{
    const char *end = scan->end;
    for (;;) {
        const char *p = scan->p;
        scan->tok = p;
        if (p >= end)
            return AF_SCAN_END;
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            scan->p = p + 1;
            continue;
        }
        if (c == '#') {
            while (p < end && *p != '\n')
                p++;
            scan->p = p;
            continue;
        }
        if (c == '\\' && scan->syntax == AF_SCAN_PYTHON && past_break(p + 1, end) > p + 1) {
            scan->p = past_break(p + 1, end);
            continue;
        }
        if (c == '\'' || c == '"')
            return scan_string(scan);
        scan->p = p + 1;
        if (word_byte((unsigned char)c)) {
            while (scan->p < end && word_byte((unsigned char)*scan->p))
                scan->p++;
            return AF_SCAN_WORD;
        }
        if (c == '(' || c == '[' || c == '{')
            return AF_SCAN_OPEN;
        if (c == ')' || c == ']' || c == '}')
            return AF_SCAN_CLOSE;
        return c == '\n' ? AF_SCAN_NEWLINE : AF_SCAN_OTHER;
    }
}

/*
 * At the start of a logical line: its indentation as CPython measures it
 * (a tab to the next multiple of 8, a form feed back to 0), or -1 for a
 * blank or comment-only line, which has none.
 */
static long line_indent(const char *p, const char *end, const char **first)
{
    long col = 0;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\f')) {
        col = *p == '\t' ? (col / 8 + 1) * 8 : *p == '\f' ? 0 : col + 1;
        p++;
    }
    *first = p;
    if (p >= end || *p == '\n' || *p == '\r' || *p == '#')
        return -1;
    return col;
}

enum af_nesting af_source_nesting(const char *data, size_t len, enum af_scan_syntax syntax, uint32_t *at)
{
    struct af_scan scan;
    long widths[AF_MAX_INDENT_LEVELS + 1] = { 0 };
    uint32_t depth = 0, levels = 0;
    bool line_start = syntax == AF_SCAN_PYTHON;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        af_scan_init(&scan, data + 3, len - 3, syntax);
    else
        af_scan_init(&scan, data, len, syntax);
    for (;;) {
        if (line_start) {
            const char *first;
            long col = line_indent(scan.p, scan.end, &first);
            line_start = false;
            if (col >= 0) {
                while (levels > 0 && widths[levels] > col)
                    levels--;
                if (col > widths[levels]) {
                    if (levels == AF_MAX_INDENT_LEVELS) {
                        *at = (uint32_t)(first - data);
                        return AF_NESTING_INDENT;
                    }
                    widths[++levels] = col;
                }
            }
        }
        switch (af_scan_next(&scan)) {
        case AF_SCAN_END:
        case AF_SCAN_UNTERMINATED:
            return AF_NESTING_OK;
        case AF_SCAN_OPEN:
            if (++depth > AF_MAX_BRACKETS) {
                *at = (uint32_t)(scan.tok - data);
                return AF_NESTING_BRACKETS;
            }
            break;
        case AF_SCAN_CLOSE:
            depth -= depth > 0;
            break;
        case AF_SCAN_NEWLINE:
            line_start = syntax == AF_SCAN_PYTHON && depth == 0;
            break;
        default:
            break;
        }
    }
}

const char *af_nesting_message(enum af_nesting nesting, enum af_scan_syntax syntax)
{
    switch (nesting) {
    case AF_NESTING_BRACKETS:
        return syntax == AF_SCAN_PYTHON ? "too many nested parentheses (Python allows 200)"
                                        : "arrays and tables nested more than 200 deep";
    case AF_NESTING_INDENT:
        return "too many levels of indentation (Python allows 99)";
    case AF_NESTING_OK:
        break;
    }
    return "nesting within limits";
}
