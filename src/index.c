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
 *
 * A module the call graph names is looked for below the roots as Python's
 * path finder looks (find_on_disk): most such names are no module (every
 * dotted prefix of a call name is tried), so a module without a file is
 * remembered for the run, and each path tried is answered from the listings
 * of the folders on its way, each read once a run (dircache.h), rather than
 * by a stat() of its own; the answers are stat()'s.
 */
#include "asyncfix/index.h"

#include "asyncfix/blocking.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/crash.h"
#include "asyncfix/dircache.h"
#include "asyncfix/file.h"
#include "asyncfix/graph.h"
#include "asyncfix/lang.h"
#include "asyncfix/pool.h"
#include "asyncfix/project.h"
#include "asyncfix/rule.h"
#include "asyncfix/summary.h"

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
static bool is_package(struct af_init_cache *inits, const char *path, size_t len)
{
    if (len == 0)
        return false;
    size_t b = len;
    while (b > 0 && path[b - 1] != '/')
        b--;
    if ((len - b == 1 && path[b] == '.') || (len - b == 2 && !memcmp(path + b, "..", 2)))
        return false;
    return S_ISREG(af_init_mode(inits, path, len));
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

static void walk_package(struct strset *files, struct af_init_cache *inits, const char *dir)
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
        /* the listing's type; lstat's where the file system lists none */
        struct stat st;
        mode_t mode = de->d_type == DT_DIR ? S_IFDIR : de->d_type == DT_REG ? S_IFREG : 0;
        if (de->d_type == DT_UNKNOWN && lstat(path, &st) == 0)
            mode = st.st_mode;
        if (S_ISDIR(mode) && is_package(inits, path, strlen(path)))
            walk_package(files, inits, path);
        else if (S_ISREG(mode) && is_python(name))
            strset_add(files, path, strlen(path));
        free(path);
    }
    closedir(d);
}

static void collect_files(struct strset *files, struct af_init_cache *inits, char *const *paths, size_t n)
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
        if (!is_package(inits, p, dl))
            continue;
        /* up to the outermost package, as af_module_name_for_path does */
        size_t top = dl;
        for (;;) {
            size_t up = dir_len(p, top);
            if (up == 0 || up >= top || !is_package(inits, p, up))
                break;
            top = up;
        }
        if (strset_add(&roots, p, top))
            walk_package(files, inits, roots.list.items[roots.list.n - 1]);
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
            if (method && af_streq(t, len, "__enter__"))
                slot_add(slot, prefix, "__aenter__", 10, AF_PROJECT_ENTER);
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
    if (slot->n)   /* no defs: items is NULL, which qsort may not be given */
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
    while ((p = af_source_find_async(p, end))) {
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


/* ---- the files of pass 1 ---- */

enum file_state { F_UNREAD, F_SKIPPED, F_WALKED, F_FAILED };

struct p1file {
    char *path;                /* as the run names it */
    char *module;              /* its module name, once asked (NULL: none) */
    char *other;               /* the name its packages give it (af_module_name_for_path), once asked */
    bool named;                /* module and other computed */
    enum file_state state;
    bool walk_always;          /* its functions are called: walked even without an async def */
    const char *other_loop;    /* af_source_other_loop of its bytes */
    bool asyncio_reactor;      /* its bytes name Twisted's asyncio reactor */
    bool checked;              /* given to the run: it may be rewritten */
    bool queued;               /* in the round being gathered */
    bool added;                /* its summary is in the project */
    struct slot defs;          /* what the coroutine index records */
    struct af_file_summary *summary;
    bool nested;               /* its bytes nest within limits: */
    size_t nested_len;         /* so many, of this fingerprint */
    uint64_t nested_fingerprint;
};

struct pass1 {
    const struct af_options *opts;
    const struct af_index_input *in;
    bool graph;                    /* a rule reads the call graph: the calls are recorded */
    bool migrate;                  /* AF106 Fix B: the uses of names are recorded too */
    struct af_project *project;
    struct p1file *files;
    size_t n, cap;
    struct af_hashtab by_module;   /* hash of a module name -> files index (named files) */
    struct af_hashtab by_path;     /* hash of an absolute path -> files index */
    bool maps;                     /* the two tables are built */
    size_t *batch;                 /* the files of the round being walked */
    size_t nbatch, batch_cap;
    char *cwd;                     /* with a trailing slash */
    const char *here;              /* the same without it (the project's copy) */
    struct af_strlist absent;      /* modules find_on_disk found no file of (each asked once a run) */
    struct af_hashtab absent_table;   /* hash of such a module -> its index */
    struct af_dircache *dirs;      /* the folders below the roots find_on_disk listed (made when first asked) */
    struct af_init_cache *inits;   /* the folders known to hold an __init__.py or not */
};

static size_t add_file(struct pass1 *p, const char *path)
{
    AF_ARRAY_GROW(p->files, p->n, p->cap);
    struct p1file *f = &p->files[p->n];
    memset(f, 0, sizeof(*f));
    f->path = af_strdup(path);
    return p->n++;
}

/*
 * The file's definitions also under its other name `other`: the name its packages
 * give it (af_module_name_for_path) when the roots name it differently
 * (a src/ layout seen from above, a folder imported both ways).
 */
static void slot_alias(struct slot *slot, const char *module, const char *other)
{
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
}

/* the bytes of `path`, from the disk or through the input's reader */
static int read_bytes(const struct pass1 *p, char **out, size_t *len, const char *path)
{
    return p->in->read ? p->in->read(p->in->ctx, path, out, len) : af_source_read(out, len, path, AF_SOURCE_MAX, NULL);
}

/*
 * A file whose coding line declares another encoding than UTF-8: its text
 * (decoded as the engine decodes it) in place of its bytes, so that the
 * names it defines are the ones other files import. Negative when it does
 * not decode (the engine reports that file).
 */
static int declared_text(char **data, size_t *len, const char *path)
{
    const char *name;
    size_t nlen;
    uint32_t line;
    if (!af_source_coding_line(*data, *len, &name, &nlen, &line))
        return 0;
    struct af_source src;
    int error = af_source_from_buffer(&src, path, *data, *len);
    *data = src.data;
    *len = src.len;
    src.data = NULL;
    af_source_dispose(&src);
    return error;
}

/* ---- one file: read, walked (or its defs from a parse when the walk cannot cut it) ---- */

static void walk_one(struct af_worker *w, size_t i, void *ctx)
{
    struct pass1 *p = ctx;
    struct p1file *f = &p->files[p->batch[i]];
    char *data = NULL;
    const char *module = f->module, *other = f->other;
    size_t len;
    TSTree *tree = NULL;
    f->state = F_SKIPPED;
    f->nested = false;
    /* a file a former run crashed on is not read again (crash.h) */
    if (af_crash_recorded(f->path) || read_bytes(p, &data, &len, f->path) < 0)
        return;
    af_crash_enter(f->path);
    af_crash_test_hook("index", f->path);
    f->other_loop = af_source_other_loop(data, len, &f->asyncio_reactor);
    if (len > UINT32_MAX || (!f->walk_always && !has_async_def(data, len)))
        goto done;
    if (declared_text(&data, &len, f->path) < 0)
        goto done;
    if (!module)
        goto done;
    struct af_summary_input in = { f->path, data, len, module, other && strcmp(other, module) ? other : NULL,
                                   p->graph, p->migrate };
    size_t ndefs = f->defs.n;
    bool walked = af_summary_walk(&f->summary, &f->defs.items, &f->defs.n, &f->defs.cap, &in) == 0;
    /* nesting CPython refuses: the file is AF001, and never handed to the parser; a shallow file
     * (its walk's count) is within the limits without a scan of its own */
    uint32_t deep_at;
    if (!(walked && f->summary->shallow) && af_source_nesting(data, len, AF_SCAN_PYTHON, &deep_at) != AF_NESTING_OK) {
        af_file_summary_free(f->summary);
        f->summary = NULL;
        while (f->defs.n > ndefs)
            free(f->defs.items[--f->defs.n].qualname);
        goto done;
    }
    f->nested = true;
    f->nested_len = len;
    f->nested_fingerprint = af_source_fingerprint(data, len);
    if (!walked) {
        /* the walk cannot cut it: the parser gives the definitions, no summary */
        f->state = F_FAILED;
        tree = ts_parser_parse_string(w->parser, NULL, data, (uint32_t)len);
        if (tree)
            scan_block(&f->defs, ts_tree_root_node(tree), module, data, 0);
    } else {
        f->state = F_WALKED;
    }
    slot_compact(&f->defs);
    slot_alias(&f->defs, module, other);
done:
    if (tree)
        ts_tree_delete(tree);
    free(data);
    af_crash_leave();
}

static void name_file(struct pass1 *p, size_t i);

/* walks the batch in parallel, then adds the summaries to the project in the batch's order */
static int walk_batch(struct pass1 *p)
{
    /* the names first, in this thread: the folders' __init__.py are asked once a run */
    for (size_t i = 0; i < p->nbatch; i++)
        name_file(p, p->batch[i]);
    int error = af_pool_run(p->nbatch, p->opts->jobs, walk_one, p);
    for (size_t i = 0; i < p->nbatch; i++) {
        struct p1file *f = &p->files[p->batch[i]];
        f->queued = false;
        if (f->nested)
            af_project_note_nesting(p->project, f->path, f->nested_len, f->nested_fingerprint);
        af_project_note_loop(p->project, f->other_loop, f->asyncio_reactor);
        if (f->summary && !f->added) {
            f->summary->checked = f->checked;
            af_project_add_summary(p->project, f->summary);
            f->added = true;
        }
    }
    p->nbatch = 0;
    return error;
}

static void batch_add(struct pass1 *p, size_t i)
{
    if (p->files[i].queued)
        return;
    p->files[i].queued = true;
    AF_ARRAY_GROW(p->batch, p->nbatch, p->batch_cap);
    p->batch[p->nbatch++] = i;
}

/* ---- finding a module's file ---- */

static void note_path(struct pass1 *p, size_t i)
{
    struct af_buf abs = AF_BUF_INIT;
    af_path_absolute_in(&abs, p->here, p->files[i].path);
    af_hashtab_put(&p->by_path, af_hash_bytes(abs.ptr, abs.size), (uint32_t)i);
    af_buf_dispose(&abs);
}

/* the file's module names, once */
static void name_file(struct pass1 *p, size_t i)
{
    struct p1file *f = &p->files[i];
    if (f->named)
        return;
    f->named = true;
    f->module = af_module_name_in_cached(f->path, &p->opts->roots, p->here, p->inits);
    f->other = af_module_name_for_path_in(f->path, p->inits);
}

static void note_module(struct pass1 *p, size_t i)
{
    struct p1file *f = &p->files[i];
    name_file(p, i);
    if (f->module)
        af_hashtab_put(&p->by_module, af_hash_bytes(f->module, strlen(f->module)), (uint32_t)i);
}

static void build_maps(struct pass1 *p)
{
    if (p->maps)
        return;
    p->maps = true;
    for (size_t i = 0; i < p->n; i++) {
        note_path(p, i);
        note_module(p, i);
    }
}

static size_t file_named(const struct pass1 *p, const char *module, size_t len)
{
    struct af_hashtab_iter it = af_hashtab_find(&p->by_module, af_hash_bytes(module, len));
    for (uint32_t v; (v = af_hashtab_next(&p->by_module, &it)) != AF_HASHTAB_NONE;)
        if (af_streq(module, len, p->files[v].module))
            return v;
    return SIZE_MAX;
}

static size_t file_at(const struct pass1 *p, const char *abs)
{
    struct af_hashtab_iter it = af_hashtab_find(&p->by_path, af_hash_bytes(abs, strlen(abs)));
    struct af_buf other = AF_BUF_INIT;
    size_t found = SIZE_MAX;
    for (uint32_t v; found == SIZE_MAX && (v = af_hashtab_next(&p->by_path, &it)) != AF_HASHTAB_NONE;) {
        af_path_absolute_in(&other, p->here, p->files[v].path);
        if (!strcmp(other.ptr, abs))
            found = v;
    }
    af_buf_dispose(&other);
    return found;
}

/* the file of module [module, +len) below one of the roots, as Python's path finder looks; SIZE_MAX */
static size_t find_on_disk(struct pass1 *p, const char *module, size_t len)
{
    if (p->in->read)
        return SIZE_MAX;   /* a git tree: the files given are all there is */
    /* the same modules are asked again and again (a prefix of many calls, every round): a module
     * without a file stays without one for the run; each path tried is answered from folder listings */
    uint32_t hash = af_hash_bytes(module, len);
    struct af_hashtab_iter it = af_hashtab_find(&p->absent_table, hash);
    for (uint32_t v; (v = af_hashtab_next(&p->absent_table, &it)) != AF_HASHTAB_NONE;)
        if (af_streq(module, len, p->absent.items[v]))
            return SIZE_MAX;
    if (!p->dirs)
        p->dirs = af_dircache_new();
    static const char *const forms[] = { ".py", ".pyi", "/__init__.py", "/__init__.pyi" };
    size_t found = SIZE_MAX;
    for (size_t r = 0; r < p->opts->roots.n && found == SIZE_MAX; r++) {
        /* ROOT/REL plus each form's ending, put together without printf: this runs for every module asked */
        size_t rl = strlen(p->opts->roots.items[r]);
        char *path = af_malloc(rl + 1 + len + sizeof("/__init__.pyi"));
        memcpy(path, p->opts->roots.items[r], rl);
        path[rl] = '/';
        for (size_t i = 0; i < len; i++)
            path[rl + 1 + i] = module[i] == '.' ? '/' : module[i];
        for (size_t k = 0; k < 4 && found == SIZE_MAX; k++) {
            memcpy(path + rl + 1 + len, forms[k], strlen(forms[k]) + 1);
            if (af_dircache_is_file(p->dirs, path, rl)) {
                found = file_at(p, path);
                if (found == SIZE_MAX) {
                    /* a file the run did not name: shown relative to the current folder when below it */
                    size_t cl = strlen(p->cwd);
                    found = add_file(p, strncmp(path, p->cwd, cl) == 0 ? path + cl : path);
                    note_path(p, found);
                    note_module(p, found);
                }
            }
        }
        free(path);
    }
    if (found == SIZE_MAX) {
        char *name = af_strndup(module, len);
        af_strlist_add(&p->absent, name);
        free(name);
        af_hashtab_put(&p->absent_table, hash, (uint32_t)(p->absent.n - 1));
    }
    return found;
}

/* the file of the longest module named by a prefix of `qual` (all of it with `whole`), or SIZE_MAX */
static size_t module_file(struct pass1 *p, const char *qual, bool whole)
{
    size_t len = strlen(qual);
    for (size_t cut = len; cut > 0; cut--) {
        if (cut < len && qual[cut] != '.')
            continue;
        if (!whole && cut == len)
            continue;
        size_t i = file_named(p, qual, cut);
        if (i == SIZE_MAX)
            i = find_on_disk(p, qual, cut);
        if (i != SIZE_MAX || whole)
            return i;
    }
    return SIZE_MAX;
}

/* what the call graph wants: the files of the modules it names, into the next batch */
static void want_files(struct pass1 *p, const struct af_strlist *calls, const struct af_strlist *imports)
{
    if (calls->n || imports->n)
        build_maps(p);
    for (size_t k = 0; k < calls->n; k++) {
        size_t i = module_file(p, calls->items[k], false);
        if (i == SIZE_MAX || p->files[i].state == F_WALKED || p->files[i].state == F_FAILED)
            continue;
        p->files[i].walk_always = true;
        batch_add(p, i);
    }
    for (size_t k = 0; k < imports->n; k++) {
        size_t i = module_file(p, imports->items[k], true);
        if (i != SIZE_MAX && p->files[i].state == F_UNREAD)
            batch_add(p, i);
    }
}

/* rounds: the walks a round asks for, until the call graph wants nothing more */
static int rounds(struct pass1 *p, struct af_graph *g)
{
    int error = 0;
    for (int round = 0; round < 64; round++) {
        struct af_strlist calls = { 0 }, imports = { 0 };
        af_graph_wants(g, &calls, &imports);
        want_files(p, &calls, &imports);
        af_strlist_dispose(&calls);
        af_strlist_dispose(&imports);
        if (!p->nbatch)
            break;
        if (walk_batch(p) < 0)
            error = AF_ERROR;
    }
    return error;
}

static bool word_byte(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* true when the bytes hold `name` as a whole word */
static bool mentions(const char *data, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (const char *q = data; (q = memmem(q, len - (size_t)(q - data), name, n)); q++) {
        const char *e = q + n;
        if (!(q > data && word_byte((unsigned char)q[-1])) && !(e < data + len && word_byte((unsigned char)*e)))
            return true;
    }
    return false;
}

/*
 * Fix B's look at the whole project: every file read or named in `others`
 * (the project's files below the roots) that mentions a helper a migration
 * could make async is walked with its uses, so that the migration knows each
 * call and use of it; a file that cannot be walked refuses the helpers it
 * names.
 */
/* the project's other files (`others`) among pass 1's files */
static void add_others(struct pass1 *p)
{
    char *const *others = p->in->others;
    size_t nothers = p->in->others ? p->in->nothers : 0;
    build_maps(p);
    for (size_t k = 0; k < nothers; k++) {
        struct af_buf abs = AF_BUF_INIT;
        af_path_absolute_in(&abs, p->here, others[k]);
        if (file_at(p, abs.ptr) == SIZE_MAX) {
            size_t cl = strlen(p->cwd);
            size_t i = add_file(p, strncmp(abs.ptr, p->cwd, cl) == 0 ? abs.ptr + cl : others[k]);
            note_path(p, i);
            note_module(p, i);
        }
        af_buf_dispose(&abs);
    }
}

/* the names of `names` that file `f` mentions, told to the graph: it cannot be walked */
static void unread(struct pass1 *p, struct af_graph *g, const struct p1file *f, const struct af_strlist *names)
{
    char *data;
    size_t len;
    if (read_bytes(p, &data, &len, f->path) < 0)
        return;
    for (size_t k = 0; k < names->n; k++)
        if (mentions(data, len, names->items[k]))
            af_graph_unread(g, f->path, names->items[k]);
    free(data);
}

static int mention_scan(struct pass1 *p, struct af_graph *g)
{
    struct af_strlist names = { 0 };
    af_graph_candidate_names(g, &names);
    if (!names.n)
        return 0;
    add_others(p);
    for (size_t i = 0; i < p->n; i++) {
        struct p1file *f = &p->files[i];
        char *data;
        size_t len;
        if (f->state == F_WALKED || f->state == F_FAILED || read_bytes(p, &data, &len, f->path) < 0)
            continue;
        for (size_t k = 0; k < names.n && !f->walk_always; k++)
            if (mentions(data, len, names.items[k])) {
                f->walk_always = true;
                batch_add(p, i);
            }
        free(data);
    }
    int error = walk_batch(p);
    /* a file that mentions one and cannot be walked refuses it: its calls are not known */
    for (size_t i = 0; i < p->n; i++)
        if (p->files[i].state == F_FAILED)
            unread(p, g, &p->files[i], &names);
    af_strlist_dispose(&names);
    return error;
}

static void pass1_dispose(struct pass1 *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->files[i].path);
        free(p->files[i].module);
        free(p->files[i].other);
        free(p->files[i].defs.items);
        if (!p->files[i].added)
            af_file_summary_free(p->files[i].summary);
    }
    free(p->files);
    free(p->batch);
    free(p->cwd);
    af_hashtab_dispose(&p->by_module);
    af_hashtab_dispose(&p->by_path);
    af_strlist_dispose(&p->absent);
    af_hashtab_dispose(&p->absent_table);
    af_dircache_free(p->dirs);
    af_init_cache_free(p->inits);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int af_index_build(struct af_project **out, const struct af_index_input *in, const struct af_options *opts)
{
    bool graph = af_options_any_rule(opts, AF_RULE_NEEDS_CALL_GRAPH);
    struct pass1 p = { .opts = opts, .in = in, .project = af_project_new(), .graph = graph,
                       .migrate = graph && af_blocking_migrate(opts), .inits = af_init_cache_new() };
    char *const *paths = in->paths;
    size_t n = in->n;
    struct strset files = { 0 }, given = { 0 };
    struct af_buf cwd = AF_BUF_INIT;
    af_path_absolute(&cwd, ".");
    p.cwd = af_asprintf("%s%s", cwd.ptr, strcmp(cwd.ptr, "/") ? "/" : "");
    p.here = af_project_set_cwd(p.project, cwd.ptr);
    af_buf_dispose(&cwd);
    if (in->read)
        for (size_t i = 0; i < n; i++)
            strset_add(&files, paths[i], strlen(paths[i]));
    else
        collect_files(&files, p.inits, paths, n);
    /* the packages' files come in folder order: sorted, so that every run reads them alike */
    if (files.list.n)
        qsort(files.list.items, files.list.n, sizeof(*files.list.items), cmp_str);
    for (size_t k = 0; k < n; k++)
        strset_add(&given, paths[k], strlen(paths[k]));
    for (size_t i = 0; i < files.list.n; i++) {
        size_t f = add_file(&p, files.list.items[i]);
        batch_add(&p, f);
        /* a file given is one the run checks; strset_add says whether it was new */
        p.files[f].checked = !strset_add(&given, files.list.items[i], strlen(files.list.items[i]));
    }
    strset_dispose(&files);
    strset_dispose(&given);
    int error = walk_batch(&p);
    struct af_graph *g = af_graph_new(p.project, opts, graph);
    if (rounds(&p, g) < 0)
        error = AF_ERROR;
    af_graph_conclude(g);
    if (p.migrate) {
        if (mention_scan(&p, g) < 0)
            error = AF_ERROR;
        af_graph_migrate(g);
    }
    af_graph_free(g);
    for (size_t i = 0; i < p.n; i++)
        af_project_add(p.project, p.files[i].defs.items, p.files[i].defs.n);
    af_project_seal(p.project, p.n);
    pass1_dispose(&p);
    *out = p.project;
    return error;
}
