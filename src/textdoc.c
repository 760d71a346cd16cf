#include "asyncfix/textdoc.h"
#include "asyncfix/source.h"

#include <stdlib.h>
#include <string.h>

static void index_lines(struct af_textdoc *doc)
{
    const char *s = doc->text.ptr;
    size_t n = doc->text.size;
    doc->nlines = 0;
    AF_ARRAY_GROW(doc->lines, doc->nlines, doc->lines_cap);
    doc->lines[doc->nlines++] = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\n' && s[i] != '\r')
            continue;
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            i++;
        AF_ARRAY_GROW(doc->lines, doc->nlines, doc->lines_cap);
        doc->lines[doc->nlines++] = (uint32_t)(i + 1);
    }
}

void af_textdoc_init(struct af_textdoc *doc, const char *text, size_t len)
{
    memset(doc, 0, sizeof(*doc));
    af_buf_put(&doc->text, text, len);
    index_lines(doc);
}

void af_textdoc_dispose(struct af_textdoc *doc)
{
    af_buf_dispose(&doc->text);
    free(doc->lines);
    memset(doc, 0, sizeof(*doc));
}

/* the end of line `line`, before its line ending */
static uint32_t line_end(const struct af_textdoc *doc, uint32_t line)
{
    uint32_t end = line + 1 < doc->nlines ? doc->lines[line + 1] : (uint32_t)doc->text.size;
    const char *s = doc->text.ptr;
    if (end > doc->lines[line] && s[end - 1] == '\n')
        end--;
    if (end > doc->lines[line] && s[end - 1] == '\r')
        end--;
    return end;
}

/* bytes of the character starting with byte `c` (the text is UTF-8: lead bytes tell) */
static uint32_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

uint32_t af_textdoc_offset(const struct af_textdoc *doc, uint32_t line, uint32_t character,
                           enum af_encoding enc)
{
    if (line >= doc->nlines)
        return (uint32_t)doc->text.size;
    const unsigned char *s = (const unsigned char *)doc->text.ptr;
    uint32_t at = doc->lines[line], end = line_end(doc, line), units = 0;
    while (at < end) {
        uint32_t k = char_len(s[at]);
        if (at + k > end)
            k = end - at;
        uint32_t u = enc == AF_ENCODING_UTF8 ? k : k == 4 ? 2 : 1;
        if (units + u > character)
            break;
        units += u;
        at += k;
    }
    return at;
}

uint32_t af_textdoc_units(const char *line_start, size_t nbytes, enum af_encoding enc)
{
    if (enc == AF_ENCODING_UTF8)
        return (uint32_t)nbytes;
    const unsigned char *s = (const unsigned char *)line_start;
    uint32_t units = 0;
    for (size_t i = 0; i < nbytes; i++) {
        if ((s[i] & 0xC0) == 0x80)
            continue;
        units += s[i] >= 0xF0 ? 2 : 1;
    }
    return units;
}

void af_textdoc_position(const struct af_textdoc *doc, uint32_t byte, enum af_encoding enc,
                         uint32_t *line, uint32_t *character)
{
    if (byte > doc->text.size)
        byte = (uint32_t)doc->text.size;
    uint32_t lo = af_lines_find(doc->lines, doc->nlines, byte);
    uint32_t end = line_end(doc, lo);
    if (byte > end)
        byte = end;   /* inside the line ending: the end of the line */
    *line = lo;
    *character = af_textdoc_units(doc->text.ptr + doc->lines[lo], byte - doc->lines[lo], enc);
}

void af_textdoc_replace(struct af_textdoc *doc, uint32_t start, uint32_t end, const char *text, size_t len)
{
    struct af_buf *b = &doc->text;
    if (end > b->size)
        end = (uint32_t)b->size;
    if (start > end)
        start = end;
    size_t tail = b->size - end;
    if (len > end - start)
        af_buf_grow(b, len - (end - start));
    memmove(b->ptr + start + len, b->ptr + end, tail);
    if (len)
        memcpy(b->ptr + start, text, len);
    b->size = start + len + tail;
    b->ptr[b->size] = '\0';
    index_lines(doc);
}
