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

#include "asyncfix/crash.h"
#include "asyncfix/file.h"
#include "asyncfix/lang.h"
#include "asyncfix/pool.h"
#include "asyncfix/project.h"

struct slot {
    struct af_project_def *items;
    size_t n, cap;
};

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

/* a list of strings without repeats: its hash table holds indexes into the list */
struct strset {
    struct af_strlist list;
    struct af_hashtab seen;
};

/* adds [s, s+len) unless present; true when added */
static bool strset_add(struct strset *set, const char *s, size_t len)
{
    uint32_t hash = af_hash_bytes(s, len);
    struct af_hashtab_iter it = af_hashtab_find(&set->seen, hash);
    for (uint32_t v; (v = af_hashtab_next(&set->seen, &it)) != AF_HASHTAB_NONE;)
        if (af_streq(s, len, set->list.items[v]))
            return false;
    char *copy = af_strndup(s, len);
    af_strlist_add(&set->list, copy);
    free(copy);
    af_hashtab_put(&set->seen, hash, (uint32_t)set->list.n - 1);
    return true;
}

static void strset_dispose(struct strset *set)
{
    af_strlist_dispose(&set->list);
    af_hashtab_dispose(&set->seen);
}

static void walk_package(struct strset *files, const char *dir)
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
                walk_package(files, path);
            else if (S_ISREG(st.st_mode) && is_python(name))
                strset_add(files, path, strlen(path));
        }
        free(path);
    }
    closedir(d);
}

static void collect_files(struct strset *files, char *const *paths, size_t n)
{
    struct strset roots = { 0 };
    char *last_dir = NULL;
    for (size_t i = 0; i < n; i++)
        strset_add(files, paths[i], strlen(paths[i]));
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
        if (strset_add(&roots, p, top))
            walk_package(files, roots.list.items[roots.list.n - 1]);
    }
    free(last_dir);
    strset_dispose(&roots);
}

/* ---- pass 1 over one file ---- */

static void slot_add(struct slot *slot, const char *prefix, const char *name, uint32_t len, unsigned facts)
{
    AF_ARRAY_GROW(slot->items, slot->n, slot->cap);
    slot->items[slot->n].qualname = af_asprintf("%s.%.*s", prefix, (int)len, name);
    slot->items[slot->n].facts = facts;
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
            slot_add(slot, prefix, t, len, AF_PROJECT_REBOUND);
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
            slot_add(slot, prefix, t, head, AF_PROJECT_REBOUND);
        }
    }
}

static void scan_block(struct slot *slot, TSNode block, const char *prefix, const char *src, int depth)
{
    unsigned method = depth > 0 ? AF_PROJECT_METHOD : 0;
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
            slot_add(slot, prefix, t, len, af_project_def_facts(def, src) | method);
        } else if (af_is(def, af_sym.class_definition) && !ts_node_is_null(name) && depth < 8) {
            const char *t = af_node_text(name, src, &len);
            TSNode body = af_field_child(def, af_field.body);
            if (!ts_node_is_null(body)) {
                char *inner = af_asprintf("%s.%.*s", prefix, (int)len, t);
                scan_block(slot, body, inner, src, depth + 1);
                free(inner);
            }
            slot_add(slot, prefix, t, len, AF_PROJECT_REBOUND);
        } else {
            note_rebinding(slot, prefix, node, src);
        }
    } while (ts_tree_cursor_goto_next_sibling(&c));
done:
    ts_tree_cursor_delete(&c);
}

static int cmp_def(const void *a, const void *b)
{
    return strcmp(((const struct af_project_def *)a)->qualname, ((const struct af_project_def *)b)->qualname);
}

/* keeps one entry per name that has an async def, with the flags merged */
static void slot_compact(struct slot *slot)
{
    qsort(slot->items, slot->n, sizeof(*slot->items), cmp_def);
    size_t out = 0;
    for (size_t i = 0; i < slot->n;) {
        size_t j = i + 1;
        unsigned facts = slot->items[i].facts;
        while (j < slot->n && !strcmp(slot->items[j].qualname, slot->items[i].qualname)) {
            facts |= slot->items[j].facts;
            free(slot->items[j].qualname);
            j++;
        }
        if (facts & AF_PROJECT_ASYNC) {
            slot->items[out].qualname = slot->items[i].qualname;
            slot->items[out].facts = facts;
            out++;
        } else {
            free(slot->items[i].qualname);
        }
        i = j;
    }
    slot->n = out;
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
    struct af_scan scan;
    int brackets = 0;
    af_scan_init(&scan, l->p, (size_t)(l->end - l->p), AF_SCAN_PYTHON);
    for (;;) {
        switch (af_scan_next(&scan)) {
        case AF_SCAN_END:
            l->p = scan.p;
            return brackets == 0;
        case AF_SCAN_UNTERMINATED:
            return false;
        case AF_SCAN_WORD:
            if (l->in_def >= 0 && word_is(scan.tok, (uint32_t)(scan.p - scan.tok), "yield"))
                l->slot->items[l->in_def].facts |= AF_PROJECT_GENERATOR;
            break;
        case AF_SCAN_OPEN:
            brackets++;
            break;
        case AF_SCAN_CLOSE:
            if (--brackets < 0)
                return false;
            break;
        case AF_SCAN_NEWLINE:
            if (brackets == 0) {
                l->p = scan.p;
                return true;
            }
            break;
        default:
            break;
        }
    }
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
    l->decor |= af_project_decorator(plain ? last : NULL, plain ? lastn : 0);
}

static void light_add(struct light *l, const char *name, uint32_t n, unsigned flags)
{
    slot_add(l->slot, af_buf_cstr(&l->prefix), name, n, flags | (l->classes ? AF_PROJECT_METHOD : 0));
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
        light_add(l, head, hn, AF_PROJECT_REBOUND);
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
        unsigned flags = is_async ? AF_PROJECT_ASYNC : AF_PROJECT_SYNC;
        if (decor & AF_PROJECT_OVERLOAD)
            flags = AF_PROJECT_OVERLOAD;
        else if (decorated)
            flags |= decor & AF_PROJECT_DECORATORS;
        light_add(l, name, nn, flags);
        if (is_async && !(flags & AF_PROJECT_OVERLOAD))
            l->def_entry = (long)l->slot->n - 1;
        return;
    }
    if (word_is(p, n, "class")) {
        const char *name = skip_blanks(we, end);
        uint32_t nn = word_at(name, end, &we);
        if (!nn)
            return;
        light_add(l, name, nn, AF_PROJECT_REBOUND);
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
        light_add(l, p, n, AF_PROJECT_REBOUND);
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
    const struct af_options *opts;
};

/*
 * The file's definitions also under its other name: the name its packages
 * give it (af_module_name_for_path) when the roots name it differently
 * (a src/ layout seen from above, a folder imported both ways).
 */
static void slot_alias(struct slot *slot, const char *module, const char *path)
{
    char *other = af_module_name_for_path(path);
    size_t ml = strlen(module), n = slot->n;
    if (other && strcmp(other, module) != 0) {
        for (size_t k = 0; k < n; k++) {
            const struct af_project_def *d = &slot->items[k];
            AF_ARRAY_GROW(slot->items, slot->n, slot->cap);
            slot->items[slot->n].qualname = af_asprintf("%s%s", other, d->qualname + ml);
            slot->items[slot->n].facts = slot->items[k].facts;
            slot->n++;
        }
    }
    free(other);
}

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
    /* a file a former run crashed on is not read again (crash.h) */
    if (af_crash_recorded(p->paths[i]) || af_source_read(&data, &len, p->paths[i], AF_SOURCE_MAX, NULL) < 0)
        return;
    af_crash_enter(p->paths[i]);
    af_crash_test_hook("index", p->paths[i]);
    if (len > UINT32_MAX || !has_async_def(data, len))
        goto done;
    /* nesting CPython refuses: the file is AF001, and never handed to the parser */
    uint32_t deep_at;
    if (af_source_nesting(data, len, AF_SCAN_PYTHON, &deep_at) != AF_NESTING_OK)
        goto done;
    module = af_module_name(p->paths[i], &p->opts->roots);
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
    slot_alias(slot, module, p->paths[i]);
done:
    if (tree)
        ts_tree_delete(tree);
    free(module);
    free(data);
    af_crash_leave();
}

int af_index_build(struct af_project **out, char *const *paths, size_t n, const struct af_options *opts)
{
    struct af_project *project = af_project_new();
    struct strset files = { 0 };
    collect_files(&files, paths, n);
    struct slot *slots = af_calloc(files.list.n ? files.list.n : 1, sizeof(*slots));
    struct pass1 p = { files.list.items, slots, opts };
    int error = af_pool_run(files.list.n, opts->jobs, index_one, &p);
    for (size_t i = 0; i < files.list.n; i++) {
        af_project_add(project, slots[i].items, slots[i].n);
        free(slots[i].items);
    }
    af_project_seal(project, files.list.n);
    free(slots);
    strset_dispose(&files);
    *out = project;
    return error;
}
