/*
 * summary.c - pass 1's walk over one file's tokens (summary.h).
 *
 * The bytes are cut into logical lines (next_line); each line's tokens are
 * read as statements (statement): decorators, def and class headers open
 * scopes whose bodies are the lines indented below them, imports and
 * assignments bind names, and every other token goes through visit_tokens,
 * which records calls (a dotted name followed by `(`) and, when asked, the
 * names used as values. Names are resolved only at the end of the file
 * (resolve_all), when every scope's bindings are known, as Python does.
 */
#include "asyncfix/summary.h"

#include <stdlib.h>
#include <string.h>

#include "asyncfix/file.h"
#include "asyncfix/source.h"

enum tok_kind { T_NAME, T_OP, T_STRING, T_NUMBER };

/*
 * A file is shallow when its code nests at most half as deep as CPython
 * allows: then its own af_source_nesting scan can be left out, the walk's
 * count standing for it with room to spare for the few places where the
 * two read the bytes differently (a line starting with a backslash, the
 * quotes of a 3.12 f-string field).
 */
#define SHALLOW_BRACKETS (AF_MAX_BRACKETS / 2)
#define SHALLOW_LEVELS (AF_MAX_INDENT_LEVELS / 2)

struct tok {
    uint32_t start, end;       /* bytes */
    uint32_t line;             /* 1-based */
    uint32_t line_start;       /* the start of its line then (tok_col counts its column from it) */
    uint32_t depth;            /* brackets open before it */
    enum tok_kind kind;
};

enum bind_kind { B_DEF, B_CLASS, B_IMPORT, B_PARAM, B_VAR, B_GLOBAL };

struct bind {
    uint32_t scope;
    const char *name;          /* into the bytes */
    uint32_t len;
    enum bind_kind kind;
    bool mixed;                /* bound as different kinds, or to different imports */
    bool other;                /* bound by something else than a def at least once */
    uint32_t target_scope;     /* B_DEF, B_CLASS: the last scope it names */
    const char *target;        /* B_IMPORT: qualified (arena) */
};

/* a call or use, its callee still as written */
struct raw_call {
    uint32_t scope;
    const char *text;          /* "a.b.c" (arena) */
    uint32_t line, col;
    unsigned flags;
};

/* what the walk keeps per scope besides the output */
struct scope_extra {
    const char *first_param;   /* a def's first parameter, or NULL */
    uint32_t first_param_len;
    bool has_yield;            /* `yield` in its own body */
    const char **decorator_text;   /* as written, resolved at the end */
    uint32_t ndecorators;
    bool *decorator_called;
    const char **base_text;
    uint32_t nbases;
};

struct frame {
    uint32_t indent;
    uint32_t scope;
};

/* an open bracket in the statement being visited */
struct bracket {
    uint32_t depth;
    uint32_t first_call;       /* calls recorded inside it start here */
    int call;                  /* the raw call this `(` opens, or -1 */
    bool comprehension;        /* a `for` was seen directly inside it */
};

/* a lambda in the statement being visited */
struct lambda {
    uint32_t scope;
    uint32_t depth;
    bool body;                 /* past its `:` */
};

struct walk {
    const struct af_summary_input *in;
    const char *src;
    const char *p, *end;
    uint32_t line;             /* of p, 1-based */
    const char *line_start;
    const char *col_line;      /* on the line starting at col_line, */
    const char *col_at;        /* the column of col_at is col_val (counting forward) */
    uint32_t col_val;

    struct tok *toks;
    uint32_t ntoks, tcap;
    uint32_t indent;           /* of the current logical line */
    bool *target;              /* per token of the line: a name being bound */
    uint32_t target_cap;

    struct af_file_summary *fs;
    uint32_t scap;
    struct scope_extra *extra;
    struct frame *frames;
    uint32_t nframes, fcap;

    struct bind *binds;
    uint32_t nbinds, bcap;
    struct af_hashtab bind_table;

    struct raw_call *raw;
    uint32_t nraw, rcap;

    uint32_t *noqa;            /* lines whose `# noqa` covers AF106, ascending */
    uint32_t nnoqa, ncap;

    const char **pending_decorators;   /* for the next def or class */
    bool *pending_called;
    uint32_t npending, pcap;

    const char **imports;
    uint32_t nimports, icap;
    struct af_summary_alias *aliases;
    uint32_t naliases, acap;
    const char **all;
    uint32_t nall, allcap;

    struct bracket *br;
    uint32_t nbr, brcap;
    const char **strings;      /* every string kept, once (call texts repeat) */
    uint32_t nstrings, strcap;
    struct af_hashtab string_table;
    struct lambda *lam;
    uint32_t nlam, lamcap;
    int pending_call;          /* the raw call whose `(` comes next, or -1 */
    /* how deep the code nests, as far as the shallow verdict needs (af_file_summary.shallow) */
    uint32_t max_depth;        /* brackets open at once */
    uint32_t widths[SHALLOW_LEVELS + 1];   /* the indentation of each level open, widths[0] = 0 */
    uint32_t nlevels;
    bool deep;                 /* more than SHALLOW_LEVELS levels */
    bool skip_file;
    bool line_semicolon;       /* the current line holds a `;` outside brackets */
    bool line_binds;           /* it holds an operator ending in `=` or the name `as` (mark_targets) */
};

/* ---- tokens ---- */

/* 1: a byte that may start a name, 2: one that may only continue it (byte_class says what a byte starts) */
static const unsigned char ident_class[256] = {
    ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, ['_'] = 1, [0x80 ... 0xFF] = 1, ['0' ... '9'] = 2,
};

static bool ident_byte(unsigned char c)
{
    return ident_class[c] != 0;
}

/* past the bytes of a name from p: four at a step while four are left */
static const char *past_name(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    while (end - (const char *)u >= 4) {
        if (!ident_class[u[0]])
            return (const char *)u;
        if (!ident_class[u[1]])
            return (const char *)u + 1;
        if (!ident_class[u[2]])
            return (const char *)u + 2;
        if (!ident_class[u[3]])
            return (const char *)u + 3;
        u += 4;
    }
    while ((const char *)u < end && ident_class[*u])
        u++;
    return (const char *)u;
}

/*
 * Token i is of `kind` and spells the n bytes of `lit`. The macros below pass
 * a literal's length as a constant: the length is compared first, and the
 * compiler compares the few bytes in place.
 */
static inline bool tok_spells(const struct walk *w, uint32_t i, enum tok_kind kind, const char *lit, size_t n)
{
    if (i >= w->ntoks)
        return false;
    const struct tok *t = &w->toks[i];
    return t->kind == kind && t->end - t->start == n && memcmp(w->src + t->start, lit, n) == 0;
}

#define tok_is(w, i, lit) (w->toks[i].end - w->toks[i].start == sizeof(lit) - 1 && \
                           memcmp(w->src + w->toks[i].start, lit, sizeof(lit) - 1) == 0)
#define op_is(w, i, lit) tok_spells(w, i, T_OP, lit, sizeof(lit) - 1)
#define name_is(w, i, lit) tok_spells(w, i, T_NAME, lit, sizeof(lit) - 1)

/*
 * The column of token t, in code points from its line's start (1 for a
 * string's prefix on a line before the one its token was recorded on).
 * Counted on from the last one asked on the same line.
 */
static uint32_t tok_col(struct walk *w, const struct tok *t)
{
    const char *line = w->src + t->line_start, *at = w->src + t->start;
    if (at < line)
        return 1;
    if (w->col_line != line || w->col_at > at) {
        w->col_line = line;
        w->col_at = line;
        w->col_val = 1;
    }
    const char *q = w->col_at;
    /* eight ASCII bytes (no high bit) are eight code points */
    for (uint64_t v; at - q >= 8 && (memcpy(&v, q, 8), (v & UINT64_C(0x8080808080808080)) == 0); q += 8)
        w->col_val += 8;
    for (; q < at; q++)
        w->col_val += ((unsigned char)*q & 0xC0) != 0x80;
    w->col_at = at;
    return w->col_val;
}

static void newline_at(struct walk *w, const char *nl)
{
    w->line++;
    w->line_start = nl + 1;
}

/* past the spaces from p: eight at a step, then one at a time */
static inline const char *skip_spaces(const char *p, const char *end)
{
    static const char eight[8] = { ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' };
    while (end - p >= 8 && memcmp(p, eight, 8) == 0)
        p += 8;
    while (p < end && *p == ' ')
        p++;
    return p;
}

static void add_tok(struct walk *w, const char *s, const char *e, enum tok_kind kind, uint32_t depth)
{
    AF_ARRAY_GROW(w->toks, w->ntoks, w->tcap);
    struct tok *t = &w->toks[w->ntoks++];
    t->start = (uint32_t)(s - w->src);
    t->end = (uint32_t)(e - w->src);
    t->line = w->line;
    t->line_start = (uint32_t)(w->line_start - w->src);
    t->depth = depth;
    t->kind = kind;
}

/* the first four bytes `word` in [s, e), or NULL */
static const char *find4(const char *s, const char *e, const char *word)
{
    while (e - s >= 4) {
        const char *k = memchr(s, word[0], (size_t)(e - s) - 3);
        if (!k)
            return NULL;
        if (memcmp(k, word, 4) == 0)
            return k;
        s = k + 1;
    }
    return NULL;
}

/* records a `# noqa` comment's line when it covers AF106 (as af_sem_noqa reads it) */
static void note_comment(struct walk *w, const char *c, const char *e)
{
    const char *k = c + 1;
    while (k < e && (*k == ' ' || *k == '\t'))
        k++;
    if (af_startswith(k, (size_t)(e - k), "asyncfix: skip-file") ||
        af_startswith(k, (size_t)(e - k), "asyncfix:skip-file"))
        w->skip_file = true;
    const char *q = find4(c, e, "noqa");
    if (!q)
        q = find4(c, e, "NOQA");
    if (!q)
        return;
    const char *p = q + 4;
    bool covers = true;
    if (p < e && *p == ':') {
        covers = false;
        for (p++; p < e;) {
            while (p < e && (*p == ' ' || *p == ',' || *p == '\t' || *p == '\r'))
                p++;
            const char *s = p;
            while (p < e && *p != ' ' && *p != ',' && *p != '\t' && *p != '\r')
                p++;
            size_t n = (size_t)(p - s);
            if (n && n <= 5 && memcmp(s, "AF106", n) == 0)
                covers = true;
        }
    }
    if (covers && (!w->nnoqa || w->noqa[w->nnoqa - 1] != w->line)) {
        AF_ARRAY_GROW(w->noqa, w->nnoqa, w->ncap);
        w->noqa[w->nnoqa++] = w->line;
    }
}

/* the first `c` in [p, end), or end */
static const char *find_byte(const char *p, const char *end, char c)
{
    const char *f = p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
    return f ? f : end;
}

/*
 * A triple-quoted string's body from p (quote `c`): past its end, or NULL
 * when it is left open. The next quote, backslash and line break are each
 * found by memchr and kept until the walk passes them.
 */
static const char *skip_long_string(struct walk *w, const char *p, char c)
{
    const char *end = w->end, *quote = NULL, *escape = NULL, *nl = NULL;
    while (p < end) {
        if (!quote || quote < p)
            quote = find_byte(p, end, c);
        if (!escape || escape < p)
            escape = find_byte(p, end, '\\');
        if (!nl || nl < p)
            nl = find_byte(p, end, '\n');
        if (escape < quote && escape < nl) {
            if (escape + 1 < end && escape[1] == '\n')
                newline_at(w, escape + 1);
            p = escape + 2;
        } else if (nl < quote) {
            newline_at(w, nl);
            p = nl + 1;
        } else if (quote == end) {
            return NULL;
        } else if (end - quote >= 3 && quote[1] == c && quote[2] == c) {
            return quote + 3;
        } else {
            p = quote + 1;
        }
    }
    return NULL;
}

/* a string literal starting at its quote `q`; past its end, or NULL when it is left open */
static const char *skip_string(struct walk *w, const char *q)
{
    char c = *q;
    bool triple = w->end - q >= 3 && q[1] == c && q[2] == c;
    const char *p = q + (triple ? 3 : 1);
    if (triple)
        return skip_long_string(w, p, c);
    for (;;) {
        if (p >= w->end)
            return NULL;
        if (*p == '\\') {
            if (p + 1 < w->end && p[1] == '\n')
                newline_at(w, p + 1);
            p += 2;
            continue;
        }
        if (*p == '\n') {
            if (!triple)
                return NULL;
            newline_at(w, p);
        }
        if (*p == c && (!triple || (w->end - p >= 3 && p[1] == c && p[2] == c)))
            return p + (triple ? 3 : 1);
        p++;
    }
}

/* true when the name [s, e) is a string prefix (r, b, f, u, t and their pairs) */
static bool string_prefix(const char *s, const char *e)
{
    if (e - s > 2)
        return false;
    for (const char *p = s; p < e; p++)
        if (!strchr("rRbBfFuUtT", *p))
            return false;
    return true;
}

/*
 * The length of the operator at p: three bytes for **= //= >>= <<= and ...,
 * two for -> and the doubled * / < >, and for = after one of :=!<>+-*%&|^@/
 */
static size_t op_len(const char *p, const char *end)
{
    char c = p[0], d = end - p >= 2 ? p[1] : 0;
    bool doubled = d == c && (c == '*' || c == '/' || c == '<' || c == '>');
    if (end - p >= 3 && ((doubled && p[2] == '=') || (c == '.' && d == '.' && p[2] == '.')))
        return 3;
    if (doubled || (c == '-' && d == '>') || (d == '=' && c && strchr(":=!<>+-*/%&|^@", c)))
        return 2;
    return 1;
}

/* the indentation of the line starting at p (tabs to the next multiple of 8) */
static uint32_t indent_of(const char **pp, const char *end)
{
    const char *p = *pp;
    uint32_t indent = 0;
    for (;;) {
        const char *spaces = p;
        p = skip_spaces(p, end);
        indent += (uint32_t)(p - spaces);
        if (p >= end || (*p != '\t' && *p != '\f'))
            break;
        indent = *p == '\t' ? (indent / 8 + 1) * 8 : 0;
        p++;
    }
    *pp = p;
    return indent;
}

enum line_status { LINE_OK, LINE_END, LINE_BROKEN };

/* what a byte starts, for next_line and next_token (B_OP: an operator, the default) */
enum byte_class { B_OP, B_NAME, B_DIGIT, B_DOT, B_QUOTE, B_OPEN, B_CLOSE, B_SPACE, B_BLANK, B_HASH, B_BACKSLASH,
                  B_NEWLINE };

static const unsigned char byte_class[256] = {
    ['A' ... 'Z'] = B_NAME, ['a' ... 'z'] = B_NAME, ['_'] = B_NAME, [0x80 ... 0xFF] = B_NAME,
    ['0' ... '9'] = B_DIGIT, ['.'] = B_DOT, ['\''] = B_QUOTE, ['"'] = B_QUOTE,
    ['('] = B_OPEN, ['['] = B_OPEN, ['{'] = B_OPEN, [')'] = B_CLOSE, [']'] = B_CLOSE, ['}'] = B_CLOSE,
    [' '] = B_SPACE, ['\t'] = B_BLANK, ['\f'] = B_BLANK, ['\r'] = B_BLANK, ['#'] = B_HASH,
    ['\\'] = B_BACKSLASH, ['\n'] = B_NEWLINE,
};

/* a name at w->p, or a string with its prefix; false when the string is left open */
static bool name_token(struct walk *w, uint32_t depth)
{
    const char *p = w->p, *end = w->end, *e = past_name(p, end);
    if (e < end && (*e == '\'' || *e == '"') && string_prefix(p, e)) {
        const char *after = skip_string(w, e);
        if (!after)
            return false;
        add_tok(w, p, after, T_STRING, depth);
        w->p = after;
        return true;
    }
    add_tok(w, p, e, T_NAME, depth);
    if (e - p == 2 && p[0] == 'a' && p[1] == 's')
        w->line_binds = true;
    w->p = e;
    return true;
}

/* a string at w->p (its quote), recorded on the line it starts on; false when it is left open */
static bool string_token(struct walk *w, uint32_t depth)
{
    const char *p = w->p;
    uint32_t line = w->line;
    const char *ls = w->line_start;
    const char *after = skip_string(w, p);
    if (!after)
        return false;
    uint32_t keep = w->line;
    const char *keep_ls = w->line_start;
    w->line = line;
    w->line_start = ls;
    add_tok(w, p, after, T_STRING, depth);
    w->line = keep;
    w->line_start = keep_ls;
    w->p = after;
    return true;
}

/* one token at w->p of class `cls` (depth: brackets open); returns false when the line is broken */
static bool next_token(struct walk *w, enum byte_class cls, uint32_t *depth)
{
    const char *p = w->p, *end = w->end;
    if (cls == B_NAME)
        return name_token(w, *depth);
    if (cls == B_QUOTE)
        return string_token(w, *depth);
    if (cls == B_DIGIT || (cls == B_DOT && p + 1 < end && p[1] >= '0' && p[1] <= '9')) {
        const char *e = p + 1;
        while (e < end && (ident_byte((unsigned char)*e) || *e == '.' ||
                           ((*e == '+' || *e == '-') && (e[-1] == 'e' || e[-1] == 'E'))))
            e++;
        add_tok(w, p, e, T_NUMBER, *depth);
        w->p = e;
        return true;
    }
    size_t n = op_len(p, end);
    if (cls == B_CLOSE) {
        if (*depth == 0)
            return false;
        (*depth)--;
    }
    add_tok(w, p, p + n, T_OP, *depth);
    w->line_semicolon |= *p == ';' && *depth == 0;
    w->line_binds |= p[n - 1] == '=';
    if (cls == B_OPEN && ++*depth > w->max_depth)
        w->max_depth = *depth;
    w->p = p + n;
    return true;
}

/* past a backslash at p that joins the next line (p + 1 a line break) */
static void join_line(struct walk *w, const char *p)
{
    w->p = p + 1;
    if (*w->p == '\r')
        w->p++;
    if (w->p < w->end && *w->p == '\n') {
        newline_at(w, w->p);
        w->p++;
    }
}

/* a logical line starts at `indent`: the levels of indentation open, as CPython's tokenizer counts them */
static void note_level(struct walk *w, uint32_t indent)
{
    while (w->nlevels > 0 && w->widths[w->nlevels] > indent)
        w->nlevels--;
    if (indent > w->widths[w->nlevels]) {
        if (w->nlevels == SHALLOW_LEVELS)
            w->deep = true;
        else
            w->widths[++w->nlevels] = indent;
    }
}

/*
 * The tokens of the next logical line into w->toks and its indentation into
 * w->indent: comments and blank lines skipped, brackets and backslashes
 * joining lines.
 */
static enum line_status next_line(struct walk *w)
{
    w->ntoks = 0;
    w->line_semicolon = w->line_binds = false;
    uint32_t depth = 0;
    bool started = false;
    while (w->p < w->end) {
        if (!started && depth == 0) {
            const char *p = w->p;
            uint32_t indent = indent_of(&p, w->end);
            w->p = p;
            if (p < w->end && *p != '\n' && *p != '\r' && *p != '#' && *p != '\\') {
                w->indent = indent;
                started = true;
                note_level(w, indent);
            }
        }
        const char *p = w->p;
        if (p >= w->end)
            break;
        enum byte_class cls = (enum byte_class)byte_class[(unsigned char)*p];
        switch (cls) {
        case B_SPACE:
            while (++p < w->end && *p == ' ')
                ;
            w->p = p;
            continue;
        case B_BLANK:
            w->p++;
            continue;
        case B_HASH: {
            const char *e = memchr(p, '\n', (size_t)(w->end - p));
            e = e ? e : w->end;
            note_comment(w, p, e);
            w->p = e;
            continue;
        }
        case B_NEWLINE:
            newline_at(w, p);
            w->p++;
            if (started && depth == 0)
                return LINE_OK;
            continue;
        case B_BACKSLASH:
            if (p + 1 < w->end && (p[1] == '\n' || p[1] == '\r')) {
                join_line(w, p);
                continue;
            }
            break;   /* an operator */
        default:
            break;
        }
        if (!next_token(w, cls, &depth))
            return LINE_BROKEN;
        started = true;
    }
    if (depth)
        return LINE_BROKEN;
    return started && w->ntoks ? LINE_OK : LINE_END;
}

/* ---- scopes and bindings ---- */

static struct af_arena *arena(struct walk *w)
{
    return &w->fs->arena;
}

/*
 * The hash of the walk's own tables (strings, bindings): eight bytes a step.
 * The tables only find equal keys, so any hash gives the same answers.
 */
static uint32_t walk_hash(uint64_t seed, const char *s, size_t len)
{
    const uint64_t mul = 0x9E3779B97F4A7C15u;
    uint64_t h = seed ^ (len * mul);
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ v) * mul;
        h ^= h >> 29;
    }
    if (len) {
        uint64_t v = 0;
        for (size_t i = 0; i < len; i++)
            v |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ v) * mul;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDu;
    h ^= h >> 33;
    return (uint32_t)h;
}

/* [s, s+len) in the summary's arena, the same copy for the same bytes */
static const char *keep(struct walk *w, const char *s, size_t len)
{
    uint32_t hash = walk_hash(0, s, len);
    struct af_hashtab_iter it = af_hashtab_find(&w->string_table, hash);
    for (uint32_t v; (v = af_hashtab_next(&w->string_table, &it)) != AF_HASHTAB_NONE;)
        if (af_streq(s, len, w->strings[v]))
            return w->strings[v];
    AF_ARRAY_GROW(w->strings, w->nstrings, w->strcap);
    w->strings[w->nstrings] = af_arena_strndup(arena(w), s, len);
    af_hashtab_put(&w->string_table, hash, w->nstrings);
    return w->strings[w->nstrings++];
}

/* the hash of a binding: its name's hash (walk_hash(0, ...), computed once for every scope asked) and its scope */
static uint32_t hash_bind(uint32_t scope, uint32_t name_hash)
{
    return name_hash ^ ((scope + 1) * 0x9E3779B1u);
}

static struct bind *binding_hashed(struct walk *w, uint32_t scope, const char *name, size_t len, uint32_t name_hash)
{
    struct af_hashtab_iter it = af_hashtab_find(&w->bind_table, hash_bind(scope, name_hash));
    for (uint32_t v; (v = af_hashtab_next(&w->bind_table, &it)) != AF_HASHTAB_NONE;) {
        struct bind *b = &w->binds[v];
        if (b->scope == scope && b->len == len && !memcmp(b->name, name, len))
            return b;
    }
    return NULL;
}

static struct bind *bind(struct walk *w, uint32_t scope, const char *name, size_t len, enum bind_kind kind,
                         uint32_t target_scope, const char *target)
{
    uint32_t name_hash = walk_hash(0, name, len);
    struct bind *b = binding_hashed(w, scope, name, len, name_hash);
    if (b) {
        if (b->kind == B_GLOBAL)
            return b;
        if (kind == B_GLOBAL) {
            b->kind = B_GLOBAL;
            return b;
        }
        if (b->kind != kind || (kind == B_IMPORT && (!b->target || !target || strcmp(b->target, target) != 0)))
            b->mixed = true;
        b->other = b->other || kind != B_DEF;
        b->target_scope = target_scope;
        if (target)
            b->target = target;
        return b;
    }
    AF_ARRAY_GROW(w->binds, w->nbinds, w->bcap);
    b = &w->binds[w->nbinds];
    memset(b, 0, sizeof(*b));
    b->scope = scope;
    b->name = name;
    b->len = (uint32_t)len;
    b->kind = kind;
    b->other = kind != B_DEF;
    b->target_scope = target_scope;
    b->target = target;
    af_hashtab_put(&w->bind_table, hash_bind(scope, name_hash), w->nbinds++);
    return b;
}

static void bind_tok(struct walk *w, uint32_t scope, uint32_t i, enum bind_kind kind)
{
    const struct tok *t = &w->toks[i];
    bind(w, scope, w->src + t->start, t->end - t->start, kind, 0, NULL);
}

/* the bytes of a string made of parts, on the stack when they fit */
struct text {
    char *ptr;
    size_t size, cap;
    char small[256];
};

static void text_init(struct text *t)
{
    t->ptr = t->small;
    t->size = 0;
    t->cap = sizeof(t->small);
}

static void text_put(struct text *t, const char *s, size_t n)
{
    if (t->size + n > t->cap) {
        size_t cap = (t->size + n) * 2;
        char *p = af_malloc(cap);
        memcpy(p, t->ptr, t->size);
        if (t->ptr != t->small)
            free(t->ptr);
        t->ptr = p;
        t->cap = cap;
    }
    memcpy(t->ptr + t->size, s, n);
    t->size += n;
}

static void text_puts(struct text *t, const char *s)
{
    text_put(t, s, strlen(s));
}

/* the text kept (keep), and its buffer freed */
static const char *text_keep(struct walk *w, struct text *t)
{
    const char *kept = keep(w, t->ptr, t->size);
    if (t->ptr != t->small)
        free(t->ptr);
    return kept;
}

/* a new scope named `name` (len bytes) in `parent` */
static uint32_t new_scope(struct walk *w, enum af_summary_kind kind, uint32_t parent, const char *name, size_t len,
                          const struct tok *at)
{
    struct af_file_summary *fs = w->fs;
    if (fs->nscopes == w->scap) {
        w->scap = w->scap ? w->scap * 2 : 16;
        fs->scopes = af_realloc(fs->scopes, w->scap * sizeof(*fs->scopes));
        w->extra = af_realloc(w->extra, w->scap * sizeof(*w->extra));
    }
    uint32_t s = fs->nscopes++;
    struct af_summary_scope *sc = &fs->scopes[s];
    memset(sc, 0, sizeof(*sc));
    memset(&w->extra[s], 0, sizeof(w->extra[s]));
    sc->kind = kind;
    sc->parent = (int)parent;
    sc->line = at ? at->line : 1;
    sc->column = at ? tok_col(w, at) : 1;
    if (kind == AF_SUMMARY_MODULE)
        return s;
    const struct af_summary_scope *ps = &fs->scopes[parent];
    struct text q;
    text_init(&q);
    text_puts(&q, ps->qualname);
    if (kind == AF_SUMMARY_LAMBDA) {
        text_puts(&q, ".<lambda>");
        sc->qualname = text_keep(w, &q);
    } else {
        text_puts(&q, ps->kind == AF_SUMMARY_FUNCTION ? ".<locals>." : ".");
        text_put(&q, name, len);
        sc->qualname = text_keep(w, &q);
        sc->name = keep(w, name, len);
    }
    return s;
}

/* the innermost function scope at or around `scope` (lambdas and classes count), or -1 */
static int function_of(const struct walk *w, uint32_t scope)
{
    int s = (int)scope;
    while (s >= 0 && w->fs->scopes[s].kind != AF_SUMMARY_FUNCTION)
        s = w->fs->scopes[s].parent;
    return s;
}

static bool noqa_line(const struct walk *w, uint32_t line)
{
    uint32_t lo = 0, hi = w->nnoqa;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (w->noqa[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nnoqa && w->noqa[lo] == line;
}

/* the dotted name starting at token i (NAME(.NAME)*): its text into the arena, *last its last token */
static const char *chain_at(struct walk *w, uint32_t i, uint32_t b, uint32_t *last)
{
    uint32_t j = i;
    while (j + 2 < b && op_is(w, j + 1, ".") && w->toks[j + 2].kind == T_NAME)
        j += 2;
    *last = j;
    /* written without blanks or line joins between its parts: the bytes are its text */
    uint32_t k = i;
    while (k < j && w->toks[k].end == w->toks[k + 1].start)
        k++;
    if (k == j)
        return keep(w, w->src + w->toks[i].start, w->toks[j].end - w->toks[i].start);
    struct text text;
    text_init(&text);
    for (k = i; k <= j; k += 2) {
        if (k > i)
            text_put(&text, ".", 1);
        text_put(&text, w->src + w->toks[k].start, w->toks[k].end - w->toks[k].start);
    }
    return text_keep(w, &text);
}

static uint32_t add_raw(struct walk *w, uint32_t scope, const char *text, const struct tok *at, unsigned flags)
{
    AF_ARRAY_GROW(w->raw, w->nraw, w->rcap);
    struct raw_call *r = &w->raw[w->nraw];
    r->scope = scope;
    r->text = text;
    r->line = at->line;
    r->col = tok_col(w, at);
    r->flags = flags | (noqa_line(w, at->line) ? AF_CALL_NOQA : 0);
    return w->nraw++;
}

/* ---- the statements of a line ---- */

/* [s, s+n) equals the literal `lit` (its length a constant) */
#define spells(s, n, lit) ((n) == sizeof(lit) - 1 && memcmp((s), lit, sizeof(lit) - 1) == 0)

/* Python's keywords: a switch on the first byte, then the few words starting with it */
static bool is_keyword(const struct walk *w, uint32_t i)
{
    const struct tok *t = &w->toks[i];
    size_t n = t->end - t->start;
    const char *s = w->src + t->start;
    switch (s[0]) {
    case 'F':
        return spells(s, n, "False");
    case 'N':
        return spells(s, n, "None");
    case 'T':
        return spells(s, n, "True");
    case 'a':
        return spells(s, n, "and") || spells(s, n, "as") || spells(s, n, "assert") || spells(s, n, "async") ||
               spells(s, n, "await");
    case 'b':
        return spells(s, n, "break");
    case 'c':
        return spells(s, n, "class") || spells(s, n, "continue");
    case 'd':
        return spells(s, n, "def") || spells(s, n, "del");
    case 'e':
        return spells(s, n, "elif") || spells(s, n, "else") || spells(s, n, "except");
    case 'f':
        return spells(s, n, "finally") || spells(s, n, "for") || spells(s, n, "from");
    case 'g':
        return spells(s, n, "global");
    case 'i':
        return spells(s, n, "if") || spells(s, n, "import") || spells(s, n, "in") || spells(s, n, "is");
    case 'l':
        return spells(s, n, "lambda");
    case 'n':
        return spells(s, n, "nonlocal") || spells(s, n, "not");
    case 'o':
        return spells(s, n, "or");
    case 'p':
        return spells(s, n, "pass");
    case 'r':
        return spells(s, n, "raise") || spells(s, n, "return");
    case 't':
        return spells(s, n, "try");
    case 'w':
        return spells(s, n, "while") || spells(s, n, "with");
    case 'y':
        return spells(s, n, "yield");
    default:
        return false;
    }
}

/* the scope calls are made in: the innermost lambda whose body this is, else `scope` */
static uint32_t current_scope(const struct walk *w, uint32_t scope)
{
    for (uint32_t k = w->nlam; k-- > 0;)
        if (w->lam[k].body)
            return w->lam[k].scope;
    return scope;
}

/* the lambdas that end before token i (a `,` at their depth, or a bracket closing below it) */
static void end_lambdas(struct walk *w, uint32_t i, uint32_t b)
{
    while (w->nlam) {
        const struct lambda *l = &w->lam[w->nlam - 1];
        bool ends = i >= b || w->toks[i].depth < l->depth ||
                    (l->body && w->toks[i].depth == l->depth && op_is(w, i, ",")) ||
                    (w->toks[i].depth == l->depth && w->toks[i].kind == T_OP &&
                     (tok_is(w, i, ")") || tok_is(w, i, "]") || tok_is(w, i, "}")));
        if (!ends)
            break;
        w->nlam--;
    }
}

/* the enclosing call whose arguments token i is among, or -1 */
static int enclosing_call(const struct walk *w)
{
    return w->nbr && w->br[w->nbr - 1].call >= 0 ? w->br[w->nbr - 1].call : -1;
}

static bool in_comprehension(const struct walk *w)
{
    for (uint32_t k = 0; k < w->nbr; k++)
        if (w->br[k].comprehension)
            return true;
    return false;
}

/* a `for` inside brackets: a comprehension, whose calls so far are marked */
static void comprehension_for(struct walk *w, uint32_t i, uint32_t b, uint32_t scope)
{
    if (!w->nbr)
        return;
    struct bracket *br = &w->br[w->nbr - 1];
    br->comprehension = true;
    for (uint32_t k = br->first_call; k < w->nraw; k++)
        w->raw[k].flags |= AF_CALL_IN_COMPREHENSION;
    /* its targets, up to `in`, are local names */
    for (uint32_t k = i + 1; k < b && !name_is(w, k, "in"); k++)
        if (w->toks[k].kind == T_NAME) {
            bind_tok(w, scope, k, B_VAR);
            w->target[k] = true;
        }
}

/* a dotted name at token i: a call (its `(` opens next), a use, or a binding; returns its last token */
static uint32_t visit_name(struct walk *w, uint32_t i, uint32_t b, uint32_t scope, bool awaited)
{
    uint32_t last;
    for (last = i; last + 2 < b && op_is(w, last + 1, ".") && w->toks[last + 2].kind == T_NAME;)
        last += 2;
    if (!w->in->calls)
        return last;   /* no calls recorded: the chain is only skipped */
    int outer = enclosing_call(w);
    if (outer >= 0) {
        if (name_is(w, last, "P_WAIT"))
            w->raw[outer].flags |= AF_CALL_ARG_P_WAIT;
        else if (name_is(w, last, "WNOHANG"))
            w->raw[outer].flags |= AF_CALL_ARG_WNOHANG;
    }
    bool call = op_is(w, last + 1, "(");
    if (!call && !(w->in->uses && !w->target[i]))
        return last;   /* neither a call nor a use recorded: its text is not kept */
    const char *text = chain_at(w, i, b, &last);
    uint32_t cs = current_scope(w, scope);
    unsigned flags = (awaited ? AF_CALL_AWAITED : 0) | (in_comprehension(w) ? AF_CALL_IN_COMPREHENSION : 0);
    if (call)
        w->pending_call = (int)add_raw(w, cs, text, &w->toks[i], flags);
    else
        add_raw(w, cs, text, &w->toks[i], flags | AF_CALL_VALUE);
    return last;
}

static void visit_lambda(struct walk *w, uint32_t i, uint32_t scope)
{
    AF_ARRAY_GROW(w->lam, w->nlam, w->lamcap);
    uint32_t s = new_scope(w, AF_SUMMARY_LAMBDA, current_scope(w, scope), NULL, 0, &w->toks[i]);
    w->lam[w->nlam++] = (struct lambda){ s, w->toks[i].depth, false };
}

/* a name token that is a keyword; true when it was one */
static bool visit_keyword(struct walk *w, uint32_t i, uint32_t b, uint32_t scope, bool *awaited)
{
    if (!is_keyword(w, i))
        return false;
    if (name_is(w, i, "lambda"))
        visit_lambda(w, i, scope);
    else if (name_is(w, i, "await"))
        *awaited = true;
    else if (name_is(w, i, "for") && w->toks[i].depth > 0)
        comprehension_for(w, i, b, current_scope(w, scope));
    else if (name_is(w, i, "yield")) {
        int f = function_of(w, current_scope(w, scope));
        if (f >= 0)
            w->extra[f].has_yield = true;
    }
    return true;
}

static void visit_op(struct walk *w, uint32_t i, uint32_t b)
{
    const struct tok *t = &w->toks[i];
    char c = w->src[t->start];
    if (c == '(' || c == '[' || c == '{') {
        int call = c == '(' ? w->pending_call : -1;
        AF_ARRAY_GROW(w->br, w->nbr, w->brcap);
        w->br[w->nbr++] = (struct bracket){ t->depth, w->nraw, call, false };
        if (call >= 0 && i + 1 < b && !op_is(w, i + 1, ")"))
            w->raw[call].flags |= AF_CALL_ARG_ANY;
    } else if (c == ')' || c == ']' || c == '}') {
        if (w->nbr)
            w->nbr--;
    } else if (c == ':' && t->end - t->start == 1 && w->nlam) {
        struct lambda *l = &w->lam[w->nlam - 1];
        if (!l->body && t->depth == l->depth)
            l->body = true;
    }
    w->pending_call = -1;
}

/* every token of [a, b) in `scope`: calls, uses, lambdas, comprehensions */
static void visit_tokens(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    bool awaited = false;
    w->pending_call = -1;
    for (uint32_t i = a; i < b; i++) {
        end_lambdas(w, i, b);
        const struct tok *t = &w->toks[i];
        if (t->kind == T_NAME) {
            if (visit_keyword(w, i, b, scope, &awaited))
                continue;
            if (!(i > a && op_is(w, i - 1, "."))) {   /* else an attribute of something that is not a name */
                const struct lambda *l = w->nlam ? &w->lam[w->nlam - 1] : NULL;
                if (l && !l->body && t->depth == l->depth)
                    bind_tok(w, l->scope, i, B_PARAM);   /* a lambda's parameter */
                else
                    i = visit_name(w, i, b, scope, awaited);
            }
        } else if (t->kind == T_OP) {
            visit_op(w, i, b);
        }
        awaited = false;
    }
    w->nlam = 0;
    w->nbr = 0;
}

/* the names [a, b) binds before each `=` at depth 0, after `as`, before `:=`, as an annotated target */
static void mark_targets(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    uint32_t seg = a;
    /* without an operator ending in `=` or an `as` on the line, only an annotated target binds */
    for (uint32_t k = a; w->line_binds && k < b; k++) {
        const struct tok *t = &w->toks[k];
        if (t->kind == T_NAME && tok_is(w, k, "lambda") && t->depth == 0)
            break;   /* a lambda's defaults are no targets */
        bool assign = t->kind == T_OP && t->depth == 0 &&
                      (tok_is(w, k, "=") || (t->end - t->start >= 2 && w->src[t->end - 1] == '=' &&
                                             !tok_is(w, k, "==") && !tok_is(w, k, "!=") && !tok_is(w, k, "<=") &&
                                             !tok_is(w, k, ">=") && !tok_is(w, k, ":=")));
        if (assign) {
            for (uint32_t n = seg; n < k; n++)
                if (w->toks[n].kind == T_NAME && !is_keyword(w, n) && !(n > a && op_is(w, n - 1, ".")) &&
                    !op_is(w, n + 1, ".") && !op_is(w, n + 1, "(") && !op_is(w, n + 1, "[")) {
                    bind_tok(w, scope, n, B_VAR);
                    w->target[n] = true;
                }
            seg = k + 1;
        }
        if (t->kind == T_NAME && (op_is(w, k + 1, ":=") || (k > a && name_is(w, k - 1, "as")))) {
            bind_tok(w, scope, k, B_VAR);
            w->target[k] = true;
        }
    }
    if (b - a >= 2 && w->toks[a].kind == T_NAME && op_is(w, a + 1, ":") && !is_keyword(w, a)) {
        bind_tok(w, scope, a, B_VAR);
        w->target[a] = true;
    }
}

/* the index of the token closing the bracket opened at token `open`, or b */
static uint32_t closing(const struct walk *w, uint32_t open, uint32_t b)
{
    uint32_t d = w->toks[open].depth;
    for (uint32_t k = open + 1; k < b; k++)
        if (w->toks[k].depth == d && w->toks[k].kind == T_OP)
            return k;
    return b;
}

/* the first `:` at depth 0 in [a, b) that ends a header (a lambda's own colon skipped), or b */
static uint32_t header_colon(const struct walk *w, uint32_t a, uint32_t b)
{
    uint32_t lambdas = 0;
    for (uint32_t k = a; k < b; k++) {
        if (w->toks[k].depth != 0)
            continue;
        if (name_is(w, k, "lambda"))
            lambdas++;
        else if (op_is(w, k, ":")) {
            if (!lambdas)
                return k;
            lambdas--;
        }
    }
    return b;
}

static void statement(struct walk *w, uint32_t a, uint32_t b, uint32_t scope);

/* `@name...`: kept for the def or class that follows; its arguments are calls of this scope */
static void decorator_line(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    const char *text = NULL;   /* an expression other than a dotted name: unknown */
    bool called = true;
    if (a + 1 < b && w->toks[a + 1].kind == T_NAME) {
        uint32_t last;
        text = chain_at(w, a + 1, b, &last);
        called = last + 1 < b;
    }
    if (w->npending == w->pcap) {
        w->pcap = w->pcap ? w->pcap * 2 : 8;
        w->pending_decorators = af_realloc(w->pending_decorators, w->pcap * sizeof(*w->pending_decorators));
        w->pending_called = af_realloc(w->pending_called, w->pcap * sizeof(*w->pending_called));
    }
    w->pending_decorators[w->npending] = text;
    w->pending_called[w->npending++] = called;
    visit_tokens(w, a + 1, b, scope);
}

/* moves the pending decorators to scope `s` */
static void take_decorators(struct walk *w, uint32_t s)
{
    struct scope_extra *x = &w->extra[s];
    x->ndecorators = w->npending;
    if (w->npending) {
        x->decorator_text = af_arena_alloc(arena(w), w->npending * sizeof(*x->decorator_text));
        x->decorator_called = af_arena_alloc(arena(w), w->npending * sizeof(*x->decorator_called));
        memcpy(x->decorator_text, w->pending_decorators, w->npending * sizeof(*x->decorator_text));
        memcpy(x->decorator_called, w->pending_called, w->npending * sizeof(*x->decorator_called));
    }
    w->npending = 0;
}

static void push_frame(struct walk *w, uint32_t scope)
{
    AF_ARRAY_GROW(w->frames, w->nframes, w->fcap);
    w->frames[w->nframes++] = (struct frame){ w->indent, scope };
}

/* the parameters between the `(` at `open` and its `)`: bound in `s`, the first kept */
static void parameters(struct walk *w, uint32_t open, uint32_t close, uint32_t s)
{
    bool expect = true;
    uint32_t d = w->toks[open].depth + 1;
    for (uint32_t k = open + 1; k < close; k++) {
        const struct tok *t = &w->toks[k];
        if (t->depth != d)
            continue;
        if (op_is(w, k, ",")) {
            expect = true;
        } else if (op_is(w, k, "*") || op_is(w, k, "**") || op_is(w, k, "/")) {
            continue;
        } else if (t->kind == T_NAME && expect) {
            bind_tok(w, s, k, B_PARAM);
            if (!w->extra[s].first_param) {
                w->extra[s].first_param = w->src + t->start;
                w->extra[s].first_param_len = t->end - t->start;
            }
            expect = false;
        } else {
            expect = false;
        }
    }
}

/* `[async] def NAME(params) [-> T]: [body]` at a (the `def`), `async` at a - 1 when is_async */
static void def_header(struct walk *w, uint32_t a, uint32_t b, uint32_t scope, bool is_async)
{
    if (a + 2 >= b || w->toks[a + 1].kind != T_NAME || !op_is(w, a + 2, "(")) {
        w->npending = 0;
        return;
    }
    const struct tok *name = &w->toks[a + 1];
    uint32_t s = new_scope(w, AF_SUMMARY_FUNCTION, scope, w->src + name->start, name->end - name->start,
                           &w->toks[is_async ? a - 1 : a]);
    w->fs->scopes[s].facts = is_async ? AF_PROJECT_ASYNC : AF_PROJECT_SYNC;
    take_decorators(w, s);
    bind(w, scope, w->src + name->start, name->end - name->start, B_DEF, s, NULL);
    uint32_t close = closing(w, a + 2, b);
    parameters(w, a + 2, close, s);
    push_frame(w, s);
    uint32_t colon = header_colon(w, close, b);
    if (colon + 1 < b)
        statement(w, colon + 1, b, s);   /* `def f(): return g()` */
}

/* `class NAME[(bases)]: [body]` */
static void class_header(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    if (a + 1 >= b || w->toks[a + 1].kind != T_NAME) {
        w->npending = 0;
        return;
    }
    const struct tok *name = &w->toks[a + 1];
    uint32_t s = new_scope(w, AF_SUMMARY_CLASS, scope, w->src + name->start, name->end - name->start, &w->toks[a]);
    take_decorators(w, s);
    bind(w, scope, w->src + name->start, name->end - name->start, B_CLASS, s, NULL);
    uint32_t colon = header_colon(w, a + 2, b);
    if (op_is(w, a + 2, "(")) {
        uint32_t close = closing(w, a + 2, b), d = w->toks[a + 2].depth + 1;
        struct scope_extra *x = &w->extra[s];
        uint32_t n = 0;
        for (uint32_t k = a + 3; k < close; k++)
            n += w->toks[k].depth == d && op_is(w, k, ",");
        x->base_text = af_arena_alloc(arena(w), (n + 1) * sizeof(*x->base_text));
        for (uint32_t k = a + 3; k < close; k++) {
            if (w->toks[k].depth != d || w->toks[k].kind != T_NAME || !(op_is(w, k - 1, "(") || op_is(w, k - 1, ",")))
                continue;
            if (op_is(w, k + 1, "="))
                continue;   /* metaclass=..., a keyword */
            uint32_t last;
            x->base_text[x->nbases++] = chain_at(w, k, close, &last);
        }
        visit_tokens(w, a + 2, close + 1, scope);
    }
    push_frame(w, s);
    if (colon + 1 < b)
        statement(w, colon + 1, b, s);
}

/* the module `level` dots and `rest` name, from this file */
static const char *from_module(struct walk *w, int level, const char *rest, size_t rlen)
{
    if (!level)
        return keep(w, rest, rlen);
    char *base = af_module_relative_base(w->in->module, af_path_is_package_init(w->in->path), level);
    if (!base)
        return NULL;
    struct text m;
    text_init(&m);
    text_puts(&m, base);
    if (*base && rlen)
        text_put(&m, ".", 1);
    text_put(&m, rest, rlen);
    free(base);
    return text_keep(w, &m);
}

static void note_import(struct walk *w, uint32_t scope, const char *name, size_t len, const char *target)
{
    bind(w, scope, name, len, B_IMPORT, 0, target);
    if (scope == 0) {
        AF_ARRAY_GROW(w->aliases, w->naliases, w->acap);
        w->aliases[w->naliases++] = (struct af_summary_alias){ keep(w, name, len), target };
    }
}

static void note_module(struct walk *w, const char *module)
{
    AF_ARRAY_GROW(w->imports, w->nimports, w->icap);
    w->imports[w->nimports++] = module;
}

/* `import a.b [as c], d` */
static void import_names(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    for (uint32_t k = a + 1; k < b; k++) {
        if (w->toks[k].kind != T_NAME)
            continue;
        uint32_t last;
        const char *full = chain_at(w, k, b, &last);
        note_module(w, full);
        if (name_is(w, last + 1, "as") && last + 2 < b) {
            const struct tok *as = &w->toks[last + 2];
            note_import(w, scope, w->src + as->start, as->end - as->start, full);
            k = last + 2;
        } else {
            const struct tok *head = &w->toks[k];
            note_import(w, scope, w->src + head->start, head->end - head->start,
                        keep(w, full, strcspn(full, ".")));
            k = last;
        }
    }
}

/* `from [.]*m import x [as y], (...)` */
static void from_import(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    int level = 0;
    uint32_t k = a + 1;
    for (; k < b && w->toks[k].kind == T_OP && (tok_is(w, k, ".") || tok_is(w, k, "...")); k++)
        level += (int)(w->toks[k].end - w->toks[k].start);
    const char *rest = "";
    uint32_t last = k;
    if (k < b && w->toks[k].kind == T_NAME && !name_is(w, k, "import"))
        rest = chain_at(w, k, b, &last);
    else
        last = k - 1;
    const char *module = from_module(w, level, rest, strlen(rest));
    if (!module || !name_is(w, last + 1, "import"))
        return;
    note_module(w, module);
    for (k = last + 2; k < b; k++) {
        const struct tok *t = &w->toks[k];
        if (t->kind != T_NAME)
            continue;
        struct text target;
        text_init(&target);
        text_puts(&target, module);
        if (*module)
            text_put(&target, ".", 1);
        text_put(&target, w->src + t->start, t->end - t->start);
        const char *kept = text_keep(w, &target);
        note_module(w, kept);
        const struct tok *bound = t;
        if (name_is(w, k + 1, "as") && k + 2 < b) {
            bound = &w->toks[k + 2];
            k += 2;
        }
        note_import(w, scope, w->src + bound->start, bound->end - bound->start, kept);
    }
}

/* `__all__ = [...]` / `+= [...]` at module level: the strings listed */
static void all_names(struct walk *w, uint32_t a, uint32_t b)
{
    for (uint32_t k = a + 2; k < b; k++) {
        const struct tok *t = &w->toks[k];
        if (t->kind != T_STRING)
            continue;
        const char *s = w->src + t->start, *e = w->src + t->end;
        while (s < e && *s != '\'' && *s != '"')
            s++;
        if (e - s < 2)
            continue;
        AF_ARRAY_GROW(w->all, w->nall, w->allcap);
        w->all[w->nall++] = keep(w, s + 1, (size_t)(e - s - 2));
    }
}

/* what the name a statement starts with makes of it (read once a statement, not once a keyword) */
enum head { H_OTHER, H_ASYNC, H_DEF, H_CLASS, H_IMPORT, H_FROM, H_GLOBAL, H_NONLOCAL, H_COMPOUND, H_SOFT };

static enum head head_of(const struct walk *w, uint32_t i)
{
    if (i >= w->ntoks || w->toks[i].kind != T_NAME)
        return H_OTHER;
    const char *s = w->src + w->toks[i].start;
    size_t n = w->toks[i].end - w->toks[i].start;
    switch (s[0]) {
    case 'a':
        return spells(s, n, "async") ? H_ASYNC : H_OTHER;
    case 'c':
        return spells(s, n, "class") ? H_CLASS : spells(s, n, "case") ? H_SOFT : H_OTHER;
    case 'd':
        return spells(s, n, "def") ? H_DEF : H_OTHER;
    case 'e':
        return spells(s, n, "elif") || spells(s, n, "else") || spells(s, n, "except") ? H_COMPOUND : H_OTHER;
    case 'f':
        return spells(s, n, "from") ? H_FROM : spells(s, n, "for") || spells(s, n, "finally") ? H_COMPOUND : H_OTHER;
    case 'g':
        return spells(s, n, "global") ? H_GLOBAL : H_OTHER;
    case 'i':
        return spells(s, n, "import") ? H_IMPORT : spells(s, n, "if") ? H_COMPOUND : H_OTHER;
    case 'm':
        return spells(s, n, "match") ? H_SOFT : H_OTHER;
    case 'n':
        return spells(s, n, "nonlocal") ? H_NONLOCAL : H_OTHER;
    case 't':
        return spells(s, n, "try") ? H_COMPOUND : H_OTHER;
    case 'w':
        return spells(s, n, "while") || spells(s, n, "with") ? H_COMPOUND : H_OTHER;
    default:
        return H_OTHER;
    }
}

/* a statement [a, b) whose head is `h` opens a block: `match x:` / `case p:` (soft keywords) end with their colon */
static bool is_compound(const struct walk *w, enum head h, uint32_t a, uint32_t b)
{
    return h == H_COMPOUND ||
           (h == H_SOFT && a + 1 < b && op_is(w, b - 1, ":") && w->toks[a + 1].kind != T_OP);
}

/* a compound statement's header [a, colon), then its body on the same line */
static void compound_statement(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    uint32_t colon = header_colon(w, a, b);
    if (name_is(w, a, "for")) {
        for (uint32_t k = a + 1; k < colon && !name_is(w, k, "in"); k++)
            if (w->toks[k].kind == T_NAME && w->toks[k].depth <= 1) {
                bind_tok(w, scope, k, B_VAR);
                w->target[k] = true;
            }
    }
    mark_targets(w, a, colon, scope);
    visit_tokens(w, a, colon, scope);
    if (colon + 1 < b)
        statement(w, colon + 1, b, scope);
}

/* `global x, y` / `nonlocal x`: the names are not local */
static void global_names(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    if (!name_is(w, a, "global"))
        return;   /* nonlocal: found in the enclosing function already */
    for (uint32_t k = a + 1; k < b; k++)
        if (w->toks[k].kind == T_NAME)
            bind_tok(w, scope, k, B_GLOBAL);
}

/* one statement [a, b) (no `;` at depth 0 inside) in `scope` */
static void simple_or_compound(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    if (op_is(w, a, "@")) {
        decorator_line(w, a, b, scope);
        return;
    }
    uint32_t k = a;
    enum head h = head_of(w, k);
    bool is_async = h == H_ASYNC;
    if (is_async)
        h = head_of(w, ++k);
    if (h == H_DEF) {
        def_header(w, k, b, scope, is_async);
        return;
    }
    w->npending = w->npending && h == H_CLASS ? w->npending : 0;
    if (h == H_CLASS)
        class_header(w, k, b, scope);
    else if (h == H_IMPORT)
        import_names(w, k, b, scope);
    else if (h == H_FROM && !op_is(w, k + 1, "("))
        from_import(w, k, b, scope);
    else if (h == H_GLOBAL || h == H_NONLOCAL)
        global_names(w, k, b, scope);
    else if (is_compound(w, h, k, b))
        compound_statement(w, k, b, scope);
    else {
        if (scope == 0 && name_is(w, a, "__all__") && a + 1 < b &&
            (op_is(w, a + 1, "=") || op_is(w, a + 1, "+=")))
            all_names(w, a, b);
        mark_targets(w, a, b, scope);
        visit_tokens(w, a, b, scope);
    }
}

static void statement(struct walk *w, uint32_t a, uint32_t b, uint32_t scope)
{
    if (!w->line_semicolon) {
        if (b > a)
            simple_or_compound(w, a, b, scope);
        return;
    }
    uint32_t s = a;
    for (uint32_t k = a; k <= b; k++)
        if (k == b || (op_is(w, k, ";") && w->toks[k].depth == 0)) {
            if (k > s)
                simple_or_compound(w, s, k, scope);
            s = k + 1;
        }
}

/* ---- the end of the file: names resolved, the summary put together ---- */

static const char *joined(struct walk *w, const char *head, const char *rest)
{
    struct text q;
    text_init(&q);
    text_puts(&q, head);
    text_puts(&q, rest);
    return text_keep(w, &q);
}

/* `self.m` / `cls.m`: the first parameter of a method (not a staticmethod) names its class */
static const char *through_self(struct walk *w, const struct bind *b, const char *rest)
{
    const struct af_summary_scope *sc = &w->fs->scopes[b->scope];
    const struct scope_extra *x = &w->extra[b->scope];
    if (sc->kind != AF_SUMMARY_FUNCTION || sc->parent < 0 ||
        w->fs->scopes[sc->parent].kind != AF_SUMMARY_CLASS || (sc->facts & AF_PROJECT_STATICMETHOD) ||
        !x->first_param || x->first_param_len != b->len || memcmp(x->first_param, b->name, b->len) != 0 ||
        !*rest || strchr(rest + 1, '.'))
        return NULL;
    return joined(w, w->fs->scopes[sc->parent].qualname, rest);
}

static const char *qualify(struct walk *w, const struct bind *b, const char *rest)
{
    if (b->mixed)
        return NULL;
    switch (b->kind) {
    case B_DEF:
    case B_CLASS:
        return joined(w, w->fs->scopes[b->target_scope].qualname, rest);
    case B_IMPORT:
        return joined(w, b->target, rest);
    case B_PARAM:
        return through_self(w, b, rest);
    default:
        return NULL;
    }
}

/* what `text` ("a.b.c") names from `scope`, as Python looks names up; NULL when it cannot tell */
static const char *resolve(struct walk *w, uint32_t scope, const char *text)
{
    size_t hl = strcspn(text, ".");
    const char *rest = text + hl;
    uint32_t name_hash = walk_hash(0, text, hl);
    int s = (int)scope;
    bool first = true;
    while (s >= 0) {
        const struct af_summary_scope *sc = &w->fs->scopes[s];
        if (sc->kind != AF_SUMMARY_CLASS || first) {
            const struct bind *b = binding_hashed(w, (uint32_t)s, text, hl, name_hash);
            if (b && b->kind == B_GLOBAL)
                b = binding_hashed(w, 0, text, hl, name_hash);
            if (b)
                return qualify(w, b, rest);
        }
        first = false;
        s = sc->parent;
    }
    return joined(w, "builtins.", text);
}

/* the facts of a def from its header and decorators (as af_project_def_facts gives them from a tree) */
static void def_facts(struct walk *w, uint32_t s)
{
    struct af_summary_scope *sc = &w->fs->scopes[s];
    const struct scope_extra *x = &w->extra[s];
    for (uint32_t k = 0; k < x->ndecorators; k++) {
        const char *t = x->decorator_text[k], *last = t ? strrchr(t, '.') : NULL;
        last = last ? last + 1 : t;
        bool plain = t && !x->decorator_called[k];
        sc->facts |= af_project_decorator(plain ? last : NULL, plain ? strlen(last) : 0);
    }
    if (x->has_yield)
        sc->facts |= AF_PROJECT_GENERATOR;
}

/* true when some scope under `s` (itself included) holds a `yield` */
static bool yields_within(const struct walk *w, uint32_t s)
{
    if (w->extra[s].has_yield)
        return true;
    for (uint32_t k = s + 1; k < w->fs->nscopes; k++) {
        int p = w->fs->scopes[k].parent;
        while (p > (int)s)
            p = w->fs->scopes[p].parent;
        if (p == (int)s && w->extra[k].has_yield)
            return true;
    }
    return false;
}

static void resolve_decorators(struct walk *w, uint32_t s)
{
    struct af_summary_scope *sc = &w->fs->scopes[s];
    const struct scope_extra *x = &w->extra[s];
    sc->ndecorators = x->ndecorators;
    if (x->ndecorators)
        sc->decorators = af_arena_alloc(arena(w), x->ndecorators * sizeof(*sc->decorators));
    for (uint32_t k = 0; k < x->ndecorators; k++) {
        const char *t = x->decorator_text[k], *q = t ? resolve(w, (uint32_t)sc->parent, t) : NULL;
        sc->decorators[k] = q ? q : t ? t : "?";
        if (q && !strcmp(q, "functools.wraps"))
            for (int a = sc->parent; a > 0; a = w->fs->scopes[a].parent)
                if (w->fs->scopes[a].kind == AF_SUMMARY_FUNCTION && !w->fs->scopes[a].wrapper)
                    w->fs->scopes[a].wrapper = sc->qualname;
    }
    sc->nbases = x->nbases;
    if (x->nbases)
        sc->bases = af_arena_alloc(arena(w), x->nbases * sizeof(*sc->bases));
    for (uint32_t k = 0; k < x->nbases; k++)
        sc->bases[k] = resolve(w, (uint32_t)sc->parent, x->base_text[k]);
}

/* the calls, each resolved, grouped by scope in source order */
static void resolve_calls(struct walk *w)
{
    struct af_file_summary *fs = w->fs;
    uint32_t *count = af_calloc(fs->nscopes + 1, sizeof(*count));
    for (uint32_t i = 0; i < w->nraw; i++)
        count[w->raw[i].scope + 1]++;
    for (uint32_t s = 0; s < fs->nscopes; s++) {
        count[s + 1] += count[s];
        fs->scopes[s].first_call = count[s];
        fs->scopes[s].ncalls = count[s + 1] - count[s];
    }
    fs->calls = af_malloc((w->nraw ? w->nraw : 1) * sizeof(*fs->calls));
    fs->ncalls = w->nraw;
    for (uint32_t i = 0; i < w->nraw; i++) {
        const struct raw_call *r = &w->raw[i];
        struct af_summary_call *c = &fs->calls[count[r->scope]++];
        c->callee = resolve(w, r->scope, r->text);
        c->text = r->text;
        c->scope = r->scope;
        c->line = r->line;
        c->column = r->col;
        c->flags = r->flags;
    }
    free(count);
}

/* true when `s` is a def or class at module level or in classes up to it */
static bool visible_scope(const struct walk *w, uint32_t s)
{
    int depth = 0;
    for (int p = w->fs->scopes[s].parent; p > 0; p = w->fs->scopes[p].parent)
        if (w->fs->scopes[p].kind != AF_SUMMARY_CLASS || ++depth > 8)
            return false;
    return true;
}

/* "HEAD.NAME" (malloc'd) */
static char *dotted(const char *head, const char *name, size_t len)
{
    size_t hl = strlen(head);
    char *s = af_malloc(hl + len + 2);
    memcpy(s, head, hl);
    s[hl] = '.';
    memcpy(s + hl + 1, name, len);
    s[hl + 1 + len] = '\0';
    return s;
}

static void add_def(struct af_project_def **defs, size_t *n, size_t *cap, char *qualname, unsigned facts)
{
    AF_ARRAY_GROW(*defs, *n, *cap);
    (*defs)[*n].qualname = qualname;
    (*defs)[*n].facts = facts;
    (*n)++;
}

/* what the coroutine index records: visible defs with their facts, other names bound there as rebound */
static void emit_defs(struct walk *w, struct af_project_def **defs, size_t *n, size_t *cap)
{
    const struct af_file_summary *fs = w->fs;
    for (uint32_t s = 1; s < fs->nscopes; s++) {
        const struct af_summary_scope *sc = &fs->scopes[s];
        if (sc->kind != AF_SUMMARY_FUNCTION || !visible_scope(w, s))
            continue;
        unsigned facts = sc->facts & ~AF_PROJECT_GENERATOR;
        if ((facts & AF_PROJECT_ASYNC) && yields_within(w, s))
            facts |= AF_PROJECT_GENERATOR;
        if (facts & AF_PROJECT_OVERLOAD)
            facts = AF_PROJECT_OVERLOAD;
        if (fs->scopes[sc->parent].kind == AF_SUMMARY_CLASS)
            facts |= AF_PROJECT_METHOD;
        add_def(defs, n, cap, af_strdup(sc->qualname), facts);
        /* a class that defines __enter__ is a sync context manager too: its __aenter__ says so */
        size_t ql = strlen(sc->qualname);
        if ((facts & AF_PROJECT_METHOD) && ql > 10 && strcmp(sc->qualname + ql - 10, ".__enter__") == 0)
            add_def(defs, n, cap, af_asprintf("%.*s.__aenter__", (int)(ql - 10), sc->qualname),
                    AF_PROJECT_ENTER | AF_PROJECT_METHOD);
    }
    for (uint32_t i = 0; i < w->nbinds; i++) {
        const struct bind *b = &w->binds[i];
        const struct af_summary_scope *sc = &fs->scopes[b->scope];
        if (!b->other || (sc->kind != AF_SUMMARY_MODULE && !(sc->kind == AF_SUMMARY_CLASS && visible_scope(w, b->scope))))
            continue;
        unsigned method = sc->kind == AF_SUMMARY_CLASS ? AF_PROJECT_METHOD : 0;
        add_def(defs, n, cap, dotted(sc->qualname, b->name, b->len), AF_PROJECT_REBOUND | method);
    }
}

static void walk_dispose(struct walk *w)
{
    free(w->toks);
    free(w->target);
    free(w->extra);
    free(w->frames);
    free(w->binds);
    af_hashtab_dispose(&w->bind_table);
    free(w->raw);
    free(w->noqa);
    free(w->pending_decorators);
    free(w->pending_called);
    free(w->br);
    free(w->lam);
    free(w->strings);
    af_hashtab_dispose(&w->string_table);
}

static int walk_lines(struct walk *w)
{
    for (;;) {
        enum line_status st = next_line(w);
        if (st == LINE_BROKEN)
            return AF_EINVALID;
        if (st == LINE_END)
            return 0;
        while (w->nframes && w->frames[w->nframes - 1].indent >= w->indent)
            w->nframes--;
        uint32_t scope = w->nframes ? w->frames[w->nframes - 1].scope : 0;
        if (w->ntoks > w->target_cap) {
            w->target_cap = w->ntoks * 2;
            w->target = af_realloc(w->target, w->target_cap * sizeof(*w->target));
        }
        memset(w->target, 0, w->ntoks * sizeof(*w->target));
        statement(w, 0, w->ntoks, scope);
    }
}


int af_summary_walk(struct af_file_summary **out, struct af_project_def **defs, size_t *ndefs, size_t *cap,
                    const struct af_summary_input *in)
{
    struct walk w;
    memset(&w, 0, sizeof(w));
    w.in = in;
    w.src = in->data;
    w.p = in->data;
    w.end = in->data + in->len;
    w.line = 1;
    w.line_start = w.p;
    w.pending_call = -1;
    if (in->len >= 3 && !memcmp(w.p, "\xef\xbb\xbf", 3))
        w.p += 3;
    w.fs = af_calloc(1, sizeof(*w.fs));
    w.fs->path = af_strdup(in->path);
    w.fs->module = keep(&w, in->module, strlen(in->module));
    w.fs->other_module = in->other_module ? keep(&w, in->other_module, strlen(in->other_module)) : NULL;
    uint32_t module = new_scope(&w, AF_SUMMARY_MODULE, 0, NULL, 0, NULL);
    w.fs->scopes[module].parent = -1;
    w.fs->scopes[module].qualname = w.fs->module;
    int error = walk_lines(&w);
    if (error == 0) {
        for (uint32_t s = 1; s < w.fs->nscopes; s++) {
            resolve_decorators(&w, s);
            if (w.fs->scopes[s].kind == AF_SUMMARY_FUNCTION)
                def_facts(&w, s);
        }
        resolve_calls(&w);
        emit_defs(&w, defs, ndefs, cap);
        w.fs->aliases = w.aliases;
        w.fs->naliases = w.naliases;
        w.fs->all = w.all;
        w.fs->nall = w.nall;
        w.fs->imports = w.imports;
        w.fs->nimports = w.nimports;
        w.fs->skip_file = w.skip_file;
        w.fs->shallow = w.max_depth <= SHALLOW_BRACKETS && !w.deep && !af_source_has_lone_cr(in->data, w.end);
        w.aliases = NULL;
        w.all = NULL;
        w.imports = NULL;
        *out = w.fs;
        w.fs = NULL;
    }
    free(w.aliases);
    free(w.all);
    free(w.imports);
    af_file_summary_free(w.fs);
    walk_dispose(&w);
    return error;
}
