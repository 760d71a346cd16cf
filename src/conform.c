/*
 * conform.c - one walk over a tree and its tokens for what CPython rejects
 * (conform.h). The walk keeps two things:
 *
 *  - the token stream, as CPython's tokenizer sees it: the gaps between
 *    tokens (blanks, comments, backslash continuations and nothing else),
 *    the open brackets, the line breaks that end a logical line (they must
 *    fall where the tree ends a statement or opens a block) and the
 *    indentation stack with its tab check, compared with the blocks of the
 *    tree. A string is one token (f-string expressions included, as in 3.11);
 *  - the path from the root, each node with the scope its code runs in
 *    (module, def, async def, lambda, class body, comprehension, generator
 *    expression) and whether a loop encloses it, for the placement of
 *    `await`, `yield`, `return`, `break`, `async for` and the like.
 */
#include "asyncfix/conform.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/cursor.h"
#include "asyncfix/lang.h"

enum scope_kind {
    SCOPE_MODULE,
    SCOPE_FUNCTION,
    SCOPE_ASYNC,
    SCOPE_LAMBDA,
    SCOPE_CLASS,
    SCOPE_COMPREHENSION,      /* list, set, dict: awaited where it is written */
    SCOPE_GENEXP,             /* generator expression: may become an async generator */
};

struct scope {
    enum scope_kind kind;
    int outer;                /* the scope the node that opened this one runs in; -1 for the module */
    bool has_yield;
    bool coroutine;           /* holds an await or an async comprehension */
    TSNode return_value;      /* async def: its first `return x`, or a null node */
};

/* one node on the path from the root */
struct entry {
    TSNode node;
    TSSymbol sym;
    TSFieldId field;
    int scope;                /* the scope this node's code runs in */
    int opened;               /* the scope this node opened, or -1 */
    bool in_loop;             /* break/continue allowed */
    bool indented;            /* a block opened by an indent */
    bool simple_unit;         /* a simple statement or decorator: a line may end after it */
    uint32_t clauses;         /* comprehension: its for clauses seen so far */
    bool first_clause;        /* for clause: the first of its comprehension */
};

struct conform {
    struct af_visitor v;   /* first: the visitor's callbacks get the check */
    const char *src;
    uint32_t len, bom;
    int target_minor;
    struct scope *scopes;
    uint32_t nscopes, scopes_cap;
    struct entry *path;
    uint32_t depth, path_cap;
    /* the token stream */
    bool have_prev, prev_line_end;
    uint32_t prev_end;
    uint32_t unit_start;      /* start of the innermost statement, clause or decorator entered */
    bool unit_compound;       /* that unit must start a logical line */
    int brackets;
    int in_string;
    int pending_block;        /* path index of a block whose first token is not seen yet, or -1 */
    /* CPython's indentation stack: columns with tabs to 8, and to 1 (the tab check) */
    uint32_t *cols, *alts;
    uint32_t nind, ind_cap;
    uint32_t tree_depth;      /* blocks opened by an indent around the current token */
    bool future_done;         /* a module-level statement other than the docstring or a future import seen */
    uint32_t module_stmts;
    struct af_conform_error err;
};

static const char *const reason_messages[] = {
    "",
#define AF_CONFORM_MESSAGE(name, message) message,
    AF_CONFORM_REASONS(AF_CONFORM_MESSAGE)
#undef AF_CONFORM_MESSAGE
};

const char *af_conform_message(enum af_conform_reason reason)
{
    return reason_messages[reason];
}

static void fail(struct conform *c, enum af_conform_reason reason, uint32_t start, uint32_t end)
{
    if (c->err.reason)
        return;
    c->err.reason = reason;
    c->err.start = start;
    c->err.end = end > start ? end : start;
}

static void fail_node(struct conform *c, enum af_conform_reason reason, TSNode node)
{
    fail(c, reason, ts_node_start_byte(node), ts_node_end_byte(node));
}

static bool text_is(const struct conform *c, TSNode node, const char *lit)
{
    return af_node_text_is(node, c->src, lit);
}

/* comments and backslash continuations: named children that are not part of the syntax */
static bool is_extra(TSNode node)
{
    TSSymbol s = ts_node_symbol(node);
    return s == af_sym.comment || s == af_sym.line_continuation;
}

static bool take_item(TSNode child, void *found)
{
    if (is_extra(child))
        return true;
    *(TSNode *)found = child;
    return false;
}

/* the first named child that is not a comment or a continuation, or a null node */
static TSNode first_item(TSNode node)
{
    TSNode found = af_null_node();
    af_node_each_child(node, true, take_item, &found);
    return found;
}

struct token_search {
    const struct conform *c;
    const char *lit;
    bool found;
};

static bool find_token(TSNode child, void *ctx)
{
    struct token_search *t = ctx;
    t->found = !ts_node_is_named(child) && text_is(t->c, child, t->lit);
    return !t->found;
}

/* true when an anonymous child of `node` is spelled `lit` */
static bool has_token(const struct conform *c, TSNode node, const char *lit)
{
    struct token_search t = { c, lit, false };
    af_node_each_child(node, false, find_token, &t);
    return t.found;
}

/* the last token of `node` (comments aside) is a comma: `import a,` */
static bool ends_with_comma(const struct conform *c, TSNode node)
{
    for (uint32_t i = ts_node_child_count(node); i > 0; i--) {
        TSNode ch = ts_node_child(node, i - 1);
        if (is_extra(ch))
            continue;
        return !ts_node_is_named(ch) && text_is(c, ch, ",");
    }
    return false;
}

/* `with a, b,:` (CPython allows the trailing comma only in `with (a, b,):`) */
static bool with_comma_unparenthesized(const struct conform *c, TSNode with)
{
    TSNode clause = af_with_clause(with);
    if (ts_node_is_null(clause) || !ends_with_comma(c, clause))
        return false;
    for (uint32_t i = 0; i < ts_node_child_count(clause); i++) {
        TSNode ch = ts_node_child(clause, i);
        if (!is_extra(ch))
            return ts_node_is_named(ch) || !text_is(c, ch, "(");
    }
    return false;
}

/* ---- tokens ---- */

static const char *const keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
    "yield", NULL,
};

/* by first byte: where the keywords starting with it begin and end in `keywords` (which groups them) */
static uint8_t keywords_from[256], keywords_to[256];

static void keywords_init(void)
{
    for (uint8_t k = 0; keywords[k]; k++) {
        unsigned char first = (unsigned char)keywords[k][0];
        if (keywords_to[first] == 0)
            keywords_from[first] = k;
        keywords_to[first] = k + 1;
    }
}

/* asked of every identifier: only the keywords of its first letter are compared */
static bool is_keyword(const char *s, uint32_t len)
{
    if (len < 2 || len > 8)
        return false;
    unsigned char first = (unsigned char)s[0];
    for (uint8_t k = keywords_from[first]; k < keywords_to[first]; k++)
        if (keywords[k][1] == s[1] && af_streq(s, len, keywords[k]))
            return true;
    return false;
}

static bool is_name_byte(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch >= 0x80;
}

static bool is_digit_in(char ch, int base)
{
    if (base == 16)
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    return ch >= '0' && ch < '0' + base;
}

/* digits of `base` with single underscores between them, from t[*i]; how many digits */
static uint32_t digit_part(const char *t, uint32_t n, uint32_t *i, int base, bool lead_underscore)
{
    uint32_t digits = 0;
    while (*i < n) {
        uint32_t at = *i;
        if (t[at] == '_' && (digits || lead_underscore) && at + 1 < n && is_digit_in(t[at + 1], base))
            at++;
        if (!is_digit_in(t[at], base))
            break;
        *i = at + 1;
        digits++;
    }
    return digits;
}

/* Python 3's numeric literal grammar over the token's text */
static enum af_conform_reason number_reason(const char *t, uint32_t n)
{
    uint32_t i = 0;
    if (n >= 2 && t[0] == '0' && strchr("xXoObB", t[1])) {
        int base = (t[1] == 'x' || t[1] == 'X') ? 16 : (t[1] == 'o' || t[1] == 'O') ? 8 : 2;
        i = 2;
        if (!digit_part(t, n, &i, base, true) || i != n)
            return AF_CONFORM_NUMBER;
        return AF_CONFORM_OK;
    }
    uint32_t int_digits = digit_part(t, n, &i, 10, false), frac = 0;
    bool point = false, exponent = false;
    if (i < n && t[i] == '.') {
        point = true;
        i++;
        frac = digit_part(t, n, &i, 10, false);
        if (!int_digits && !frac)
            return AF_CONFORM_NUMBER;
    } else if (!int_digits) {
        return AF_CONFORM_NUMBER;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        exponent = true;
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            i++;
        if (!digit_part(t, n, &i, 10, false))
            return AF_CONFORM_NUMBER;
    }
    bool imaginary = i < n && (t[i] == 'j' || t[i] == 'J');
    if (imaginary)
        i++;
    if (i != n)
        return AF_CONFORM_NUMBER;
    if (point || exponent || imaginary)
        return AF_CONFORM_OK;
    if (t[0] == '0')
        for (uint32_t k = 1; k < n; k++)
            if (t[k] != '0' && t[k] != '_')
                return AF_CONFORM_LEADING_ZEROS;
    return int_digits > 4300 ? AF_CONFORM_INT_DIGITS : AF_CONFORM_OK;
}

/* a number directly followed by a letter: only the keywords CPython 3.11 lets pass (with a warning) */
static bool number_suffix_ok(const char *s, uint32_t at, uint32_t len)
{
    if (at >= len || !is_name_byte((unsigned char)s[at]))
        return true;
    static const char *const after[] = { "and", "else", "for", "if", "in", "is", "or", "not", NULL };
    for (const char *const *k = after; *k; k++)
        if (af_startswith(s + at, len - at, *k))
            return true;
    return false;
}

static void check_number(struct conform *c, TSNode node)
{
    uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
    enum af_conform_reason r = number_reason(c->src + s, e - s);
    if (r)
        fail_node(c, r, node);
    else if (!number_suffix_ok(c->src, e, c->len))
        fail(c, AF_CONFORM_NUMBER_SUFFIX, s, e + 1);
}

/*
 * The gap [from, to) between two tokens: blanks, line breaks, comments and
 * backslash continuations only. True when it holds a line break that is not
 * escaped by a backslash.
 */
static bool scan_gap(struct conform *c, uint32_t from, uint32_t to)
{
    const char *s = c->src;
    bool newline = false;
    uint32_t i = from;
    while (i < to && !c->err.reason) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\f') {
            i++;
        } else if (ch == '\n' || ch == '\r') {
            newline = true;
            i++;
        } else if (ch == '#') {
            while (i < to && s[i] != '\n' && s[i] != '\r')
                i++;
        } else if (ch == '\\') {
            uint32_t at = i++;
            if (i < to && s[i] == '\r')
                i++;
            if (i < to && s[i] == '\n')
                i++;
            if (i == at + 1)
                fail(c, i < c->len ? AF_CONFORM_CONTINUATION : AF_CONFORM_CONTINUATION_EOF, at, i);
            else if (i == c->len)
                fail(c, AF_CONFORM_CONTINUATION_EOF, at, i);
        } else {
            uint32_t cp;
            size_t n = af_utf8_next(s + i, c->len - i, &cp);
            fail(c, AF_CONFORM_INVALID_CHARACTER, i, i + (uint32_t)(n ? n : 1));
        }
    }
    return newline;
}

/* the columns of the blanks from `from` up to `to` (tabs to the next multiple of 8; and, for the tab check, to 1) */
static void blank_columns(const struct conform *c, uint32_t from, uint32_t to, uint32_t *col, uint32_t *alt)
{
    *col = *alt = 0;
    for (uint32_t i = from; i < to; i++) {
        if (c->src[i] == '\t') {
            *col = (*col / 8 + 1) * 8;
            *alt += 1;
        } else if (c->src[i] == '\f') {
            *col = *alt = 0;
        } else {
            *col += 1;
            *alt += 1;
        }
    }
}

/* the start of the line before the one starting at `ls` when it holds only blanks and a backslash that joins it to this one */
static bool joining_line(const struct conform *c, uint32_t ls, uint32_t *start)
{
    uint32_t e = ls;
    if (e > c->bom && c->src[e - 1] == '\n')
        e--;
    if (e > c->bom && c->src[e - 1] == '\r')
        e--;
    if (e == ls || e <= c->bom || c->src[e - 1] != '\\')
        return false;
    uint32_t st = e - 1;
    while (st > c->bom && (c->src[st - 1] == ' ' || c->src[st - 1] == '\t' || c->src[st - 1] == '\f'))
        st--;
    if (st > c->bom && c->src[st - 1] != '\n' && c->src[st - 1] != '\r')
        return false;
    *start = st;
    return true;
}

/*
 * The indentation of the logical line whose first token starts at `at`, as
 * CPython's tokenizer counts it. A logical line may begin with lines that
 * hold only blanks and a backslash: the first of them whose blanks are not
 * empty sets the indentation, else the line of the token (what CPython 3.11
 * and later do: "indentation cannot be split over multiple physical lines");
 * the tab check then compares that same column.
 */
static void indentation(const struct conform *c, uint32_t at, uint32_t *col, uint32_t *alt)
{
    uint32_t ls = at;
    while (ls > c->bom && c->src[ls - 1] != '\n' && c->src[ls - 1] != '\r')
        ls--;
    blank_columns(c, ls, at, col, alt);
    uint32_t first = ls;
    for (uint32_t start; joining_line(c, first, &start);)
        first = start;
    for (uint32_t l = first; l < ls;) {
        uint32_t b = (uint32_t)((const char *)memchr(c->src + l, '\\', ls - l) - c->src), lc, la;
        blank_columns(c, l, b, &lc, &la);
        if (lc) {
            *col = *alt = lc;
            return;
        }
        for (l = b + 1; l < ls && (c->src[l] == '\r' || c->src[l] == '\n'); l++)
            ;
    }
}

/* a token starts a logical line: CPython's indent/dedent, compared with the tree's blocks */
static void logical_line(struct conform *c, uint32_t at, uint32_t end)
{
    uint32_t col, alt;
    indentation(c, at, &col, &alt);
    uint32_t top = c->nind - 1;
    if (col == c->cols[top]) {
        if (alt != c->alts[top])
            fail(c, AF_CONFORM_TAB_ERROR, at, end);
    } else if (col > c->cols[top]) {
        if (alt <= c->alts[top])
            fail(c, AF_CONFORM_TAB_ERROR, at, end);
        AF_ARRAY_GROW(c->cols, c->nind, c->ind_cap);
        c->alts = af_realloc(c->alts, c->ind_cap * sizeof(*c->alts));
        c->cols[c->nind] = col;
        c->alts[c->nind++] = alt;
    } else {
        while (c->nind > 1 && col < c->cols[c->nind - 1])
            c->nind--;
        if (col != c->cols[c->nind - 1])
            fail(c, AF_CONFORM_UNINDENT_MISMATCH, at, end);
        else if (alt != c->alts[c->nind - 1])
            fail(c, AF_CONFORM_TAB_ERROR, at, end);
    }
    if (c->nind - 1 > c->tree_depth)
        fail(c, AF_CONFORM_UNEXPECTED_INDENT, at, end);
    else if (c->nind - 1 < c->tree_depth)
        fail(c, AF_CONFORM_BLOCK_INDENT, at, end);
}

/* the symbols whose ':' opens a block */
static bool opens_block(TSSymbol s)
{
    return s == af_sym.if_statement || s == af_sym.elif_clause || s == af_sym.else_clause ||
           s == af_sym.for_statement || s == af_sym.while_statement || s == af_sym.try_statement ||
           s == af_sym.except_clause || s == af_sym.except_group_clause || s == af_sym.finally_clause ||
           s == af_sym.with_statement || s == af_sym.function_definition || s == af_sym.class_definition ||
           s == af_sym.match_statement || s == af_sym.case_clause;
}

/* a token as the tokenizer sees it (a whole string is one): gaps, line breaks, brackets, indentation */
static void stream_token(struct conform *c, bool named, uint32_t s, uint32_t e, TSSymbol parent)
{
    bool newline = scan_gap(c, c->have_prev ? c->prev_end : c->bom, s);
    bool line_start = !c->have_prev || (newline && c->brackets == 0);
    if (line_start && c->have_prev && !c->prev_line_end)
        fail(c, AF_CONFORM_LINE_BREAK, c->prev_end, s);
    if (line_start && s != c->unit_start)
        fail(c, AF_CONFORM_LINE_BREAK, s, e);
    if (!line_start && s == c->unit_start && c->unit_compound)
        fail(c, AF_CONFORM_NOT_AT_LINE_START, s, e);
    if (c->pending_block >= 0) {
        if (line_start) {
            c->path[c->pending_block].indented = true;
            c->tree_depth++;
        }
        c->pending_block = -1;
    }
    if (line_start)
        logical_line(c, s, e);
    c->have_prev = true;
    c->prev_end = e;
    c->prev_line_end = false;
    if (named || e != s + 1)
        return;
    char ch = c->src[s];
    if (ch == '(' || ch == '[' || ch == '{')
        c->brackets++;
    else if ((ch == ')' || ch == ']' || ch == '}') && c->brackets > 0)
        c->brackets--;
    else if (ch == ';' && (parent == af_sym.module || parent == af_sym.block))
        c->prev_line_end = true;
    else if (ch == ':' && opens_block(parent))
        c->prev_line_end = true;
}

/* ---- the coding comment ---- */

/* the encodings a coding comment may name for a file read as UTF-8 (after lowercasing, '_' as '-') */
static const char *const utf8_names[] = {
    "utf-8", "utf8", "u8", "utf", "utf8-ucs2", "utf8-ucs4", "cp65001", "utf-8-sig", NULL,
};

/* ASCII-compatible families: the file's ASCII code reads the same (EBCDIC, UTF-16/32/7 do not) */
static const char *const ascii_families[] = {
    "latin", "iso-8859", "iso8859", "8859", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10",
    "cp125", "cp43", "cp7", "cp8", "cp9", "cp1006", "cp1125", "windows-", "ascii", "us-ascii", "646",
    "koi8", "mac", "euc", "gb", "big5", "shift", "sjis", "s-jis", "hz", "johab", "hp-roman", "ptcp",
    "tis", "kz", "ibm8", "ibm4", "ibm7", "ibm9", "ms9", "ms-kanji", "ks-c", "ksc", "iso-2022", "iso2022",
    "csiso", "cyrillic", "greek", "hebrew", "arabic", "thai", "korean", "cp-gr", "cp-is", NULL,
};

/* the encoding named by a coding comment on `line` [s, e), or NULL: *len its length */
static const char *coding_name(const char *t, uint32_t s, uint32_t e, uint32_t *len)
{
    uint32_t i = s;
    while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '\f'))
        i++;
    if (i >= e || t[i] != '#')
        return NULL;
    for (; i + 7 <= e; i++) {
        if (memcmp(t + i, "coding", 6) != 0 || (t[i + 6] != ':' && t[i + 6] != '='))
            continue;
        uint32_t j = i + 7;
        while (j < e && (t[j] == ' ' || t[j] == '\t'))
            j++;
        uint32_t k = j;
        while (k < e && (is_name_byte((unsigned char)t[k]) || t[k] == '-' || t[k] == '.') &&
               (unsigned char)t[k] < 0x80)
            k++;
        *len = k - j;
        return k > j ? t + j : NULL;
    }
    return NULL;
}

static bool name_in(const char *name, const char *const *list, bool prefix)
{
    for (; *list; list++)
        if (prefix ? strncmp(name, *list, strlen(*list)) == 0 : strcmp(name, *list) == 0)
            return true;
    return false;
}

/* CPython reads a coding comment on the first line, or the second after a blank or comment line */
static void check_coding(struct conform *c)
{
    uint32_t s = c->bom;
    for (int line = 0; line < 2 && s < c->len; line++) {
        uint32_t e = s;
        while (e < c->len && c->src[e] != '\n' && c->src[e] != '\r')
            e++;
        uint32_t len;
        const char *name = coding_name(c->src, s, e, &len);
        if (name) {
            char norm[64];
            len = len < sizeof(norm) - 1 ? len : (uint32_t)sizeof(norm) - 1;
            for (uint32_t i = 0; i < len; i++)
                norm[i] = name[i] == '_' ? '-' : (char)(name[i] | (name[i] >= 'A' && name[i] <= 'Z' ? 0x20 : 0));
            norm[len] = '\0';
            bool utf8 = name_in(norm, utf8_names, false);
            /* after a BOM the tokenizer takes only what it normalises to "utf-8" */
            if (c->bom && strcmp(norm, "utf-8") != 0 && strncmp(norm, "utf-8-", 6) != 0)
                utf8 = false;
            if (!utf8 && (c->bom || !name_in(norm, ascii_families, true) || strstr(norm, "ebcdic")))
                fail(c, AF_CONFORM_ENCODING, (uint32_t)(name - c->src), (uint32_t)(name - c->src) + len);
            return;
        }
        uint32_t i = s;
        while (i < e && (c->src[i] == ' ' || c->src[i] == '\t' || c->src[i] == '\f'))
            i++;
        if (i < e && c->src[i] != '#')
            return;   /* a line of code: the second line is not read */
        s = e < c->len && c->src[e] == '\r' && e + 1 < c->len && c->src[e + 1] == '\n' ? e + 2 : e + 1;
    }
}

/* ---- strings ---- */

struct string_kind {
    bool raw, bytes, format, triple;
    char quote;
    uint32_t content, end;    /* the bytes between the quotes */
};

struct string_ends {
    TSNode first, last;
};

static bool note_end(TSNode child, void *ctx)
{
    struct string_ends *ends = ctx;
    if (ts_node_is_null(ends->first))
        ends->first = child;
    ends->last = child;
    return true;
}

/* reads the prefix and quotes of `str` (a string node); false after failing */
static bool string_kind(struct conform *c, TSNode str, struct string_kind *out)
{
    /* its first and last child: the quotes with the prefix, the closing quotes */
    struct string_ends ends = { af_null_node(), af_null_node() };
    af_node_each_child(str, false, note_end, &ends);
    TSNode start = ends.first, end = ends.last;
    uint32_t s = ts_node_start_byte(start), e = ts_node_end_byte(start);
    memset(out, 0, sizeof(*out));
    int r = 0, b = 0, u = 0, f = 0;
    uint32_t i = s;
    for (; i < e && strchr("rRbBuUfF", c->src[i]); i++) {
        char ch = c->src[i] | 0x20;
        r += ch == 'r';
        b += ch == 'b';
        u += ch == 'u';
        f += ch == 'f';
    }
    out->quote = i < e ? c->src[i] : '"';
    out->triple = e - i == 3;
    out->raw = r;
    out->bytes = b;
    out->format = f;
    out->content = e;
    out->end = ts_node_start_byte(end);
    if (out->quote == '`') {
        fail_node(c, AF_CONFORM_PYTHON2, str);
        return false;
    }
    if (r > 1 || b > 1 || u > 1 || f > 1 || (u && (r || b || f)) || (b && f)) {
        fail(c, AF_CONFORM_STRING_PREFIX, s, e);
        return false;
    }
    return true;
}

static bool hex_digits(const char *t, uint32_t at, uint32_t end, uint32_t n, uint32_t *value)
{
    *value = 0;
    if (at + n > end)
        return false;
    for (uint32_t k = 0; k < n; k++) {
        char ch = t[at + k];
        if (!is_digit_in(ch, 16))
            return false;
        *value = *value * 16 + (uint32_t)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
    }
    return true;
}

/* the escapes of a literal part [from, to) of a string that is not raw */
static void check_escapes(struct conform *c, const struct string_kind *k, uint32_t from, uint32_t to)
{
    const char *t = c->src;
    uint32_t i = from;
    while (i + 1 < to && !c->err.reason) {
        const char *backslash = memchr(t + i, '\\', to - 1 - i);   /* one that a character follows */
        if (!backslash)
            break;
        i = (uint32_t)(backslash - t);
        char ch = t[i + 1];
        uint32_t value, at = i + 2;
        bool ok = true;
        if (ch == 'x')
            ok = hex_digits(t, at, to, 2, &value);
        else if (ch == 'u' && !k->bytes)
            ok = hex_digits(t, at, to, 4, &value);
        else if (ch == 'U' && !k->bytes)
            ok = hex_digits(t, at, to, 8, &value) && value <= 0x10FFFF;
        else if (ch == 'N' && !k->bytes) {
            uint32_t j = at;
            ok = j < to && t[j] == '{';
            for (j++; ok && j < to && t[j] != '}'; j++)
                ok = (t[j] >= 'A' && t[j] <= 'Z') || (t[j] >= 'a' && t[j] <= 'z') || (t[j] >= '0' && t[j] <= '9') ||
                     t[j] == '-' || (t[j] == ' ' && j > at + 1 && t[j + 1] != '}' && t[j - 1] != ' ');
            ok = ok && j < to && j > at + 1;
        }
        if (!ok)
            fail(c, AF_CONFORM_BAD_ESCAPE, i, i + 2);
        i += 2;   /* past the escaped character, which is not a backslash that starts another escape */
    }
}

/* a quoted (not triple-quoted) string holds no line break that a backslash does not escape */
static void check_one_line(struct conform *c, TSNode str, const struct string_kind *k)
{
    for (uint32_t i = k->content; i < k->end; i++) {
        char ch = c->src[i];
        if (ch == '\\') {
            i++;
            if (i + 1 < k->end && c->src[i] == '\r' && c->src[i + 1] == '\n')
                i++;
        } else if (ch == '\n' || ch == '\r') {
            fail_node(c, AF_CONFORM_UNTERMINATED_STRING, str);
            return;
        }
    }
}

/* true when [s, e) holds the closing quote(s) of `k` */
static bool holds_delimiter(const struct conform *c, const struct string_kind *k, uint32_t s, uint32_t e)
{
    for (uint32_t i = s; i < e; i++) {
        if (c->src[i] != k->quote)
            continue;
        if (!k->triple || (i + 2 < e && c->src[i + 1] == k->quote && c->src[i + 2] == k->quote))
            return true;
    }
    return false;
}

/* a '#' in [s, e) outside the quotes of the strings there (3.11's f-string expression scanner) */
static bool hash_outside_strings(const struct conform *c, uint32_t s, uint32_t e)
{
    char quote = 0;
    bool triple = false;
    for (uint32_t i = s; i < e; i++) {
        char ch = c->src[i];
        if (quote) {
            bool three = i + 2 < e && c->src[i + 1] == quote && c->src[i + 2] == quote;
            if (ch == quote && (!triple || three)) {
                i += triple ? 2 : 0;
                quote = 0;
            }
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
            triple = i + 2 < e && c->src[i + 1] == ch && c->src[i + 2] == ch;
            i += triple ? 2 : 0;
        } else if (ch == '#') {
            return true;
        }
    }
    return false;
}

/* an f-string's replacement field (an interpolation or format_expression), 3.11's rules */
static void check_replacement(struct conform *c, TSNode field, const struct string_kind *k, int nesting)
{
    TSNode expr = af_field_child(field, af_field.expression);
    if (nesting > 1) {
        fail_node(c, AF_CONFORM_FSTRING_NESTING, field);
        return;
    }
    if (af_is(expr, af_sym.lambda)) {
        fail_node(c, AF_CONFORM_FSTRING_LAMBDA, expr);
        return;
    }
    uint32_t n = ts_node_named_child_count(field);
    for (uint32_t i = 0; i < n; i++) {
        TSNode ch = ts_node_named_child(field, i);
        if (af_is(ch, af_sym.type_conversion) && !text_is(c, ch, "!s") && !text_is(c, ch, "!r") &&
            !text_is(c, ch, "!a"))
            fail_node(c, AF_CONFORM_FSTRING_CONVERSION, ch);
        if (!af_is(ch, af_sym.format_specifier))
            continue;
        uint32_t m = ts_node_named_child_count(ch);
        for (uint32_t j = 0; j < m; j++) {
            TSNode fe = ts_node_named_child(ch, j);
            if (af_is(fe, af_sym.format_expression))
                check_replacement(c, fe, k, nesting + 1);
        }
    }
    if (ts_node_is_null(expr) || c->target_minor >= 12)
        return;
    uint32_t s = ts_node_start_byte(expr), e = ts_node_end_byte(expr);
    if (memchr(c->src + s, '\\', e - s) || hash_outside_strings(c, s, e) || holds_delimiter(c, k, s, e))
        fail_node(c, AF_CONFORM_FSTRING_EXPRESSION, expr);
}

struct string_check {
    struct conform *c;
    const struct string_kind *k;
    uint32_t at;   /* where the literal part after the last replacement field starts */
};

/* each named child of a string in turn: a replacement field ends a literal part; false stops (an error) */
static bool check_string_part(TSNode ch, void *ctx)
{
    struct string_check *sc = ctx;
    struct conform *c = sc->c;
    if (c->err.reason)
        return false;
    if (!af_is(ch, af_sym.interpolation))
        return true;
    if (!sc->k->raw)
        check_escapes(c, sc->k, sc->at, ts_node_start_byte(ch));
    check_replacement(c, ch, sc->k, 0);
    sc->at = ts_node_end_byte(ch);
    return true;
}

static void check_string(struct conform *c, TSNode str)
{
    struct string_kind k;
    if (!string_kind(c, str, &k))
        return;
    if (!k.triple)
        check_one_line(c, str, &k);
    if (k.bytes)
        for (uint32_t i = k.content; i < k.end; i++)
            if ((unsigned char)c->src[i] >= 0x80) {
                fail(c, AF_CONFORM_BYTES_NON_ASCII, i, i + 1);
                return;
            }
    /* the literal parts: between the replacement fields, and after the last */
    struct string_check sc = { c, &k, k.content };
    af_node_each_child(str, true, check_string_part, &sc);
    if (!c->err.reason && !k.raw)
        check_escapes(c, &k, sc.at, k.end);
}

static bool is_bytes_string(const struct conform *c, TSNode str)
{
    TSNode start = ts_node_child(str, 0);
    uint32_t s = ts_node_start_byte(start), e = ts_node_end_byte(start);
    for (uint32_t i = s; i < e; i++)
        if (c->src[i] == 'b' || c->src[i] == 'B')
            return true;
    return false;
}

static void check_concatenation(struct conform *c, TSNode node)
{
    uint32_t n = ts_node_named_child_count(node);
    int bytes = -1;
    for (uint32_t i = 0; i < n; i++) {
        TSNode s = ts_node_named_child(node, i);
        if (!af_is(s, af_sym.string))
            continue;
        int b = is_bytes_string(c, s);
        if (bytes >= 0 && b != bytes) {
            fail_node(c, AF_CONFORM_MIXED_BYTES, node);
            return;
        }
        bytes = b;
    }
}

/* ---- names: a set of the names seen in one parameter or argument list ---- */

struct name_set {
    struct af_hashtab table;
    TSNode *nodes;
    uint32_t n, cap;
};

/* true when a name spelled like `name` is in the set; adds it otherwise */
static bool name_seen(struct name_set *set, const char *src, TSNode name)
{
    uint32_t len;
    const char *t = af_node_text(name, src, &len);
    uint32_t h = af_hash_bytes(t, len);
    struct af_hashtab_iter it = af_hashtab_find(&set->table, h);
    for (uint32_t v; (v = af_hashtab_next(&set->table, &it)) != AF_HASHTAB_NONE;) {
        uint32_t l2;
        const char *t2 = af_node_text(set->nodes[v], src, &l2);
        if (l2 == len && memcmp(t, t2, len) == 0)
            return true;
    }
    AF_ARRAY_GROW(set->nodes, set->n, set->cap);
    set->nodes[set->n] = name;
    af_hashtab_put(&set->table, h, set->n++);
    return false;
}

static void name_set_dispose(struct name_set *set)
{
    af_hashtab_dispose(&set->table);
    free(set->nodes);
}

/* ---- parameters and arguments ---- */

/* the identifier a parameter binds, and what kind of parameter it is */
static TSNode parameter_name(TSNode p, TSSymbol *kind)
{
    TSSymbol s = ts_node_symbol(p);
    *kind = s;
    if (s == af_sym.default_parameter || s == af_sym.typed_default_parameter)
        return af_field_child(p, af_field.name);
    if (s == af_sym.typed_parameter) {
        TSNode inner = first_item(p);
        if (af_is(inner, af_sym.list_splat_pattern) || af_is(inner, af_sym.dictionary_splat_pattern)) {
            *kind = ts_node_symbol(inner);
            return first_item(inner);
        }
        return inner;
    }
    if (s == af_sym.list_splat_pattern || s == af_sym.dictionary_splat_pattern)
        return first_item(p);
    return s == af_sym.identifier ? p : af_null_node();
}

struct param_state {
    bool defaults, star, bare_star, named_after_star, kwargs, slash;
    uint32_t before;   /* parameters before the first * or / */
};

/* one parameter in its list: CPython's order of positional, defaults, /, *, keyword-only, ** */
static enum af_conform_reason parameter_order(struct param_state *st, TSSymbol kind)
{
    if (st->kwargs)
        return AF_CONFORM_PARAMETER_ORDER;
    if (kind == af_sym.positional_separator) {
        if (st->slash || st->star || !st->before)
            return AF_CONFORM_PARAMETER_ORDER;
        st->slash = true;
    } else if (kind == af_sym.keyword_separator || kind == af_sym.list_splat_pattern) {
        if (st->star)
            return AF_CONFORM_PARAMETER_ORDER;
        st->star = true;
        st->bare_star = kind == af_sym.keyword_separator;
    } else if (kind == af_sym.dictionary_splat_pattern) {
        if (st->bare_star && !st->named_after_star)
            return AF_CONFORM_PARAMETER_ORDER;
        st->kwargs = true;
    } else {
        bool has_default = kind == af_sym.default_parameter || kind == af_sym.typed_default_parameter;
        if (st->star)
            st->named_after_star = true;
        else if (st->defaults && !has_default)
            return AF_CONFORM_PARAMETER_ORDER;
        st->defaults = st->defaults || has_default;
        if (!st->star && !st->slash)
            st->before++;
    }
    return AF_CONFORM_OK;
}

/* one parameter or argument list's named children in turn (af_node_each_child): the check's state */
struct list_check {
    struct conform *c;
    struct name_set names;
    struct param_state st;    /* parameters */
    bool keyword, unpack;     /* arguments */
};

/* each parameter in turn; false stops (an error) */
static bool check_parameter(TSNode p, void *ctx)
{
    struct list_check *lc = ctx;
    struct conform *c = lc->c;
    if (c->err.reason)
        return false;
    if (is_extra(p))
        return true;
    if (af_is(p, af_sym.tuple_pattern)) {
        fail_node(c, AF_CONFORM_PARAMETER_PARENTHESIZED, p);
        return false;
    }
    TSSymbol kind;
    TSNode name = parameter_name(p, &kind);
    enum af_conform_reason r = parameter_order(&lc->st, kind);
    if (r)
        fail_node(c, r, p);
    else if (!ts_node_is_null(name) && !af_is(name, af_sym.identifier))   /* `*a.b`, `**a[0]` */
        fail_node(c, AF_CONFORM_PARAMETER_STAR_NAME, name);
    else if (!ts_node_is_null(name) && name_seen(&lc->names, c->src, name))
        fail_node(c, AF_CONFORM_PARAMETER_DUPLICATE, name);
    else if (!ts_node_is_null(name) && text_is(c, name, "__debug__"))
        fail_node(c, AF_CONFORM_DEBUG_ASSIGN, name);
    return true;
}

static void check_parameters(struct conform *c, TSNode params)
{
    struct list_check lc = { .c = c };
    af_node_each_child(params, true, check_parameter, &lc);
    if (lc.st.bare_star && !lc.st.named_after_star)
        fail_node(c, AF_CONFORM_PARAMETER_ORDER, params);
    name_set_dispose(&lc.names);
}

/* each argument in turn; false stops (an error) */
static bool check_argument(TSNode a, void *ctx)
{
    struct list_check *lc = ctx;
    struct conform *c = lc->c;
    if (c->err.reason)
        return false;
    TSSymbol s = ts_node_symbol(a);
    if (is_extra(a))
        return true;
    if (s == af_sym.keyword_argument) {
        lc->keyword = true;
        TSNode name = af_field_child(a, af_field.name);
        if (!ts_node_is_null(name) && name_seen(&lc->names, c->src, name))
            fail_node(c, AF_CONFORM_ARGUMENT_REPEATED, a);
    } else if (s == af_sym.dictionary_splat) {
        lc->unpack = true;
    } else if (s == af_sym.list_splat) {
        if (lc->unpack)
            fail_node(c, AF_CONFORM_ARGUMENT_ORDER, a);
    } else if (lc->keyword || lc->unpack) {
        fail_node(c, AF_CONFORM_ARGUMENT_ORDER, a);
    }
    return true;
}

/*
 * The grammar takes a trailing comma after no item at all in an argument
 * list and a dict (`f(,)`, `class C(,):`, `{,}`); CPython takes it only
 * after an item.
 */
static bool lone_comma(const struct conform *c, TSNode node)
{
    return ts_node_is_null(first_item(node)) && has_token(c, node, ",");
}

static void check_arguments(struct conform *c, TSNode args)
{
    struct list_check lc = { .c = c };
    if (lone_comma(c, args))
        fail_node(c, AF_CONFORM_LONE_COMMA, args);
    else
        af_node_each_child(args, true, check_argument, &lc);
    name_set_dispose(&lc.names);
}

/* ---- targets ---- */

/* `(x)` parses as a tuple_pattern; only a comma makes it a tuple */
static bool is_parenthesized_one(const struct conform *c, TSNode node)
{
    return (af_is(node, af_sym.parenthesized_expression) ||
            (af_is(node, af_sym.tuple_pattern) && !has_token(c, node, ","))) &&
           !ts_node_is_null(first_item(node));
}

static bool is_sequence(TSSymbol s)
{
    return s == af_sym.pattern_list || s == af_sym.tuple_pattern || s == af_sym.tuple ||
           s == af_sym.list_pattern || s == af_sym.list || s == af_sym.expression_list;
}

static bool is_starred(TSSymbol s)
{
    return s == af_sym.list_splat_pattern || s == af_sym.list_splat || s == af_sym.parenthesized_list_splat;
}

/* CPython's star_targets (`del`: del_targets, no star); `top` when not inside a sequence */
static void check_target(struct conform *c, TSNode t, bool top, bool del)
{
    TSSymbol s = ts_node_symbol(t);
    enum af_conform_reason bad = del ? AF_CONFORM_DELETE_TARGET : AF_CONFORM_TARGET;
    if (s == af_sym.identifier) {
        if (text_is(c, t, "__debug__"))
            fail_node(c, AF_CONFORM_DEBUG_ASSIGN, t);
    } else if (s == af_sym.attribute) {
        if (text_is(c, af_field_child(t, af_field.attribute), "__debug__"))
            fail_node(c, AF_CONFORM_DEBUG_ASSIGN, t);
    } else if (s == af_sym.subscript) {
        return;
    } else if (is_parenthesized_one(c, t)) {
        TSNode inner = first_item(t);
        if (is_starred(ts_node_symbol(inner)))
            fail_node(c, del ? bad : AF_CONFORM_STARRED_HERE, inner);
        else
            check_target(c, inner, top, del);
    } else if (is_sequence(s)) {
        uint32_t n = ts_node_named_child_count(t), stars = 0;
        for (uint32_t i = 0; i < n && !c->err.reason; i++) {
            TSNode item = ts_node_named_child(t, i);
            if (is_extra(item))
                continue;
            if (is_starred(ts_node_symbol(item)) && !del) {
                if (++stars > 1)
                    fail_node(c, AF_CONFORM_STARRED_MULTIPLE, item);
                TSNode inner = first_item(item);
                if (is_starred(ts_node_symbol(inner)) || af_is(item, af_sym.parenthesized_list_splat))
                    fail_node(c, AF_CONFORM_STARRED_HERE, item);
                else
                    check_target(c, inner, false, del);
            } else {
                check_target(c, item, false, del);
            }
        }
    } else if (is_starred(s) && top && !del) {
        fail_node(c, AF_CONFORM_STARRED_ALONE, t);
    } else {
        fail_node(c, bad, t);
    }
}

static void check_augmented_target(struct conform *c, TSNode left)
{
    while (is_parenthesized_one(c, left))
        left = first_item(left);
    TSSymbol s = ts_node_symbol(left);
    if (s == af_sym.identifier)
        check_target(c, left, true, false);
    else if (s != af_sym.attribute && s != af_sym.subscript)
        fail_node(c, AF_CONFORM_AUGMENTED_TARGET, left);
}

static void check_assignment(struct conform *c, TSNode node, TSSymbol parent)
{
    TSNode left = af_field_child(node, af_field.left), right = af_field_child(node, af_field.right);
    bool annotated = !ts_node_is_null(af_field_child(node, af_field.type));
    if (af_is(right, af_sym.augmented_assignment) || (annotated && af_is(right, af_sym.assignment)) ||
        (annotated && parent != af_sym.expression_statement)) {
        fail_node(c, AF_CONFORM_ASSIGNMENT_CHAIN, node);
        return;
    }
    if (!annotated) {
        check_target(c, left, true, false);
        return;
    }
    TSNode single = left;
    while (is_parenthesized_one(c, single))
        single = first_item(single);
    TSSymbol s = ts_node_symbol(single);
    if (s != af_sym.identifier && s != af_sym.attribute && s != af_sym.subscript)
        fail_node(c, AF_CONFORM_ANNOTATED_TARGET, left);
    else
        check_target(c, single, true, false);
}

static void check_delete(struct conform *c, TSNode node)
{
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n && !c->err.reason; i++) {
        TSNode t = ts_node_named_child(node, i);
        if (is_extra(t))
            continue;
        if (af_is(t, af_sym.expression_list))
            check_target(c, t, false, true);
        else
            check_target(c, t, true, true);
    }
}

/* ---- placement of expressions ---- */

/*
 * Where a starred expression may stand (3.11: subscripts too). tree-sitter
 * binds `*` tighter than CPython: `*a.b()` parses as a call of `*a.b` and
 * `*a + b` as a sum; CPython stars the whole primary or sum, so the place is
 * that of the outermost call, attribute, subscript or left operand.
 */
/* the type at c->path[at + 1] may be starred: the annotation of `*args`, or in a subscript (tuple[*Ts]) */
static bool star_annotation_place(const struct conform *c, uint32_t at)
{
    return (c->path[at].sym == af_sym.typed_parameter &&
            af_is(first_item(c->path[at].node), af_sym.list_splat_pattern)) ||
           c->path[at].sym == af_sym.type_parameter;
}

static void check_starred(struct conform *c, TSNode node)
{
    if (af_is(node, af_sym.parenthesized_list_splat)) {
        fail_node(c, AF_CONFORM_STARRED_HERE, node);
        return;
    }
    uint32_t i = c->depth - 1;
    while (i >= 2) {
        const struct entry *e = &c->path[i], *p = &c->path[i - 1];
        if (!((p->sym == af_sym.call && e->field == af_field.function) ||
              (p->sym == af_sym.attribute && e->field == af_field.object) ||
              (p->sym == af_sym.subscript && e->field == af_field.value) ||
              (p->sym == af_sym.binary_operator && e->field == af_field.left)))
            break;
        i--;
    }
    TSSymbol p = c->path[i - 1].sym;
    bool ok = p == af_sym.argument_list || p == af_sym.list || p == af_sym.set ||
              (p == af_sym.tuple && has_token(c, c->path[i - 1].node, ",")) ||
              p == af_sym.expression_list || p == af_sym.subscript ||
              (p == af_sym.type && i >= 2 && star_annotation_place(c, i - 2)) ||   /* def f(*args: *Ts) */
              (p == af_sym.except_clause && c->path[i].field == af_field.value) ||   /* except *E: */
              (p == af_sym.as_pattern && i >= 2 && c->path[i - 2].sym == af_sym.except_clause &&
               c->path[i - 1].field == af_field.value);                             /* except *E as e: */
    if (!ok)
        fail_node(c, AF_CONFORM_STARRED_HERE, node);
}

/*
 * A starred annotation (`*Ts`, a splat_type): CPython takes it as the whole
 * annotation of `*args` (def f(*args: *Ts)) and inside a subscript
 * (tuple[*Ts]), nowhere else (`x: *T`, `def f(a: *T)`).
 */
static void check_splat_type(struct conform *c, TSNode node)
{
    uint32_t i = c->depth - 1;
    bool ok = i >= 2 && c->path[i - 1].sym == af_sym.type && star_annotation_place(c, i - 2);
    if (!ok)
        fail_node(c, AF_CONFORM_STARRED_HERE, node);
}

/*
 * `a: b:c`: the grammar's constrained type is a type parameter's bound (and
 * a slice in a subscript, `x: T[a:b]`, which it also reads as a type
 * parameter); anywhere else in an annotation CPython rejects the colon.
 */
static void check_constrained_type(struct conform *c)
{
    uint32_t i = c->depth - 1;
    while (i > 0 && (c->path[i - 1].sym == af_sym.type || c->path[i - 1].sym == af_sym.union_type ||
                     c->path[i - 1].sym == af_sym.constrained_type))
        i--;
    if (i == 0 || c->path[i - 1].sym != af_sym.type_parameter)
        fail_node(c, AF_CONFORM_ANNOTATION_COLON, c->path[c->depth - 1].node);
}

/*
 * The names an import binds: `from m import a.b` is a dotted name where
 * CPython takes one identifier, and `import __debug__.x` or `from m import
 * __debug__` binds __debug__ (an `as` name is checked with the other names).
 */
static void check_import_names(struct conform *c, TSNode node, bool from)
{
    uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n && !c->err.reason; i++) {
        const char *field = ts_node_field_name_for_child(node, i);
        if (!field || strcmp(field, "name") != 0)
            continue;
        TSNode name = ts_node_child(node, i);
        bool aliased = af_is(name, af_sym.aliased_import);
        if (aliased)
            name = af_field_child(name, af_field.name);
        if (!af_is(name, af_sym.dotted_name))
            continue;
        if (from && ts_node_named_child_count(name) > 1)
            fail_node(c, AF_CONFORM_IMPORT_DOTTED, name);
        else if (!aliased && text_is(c, first_item(name), "__debug__"))
            fail_node(c, AF_CONFORM_DEBUG_ASSIGN, name);
    }
}

/* an unparenthesized `x := y` is allowed only in some places */
/* `target` (a for clause's target) binds the name `name` */
static bool for_target_binds(const struct conform *c, TSNode target, TSNode name)
{
    TSSymbol s = ts_node_symbol(target);
    if (s == af_sym.identifier) {
        uint32_t a, b;
        const char *x = af_node_text(target, c->src, &a), *y = af_node_text(name, c->src, &b);
        return a == b && memcmp(x, y, a) == 0;
    }
    if (!is_sequence(s) && !is_starred(s) && s != af_sym.parenthesized_expression)
        return false;   /* `for a.b in`, `for a[0] in` bind no name */
    uint32_t n = ts_node_named_child_count(target);
    for (uint32_t i = 0; i < n; i++)
        if (for_target_binds(c, ts_node_named_child(target, i), name))
            return true;
    return false;
}

/* a for clause of the comprehension `comp` binds `name` */
static bool comprehension_binds(const struct conform *c, TSNode comp, TSNode name)
{
    uint32_t n = ts_node_named_child_count(comp);
    for (uint32_t i = 0; i < n; i++) {
        TSNode clause = ts_node_named_child(comp, i);
        if (af_is(clause, af_sym.for_in_clause) && for_target_binds(c, af_field_child(clause, af_field.left), name))
            return true;
    }
    return false;
}

/*
 * `x := v` inside comprehensions: never in a for clause's iterable, even
 * inside a lambda there (`[i for i in (j := y)]`), and never naming an
 * iteration variable of a comprehension it is in (`[x := 1 for x in y]`),
 * where a lambda in between binds it in its own scope. The walrus's own
 * placement is checked first (check_walrus).
 */
static void check_walrus_in_comprehension(struct conform *c, TSNode node)
{
    TSNode name = af_field_child(node, af_field.name);
    bool in_lambda = false;
    for (uint32_t i = c->depth - 1; i-- > 0 && !c->err.reason;) {
        TSSymbol s = c->path[i].sym;
        if (s == af_sym.block || s == af_sym.module)
            return;
        if (s == af_sym.lambda)
            in_lambda = true;
        else if (s == af_sym.for_in_clause && c->path[i + 1].field == af_field.right)
            fail_node(c, AF_CONFORM_WALRUS_ITERABLE, node);
        else if ((s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
                  s == af_sym.dictionary_comprehension || s == af_sym.generator_expression) &&
                 !in_lambda && !ts_node_is_null(name) && comprehension_binds(c, c->path[i].node, name))
            fail_node(c, AF_CONFORM_WALRUS_REBIND, node);
    }
}

static void check_walrus(struct conform *c, TSNode node, const struct entry *parent)
{
    TSSymbol p = parent->sym;
    TSFieldId f = c->path[c->depth - 1].field;
    bool ok = p == af_sym.parenthesized_expression || p == af_sym.argument_list || p == af_sym.list ||
              p == af_sym.set || p == af_sym.tuple || p == af_sym.decorator ||
              (p == af_sym.if_clause && c->path[c->depth - 3].sym == af_sym.case_clause) ||
              (p == af_sym.subscript && f == af_field.subscript) ||
              ((p == af_sym.if_statement || p == af_sym.elif_clause || p == af_sym.while_statement) &&
               f == af_field.condition) ||
              ((p == af_sym.list_comprehension || p == af_sym.set_comprehension ||
                p == af_sym.generator_expression) && f == af_field.body) ||
              p == af_sym.match_statement ||
              p == af_sym.interpolation;   /* f'{x:=10}': CPython reads `=10` as the format spec */
    if (!ok)
        fail_node(c, AF_CONFORM_WALRUS_PLACE, node);
    else
        check_walrus_in_comprehension(c, node);
}

/* the operand of `await` must be one of CPython's primaries (`await a ** b` is `(await a) ** b`) */
static void check_await_operand(struct conform *c, TSNode node)
{
    TSNode op = first_item(node);
    TSSymbol s = ts_node_symbol(op);
    bool ok = s == af_sym.identifier || s == af_sym.attribute || s == af_sym.subscript || s == af_sym.call ||
              s == af_sym.string || s == af_sym.concatenated_string || s == af_sym.integer ||
              s == af_sym.float_ || s == af_sym.true_ || s == af_sym.false_ || s == af_sym.none ||
              s == af_sym.list || s == af_sym.list_comprehension || s == af_sym.dictionary ||
              s == af_sym.dictionary_comprehension || s == af_sym.set || s == af_sym.set_comprehension ||
              s == af_sym.tuple || s == af_sym.parenthesized_expression || s == af_sym.generator_expression ||
              s == af_sym.ellipsis;
    if (s == af_sym.binary_operator) {
        TSNode operator = af_field_child(op, af_field.operator);
        TSNode left = af_field_child(op, af_field.left);
        ok = text_is(c, operator, "**") && !af_is(left, af_sym.await) && !af_is(left, af_sym.unary_operator);
    }
    if (!ok)
        fail_node(c, AF_CONFORM_AWAIT_OPERAND, node);
}

/* ---- scopes ---- */

static int push_scope(struct conform *c, enum scope_kind kind, int outer)
{
    AF_ARRAY_GROW(c->scopes, c->nscopes, c->scopes_cap);
    struct scope *sc = &c->scopes[c->nscopes];
    memset(sc, 0, sizeof(*sc));
    sc->kind = kind;
    sc->outer = outer;
    sc->return_value = af_null_node();
    return (int)c->nscopes++;
}

static enum scope_kind kind_of(const struct conform *c, int scope)
{
    return c->scopes[scope].kind;
}

static void check_await(struct conform *c, TSNode node, int scope)
{
    enum scope_kind k = kind_of(c, scope);
    c->scopes[scope].coroutine = true;
    if (k == SCOPE_MODULE || k == SCOPE_CLASS)
        fail_node(c, AF_CONFORM_AWAIT_OUTSIDE_FUNCTION, node);
    else if (k == SCOPE_FUNCTION || k == SCOPE_LAMBDA)
        fail_node(c, AF_CONFORM_AWAIT_OUTSIDE_ASYNC, node);
    else
        check_await_operand(c, node);
}

static void check_yield(struct conform *c, TSNode node, int scope)
{
    struct scope *sc = &c->scopes[scope];
    if (sc->kind == SCOPE_MODULE || sc->kind == SCOPE_CLASS)
        fail_node(c, AF_CONFORM_YIELD_OUTSIDE, node);
    else if (sc->kind == SCOPE_COMPREHENSION || sc->kind == SCOPE_GENEXP)
        fail_node(c, AF_CONFORM_YIELD_COMPREHENSION, node);
    else if (sc->kind == SCOPE_ASYNC && has_token(c, node, "from"))
        fail_node(c, AF_CONFORM_YIELD_FROM_ASYNC, node);
    sc->has_yield = true;
}

static void check_return(struct conform *c, TSNode node, int scope)
{
    struct scope *sc = &c->scopes[scope];
    if (sc->kind != SCOPE_FUNCTION && sc->kind != SCOPE_ASYNC)
        fail_node(c, AF_CONFORM_RETURN_OUTSIDE, node);
    else if (sc->kind == SCOPE_ASYNC && ts_node_is_null(sc->return_value) && !ts_node_is_null(first_item(node)))
        sc->return_value = node;
}

/* a scope ends: an async generator returns no value; an awaiting comprehension needs an async caller */
static void close_scope(struct conform *c, int scope, TSNode node)
{
    struct scope *sc = &c->scopes[scope];
    if (sc->kind == SCOPE_ASYNC && sc->has_yield && !ts_node_is_null(sc->return_value))
        fail_node(c, AF_CONFORM_RETURN_ASYNC_GENERATOR, sc->return_value);
    if (sc->kind != SCOPE_COMPREHENSION || !sc->coroutine)
        return;
    struct scope *outer = &c->scopes[sc->outer];
    if (outer->kind != SCOPE_ASYNC && outer->kind != SCOPE_COMPREHENSION && outer->kind != SCOPE_GENEXP)
        fail_node(c, AF_CONFORM_ASYNC_COMPREHENSION, node);
    outer->coroutine = true;
}

/* ---- global and nonlocal: what a scope and the functions around it do with a name ---- */

/* what a scope's body does with a name (CPython's symbol flags, read in this order) */
enum {
    NAME_GLOBAL = 1,       /* declared global: hidden from the functions inside */
    NAME_NONLOCAL = 2,     /* declared nonlocal: bound further out, if anywhere */
    NAME_BOUND = 4,        /* assigned, deleted, defined or captured: a local of the function */
    NAME_IMPORTED = 8,     /* imported: a local of the function too */
    NAME_ANNOTATED = 16,   /* `x: T`: never nonlocal, nor global in a def or class body */
    NAME_BOUND_BEFORE = 32,   /* bound (not imported) before the scan's limit: never global or nonlocal after */
    NAME_USED_BEFORE = 64,    /* surely read in the scope before the scan's limit: the same */
};

struct scan_level {
    TSNode node;
    TSSymbol sym;
    TSFieldId field;
};

/* one walk over a scope's body for what it does with `name` (nested scopes' bodies skipped) */
struct name_scan {
    struct af_visitor v;      /* first: the visitor's callbacks get the scan */
    const char *src;
    const char *name;
    uint32_t len;
    uint32_t limit;           /* where the `global` or `nonlocal` statement starts (0: none) */
    bool module;              /* the body is the module's: a walrus in a comprehension makes a global, and
                                 the scan ends at the limit (the module may annotate its globals after) */
    unsigned stop_on;         /* the scan ends once it found one of these */
    struct scan_level *path;  /* path[0]: the body; then the nodes entered */
    uint32_t depth, cap;
    unsigned found;
};

static bool is_name(const struct name_scan *s, TSNode node)
{
    uint32_t len;
    const char *t = af_node_text(node, s->src, &len);
    return len == s->len && memcmp(t, s->name, len) == 0;
}

/* the nodes an assignment, for, with, except or del target nests its names in */
static bool is_target_nest(TSSymbol s)
{
    return is_sequence(s) || s == af_sym.list_splat_pattern || s == af_sym.list_splat ||
           s == af_sym.parenthesized_expression || s == af_sym.as_pattern_target;
}

/* the identifier on top of the path is a target of an assignment (not `(x): T` alone), for, with, except or del */
static bool target_binds(const struct name_scan *s)
{
    uint32_t top = s->depth - 1, k = top;
    while (k > 1 && is_target_nest(s->path[k - 1].sym))
        k--;
    const struct scan_level *t = &s->path[k], *up = &s->path[k - 1];
    if (up->sym == af_sym.assignment)
        return t->field == af_field.left &&
               (k == top || ts_node_is_null(af_field_child(up->node, af_field.type)) ||
                !ts_node_is_null(af_field_child(up->node, af_field.right)));
    return ((up->sym == af_sym.augmented_assignment || up->sym == af_sym.for_statement) &&
            t->field == af_field.left) ||
           (up->sym == af_sym.as_pattern && t->field == af_field.alias) || up->sym == af_sym.delete_statement;
}

/* `import a.b` and `from m import a` import a; `case a:` and `case P(k=a):` capture a (not `_`, not `a.b`) */
static unsigned dotted_use(const struct name_scan *s)
{
    const struct scan_level *id = &s->path[s->depth - 1], *dn = id - 1, *up = id - 2;
    bool first = ts_node_start_byte(id->node) == ts_node_start_byte(dn->node);
    bool alone = first && ts_node_end_byte(id->node) == ts_node_end_byte(dn->node);
    if (up->sym == af_sym.import_statement)
        return first ? NAME_IMPORTED : 0;
    if (up->sym == af_sym.import_from_statement)
        return alone && dn->field == af_field.name ? NAME_IMPORTED : 0;
    return alone && (up->sym == af_sym.case_pattern || up->sym == af_sym.keyword_pattern) &&
           !(s->len == 1 && s->name[0] == '_') ? NAME_BOUND : 0;
}

/* `type X = ...`, `type X[T] = ...` (3.12) */
static bool alias_binds(const struct name_scan *s)
{
    if (s->depth < 3)
        return false;
    uint32_t k = s->depth - 2;
    if (s->path[k].sym != af_sym.type &&
        ts_node_start_byte(s->path[k].node) == ts_node_start_byte(s->path[k + 1].node))
        k--;   /* a generic type's name */
    return k >= 1 && s->path[k].sym == af_sym.type && s->path[k].field == af_field.left &&
           s->path[k - 1].sym == af_sym.type_alias_statement;
}

static bool is_comprehension(TSSymbol s)
{
    return s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
           s == af_sym.dictionary_comprehension || s == af_sym.generator_expression;
}

/* the identifier on top of the path is inside a comprehension */
static bool in_comprehension(const struct name_scan *s)
{
    for (uint32_t k = 1; k + 1 < s->depth; k++)
        if (is_comprehension(s->path[k].sym))
            return true;
    return false;
}

/* a node all of whose named children are read: `x` alone, `return x`, `f(x)`, `a < x`, `@x`, `raise x from y` */
static bool reads_children(TSSymbol p)
{
    return p == af_sym.expression_statement || p == af_sym.return_statement || p == af_sym.yield ||
           p == af_sym.await || p == af_sym.argument_list || p == af_sym.comparison_operator ||
           p == af_sym.conditional_expression || p == af_sym.assert_statement || p == af_sym.decorator ||
           p == af_sym.raise_statement || p == af_sym.slice || p == af_sym.match_statement;
}

/* a node whose child in field `f` is read: `x()`, `x.a`, `x[i]`, `a[x]`, `a = x`, `if x:`, `for a in x:`, ... */
static bool reads_field(TSSymbol p, TSFieldId f)
{
    const struct af_fields *y = &af_field;
    if (p == af_sym.binary_operator || p == af_sym.boolean_operator)
        return f == y->left || f == y->right;
    if (p == af_sym.subscript)
        return f == y->value || f == y->subscript;
    if (p == af_sym.pair)
        return f == y->key || f == y->value;
    return (f == y->function && p == af_sym.call) || (f == y->object && p == af_sym.attribute) ||
           (f == y->argument && (p == af_sym.unary_operator || p == af_sym.not_operator)) ||
           (f == y->condition && (p == af_sym.if_statement || p == af_sym.elif_clause ||
                                  p == af_sym.while_statement)) ||
           (f == y->right && (p == af_sym.assignment || p == af_sym.augmented_assignment ||
                              p == af_sym.for_statement || p == af_sym.for_in_clause)) ||
           (f == y->expression && p == af_sym.interpolation) ||
           (f == y->value && (p == af_sym.keyword_argument || p == af_sym.named_expression ||
                              p == af_sym.with_item || p == af_sym.except_clause ||
                              p == af_sym.default_parameter || p == af_sym.typed_default_parameter));
}

/* path[k] is a comprehension and path[k + 2] its first iterable, which the enclosing scope evaluates */
static bool first_iterable(const struct name_scan *s, uint32_t k)
{
    if (k + 2 >= s->depth || s->path[k + 1].sym != af_sym.for_in_clause || s->path[k + 2].field != af_field.right)
        return false;
    TSNode comp = s->path[k].node;
    for (uint32_t i = 0; i < ts_node_named_child_count(comp); i++) {
        TSNode ch = ts_node_named_child(comp, i);
        if (af_is(ch, af_sym.for_in_clause))
            return ts_node_eq(ch, s->path[k + 1].node);
    }
    return false;
}

/* the identifier on top of the path is read by its parent, whatever scope that runs in */
static bool read_where_written(const struct name_scan *s)
{
    const struct scan_level *id = &s->path[s->depth - 1], *up = id - 1;
    if (reads_children(up->sym) || reads_field(up->sym, id->field))
        return true;
    if (s->depth < 3)
        return false;
    TSSymbol p = up[-1].sym;
    if (up->sym == af_sym.list_splat || up->sym == af_sym.dictionary_splat)   /* f(*x), f(**x), {**x} */
        return p == af_sym.argument_list || (up->sym == af_sym.dictionary_splat && p == af_sym.dictionary);
    /* `with x as y:`, `except x as e:` (the name after `as` is in an as_pattern_target) */
    return up->sym == af_sym.as_pattern && up->field == af_field.value &&
           (p == af_sym.with_item || p == af_sym.except_clause);
}

/*
 * The identifier on top of the path is surely read in the scope scanned (a
 * use CPython's symbol table records there): a whitelist of the places
 * that read it, outside a comprehension's own scope (its first iterable
 * aside), an annotation (a scope of its own with `from __future__ import
 * annotations`), a `case` clause and 3.12's type parameter scopes. When
 * unsure, not: a use counted wrongly would reject valid code.
 */
static bool surely_read(const struct name_scan *s)
{
    if (!read_where_written(s))
        return false;
    for (uint32_t k = 1; k + 1 < s->depth; k++) {
        TSSymbol a = s->path[k].sym;
        if (is_comprehension(a) && first_iterable(s, k))
            k += 1;   /* on to the iterable's own nodes */
        else if (is_comprehension(a) || a == af_sym.type || a == af_sym.type_parameter || a == af_sym.case_clause ||
                 ((a == af_sym.function_definition || a == af_sym.class_definition) &&
                  !ts_node_is_null(af_field_child(s->path[k].node, af_field.type_parameters))))
            return false;
    }
    return true;
}

/* the identifier on top of the path, spelled like the scan's name: what it does there */
static unsigned name_use(const struct name_scan *s)
{
    const struct scan_level *id = &s->path[s->depth - 1], *up = id - 1;
    TSSymbol p = up->sym;
    bool wildcard = s->len == 1 && s->name[0] == '_';
    unsigned use;
    if (p == af_sym.global_statement)
        return NAME_GLOBAL;
    if (p == af_sym.nonlocal_statement)
        return NAME_NONLOCAL;
    if (p == af_sym.named_expression && s->module && in_comprehension(s))
        use = 0;   /* the module's own global, never a local (no declaration rule sees it) */
    else if (p == af_sym.named_expression || p == af_sym.function_definition || p == af_sym.class_definition)
        use = id->field == af_field.name ? NAME_BOUND : 0;
    else if (p == af_sym.aliased_import)
        use = id->field == af_field.alias ? NAME_IMPORTED : 0;
    else if (p == af_sym.as_pattern)   /* `case P() as x`: the name after `as` has no field */
        use = ts_node_start_byte(id->node) != ts_node_start_byte(up->node) ? NAME_BOUND : 0;
    else if (p == af_sym.splat_pattern)   /* `case [*rest]`, `case {**rest}` */
        use = wildcard ? 0 : NAME_BOUND;
    else if (p == af_sym.dotted_name)
        use = s->depth >= 3 ? dotted_use(s) : 0;
    else
        use = alias_binds(s) || target_binds(s) ? NAME_BOUND : 0;
    if (!use && ts_node_start_byte(id->node) < s->limit && surely_read(s))
        return NAME_USED_BEFORE;
    if (use != NAME_BOUND)
        return use;
    if (p == af_sym.assignment && !ts_node_is_null(af_field_child(up->node, af_field.type)))
        use |= NAME_ANNOTATED;
    if (ts_node_start_byte(id->node) < s->limit)
        use |= NAME_BOUND_BEFORE;
    return use;
}

/* a nested def's, class's or lambda's body is its own scope: skipped (its header, defaults and bases are not) */
static bool scan_enter(struct af_visitor *v, TSNode node)
{
    struct name_scan *s = (struct name_scan *)v;
    if (s->module && ts_node_start_byte(node) >= s->limit) {
        v->stop = true;
        return false;
    }
    AF_ARRAY_GROW(s->path, s->depth, s->cap);
    struct scan_level *l = &s->path[s->depth++];
    TSSymbol up = l[-1].sym;
    l->node = node;
    l->sym = v->symbol;
    l->field = af_visitor_field(v);
    if (l->field == af_field.body &&
        (up == af_sym.function_definition || up == af_sym.class_definition || up == af_sym.lambda))
        return false;
    if (l->sym == af_sym.identifier && is_name(s, node))
        s->found |= name_use(s);
    v->stop = (s->found & s->stop_on) != 0;
    return true;
}

static void scan_leave(struct af_visitor *v, TSNode node)
{
    (void)node;
    ((struct name_scan *)v)->depth--;
}

/* what the scope whose body is `body` does with the scan's name (NAME_*) */
static unsigned scan_body(struct name_scan *s, TSNode body)
{
    s->path[0].node = body;
    s->path[0].sym = ts_node_symbol(body);
    s->path[0].field = 0;
    s->depth = 1;
    s->found = 0;
    s->v.enter = scan_enter;
    s->v.leave = scan_leave;
    s->v.enter_leaf = NULL;
    s->v.skip = AF_CURSOR_SKIP_TOKENS;
    s->v.stop = false;
    af_visit(&s->v, body);
    return s->found;
}

/* the identifier a type parameter names: `T`, `T: int`, `*Ts`, `**P` */
static bool type_parameter_named(const struct name_scan *s, TSNode def)
{
    TSNode tp = af_field_child(def, af_field.type_parameters);
    uint32_t n = ts_node_is_null(tp) ? 0 : ts_node_named_child_count(tp);
    for (uint32_t i = 0; i < n; i++) {
        TSNode t = ts_node_named_child(tp, i);
        while (!ts_node_is_null(t) && !af_is(t, af_sym.identifier))
            t = af_first_named(t);
        if (!ts_node_is_null(t) && is_name(s, t))
            return true;
    }
    return false;
}

/* the parameter of `def` spelled like `name`, or a null node */
static TSNode parameter_named(const char *src, TSNode def, const char *name, uint32_t len)
{
    TSNode params = ts_node_is_null(def) ? def : af_field_child(def, af_field.parameters);
    uint32_t np = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
    for (uint32_t j = 0; j < np; j++) {
        TSSymbol kind;
        TSNode pn = parameter_name(ts_node_named_child(params, j), &kind);
        uint32_t pl;
        const char *pt = ts_node_is_null(pn) ? NULL : af_node_text(pn, src, &pl);
        if (pt && pl == len && memcmp(pt, name, len) == 0)
            return pn;
    }
    return af_null_node();
}

/*
 * `nonlocal name` at byte `stmt` in the scope whose body is c->path[at], as
 * CPython's symbol table reads it: not also global there, nor annotated,
 * nor bound (not imported) before the statement; bound by the nearest
 * enclosing function that binds it or passes it on (its own nonlocal), not
 * hidden by a `global` or a type parameter on the way; a class body binds
 * nothing for the scopes inside but `__class__`; the module binds nothing.
 */
static enum af_conform_reason resolve_nonlocal(const struct conform *c, struct name_scan *s, uint32_t at,
                                               uint32_t stmt)
{
    s->limit = stmt;
    unsigned own = scan_body(s, c->path[at].node);
    s->limit = 0;
    if (own & NAME_GLOBAL)
        return AF_CONFORM_NONLOCAL_GLOBAL;
    if (own & NAME_USED_BEFORE)
        return AF_CONFORM_NONLOCAL_AFTER_USE;
    if (own & NAME_ANNOTATED)
        return AF_CONFORM_NONLOCAL_ANNOTATED;
    if (own & NAME_BOUND_BEFORE)
        return AF_CONFORM_NONLOCAL_AFTER_ASSIGN;
    if (type_parameter_named(s, c->path[at - 1].node))
        return AF_CONFORM_NONLOCAL_TYPE_PARAMETER;
    for (uint32_t i = at; i-- > 1;) {
        if (c->path[i].opened < 0)
            continue;
        enum scope_kind k = kind_of(c, c->path[i].opened);
        TSNode def = c->path[i - 1].node;
        if (k == SCOPE_CLASS && s->len == 9 && memcmp(s->name, "__class__", 9) == 0)
            return AF_CONFORM_OK;
        if (k == SCOPE_FUNCTION || k == SCOPE_ASYNC) {
            unsigned found = scan_body(s, c->path[i].node);
            if (found & NAME_GLOBAL)
                return AF_CONFORM_NONLOCAL_NO_BINDING;
            bool local = (found & (NAME_BOUND | NAME_IMPORTED)) ||
                         !ts_node_is_null(parameter_named(c->src, def, s->name, s->len));
            if (local && !(found & NAME_NONLOCAL))
                return AF_CONFORM_OK;
        }
        /* a type parameter's name is one no function bound on the way (a class body binding it frees it) */
        if ((k == SCOPE_CLASS || k == SCOPE_FUNCTION || k == SCOPE_ASYNC) && type_parameter_named(s, def))
            return k == SCOPE_CLASS && (scan_body(s, c->path[i].node) & (NAME_BOUND | NAME_IMPORTED)) ?
                   AF_CONFORM_OK :
                   AF_CONFORM_NONLOCAL_TYPE_PARAMETER;
    }
    return AF_CONFORM_NONLOCAL_NO_BINDING;
}

/* a scan of the bodies around a declaration that stops once it found one of `stop_on` (NAME_*) */
static void name_scan_start(struct name_scan *s, const struct conform *c, unsigned stop_on)
{
    memset(s, 0, sizeof(*s));
    s->src = c->src;
    s->stop_on = stop_on;
    s->cap = 32;
    s->path = af_malloc(s->cap * sizeof(*s->path));
}

/* the next name of `global a, b` / `nonlocal a, b` from child *i on into the scan (false: none, or an error) */
static bool next_declared(const struct conform *c, TSNode node, uint32_t *i, struct name_scan *s)
{
    for (uint32_t n = ts_node_named_child_count(node); *i < n && !c->err.reason;) {
        TSNode name = ts_node_named_child(node, (*i)++);
        if (af_is(name, af_sym.identifier)) {
            s->name = af_node_text(name, c->src, &s->len);
            return true;
        }
    }
    return false;
}

/* each name of `nonlocal a, b` in the scope whose body is c->path[at] */
static void check_nonlocal(struct conform *c, TSNode node, uint32_t at)
{
    struct name_scan s;
    name_scan_start(&s, c, NAME_GLOBAL);   /* global wins over the rest */
    for (uint32_t i = 0; next_declared(c, node, &i, &s);) {
        enum af_conform_reason r = resolve_nonlocal(c, &s, at, ts_node_start_byte(node));
        if (r)
            fail_node(c, r, node);
    }
    free(s.path);
}

/*
 * each name of `global a, b` in the scope whose body is `body` (the module's
 * root at module level), as CPython's symbol table reads it: not annotated
 * in the scope (before or after the statement; the module may annotate its
 * globals after), nor bound (not imported) before the statement.
 */
static void check_global(struct conform *c, TSNode node, TSNode body, bool module)
{
    struct name_scan s;
    name_scan_start(&s, c, NAME_BOUND_BEFORE | NAME_ANNOTATED | NAME_USED_BEFORE);
    s.limit = ts_node_start_byte(node);
    s.module = module;
    for (uint32_t i = 0; next_declared(c, node, &i, &s);) {
        unsigned found = scan_body(&s, body);
        if (found & NAME_USED_BEFORE)
            fail_node(c, AF_CONFORM_GLOBAL_AFTER_USE, node);
        else if (found & NAME_ANNOTATED)
            fail_node(c, AF_CONFORM_GLOBAL_ANNOTATED, node);
        else if (found & NAME_BOUND_BEFORE)
            fail_node(c, AF_CONFORM_GLOBAL_AFTER_ASSIGN, node);
    }
    free(s.path);
}

/* the path index of the node whose body runs in `scope` (its body's entry) */
static uint32_t scope_entry(const struct conform *c, int scope)
{
    for (uint32_t i = c->depth; i-- > 1;)
        if (c->path[i].opened == scope)
            return i;
    return 0;
}

/*
 * `global x` / `nonlocal x`: nonlocal not at module level; neither of a
 * parameter; the scope's own uses of x; nonlocal bound in an enclosing function
 */
static void check_declaration(struct conform *c, TSNode node, int scope, bool nonlocal)
{
    enum scope_kind k = kind_of(c, scope);
    if (nonlocal && k == SCOPE_MODULE) {
        fail_node(c, AF_CONFORM_NONLOCAL_MODULE, node);
        return;
    }
    if (k == SCOPE_MODULE) {
        check_global(c, node, c->path[0].node, true);
        return;
    }
    uint32_t at = scope_entry(c, scope);
    if (at == 0)
        return;
    TSNode def = c->path[at - 1].node;
    if (k == SCOPE_FUNCTION || k == SCOPE_ASYNC) {
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; i++) {
            TSNode name = ts_node_named_child(node, i);
            uint32_t len;
            const char *t = af_node_text(name, c->src, &len);
            if (!ts_node_is_null(parameter_named(c->src, def, t, len))) {
                fail_node(c, AF_CONFORM_PARAMETER_GLOBAL, name);
                return;
            }
        }
    }
    if (nonlocal)
        check_nonlocal(c, node, at);
    else
        check_global(c, node, c->path[at].node, false);
}

/* ---- statements ---- */

static const char *const future_features[] = {
    "nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function",
    "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations", NULL,
};

/* true when `stmt` is a docstring as CPython's future check reads one: a str constant */
static bool is_docstring(const struct conform *c, TSNode stmt)
{
    if (!af_is(stmt, af_sym.expression_statement) || ts_node_named_child_count(stmt) != 1)
        return false;
    TSNode e = ts_node_named_child(stmt, 0);
    uint32_t n = af_is(e, af_sym.concatenated_string) ? ts_node_named_child_count(e) : 1;
    for (uint32_t i = 0; i < n; i++) {
        TSNode s = af_is(e, af_sym.concatenated_string) ? ts_node_named_child(e, i) : e;
        if (!af_is(s, af_sym.string))
            return false;
        TSNode start = ts_node_child(s, 0);
        uint32_t a = ts_node_start_byte(start), b = ts_node_end_byte(start);
        for (uint32_t k = a; k < b; k++)
            if (strchr("bBfF", c->src[k]))
                return false;
    }
    return true;
}

static void check_future(struct conform *c, TSNode node, TSSymbol parent)
{
    if (parent != af_sym.module || c->future_done) {
        fail_node(c, AF_CONFORM_FUTURE_LATE, node);
        return;
    }
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode name = ts_node_named_child(node, i);
        if (af_is(name, af_sym.aliased_import))
            name = af_field_child(name, af_field.name);
        if (!af_is(name, af_sym.dotted_name))
            continue;
        bool known = false;
        for (const char *const *f = future_features; *f && !known; f++)
            known = text_is(c, name, *f);
        if (!known)
            fail_node(c, AF_CONFORM_FUTURE_UNKNOWN, name);
    }
}

/* a module-level statement: after anything but the docstring and future imports, none may come */
static void note_module_statement(struct conform *c, TSNode node)
{
    bool header = af_is(node, af_sym.future_import_statement) ||
                  (c->module_stmts == 0 && is_docstring(c, node));
    if (!header)
        c->future_done = true;
    c->module_stmts++;
}

/* `try`: a bare `except:` comes last, `except` and `except*` are not mixed */
static void check_try(struct conform *c, TSNode node)
{
    uint32_t n = ts_node_named_child_count(node);
    bool plain = false, group = false, bare = false;
    for (uint32_t i = 0; i < n && !c->err.reason; i++) {
        TSNode ch = ts_node_named_child(node, i);
        /* `except* E` and `except *E` parse as an except clause of `*E`; `except* m.E` as one of
         * `(*m).E`: the splat is the leftmost part */
        TSNode value = af_field_child(ch, af_field.value);
        if (af_is(value, af_sym.as_pattern))
            value = first_item(value);
        while (af_is(value, af_sym.attribute) || af_is(value, af_sym.subscript) || af_is(value, af_sym.call))
            value = first_item(value);
        bool star = af_is(ch, af_sym.except_group_clause) ||
                    (af_is(ch, af_sym.except_clause) && af_is(value, af_sym.list_splat));
        bool except = af_is(ch, af_sym.except_clause) && !star;
        if (!except && !star)
            continue;
        if (bare || (except && group) || (star && plain))
            fail_node(c, AF_CONFORM_EXCEPT_ORDER, ch);
        plain = plain || except;
        group = group || star;
        bare = except && af_is(first_item(ch), af_sym.block);
    }
}

static void check_except(struct conform *c, TSNode node)
{
    if (has_token(c, node, ",")) {
        fail_node(c, AF_CONFORM_EXCEPT_COMMA, node);
        return;
    }
    TSNode value = af_field_child(node, af_field.value);
    if (!af_is(value, af_sym.as_pattern))
        return;
    TSNode alias = first_item(af_field_child(value, af_field.alias));
    if (!af_is(alias, af_sym.identifier))
        fail_node(c, AF_CONFORM_EXCEPT_NAME, value);
    else
        check_target(c, alias, true, false);
}

/*
 * tree-sitter reads `type(x).y = z` as a type alias: a real one (3.12) is
 * `type` and a blank before its name
 */
static bool real_type_alias(const struct conform *c, TSNode node)
{
    uint32_t s = ts_node_start_byte(node);
    return s + 5 < c->len && (c->src[s + 4] == ' ' || c->src[s + 4] == '\t');
}

/* `case 1 + 2j:`: a real part, then an imaginary one */
static void check_complex_pattern(struct conform *c, TSNode node)
{
    uint32_t n = ts_node_named_child_count(node), k = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode num = ts_node_named_child(node, i);
        if (!af_is(num, af_sym.integer) && !af_is(num, af_sym.float_))
            continue;
        uint32_t e = ts_node_end_byte(num);
        bool imaginary = c->src[e - 1] == 'j' || c->src[e - 1] == 'J';
        if (imaginary != (k++ > 0)) {
            fail_node(c, AF_CONFORM_NUMBER, node);
            return;
        }
    }
}

/* the with item is the clause's only one: `with (a as b):` is the parenthesized form of `with a as b:` */
static bool only_with_item(TSNode clause)
{
    uint32_t n = ts_node_named_child_count(clause), items = 0;
    for (uint32_t i = 0; i < n; i++)
        items += af_is(ts_node_named_child(clause, i), af_sym.with_item);
    return items == 1;
}

/*
 * `x as y` only in a with item, an except clause or a case pattern (not
 * `a: b as c`), and once: `a as b as c` is no with item, except clause or
 * pattern (a case pattern nests in parentheses only, which tree-sitter keeps).
 * In a with item or an except clause it is the item itself, not inside
 * it (`with f((a as b)):`, `except (E as e):`, `with (a as b) as c:`);
 * the one pair of parentheses taken is around a with statement's only item
 * (`with (a as b):`, `with (a as b,):`, which tree-sitter reads as a tuple).
 */
static void check_as_pattern(struct conform *c, TSNode node)
{
    TSNode value = first_item(node);
    if (af_is(value, af_sym.as_pattern) ||
        (af_is(value, af_sym.case_pattern) && af_is(first_item(value), af_sym.as_pattern))) {
        fail_node(c, AF_CONFORM_TARGET, node);
        return;
    }
    uint32_t self = c->depth - 1;
    for (uint32_t i = self; i-- > 0;) {
        TSSymbol s = c->path[i].sym;
        if (s == af_sym.case_clause)
            return;
        if (s == af_sym.except_clause || s == af_sym.except_group_clause) {
            if (i + 1 != self)
                break;
            return;
        }
        if (s == af_sym.with_item) {
            TSSymbol around = i + 2 == self ? c->path[i + 1].sym : 0;
            if (i + 1 != self && !((around == af_sym.parenthesized_expression || around == af_sym.tuple) &&
                                   i > 0 && only_with_item(c->path[i - 1].node)))
                break;
            return;
        }
        if (s == af_sym.block || s == af_sym.module)
            break;
    }
    fail_node(c, AF_CONFORM_TARGET, node);
}

/* ---- the walk ---- */

static bool is_compound(TSSymbol s)
{
    return s == af_sym.if_statement || s == af_sym.for_statement || s == af_sym.while_statement ||
           s == af_sym.try_statement || s == af_sym.with_statement || s == af_sym.function_definition ||
           s == af_sym.class_definition || s == af_sym.decorated_definition || s == af_sym.match_statement ||
           s == af_sym.case_clause;
}

static bool is_clause(TSSymbol s)
{
    return s == af_sym.elif_clause || s == af_sym.else_clause || s == af_sym.except_clause ||
           s == af_sym.except_group_clause || s == af_sym.finally_clause || s == af_sym.case_clause;
}

/* statements, clauses and decorators: what may follow a line break at bracket depth 0 */
static void note_unit(struct conform *c, struct entry *e, const struct entry *parent)
{
    TSSymbol s = e->sym, p = parent->sym;
    bool statement = (p == af_sym.module || p == af_sym.block) && s != af_sym.comment;
    bool definition = p == af_sym.decorated_definition && e->field == af_field.definition;
    if (!statement && !definition && !is_clause(s) && s != af_sym.decorator)
        return;
    c->unit_start = ts_node_start_byte(e->node);
    c->unit_compound = is_compound(s) || is_clause(s) || s == af_sym.decorator || definition;
    e->simple_unit = (statement && !is_compound(s)) || s == af_sym.decorator;
    if (p == af_sym.module && statement)
        note_module_statement(c, e->node);
}

/* the scope a child runs in: a def's, lambda's or class's body opens one, a comprehension opens one */
static void enter_scope(struct conform *c, struct entry *e, struct entry *parent)
{
    TSSymbol s = e->sym, p = parent->sym;
    if (e->field == af_field.body && (p == af_sym.function_definition || p == af_sym.lambda ||
                                      p == af_sym.class_definition)) {
        enum scope_kind k = p == af_sym.lambda ? SCOPE_LAMBDA : p == af_sym.class_definition ? SCOPE_CLASS :
                            af_node_is_async(parent->node) ? SCOPE_ASYNC : SCOPE_FUNCTION;
        e->opened = e->scope = push_scope(c, k, parent->scope);
        e->in_loop = false;
    } else if (s == af_sym.list_comprehension || s == af_sym.set_comprehension ||
               s == af_sym.dictionary_comprehension || s == af_sym.generator_expression) {
        e->opened = e->scope = push_scope(c, s == af_sym.generator_expression ? SCOPE_GENEXP :
                                             SCOPE_COMPREHENSION, parent->scope);
        e->in_loop = false;
    } else if (s == af_sym.for_in_clause) {
        e->first_clause = ++parent->clauses == 1;
    } else if (p == af_sym.for_in_clause && e->field == af_field.right && parent->first_clause) {
        e->scope = c->scopes[parent->scope].outer;   /* the first iterable is evaluated outside */
    } else if (e->field == af_field.body && (p == af_sym.for_statement || p == af_sym.while_statement)) {
        e->in_loop = true;
    }
}

/* `raise from e`: the grammar takes a cause without an exception, CPython does not */
static bool raise_from_nothing(const struct conform *c, TSNode raise)
{
    for (uint32_t i = 1; i < ts_node_child_count(raise); i++) {
        TSNode ch = ts_node_child(raise, i);
        if (!is_extra(ch))
            return !ts_node_is_named(ch) && text_is(c, ch, "from");
    }
    return false;
}

/* statements and their placement */
static void check_statement(struct conform *c, struct entry *e, const struct entry *parent)
{
    TSSymbol s = e->sym;
    TSNode node = e->node;
    if (s == af_sym.return_statement)
        check_return(c, node, e->scope);
    else if (s == af_sym.break_statement && !e->in_loop)
        fail_node(c, AF_CONFORM_BREAK_OUTSIDE, node);
    else if (s == af_sym.continue_statement && !e->in_loop)
        fail_node(c, AF_CONFORM_CONTINUE_OUTSIDE, node);
    else if ((s == af_sym.for_statement || s == af_sym.with_statement) && af_node_is_async(node) &&
             kind_of(c, e->scope) != SCOPE_ASYNC)
        fail(c, AF_CONFORM_ASYNC_OUTSIDE, ts_node_start_byte(node), ts_node_start_byte(node) + 5);
    else if (s == af_sym.with_statement && with_comma_unparenthesized(c, node))
        fail_node(c, AF_CONFORM_WITH_COMMA, node);
    else if (s == af_sym.global_statement || s == af_sym.nonlocal_statement)
        check_declaration(c, node, e->scope, s == af_sym.nonlocal_statement);
    else if (s == af_sym.import_from_statement && kind_of(c, e->scope) != SCOPE_MODULE &&
             !ts_node_is_null(af_subtree_find_symbol(node, af_sym.wildcard_import)))
        fail_node(c, AF_CONFORM_IMPORT_STAR, node);
    else if (s == af_sym.future_import_statement)
        check_future(c, node, parent->sym);
    else if ((s == af_sym.import_statement || s == af_sym.import_from_statement ||
              s == af_sym.future_import_statement) && ends_with_comma(c, node))
        fail_node(c, AF_CONFORM_IMPORT_COMMA, node);
    else if (s == af_sym.import_from_statement || s == af_sym.future_import_statement ||
             s == af_sym.import_statement)
        check_import_names(c, node, s != af_sym.import_statement);
    else if (s == af_sym.try_statement)
        check_try(c, node);
    else if (s == af_sym.except_clause)
        check_except(c, node);
    else if (s == af_sym.delete_statement)
        check_delete(c, node);
    else if (s == af_sym.exec_statement || (s == af_sym.print_statement &&
                                             ts_node_is_null(af_subtree_find_symbol(node, af_sym.chevron))))
        fail_node(c, AF_CONFORM_PYTHON2, node);
    else if (s == af_sym.raise_statement && af_is(first_item(node), af_sym.expression_list))
        fail_node(c, AF_CONFORM_PYTHON2, node);
    else if (s == af_sym.raise_statement && raise_from_nothing(c, node))
        fail_node(c, AF_CONFORM_RAISE_FROM, node);
    else if (c->target_minor < 12 && ((s == af_sym.type_alias_statement && real_type_alias(c, node)) ||
                                       (e->field == af_field.type_parameters &&
                                        (parent->sym == af_sym.function_definition ||
                                         parent->sym == af_sym.class_definition))))
        fail_node(c, AF_CONFORM_NEEDS_PY312, node);
    else if (s == af_sym.block && ts_node_is_null(first_item(node)))
        fail_node(c, AF_CONFORM_EMPTY_BLOCK, node);
}

/* expressions and their placement */
static void check_expression(struct conform *c, struct entry *e, const struct entry *parent)
{
    TSSymbol s = e->sym;
    TSNode node = e->node;
    if (s == af_sym.identifier) {
        uint32_t len;
        const char *t = af_node_text(node, c->src, &len);
        if (is_keyword(t, len))
            fail_node(c, AF_CONFORM_KEYWORD_NAME, node);
        else if ((e->field == af_field.name || e->field == af_field.alias) && af_streq(t, len, "__debug__") &&
                 (parent->sym == af_sym.function_definition || parent->sym == af_sym.class_definition ||
                  parent->sym == af_sym.keyword_argument || parent->sym == af_sym.aliased_import))
            fail_node(c, AF_CONFORM_DEBUG_ASSIGN, node);
    } else if (s == af_sym.integer || s == af_sym.float_) {
        check_number(c, node);
    } else if (s == af_sym.await) {
        check_await(c, node, e->scope);
    } else if (s == af_sym.yield) {
        /* the grammar takes `[yield]`, `{yield}`, `(1, yield)`; CPython only `(yield)` */
        if (parent->sym == af_sym.list || parent->sym == af_sym.set || parent->sym == af_sym.tuple)
            fail_node(c, AF_CONFORM_YIELD_ELEMENT, node);
        else
            check_yield(c, node, e->scope);
    } else if (s == af_sym.dictionary) {
        if (lone_comma(c, node))
            fail_node(c, AF_CONFORM_LONE_COMMA, node);
    } else if (s == af_sym.for_in_clause) {
        if (af_node_is_async(node))
            c->scopes[parent->scope].coroutine = true;
        if (has_token(c, node, ","))
            fail_node(c, AF_CONFORM_ARGUMENT_GENERATOR, node);
        else
            check_target(c, af_field_child(node, af_field.left), true, false);
    } else if (s == af_sym.list_splat || s == af_sym.parenthesized_list_splat) {
        check_starred(c, node);
    } else if (s == af_sym.splat_type) {
        check_splat_type(c, node);
    } else if (s == af_sym.constrained_type) {
        check_constrained_type(c);
    } else if (s == af_sym.dictionary_splat && parent->sym != af_sym.argument_list &&
               parent->sym != af_sym.dictionary) {
        fail_node(c, AF_CONFORM_STARRED_HERE, node);
    } else if (s == af_sym.named_expression) {
        check_walrus(c, node, parent);
    } else if (s == af_sym.parameters || s == af_sym.lambda_parameters) {
        check_parameters(c, node);
    } else if (s == af_sym.argument_list) {
        check_arguments(c, node);
    } else if (s == af_sym.assignment) {
        check_assignment(c, node, parent->sym);
    } else if (s == af_sym.augmented_assignment) {
        TSNode right = af_field_child(node, af_field.right);
        if (parent->sym != af_sym.expression_statement || af_is(right, af_sym.assignment) ||
            af_is(right, af_sym.augmented_assignment))
            fail_node(c, AF_CONFORM_ASSIGNMENT_CHAIN, node);
        else
            check_augmented_target(c, af_field_child(node, af_field.left));
    } else if (s == af_sym.for_statement) {
        check_target(c, af_field_child(node, af_field.left), true, false);
    } else if (s == af_sym.as_pattern_target && parent->sym == af_sym.as_pattern && c->depth >= 3 &&
               c->path[c->depth - 3].sym == af_sym.with_item) {
        check_target(c, first_item(node), true, false);
    } else if (s == af_sym.comparison_operator && has_token(c, node, "<>")) {
        fail_node(c, AF_CONFORM_PYTHON2, node);
    } else if (s == af_sym.string) {
        check_string(c, node);
    } else if (s == af_sym.concatenated_string) {
        check_concatenation(c, node);
    } else if (s == af_sym.complex_pattern) {
        check_complex_pattern(c, node);
    } else if (s == af_sym.as_pattern) {
        check_as_pattern(c, node);
    }
}

/*
 * Which of the walk's steps can do anything at a node, by its symbol or its
 * parent's (each step's every branch asks for one of these symbols): most
 * nodes and every token skip them with a load where they ran through
 * chains of compares.
 */
enum {
    C_SCOPE = 1,          /* a comprehension or for clause: enter_scope */
    C_SCOPE_PARENT = 2,   /* a def, lambda, class, for clause or loop: enter_scope for its children */
    C_UNIT = 4,           /* a clause or decorator: note_unit */
    C_UNIT_PARENT = 8,    /* the module, a block, a decorated definition: note_unit for its children */
    C_STATEMENT = 16,     /* check_statement */
    C_EXPRESSION = 32,    /* check_expression */
    C_FIELDS = 64,        /* the steps read its children's fields */
};

static uint8_t acts[1 << 16];   /* by symbol: any TSSymbol indexes it */
static pthread_once_t acts_once = PTHREAD_ONCE_INIT;

static void mark(const TSSymbol *syms, size_t n, uint8_t act)
{
    for (size_t i = 0; i < n; i++)
        acts[syms[i]] |= act;
}

#define MARK(act, ...) \
    do { \
        const TSSymbol syms_[] = { __VA_ARGS__ }; \
        mark(syms_, sizeof(syms_) / sizeof(*syms_), act); \
    } while (0)

static void acts_init(void)
{
    const struct af_symbols *y = &af_sym;
    keywords_init();
    MARK(C_SCOPE, y->list_comprehension, y->set_comprehension, y->dictionary_comprehension,
         y->generator_expression, y->for_in_clause);
    MARK(C_SCOPE_PARENT, y->function_definition, y->lambda, y->class_definition, y->for_in_clause,
         y->for_statement, y->while_statement);
    MARK(C_UNIT, y->elif_clause, y->else_clause, y->except_clause, y->except_group_clause, y->finally_clause,
         y->case_clause, y->decorator);
    MARK(C_UNIT_PARENT, y->module, y->block, y->decorated_definition);
    MARK(C_STATEMENT, y->return_statement, y->break_statement, y->continue_statement, y->for_statement,
         y->with_statement, y->global_statement, y->nonlocal_statement, y->import_from_statement,
         y->future_import_statement, y->import_statement, y->try_statement, y->except_clause,
         y->delete_statement, y->exec_statement, y->print_statement, y->raise_statement,
         y->type_alias_statement, y->block);
    MARK(C_EXPRESSION, y->identifier, y->integer, y->float_, y->await, y->yield, y->for_in_clause, y->list_splat,
         y->parenthesized_list_splat, y->splat_type, y->dictionary_splat, y->named_expression, y->parameters,
         y->lambda_parameters, y->argument_list, y->assignment, y->augmented_assignment, y->for_statement,
         y->as_pattern_target, y->comparison_operator, y->string, y->concatenated_string, y->complex_pattern,
         y->as_pattern, y->constrained_type, y->dictionary);
    MARK(C_FIELDS, y->function_definition, y->lambda, y->class_definition, y->for_in_clause, y->for_statement,
         y->while_statement, y->decorated_definition, y->call, y->attribute, y->subscript, y->binary_operator,
         y->except_clause, y->keyword_argument, y->aliased_import, y->if_statement, y->elif_clause,
         y->list_comprehension, y->set_comprehension, y->generator_expression);
}

/* the visitor enters `node`: a named one goes through the steps its symbol or its parent's call for */
static void enter(struct conform *c, TSNode node)
{
    if (c->depth == c->path_cap) {
        c->path_cap *= 2;
        c->path = af_realloc(c->path, c->path_cap * sizeof(*c->path));
    }
    struct entry *parent = &c->path[c->depth - 1], *e = &c->path[c->depth++];
    memset(e, 0, sizeof(*e));
    e->node = node;
    e->sym = c->v.symbol;
    e->field = acts[parent->sym] & C_FIELDS ? af_visitor_field(&c->v) : 0;
    e->scope = parent->scope;
    e->opened = -1;
    e->in_loop = parent->in_loop;
    if (c->v.named) {
        uint8_t act = acts[e->sym], pact = acts[parent->sym];
        if ((act & C_SCOPE) || (pact & C_SCOPE_PARENT))
            enter_scope(c, e, parent);
        if ((act & C_UNIT) || (pact & C_UNIT_PARENT))
            note_unit(c, e, parent);
        if ((act & C_STATEMENT) || e->field == af_field.type_parameters)
            check_statement(c, e, parent);
        if (act & C_EXPRESSION)
            check_expression(c, e, parent);
        if (e->sym == af_sym.block)
            c->pending_block = (int)c->depth - 1;
    }
    bool token = e->sym == af_sym.string || c->v.leaf;
    if (token && !c->in_string && e->sym != af_sym.comment && e->sym != af_sym.line_continuation)
        stream_token(c, c->v.named, ts_node_start_byte(node), ts_node_end_byte(node), parent->sym);
    if (e->sym == af_sym.string)
        c->in_string++;
}

static void leave(struct conform *c)
{
    struct entry *e = &c->path[--c->depth];
    if (e->sym == af_sym.string)
        c->in_string--;
    if (e->opened >= 0)
        close_scope(c, e->opened, e->node);
    if (e->sym == af_sym.block) {
        if (e->indented)
            c->tree_depth--;
        if (c->pending_block == (int)c->depth)
            c->pending_block = -1;
    }
    if (e->simple_unit)
        c->prev_line_end = true;
}

static bool visit_enter(struct af_visitor *v, TSNode node)
{
    struct conform *c = (struct conform *)v;
    enter(c, node);
    v->stop = c->err.reason != 0;   /* the first error ends the walk */
    return !v->stop;
}

static void visit_leave(struct af_visitor *v, TSNode node)
{
    (void)node;
    leave((struct conform *)v);
}

/*
 * A leaf. An anonymous one (punctuation, a keyword: most of the walk's
 * nodes) takes no path entry: no step acts on it or reads its entry, it is
 * only a token of the stream. A named one is entered and left.
 */
static void visit_leaf(struct af_visitor *v, TSNode node)
{
    struct conform *c = (struct conform *)v;
    TSSymbol s = v->symbol;
    if (v->named) {
        enter(c, node);
        leave(c);
    } else if (!c->in_string && s != af_sym.comment && s != af_sym.line_continuation) {
        stream_token(c, false, ts_node_start_byte(node), ts_node_end_byte(node), c->path[c->depth - 1].sym);
    }
    v->stop = c->err.reason != 0;   /* the first error ends the walk */
}

static void walk(struct conform *c, TSNode root)
{
    memset(&c->path[0], 0, sizeof(c->path[0]));
    c->path[0].node = root;
    c->path[0].sym = ts_node_symbol(root);
    c->path[0].scope = push_scope(c, SCOPE_MODULE, -1);
    c->path[0].opened = -1;
    c->depth = 1;
    c->v.enter = visit_enter;
    c->v.leave = visit_leave;
    c->v.enter_leaf = visit_leaf;
    c->v.skip = AF_CURSOR_SKIP_NOTHING;
    c->v.stop = c->err.reason != 0;
    pthread_once(&acts_once, acts_init);
    af_visit(&c->v, root);
}

int af_conform_check(struct af_conform_error *out, const char *src, uint32_t len, TSNode root,
                     int target_minor)
{
    struct conform c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.len = len;
    c.bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    c.target_minor = target_minor;
    c.pending_block = -1;
    c.unit_start = UINT32_MAX;
    c.path_cap = 64;
    c.path = af_malloc(c.path_cap * sizeof(*c.path));
    c.ind_cap = 16;
    c.cols = af_malloc(c.ind_cap * sizeof(*c.cols));
    c.alts = af_malloc(c.ind_cap * sizeof(*c.alts));
    c.cols[0] = c.alts[0] = 0;
    c.nind = 1;
    check_coding(&c);
    if (!c.err.reason)
        walk(&c, root);
    if (!c.err.reason)
        scan_gap(&c, c.have_prev ? c.prev_end : c.bom, len);
    free(c.path);
    free(c.scopes);
    free(c.cols);
    free(c.alts);
    *out = c.err;
    return c.err.reason ? AF_EINVALID : 0;
}
