#include "asyncfix/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void af_error_report(const char *path, const char *fmt, ...)
{
    struct af_buf line = AF_BUF_INIT;
    va_list ap;
    af_buf_puts(&line, "asyncfix: ");
    af_buf_put_name(&line, path);
    af_buf_puts(&line, ": ");
    va_start(ap, fmt);
    af_buf_vprintf(&line, fmt, ap);
    va_end(ap);
    af_buf_putc(&line, '\n');
    fputs(line.ptr, stderr);
    af_buf_dispose(&line);
}

static _Noreturn void out_of_memory(void)
{
    fputs("asyncfix: out of memory\n", stderr);
    abort();
}

void *af_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *af_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *af_realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *af_strndup(const char *s, size_t len)
{
    char *p = af_malloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *af_strdup(const char *s)
{
    return af_strndup(s, strlen(s));
}

char *af_asprintf(const char *fmt, ...)
{
    struct af_buf buf = AF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    af_buf_vprintf(&buf, fmt, ap);
    va_end(ap);
    if (!buf.ptr)
        return af_strdup("");
    return af_buf_detach(&buf);
}

void af_buf_grow(struct af_buf *buf, size_t extra)
{
    if (extra >= SIZE_MAX - buf->size)
        out_of_memory();   /* the size would wrap */
    size_t need = buf->size + extra + 1;
    if (need <= buf->asize)
        return;
    size_t n = buf->asize ? buf->asize : 64;
    while (n < need)
        n *= 2;
    buf->ptr = af_realloc(buf->ptr, n);
    buf->asize = n;
}

void af_buf_put(struct af_buf *buf, const char *data, size_t len)
{
    af_buf_grow(buf, len);
    if (len)
        memcpy(buf->ptr + buf->size, data, len);
    buf->size += len;
    buf->ptr[buf->size] = '\0';
}

void af_buf_puts(struct af_buf *buf, const char *str)
{
    af_buf_put(buf, str, strlen(str));
}

void af_buf_putc(struct af_buf *buf, char c)
{
    af_buf_put(buf, &c, 1);
}

void af_buf_vprintf(struct af_buf *buf, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    af_buf_grow(buf, (size_t)n);
    vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
    buf->size += (size_t)n;
}

void af_buf_printf(struct af_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    af_buf_vprintf(buf, fmt, ap);
    va_end(ap);
}

void af_buf_clear(struct af_buf *buf)
{
    buf->size = 0;
    if (buf->ptr)
        buf->ptr[0] = '\0';
}

char *af_buf_detach(struct af_buf *buf)
{
    char *p = buf->ptr ? buf->ptr : af_strdup("");
    buf->ptr = NULL;
    buf->size = buf->asize = 0;
    return p;
}

void af_buf_dispose(struct af_buf *buf)
{
    free(buf->ptr);
    buf->ptr = NULL;
    buf->size = buf->asize = 0;
}

const char *af_buf_cstr(const struct af_buf *buf)
{
    return buf->ptr ? buf->ptr : "";
}

static _Thread_local char error_message[1024];

void af_error_set(const char *fmt, ...)
{
    /* formatted aside first: an argument may be af_error_last() itself */
    char text[sizeof(error_message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    memcpy(error_message, text, sizeof(text));
}

const char *af_error_last(void)
{
    return error_message[0] ? error_message : "unknown error";
}

void af_error_clear(void)
{
    error_message[0] = '\0';
}

struct af_arena_block {
    struct af_arena_block *next;
    size_t used, cap;
    _Alignas(16) char data[];
};

void *af_arena_alloc(struct af_arena *arena, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct af_arena_block *b = arena->head;
    if (!b || b->used + size > b->cap) {
        size_t block = arena->next ? arena->next : 4096;
        arena->next = block < 65536 ? block * 2 : 65536;
        size_t cap = size > block ? size : block;
        b = af_malloc(sizeof(*b) + cap);
        b->used = 0;
        b->cap = cap;
        b->next = arena->head;
        arena->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

char *af_arena_strndup(struct af_arena *arena, const char *s, size_t len)
{
    char *p = af_arena_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void af_arena_dispose(struct af_arena *arena)
{
    struct af_arena_block *b = arena->head;
    while (b) {
        struct af_arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena->head = NULL;
    arena->next = 0;
}

uint32_t af_hash_add(uint32_t hash, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ p[i]) * 16777619u;
    return hash;
}

uint32_t af_hash_bytes(const char *s, size_t len)
{
    return af_hash_add(AF_HASH_INIT, s, len);
}

uint32_t af_upper_bound(const uint32_t *sorted, uint32_t n, uint32_t x)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

uint64_t af_hash64_add(uint64_t hash, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ p[i]) * 1099511628211ull;
    return hash;
}

bool af_path_up(char *dir)
{
    char *slash = strrchr(dir, '/');
    if (!slash || !strcmp(dir, "/"))
        return false;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    return true;
}

static void hashtab_grow(struct af_hashtab *t)
{
    uint32_t size = t->size ? t->size * 2 : 64;
    struct af_hashtab_slot *slots = af_malloc(size * sizeof(*slots));
    for (uint32_t i = 0; i < size; i++)
        slots[i].value = AF_HASHTAB_NONE;
    for (uint32_t i = 0; i < t->size; i++) {
        if (t->slots[i].value == AF_HASHTAB_NONE)
            continue;
        uint32_t h = t->slots[i].hash & (size - 1);
        while (slots[h].value != AF_HASHTAB_NONE)
            h = (h + 1) & (size - 1);
        slots[h] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->size = size;
}

void af_hashtab_put(struct af_hashtab *t, uint32_t hash, uint32_t value)
{
    if ((t->n + 1) * 2 > t->size)
        hashtab_grow(t);
    uint32_t h = hash & (t->size - 1);
    while (t->slots[h].value != AF_HASHTAB_NONE)
        h = (h + 1) & (t->size - 1);
    t->slots[h].hash = hash;
    t->slots[h].value = value;
    t->n++;
}

struct af_hashtab_iter af_hashtab_find(const struct af_hashtab *t, uint32_t hash)
{
    struct af_hashtab_iter it = { t->size ? hash & (t->size - 1) : 0, hash };
    return it;
}

uint32_t af_hashtab_next(const struct af_hashtab *t, struct af_hashtab_iter *it)
{
    if (!t->size)
        return AF_HASHTAB_NONE;
    for (;;) {
        const struct af_hashtab_slot *s = &t->slots[it->at];
        if (s->value == AF_HASHTAB_NONE)
            return AF_HASHTAB_NONE;
        it->at = (it->at + 1) & (t->size - 1);
        if (s->hash == it->hash)
            return s->value;
    }
}

void af_hashtab_dispose(struct af_hashtab *t)
{
    free(t->slots);
    t->slots = NULL;
    t->size = t->n = 0;
}

void af_strlist_add(struct af_strlist *list, const char *s)
{
    AF_ARRAY_GROW(list->items, list->n, list->cap);
    list->items[list->n++] = af_strdup(s);
}

void af_strlist_dispose(struct af_strlist *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

bool af_strlist_contains(const struct af_strlist *list, const char *s)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->items[i], s) == 0)
            return true;
    return false;
}

size_t af_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!n)
        return 0;
    unsigned char c = u[0];
    size_t need;
    uint32_t v;
    if (c < 0x80) {
        need = 0;
        v = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (need >= n)
        return 0;
    for (size_t k = 1; k <= need; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (u[k] & 0x3F);
    }
    if ((need == 2 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
        (need == 3 && (v < 0x10000 || v > 0x10FFFF)))
        return 0;
    if (cp)
        *cp = v;
    return need + 1;
}

bool af_name_needs_quotes(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
            return true;
        size_t k = c < 0x80 ? 1 : af_utf8_next(name + i, n - i, NULL);
        if (!k)
            return true;
        i += k;
    }
    return false;
}

void af_buf_put_name(struct af_buf *out, const char *name)
{
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    if (!af_name_needs_quotes(name)) {
        af_buf_puts(out, name);
        return;
    }
    static const char named[] = "\a\b\t\n\v\f\r", letters[] = "abtnvfr";
    size_t n = strlen(name);
    af_buf_putc(out, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)name[i];
        size_t k = c < 0x80 ? 1 : af_utf8_next(name + i, n - i, NULL);
        const char *e = c ? strchr(named, c) : NULL;
        if (c == '"' || c == '\\') {
            af_buf_putc(out, '\\');
            af_buf_putc(out, (char)c);
        } else if (e) {
            af_buf_putc(out, '\\');
            af_buf_putc(out, letters[e - named]);
        } else if (c < 0x20 || c == 0x7f || !k) {
            af_buf_printf(out, "\\%03o", c);
            k = 1;
        } else {
            af_buf_put(out, name + i, k);
        }
        i += k ? k : 1;
    }
    af_buf_putc(out, '"');
}
