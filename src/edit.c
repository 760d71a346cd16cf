#include "asyncfix/edit.h"

#include <stdlib.h>
#include <string.h>

struct af_fix *af_fix_new(enum af_applicability applicability)
{
    struct af_fix *fix = af_calloc(1, sizeof(*fix));
    fix->applicability = applicability;
    fix->refs = 1;
    return fix;
}

struct af_fix *af_fix_share(struct af_fix *fix)
{
    if (fix)
        fix->refs++;
    return fix;
}

void af_fix_free(struct af_fix *fix)
{
    if (!fix || --fix->refs > 0)
        return;
    for (size_t i = 0; i < fix->n; i++)
        free(fix->edits[i].text);
    free(fix->edits);
    free(fix->message);
    free(fix->imports);
    free(fix);
}

/* the edit [start, end) -> text as the fix's edit number i (the later ones move up) */
static void put_edit(struct af_fix *fix, size_t i, uint32_t start, uint32_t end, const char *text, size_t len)
{
    AF_ARRAY_GROW(fix->edits, fix->n, fix->cap);
    memmove(&fix->edits[i + 1], &fix->edits[i], (fix->n - i) * sizeof(*fix->edits));
    fix->edits[i].start = start;
    fix->edits[i].end = end;
    fix->edits[i].text = af_strndup(text, len);
    fix->n++;
}

void af_fix_replace(struct af_fix *fix, uint32_t start, uint32_t end, const char *text, size_t len)
{
    size_t i = fix->n;
    /* keep sorted by start, insertions before a replacement at the same start,
     * and otherwise in the order they were added */
    while (i > 0 && (fix->edits[i - 1].start > start ||
                     (fix->edits[i - 1].start == start && start == end &&
                      fix->edits[i - 1].end > fix->edits[i - 1].start)))
        i--;
    put_edit(fix, i, start, end, text, len);
}

void af_fix_replace_str(struct af_fix *fix, uint32_t start, uint32_t end, const char *text)
{
    af_fix_replace(fix, start, end, text, strlen(text));
}

void af_fix_insert(struct af_fix *fix, uint32_t at, const char *text)
{
    af_fix_replace(fix, at, at, text, strlen(text));
}

void af_fix_insert_first(struct af_fix *fix, uint32_t at, const char *text)
{
    size_t i = fix->n;
    while (i > 0 && fix->edits[i - 1].start >= at)
        i--;
    put_edit(fix, i, at, at, text, strlen(text));
}

void af_fix_set_message(struct af_fix *fix, const char *fmt, ...)
{
    struct af_buf buf = AF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    af_buf_vprintf(&buf, fmt, ap);
    va_end(ap);
    free(fix->message);
    fix->message = af_buf_detach(&buf);
}

void af_fix_need_import(struct af_fix *fix, const char *module)
{
    for (size_t i = 0; i < fix->nimports; i++)
        if (strcmp(fix->imports[i], module) == 0)
            return;
    AF_ARRAY_GROW(fix->imports, fix->nimports, fix->imports_cap);
    fix->imports[fix->nimports++] = module;
}

void af_fix_span(const struct af_fix *fix, uint32_t *start, uint32_t *end)
{
    uint32_t s = UINT32_MAX, e = 0;
    for (size_t i = 0; i < fix->n; i++) {
        if (fix->edits[i].start < s)
            s = fix->edits[i].start;
        if (fix->edits[i].end > e)
            e = fix->edits[i].end;
    }
    *start = s;
    *end = e;
}

bool af_fix_is_consistent(const struct af_fix *fix)
{
    for (size_t i = 1; i < fix->n; i++)
        if (fix->edits[i].start < fix->edits[i - 1].end)
            return false;
    return true;
}

int af_edits_apply(struct af_buf *out, const char *src, size_t len,
                   const struct af_edit *edits, size_t n)
{
    size_t pos = 0;
    af_buf_clear(out);
    af_buf_grow(out, len);
    for (size_t i = 0; i < n; i++) {
        const struct af_edit *e = &edits[i];
        if (e->start < pos || e->end < e->start || e->end > len) {
            af_error_set("edit [%u, %u) overlaps another or runs past the end", e->start, e->end);
            return AF_EINVALID;
        }
        af_buf_put(out, src + pos, e->start - pos);
        af_buf_puts(out, e->text);
        pos = e->end;
    }
    af_buf_put(out, src + pos, len - pos);
    return 0;
}

/* ---- pieces ---- */

void af_pieces_init(struct af_pieces *pieces, uint32_t len)
{
    memset(pieces, 0, sizeof(*pieces));
    pieces->len = len;
    if (!len)
        return;
    AF_ARRAY_GROW(pieces->items, pieces->n, pieces->cap);
    pieces->items[pieces->n++] = (struct af_piece){ 0, len, NULL };
}

static void piece_push(struct af_pieces *out, uint32_t start, uint32_t end, const char *text)
{
    if (start == end)
        return;
    AF_ARRAY_GROW(out->items, out->n, out->cap);
    struct af_piece *p = &out->items[out->n++];
    if (text) {
        p->text = af_strndup(text + start, end - start);
        p->start = 0;
        p->end = end - start;
    } else {
        p->text = NULL;
        p->start = start;
        p->end = end;
    }
    out->len += end - start;
}

/* where the copy of the current text has reached: piece `i`, which starts at `at` */
struct piece_cursor {
    const struct af_pieces *src;
    size_t i;
    uint32_t at;
};

/* appends the pieces of [from, to) of the text `cur` walks */
static void copy_range(struct af_pieces *out, struct piece_cursor *cur, uint32_t from, uint32_t to)
{
    while (from < to && cur->i < cur->src->n) {
        const struct af_piece *p = &cur->src->items[cur->i];
        uint32_t plen = p->end - p->start;
        if (from >= cur->at + plen) {
            cur->at += plen;
            cur->i++;
            continue;
        }
        uint32_t a = from - cur->at, b = to - cur->at < plen ? to - cur->at : plen;
        piece_push(out, p->start + a, p->start + b, p->text);
        from = cur->at + b;
    }
}

int af_pieces_apply(struct af_pieces *pieces, const struct af_edit *edits, size_t n)
{
    struct af_pieces out = { 0 };
    struct piece_cursor cur = { pieces, 0, 0 };
    uint32_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        const struct af_edit *e = &edits[i];
        if (e->start < pos || e->end < e->start || e->end > pieces->len) {
            af_pieces_dispose(&out);
            af_error_set("edit [%u, %u) overlaps another or runs past the end", e->start, e->end);
            return AF_EINVALID;
        }
        copy_range(&out, &cur, pos, e->start);
        piece_push(&out, 0, (uint32_t)strlen(e->text), e->text);
        pos = e->end;
    }
    copy_range(&out, &cur, pos, pieces->len);
    af_pieces_dispose(pieces);
    *pieces = out;
    return 0;
}

void af_pieces_dispose(struct af_pieces *pieces)
{
    for (size_t i = 0; i < pieces->n; i++)
        free(pieces->items[i].text);
    free(pieces->items);
    memset(pieces, 0, sizeof(*pieces));
}
