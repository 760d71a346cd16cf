#include "asyncfix/source.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static uint32_t code_points(const char *data, size_t from, size_t to)
{
    uint32_t n = 0;
    for (size_t i = from; i < to; i++)
        n += ((unsigned char)data[i] & 0xC0) != 0x80;
    return n;
}

/* the code points before each block, so that a column on a long line costs one block */
static void build_checkpoints(struct af_source *src)
{
    size_t nblocks = src->len / AF_SOURCE_BLOCK + 1;
    uint32_t *cp = af_malloc(nblocks * sizeof(*cp));
    cp[0] = 0;
    for (size_t b = 1; b < nblocks; b++)
        cp[b] = cp[b - 1] + code_points(src->data, (b - 1) * AF_SOURCE_BLOCK, b * AF_SOURCE_BLOCK);
    src->checkpoints = cp;
}

/*
 * The codecs a coding line may name, by CPython's names (encodings' module and
 * its aliases, in the form encodings.normalize_encoding gives), with iconv's
 * name of each. Only the encodings where glibc's iconv decodes every byte
 * and every two-byte sequence as CPython 3.11 does, and the 128 ASCII bytes
 * as ASCII (stateless, ASCII-compatible): an edit's bytes can then be put in
 * place of the bytes it replaces. shift_jis, euc_jp, gbk, big5 and cp932
 * decode differently in the two (0x5C in glibc's SHIFT_JIS is the yen sign);
 * glibc composes a letter and a combining mark of cp1255 and cp1258 into
 * one character, which CPython does not; utf_7 and the iso2022 codecs are
 * stateful. tests/test_encodings.py checks this table against python3 and
 * iconv. iconv NULL: UTF-8, read as it is.
 */
static const struct codec {
    const char *name;
    const char *iconv;
    const char *aliases;      /* space-separated */
} codecs[] = {
    { "utf_8", NULL, "cp65001 u8 utf utf8 utf8_ucs2 utf8_ucs4" },
    { "utf_8_sig", NULL, "" },
    { "ascii", "ASCII", "646 ansi_x3.4_1968 ansi_x3.4_1986 ansi_x3_4_1968 cp367 csascii ibm367 iso646_us "
                        "iso_646.irv_1991 iso_ir_6 us us_ascii" },
    { "latin_1", "ISO-8859-1", "8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987 "
                               "iso_ir_100 l1 latin latin1" },
    { "iso8859_2", "ISO-8859-2", "csisolatin2 iso_8859_2 iso_8859_2_1987 iso_ir_101 l2 latin2" },
    { "iso8859_3", "ISO-8859-3", "csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3" },
    { "iso8859_4", "ISO-8859-4", "csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4" },
    { "iso8859_5", "ISO-8859-5", "csisolatincyrillic cyrillic iso_8859_5 iso_8859_5_1988 iso_ir_144" },
    { "iso8859_6", "ISO-8859-6", "arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 iso_8859_6_1987 iso_ir_127" },
    { "iso8859_7", "ISO-8859-7", "csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 iso_8859_7_1987 "
                                 "iso_ir_126" },
    { "iso8859_8", "ISO-8859-8", "csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 iso_ir_138" },
    { "iso8859_9", "ISO-8859-9", "csisolatin5 iso_8859_9 iso_8859_9_1989 iso_ir_148 l5 latin5" },
    { "iso8859_10", "ISO-8859-10", "csisolatin6 iso_8859_10 iso_8859_10_1992 iso_ir_157 l6 latin6" },
    { "iso8859_11", "ISO-8859-11", "iso_8859_11 iso_8859_11_2001 thai" },
    { "iso8859_13", "ISO-8859-13", "iso_8859_13 l7 latin7" },
    { "iso8859_14", "ISO-8859-14", "iso_8859_14 iso_8859_14_1998 iso_celtic iso_ir_199 l8 latin8" },
    { "iso8859_15", "ISO-8859-15", "iso_8859_15 l9 latin9" },
    { "iso8859_16", "ISO-8859-16", "iso_8859_16 iso_8859_16_2001 iso_ir_226 l10 latin10" },
    { "cp1250", "CP1250", "1250 windows_1250" },
    { "cp1251", "CP1251", "1251 windows_1251" },
    { "cp1252", "CP1252", "1252 windows_1252" },
    { "cp1253", "CP1253", "1253 windows_1253" },
    { "cp1254", "CP1254", "1254 windows_1254" },
    { "cp1256", "CP1256", "1256 windows_1256" },
    { "cp1257", "CP1257", "1257 windows_1257" },
    { "cp437", "CP437", "437 cspc8codepage437 ibm437" },
    { "cp737", "CP737", "" },
    { "cp775", "CP775", "775 cspc775baltic ibm775" },
    { "cp850", "CP850", "850 cspc850multilingual ibm850" },
    { "cp852", "CP852", "852 cspcp852 ibm852" },
    { "cp855", "CP855", "855 csibm855 ibm855" },
    { "cp857", "CP857", "857 csibm857 ibm857" },
    { "cp858", "CP858", "858 csibm858 ibm858" },
    { "cp860", "CP860", "860 csibm860 ibm860" },
    { "cp861", "CP861", "861 cp_is csibm861 ibm861" },
    { "cp862", "CP862", "862 cspc862latinhebrew ibm862" },
    { "cp863", "CP863", "863 csibm863 ibm863" },
    { "cp865", "CP865", "865 csibm865 ibm865" },
    { "cp866", "CP866", "866 csibm866 ibm866" },
    { "cp869", "CP869", "869 cp_gr csibm869 ibm869" },
    { "cp874", "CP874", "" },
    { "cp1125", "CP1125", "1125 cp866u ibm1125 ruscii" },
    { "koi8_r", "KOI8-R", "cskoi8r" },
    { "koi8_u", "KOI8-U", "" },
    { "koi8_t", "KOI8-T", "" },
    { "ptcp154", "PT154", "cp154 csptcp154 cyrillic_asian pt154" },
    { "mac_latin2", "MAC-CENTRALEUROPE", "mac_centeuro maccentraleurope maclatin2" },
    { "hp_roman8", "HP-ROMAN8", "cp1051 ibm1051 r8 roman8" },
    { "cp949", "CP949", "949 ms949 uhc" },
    { "gb2312", "GB2312", "chinese csiso58gb231280 euc_cn euccn eucgb2312_cn gb2312_1980 gb2312_80 iso_ir_58 "
                          "x_mac_simp_chinese" },
};

/* the next line break at or after p: '\n', or a '\r' not followed by '\n'; NULL when none */
static const char *next_break(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n')))
            return p;
    return NULL;
}

static void build_lines(struct af_source *src)
{
    uint32_t cap = 64, n = 0, longest = 0;
    uint32_t *lines = af_malloc(cap * sizeof(*lines));
    lines[n++] = 0;
    const char *p = src->data, *end = src->data + src->len;
    /* a lone CR ends a line too, as CPython reads it (a file without CR takes memchr's path) */
    bool crs = memchr(p, '\r', src->len) != NULL;
    while ((p = crs ? next_break(p, end) : memchr(p, '\n', (size_t)(end - p))) != NULL) {
        p++;
        if (n == cap) {
            cap *= 2;
            lines = af_realloc(lines, cap * sizeof(*lines));
        }
        lines[n] = (uint32_t)(p - src->data);
        if (lines[n] - lines[n - 1] > longest)
            longest = lines[n] - lines[n - 1];
        n++;
    }
    if (src->len - lines[n - 1] > longest)
        longest = (uint32_t)(src->len - lines[n - 1]);
    free(src->lines);
    src->lines = lines;
    src->nlines = n;
    free(src->checkpoints);
    src->checkpoints = NULL;
    if (longest > AF_SOURCE_BLOCK)
        build_checkpoints(src);
    src->bom = src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0;
    const char *nl = memchr(src->data, '\n', src->len);
    src->crlf = nl && nl > src->data && nl[-1] == '\r';
}

int af_source_validate(const char *data, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    while (i < len) {
        /* eight ASCII bytes, none of them NUL, at a step (most of a Python file) */
        for (uint64_t w; i + 8 <= len; i += 8) {
            memcpy(&w, data + i, 8);
            if (((w | ((w - ones) & ~w)) & highs) != 0)
                break;
        }
        if (i >= len)
            break;
        unsigned char c = (unsigned char)data[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        if (c == 0) {
            af_error_set("binary file (NUL byte at offset %zu)", i);
            return AF_EINVALID;
        }
        size_t n = af_utf8_next(data + i, len - i, NULL);
        if (!n) {
            af_error_set("invalid UTF-8 at byte offset %zu", i);
            return AF_EINVALID;
        }
        i += n;
    }
    return 0;
}

/* ---- the coding line (PEP 263, as CPython's tokenizer reads it) ---- */

/* the name in a comment line [s, e) after `coding:` or `coding=`, or NULL */
static const char *coding_spec(const char *s, const char *e, size_t *nlen)
{
    const char *p = s;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    if (p >= e || *p != '#')
        return NULL;
    for (const char *t = s; e - t > 6; t++) {
        if (memcmp(t, "coding", 6) != 0 || (t[6] != ':' && t[6] != '='))
            continue;
        const char *b = t + 7;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        const char *n = b;
        while (n < e && ((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || (*n >= '0' && *n <= '9') ||
                         *n == '-' || *n == '_' || *n == '.'))
            n++;
        if (n > b) {
            *nlen = (size_t)(n - b);
            return b;
        }
    }
    return NULL;
}

/* true when the line [s, e) holds only blanks, or blanks and a comment */
static bool blank_or_comment(const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\f'))
        s++;
    return s >= e || *s == '#' || *s == '\r' || *s == '\n';
}

bool af_source_coding_line(const char *data, size_t len, const char **name, size_t *nlen, uint32_t *line)
{
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (uint32_t n = 1; n <= 2 && p < end; n++) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        if ((*name = coding_spec(p, e, nlen))) {
            *line = n;
            return true;
        }
        if (!blank_or_comment(p, e))
            break;
        p = e + 1;
    }
    return false;
}

/*
 * CPython's get_normal_name: its first 12 characters lower-cased, `_` as
 * `-`; "utf-8" and "utf-8-..." are "utf-8", the latin-1 spellings
 * "iso-8859-1"; else the name itself (NULL).
 */
static const char *tokenizer_name(const char *name, size_t len)
{
    char buf[13];
    size_t i = 0;
    for (; i < 12 && i < len; i++)
        buf[i] = name[i] == '_' ? '-' : (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    buf[i] = '\0';
    if (!strcmp(buf, "utf-8") || !strncmp(buf, "utf-8-", 6))
        return "utf-8";
    if (!strcmp(buf, "latin-1") || !strcmp(buf, "iso-8859-1") || !strcmp(buf, "iso-latin-1") ||
        !strncmp(buf, "latin-1-", 8) || !strncmp(buf, "iso-8859-1-", 11) || !strncmp(buf, "iso-latin-1-", 12))
        return "iso-8859-1";
    return NULL;
}

/* encodings.normalize_encoding over the lower-cased name: runs of other characters than [a-z0-9.] are one `_` */
static void normalize_codec(struct af_buf *out, const char *name, size_t len)
{
    bool punct = false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
            if (punct && out->size)
                af_buf_putc(out, '_');
            af_buf_putc(out, c);
            punct = false;
        } else {
            punct = true;
        }
    }
}

static bool names_codec(const struct codec *c, const char *n)
{
    size_t len = strlen(n);
    if (!strcmp(c->name, n))
        return true;
    for (const char *a = c->aliases; *a;) {
        const char *e = strchr(a, ' ');
        size_t alen = e ? (size_t)(e - a) : strlen(a);
        if (alen == len && !memcmp(a, n, len))
            return true;
        a += alen + (e != NULL);
    }
    return false;
}

/* the codec a normalized name names (as is, or with `.` as `_`, as encodings.search_function tries) */
static const struct codec *find_codec(char *norm)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
            if (names_codec(&codecs[i], norm))
                return &codecs[i];
        for (char *d = norm; (d = strchr(d, '.'));)
            *d = '_';
    }
    return NULL;
}

/*
 * Why a codec CPython knows is not read, by the start of its normalized name,
 * or NULL.
 */
static const char *refusal(const char *norm)
{
    static const struct {
        const char *prefix;
        const char *why;
    } refused[] = {
        { "shift_jis", "iconv and CPython decode some of its bytes differently" },
        { "sjis", "iconv and CPython decode some of its bytes differently" },
        { "cp932", "iconv and CPython decode some of its bytes differently" },
        { "ms932", "iconv and CPython decode some of its bytes differently" },
        { "euc_jp", "iconv and CPython decode some of its bytes differently" },
        { "euc_jis", "iconv and CPython decode some of its bytes differently" },
        { "gbk", "iconv and CPython decode some of its bytes differently" },
        { "gb18030", "iconv and CPython decode some of its bytes differently" },
        { "big5", "iconv and CPython decode some of its bytes differently" },
        { "cp950", "iconv and CPython decode some of its bytes differently" },
        { "cp1255", "iconv joins a letter and its accent into one character, CPython does not" },
        { "cp1258", "iconv joins a letter and its accent into one character, CPython does not" },
        { "windows_1255", "iconv joins a letter and its accent into one character, CPython does not" },
        { "windows_1258", "iconv joins a letter and its accent into one character, CPython does not" },
        { "utf_7", "a stateful encoding" },
        { "iso2022", "a stateful encoding" },
        { "iso_2022", "a stateful encoding" },
        { "hz", "a stateful encoding" },
        { "utf_16", "not ASCII-compatible" },
        { "utf_32", "not ASCII-compatible" },
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        if (strncmp(norm, refused[i].prefix, strlen(refused[i].prefix)) == 0)
            return refused[i].why;
    return NULL;
}

/*
 * The codec of the coding line of `data`: *out NULL for UTF-8 (no line, or
 * one of UTF-8's names). AF_EINVALID with a message for a name it does not
 * read, or a BOM with another name than "utf-8" (CPython's "encoding problem").
 */
static int declared_codec(const struct codec **out, char **spelled, const char *data, size_t len, bool bom)
{
    const char *name;
    size_t nlen;
    uint32_t line;
    *out = NULL;
    *spelled = NULL;
    if (!af_source_coding_line(data, len, &name, &nlen, &line))
        return 0;
    const char *normal = tokenizer_name(name, nlen);
    if (bom && !(normal && !strcmp(normal, "utf-8"))) {
        af_error_set("encoding problem: the file starts with a UTF-8 BOM but line %u declares `%.*s`",
                     line, (int)nlen, name);
        return AF_EINVALID;
    }
    struct af_buf norm = AF_BUF_INIT;
    if (normal)
        normalize_codec(&norm, normal, strlen(normal));
    else
        normalize_codec(&norm, name, nlen);
    const struct codec *c = norm.size ? find_codec(norm.ptr) : NULL;
    const char *why = c || !norm.size ? NULL : refusal(norm.ptr);
    af_buf_dispose(&norm);
    if (!c) {
        af_error_set("line %u declares encoding `%.*s`, which asyncfix does not read%s%s%s: UTF-8 and the "
                     "encodings iconv decodes as CPython does (latin-1, iso-8859-*, cp1250-cp1254, cp1256, "
                     "cp1257, cp437, koi8-r, ...) are read", line, (int)nlen, name, why ? " (" : "",
                     why ? why : "", why ? ")" : "");
        return AF_EINVALID;
    }
    *out = c->iconv ? c : NULL;
    *spelled = c->iconv ? af_strndup(name, nlen) : NULL;
    return 0;
}

/* ---- decoding and encoding through iconv ---- */

static void anchor_add(struct af_source_encoding *enc, uint32_t *cap, uint32_t text, uint32_t raw)
{
    if (enc->nanchors == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        enc->anchor_text = af_realloc(enc->anchor_text, *cap * sizeof(uint32_t));
        enc->anchor_raw = af_realloc(enc->anchor_raw, *cap * sizeof(uint32_t));
    }
    enc->anchor_text[enc->nanchors] = text;
    enc->anchor_raw[enc->nanchors++] = raw;
}

/* converts the one character at [in, in+max) (1 to 4 bytes); returns the bytes it took, 0 when none is valid */
static size_t convert_one(iconv_t cd, const char *in, size_t max, char *out, size_t *outlen)
{
    for (size_t k = 1; k <= max && k <= 4; k++) {
        char *ip = (char *)in, *op = out;
        size_t il = k, ol = 16;
        iconv(cd, NULL, NULL, NULL, NULL);
        /* converted, and nothing held back (the flush writes what a stateful converter keeps) */
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
            iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1) {
            *outlen = 16 - ol;
            return k;
        }
        if (errno != EINVAL)
            return 0;
    }
    return 0;
}

/* decodes src->enc->raw into the text, building the anchors */
static int decode(struct af_source *src, const struct codec *c)
{
    struct af_source_encoding *enc = src->enc;
    iconv_t cd = iconv_open("UTF-8", c->iconv);
    if (cd == (iconv_t)-1) {
        af_error_set("cannot decode %s: iconv does not know %s", c->name, c->iconv);
        return AF_ERROR;
    }
    struct af_buf text = AF_BUF_INIT;
    uint32_t cap = 0;
    const char *raw = enc->raw;
    int error = 0;
    for (size_t i = 0; i < enc->raw_len;) {
        if (!(raw[i] & 0x80)) {
            af_buf_putc(&text, raw[i++]);
            continue;
        }
        char out[16];
        size_t olen, took = convert_one(cd, raw + i, enc->raw_len - i, out, &olen);
        if (!took) {
            af_error_set("invalid %s at byte offset %zu (the encoding the coding line declares)", c->name, i);
            error = AF_EINVALID;
            break;
        }
        af_buf_put(&text, out, olen);
        i += took;
        anchor_add(enc, &cap, (uint32_t)text.size, (uint32_t)i);
    }
    iconv_close(cd);
    if (error == 0 && text.size > UINT32_MAX)
        error = AF_EINVALID;
    free(src->data);
    src->len = text.size;
    src->data = af_buf_detach(&text);
    if (!src->data)
        src->data = af_strdup("");
    return error;
}

int af_source_encode(struct af_buf *out, const struct af_source *src, const char *text, size_t len,
                     size_t *bad)
{
    if (!src->enc) {
        af_buf_put(out, text, len);
        return 0;
    }
    iconv_t cd = iconv_open(src->enc->iconv, "UTF-8");
    if (cd == (iconv_t)-1) {
        af_error_set("cannot encode %s: iconv does not know %s", src->enc->codec, src->enc->iconv);
        return AF_ERROR;
    }
    int error = 0;
    for (size_t i = 0; i < len;) {
        if (!(text[i] & 0x80)) {
            af_buf_putc(out, text[i++]);
            continue;
        }
        char bytes[16];
        size_t n = af_utf8_next(text + i, len - i, NULL), blen;
        if (!n || convert_one(cd, text + i, n, bytes, &blen) != n) {
            if (bad)
                *bad = i;
            af_error_set("the file's encoding %s has no byte sequence for the character at text offset %zu",
                         src->enc->codec, i);
            error = AF_EINVALID;
            break;
        }
        af_buf_put(out, bytes, blen);
        i += n;
    }
    iconv_close(cd);
    return error;
}

size_t af_source_raw_offset(const struct af_source *src, uint32_t at)
{
    const struct af_source_encoding *enc = src->enc;
    if (!enc)
        return at;
    /* the last anchor at or before `at`: ASCII, one byte each, from there */
    uint32_t lo = af_upper_bound(enc->anchor_text, enc->nanchors, at);
    if (lo == 0)
        return at;
    return enc->anchor_raw[lo - 1] + (at - enc->anchor_text[lo - 1]);
}

const char *af_source_bytes(const struct af_source *src, size_t *len)
{
    if (src->enc) {
        *len = src->enc->raw_len;
        return src->enc->raw;
    }
    *len = src->len;
    return src->data;
}

const char *af_source_codec(const struct af_source *src)
{
    return src->enc ? src->enc->declared : NULL;
}

static void encoding_free(struct af_source_encoding *enc)
{
    if (!enc)
        return;
    free(enc->raw);
    free(enc->declared);
    free(enc->anchor_text);
    free(enc->anchor_raw);
    free(enc);
}

/* the text of `data` as read: UTF-8 checked, or decoded from its declared encoding */
static int take_bytes(struct af_source *out, char *data, size_t len)
{
    out->data = af_realloc(data, len + 1);
    out->data[len] = '\0';
    out->len = len;
    bool bom = len >= 3 && memcmp(out->data, "\xEF\xBB\xBF", 3) == 0;
    if (memchr(out->data, '\0', len))
        return af_source_validate(out->data, out->len);   /* the NUL's message */
    const struct codec *c;
    char *spelled;
    int error = declared_codec(&c, &spelled, out->data, len, bom);
    if (error < 0)
        return error;
    if (!c)
        return af_source_validate(out->data, out->len);
    out->enc = af_calloc(1, sizeof(*out->enc));
    out->enc->codec = c->name;
    out->enc->declared = spelled;
    out->enc->iconv = c->iconv;
    out->enc->raw = af_malloc(len + 1);
    memcpy(out->enc->raw, out->data, len + 1);
    out->enc->raw_len = len;
    return decode(out, c);
}

int af_source_from_buffer(struct af_source *out, const char *path, char *data, size_t len)
{
    memset(out, 0, sizeof(*out));
    out->path = af_strdup(path);
    int error = take_bytes(out, data, len);
    build_lines(out);
    return error;
}

int af_source_from_text(struct af_source *out, const char *path, char *data, size_t len)
{
    memset(out, 0, sizeof(*out));
    out->path = af_strdup(path);
    out->data = af_realloc(data, len + 1);
    out->data[len] = '\0';
    out->len = len;
    build_lines(out);
    if (af_source_validate(out->data, out->len) < 0)
        return AF_EINVALID;
    return 0;
}

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a named pipe";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* /dev/null reads as an empty file (`--config /dev/null`: no configuration) */
static bool is_dev_null(const struct stat *st)
{
    return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

/*
 * Opens `path` (relative to `dirfd`) for reading without blocking (a FIFO's
 * open() waits for a writer, a tty's may too) and keeps it only when fstat
 * says regular. Returns the descriptor, or -errno with the message set.
 */
static int open_regular(int dirfd, const char *path, int extra_flags, struct stat *st)
{
    int fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | extra_flags);
    if (fd < 0) {
        int e = errno;
        af_error_set("cannot read: %s", strerror(e));
        return -e;
    }
    if (fstat(fd, st) < 0) {
        int e = errno;
        af_error_set("cannot read: %s", strerror(e));
        close(fd);
        return -e;
    }
    if (!S_ISREG(st->st_mode) && !is_dev_null(st)) {
        af_error_set("cannot read: %s%s", S_ISDIR(st->st_mode) || S_ISREG(st->st_mode) ? "" : "not a regular file: ",
                     file_kind(st->st_mode));
        close(fd);
        return -EINVAL;
    }
    return fd;
}

static int read_regular(char **out, size_t *len, int fd, const struct stat *st, size_t max)
{
    if ((uint64_t)st->st_size > max) {
        af_error_set("too large (%lld bytes; at most %zu)", (long long)st->st_size, max);
        return AF_EINVALID;
    }
    size_t cap = (size_t)st->st_size + 1, n = 0;
    char *data = af_malloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                af_error_set("too large (it grew past %zu bytes while read)", max);
                free(data);
                return AF_EINVALID;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            data = af_realloc(data, cap + 1);
        }
        ssize_t r = read(fd, data + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            af_error_set("cannot read: %s", strerror(errno));
            free(data);
            return AF_ERROR;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        /* a regular file's read stops short only at its end: the size fstat gave, read whole, is the
         * file (one read a file; a file that grew since fstat fills the buffer and is read on) */
        if (n == (size_t)st->st_size && n < cap)
            break;
    }
    if (n > max) {
        af_error_set("too large (it grew past %zu bytes while read)", max);
        free(data);
        return AF_EINVALID;
    }
    data = af_realloc(data, n + 1);
    data[n] = '\0';
    *out = data;
    *len = n;
    return 0;
}

int af_source_read(char **out, size_t *len, const char *path, size_t max, struct stat *st)
{
    struct stat local;
    st = st ? st : &local;
    *out = NULL;
    *len = 0;
    int fd = open_regular(AT_FDCWD, path, 0, st);
    if (fd < 0)
        return AF_ERROR;
    int error = read_regular(out, len, fd, st, max);
    close(fd);
    return error;
}

/* "a/b/c.py" -> "a/b" and "c.py"; "c.py" -> "." and "c.py"; "/c.py" -> "/" and "c.py" */
static void split_path(const char *path, char **dir, char **name)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *dir = af_strdup(".");
        *name = af_strdup(path);
        return;
    }
    const char *end = slash;
    while (end > path && end[-1] == '/')
        end--;
    *dir = end == path ? af_strdup("/") : af_strndup(path, (size_t)(end - path));
    *name = af_strdup(slash + 1);
}

void af_source_origin_dispose(struct af_source_origin *origin)
{
    free(origin->dir);
    free(origin->name);
    memset(origin, 0, sizeof(*origin));
}

/*
 * Opens `path` through its folder, so that the folder's identity is the one
 * the bytes came from; a symbolic link to the file is resolved first (its
 * target's folder is where a write must go). Returns the file's descriptor.
 */
static int open_with_origin(struct af_source_origin *origin, const char *path, struct stat *st)
{
    char *real = NULL;
    int fd = -1;
    for (int attempt = 0; attempt < 2 && fd < 0; attempt++) {
        af_source_origin_dispose(origin);
        split_path(real ? real : path, &origin->dir, &origin->name);
        int dirfd = open(origin->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        struct stat dst;
        if (dirfd < 0 || fstat(dirfd, &dst) < 0) {
            af_error_set("cannot read: %s", strerror(errno));
            if (dirfd >= 0)
                close(dirfd);
            break;
        }
        origin->dir_dev = dst.st_dev;
        origin->dir_ino = dst.st_ino;
        fd = open_regular(dirfd, origin->name, O_NOFOLLOW, st);
        close(dirfd);
        if (fd == -ELOOP && !real) {
            /* a symbolic link named on the command line: read and later write its target */
            if (!(real = realpath(path, NULL))) {
                af_error_set("cannot read: %s", strerror(errno));
                break;
            }
        } else if (fd < 0) {
            break;
        }
    }
    free(real);
    return fd;
}

/* af_source_load, through the file's folder (`origin`) or, when nothing will be written, by its path */
static int load(struct af_source *out, const char *path, bool origin)
{
    struct af_source_origin where = { 0 };
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    memset(out, 0, sizeof(*out));
    int fd = origin ? open_with_origin(&where, path, &st) : open_regular(AT_FDCWD, path, 0, &st);
    if (fd < 0) {
        af_source_origin_dispose(&where);
        return AF_ERROR;
    }
    int error = read_regular(&data, &len, fd, &st, AF_SOURCE_MAX);
    close(fd);
    if (error < 0) {
        af_source_origin_dispose(&where);
        return error;
    }
    error = af_source_from_buffer(out, path, data, len);
    out->st = st;
    out->origin = where;
    return error;
}

int af_source_load(struct af_source *out, const char *path)
{
    return load(out, path, true);
}

int af_source_load_readonly(struct af_source *out, const char *path)
{
    return load(out, path, false);
}

void af_source_replace(struct af_source *src, char *data, size_t len)
{
    if (src->data != data)
        free(src->data);
    src->data = af_realloc(data, len + 1);
    src->data[len] = '\0';
    src->len = len;
    build_lines(src);
}

void af_source_copy_text(struct af_source *dst, const struct af_source *src)
{
    free(dst->data);
    free(dst->lines);
    free(dst->checkpoints);
    dst->data = af_strndup(src->data, src->len);
    dst->len = src->len;
    dst->lines = af_malloc(src->nlines * sizeof(*dst->lines));
    memcpy(dst->lines, src->lines, src->nlines * sizeof(*dst->lines));
    dst->nlines = src->nlines;
    dst->checkpoints = NULL;
    if (src->checkpoints) {
        size_t nblocks = src->len / AF_SOURCE_BLOCK + 1;
        dst->checkpoints = af_malloc(nblocks * sizeof(*dst->checkpoints));
        memcpy(dst->checkpoints, src->checkpoints, nblocks * sizeof(*dst->checkpoints));
    }
    dst->bom = src->bom;
    dst->crlf = src->crlf;
}

void af_source_drop_text(struct af_source *src)
{
    free(src->data);
    src->data = NULL;
    free(src->lines);
    src->lines = NULL;
    free(src->checkpoints);
    src->checkpoints = NULL;
    encoding_free(src->enc);
    src->enc = NULL;
}

void af_source_dispose(struct af_source *src)
{
    free(src->path);
    free(src->data);
    free(src->lines);
    free(src->checkpoints);
    af_source_origin_dispose(&src->origin);
    encoding_free(src->enc);
    memset(src, 0, sizeof(*src));
}

uint32_t af_lines_find(const uint32_t *starts, uint32_t n, uint32_t byte)
{
    uint32_t k = af_upper_bound(starts, n, byte);
    return k ? k - 1 : 0;
}

uint32_t af_source_line_of(const struct af_source *src, uint32_t byte)
{
    return af_lines_find(src->lines, src->nlines, byte);
}

/* the code points in [0, byte) when checkpoints exist, else in the line up to byte */
static uint32_t code_points_before(const struct af_source *src, uint32_t byte)
{
    if (!src->checkpoints)
        return code_points(src->data, src->lines[af_source_line_of(src, byte)], byte);
    uint32_t block = byte / AF_SOURCE_BLOCK;
    return src->checkpoints[block] + code_points(src->data, (size_t)block * AF_SOURCE_BLOCK, byte);
}

void af_source_position(const struct af_source *src, uint32_t byte, uint32_t *line, uint32_t *column)
{
    if (byte > src->len)
        byte = (uint32_t)src->len;
    uint32_t l = af_source_line_of(src, byte);
    uint32_t start = src->lines[l];
    if (l == 0 && src->bom && byte >= 3)
        start = 3;
    *line = l + 1;
    *column = code_points_before(src, byte) - code_points_before(src, start) + 1;
}

void af_source_line_window(const struct af_source *src, uint32_t byte, uint32_t max, uint32_t *start,
                           uint32_t *len, uint32_t *column)
{
    uint32_t line, s, n;
    af_source_line(src, af_source_line_of(src, byte), &s, &n);
    if (n <= max) {
        *start = s;
        *len = n;
        *column = 1;
        return;
    }
    /* a quarter of the window before the byte, the rest after it */
    uint32_t b = byte - s > max / 4 ? byte - max / 4 : s;
    uint32_t e = b + max < s + n ? b + max : s + n;
    while (b > s && ((unsigned char)src->data[b] & 0xC0) == 0x80)
        b++;
    while (e < s + n && e > b && ((unsigned char)src->data[e] & 0xC0) == 0x80)
        e--;
    *start = b;
    *len = e - b;
    af_source_position(src, b, &line, column);
}

uint32_t af_source_offset(const struct af_source *src, uint32_t line, uint32_t column)
{
    if (line < 1)
        return 0;
    if (line > src->nlines)
        return (uint32_t)src->len;
    uint32_t at = src->lines[line - 1];
    uint32_t end = line < src->nlines ? src->lines[line] : (uint32_t)src->len;
    if (line == 1 && src->bom && end >= 3)
        at = 3;
    for (uint32_t col = 1; col < column && at < end; col++) {
        at++;
        while (at < end && ((unsigned char)src->data[at] & 0xC0) == 0x80)
            at++;
    }
    return at;
}

void af_source_line(const struct af_source *src, uint32_t line, uint32_t *start, uint32_t *len)
{
    uint32_t s = src->lines[line];
    uint32_t e = line + 1 < src->nlines ? src->lines[line + 1] : (uint32_t)src->len;
    if (e > s && src->data[e - 1] == '\n')
        e--;
    if (e > s && src->data[e - 1] == '\r')
        e--;
    *start = s;
    *len = e - s;
}

const char *af_source_newline(const struct af_source *src)
{
    return src->crlf ? "\r\n" : "\n";
}

/* ---- the byte scanner ---- */

void af_scan_init(struct af_scan *scan, const char *data, size_t len, enum af_scan_syntax syntax)
{
    scan->p = scan->tok = data;
    scan->end = data + len;
    scan->syntax = syntax;
    scan->skip = AF_SCAN_SKIP_NONE;
}

/* what a byte may start; the classes below S_HASH give no token in a scan of the structure alone */
enum scan_class { S_OTHER, S_BLANK, S_WORD, S_HASH, S_QUOTE, S_BACKSLASH, S_OPEN, S_CLOSE, S_NEWLINE };

static const unsigned char scan_class[256] = {
    [' '] = S_BLANK, ['\t'] = S_BLANK, ['\f'] = S_BLANK, ['\r'] = S_BLANK,
    ['0' ... '9'] = S_WORD, ['A' ... 'Z'] = S_WORD, ['a' ... 'z'] = S_WORD, ['_'] = S_WORD,
    [0x80 ... 0xFF] = S_WORD,
    ['#'] = S_HASH, ['\''] = S_QUOTE, ['"'] = S_QUOTE, ['\\'] = S_BACKSLASH,
    ['('] = S_OPEN, ['['] = S_OPEN, ['{'] = S_OPEN, [')'] = S_CLOSE, [']'] = S_CLOSE, ['}'] = S_CLOSE,
    ['\n'] = S_NEWLINE,
};

static bool word_byte(unsigned char c)
{
    return scan_class[c] == S_WORD;
}

/* the bytes a skipping scan stops at: structure alone, or also the words (af_scan_skip) */
static const bool stops_structure[256] = {
    ['#'] = true, ['\''] = true, ['"'] = true, ['\\'] = true, ['('] = true, ['['] = true, ['{'] = true,
    [')'] = true, [']'] = true, ['}'] = true, ['\n'] = true,
};
static const bool stops_words[256] = {
    ['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true, ['_'] = true, [0x80 ... 0xFF] = true,
    ['#'] = true, ['\''] = true, ['"'] = true, ['\\'] = true,
};

/* past the bytes from p that `stops` does not stop at */
static const char *skip_until(const char *p, const char *end, const bool *stops)
{
    const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)end;
    while (e - u >= 4) {
        if (stops[u[0]])
            return (const char *)u;
        if (stops[u[1]])
            return (const char *)u + 1;
        if (stops[u[2]])
            return (const char *)u + 2;
        if (stops[u[3]])
            return (const char *)u + 3;
        u += 4;
    }
    while (u < e && !stops[*u])
        u++;
    return (const char *)u;
}

/* past a line break at p (\n, \r\n or \r), or p when there is none */
static const char *past_break(const char *p, const char *end)
{
    if (p < end && *p == '\r')
        p++;
    if (p < end && *p == '\n')
        p++;
    return p;
}

/* past the escape whose backslash is at p: a joined line break, or the byte after it */
static const char *past_escape(const char *p, const char *end)
{
    const char *after = past_break(p + 1, end);
    return after > p + 1 ? after : p + 2;
}

/* the first `c` in [p, end), or end */
static const char *find_byte(const char *p, const char *end, char c)
{
    const char *f = p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
    return f ? f : end;
}

/* a one-line string's body from p: the scanner moves past its closing quote, or reports it open */
static enum af_scan_token scan_short_string(struct af_scan *scan, const char *p, char q, bool escapes)
{
    const char *end = scan->end;
    while (p < end) {
        char c = *p;
        if (c == q) {
            scan->p = p + 1;
            return AF_SCAN_STRING;
        }
        if (c == '\\' && escapes) {
            p = past_escape(p, end);
            continue;
        }
        if (c == '\n' || c == '\r') {
            scan->p = p;
            return AF_SCAN_UNTERMINATED;
        }
        p++;
    }
    scan->p = end;
    return AF_SCAN_UNTERMINATED;
}

/*
 * A triple-quoted string's body from p: the next quote and the next
 * backslash are found by memchr (each kept until the scan passes it), so a
 * long docstring costs a few instructions per line.
 */
static enum af_scan_token scan_long_string(struct af_scan *scan, const char *p, char q, bool escapes)
{
    const char *end = scan->end, *quote = NULL, *escape = escapes ? NULL : end;
    while (p < end) {
        if (!quote || quote < p)
            quote = find_byte(p, end, q);
        if (!escape || escape < p)
            escape = find_byte(p, end, '\\');
        if (escape < quote) {
            p = past_escape(escape, end);
            continue;
        }
        if (quote == end)
            break;
        if (end - quote >= 3 && quote[1] == q && quote[2] == q) {
            scan->p = quote + 3;
            return AF_SCAN_STRING;
        }
        p = quote + 1;
    }
    scan->p = end;
    return AF_SCAN_UNTERMINATED;
}

/* a string literal starting at its quote: the scanner moves past it, or reports it open */
static enum af_scan_token scan_string(struct af_scan *scan)
{
    const char *p = scan->p, *end = scan->end;
    char q = *p;
    bool triple = end - p >= 3 && p[1] == q && p[2] == q;
    /* TOML's literal strings have no escapes; Python's raw strings still skip an escaped quote */
    bool escapes = scan->syntax == AF_SCAN_PYTHON || q == '"';
    return triple ? scan_long_string(scan, p + 3, q, escapes) : scan_short_string(scan, p + 1, q, escapes);
}

/* af_scan_next, inline in the nesting guard's loop */
static inline enum af_scan_token scan_next(struct af_scan *scan)
{
    const char *end = scan->end;
    for (;;) {
        const char *p = scan->skip == AF_SCAN_SKIP_NONE ? scan->p
                        : skip_until(scan->p, end, scan->skip == AF_SCAN_SKIP_PLAIN ? stops_structure : stops_words);
        scan->p = scan->tok = p;
        if (p >= end)
            return AF_SCAN_END;
        scan->p = p + 1;
        switch ((enum scan_class)scan_class[(unsigned char)*p]) {
        case S_BLANK:
            continue;
        case S_HASH:
            scan->p = find_byte(p, end, '\n');
            continue;
        case S_BACKSLASH:
            if (scan->syntax == AF_SCAN_PYTHON && past_break(p + 1, end) > p + 1) {
                scan->p = past_break(p + 1, end);
                continue;
            }
            return AF_SCAN_OTHER;
        case S_QUOTE:
            scan->p = p;
            return scan_string(scan);
        case S_WORD:
            while (scan->p < end && word_byte((unsigned char)*scan->p))
                scan->p++;
            return AF_SCAN_WORD;
        case S_OPEN:
            return AF_SCAN_OPEN;
        case S_CLOSE:
            return AF_SCAN_CLOSE;
        case S_NEWLINE:
            return AF_SCAN_NEWLINE;
        case S_OTHER:
            break;
        }
        return AF_SCAN_OTHER;
    }
}

enum af_scan_token af_scan_next(struct af_scan *scan)
{
    return scan_next(scan);
}

/*
 * At the start of a logical line: its indentation as CPython measures it
 * (a tab to the next multiple of 8, a form feed back to 0), or -1 for a
 * blank or comment-only line, which has none.
 */
static long line_indent(const char *p, const char *end, const char **first)
{
    long col = 0;
    for (;;) {
        const char *spaces = p;
        while (p < end && *p == ' ')
            p++;
        col += p - spaces;
        if (p >= end || (*p != '\t' && *p != '\f'))
            break;
        col = *p == '\t' ? (col / 8 + 1) * 8 : 0;
        p++;
    }
    *first = p;
    if (p >= end || *p == '\n' || *p == '\r' || *p == '#')
        return -1;
    return col;
}

enum af_nesting af_source_nesting(const char *data, size_t len, enum af_scan_syntax syntax, uint32_t *at)
{
    struct af_scan scan;
    long widths[AF_MAX_INDENT_LEVELS + 1] = { 0 };
    uint32_t depth = 0, levels = 0;
    bool line_start = syntax == AF_SCAN_PYTHON;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        af_scan_init(&scan, data + 3, len - 3, syntax);
    else
        af_scan_init(&scan, data, len, syntax);
    scan.skip = AF_SCAN_SKIP_PLAIN;
    for (;;) {
        if (line_start) {
            const char *first;
            long col = line_indent(scan.p, scan.end, &first);
            line_start = false;
            scan.p = first;   /* the indentation is read: blanks the scanner would skip one call each */
            if (col >= 0) {
                while (levels > 0 && widths[levels] > col)
                    levels--;
                if (col > widths[levels]) {
                    if (levels == AF_MAX_INDENT_LEVELS) {
                        *at = (uint32_t)(first - data);
                        return AF_NESTING_INDENT;
                    }
                    widths[++levels] = col;
                }
            }
        }
        switch (scan_next(&scan)) {
        case AF_SCAN_END:
        case AF_SCAN_UNTERMINATED:
            return AF_NESTING_OK;
        case AF_SCAN_OPEN:
            if (++depth > AF_MAX_BRACKETS) {
                *at = (uint32_t)(scan.tok - data);
                return AF_NESTING_BRACKETS;
            }
            break;
        case AF_SCAN_CLOSE:
            depth -= depth > 0;
            break;
        case AF_SCAN_NEWLINE:
            line_start = syntax == AF_SCAN_PYTHON && depth == 0;
            break;
        default:
            break;
        }
    }
}

static uint64_t rotate(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDu;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53u;
    h ^= h >> 33;
    return h;
}

uint64_t af_source_fingerprint(const char *data, size_t len)
{
    const uint64_t k1 = 0x9E3779B97F4A7C15u, k2 = 0xC2B2AE3D27D4EB4Fu;
    uint64_t a = len ^ k1, b = rotate(len, 32) ^ k2;
    const char *p = data;
    size_t n = len;
    for (; n >= 16; p += 16, n -= 16) {
        uint64_t x, y;
        memcpy(&x, p, 8);
        memcpy(&y, p + 8, 8);
        a = rotate(a ^ x, 31) * k1;
        b = rotate(b ^ y, 29) * k2;
    }
    uint64_t x = 0, y = 0;   /* the last bytes (the length is in the seeds) */
    for (size_t i = 0; i < n; i++) {
        if (i < 8)
            x |= (uint64_t)(unsigned char)p[i] << (8 * i);
        else
            y |= (uint64_t)(unsigned char)p[i] << (8 * (i - 8));
    }
    a = rotate(a ^ x, 31) * k1;
    b = rotate(b ^ y, 29) * k2;
    return mix64(a ^ rotate(mix64(b), 17));
}

const char *af_nesting_message(enum af_nesting nesting, enum af_scan_syntax syntax)
{
    switch (nesting) {
    case AF_NESTING_BRACKETS:
        return syntax == AF_SCAN_PYTHON ? "too many nested parentheses (Python allows 200)"
                                        : "arrays and tables nested more than 200 deep";
    case AF_NESTING_INDENT:
        return "too many levels of indentation (Python allows 99)";
    case AF_NESTING_OK:
        break;
    }
    return "nesting within limits";
}

const char *af_source_find_async(const char *p, const char *end)
{
    if (end - p < 5)
        return NULL;
    for (const char *y = p + 2; (y = memchr(y, 'y', (size_t)(end - y))); y++)
        if (end - (y - 2) >= 5 && memcmp(y - 2, "async", 5) == 0)
            return y - 2;
    return NULL;
}

/* true when [s, e) is the prefix of an f-string or a t-string (`f`, `rf`, `Fr`, `t`, ...) */
static bool formatted_prefix(const char *s, const char *e)
{
    bool formatted = false;
    if (e - s > 2)
        return false;
    for (; s < e; s++) {
        char c = (char)(*s | 0x20);
        if (c == 'f' || c == 't')
            formatted = true;
        else if (c != 'r' && c != 'b' && c != 'u')
            return false;
    }
    return formatted;
}

bool af_source_has_lone_cr(const char *p, const char *end)
{
    for (; (p = p < end ? memchr(p, '\r', (size_t)(end - p)) : NULL); p++)
        if (p + 1 == end || p[1] != '\n')
            return true;
    return false;
}

bool af_source_code_words(const char *data, size_t len, bool (*word)(void *ctx, const char *s, size_t n),
                          bool (*rest)(void *ctx, const char *s, const char *end), void *ctx)
{
    size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (af_source_has_lone_cr(data, data + len))
        return rest(ctx, data + bom, data + len);
    struct af_scan scan;
    af_scan_init(&scan, data + bom, len - bom, AF_SCAN_PYTHON);
    scan.skip = AF_SCAN_SKIP_PUNCTUATION;
    const char *word_end = NULL, *last = NULL;
    for (;;) {
        enum af_scan_token t = af_scan_next(&scan);
        if (t == AF_SCAN_END)
            return true;
        if (t == AF_SCAN_WORD) {
            if (!word(ctx, scan.tok, (size_t)(scan.p - scan.tok)))
                return false;
            last = scan.tok;
            word_end = scan.p;
            continue;
        }
        if (t == AF_SCAN_UNTERMINATED || (t == AF_SCAN_STRING && word_end == scan.tok &&
                                          formatted_prefix(last, word_end)))
            return rest(ctx, scan.tok, data + len);
        word_end = NULL;
    }
}

static bool word_without_async(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    return n < 5 || !af_source_find_async(s, s + n);
}

static bool rest_without_async(void *ctx, const char *s, const char *end)
{
    (void)ctx;
    return !af_source_find_async(s, end);
}

bool af_source_code_has_async(const char *data, size_t len)
{
    /* most files hold no "async" at all: one memchr pass says so */
    return af_source_find_async(data, data + len) &&
           !af_source_code_words(data, len, word_without_async, rest_without_async, NULL);
}

/* true when [p, end) starts with `import NAME` or `from NAME` at the start of a line (after blanks) */
static bool line_imports(const char *data, const char *hit, const char *end, size_t n)
{
    const char *after = hit + n;
    if (after < end && (*after == '_' || (*after >= 'a' && *after <= 'z') || (*after >= 'A' && *after <= 'Z') ||
                        (*after >= '0' && *after <= '9')))
        return false;
    const char *q = hit;
    while (q > data && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    static const char *const words[] = { "import", "from" };
    for (size_t k = 0; k < 2; k++) {
        size_t wl = strlen(words[k]);
        if (q == hit || (size_t)(q - data) < wl || memcmp(q - wl, words[k], wl) != 0)
            continue;
        const char *s = q - wl;
        while (s > data && (s[-1] == ' ' || s[-1] == '\t'))
            s--;
        if (s == data || s[-1] == '\n' || s[-1] == '\r')
            return true;
    }
    return false;
}

bool af_source_names_asyncio_reactor(const char *data, size_t len)
{
    return memmem(data, len, "asyncioreactor", 14) != NULL;
}

const char *af_source_other_loop(const char *data, size_t len, bool *asyncio_reactor)
{
    static const char *const loops[] = { "twisted", "curio" };
    const char *end = data + len;
    *asyncio_reactor = false;
    for (size_t k = 0; k < 2; k++) {
        size_t n = strlen(loops[k]);
        for (const char *p = data; (p = memmem(p, (size_t)(end - p), loops[k], n)); p += n)
            if (line_imports(data, p, end, n)) {
                if (k == 0 && af_source_names_asyncio_reactor(data, len)) {
                    *asyncio_reactor = true;
                    return NULL;
                }
                return loops[k];
            }
    }
    return NULL;
}
