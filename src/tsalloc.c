/*
 * tsalloc.c - tree-sitter's allocator: the heap, or a thread's arena while
 * one file is processed (tsalloc.h).
 */
#include "asyncfix/tsalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "asyncfix/common.h"

#if defined(__SANITIZE_ADDRESS__)
#define AF_TSARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AF_TSARENA_ASAN 1
#endif
#endif

/*
 * Under ASan the arena keeps ASan's eyes: the bytes not handed out and every
 * freed block are poisoned, every chunk goes back at the file's end, and
 * trees are deleted one by one (af_tsarena_deletes_trees), so a block used
 * after its free, its tree's deletion or its file's end is caught.
 */
#ifdef AF_TSARENA_ASAN
#include <sanitizer/asan_interface.h>
#define AF_TSARENA_KEEP 0
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define AF_TSARENA_KEEP 16           /* chunks kept for the thread's next file: 4 MB */
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* before every block: its size (what it can hold) and whether an arena's; 16 bytes, as malloc aligns */
struct head {
    size_t size;
    size_t arena;                    /* 0: the heap's; an arena's block: 1 in use, the free list's link when freed */
};
_Static_assert(sizeof(struct head) == 16, "the header keeps blocks 16-byte aligned");

#define CLASSES 64                   /* freed arena blocks of 16 .. 1024 bytes are reused by size */
#define CHUNK ((size_t)256 * 1024)

struct chunk {
    struct chunk *next;
    size_t size;                     /* of the whole chunk */
    char data[];                     /* 16-byte aligned, as the chunk is */
};
_Static_assert(sizeof(struct chunk) == 16, "a chunk's blocks stay 16-byte aligned");

struct arena {
    unsigned depth;                  /* af_tsarena_begin calls not ended yet (in use when > 0): a nested file shares it */
    char *at, *end;                  /* the current chunk's bytes not handed out yet */
    struct head *last;                /* the block handed out last: it can grow or shrink in place */
    struct chunk *chunks;            /* in use since af_tsarena_begin */
    struct chunk *spare;             /* kept from the thread's former files */
    size_t nspare;
    size_t bytes;                    /* of all the thread's chunks */
    struct head *free[CLASSES + 1];   /* freed blocks by size / 16, linked through their headers */
};

static _Thread_local struct arena t_arena;
static bool installed;
static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;

static inline struct head *head_of(void *p)
{
    return (struct head *)p - 1;
}

static void give_back(struct arena *a, struct chunk *c)
{
    a->bytes -= c->size;
    UNPOISON(c, c->size);
    free(c);
}

/* a thread's end: its chunks go back to the heap */
static void thread_exit(void *p)
{
    struct arena *a = p;
    struct chunk *lists[] = { a->spare, a->chunks };
    for (size_t i = 0; i < 2; i++)
        for (struct chunk *c = lists[i], *next; c; c = next) {
            next = c->next;
            give_back(a, c);
        }
    memset(a, 0, sizeof(*a));
}

/* `n` bytes rounded up to 16 (16 for none); aborts when that wraps */
static size_t round16(size_t n)
{
    size_t need = n ? (n + 15) & ~(size_t)15 : 16;
    if (need < n || need > SIZE_MAX - CHUNK)
        abort();
    return need;
}

static void make_exit_key(void)
{
    if (pthread_key_create(&exit_key, thread_exit) != 0)
        abort();
}

/* a chunk of `size` bytes, on the arena's list */
static struct chunk *new_chunk(struct arena *a, size_t size)
{
    struct chunk *c;
    if (size == CHUNK && a->spare) {
        c = a->spare;
        a->spare = c->next;
        a->nspare--;
    } else {
        c = af_malloc(size);
        c->size = size;
        a->bytes += size;
    }
    c->next = a->chunks;
    a->chunks = c;
    POISON(c->data, size - sizeof(*c));
    return c;
}

static void *arena_alloc(struct arena *a, size_t n)
{
    size_t need = round16(n);
    size_t cls = need / 16;
    size_t bytes = sizeof(struct head) + need;
    struct head *h;
    if (cls <= CLASSES && a->free[cls]) {
        /* a block freed before: `last` stays the block at the end of the bytes handed out */
        h = a->free[cls];
        a->free[cls] = (struct head *)h->arena;
        UNPOISON(h + 1, need);
    } else if (bytes > CHUNK - sizeof(struct chunk)) {
        /* a chunk of its own, beside the current one, whose free bytes stay in use */
        h = (struct head *)new_chunk(a, sizeof(struct chunk) + bytes)->data;
        UNPOISON(h, bytes);
    } else {
        if ((size_t)(a->end - a->at) < bytes) {
            struct chunk *c = new_chunk(a, CHUNK);
            a->at = c->data;
            a->end = (char *)c + CHUNK;
        }
        h = (struct head *)a->at;
        a->at += bytes;
        a->last = h;
        UNPOISON(h, bytes);
    }
    h->size = need;
    h->arena = 1;
    return h + 1;
}

static void arena_free(struct arena *a, struct head *h)
{
    if (!a->depth)
        abort();   /* a block of a file's arena outlived the file (tsalloc.h) */
    if (h == a->last) {
        a->at = (char *)h;
        a->last = NULL;
        POISON(h, sizeof(*h) + h->size);
        return;
    }
    POISON(h + 1, h->size);
    size_t cls = h->size / 16;
    if (cls <= CLASSES) {
        h->arena = (size_t)a->free[cls];
        a->free[cls] = h;
    }
}

static void *ts_alloc(size_t n)
{
    struct arena *a = &t_arena;
    if (a->depth)
        return arena_alloc(a, n);
    if (n > SIZE_MAX - sizeof(struct head))
        abort();
    struct head *h = af_malloc(sizeof(*h) + n);
    h->size = n;
    h->arena = 0;
    return h + 1;
}

static void *ts_zalloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        abort();
    void *p = ts_alloc(count * size);
    memset(p, 0, count * size);
    return p;
}

static void ts_release(void *p)
{
    if (!p)
        return;
    struct head *h = head_of(p);
    if (h->arena)
        arena_free(&t_arena, h);
    else
        free(h);
}

static void *ts_resize(void *p, size_t n)
{
    if (!p)
        return ts_alloc(n);
    struct head *h = head_of(p);
    if (!h->arena) {
        /* a heap block stays on the heap */
        if (n > SIZE_MAX - sizeof(struct head))
            abort();
        h = af_realloc(h, sizeof(*h) + n);
        h->size = n;
        return h + 1;
    }
    struct arena *a = &t_arena;
    if (!a->depth)
        abort();
    if (n <= h->size)
        return p;
    size_t need = round16(n);
    if (h == a->last && (size_t)(a->end - (char *)(h + 1)) >= need) {
        /* the last block grows where it is */
        a->at = (char *)(h + 1) + need;
        h->size = need;
        UNPOISON(p, need);
        return p;
    }
    void *q = arena_alloc(a, n);
    memcpy(q, p, h->size);
    arena_free(a, h);
    return q;
}

void af_tsalloc_install(void)
{
    installed = true;
    ts_set_allocator(ts_alloc, ts_zalloc, ts_resize, ts_release);
}

bool af_tsarena_begin(void)
{
    if (!installed)
        return false;
    struct arena *a = &t_arena;
    if (a->depth++ == 0) {
        /* the thread's kept chunks go back when it ends */
        pthread_once(&exit_once, make_exit_key);
        pthread_setspecific(exit_key, a);
    }
    return true;
}

void af_tsarena_end(void)
{
    struct arena *a = &t_arena;
    if (!a->depth || --a->depth > 0)
        return;
    while (a->chunks) {
        struct chunk *c = a->chunks;
        a->chunks = c->next;
        if (c->size == CHUNK && a->nspare < AF_TSARENA_KEEP) {
            c->next = a->spare;
            a->spare = c;
            a->nspare++;
        } else {
            give_back(a, c);
        }
    }
    a->at = a->end = NULL;
    a->last = NULL;
    memset(a->free, 0, sizeof(a->free));
}

size_t af_tsarena_bytes(void)
{
    return t_arena.bytes;
}

bool af_tsarena_deletes_trees(void)
{
#ifdef AF_TSARENA_ASAN
    return true;
#else
    return false;
#endif
}
