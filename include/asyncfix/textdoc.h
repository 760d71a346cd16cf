/*
 * textdoc.h - a document as an editor holds it: its bytes (UTF-8), and
 * positions as the Language Server Protocol counts them: a 0-based line
 * (lines end at "\n", "\r\n" or a lone "\r") and a 0-based character offset
 * in the negotiated encoding (UTF-16 code units by default, or UTF-8 bytes).
 *
 * A position past the end of its line means the end of the line; a line past
 * the last one means the end of the document; an offset inside a character
 * (between the two halves of a surrogate pair, inside a UTF-8 sequence)
 * means the start of that character. So any position names a byte offset at
 * a character boundary, and an edit can never split a character.
 */
#ifndef ASYNCFIX_TEXTDOC_H
#define ASYNCFIX_TEXTDOC_H

#include "asyncfix/common.h"

enum af_encoding { AF_ENCODING_UTF16, AF_ENCODING_UTF8 };

struct af_textdoc {
    struct af_buf text;       /* the bytes, always allocated */
    uint32_t *lines;          /* start byte of each line, owned */
    uint32_t nlines, lines_cap;
};

/* takes a copy of text[0..len) */
void af_textdoc_init(struct af_textdoc *doc, const char *text, size_t len);
void af_textdoc_dispose(struct af_textdoc *doc);

/* the byte offset of (line, character) */
uint32_t af_textdoc_offset(const struct af_textdoc *doc, uint32_t line, uint32_t character,
                           enum af_encoding enc);

/* the position of byte offset `byte` (clamped to the document) */
void af_textdoc_position(const struct af_textdoc *doc, uint32_t byte, enum af_encoding enc,
                         uint32_t *line, uint32_t *character);

/* replaces bytes [start, end) with text[0..len) */
void af_textdoc_replace(struct af_textdoc *doc, uint32_t start, uint32_t end, const char *text, size_t len);

/* the same position counting over arbitrary bytes (`line_start` .. `byte` on one line) */
uint32_t af_textdoc_units(const char *line_start, size_t nbytes, enum af_encoding enc);

#endif
