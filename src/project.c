/*
 * project.c - the project's definitions, merged from pass 1's per-file lists
 * into one table (qualified name -> facts), and the word table behind
 * af_project_mentioned.
 */
#include "asyncfix/project.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/lang.h"
#include "asyncfix/source.h"

struct af_project {
    struct af_project_def *entries;   /* merged, one per qualname */
    size_t nentries, cap;
    struct af_hashtab byname;         /* hash of the qualname -> entries index */
    size_t count;                     /* coroutine functions */
    size_t files;                     /* files read */
    char *cwd;                        /* the folder the run's relative paths start from */

    /*
     * af_project_mentioned: the last part of every module-level coroutine
     * function's name and of its module's name are words (pointers into the
     * entries' qualnames, which live as long as the project); the function
     * word `f` pairs with module words pair[pair_start[f]..pair_start[f+1]).
     */
    struct af_hashtab words;
    const char **word;
    uint32_t *word_len;
    uint32_t nwords, word_cap;
    uint32_t *pair_start;
    uint32_t *pair;
    uint32_t min_len, max_len;
    uint8_t *starts;          /* 65536 bits: the first two bytes of some word */
    uint8_t *is_module;       /* per word: the last part of a module's name */

    /* the summaries (project.h): each file's, and its defs and classes by qualified name */
    struct af_file_summary **sums;
    uint32_t nfiles, sums_cap;
    struct af_project_ref {
        uint32_t file, scope;
    } *refs;
    uint32_t nrefs, refs_cap;
    struct af_hashtab scope_names;    /* hash of a def's or class's qualname -> refs index */
    struct af_hashtab module_names;   /* hash of a module name (both names of a file) -> files index */
    struct af_hashtab paths;          /* hash of a file's path -> files index */
    uint32_t migrations;              /* the migrations decided (AF106 Fix B), numbered from 1 */
    const char *other_loop;           /* the first loop af_project_note_loop was told of: a static string */
    bool asyncio_reactor;             /* a file names Twisted's asyncio reactor */
    struct af_arena strings;          /* the sealed summaries' strings */

    /* the files pass 1 found nesting within limits (af_project_note_nesting) */
    struct af_project_nested {
        char *path;
        size_t len;
        uint64_t fingerprint;
    } *nested;
    uint32_t nnested, nested_cap;
    struct af_hashtab nested_paths;   /* hash of a path -> nested index */
};

/* ---- the facts of a definition ---- */

unsigned af_project_decorator(const char *name, size_t len)
{
    static const struct {
        const char *name;
        unsigned fact;
    } known[] = {
        { "overload", AF_PROJECT_OVERLOAD },
        { "staticmethod", AF_PROJECT_STATICMETHOD },
        { "classmethod", AF_PROJECT_CLASSMETHOD },
        { "abstractmethod", AF_PROJECT_ABSTRACTMETHOD },
        { "override", AF_PROJECT_OVERRIDE },
        { "asynccontextmanager", AF_PROJECT_ASYNC_CM },
    };
    for (size_t i = 0; name && i < sizeof(known) / sizeof(known[0]); i++)
        if (af_streq(name, len, known[i].name))
            return known[i].fact;
    return AF_PROJECT_OTHER_DECORATOR;
}

static unsigned decorator_fact(TSNode decorator, const char *src)
{
    TSNode expr = af_first_named(decorator);
    TSNode last = expr;
    if (af_is(expr, af_sym.attribute))
        last = af_field_child(expr, af_field.attribute);
    else if (!af_is(expr, af_sym.identifier))
        return af_project_decorator(NULL, 0);
    uint32_t len;
    const char *name = af_node_text(last, src, &len);
    return af_project_decorator(name, len);
}

unsigned af_project_def_facts(TSNode def, const char *src)
{
    unsigned facts = af_node_is_async(def) ? AF_PROJECT_ASYNC : AF_PROJECT_SYNC;
    if ((facts & AF_PROJECT_ASYNC) &&
        !ts_node_is_null(af_subtree_find_symbol(af_field_child(def, af_field.body), af_sym.yield)))
        facts |= AF_PROJECT_GENERATOR;
    TSNode parent = ts_node_parent(def);
    if (!af_is(parent, af_sym.decorated_definition))
        return facts;
    uint32_t n = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(parent, i);
        if (af_is(c, af_sym.decorator))
            facts |= decorator_fact(c, src);
    }
    return (facts & AF_PROJECT_OVERLOAD) ? AF_PROJECT_OVERLOAD : facts;
}

bool af_project_facts_coroutine(unsigned facts)
{
    return (facts & AF_PROJECT_ASYNC) &&
           !(facts & (AF_PROJECT_SYNC | AF_PROJECT_REBOUND | AF_PROJECT_GENERATOR));
}

/* ---- building ---- */

struct af_project *af_project_new(void)
{
    return af_calloc(1, sizeof(struct af_project));
}

static uint32_t find_entry(const struct af_project *p, const char *qualname, uint32_t hash)
{
    struct af_hashtab_iter it = af_hashtab_find(&p->byname, hash);
    for (uint32_t v; (v = af_hashtab_next(&p->byname, &it)) != AF_HASHTAB_NONE;)
        if (strcmp(p->entries[v].qualname, qualname) == 0)
            return v;
    return AF_HASHTAB_NONE;
}

void af_project_add(struct af_project *project, struct af_project_def *defs, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        struct af_project_def *e = &defs[k];
        uint32_t len = (uint32_t)strlen(e->qualname), hash = af_hash_bytes(e->qualname, len);
        uint32_t at = find_entry(project, e->qualname, hash);
        if (at != AF_HASHTAB_NONE) {
            project->entries[at].facts |= e->facts;
            free(e->qualname);
            continue;
        }
        AF_ARRAY_GROW(project->entries, project->nentries, project->cap);
        project->entries[project->nentries] = *e;
        af_hashtab_put(&project->byname, hash, (uint32_t)project->nentries);
        project->nentries++;
    }
}

static uint32_t find_word(const struct af_project *p, const char *s, uint32_t len, uint32_t hash)
{
    struct af_hashtab_iter it = af_hashtab_find(&p->words, hash);
    for (uint32_t v; (v = af_hashtab_next(&p->words, &it)) != AF_HASHTAB_NONE;)
        if (p->word_len[v] == len && memcmp(p->word[v], s, len) == 0)
            return v;
    return AF_HASHTAB_NONE;
}

static uint32_t add_word(struct af_project *ix, const char *s, uint32_t len)
{
    uint32_t hash = af_hash_bytes(s, len);
    uint32_t v = find_word(ix, s, len, hash);
    if (v != AF_HASHTAB_NONE)
        return v;
    if (ix->nwords == ix->word_cap) {
        ix->word_cap = ix->word_cap ? ix->word_cap * 2 : 64;
        ix->word = af_realloc(ix->word, ix->word_cap * sizeof(*ix->word));
        ix->word_len = af_realloc(ix->word_len, ix->word_cap * sizeof(*ix->word_len));
    }
    v = ix->nwords++;
    ix->word[v] = s;
    ix->word_len[v] = len;
    af_hashtab_put(&ix->words, hash, v);
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

/*
 * The length of the name of the module-level callable this entry shows
 * makes an async context manager, or 0: an asynccontextmanager def (its
 * whole name), or for "m.C.__aenter__" of a class without __enter__, "m.C".
 */
static size_t async_cm_len(const struct af_project_def *e)
{
    size_t len = strlen(e->qualname);
    if (e->facts & AF_PROJECT_METHOD) {
        static const char aenter[] = ".__aenter__";
        size_t al = sizeof(aenter) - 1;
        bool cm = (e->facts & AF_PROJECT_ASYNC) && !(e->facts & (AF_PROJECT_ENTER | AF_PROJECT_SYNC)) &&
                  len > al && strcmp(e->qualname + len - al, aenter) == 0;
        return cm ? len - al : 0;
    }
    bool cm = (e->facts & AF_PROJECT_ASYNC_CM) && (e->facts & AF_PROJECT_ASYNC) &&
              !(e->facts & (AF_PROJECT_SYNC | AF_PROJECT_REBOUND));
    return cm ? len : 0;
}

/*
 * The names a file must mention to be parsed in pass 2 without `async`
 * (and the project's async context managers: a plain `with` on one is reported in sync code too):
 * module-level coroutine functions (a call needs `await`) and the helpers a
 * migration makes async (a call needs `await`, or refuses the migration).
 */
static size_t mentioned_names(struct af_project *ix, const char ***out)
{
    size_t n = 0, cap = 0;
    const char **names = NULL;
    for (size_t i = 0; i < ix->nentries; i++) {
        const struct af_project_def *e = &ix->entries[i];
        size_t len = strlen(e->qualname), want = async_cm_len(e);
        if ((af_project_facts_coroutine(e->facts) && !(e->facts & AF_PROJECT_METHOD)) || want == len) {
            AF_ARRAY_GROW(names, n, cap);
            names[n++] = e->qualname;
        } else if (want) {
            /* "m.C.__aenter__": the class "m.C" is what a file calls */
            AF_ARRAY_GROW(names, n, cap);
            names[n++] = af_arena_strndup(&ix->strings, e->qualname, want);
        }
    }
    for (uint32_t f = 0; f < ix->nfiles; f++)
        for (uint32_t s = 0; s < ix->sums[f]->nscopes; s++) {
            const struct af_summary_scope *sc = &ix->sums[f]->scopes[s];
            if (sc->migration && sc->parent == 0) {
                AF_ARRAY_GROW(names, n, cap);
                names[n++] = sc->qualname;
            }
        }
    *out = names;
    return n;
}

static void build_words(struct af_project *ix)
{
    /* (function word, module word) pairs, then grouped by function word */
    uint32_t *pf = NULL, *pm = NULL, *outer = NULL;
    size_t np = 0, cap = 0, nouter = 0, ocap = 0;
    const char **names;
    size_t nnames = mentioned_names(ix, &names);
    ix->min_len = UINT32_MAX;
    for (size_t i = 0; i < nnames; i++) {
        const char *q = names[i];
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
    free(names);
}


static void compact(struct af_project *p);

void af_project_seal(struct af_project *project, size_t files)
{
    project->files = files;
    compact(project);
    for (size_t i = 0; i < project->nentries; i++)
        if (af_project_facts_coroutine(project->entries[i].facts))
            project->count++;
    build_words(project);
}

void af_project_free(struct af_project *project)
{
    if (!project)
        return;
    for (uint32_t i = 0; i < project->nfiles; i++)
        af_file_summary_free(project->sums[i]);
    free(project->sums);
    free(project->refs);
    af_hashtab_dispose(&project->scope_names);
    af_hashtab_dispose(&project->module_names);
    af_hashtab_dispose(&project->paths);
    af_arena_dispose(&project->strings);
    for (uint32_t i = 0; i < project->nnested; i++)
        free(project->nested[i].path);
    free(project->nested);
    af_hashtab_dispose(&project->nested_paths);
    free(project->cwd);
    for (size_t i = 0; i < project->nentries; i++)
        free(project->entries[i].qualname);
    free(project->entries);
    af_hashtab_dispose(&project->byname);
    af_hashtab_dispose(&project->words);
    free(project->word);
    free(project->word_len);
    free(project->pair_start);
    free(project->pair);
    free(project->starts);
    free(project->is_module);
    free(project);
}

/* ---- queries ---- */

unsigned af_project_facts(const struct af_project *project, const char *qualname)
{
    if (!project || !project->nentries)
        return 0;
    uint32_t len = (uint32_t)strlen(qualname);
    uint32_t at = find_entry(project, qualname, af_hash_bytes(qualname, len));
    return at == AF_HASHTAB_NONE ? 0 : project->entries[at].facts;
}

bool af_project_is_coroutine(const struct af_project *project, const char *qualname)
{
    return af_project_facts_coroutine(af_project_facts(project, qualname));
}

bool af_project_is_async_cm(const struct af_project *project, const char *qualname)
{
    unsigned facts = af_project_facts(project, qualname);
    if (facts & AF_PROJECT_ASYNC_CM)
        return (facts & AF_PROJECT_ASYNC) && !(facts & (AF_PROJECT_SYNC | AF_PROJECT_REBOUND));
    if (!facts || (facts & AF_PROJECT_REBOUND)) {
        char *enter = af_asprintf("%s.__aenter__", qualname);
        unsigned m = af_project_facts(project, enter);
        free(enter);
        return (m & AF_PROJECT_ASYNC) && (m & AF_PROJECT_METHOD) && !(m & (AF_PROJECT_ENTER | AF_PROJECT_SYNC));
    }
    return false;
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

/* the next identifier-like run at or after *p (its length in *len), *p moved past it; NULL at `end` */
static inline const unsigned char *next_run(const unsigned char **p, const unsigned char *end, uint32_t *len)
{
    const unsigned char *s = *p;
    while (s < end && !ident_class[*s])
        s++;
    if (s == end) {
        *p = s;
        return NULL;
    }
    const unsigned char *e = s;
    while (e < end && ident_class[*e])
        e++;
    *p = e;
    *len = (uint32_t)(e - s);
    return s;
}

/* the word of the identifier-like run [s, s+n), or UINT32_MAX */
static uint32_t word_of(const struct af_project *project, const unsigned char *s, uint32_t n)
{
    if (ident_class[*s] == 2 || n < project->min_len || n > project->max_len)
        return UINT32_MAX;
    uint32_t two = s[0] | (n > 1 ? s[1] << 8 : 0);
    if (!(project->starts[two / 8] & (1u << (two % 8))))
        return UINT32_MAX;
    return find_word(project, (const char *)s, n, af_hash_bytes((const char *)s, n));
}

/*
 * True when an import statement names a part of the name of a module holding
 * a coroutine function: every way of reaching one names it there (`from .db
 * import f`, `from pkg import db`, `import pkg.db as d`, `import pkg`). Looks only at the
 * lines holding "import" (and what their parentheses or backslashes join).
 */
static bool imports_a_module(const struct af_project *project, const char *data, size_t len)
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
        uint32_t n;
        for (const unsigned char *w; (w = next_run(&u, ue, &n));) {
            uint32_t id = word_of(project, w, n);
            if (id != UINT32_MAX && project->is_module[id])
                return true;
        }
        p = q > p + 6 ? q : p + 6;
    }
    return false;
}

/* the words seen and the function words among them, as af_project_mentioned gathers them */
struct mention {
    const struct af_project *project;
    uint8_t *seen;
    uint32_t *funcs, nfuncs, fcap;
};

/* the identifier-like run [s, s+n) seen: a function word is kept for the pairing */
static void mention_word(struct mention *m, const unsigned char *s, uint32_t n)
{
    uint32_t w = word_of(m->project, s, n);
    if (w == UINT32_MAX || (m->seen[w / 8] & (1u << (w % 8))))
        return;
    m->seen[w / 8] |= (uint8_t)(1u << (w % 8));
    if (m->project->pair_start[w] == m->project->pair_start[w + 1])
        return;
    if (m->nfuncs == m->fcap) {
        uint32_t *grown = af_malloc(2 * m->fcap * sizeof(*grown));
        memcpy(grown, m->funcs, m->nfuncs * sizeof(*grown));
        if (m->fcap > 64)   /* the first 64 are on af_project_mentioned's stack */
            free(m->funcs);
        m->funcs = grown;
        m->fcap *= 2;
    }
    m->funcs[m->nfuncs++] = w;
}

/* a word of the code (af_source_code_words) */
static bool mention_code_word(void *ctx, const char *s, size_t n)
{
    mention_word(ctx, (const unsigned char *)s, (uint32_t)n);
    return true;
}

/* from where the code's words are not exact: every identifier-like run */
static bool mention_rest(void *ctx, const char *s, const char *end)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t n;
    for (const unsigned char *w; (w = next_run(&p, (const unsigned char *)end, &n));)
        mention_word(ctx, w, n);
    return true;
}

/*
 * First the import lines must name the module of some coroutine function;
 * then one pass over the words of the code (af_source_code_words), each looked up in
 * the word table: true when some coroutine function's name and the last part
 * of its module's name both occur.
 */
bool af_project_mentioned(const struct af_project *project, const char *data, size_t len)
{
    if (!project || !project->nwords || !imports_a_module(project, data, len))
        return false;
    uint8_t small[512];
    uint32_t funcs_small[64];
    struct mention m = { .project = project, .funcs = funcs_small, .fcap = 64 };
    m.seen = project->nwords <= sizeof(small) * 8 ? small : af_malloc(project->nwords / 8 + 1);
    memset(m.seen, 0, project->nwords / 8 + 1);
    af_source_code_words(data, len, mention_code_word, mention_rest, &m);
    bool found = false;
    for (uint32_t i = 0; i < m.nfuncs && !found; i++)
        for (uint32_t k = project->pair_start[m.funcs[i]]; k < project->pair_start[m.funcs[i] + 1]; k++) {
            uint32_t w = project->pair[k];
            if (m.seen[w / 8] & (1u << (w % 8))) {
                found = true;
                break;
            }
        }
    if (m.funcs != funcs_small)
        free(m.funcs);
    if (m.seen != small)
        free(m.seen);
    return found;
}

size_t af_project_count(const struct af_project *project)
{
    return project ? project->count : 0;
}

size_t af_project_files_seen(const struct af_project *project)
{
    return project ? project->files : 0;
}

/* true when both are no call, or calls at the same place */
static bool same_call(const struct af_summary_call *x, const struct af_summary_call *y)
{
    return !x == !y && (!x || (x->line == y->line && x->column == y->column));
}

/* true when the two scopes say the same to pass 2: chain, evidence, migration, refusal, a call needing the loop */
static bool scope_equal(const struct af_summary_scope *x, const struct af_summary_scope *y)
{
    return !strcmp(x->qualname, y->qualname) && x->blocks == y->blocks && x->migration == y->migration &&
           x->refusal == y->refusal && same_call(x->via, y->via) && same_call(x->needs_loop, y->needs_loop) &&
           !x->next == !y->next && (!x->next || !strcmp(x->next->qualname, y->next->qualname));
}

/* true when the sealed summaries of the two projects say the same to pass 2 */
static bool summaries_equal(const struct af_project *a, const struct af_project *b)
{
    uint32_t na = a ? a->nfiles : 0, nb = b ? b->nfiles : 0;
    if (na != nb)
        return false;
    for (uint32_t f = 0; f < na; f++) {
        const struct af_file_summary *x = a->sums[f], *y = af_project_file_at(b, x->path);
        if (!y || x->nscopes != y->nscopes || x->nmigrations != y->nmigrations ||
            (x->nmigrations &&
             memcmp(x->migrations, y->migrations, x->nmigrations * sizeof(*x->migrations)) != 0))
            return false;
        for (uint32_t s = 0; s < x->nscopes; s++)
            if (!scope_equal(&x->scopes[s], &y->scopes[s]))
                return false;
    }
    return true;
}

bool af_project_equal(const struct af_project *a, const struct af_project *b)
{
    size_t na = a ? a->nentries : 0, nb = b ? b->nentries : 0;
    if (na != nb || af_project_other_loop(a) != af_project_other_loop(b))
        return false;
    for (size_t i = 0; i < na; i++)
        if (af_project_facts(b, a->entries[i].qualname) != a->entries[i].facts)
            return false;
    return summaries_equal(a, b);
}

/* ---- the summaries ---- */

void af_file_summary_free(struct af_file_summary *fs)
{
    if (!fs)
        return;
    free(fs->path);
    free(fs->migrations);
    free(fs->scopes);
    free(fs->calls);
    free(fs->aliases);
    free(fs->all);
    free(fs->imports);
    af_arena_dispose(&fs->arena);
    free(fs);
}


static uint32_t hash_str(const char *s)
{
    return af_hash_bytes(s, strlen(s));
}

static void put_module(struct af_project *p, const char *module, uint32_t file)
{
    if (module)
        af_hashtab_put(&p->module_names, hash_str(module), file);
}

uint32_t af_project_add_summary(struct af_project *project, struct af_file_summary *fs)
{
    struct af_project *p = project;
    AF_ARRAY_GROW(p->sums, p->nfiles, p->sums_cap);
    uint32_t f = p->nfiles++;
    p->sums[f] = fs;
    fs->index = f;
    put_module(p, fs->module, f);
    if (fs->other_module && strcmp(fs->other_module, fs->module) != 0)
        put_module(p, fs->other_module, f);
    af_hashtab_put(&p->paths, hash_str(fs->path), f);
    for (uint32_t s = 0; s < fs->nscopes; s++) {
        enum af_summary_kind k = fs->scopes[s].kind;
        if (k != AF_SUMMARY_FUNCTION && k != AF_SUMMARY_CLASS)
            continue;
        AF_ARRAY_GROW(p->refs, p->nrefs, p->refs_cap);
        p->refs[p->nrefs] = (struct af_project_ref){ f, s };
        af_hashtab_put(&p->scope_names, hash_str(fs->scopes[s].qualname), p->nrefs++);
    }
    return f;
}

uint32_t af_project_nfiles(const struct af_project *project)
{
    return project ? project->nfiles : 0;
}

struct af_file_summary *af_project_file(const struct af_project *project, uint32_t i)
{
    return project->sums[i];
}

static const struct af_file_summary *module_hashed(const struct af_project *project, const char *module, size_t len,
                                                   uint32_t hash);

const struct af_file_summary *af_project_module(const struct af_project *project, const char *module, size_t len)
{
    return module_hashed(project, module, len, af_hash_bytes(module, len));
}

const struct af_file_summary *af_project_file_at(const struct af_project *project, const char *path)
{
    if (!project)
        return NULL;
    struct af_hashtab_iter it = af_hashtab_find(&project->paths, hash_str(path));
    for (uint32_t v; (v = af_hashtab_next(&project->paths, &it)) != AF_HASHTAB_NONE;)
        if (!strcmp(project->sums[v]->path, path))
            return project->sums[v];
    return NULL;
}

/*
 * The def or class named exactly `qualname`, or NULL: the last one of that
 * name in the project's order (refs are added file by file, each file's
 * scopes in order), never by where they sit in memory, which differs from
 * run to run when threads allocate them.
 */
static const struct af_summary_scope *scope_named(const struct af_project *p, const char *qualname, size_t len,
                                                  const struct af_file_summary **file)
{
    uint32_t last = AF_HASHTAB_NONE;
    struct af_hashtab_iter it = af_hashtab_find(&p->scope_names, af_hash_bytes(qualname, len));
    for (uint32_t v; (v = af_hashtab_next(&p->scope_names, &it)) != AF_HASHTAB_NONE;) {
        const struct af_project_ref *r = &p->refs[v];
        if (af_streq(qualname, len, p->sums[r->file]->scopes[r->scope].qualname) &&
            (last == AF_HASHTAB_NONE || v > last))
            last = v;
    }
    if (last == AF_HASHTAB_NONE)
        return NULL;
    const struct af_project_ref *r = &p->refs[last];
    *file = p->sums[r->file];
    return &p->sums[r->file]->scopes[r->scope];
}

/* the file whose module (or other) name is [module, module+len), of hash `hash` */
static const struct af_file_summary *module_hashed(const struct af_project *project, const char *module, size_t len,
                                                   uint32_t hash)
{
    struct af_hashtab_iter it = af_hashtab_find(&project->module_names, hash);
    for (uint32_t v; (v = af_hashtab_next(&project->module_names, &it)) != AF_HASHTAB_NONE;) {
        const struct af_file_summary *fs = project->sums[v];
        if (af_streq(module, len, fs->module) || (fs->other_module && af_streq(module, len, fs->other_module)))
            return fs;
    }
    return NULL;
}

/* the NUL-terminated `name` is [s, s+n) */
static bool names_equal(const char *name, const char *s, size_t n)
{
    return name[0] == (n ? s[0] : '\0') && strncmp(name, s, n) == 0 && name[n] == '\0';
}

/* the module of the project naming the longest prefix of `q` cut at a dot, and where the cut is */
static const struct af_file_summary *longest_module(const struct af_project *p, const char *q, size_t len,
                                                    size_t *cut_out)
{
    /* the hashes of the prefixes before each dot, in one pass (FNV adds byte by byte) */
    uint32_t hashes[32];
    size_t dots[32], ndots = 0, from = 0;
    uint32_t hash = AF_HASH_INIT;
    const char *dot = memchr(q, '.', len);
    for (; dot && ndots < 32; dot = memchr(dot + 1, '.', len - (size_t)(dot + 1 - q))) {
        size_t i = (size_t)(dot - q);
        hash = af_hash_add(hash, q + from, i - from);
        from = i;
        hashes[ndots] = hash;
        dots[ndots++] = i;
    }
    if (!dot) {
        /* every dot is listed: the cuts are tried from the last one */
        for (size_t d = ndots; d-- > 0;) {
            const struct af_file_summary *fs = module_hashed(p, q, dots[d], hashes[d]);
            if (fs) {
                *cut_out = dots[d] + 1;
                return fs;
            }
        }
        return NULL;
    }
    for (size_t cut = len; cut > 0; cut--) {
        if (q[cut - 1] != '.')
            continue;
        size_t d = ndots;
        while (d > 0 && dots[d - 1] > cut - 1)
            d--;
        const struct af_file_summary *fs = d > 0 && dots[d - 1] == cut - 1
                                               ? module_hashed(p, q, cut - 1, hashes[d - 1])
                                               : af_project_module(p, q, cut - 1);
        if (fs) {
            *cut_out = cut;
            return fs;
        }
    }
    return NULL;
}

/*
 * One step through a module's names: "pkg.f" where pkg's __init__ binds f
 * by `from .api import f` becomes "pkg.api.f"; a module's other name
 * becomes its own. The next name into `next` (cleared first); false when no
 * module of the project holds the name.
 */
static bool through_module(const struct af_project *p, const char *q, size_t len, struct af_buf *next)
{
    size_t cut;
    const struct af_file_summary *fs = longest_module(p, q, len, &cut);
    af_buf_clear(next);
    if (!fs)
        return false;
    const char *rest = q + cut;
    size_t nl = strcspn(rest, ".");
    if (!af_streq(q, cut - 1, fs->module)) {
        af_buf_puts(next, fs->module);
        af_buf_putc(next, '.');
        af_buf_puts(next, rest);
        return true;
    }
    for (uint32_t a = 0; a < fs->naliases; a++)
        if (names_equal(fs->aliases[a].name, rest, nl)) {
            af_buf_puts(next, fs->aliases[a].target);
            af_buf_puts(next, rest + nl);
            if (next->size)
                return true;
        }
    return false;
}

void af_project_canonical(struct af_buf *out, const struct af_project *project, const char *qualname)
{
    af_buf_clear(out);
    af_buf_puts(out, qualname);
    struct af_buf next = AF_BUF_INIT;
    for (int hops = 0; project && hops < 8; hops++) {
        const struct af_file_summary *file;
        if (scope_named(project, out->ptr, out->size, &file) || !through_module(project, out->ptr, out->size, &next))
            break;
        af_buf_clear(out);
        af_buf_put(out, next.ptr, next.size);
    }
    af_buf_dispose(&next);
}

/*
 * The hops of af_project_resolve: the def or class found, or NULL; the last
 * name looked up (where a def or class was found, where no module of the
 * project holds the name, or after the last hop) in *last, *last_len, which
 * may point into `bufs`. That last name is what af_project_canonical gives.
 */
static const struct af_summary_scope *resolve_hops(const struct af_project *project, const char *qualname,
                                                   const struct af_file_summary **file, struct af_buf bufs[2],
                                                   const char **last, size_t *last_len)
{
    /* the name as given is looked up in place; a step through a module writes the next one into a buffer */
    const char *name = qualname;
    size_t len = strlen(qualname);
    const struct af_summary_scope *sc = NULL;
    for (int hops = 0; hops < 8; hops++) {
        sc = scope_named(project, name, len, file);
        struct af_buf *next = &bufs[hops & 1];
        if (sc || !through_module(project, name, len, next))
            break;
        name = next->ptr;
        len = next->size;
    }
    *last = name;
    *last_len = len;
    return sc;
}

const struct af_summary_scope *af_project_resolve(const struct af_project *project, const char *qualname,
                                                  const struct af_file_summary **file)
{
    if (!project || !project->nrefs || !qualname)
        return NULL;
    const struct af_file_summary *unused;
    struct af_buf bufs[2] = { AF_BUF_INIT, AF_BUF_INIT };
    const char *last;
    size_t last_len;
    const struct af_summary_scope *sc = resolve_hops(project, qualname, file ? file : &unused, bufs, &last, &last_len);
    af_buf_dispose(&bufs[0]);
    af_buf_dispose(&bufs[1]);
    return sc;
}

/* a class stands for its __init__: the def, or NULL */
static const struct af_summary_scope *class_init(const struct af_project *project, const struct af_summary_scope *sc,
                                                 const struct af_file_summary **file)
{
    if (!sc || sc->kind == AF_SUMMARY_FUNCTION)
        return sc;
    struct af_buf init = AF_BUF_INIT;
    af_buf_puts(&init, sc->qualname);
    af_buf_puts(&init, ".__init__");
    sc = scope_named(project, init.ptr, init.size, file);
    af_buf_dispose(&init);
    return sc;
}

const struct af_summary_scope *af_project_function(const struct af_project *project, const char *qualname,
                                                   const struct af_file_summary **file)
{
    const struct af_file_summary *unused;
    file = file ? file : &unused;
    return class_init(project, af_project_resolve(project, qualname, file), file);
}

const struct af_summary_scope *af_project_function_or_name(const struct af_project *project, const char *qualname,
                                                           const struct af_file_summary **file, struct af_buf *name,
                                                           bool *direct)
{
    *direct = false;
    if (!project || !project->nrefs) {
        af_project_canonical(name, project, qualname);
        return NULL;
    }
    struct af_buf bufs[2] = { AF_BUF_INIT, AF_BUF_INIT };
    const char *last;
    size_t last_len;
    const struct af_summary_scope *sc = class_init(project, resolve_hops(project, qualname, file, bufs, &last, &last_len),
                                                   file);
    *direct = last == qualname;
    if (!sc) {
        af_buf_clear(name);
        af_buf_put(name, last, last_len);
    }
    af_buf_dispose(&bufs[0]);
    af_buf_dispose(&bufs[1]);
    return sc;
}

const char *af_project_set_cwd(struct af_project *project, const char *cwd)
{
    free(project->cwd);
    project->cwd = af_strdup(cwd);
    return project->cwd;
}

const char *af_project_cwd(const struct af_project *project)
{
    return project ? project->cwd : NULL;
}

void af_project_note_loop(struct af_project *project, const char *other, bool asyncio_reactor)
{
    if (!project->other_loop)
        project->other_loop = other;
    project->asyncio_reactor |= asyncio_reactor;
}

const char *af_project_other_loop(const struct af_project *project)
{
    return project && !project->asyncio_reactor ? project->other_loop : NULL;
}

uint32_t af_project_new_migration(struct af_project *project)
{
    return ++project->migrations;
}

uint32_t af_project_migrations(const struct af_project *project)
{
    return project ? project->migrations : 0;
}

/* ---- the seal: the summaries cut down to what pass 2 may ask ---- */

/*
 * True when pass 2 may ask about `sc`: a fact a rule reads through the
 * queries above keeps its scope here (and its ancestors, whose names make
 * its own). Pass 1's walk records much more; it is dropped at the seal, so
 * that the project costs pass 2 little memory.
 */
static bool kept(const struct af_summary_scope *sc)
{
    return sc->blocks || sc->migration;
}

static const char *copy_str(struct af_project *p, const char *s)
{
    return s ? af_arena_strndup(&p->strings, s, strlen(s)) : NULL;
}

/* a copy of `call` (made in the copy's scope `scope`) among the calls of `c`, or NULL */
static const struct af_summary_call *copy_call(struct af_project *p, struct af_file_summary *c,
                                               const struct af_summary_call *call, uint32_t scope)
{
    if (!call)
        return NULL;
    struct af_summary_call *to = &c->calls[c->ncalls++];
    *to = *call;
    to->callee = copy_str(p, to->callee);
    to->text = copy_str(p, to->text);
    to->scope = scope;
    return to;
}

/* the kept scopes of `fs` (and their ancestors) marked in `keep`; how many */
static uint32_t mark_kept(const struct af_file_summary *fs, uint32_t *keep)
{
    uint32_t n = 0;
    for (uint32_t s = fs->nscopes; s-- > 0;)
        if (keep[s] || kept(&fs->scopes[s]))
            for (int a = (int)s; a >= 0 && !keep[a]; a = fs->scopes[a].parent)
                keep[a] = 1;
    for (uint32_t s = 0; s < fs->nscopes; s++)
        if (keep[s])
            keep[s] = ++n;   /* its new index + 1 */
    return n;
}

/* a copy of `fs` with only the scopes `keep` numbers and their evidence calls; pointers fixed later */
static struct af_file_summary *cut_down(struct af_project *p, const struct af_file_summary *fs, const uint32_t *keep,
                                        uint32_t n)
{
    struct af_file_summary *c = af_calloc(1, sizeof(*c));
    c->path = af_strdup(fs->path);
    c->module = copy_str(p, fs->module);
    c->other_module = copy_str(p, fs->other_module);
    c->skip_file = fs->skip_file;
    c->checked = fs->checked;
    c->scopes = af_calloc(n ? n : 1, sizeof(*c->scopes));
    c->calls = af_calloc(n ? 2 * n : 1, sizeof(*c->calls));   /* `via` and `needs_loop` of each */
    c->nscopes = n;
    for (uint32_t s = 0; s < fs->nscopes; s++) {
        if (!keep[s])
            continue;
        struct af_summary_scope *to = &c->scopes[keep[s] - 1];
        *to = fs->scopes[s];
        to->qualname = copy_str(p, to->qualname);
        to->name = copy_str(p, to->name);
        to->parent = to->parent < 0 ? -1 : (int)keep[to->parent] - 1;
        to->decorators = NULL;
        to->ndecorators = 0;
        to->bases = NULL;
        to->nbases = 0;
        to->wrapper = copy_str(p, to->wrapper);
        to->first_call = to->ncalls = 0;
        to->via = copy_call(p, c, to->via, keep[s] - 1);
        to->needs_loop = copy_call(p, c, to->needs_loop, keep[s] - 1);
        to->blocking_code = copy_str(p, to->blocking_code);
        to->refused_path = copy_str(p, to->refused_path);
    }
    if (fs->nmigrations) {
        c->migrations = af_malloc(fs->nmigrations * sizeof(*c->migrations));
        memcpy(c->migrations, fs->migrations, fs->nmigrations * sizeof(*c->migrations));
        c->nmigrations = fs->nmigrations;
    }
    c->aliases = af_calloc(fs->naliases ? fs->naliases : 1, sizeof(*c->aliases));
    c->naliases = fs->naliases;
    for (uint32_t a = 0; a < fs->naliases; a++)
        c->aliases[a] = (struct af_summary_alias){ copy_str(p, fs->aliases[a].name), copy_str(p, fs->aliases[a].target) };
    c->all = af_calloc(fs->nall ? fs->nall : 1, sizeof(*c->all));
    c->nall = fs->nall;
    for (uint32_t a = 0; a < fs->nall; a++)
        c->all[a] = copy_str(p, fs->all[a]);
    return c;
}

static void compact(struct af_project *p)
{
    uint32_t nold = p->nfiles;
    struct af_file_summary **old = p->sums, **cut = af_calloc(nold ? nold : 1, sizeof(*cut));
    uint32_t **keep = af_calloc(nold ? nold : 1, sizeof(*keep));
    for (uint32_t f = 0; f < nold; f++) {
        keep[f] = af_calloc(old[f]->nscopes + 1, sizeof(**keep));
        uint32_t n = mark_kept(old[f], keep[f]);
        if (n > 1 || old[f]->naliases || old[f]->nmigrations)
            cut[f] = cut_down(p, old[f], keep[f], n);
    }
    /* the chains' links, into the copies */
    for (uint32_t f = 0; f < nold; f++)
        for (uint32_t s = 0; cut[f] && s < cut[f]->nscopes; s++) {
            struct af_summary_scope *sc = &cut[f]->scopes[s];
            if (!sc->next)
                continue;
            uint32_t nf = sc->next_file->index, ns = (uint32_t)(sc->next - sc->next_file->scopes);
            sc->next_file = cut[nf];
            sc->next = &cut[nf]->scopes[keep[nf][ns] - 1];
        }
    free(p->refs);
    p->refs = NULL;
    p->nrefs = p->refs_cap = 0;
    p->nfiles = 0;
    p->sums = NULL;
    p->sums_cap = 0;
    af_hashtab_dispose(&p->scope_names);
    af_hashtab_dispose(&p->module_names);
    af_hashtab_dispose(&p->paths);
    for (uint32_t f = 0; f < nold; f++) {
        if (cut[f])
            af_project_add_summary(p, cut[f]);
        af_file_summary_free(old[f]);
        free(keep[f]);
    }
    free(old);
    free(keep);
    free(cut);
}

const char *af_refusal_text(enum af_refusal refusal)
{
    switch (refusal) {
    case AF_REFUSAL_NONE: return "it can be made async";
    case AF_REFUSAL_SYNC_CALLER: return "it is called from sync code";
    case AF_REFUSAL_VALUE: return "it is used as a value (passed on, stored or decorating)";
    case AF_REFUSAL_COMPREHENSION: return "it is called in a comprehension or generator expression";
    case AF_REFUSAL_AWAITED: return "a caller already awaits what it returns";
    case AF_REFUSAL_DECORATED: return "it is decorated";
    case AF_REFUSAL_SUBCLASSED: return "its class is subclassed";
    case AF_REFUSAL_DERIVED: return "its class has a base whose method it may override";
    case AF_REFUSAL_SPECIAL: return "it is a special method";
    case AF_REFUSAL_UNKNOWN_RECEIVER: return "a method of that name is called on an object of unknown type";
    case AF_REFUSAL_EXPORTED: return "its module's __all__ names it";
    case AF_REFUSAL_NOT_CHECKED: return "a file that defines or calls it is not being checked";
    case AF_REFUSAL_SUPPRESSED: return "a caller's `# noqa` or a file's `asyncfix: skip-file` keeps asyncfix out";
    case AF_REFUSAL_UNREAD: return "a file that mentions it cannot be read";
    }
    return "";
}

const char *af_project_migration_file(const struct af_project *project, uint32_t m, size_t i)
{
    for (uint32_t f = 0; project && f < project->nfiles; f++) {
        const struct af_file_summary *fs = project->sums[f];
        for (uint32_t k = 0; k < fs->nmigrations; k++)
            if (fs->migrations[k] == m && i-- == 0)
                return fs->path;
    }
    return NULL;
}

bool af_project_has_part(const struct af_project *project, const char *path)
{
    const struct af_file_summary *fs = af_project_file_at(project, path);
    return fs && fs->nmigrations;
}

/* ---- the nesting pass 1 checked ---- */

static const struct af_project_nested *nested_at(const struct af_project *p, const char *path)
{
    struct af_hashtab_iter it = af_hashtab_find(&p->nested_paths, hash_str(path));
    for (uint32_t v; (v = af_hashtab_next(&p->nested_paths, &it)) != AF_HASHTAB_NONE;)
        if (!strcmp(p->nested[v].path, path))
            return &p->nested[v];
    return NULL;
}

void af_project_note_nesting(struct af_project *project, const char *path, size_t len, uint64_t fingerprint)
{
    struct af_project_nested *known = (struct af_project_nested *)nested_at(project, path);
    if (known) {
        known->len = len;
        known->fingerprint = fingerprint;
        return;
    }
    AF_ARRAY_GROW(project->nested, project->nnested, project->nested_cap);
    project->nested[project->nnested] = (struct af_project_nested){ af_strdup(path), len, fingerprint };
    af_hashtab_put(&project->nested_paths, hash_str(path), project->nnested++);
}

bool af_project_nesting_checked(const struct af_project *project, const char *path, const char *data, size_t len)
{
    const struct af_project_nested *known = project && path ? nested_at(project, path) : NULL;
    return known && known->len == len && known->fingerprint == af_source_fingerprint(data, len);
}
