/*
 * dircache.c - is ROOT/REL a regular file, from folder listings (dircache.h
 * says when stat() answers instead).
 *
 * A folder is a node: a root (found by its path) or the folder an entry of
 * a listed folder names (found through that entry). Every entry of every
 * listed folder is in one table, found by the hash of (folder, name).
 */
#include "asyncfix/dircache.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asyncfix/common.h"

#define NONE UINT32_MAX

enum dir_state {
    D_LISTED,     /* its entries are in the table */
    D_ABSENT,     /* no such folder (or not a folder): nothing below it */
    D_UNLISTED,   /* cannot be listed: stat() of each path below it */
};

struct dir {
    enum dir_state state;
    char *root;   /* a root: its path (owned); NULL for a folder found through an entry */
};

struct entry {
    uint32_t dir;              /* the folder that lists it */
    uint32_t name, len;        /* its name: names.ptr + name, len bytes */
    uint32_t child;            /* the folder it names, once asked (NONE) */
    unsigned char type;        /* d_type */
};

struct af_dircache {
    struct dir *dirs;
    size_t ndirs, dirs_cap;
    struct entry *entries;
    size_t nentries, entries_cap;
    struct af_buf names;
    struct af_hashtab by_name;    /* hash of (folder, name) -> entry */
    struct af_hashtab roots;      /* hash of a root's path -> folder */
    uint32_t last_root;           /* the root asked last (pass 1 asks below one root many times), NONE */
    size_t stats, opens;
};

struct af_dircache *af_dircache_new(void)
{
    struct af_dircache *c = af_calloc(1, sizeof(struct af_dircache));
    c->last_root = NONE;
    return c;
}

void af_dircache_counts(const struct af_dircache *c, size_t *stats, size_t *opens)
{
    *stats = c->stats;
    *opens = c->opens;
}

void af_dircache_free(struct af_dircache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ndirs; i++)
        free(c->dirs[i].root);
    free(c->dirs);
    free(c->entries);
    af_buf_dispose(&c->names);
    af_hashtab_dispose(&c->by_name);
    af_hashtab_dispose(&c->roots);
    free(c);
}

static bool stat_file(struct af_dircache *c, const char *path)
{
    struct stat st;
    c->stats++;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static uint32_t name_hash(uint32_t dir, const char *name, size_t len)
{
    return af_hash_add(af_hash_add(AF_HASH_INIT, &dir, sizeof(dir)), name, len);
}

static uint32_t find_entry(const struct af_dircache *c, uint32_t dir, const char *name, size_t len)
{
    struct af_hashtab_iter it = af_hashtab_find(&c->by_name, name_hash(dir, name, len));
    for (uint32_t v; (v = af_hashtab_next(&c->by_name, &it)) != AF_HASHTAB_NONE;) {
        const struct entry *e = &c->entries[v];
        if (e->dir == dir && e->len == len && !memcmp(c->names.ptr + e->name, name, len))
            return v;
    }
    return NONE;
}

static void add_entry(struct af_dircache *c, uint32_t dir, const char *name, unsigned char type)
{
    size_t len = strlen(name);
    AF_ARRAY_GROW(c->entries, c->nentries, c->entries_cap);
    c->entries[c->nentries] = (struct entry){ dir, (uint32_t)c->names.size, (uint32_t)len, NONE, type };
    af_buf_put(&c->names, name, len);
    af_hashtab_put(&c->by_name, name_hash(dir, name, len), (uint32_t)c->nentries);
    c->nentries++;
}

/* a new folder, listed from `path` (its path as the caller names it) */
static uint32_t new_dir(struct af_dircache *c, const char *path, char *root)
{
    AF_ARRAY_GROW(c->dirs, c->ndirs, c->dirs_cap);
    uint32_t d = (uint32_t)c->ndirs++;
    c->dirs[d].root = root;
    c->opens++;
    DIR *dir = opendir(path);
    if (!dir) {
        /* ENOENT/ENOTDIR: stat() of any path below it fails too */
        c->dirs[d].state = errno == ENOENT || errno == ENOTDIR ? D_ABSENT : D_UNLISTED;
        return d;
    }
    c->dirs[d].state = D_LISTED;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dir);
        if (!de) {
            /* a read error: the entries already taken are never looked at */
            if (errno)
                c->dirs[d].state = D_UNLISTED;
            break;
        }
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            add_entry(c, d, de->d_name, de->d_type);
    }
    closedir(dir);
    return d;
}

static bool is_root(const struct af_dircache *c, uint32_t d, const char *path, size_t root_len)
{
    return !strncmp(c->dirs[d].root, path, root_len) && !c->dirs[d].root[root_len];
}

static uint32_t root_dir(struct af_dircache *c, const char *path, size_t root_len)
{
    if (c->last_root != NONE && is_root(c, c->last_root, path, root_len))
        return c->last_root;
    uint32_t hash = af_hash_bytes(path, root_len);
    struct af_hashtab_iter it = af_hashtab_find(&c->roots, hash);
    for (uint32_t v; (v = af_hashtab_next(&c->roots, &it)) != AF_HASHTAB_NONE;)
        if (is_root(c, v, path, root_len))
            return c->last_root = v;
    char *root = af_strndup(path, root_len);
    uint32_t d = new_dir(c, root, root);
    af_hashtab_put(&c->roots, hash, d);
    return c->last_root = d;
}

/* the folder entry `e` names; `path` up to `end` is its path */
static uint32_t child_dir(struct af_dircache *c, uint32_t e, const char *path, const char *end)
{
    if (c->entries[e].child != NONE)
        return c->entries[e].child;
    unsigned char type = c->entries[e].type;
    uint32_t d;
    if (type == DT_DIR || type == DT_LNK || type == DT_UNKNOWN) {
        char *at = af_strndup(path, (size_t)(end - path));
        d = new_dir(c, at, NULL);
        free(at);
    } else {
        /* a file, FIFO, device or socket as a folder: stat() says ENOTDIR */
        AF_ARRAY_GROW(c->dirs, c->ndirs, c->dirs_cap);
        d = (uint32_t)c->ndirs++;
        c->dirs[d] = (struct dir){ D_ABSENT, NULL };
    }
    c->entries[e].child = d;
    return d;
}

/* true when the part [p, p+n) is empty (a trailing slash), "." or "..": stat() answers */
static bool unusual(const char *p, size_t n)
{
    return n == 0 || (p[0] == '.' && (n == 1 || (n == 2 && p[1] == '.')));
}

bool af_dircache_is_file(struct af_dircache *c, const char *path, size_t root_len)
{
    if (root_len == 0 || path[root_len] != '/')
        return stat_file(c, path);
    uint32_t d = root_dir(c, path, root_len);
    const char *p = path + root_len;
    for (;;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        if (unusual(p, (size_t)(end - p)))
            return stat_file(c, path);
        if (c->dirs[d].state == D_ABSENT)
            return false;
        if (c->dirs[d].state == D_UNLISTED)
            return stat_file(c, path);
        uint32_t e = find_entry(c, d, p, (size_t)(end - p));
        if (e == NONE)
            return false;
        if (!*end) {
            unsigned char type = c->entries[e].type;
            return (type == DT_REG || type == DT_LNK || type == DT_UNKNOWN) && stat_file(c, path);
        }
        d = child_dir(c, e, path, end);
        p = end;
    }
}
