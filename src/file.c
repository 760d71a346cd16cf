/*
 * file.c - what a file is called as a module: through the run's roots (the
 * folders Python would find it from, like sys.path entries), else by the
 * packages (__init__.py folders) it sits in.
 */
#include "asyncfix/file.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- folders holding __init__.py, each asked once a run ---- */

struct af_init_cache {
    struct af_strlist dirs;   /* the folders asked */
    mode_t *modes;            /* stat()'s st_mode of DIR/__init__.py, 0 when stat failed */
    size_t cap;
    struct af_hashtab table;  /* hash of a folder -> dirs index */
};

struct af_init_cache *af_init_cache_new(void)
{
    return af_calloc(1, sizeof(struct af_init_cache));
}

void af_init_cache_free(struct af_init_cache *c)
{
    if (!c)
        return;
    af_strlist_dispose(&c->dirs);
    free(c->modes);
    af_hashtab_dispose(&c->table);
    free(c);
}

mode_t af_init_mode(struct af_init_cache *c, const char *dir, size_t len)
{
    uint32_t hash = af_hash_bytes(dir, len);
    if (c) {
        struct af_hashtab_iter it = af_hashtab_find(&c->table, hash);
        for (uint32_t v; (v = af_hashtab_next(&c->table, &it)) != AF_HASHTAB_NONE;)
            if (af_streq(dir, len, c->dirs.items[v]))
                return c->modes[v];
    }
    struct af_buf init = AF_BUF_INIT;
    af_buf_put(&init, dir, len);
    af_buf_puts(&init, len ? "/__init__.py" : "__init__.py");
    struct stat st;
    mode_t mode = stat(init.ptr, &st) == 0 ? st.st_mode : 0;
    af_buf_dispose(&init);
    if (c) {
        AF_ARRAY_GROW(c->modes, c->dirs.n, c->cap);
        c->modes[c->dirs.n] = mode;
        char *copy = af_strndup(dir, len);
        af_strlist_add(&c->dirs, copy);
        free(copy);
        af_hashtab_put(&c->table, hash, (uint32_t)(c->dirs.n - 1));
    }
    return mode;
}

char *af_module_name_for_path(const char *path)
{
    return af_module_name_for_path_in(path, NULL);
}

char *af_module_name_for_path_in(const char *path, struct af_init_cache *cache)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            base = p + 1;
    size_t blen = strlen(base);
    const char *ext = strrchr(base, '.');
    if (ext)
        blen = (size_t)(ext - base);
    struct af_buf out = AF_BUF_INIT;
    bool is_init = af_streq(base, blen, "__init__");
    if (!is_init)
        af_buf_put(&out, base, blen);
    /* walk up while the folder is a package */
    char *dir = af_strndup(path, (size_t)(base - path));
    for (;;) {
        size_t dl = strlen(dir);
        while (dl > 0 && dir[dl - 1] == '/')
            dir[--dl] = '\0';
        bool pkg = af_init_mode(cache, dir, dl) != 0;
        if (!pkg || dl == 0)
            break;
        const char *name = dir;
        for (const char *p = dir; *p; p++)
            if (*p == '/')
                name = p + 1;
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            break;
        struct af_buf tmp = AF_BUF_INIT;
        af_buf_puts(&tmp, name);
        if (out.size) {
            af_buf_putc(&tmp, '.');
            af_buf_put(&tmp, out.ptr, out.size);
        }
        af_buf_dispose(&out);
        out = tmp;
        dir[name - dir] = '\0';
    }
    free(dir);
    if (!out.size) {
        af_buf_dispose(&out);
        return NULL;
    }
    return af_buf_detach(&out);
}

void af_path_absolute_in(struct af_buf *out, const char *cwd, const char *path)
{
    af_buf_clear(out);
    if (path[0] != '/') {
        char here[PATH_MAX];
        if (!cwd)
            cwd = getcwd(here, sizeof(here));
        if (cwd && strcmp(cwd, "/") != 0)
            af_buf_puts(out, cwd);
    }
    /* each part: "" and "." dropped, ".." removes the one before */
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (out->size > 0 && out->ptr[out->size - 1] != '/')
                out->size--;
            if (out->size > 0)
                out->size--;
        } else if (n && !(n == 1 && p[0] == '.')) {
            af_buf_putc(out, '/');
            af_buf_put(out, p, n);
        }
        p += n + (e != NULL);
    }
    if (!out->size)
        af_buf_putc(out, '/');
    out->ptr[out->size] = '\0';
}

void af_path_absolute(struct af_buf *out, const char *path)
{
    af_path_absolute_in(out, NULL, path);
}

static bool identifier(const char *s, size_t n)
{
    if (!n || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80))
            return false;
    }
    return true;
}

/* the name of `abs` (absolute, normalised) below `root`, or NULL when a part is no identifier */
static char *name_below(const char *abs, const char *root)
{
    size_t rl = strlen(root);
    const char *rel = abs + rl + (rl > 1);
    struct af_buf out = AF_BUF_INIT;
    const char *p = rel;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (!e) {
            /* the file: its name without the extension; __init__ names the package */
            const char *dot = memchr(p, '.', n);
            if (dot)
                n = (size_t)(dot - p);
            if (af_streq(p, n, "__init__"))
                break;
        }
        if (!identifier(p, n)) {
            af_buf_dispose(&out);
            return NULL;
        }
        if (out.size)
            af_buf_putc(&out, '.');
        af_buf_put(&out, p, n);
        if (!e)
            break;
        p = e + 1;
    }
    if (!out.size) {
        af_buf_dispose(&out);
        return NULL;
    }
    return af_buf_detach(&out);
}

/* true when the absolute path `abs` lies below the absolute folder `root` */
static bool below(const char *abs, const char *root)
{
    size_t rl = strlen(root);
    if (rl == 1)
        return abs[0] == '/' && abs[1];
    return strncmp(abs, root, rl) == 0 && abs[rl] == '/';
}

char *af_module_name_in(const char *path, const struct af_strlist *roots, const char *cwd)
{
    return af_module_name_in_cached(path, roots, cwd, NULL);
}

char *af_module_name_in_cached(const char *path, const struct af_strlist *roots, const char *cwd,
                               struct af_init_cache *cache)
{
    struct af_buf abs = AF_BUF_INIT;
    const char *best = NULL;
    if (roots && roots->n) {
        af_path_absolute_in(&abs, cwd, path);
        for (size_t i = 0; i < roots->n; i++)
            if (below(abs.ptr, roots->items[i]) && (!best || strlen(roots->items[i]) > strlen(best)))
                best = roots->items[i];
    }
    char *name = best ? name_below(abs.ptr, best) : NULL;
    af_buf_dispose(&abs);
    return name ? name : af_module_name_for_path_in(path, cache);
}

char *af_module_name(const char *path, const struct af_strlist *roots)
{
    return af_module_name_in(path, roots, NULL);
}

char *af_module_relative_base(const char *module, bool is_package, int level)
{
    if (!module)
        return NULL;
    size_t len = strlen(module);
    int up = is_package ? level - 1 : level;
    while (up-- > 0) {
        const char *dot = NULL;
        for (size_t i = len; i > 0; i--)
            if (module[i - 1] == '.') {
                dot = module + i - 1;
                break;
            }
        if (!dot) {
            if (up < 0) {
                len = 0;
                break;
            }
            return NULL;
        }
        len = (size_t)(dot - module);
    }
    return af_strndup(module, len);
}

bool af_path_is_package_init(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return strcmp(base, "__init__.py") == 0 || strcmp(base, "__init__.pyi") == 0;
}
