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
#include <string.h>

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

/*
 * Prints "asyncfix: NAME: message" on stderr, NAME as af_buf_put_name
 * writes it (a hostile file name cannot forge lines or reach the terminal).
 */
void af_error_report(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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
 * file (the semantic model, messages). af_arena_dispose frees it all. Its
 * blocks grow from 4 KiB, so that many small arenas cost little.
 */
struct af_arena {
    struct af_arena_block *head;
    size_t next;              /* the size of the next block: 4 KiB doubling up to 64 KiB */
};
#define AF_ARENA_INIT { NULL, 0 }
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

/*
 * The hash of the program (FNV-1a, 32 bits): af_hash_bytes(s, len) is
 * af_hash_add(AF_HASH_INIT, s, len); a key made of several parts adds them
 * one after the other.
 */
#define AF_HASH_INIT 2166136261u
uint32_t af_hash_add(uint32_t hash, const void *data, size_t len);
uint32_t af_hash_bytes(const char *s, size_t len);
/* how many of the first elements of the ascending `sorted[n]` are <= x (an upper bound) */
uint32_t af_upper_bound(const uint32_t *sorted, uint32_t n, uint32_t x);

/* the same hash in 64 bits, for fingerprints and stamps that outlive a run */
#define AF_HASH64_INIT 14695981039346656037ull
uint64_t af_hash64_add(uint64_t hash, const void *data, size_t len);

/*
 * The folder above `dir`, in place: "/a/b" becomes "/a", "/a" becomes "/".
 * false (dir unchanged) at "/" or when dir holds no slash.
 */
bool af_path_up(char *dir);

/*
 * The hash table of the program: open addressing over (hash, value) pairs,
 * where a value is the caller's own handle of an item (an index into its
 * array). The table compares hashes only; the caller compares the items under
 * a hash:
 *
 *     struct af_hashtab_iter it = af_hashtab_find(&t, hash);
 *     for (uint32_t v; (v = af_hashtab_next(&t, &it)) != AF_HASHTAB_NONE;)
 *         if (same_key(items[v], key))
 *             return v;
 *
 * Zero-initialised (AF_HASHTAB_INIT); af_hashtab_dispose frees it.
 */
#define AF_HASHTAB_NONE UINT32_MAX
struct af_hashtab {
    struct af_hashtab_slot {
        uint32_t hash;
        uint32_t value;       /* AF_HASHTAB_NONE: the slot is empty */
    } *slots;
    uint32_t size, n;
};
#define AF_HASHTAB_INIT { NULL, 0, 0 }
struct af_hashtab_iter {
    uint32_t at, hash;
};
/* adds `value` under `hash` (the caller has looked for its key first); value != AF_HASHTAB_NONE */
void af_hashtab_put(struct af_hashtab *t, uint32_t hash, uint32_t value);
/* where the values stored under `hash` are found, one af_hashtab_next at a time */
struct af_hashtab_iter af_hashtab_find(const struct af_hashtab *t, uint32_t hash);
/* the next value stored under the iterator's hash, or AF_HASHTAB_NONE */
uint32_t af_hashtab_next(const struct af_hashtab *t, struct af_hashtab_iter *it);
void af_hashtab_dispose(struct af_hashtab *t);

/*
 * true when [s, s+len) equals the NUL-terminated `lit` (inline: with a literal,
 * the compiler knows its length and compares a few bytes in place)
 */
static inline bool af_streq(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return n == len && memcmp(s, lit, n) == 0;
}

static inline bool af_startswith(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return n <= len && memcmp(s, prefix, n) == 0;
}

/*
 * The length (1 to 4) of the well-formed UTF-8 sequence at s[0..n), its code
 * point in *cp (may be NULL); 0 when the bytes there are not UTF-8 (a stray
 * continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short).
 */
size_t af_utf8_next(const char *s, size_t n, uint32_t *cp);

/* true when `name` holds a control character, `"`, `\` or a byte that is not UTF-8 */
bool af_name_needs_quotes(const char *name);

/*
 * Appends a file name as git writes one with core.quotePath=false: as it is,
 * or, when af_name_needs_quotes, in double quotes with C escapes (\a \b \t
 * \n \v \f \r \" \\, and \ooo in octal for any other control byte and for
 * each byte that is not UTF-8). A leading "./" is dropped.
 */
void af_buf_put_name(struct af_buf *out, const char *name);

#endif
