#include "asyncfix/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int af_source_load(struct af_source *out, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        memset(out, 0, sizeof(*out));
        af_error_set("cannot read: %s", strerror(errno));
        return AF_ERROR;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        memset(out, 0, sizeof(*out));
        af_error_set("not a regular file");
        return AF_ERROR;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *data = af_malloc(cap);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            data = af_realloc(data, cap);
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            af_error_set("cannot read: %s", strerror(errno));
            close(fd);
            free(data);
            memset(out, 0, sizeof(*out));
            return AF_ERROR;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    int error = af_source_from_buffer(out, path, data, len);
    out->st = st;
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
