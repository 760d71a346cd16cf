/*
 * source.h - a Python file's text and a line index for byte <-> line/column.
 * The text is the bytes exactly as read (UTF-8), or, for a file whose PEP 263
 * coding line declares another encoding, those bytes decoded to UTF-8; then
 * the bytes are kept too, with where each character came from, so that a
 * rewritten text goes back into the file's own encoding byte-exact outside
 * its edits (af_source_encode). A BOM, CRLF and tabs stay as they are.
 */
#ifndef ASYNCFIX_SOURCE_H
#define ASYNCFIX_SOURCE_H

#include "asyncfix/common.h"

#include <sys/stat.h>

/* where a file was read from: the writer replaces it there or nowhere */
struct af_source_origin {
    char *dir;         /* the folder as opened (a symbolic link to the file resolved), owned */
    char *name;        /* the file's name in it, owned */
    dev_t dir_dev;     /* the folder's identity when the file was read */
    ino_t dir_ino;
};

/*
 * A declared encoding other than UTF-8: the bytes as read and the map from
 * the text to them. ASCII characters are one byte in both (only encodings
 * where that holds are read), so the map keeps an anchor after each other
 * character: its end in the text and in the bytes.
 */
struct af_source_encoding {
    const char *codec;        /* CPython's name of the codec ("cp1252"), static */
    char *declared;           /* the name as the coding line spells it ("windows-1252"), owned */
    const char *iconv;        /* iconv's name of it ("CP1252"), static */
    char *raw;                /* the bytes as read, owned */
    size_t raw_len;
    uint32_t *anchor_text, *anchor_raw;   /* owned, ascending */
    uint32_t nanchors;
};

struct af_source {
    char *path;        /* path as given (display and I/O), owned */
    char *data;        /* the text (UTF-8), NUL-terminated, owned */
    size_t len;
    uint32_t *lines;   /* byte offset of the start of each line, owned */
    uint32_t nlines;
    bool bom;          /* starts with EF BB BF */
    bool crlf;         /* the first line ending is \r\n */
    struct stat st;    /* as read (mode kept on write); zeroed for stdin */
    struct af_source_origin origin;   /* zeroed for stdin and buffers */
    uint32_t *checkpoints;  /* code points before each AF_SOURCE_BLOCK bytes, when a line is
                             * longer than that (columns in O(block)); else NULL. Owned */
    struct af_source_encoding *enc;   /* NULL: the text is the bytes; else owned */
};

#define AF_SOURCE_BLOCK 1024

/* the largest file read as a Python source (tree-sitter's offsets are 32 bits) */
#define AF_SOURCE_MAX ((size_t)UINT32_MAX - 1)

/*
 * The one file reader of the program: reads the regular file `path` into
 * *out (NUL-terminated, *len bytes; the caller frees it). The file is opened
 * without blocking and kept only when fstat says it is a regular file, so a
 * FIFO, a device (but /dev/null, read as empty) or a folder is one error
 * and never a hang; a file longer than `max` bytes is refused (AF_EINVALID).
 * `st` (may be NULL) receives the file's fstat. Negative with a one-line
 * message (af_error_last) on failure.
 */
int af_source_read(char **out, size_t *len, const char *path, size_t max, struct stat *st);

/*
 * Reads `path` as af_source_read does, through its folder (out->origin says
 * which folder, by identity, for the writer). Fails with a one-line message
 * (af_error_last) for an unreadable file, a NUL byte, invalid UTF-8 without a
 * coding line, a coding line that names an encoding asyncfix does not read
 * or that a BOM contradicts, or bytes the declared encoding does not decode.
 * The caller disposes `out`.
 */
int af_source_load(struct af_source *out, const char *path);
/* af_source_load for a run that writes nothing: by its path (two system calls fewer), out->origin empty */
int af_source_load_readonly(struct af_source *out, const char *path);

void af_source_origin_dispose(struct af_source_origin *origin);

/*
 * The same over bytes read elsewhere (standard input, a git blob): UTF-8 or
 * the encoding its coding line declares; takes ownership of `data`
 * (malloc'd, len bytes + room for a NUL not needed)
 */
int af_source_from_buffer(struct af_source *out, const char *path, char *data, size_t len);

/*
 * Takes text that is already decoded (an editor's buffer): UTF-8 whatever its
 * coding line says. Takes ownership of `data` as af_source_from_buffer does.
 */
int af_source_from_text(struct af_source *out, const char *path, char *data, size_t len);

/* the bytes as read: the text itself unless an encoding was declared */
const char *af_source_bytes(const struct af_source *src, size_t *len);

/*
 * Appends `text` (UTF-8) to `out` in the file's own encoding (as it is when
 * none is declared). AF_EINVALID when a character has no byte sequence in
 * it: *bad (may be NULL) is then its offset in `text`, and `out` is left
 * partly written.
 */
int af_source_encode(struct af_buf *out, const struct af_source *src, const char *text, size_t len,
                     size_t *bad);

/* the offset in the bytes as read of the text offset `at` (a character boundary) */
size_t af_source_raw_offset(const struct af_source *src, uint32_t at);

/* the encoding a source's coding line declares, as spelled there ("latin-1"); NULL for UTF-8 */
const char *af_source_codec(const struct af_source *src);

/*
 * The PEP 263 coding declaration of `data`, as CPython's tokenizer finds it:
 * a comment on line 1, or on line 2 when line 1 holds only blanks or a
 * comment, matching `coding[:=][ \t]*([-_.a-zA-Z0-9]+)`. Its name in *name,
 * *len and its 1-based line in *line; false when there is none.
 */
bool af_source_coding_line(const char *data, size_t len, const char **name, size_t *nlen, uint32_t *line);

/* replaces the text (after a fix pass), rebuilding the line index; takes `data` */
void af_source_replace(struct af_source *src, char *data, size_t len);

/* dst's text, line index, bom and crlf become copies of src's (what af_source_replace would build) */
void af_source_copy_text(struct af_source *dst, const struct af_source *src);

void af_source_dispose(struct af_source *src);

/* frees the text, the bytes and the line index (data NULL, len kept), keeping the path and stat */
void af_source_drop_text(struct af_source *src);

/* 1-based line and column (column counted in Unicode code points) of `byte` */
void af_source_position(const struct af_source *src, uint32_t byte, uint32_t *line, uint32_t *column);

/* the byte of 1-based `line` and `column` (af_source_position's inverse; clamped to the line) */
uint32_t af_source_offset(const struct af_source *src, uint32_t line, uint32_t column);

/*
 * The part of the line holding `byte` that a report shows: the whole line
 * when it has at most `max` bytes, else a window of at most `max` bytes
 * around `byte` cut on character boundaries. *column: the 1-based column of
 * the window's first character.
 */
void af_source_line_window(const struct af_source *src, uint32_t byte, uint32_t max, uint32_t *start,
                           uint32_t *len, uint32_t *column);

/* the 0-based line holding `byte` */
uint32_t af_source_line_of(const struct af_source *src, uint32_t byte);
/* the same over any table of line starts (ascending, starts[0] == 0, n >= 1) */
uint32_t af_lines_find(const uint32_t *starts, uint32_t n, uint32_t byte);

/* start of the 0-based line `line`, and its length without the line ending */
void af_source_line(const struct af_source *src, uint32_t line, uint32_t *start, uint32_t *len);

/* checks bytes for NUL and invalid UTF-8; 0 when clean */
int af_source_validate(const char *data, size_t len);

/* the line ending this file uses ("\r\n" or "\n") */
const char *af_source_newline(const struct af_source *src);

/*
 * A byte scanner that knows strings, comments and line joins, for Python or
 * TOML: the one scan under the index's logical lines and the nesting guard.
 * Comments and blanks are skipped; a backslash before a line break joins
 * lines (Python); string literals are one token (their prefix letters are
 * the WORD before them).
 */
enum af_scan_syntax { AF_SCAN_PYTHON, AF_SCAN_TOML };

enum af_scan_token {
    AF_SCAN_END,            /* no more bytes */
    AF_SCAN_OPEN,           /* ( [ { */
    AF_SCAN_CLOSE,          /* ) ] } */
    AF_SCAN_NEWLINE,        /* \n outside strings (not one joined by a backslash) */
    AF_SCAN_WORD,           /* a run of letters, digits, _ and bytes >= 0x80 */
    AF_SCAN_STRING,         /* a complete string literal */
    AF_SCAN_UNTERMINATED,   /* a string left open: the scan is over */
    AF_SCAN_OTHER,          /* any other byte */
};

/* what a scan passes over without a token (af_scan_init sets AF_SCAN_SKIP_NONE) */
enum af_scan_skip {
    AF_SCAN_SKIP_NONE,
    AF_SCAN_SKIP_PLAIN,         /* words, blanks and other bytes: the structure alone */
    AF_SCAN_SKIP_PUNCTUATION,   /* blanks, brackets, line breaks and other bytes: words and strings */
};

struct af_scan {
    const char *p, *end;    /* what is left to scan */
    enum af_scan_syntax syntax;
    const char *tok;        /* the token af_scan_next returned: [tok, p) */
    enum af_scan_skip skip;
};

void af_scan_init(struct af_scan *scan, const char *data, size_t len, enum af_scan_syntax syntax);
enum af_scan_token af_scan_next(struct af_scan *scan);

/* how deep CPython lets code nest (its tokenizer's MAXLEVEL and MAXINDENT) */
#define AF_MAX_BRACKETS 200
#define AF_MAX_INDENT_LEVELS 99

enum af_nesting {
    AF_NESTING_OK,
    AF_NESTING_BRACKETS,    /* more than AF_MAX_BRACKETS brackets open at once */
    AF_NESTING_INDENT,      /* more than AF_MAX_INDENT_LEVELS levels of indentation (Python) */
};

/*
 * Whether `data` nests deeper than CPython allows; *at: the byte where it
 * goes too deep (the first bracket too many, the first line too deep).
 * Strings and comments are skipped; brackets inside f-string fields are not
 * counted (never a false alarm). The scan stops at a string left open.
 */
enum af_nesting af_source_nesting(const char *data, size_t len, enum af_scan_syntax syntax, uint32_t *at);

/*
 * A 64-bit fingerprint of `data` (eight bytes a step, not cryptographic):
 * what tells pass 2 that it reads the very bytes pass 1 checked.
 */
uint64_t af_source_fingerprint(const char *data, size_t len);

/* [p, end) holds a CR that no LF follows: a line break to CPython, none to a reader of LFs (one memchr when there is no CR) */
bool af_source_has_lone_cr(const char *p, const char *end);

/* the first bytes "async" in [p, end), or NULL: found by memchr for its `y`, a rarer byte in code than its `a`
 * (the prefilter and pass 1 ask it of every file) */
const char *af_source_find_async(const char *p, const char *end);

/*
 * The words of the code of Python text [data, data+len) (a BOM skipped), as
 * the prefilters read it: comments and plain strings hold no code, so `word`
 * is called with each AF_SCAN_WORD outside them, until it returns false. The
 * scan is exact up to the first f-string or t-string (whose fields hold code,
 * and since 3.12 quotes of their own) or string left open; from there `rest`
 * is called once with the bytes that are left, and the walk ends. A text
 * with a lone CR (a line break to CPython, not to the scanner's comments) is
 * all `rest`. Returns false when a callback stopped the walk.
 */
bool af_source_code_words(const char *data, size_t len, bool (*word)(void *ctx, const char *s, size_t n),
                          bool (*rest)(void *ctx, const char *s, const char *end), void *ctx);

/* true when the code of [data, data+len) holds the bytes "async" (a keyword or inside a name such as
 * `asyncio`), not only a comment or a plain string (af_source_code_words) */
bool af_source_code_has_async(const char *data, size_t len);

/*
 * "twisted" or "curio" when a line of the bytes starts (after blanks) with
 * `import NAME` or `from NAME` (NAME whole, or followed by a dot): an event
 * loop none of asyncio, trio and anyio runs on; else NULL. A look at the
 * bytes, for pass 1's files: an import in a string counts too. Twisted on
 * its asyncio reactor (af_source_names_asyncio_reactor) runs asyncio's
 * calls: NULL, and *asyncio_reactor set.
 */
const char *af_source_other_loop(const char *data, size_t len, bool *asyncio_reactor);
/* true when the bytes name Twisted's asyncio reactor (`asyncioreactor`): Twisted runs on asyncio's loop */
bool af_source_names_asyncio_reactor(const char *data, size_t len);

/* "too many nested parentheses (Python allows 200)" and the like */
const char *af_nesting_message(enum af_nesting nesting, enum af_scan_syntax syntax);

#endif
