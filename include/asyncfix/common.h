/*
 * common.h - growable buffers, the per-thread error message, a bump arena
 * and small string helpers shared by every module.
 */
#ifndef ASYNCFIX_COMMON_H
#define ASYNCFIX_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AF_VERSION "0.1.0"

/* return codes: 0 success, negative failure */
#define AF_OK 0
#define AF_ERROR (-1)
#define AF_ENOTFOUND (-3)
#define AF_ECHANGED (-4)
#define AF_EINVALID (-5)

/*
 * A growable byte string, always NUL-terminated once it holds anything.
 * Set up with AF_BUF_INIT; the owner calls af_buf_dispose.
 */
struct af_buf {
    char *ptr;
    size_t size;
    size_t asize;
};
#define AF_BUF_INIT { NULL, 0, 0 }

void af_buf_grow(struct af_buf *buf, size_t extra);
void af_buf_put(struct af_buf *buf, const char *data, size_t len);
void af_buf_puts(struct af_buf *buf, const char *str);
void af_buf_putc(struct af_buf *buf, char c);
void af_buf_printf(struct af_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void af_buf_vprintf(struct af_buf *buf, const char *fmt, va_list ap);
void af_buf_clear(struct af_buf *buf);
/* hands the bytes to the caller (free() them); the buffer is empty afterwards */
char *af_buf_detach(struct af_buf *buf);
void af_buf_dispose(struct af_buf *buf);
/* the buffer's text, "" when it never held anything */
const char *af_buf_cstr(const struct af_buf *buf);

/* the last error message of this thread: lowercase, one line, no full stop */
void af_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *af_error_last(void);
void af_error_clear(void);

/* allocation that aborts when memory runs out */
void *af_malloc(size_t size);
void *af_calloc(size_t n, size_t size);
void *af_realloc(void *ptr, size_t size);
char *af_strdup(const char *s);
char *af_strndup(const char *s, size_t len);
char *af_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* grow a dynamic array `ptr` of `n` items with capacity `cap` to hold one more */
#define AF_ARRAY_GROW(ptr, n, cap) do { \
        if ((n) >= (cap)) { \
            (cap) = (cap) ? (cap) * 2 : 16; \
            (ptr) = af_realloc((ptr), (cap) * sizeof(*(ptr))); \
        } \
    } while (0)

/*
 * A bump allocator for data that lives exactly as long as one pass over one
 * file (the semantic model, messages). af_arena_dispose frees it all.
 */
struct af_arena {
    struct af_arena_block *head;
};
#define AF_ARENA_INIT { NULL }
void *af_arena_alloc(struct af_arena *arena, size_t size);
char *af_arena_strndup(struct af_arena *arena, const char *s, size_t len);
void af_arena_dispose(struct af_arena *arena);

/*
 * A growable list of owned strings (paths, codes, globs). Zero-initialised;
 * the owner calls af_strlist_dispose.
 */
struct af_strlist {
    char **items;
    size_t n, cap;
};
/* appends a copy of `s` */
void af_strlist_add(struct af_strlist *list, const char *s);
void af_strlist_dispose(struct af_strlist *list);
bool af_strlist_contains(const struct af_strlist *list, const char *s);

/* true when [s, s+len) equals the NUL-terminated `lit` */
bool af_streq(const char *s, size_t len, const char *lit);
bool af_startswith(const char *s, size_t len, const char *prefix);

#endif
