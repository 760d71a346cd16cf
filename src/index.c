/*
 * index.c - the project index of coroutine functions (pass 1).
 *
 * The files read are the paths given plus every other .py/.pyi file of the
 * packages they sit in: from a given file's folder up to the outermost
 * folder that still holds an __init__.py, that top package is walked
 * recursively (hidden folders and __pycache__ skipped, symbolic links not
 * followed). A file outside a package that was not given is never read.
 *
 * A file without the bytes "async" followed by blanks and "def" holds no
 * `async def`: it is skipped unparsed (a memmem for "async", then a look at
 * what follows each hit). The others are parsed and only their module-level statements and
 * class bodies (classes nested in classes too) are looked at. Each file's
 * definitions go to its own slot, so the workers share nothing; the slots
 * are merged into one table afterwards, which is read-only from then on.
 */
#include "asyncfix/index.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/engine.h"
#include "asyncfix/file.h"
#include "asyncfix/lang.h"
#include "asyncfix/pool.h"

struct entry {
    char *qualname;           /* owned */
    unsigned flags;
};

struct slot {
    struct entry *items;
    size_t n, cap;
};

/* a string set/map with open addressing: the key is (ptr, len) */
struct strtab {
    struct strkey {
        const char *s;
        uint32_t len;
        uint32_t hash;
        uint32_t value;
    } *keys;
    uint32_t size, n;
};

struct af_index {
    struct entry *entries;    /* merged, one per qualname */
    size_t nentries;
    struct strtab byname;     /* qualname -> entries index */
    size_t count;             /* coroutine functions */
    size_t files;             /* files read */

    /*
     * af_index_mentioned: the last part of every module-level coroutine
     * function's name and of its module's name are words of `words`; the
     * function word `f` pairs with module words pair[pair_start[f]..pair_start[f+1]).
     */
    struct strtab words;
    uint32_t *pair_start;
    uint32_t *pair;
    uint32_t nwords;
    uint32_t min_len, max_len;
    uint8_t *starts;          /* 65536 bits: the first two bytes of some word */
    uint8_t *is_module;       /* per word: the last part of a module's name */
};

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void strtab_grow(struct strtab *t)
{
    uint32_t size = t->size ? t->size * 2 : 64;
    struct strkey *keys = af_calloc(size, sizeof(*keys));
    for (uint32_t i = 0; i < t->size; i++) {
        if (!t->keys[i].s)
            continue;
        uint32_t h = t->keys[i].hash & (size - 1);
        while (keys[h].s)
            h = (h + 1) & (size - 1);
        keys[h] = t->keys[i];
    }
    free(t->keys);
    t->keys = keys;
    t->size = size;
}

/* the slot of (s, len) with hash `hash`: found, or the empty one to fill */
static struct strkey *strtab_slot(const struct strtab *t, const char *s, uint32_t len, uint32_t hash)
{
    uint32_t h = hash & (t->size - 1);
    for (;;) {
        struct strkey *k = &t->keys[h];
        if (!k->s || (k->hash == hash && k->len == len && memcmp(k->s, s, len) == 0))
            return k;
        h = (h + 1) & (t->size - 1);
    }
}

/* the value of (s, len), or UINT32_MAX */
static uint32_t strtab_get(const struct strtab *t, const char *s, uint32_t len, uint32_t hash)
{
    if (!t->size)
        return UINT32_MAX;
    const struct strkey *k = strtab_slot(t, s, len, hash);
    return k->s ? k->value : UINT32_MAX;
}

/* inserts (s, len) -> value unless present; returns the value stored */
static uint32_t strtab_put(struct strtab *t, const char *s, uint32_t len, uint32_t value)
{
    if ((t->n + 1) * 2 > t->size)
        strtab_grow(t);
    uint32_t hash = hash_bytes(s, len);
    struct strkey *k = strtab_slot(t, s, len, hash);
    if (k->s)
        return k->value;
    k->s = s;
    k->len = len;
    k->hash = hash;
    k->value = value;
    t->n++;
    return value;
}

/* ---- which files pass 1 reads ---- */

static bool is_python(const char *name)
{
    size_t n = strlen(name);
    return (n > 3 && strcmp(name + n - 3, ".py") == 0) || (n > 4 && strcmp(name + n - 4, ".pyi") == 0);
}

/* true when the folder path[0..len) is a package: holds __init__.py and is not "." or ".." */
static bool is_package(const char *path, size_t len)
{
    if (len == 0)
        return false;
    size_t b = len;
    while (b > 0 && path[b - 1] != '/')
        b--;
    if ((len - b == 1 && path[b] == '.') || (len - b == 2 && !memcmp(path + b, "..", 2)))
        return false;
    char *p = af_asprintf("%.*s/__init__.py", (int)len, path);
    struct stat st;
    bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return ok;
}

/* length of the folder part of `path` (no trailing slash), 0 for none */
static size_t dir_len(const char *path, size_t len)
{
    while (len > 0 && path[len - 1] != '/')
        len--;
    while (len > 1 && path[len - 1] == '/')
        len--;
    return len;
}

struct filelist {
    struct af_strlist list;
    struct strtab seen;       /* over list.items (pointers stay valid: strings are not moved) */
};

static void filelist_add(struct filelist *fl, const char *path)
{
    uint32_t len = (uint32_t)strlen(path);
    if (strtab_get(&fl->seen, path, len, hash_bytes(path, len)) != UINT32_MAX)
        return;
    af_strlist_add(&fl->list, path);
    const char *copy = fl->list.items[fl->list.n - 1];
    strtab_put(&fl->seen, copy, len, (uint32_t)fl->list.n - 1);
}

static void walk_package(struct filelist *fl, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        if (name[0] == '.' || !strcmp(name, "__pycache__"))
            continue;
        char *path = af_asprintf("%s/%s", dir, name);
        struct stat st;
        if (lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && is_package(path, strlen(path)))
                walk_package(fl, path);
            else if (S_ISREG(st.st_mode) && is_python(name))
                filelist_add(fl, path);
        }
        free(path);
    }
    closedir(d);
}

static void collect_files(struct filelist *fl, char *const *paths, size_t n)
{
    struct strtab roots = { 0 };
    struct af_strlist root_names = { 0 };
    char *last_dir = NULL;
    for (size_t i = 0; i < n; i++)
        filelist_add(fl, paths[i]);
    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        size_t dl = dir_len(p, strlen(p));
        /* files come sorted: a folder already looked at is skipped quickly */
        if (last_dir && strlen(last_dir) == dl && memcmp(last_dir, p, dl) == 0)
            continue;
        free(last_dir);
        last_dir = af_strndup(p, dl);
        if (!is_package(p, dl))
            continue;
        /* up to the outermost package, as af_module_name_for_path does */
        size_t top = dl;
        for (;;) {
            size_t up = dir_len(p, top);
            if (up == 0 || up >= top || !is_package(p, up))
                break;
            top = up;
        }
        uint32_t hash = hash_bytes(p, top);
        if (strtab_get(&roots, p, (uint32_t)top, hash) != UINT32_MAX)
            continue;
        char *root = af_strndup(p, top);
        af_strlist_add(&root_names, root);
        strtab_put(&roots, root_names.items[root_names.n - 1], (uint32_t)top, 0);
        walk_package(fl, root);
        free(root);
    }
    free(last_dir);
    free(roots.keys);
    af_strlist_dispose(&root_names);
}

/* ---- pass 1 over one file ---- */

static bool harmless_decorator(TSNode decorator, const char *src, bool *overload)
{
    TSNode expr = af_first_named(decorator);
    TSNode last = expr;
    if (af_is(expr, af_sym.attribute))
        last = af_field_child(expr, af_field.attribute);
    else if (!af_is(expr, af_sym.identifier))
        return false;
    if (af_node_text_is(last, src, "overload")) {
        *overload = true;
        return true;
    }
    return af_node_text_is(last, src, "staticmethod") || af_node_text_is(last, src, "classmethod") ||
           af_node_text_is(last, src, "abstractmethod") || af_node_text_is(last, src, "override");
}

static bool has_yield(TSNode node)
{
    return !ts_node_is_null(af_subtree_find_symbol(node, af_sym.yield));
}

unsigned af_index_def_flags(TSNode def, const char *src)
{
    unsigned flags = af_node_is_async(def) ? AF_INDEX_ASYNC : AF_INDEX_SYNC;
    if ((flags & AF_INDEX_ASYNC) && has_yield(af_field_child(def, af_field.body)))
        flags |= AF_INDEX_GENERATOR;
    TSNode parent = ts_node_parent(def);
    if (!af_is(parent, af_sym.decorated_definition))
        return flags;
    bool overload = false;
    uint32_t n = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(parent, i);
        if (af_is(c, af_sym.decorator) && !harmless_decorator(c, src, &overload))
            flags |= AF_INDEX_DECORATED;
    }
    return overload ? AF_INDEX_OVERLOAD : flags;
}

static void slot_add(struct slot *slot, const char *prefix, const char *name, uint32_t len, unsigned flags)
{
    AF_ARRAY_GROW(slot->items, slot->n, slot->cap);
    slot->items[slot->n].qualname = af_asprintf("%s.%.*s", prefix, (int)len, name);
    slot->items[slot->n].flags = flags;
    slot->n++;
}

/* records the names an assignment or import statement binds in this namespace */
static void note_rebinding(struct slot *slot, const char *prefix, TSNode stmt, const char *src)
{
    TSSymbol s = ts_node_symbol(stmt);
    if (s == af_sym.expression_statement) {
        TSNode a = af_first_named(stmt);
        if (!af_is(a, af_sym.assignment) && !af_is(a, af_sym.augmented_assignment))
            return;
        TSNode left = af_field_child(a, af_field.left);
        uint32_t len;
        const char *t;
        if (af_is(left, af_sym.identifier)) {
            t = af_node_text(left, src, &len);
            slot_add(slot, prefix, t, len, AF_INDEX_REBOUND);
        }
    } else if (s == af_sym.import_from_statement || s == af_sym.import_statement) {
        uint32_t n = ts_node_named_child_count(stmt);
        TSNode module = af_field_child(stmt, af_field.module_name);
        for (uint32_t i = 0; i < n; i++) {
            TSNode c = ts_node_named_child(stmt, i);
            if (ts_node_eq(c, module))
                continue;
            TSNode bound = c;
            if (af_is(c, af_sym.aliased_import))
                bound = af_field_child(c, af_field.alias);
            if (!af_is(bound, af_sym.dotted_name) && !af_is(bound, af_sym.identifier))
                continue;
            uint32_t len;
            const char *t = af_node_text(bound, src, &len);
            uint32_t head = 0;
            while (head < len && t[head] != '.')
                head++;
            slot_add(slot, prefix, t, head, AF_INDEX_REBOUND);
        }
    }
}

static void scan_block(struct slot *slot, TSNode block, const char *prefix, const char *src, int depth)
{
    unsigned method = depth > 0 ? AF_INDEX_METHOD : 0;
    TSTreeCursor c = ts_tree_cursor_new(block);
    if (!ts_tree_cursor_goto_first_child(&c))
        goto done;
    do {
        TSNode node = ts_tree_cursor_current_node(&c);
        TSNode def = node;
        if (af_is(node, af_sym.decorated_definition))
            def = af_field_child(node, af_field.definition);
        TSNode name = af_field_child(def, af_field.name);
        uint32_t len;
        if (af_is(def, af_sym.function_definition) && !ts_node_is_null(name)) {
            const char *t = af_node_text(name, src, &len);
            slot_add(slot, prefix, t, len, af_index_def_flags(def, src) | method);
        } else if (af_is(def, af_sym.class_definition) && !ts_node_is_null(name) && depth < 8) {
            const char *t = af_node_text(name, src, &len);
            TSNode body = af_field_child(def, af_field.body);
            if (!ts_node_is_null(body)) {
                char *inner = af_asprintf("%s.%.*s", prefix, (int)len, t);
                scan_block(slot, body, inner, src, depth + 1);
                free(inner);
            }
            slot_add(slot, prefix, t, len, AF_INDEX_REBOUND);
        } else {
            note_rebinding(slot, prefix, node, src);
        }
    } while (ts_tree_cursor_goto_next_sibling(&c));
done:
    ts_tree_cursor_delete(&c);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->qualname, ((const struct entry *)b)->qualname);
}

/* keeps one entry per name that has an async def, with the flags merged */
static void slot_compact(struct slot *slot)
{
    qsort(slot->items, slot->n, sizeof(*slot->items), cmp_entry);
    size_t out = 0;
    for (size_t i = 0; i < slot->n;) {
        size_t j = i + 1;
        unsigned flags = slot->items[i].flags;
        while (j < slot->n && !strcmp(slot->items[j].qualname, slot->items[i].qualname)) {
            flags |= slot->items[j].flags;
            free(slot->items[j].qualname);
            j++;
        }
        if (flags & AF_INDEX_ASYNC) {
            slot->items[out].qualname = slot->items[i].qualname;
            slot->items[out].flags = flags;
            out++;
        } else {
            free(slot->items[i].qualname);
        }
        i = j;
    }
    slot->n = out;
}

static int read_file(char **out, size_t *len, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return AF_ERROR;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return AF_ERROR;
    }
    size_t size = (size_t)st.st_size, got = 0;
    char *data = af_malloc(size + 1);
    while (got < size) {
        ssize_t r = read(fd, data + got, size - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    data[got] = '\0';
    *out = data;
    *len = got;
    return 0;
}

/*
 * True when the bytes hold `async` followed by blanks (or a backslash line
 * continuation) and `def`: a file without it has no async def and is not
 * parsed. Most files with "async" only use asyncio.
 */
static bool has_async_def(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while ((p = memmem(p, (size_t)(end - p), "async", 5))) {
        const char *q = p + 5;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\\' || *q == '\r' || *q == '\n')) {
            if (*q == '\r' || *q == '\n') {
                /* only a backslash continuation may join the lines */
                const char *b = q;
                while (b > p + 5 && (b[-1] == '\r' || b[-1] == '\n'))
                    b--;
                if (b == p + 5 || b[-1] != '\\')
                    break;
            }
            q++;
        }
        if (q > p + 5 && end - q >= 3 && memcmp(q, "def", 3) == 0)
            return true;
        p += 5;
    }
    return false;
}

/* ---- pass 1 without a parse: a scan of logical lines ---- */

/*
 * The light scan reads the file as Python's tokenizer cuts it into logical
 * lines (strings, comments, brackets and backslash continuations skipped)
 * and looks only at the first tokens of lines whose enclosing blocks are all
 * class bodies: `class NAME`, `[async] def NAME`, decorators, `NAME =`
 * and imports. It gives what scan_block gives from the tree; a file it cannot
 * cut (a string or bracket left open at the end) goes to the parser.
 */
struct light_frame {
    uint32_t indent;
    bool is_class;
    size_t prefix_len;        /* the prefix's length before this class's name */
    long entry;               /* an async def's entry in the slot (its body is searched for yield), or -1 */
};

struct light {
    const char *p, *end;
    struct slot *slot;
    struct af_buf prefix;
    struct light_frame stack[64];
    int depth;                /* frames in use */
    int blocked;              /* frames that are not class bodies */
    int classes;
    unsigned decor;           /* flags gathered from the decorators above */
    bool decorated;           /* decorators seen since the last statement */
    long def_entry;           /* the async def the statement just looked at recorded, or -1 */
    long in_def;              /* the async def whose body the current line is in, or -1 */
};

static bool ident_byte(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\f' ||
                       (*p == '\\' && p + 1 < end && (p[1] == '\n' || p[1] == '\r')))) {
        if (*p == '\\') {
            p++;
            if (*p == '\r' && p + 1 < end && p[1] == '\n')
                p++;
        }
        p++;
    }
    return p;
}

/* the identifier at p ([p, *out_end)), or 0 when none */
static uint32_t word_at(const char *p, const char *end, const char **out_end)
{
    const char *q = p;
    if (q < end && !(*q >= '0' && *q <= '9'))
        while (q < end && ident_byte((unsigned char)*q))
            q++;
    *out_end = q;
    return (uint32_t)(q - p);
}

static bool word_is(const char *w, uint32_t n, const char *lit)
{
    return af_streq(w, n, lit);
}

/*
 * Moves past the logical line starting at l->p: strings, comments, brackets
 * and continuations. Returns false when a string or bracket is left open.
 */
static bool light_skip_line(struct light *l)
{
    const char *p = l->p, *end = l->end;
    int brackets = 0;
    while (p < end) {
        char c = *p;
        if (c == '#') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        if (c == '\\' && p + 1 < end && (p[1] == '\n' || p[1] == '\r')) {
            p += 2;
            if (p[-1] == '\r' && p < end && *p == '\n')
                p++;
            continue;
        }
        if (c == '\'' || c == '"') {
            bool triple = end - p >= 3 && p[1] == c && p[2] == c;
            p += triple ? 3 : 1;
            for (;;) {
                if (p >= end)
                    return false;
                if (*p == '\\') {
                    p += 2;
                    continue;
                }
                if (!triple && (*p == '\n' || *p == '\r'))
                    return false;
                if (*p == c && (!triple || (end - p >= 3 && p[1] == c && p[2] == c))) {
                    p += triple ? 3 : 1;
                    break;
                }
                p++;
            }
            continue;
        }
        if (ident_byte((unsigned char)c)) {
            const char *w = p;
            while (p < end && ident_byte((unsigned char)*p))
                p++;
            if (l->in_def >= 0 && word_is(w, (uint32_t)(p - w), "yield"))
                l->slot->items[l->in_def].flags |= AF_INDEX_GENERATOR;
            continue;
        }
        if (c == '(' || c == '[' || c == '{')
            brackets++;
        else if (c == ')' || c == ']' || c == '}') {
            if (--brackets < 0)
                return false;
        } else if (c == '\n' && brackets == 0) {
            l->p = p + 1;
            return true;
        }
        p++;
    }
    l->p = p;
    return brackets == 0;
}

static void light_decorator(struct light *l, const char *p)
{
    const char *end = l->end, *w, *we, *last = NULL;
    uint32_t n = 0, lastn = 0;
    p = skip_blanks(p + 1, end);
    for (;;) {
        w = p;
        n = word_at(p, end, &we);
        if (!n)
            break;
        last = w;
        lastn = n;
        p = skip_blanks(we, end);
        if (p < end && *p == '.') {
            p = skip_blanks(p + 1, end);
            continue;
        }
        break;
    }
    l->decorated = true;
    bool plain = last && (p >= end || *p == '\n' || *p == '\r' || *p == '#');
    if (plain && word_is(last, lastn, "overload"))
        l->decor |= AF_INDEX_OVERLOAD;
    else if (!plain || !(word_is(last, lastn, "staticmethod") || word_is(last, lastn, "classmethod") ||
                         word_is(last, lastn, "abstractmethod") || word_is(last, lastn, "override")))
        l->decor |= AF_INDEX_DECORATED;
}

static void light_add(struct light *l, const char *name, uint32_t n, unsigned flags)
{
    slot_add(l->slot, af_buf_cstr(&l->prefix), name, n, flags | (l->classes ? AF_INDEX_METHOD : 0));
}

/* `import a.b as c, d` / `from m import (x, y as z)`: the names bound */
static void light_import(struct light *l, const char *p, bool from)
{
    const char *end = l->end, *we;
    if (from) {
        /* up to the `import` keyword */
        for (;;) {
            p = skip_blanks(p, end);
            if (p >= end || *p == '\n' || *p == '\r' || *p == '#')
                return;
            uint32_t n = word_at(p, end, &we);
            if (n && word_is(p, n, "import")) {
                p = we;
                break;
            }
            p = n ? we : p + 1;
        }
    }
    bool parens = false;
    for (;;) {
        p = skip_blanks(p, end);
        if (p < end && *p == '(') {
            parens = true;
            p++;
            continue;
        }
        if (parens)
            while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\\'))
                p++;
        const char *head = p;
        uint32_t hn = word_at(p, end, &we);
        if (!hn)
            return;
        p = we;
        /* the rest of a dotted name */
        for (;;) {
            const char *q = skip_blanks(p, end);
            if (q < end && *q == '.') {
                q = skip_blanks(q + 1, end);
                uint32_t n = word_at(q, end, &we);
                if (!n)
                    return;
                p = we;
                continue;
            }
            p = q;
            break;
        }
        uint32_t an = word_at(p, end, &we);
        if (an && word_is(p, an, "as")) {
            p = skip_blanks(we, end);
            head = p;
            hn = word_at(p, end, &we);
            if (!hn)
                return;
            p = skip_blanks(we, end);
        }
        light_add(l, head, hn, AF_INDEX_REBOUND);
        if (parens)
            while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\\'))
                p++;
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        return;
    }
}

/* the first tokens of a logical line in a namespace that is looked at */
static void light_statement(struct light *l, const char *p, uint32_t indent)
{
    const char *end = l->end, *we;
    if (*p == '@') {
        light_decorator(l, p);
        return;
    }
    unsigned decor = l->decor;
    bool decorated = l->decorated;
    l->decor = 0;
    l->decorated = false;
    uint32_t n = word_at(p, end, &we);
    if (!n)
        return;
    bool is_async = false;
    if (word_is(p, n, "async")) {
        const char *q = skip_blanks(we, end);
        uint32_t m = word_at(q, end, &we);
        if (!word_is(q, m, "def"))
            return;
        is_async = true;
        p = q;
        n = m;
    }
    if (word_is(p, n, "def")) {
        const char *name = skip_blanks(we, end);
        uint32_t nn = word_at(name, end, &we);
        if (!nn)
            return;
        unsigned flags = is_async ? AF_INDEX_ASYNC : AF_INDEX_SYNC;
        if (decor & AF_INDEX_OVERLOAD)
            flags = AF_INDEX_OVERLOAD;
        else if (decorated)
            flags |= decor & AF_INDEX_DECORATED;
        light_add(l, name, nn, flags);
        if (is_async && !(flags & AF_INDEX_OVERLOAD))
            l->def_entry = (long)l->slot->n - 1;
        return;
    }
    if (word_is(p, n, "class")) {
        const char *name = skip_blanks(we, end);
        uint32_t nn = word_at(name, end, &we);
        if (!nn)
            return;
        light_add(l, name, nn, AF_INDEX_REBOUND);
        if (l->classes < 8 && l->depth < 64) {
            struct light_frame *f = &l->stack[l->depth++];
            f->indent = indent;
            f->is_class = true;
            f->entry = -1;
            f->prefix_len = l->prefix.size;
            af_buf_putc(&l->prefix, '.');
            af_buf_put(&l->prefix, name, nn);
            l->classes++;
        }
        return;
    }
    if (word_is(p, n, "import") || word_is(p, n, "from")) {
        light_import(l, we, word_is(p, n, "from"));
        return;
    }
    /* NAME = / NAME: / NAME op= */
    const char *q = skip_blanks(we, end);
    if (q >= end)
        return;
    static const char *const aug[] = { "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=",
                                       "&=", "^=", "|=", "@=", NULL };
    bool assign = (*q == '=' && (q + 1 >= end || q[1] != '=')) || *q == ':';
    for (const char *const *a = aug; *a && !assign; a++) {
        size_t al = strlen(*a);
        assign = (size_t)(end - q) >= al && memcmp(q, *a, al) == 0;
    }
    if (assign && !word_is(p, n, "else") && !word_is(p, n, "try") && !word_is(p, n, "finally") &&
        !word_is(p, n, "lambda"))
        light_add(l, p, n, AF_INDEX_REBOUND);
}

/* 0, or AF_EINVALID when the file must go to the parser */
static int light_scan(struct slot *slot, const char *data, size_t len, const char *module)
{
    struct light l;
    memset(&l, 0, sizeof(l));
    l.p = data;
    l.end = data + len;
    l.slot = slot;
    l.def_entry = l.in_def = -1;
    af_buf_puts(&l.prefix, module);
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        l.p += 3;
    int error = 0;
    while (l.p < l.end) {
        const char *p = l.p;
        uint32_t indent = 0;
        while (p < l.end && (*p == ' ' || *p == '\t' || *p == '\f')) {
            indent = *p == '\t' ? (indent / 8 + 1) * 8 : *p == '\f' ? 0 : indent + 1;
            p++;
        }
        if (p >= l.end)
            break;
        if (*p == '\n' || *p == '\r' || *p == '#' ||
            (*p == '\\' && p + 1 < l.end && (p[1] == '\n' || p[1] == '\r'))) {
            /* blank or comment-only line: no indentation meaning */
            while (p < l.end && *p != '\n')
                p++;
            l.p = p + (p < l.end);
            continue;
        }
        while (l.depth > 0 && l.stack[l.depth - 1].indent >= indent) {
            struct light_frame *f = &l.stack[--l.depth];
            if (f->is_class) {
                l.classes--;
                l.prefix.size = f->prefix_len;
                l.prefix.ptr[l.prefix.size] = '\0';
            } else {
                l.blocked--;
            }
        }
        if (!l.blocked) {
            uint32_t before = (uint32_t)l.depth;
            l.def_entry = -1;
            light_statement(&l, p, indent);
            /* every other statement may open a block whose lines are not looked at */
            if ((uint32_t)l.depth == before && *p != '@') {
                if (l.depth == 64) {
                    error = AF_EINVALID;
                    break;
                }
                struct light_frame *f = &l.stack[l.depth++];
                f->indent = indent;
                f->is_class = false;
                f->entry = l.def_entry;
                l.blocked++;
            }
        }
        l.in_def = l.depth > 0 ? l.stack[l.depth - 1].entry : -1;
        l.p = p;
        if (!light_skip_line(&l)) {
            error = AF_EINVALID;
            break;
        }
    }
    af_buf_dispose(&l.prefix);
    return error;
}

struct pass1 {
    char **paths;
    struct slot *slots;
};

static void slot_clear(struct slot *slot)
{
    for (size_t k = 0; k < slot->n; k++)
        free(slot->items[k].qualname);
    slot->n = 0;
}

static void index_one(struct af_worker *w, size_t i, void *ctx)
{
    struct pass1 *p = ctx;
    struct slot *slot = &p->slots[i];
    char *data = NULL, *module = NULL;
    size_t len;
    TSTree *tree = NULL;
    if (read_file(&data, &len, p->paths[i]) < 0)
        return;
    if (len > UINT32_MAX || !has_async_def(data, len))
        goto done;
    module = af_module_name_for_path(p->paths[i]);
    if (!module)
        goto done;
    if (light_scan(slot, data, len, module) < 0) {
        slot_clear(slot);
        tree = ts_parser_parse_string(w->parser, NULL, data, (uint32_t)len);
        if (!tree)
            goto done;
        scan_block(slot, ts_tree_root_node(tree), module, data, 0);
    }
    slot_compact(slot);
done:
    if (tree)
        ts_tree_delete(tree);
    free(module);
    free(data);
}

/* ---- merge ---- */

static bool is_coroutine_flags(unsigned flags)
{
    return (flags & AF_INDEX_ASYNC) && !(flags & (AF_INDEX_SYNC | AF_INDEX_REBOUND | AF_INDEX_GENERATOR));
}

static uint32_t add_word(struct af_index *ix, const char *s, uint32_t len)
{
    uint32_t hash = hash_bytes(s, len);
    uint32_t v = strtab_get(&ix->words, s, len, hash);
    if (v != UINT32_MAX)
        return v;
    /* the table keeps pointers into the entries' qualnames, which live as long as the index */
    v = strtab_put(&ix->words, s, len, ix->nwords++);
    if (!ix->starts)
        ix->starts = af_calloc(65536 / 8, 1);
    uint32_t two = (unsigned char)s[0] | (len > 1 ? (unsigned char)s[1] << 8 : 0);
    ix->starts[two / 8] |= (uint8_t)(1u << (two % 8));
    if (len < ix->min_len)
        ix->min_len = len;
    if (len > ix->max_len)
        ix->max_len = len;
    return v;
}

static void build_words(struct af_index *ix)
{
    /* (function word, module word) pairs, then grouped by function word */
    uint32_t *pf = NULL, *pm = NULL, *outer = NULL;
    size_t np = 0, cap = 0, nouter = 0, ocap = 0;
    ix->min_len = UINT32_MAX;
    for (size_t i = 0; i < ix->nentries; i++) {
        const struct entry *e = &ix->entries[i];
        if (!is_coroutine_flags(e->flags) || (e->flags & AF_INDEX_METHOD))
            continue;
        const char *q = e->qualname;
        const char *dot = strrchr(q, '.');
        if (!dot)
            continue;
        const char *mod = dot;
        while (mod > q && mod[-1] != '.')
            mod--;
        uint32_t f = add_word(ix, dot + 1, (uint32_t)strlen(dot + 1));
        uint32_t m = add_word(ix, mod, (uint32_t)(dot - mod));
        /* the outer packages' names too: `import pkg` then `pkg.db.f()` */
        for (const char *c = q; c < mod - 1;) {
            const char *ce = strchr(c, '.');
            AF_ARRAY_GROW(outer, nouter, ocap);
            outer[nouter++] = add_word(ix, c, (uint32_t)(ce - c));
            c = ce + 1;
        }
        if (np == cap) {
            cap = cap ? cap * 2 : 64;
            pf = af_realloc(pf, cap * sizeof(*pf));
            pm = af_realloc(pm, cap * sizeof(*pm));
        }
        pf[np] = f;
        pm[np] = m;
        np++;
    }
    ix->is_module = af_calloc(ix->nwords + 1, 1);
    for (size_t i = 0; i < np; i++)
        ix->is_module[pm[i]] = 1;
    for (size_t i = 0; i < nouter; i++)
        ix->is_module[outer[i]] = 1;
    free(outer);
    ix->pair_start = af_calloc(ix->nwords + 1, sizeof(*ix->pair_start));
    ix->pair = af_malloc((np ? np : 1) * sizeof(*ix->pair));
    for (size_t i = 0; i < np; i++)
        ix->pair_start[pf[i] + 1]++;
    for (uint32_t w = 0; w < ix->nwords; w++)
        ix->pair_start[w + 1] += ix->pair_start[w];
    uint32_t *fill = af_malloc((ix->nwords + 1) * sizeof(*fill));
    memcpy(fill, ix->pair_start, (ix->nwords + 1) * sizeof(*fill));
    for (size_t i = 0; i < np; i++)
        ix->pair[fill[pf[i]]++] = pm[i];
    free(fill);
    free(pf);
    free(pm);
}

static void merge(struct af_index *ix, struct slot *slots, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < slots[i].n; k++) {
            struct entry *e = &slots[i].items[k];
            uint32_t len = (uint32_t)strlen(e->qualname);
            uint32_t at = strtab_get(&ix->byname, e->qualname, len, hash_bytes(e->qualname, len));
            if (at != UINT32_MAX) {
                ix->entries[at].flags |= e->flags;
                free(e->qualname);
                continue;
            }
            ix->entries = af_realloc(ix->entries, (ix->nentries + 1) * sizeof(*ix->entries));
            ix->entries[ix->nentries] = *e;
            strtab_put(&ix->byname, e->qualname, len, (uint32_t)ix->nentries);
            ix->nentries++;
        }
        free(slots[i].items);
    }
    for (size_t i = 0; i < ix->nentries; i++)
        if (is_coroutine_flags(ix->entries[i].flags))
            ix->count++;
    build_words(ix);
}

int af_index_build(struct af_index **out, char *const *paths, size_t n, int jobs)
{
    struct af_index *ix = af_calloc(1, sizeof(*ix));
    struct filelist fl = { 0 };
    int error = 0;
    collect_files(&fl, paths, n);
    struct slot *slots = af_calloc(fl.list.n ? fl.list.n : 1, sizeof(*slots));
    struct pass1 p = { fl.list.items, slots };
    error = af_pool_run(fl.list.n, jobs, index_one, &p);
    ix->files = fl.list.n;
    merge(ix, slots, fl.list.n);
    free(slots);
    free(fl.seen.keys);
    af_strlist_dispose(&fl.list);
    *out = ix;
    return error;
}

void af_index_free(struct af_index *index)
{
    if (!index)
        return;
    for (size_t i = 0; i < index->nentries; i++)
        free(index->entries[i].qualname);
    free(index->entries);
    free(index->byname.keys);
    free(index->words.keys);
    free(index->pair_start);
    free(index->pair);
    free(index->starts);
    free(index->is_module);
    free(index);
}

unsigned af_index_flags(const struct af_index *index, const char *qualname)
{
    if (!index || !index->nentries)
        return 0;
    uint32_t len = (uint32_t)strlen(qualname);
    uint32_t at = strtab_get(&index->byname, qualname, len, hash_bytes(qualname, len));
    return at == UINT32_MAX ? 0 : index->entries[at].flags;
}

bool af_index_is_coroutine(const struct af_index *index, const char *qualname)
{
    return is_coroutine_flags(af_index_flags(index, qualname));
}

static const unsigned char ident_class[256] = {
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

/* the word of the identifier-like run [s, s+n), or UINT32_MAX */
static uint32_t word_of(const struct af_index *index, const unsigned char *s, uint32_t n)
{
    if (ident_class[*s] == 2 || n < index->min_len || n > index->max_len)
        return UINT32_MAX;
    uint32_t two = s[0] | (n > 1 ? s[1] << 8 : 0);
    if (!(index->starts[two / 8] & (1u << (two % 8))))
        return UINT32_MAX;
    return strtab_get(&index->words, (const char *)s, n, hash_bytes((const char *)s, n));
}

/*
 * True when an import statement names a part of the name of a module holding
 * a coroutine function: every way of reaching one names it there (`from .db
 * import f`, `from pkg import db`, `import pkg.db as d`, `import pkg`). Looks only at the
 * lines holding "import" (and what their parentheses or backslashes join).
 */
static bool imports_a_module(const struct af_index *index, const char *data, size_t len)
{
    const char *end = data + len, *p = data;
    while ((p = memmem(p, (size_t)(end - p), "import", 6))) {
        const char *s = p;
        while (s > data && s[-1] != '\n')
            s--;
        int depth = 0;
        const char *q = s;
        for (; q < end; q++) {
            if (*q == '(')
                depth++;
            else if (*q == ')' && depth > 0)
                depth--;
            else if (*q == '\n' && depth == 0 && !(q > s && (q[-1] == '\\' || (q[-1] == '\r' && q - 1 > s && q[-2] == '\\'))))
                break;
            if (q - s > 8192)
                break;
        }
        const unsigned char *u = (const unsigned char *)s, *ue = (const unsigned char *)q;
        while (u < ue) {
            if (!ident_class[*u]) {
                u++;
                continue;
            }
            const unsigned char *w = u;
            while (u < ue && ident_class[*u])
                u++;
            uint32_t id = word_of(index, w, (uint32_t)(u - w));
            if (id != UINT32_MAX && index->is_module[id])
                return true;
        }
        p = q > p + 6 ? q : p + 6;
    }
    return false;
}

/*
 * First the import lines must name the module of some coroutine function;
 * then one pass over the identifier-like runs of the bytes, each looked up in
 * the word table: true when some coroutine function's name and the last part
 * of its module's name both occur.
 */
bool af_index_mentioned(const struct af_index *index, const char *data, size_t len)
{
    if (!index || !index->nwords || !imports_a_module(index, data, len))
        return false;
    uint8_t small[512];
    uint8_t *seen = index->nwords <= sizeof(small) * 8 ? small : af_malloc(index->nwords / 8 + 1);
    memset(seen, 0, index->nwords / 8 + 1);
    uint32_t funcs_small[64], *funcs = funcs_small, nfuncs = 0, fcap = 64;
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    while (p < end) {
        if (!ident_class[*p]) {
            p++;
            continue;
        }
        const unsigned char *s = p;
        while (p < end && ident_class[*p])
            p++;
        uint32_t w = word_of(index, s, (uint32_t)(p - s));
        if (w == UINT32_MAX || (seen[w / 8] & (1u << (w % 8))))
            continue;
        seen[w / 8] |= (uint8_t)(1u << (w % 8));
        if (index->pair_start[w] == index->pair_start[w + 1])
            continue;
        if (nfuncs == fcap) {
            fcap *= 2;
            uint32_t *grown = af_malloc(fcap * sizeof(*grown));
            memcpy(grown, funcs, nfuncs * sizeof(*grown));
            if (funcs != funcs_small)
                free(funcs);
            funcs = grown;
        }
        funcs[nfuncs++] = w;
    }
    bool found = false;
    for (uint32_t i = 0; i < nfuncs && !found; i++)
        for (uint32_t k = index->pair_start[funcs[i]]; k < index->pair_start[funcs[i] + 1]; k++) {
            uint32_t m = index->pair[k];
            if (seen[m / 8] & (1u << (m % 8))) {
                found = true;
                break;
            }
        }
    if (funcs != funcs_small)
        free(funcs);
    if (seen != small)
        free(seen);
    return found;
}

size_t af_index_count(const struct af_index *index)
{
    return index ? index->count : 0;
}

size_t af_index_files_seen(const struct af_index *index)
{
    return index ? index->files : 0;
}
