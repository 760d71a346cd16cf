/*
 * jsonrpc.c - the base protocol's framing around jansson.
 *
 * Recovery: the reader always knows where the unread bytes start. A header
 * block that is not made of "Name: value" lines is skipped up to the next
 * "Content-Length:" (the rest of a body whose Content-Length was too small
 * ends up there); a body whose Content-Length was too large holds a whole
 * JSON value followed by the start of the next frame, so the value is taken
 * and reading goes on right after it.
 */
#include "asyncfix/jsonrpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_HEADER 8192
#define CONTENT_LENGTH "content-length"

void af_rpc_reader_feed(struct af_rpc_reader *r, const char *data, size_t len)
{
    /* drop what was consumed before the buffer grows */
    if (r->pos && (r->pos == r->in.size || r->pos > (64u << 10))) {
        memmove(r->in.ptr, r->in.ptr + r->pos, r->in.size - r->pos);
        r->in.size -= r->pos;
        r->pos = 0;
    }
    af_buf_put(&r->in, data, len);
}

void af_rpc_reader_dispose(struct af_rpc_reader *r)
{
    af_buf_dispose(&r->in);
    r->pos = 0;
}

static bool is_token_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* the first "Content-Length:" (any case) in p[from..n), or n */
static size_t find_header_start(const char *p, size_t from, size_t n)
{
    size_t k = sizeof(CONTENT_LENGTH) - 1;
    for (size_t i = from; i + k < n; i++)
        if ((p[i] == 'C' || p[i] == 'c') && strncasecmp(p + i, CONTENT_LENGTH, k) == 0 && p[i + k] == ':')
            return i;
    return n;
}

enum header_result { HEADER_OK, HEADER_JUNK, HEADER_NO_LENGTH, HEADER_BAD_LENGTH };

/*
 * Parses the header lines of p[0..n) (n excludes the blank line). Only
 * Content-Length matters; other well-formed headers (Content-Type) are
 * ignored.
 */
static enum header_result parse_headers(const char *p, size_t n, size_t *length)
{
    bool have = false;
    size_t i = 0;
    while (i < n) {
        const char *eol = memmem(p + i, n - i, "\r\n", 2);
        size_t end = eol ? (size_t)(eol - p) : n;
        size_t k = i;
        while (k < end && is_token_char(p[k]))
            k++;
        if (k == i || k >= end || p[k] != ':')
            return HEADER_JUNK;
        bool is_length = k - i == sizeof(CONTENT_LENGTH) - 1 && !strncasecmp(p + i, CONTENT_LENGTH, k - i);
        size_t v = k + 1;
        while (v < end && (p[v] == ' ' || p[v] == '\t'))
            v++;
        if (is_length) {
            size_t value = 0, digits = 0;
            while (v < end && p[v] >= '0' && p[v] <= '9' && digits < 12) {
                value = value * 10 + (size_t)(p[v++] - '0');
                digits++;
            }
            while (v < end && (p[v] == ' ' || p[v] == '\t'))
                v++;
            if (!digits || v != end || value > AF_RPC_MAX_BODY)
                return HEADER_BAD_LENGTH;
            *length = value;
            have = true;
        }
        i = end + 2;
    }
    return have ? HEADER_OK : HEADER_NO_LENGTH;
}

/* true while p[0..n) can still become a header block: "Name: value\r\n" lines */
static bool header_prefix(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (n - i == 1 && p[i] == '\r')
            return true;   /* the start of the blank line */
        size_t k = i;
        while (k < n && is_token_char(p[k]))
            k++;
        if (k == n)
            return true;
        if (k == i || p[k] != ':')
            return false;
        const char *eol = memmem(p + k, n - k, "\r\n", 2);
        if (!eol)
            return memchr(p + k, '\n', n - k) == NULL;
        i = (size_t)(eol - p) + 2;
    }
    return true;
}

/* a copy of p[0..n) where every byte that is not UTF-8 is U+FFFD; NULL when all is UTF-8 */
static char *repair_utf8(const char *p, size_t n, size_t *out_len)
{
    size_t i = 0;
    while (i < n) {
        size_t k = af_utf8_next(p + i, n - i, NULL);
        if (!k)
            break;
        i += k;
    }
    if (i == n)
        return NULL;
    struct af_buf b = AF_BUF_INIT;
    af_buf_put(&b, p, i);
    while (i < n) {
        size_t k = af_utf8_next(p + i, n - i, NULL);
        if (k) {
            af_buf_put(&b, p + i, k);
            i += k;
        } else {
            af_buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    *out_len = b.size;
    return af_buf_detach(&b);
}

/*
 * Decodes the JSON value at the start of p[0..n): *used is how many bytes it
 * took (trailing blanks included). NULL with `err` filled when there is none.
 */
static json_t *decode(const char *p, size_t n, size_t *used, json_error_t *err)
{
    json_t *v = json_loadb(p, n, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_ALLOW_NUL, err);
    if (!v)
        return NULL;
    size_t u = (size_t)err->position;
    if (u > n)
        u = n;
    while (u < n && is_blank(p[u]))
        u++;
    *used = u;
    return v;
}

static enum af_rpc_next skip_junk(struct af_rpc_reader *r, struct af_buf *problem, const char *why)
{
    const char *p = r->in.ptr + r->pos;
    size_t n = r->in.size - r->pos;
    size_t next = find_header_start(p, 1, n);
    r->pos += next;
    af_buf_clear(problem);
    af_buf_printf(problem, "%s: %zu bytes skipped", why, next);
    return AF_RPC_BAD;
}

/* the body of a frame whose header block ends at `hlen`; `len` its Content-Length */
static enum af_rpc_next read_body(json_t **out, bool *lossy, struct af_buf *problem, struct af_rpc_reader *r,
                                  size_t hlen, size_t len, bool starved)
{
    const char *body = r->in.ptr + r->pos + hlen;
    size_t have = r->in.size - r->pos - hlen, used = 0;
    json_error_t err;
    if (have < len) {
        /* a body cut short stays unread, unless it already holds a whole value */
        if (!starved)
            return AF_RPC_WAIT;
        json_t *v = decode(body, have, &used, &err);
        if (!v)
            return AF_RPC_WAIT;
        *out = v;
        r->pos += hlen + used;
        return AF_RPC_MESSAGE;
    }
    json_t *v = decode(body, len, &used, &err);
    if (!v) {
        size_t fixed_len;
        char *fixed = repair_utf8(body, len, &fixed_len);
        if (fixed) {
            size_t fixed_used;
            v = decode(fixed, fixed_len, &fixed_used, &err);
            free(fixed);
            if (v) {
                *lossy = true;
                used = len;
            }
        }
    }
    if (!v) {
        r->pos += hlen + len;
        af_buf_clear(problem);
        af_buf_printf(problem, "the body is not JSON: %s (line %d, column %d)", err.text, err.line, err.column);
        return AF_RPC_BAD;
    }
    /* bytes after the value: the Content-Length was too large, the next frame starts there */
    r->pos += hlen + (used < len ? used : len);
    *out = v;
    return AF_RPC_MESSAGE;
}

enum af_rpc_next af_rpc_reader_next(json_t **out, bool *lossy, struct af_buf *problem,
                                    struct af_rpc_reader *r, bool starved)
{
    *out = NULL;
    *lossy = false;
    /* blank bytes between frames are harmless */
    while (r->pos < r->in.size && is_blank(r->in.ptr[r->pos]))
        r->pos++;
    size_t n = r->in.size - r->pos;
    if (!n)
        return AF_RPC_WAIT; /* before forming p: in.ptr is NULL until the first bytes arrive */
    const char *p = r->in.ptr + r->pos;
    const char *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) {
        if (header_prefix(p, n) && n <= MAX_HEADER)
            return AF_RPC_WAIT;
        if (!starved && find_header_start(p, 1, n) == n && n <= MAX_HEADER)
            return AF_RPC_WAIT;
        return skip_junk(r, problem, "bytes outside a message frame");
    }
    size_t length = 0;
    switch (parse_headers(p, (size_t)(end - p), &length)) {
    case HEADER_OK:
        break;
    case HEADER_JUNK:
        return skip_junk(r, problem, "bytes outside a message frame");
    case HEADER_NO_LENGTH:
        r->pos += (size_t)(end - p) + 4;
        af_buf_clear(problem);
        af_buf_puts(problem, "a message header without Content-Length");
        return AF_RPC_BAD;
    case HEADER_BAD_LENGTH:
        r->pos += (size_t)(end - p) + 4;
        af_buf_clear(problem);
        af_buf_puts(problem, "a Content-Length that is not a number of bytes (at most 256 MiB)");
        return AF_RPC_BAD;
    }
    return read_body(out, lossy, problem, r, (size_t)(end - p) + 4, length, starved);
}

int af_rpc_write(int fd, const json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT);
    if (!body) {
        af_error_set("cannot encode a message");
        return AF_ERROR;
    }
    size_t len = strlen(body);
    char head[64];
    int hlen = snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n", len);
    struct iovec iov[2] = { { head, (size_t)hlen }, { body, len } };
    int error = 0, idx = 0;
    while (idx < 2) {
        ssize_t w = writev(fd, iov + idx, 2 - idx);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            af_error_set("cannot write: %s", strerror(errno));
            error = AF_ERROR;
            break;
        }
        size_t left = (size_t)w;
        while (idx < 2 && left >= iov[idx].iov_len) {
            left -= iov[idx].iov_len;
            idx++;
        }
        if (idx < 2) {
            iov[idx].iov_base = (char *)iov[idx].iov_base + left;
            iov[idx].iov_len -= left;
        }
    }
    free(body);
    return error;
}

json_t *af_rpc_string(const char *s)
{
    json_t *v = json_string(s);
    if (v)
        return v;
    size_t len;
    char *fixed = repair_utf8(s, strlen(s), &len);
    v = fixed ? json_stringn(fixed, len) : NULL;
    free(fixed);
    return v ? v : json_string("");
}

static json_t *envelope(void)
{
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    return m;
}

json_t *af_rpc_result(json_t *id, json_t *result)
{
    json_t *m = envelope();
    json_object_set(m, "id", id ? id : json_null());
    json_object_set_new(m, "result", result ? result : json_null());
    return m;
}

json_t *af_rpc_error(json_t *id, int code, const char *fmt, ...)
{
    struct af_buf text = AF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    af_buf_vprintf(&text, fmt, ap);
    va_end(ap);
    json_t *err = json_object();
    json_object_set_new(err, "code", json_integer(code));
    /* a message quoting bad input may hold bytes that are not UTF-8 */
    json_object_set_new(err, "message", af_rpc_string(af_buf_cstr(&text)));
    af_buf_dispose(&text);
    json_t *m = envelope();
    json_object_set(m, "id", id ? id : json_null());
    json_object_set_new(m, "error", err);
    return m;
}

json_t *af_rpc_notification(const char *method, json_t *params)
{
    json_t *m = envelope();
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_null());
    return m;
}

json_t *af_rpc_request(json_int_t id, const char *method, json_t *params)
{
    json_t *m = envelope();
    json_object_set_new(m, "id", json_integer(id));
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_null());
    return m;
}
