/*
 * config.c - [tool.asyncfix] in pyproject.toml, read with the tree-sitter
 * TOML grammar: the document's tables and pairs give each value a key path
 * (`[tool.asyncfix]` + `select`, `[tool]` + `asyncfix.select`, an inline
 * table `asyncfix = { select = [...] }`); the pairs under tool.asyncfix are
 * applied to the options. Only string escapes are decoded here.
 */
#include "asyncfix/config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>
#include <unistd.h>

#include "asyncfix/lang.h"
#include "asyncfix/source.h"

#define MAX_KEY_PARTS 16

struct key_path {
    char *parts[MAX_KEY_PARTS];
    int n;
};

struct toml_doc {
    const char *path;
    const char *src;
    size_t len;
    const TSLanguage *lang;
    struct af_options *opts;   /* NULL: only look whether tool.asyncfix exists */
    bool found;                /* a tool.asyncfix table or key was seen */
    /* another reader than [tool.asyncfix]'s: every value with its key path (inline tables entered) */
    void (*on_value)(struct toml_doc *doc, const struct key_path *k, TSNode value);
    void *ctx;
};

static void key_path_dispose(struct key_path *k, int keep)
{
    while (k->n > keep)
        free(k->parts[--k->n]);
}

static bool node_is(TSNode node, const char *type)
{
    return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static void put_utf8(struct af_buf *out, unsigned long cp)
{
    if (cp < 0x80) {
        af_buf_putc(out, (char)cp);
    } else if (cp < 0x800) {
        af_buf_putc(out, (char)(0xc0 | (cp >> 6)));
        af_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        af_buf_putc(out, (char)(0xe0 | (cp >> 12)));
        af_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
        af_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
    } else {
        af_buf_putc(out, (char)(0xf0 | (cp >> 18)));
        af_buf_putc(out, (char)(0x80 | ((cp >> 12) & 0x3f)));
        af_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
        af_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
    }
}

/*
 * The value of a `string` (or `quoted_key`) node: delimiters removed, escapes
 * of basic strings decoded, the line break right after a multi-line opening
 * delimiter dropped. The grammar has checked the string's shape already.
 */
static char *string_value(const struct toml_doc *doc, TSNode node)
{
    const char *t = doc->src + ts_node_start_byte(node);
    size_t len = ts_node_end_byte(node) - ts_node_start_byte(node);
    struct af_buf out = AF_BUF_INIT;
    char q = len ? t[0] : '"';
    size_t d = len >= 6 && t[1] == q && t[2] == q ? 3 : 1;
    if (len < 2 * d)
        return af_strdup("");
    const char *p = t + d, *end = t + len - d;
    if (d == 3) {
        if (p < end && *p == '\n')
            p++;
        else if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
            p += 2;
    }
    while (p < end) {
        if (q == '\'' || *p != '\\') {
            af_buf_putc(&out, *p++);
            continue;
        }
        p++;
        if (p >= end)
            break;
        char c = *p++;
        switch (c) {
        case 'b': af_buf_putc(&out, '\b'); break;
        case 't': af_buf_putc(&out, '\t'); break;
        case 'n': af_buf_putc(&out, '\n'); break;
        case 'f': af_buf_putc(&out, '\f'); break;
        case 'r': af_buf_putc(&out, '\r'); break;
        case 'e': af_buf_putc(&out, '\x1b'); break;
        case 'u':
        case 'U': {
            int digits = c == 'u' ? 4 : 8;
            char hex[9] = { 0 };
            for (int i = 0; i < digits && p < end; i++)
                hex[i] = *p++;
            put_utf8(&out, strtoul(hex, NULL, 16));
            break;
        }
        case '\n':
        case '\r':
        case ' ':
        case '\t':
            /* line-ending backslash: the break and the blanks after it vanish */
            while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
                p++;
            break;
        default: af_buf_putc(&out, c); break;
        }
    }
    char *s = af_buf_detach(&out);
    return s ? s : af_strdup("");
}

/* appends the parts of a bare_key, quoted_key or dotted_key to `k` */
static int key_parts(struct key_path *k, const struct toml_doc *doc, TSNode key)
{
    if (node_is(key, "dotted_key")) {
        uint32_t n = ts_node_named_child_count(key);
        for (uint32_t i = 0; i < n; i++) {
            TSNode c = ts_node_named_child(key, i);
            if (node_is(c, "comment"))
                continue;
            if (key_parts(k, doc, c) < 0)
                return AF_EINVALID;
        }
        return 0;
    }
    if (k->n == MAX_KEY_PARTS)
        return AF_EINVALID;
    if (node_is(key, "quoted_key")) {
        k->parts[k->n++] = string_value(doc, key);
    } else {
        uint32_t s = ts_node_start_byte(key), e = ts_node_end_byte(key);
        k->parts[k->n++] = af_strndup(doc->src + s, e - s);
    }
    return 0;
}

static bool is_key(TSNode node)
{
    return node_is(node, "bare_key") || node_is(node, "quoted_key") || node_is(node, "dotted_key");
}

/* true when the path starts with tool.asyncfix */
static bool under_asyncfix(const struct key_path *k)
{
    return k->n >= 2 && strcmp(k->parts[0], "tool") == 0 && strcmp(k->parts[1], "asyncfix") == 0;
}

static int bad_value(const struct toml_doc *doc, TSNode value, const char *key, const char *what)
{
    af_error_set("%s:%u: tool.asyncfix%s%s: %s", doc->path, ts_node_start_point(value).row + 1,
                 *key ? "." : "", key, what);
    return AF_EINVALID;
}

/* true when `value` is an array of strings; their values go to `out` */
static bool string_array(struct af_strlist *out, const struct toml_doc *doc, TSNode value)
{
    if (!node_is(value, "array"))
        return false;
    uint32_t n = ts_node_named_child_count(value);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(value, i);
        if (!node_is(c, "comment") && !node_is(c, "string"))
            return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(value, i);
        if (node_is(c, "comment"))
            continue;
        char *s = string_value(doc, c);
        af_strlist_add(out, s);
        free(s);
    }
    return true;
}

/* `key = value` of [tool.asyncfix], set through the option table */
static int apply_key(const struct toml_doc *doc, const char *key, TSNode value)
{
    struct af_strlist strings = { 0 };
    struct af_config_value v = { AF_CONFIG_OTHER, NULL, false, &strings };
    char *text = NULL;
    if (node_is(value, "string")) {
        v.type = AF_CONFIG_STRING;
        v.string = text = string_value(doc, value);
    } else if (node_is(value, "boolean")) {
        v.type = AF_CONFIG_BOOL;
        v.boolean = doc->src[ts_node_start_byte(value)] == 't';
    } else if (string_array(&strings, doc, value)) {
        v.type = AF_CONFIG_STRINGS;
    }
    int error = af_options_set_config(doc->opts, key, &v);
    if (error < 0) {
        char *why = af_strdup(af_error_last());
        error = bad_value(doc, value, key, why);
        free(why);
    }
    free(text);
    af_strlist_dispose(&strings);
    return error;
}

static int visit_pairs(struct toml_doc *doc, TSNode parent, struct key_path *k);

/* one `key = value` under the key path `k` */
static int visit_pair(struct toml_doc *doc, TSNode pair, struct key_path *k)
{
    int keep = k->n, error = 0;
    TSNode value = { 0 };
    uint32_t n = ts_node_named_child_count(pair);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(pair, i);
        if (node_is(c, "comment"))
            continue;
        if (ts_node_is_null(value) && is_key(c) && k->n == keep) {
            if ((error = key_parts(k, doc, c)) < 0)
                goto done;
        } else {
            value = c;
        }
    }
    if (ts_node_is_null(value))
        goto done;
    if (doc->on_value) {
        if (node_is(value, "inline_table"))
            error = visit_pairs(doc, value, k);
        else
            doc->on_value(doc, k, value);
        goto done;
    }
    if (k->n == 1 && !strcmp(k->parts[0], "tool") && node_is(value, "inline_table")) {
        error = visit_pairs(doc, value, k);   /* tool = { asyncfix = { ... } } */
        goto done;
    }
    if (!under_asyncfix(k))
        goto done;
    doc->found = true;
    if (node_is(value, "inline_table")) {
        error = visit_pairs(doc, value, k);
    } else if (k->n == 2) {
        error = bad_value(doc, value, "", "expected a table");
    } else if (doc->opts) {
        struct af_buf name = AF_BUF_INIT;
        for (int i = 2; i < k->n; i++)
            af_buf_printf(&name, "%s%s", i > 2 ? "." : "", k->parts[i]);
        error = apply_key(doc, name.ptr, value);
        af_buf_dispose(&name);
    }
done:
    key_path_dispose(k, keep);
    return error;
}

/* the pairs among `parent`'s children (a table, an inline table or the document) */
static int visit_pairs(struct toml_doc *doc, TSNode parent, struct key_path *k)
{
    uint32_t n = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(parent, i);
        int error;
        if (node_is(c, "pair") && (error = visit_pair(doc, c, k)) < 0)
            return error;
    }
    return 0;
}

static int visit_document(struct toml_doc *doc, TSNode root)
{
    struct key_path k = { { 0 }, 0 };
    int error = visit_pairs(doc, root, &k);
    uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n && error == 0; i++) {
        TSNode c = ts_node_named_child(root, i);
        if (!node_is(c, "table") && !node_is(c, "table_array_element"))
            continue;
        TSNode header = ts_node_named_child(c, 0);
        if (!is_key(header) || (error = key_parts(&k, doc, header)) < 0)
            continue;
        if (!doc->on_value && under_asyncfix(&k)) {
            doc->found = true;
            if (node_is(c, "table_array_element"))
                error = bad_value(doc, c, "", "expected a table, not an array of tables");
            else if (k.n > 2)
                error = bad_value(doc, c, k.parts[2], "expected a value, not a table");
        }
        if (error == 0)
            error = visit_pairs(doc, c, &k);
        key_path_dispose(&k, 0);
    }
    key_path_dispose(&k, 0);
    return error;
}

/* a configuration file larger than this is refused (a pyproject.toml is a few KB) */
#define CONFIG_MAX ((size_t)4 << 20)

static int read_file(char **out, size_t *len, const char *path)
{
    int error = af_source_read(out, len, path, CONFIG_MAX, NULL);
    if (error < 0)
        af_error_set("%s: %s", path, af_error_last());
    return error;
}

/* the first ERROR or MISSING node under `node` (null if none) */
static TSNode first_error(TSNode node)
{
    if (node_is(node, "ERROR") || ts_node_is_missing(node))
        return node;
    uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(node, i);
        if (ts_node_has_error(c))
            return first_error(c);
    }
    TSNode none = { 0 };
    return none;
}

/*
 * Reads `path`; with `opts`, applies its [tool.asyncfix] keys. *found says
 * whether the table exists. A file that does not parse is an error only when
 * it mentions asyncfix (`quiet_unrelated`) or always (an explicit --config).
 */
static int load_with(bool *found, struct toml_doc *doc_in, const char *path, bool quiet_unrelated)
{
    char *text = NULL;
    size_t len = 0;
    TSParser *parser = NULL;
    TSTree *tree = NULL;
    int error;
    *found = false;
    if ((error = read_file(&text, &len, path)) < 0)
        goto done;
    struct toml_doc doc = *doc_in;
    doc.path = path;
    doc.src = text;
    doc.len = len;
    doc.lang = tree_sitter_toml();
    uint32_t deep_at;
    enum af_nesting nesting = af_source_nesting(text, len, AF_SCAN_TOML, &deep_at);
    if (nesting != AF_NESTING_OK) {
        if (quiet_unrelated && (doc.on_value || !memmem(doc.src, doc.len, "asyncfix", 8)))
            goto done;
        uint32_t line = 1;
        for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + deep_at - p))); p++)
            line++;
        af_error_set("%s:%u: invalid TOML: %s", path, line, af_nesting_message(nesting, AF_SCAN_TOML));
        error = AF_EINVALID;
        goto done;
    }
    parser = ts_parser_new();
    if (!ts_parser_set_language(parser, doc.lang)) {
        af_error_set("the TOML grammar does not load");
        error = AF_ERROR;
        goto done;
    }
    tree = ts_parser_parse_string(parser, NULL, doc.src, (uint32_t)doc.len);
    TSNode root = ts_tree_root_node(tree);
    if (ts_node_has_error(root)) {
        if (quiet_unrelated && (doc.on_value || !memmem(doc.src, doc.len, "asyncfix", 8)))
            goto done;
        TSNode bad = first_error(root);
        af_error_set("%s:%u: invalid TOML", path,
                     (ts_node_is_null(bad) ? 0 : ts_node_start_point(bad).row) + 1);
        error = AF_EINVALID;
        goto done;
    }
    error = visit_document(&doc, root);
    *found = doc.found;
done:
    if (tree)
        ts_tree_delete(tree);
    if (parser)
        ts_parser_delete(parser);
    free(text);
    return error;
}

static int load_file(bool *found, struct af_options *opts, const char *path, bool quiet_unrelated)
{
    struct toml_doc doc = { .opts = opts };
    return load_with(found, &doc, path, quiet_unrelated);
}

/* ---- the package roots a pyproject.toml declares ---- */

/* true when the key path is exactly the dotted `want` ("tool.setuptools.package-dir."; an empty part is the key "") */
static bool key_is(const struct key_path *k, const char *want)
{
    const char *p = want;
    for (int i = 0; i < k->n; i++) {
        size_t n = strcspn(p, ".");
        if (strlen(k->parts[i]) != n || memcmp(k->parts[i], p, n) != 0)
            return false;
        p += n;
        if (i + 1 == k->n)
            return *p == '\0';
        if (*p != '.')
            return false;
        p++;
    }
    return false;
}

/* adds the string `value`, or the folder part of it (`parent`), to the list */
static void add_dir(struct toml_doc *doc, TSNode value, bool parent)
{
    if (!node_is(value, "string"))
        return;
    char *s = string_value(doc, value);
    if (parent) {
        char *slash = strrchr(s, '/');
        if (slash)
            *slash = '\0';
        else
            s[0] = '\0';
    }
    af_strlist_add(doc->ctx, *s ? s : ".");
    free(s);
}

/* each string of an array (`parent`: their folder parts), or the `from` of each inline table */
static void add_dirs(struct toml_doc *doc, TSNode array, bool parent)
{
    uint32_t n = ts_node_named_child_count(array);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(array, i);
        if (!node_is(c, "inline_table")) {
            add_dir(doc, c, parent);
            continue;
        }
        uint32_t m = ts_node_named_child_count(c);
        for (uint32_t j = 0; j < m; j++) {
            TSNode pair = ts_node_named_child(c, j);
            TSNode key = ts_node_named_child(pair, 0), value = ts_node_named_child(pair, 1);
            if (node_is(pair, "pair") && node_is(key, "bare_key") &&
                ts_node_end_byte(key) - ts_node_start_byte(key) == 4 &&
                !memcmp(doc->src + ts_node_start_byte(key), "from", 4))
                add_dir(doc, value, false);
        }
    }
}

static void package_dir_value(struct toml_doc *doc, const struct key_path *k, TSNode value)
{
    /* setuptools: package-dir = {"" = "lib"}, packages.find.where = ["lib"] */
    if (key_is(k, "tool.setuptools.package-dir.") || key_is(k, "tool.pdm.build.package-dir"))
        add_dir(doc, value, false);
    else if (key_is(k, "tool.setuptools.packages.find.where") && node_is(value, "array"))
        add_dirs(doc, value, false);
    /* poetry: packages = [{include = "x", from = "lib"}]; hatch: packages = ["src/x"] */
    else if (key_is(k, "tool.poetry.packages") && node_is(value, "array"))
        add_dirs(doc, value, false);
    else if (key_is(k, "tool.hatch.build.targets.wheel.packages") && node_is(value, "array"))
        add_dirs(doc, value, true);
}

int af_config_package_dirs(struct af_strlist *out, const char *path)
{
    bool found;
    struct toml_doc doc = { .on_value = package_dir_value, .ctx = out };
    return load_with(&found, &doc, path, true);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int af_config_load(struct af_options *opts, const char *path)
{
    bool found;
    if (path)
        return load_file(&found, opts, path, false);
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof(dir)))
        return 0;
    return af_config_load_near(opts, dir, NULL);
}

int af_config_load_near(struct af_options *opts, const char *start, struct af_buf *used)
{
    bool found;
    char dir[PATH_MAX];
    if (used)
        af_buf_clear(used);
    if (snprintf(dir, sizeof(dir), "%s", start) >= (int)sizeof(dir))
        return 0;
    struct af_buf candidate = AF_BUF_INIT;
    int error = 0;
    for (;;) {
        af_buf_clear(&candidate);
        af_buf_printf(&candidate, "%s%spyproject.toml", dir, strcmp(dir, "/") ? "/" : "");
        if (is_file(candidate.ptr)) {
            /* look first, apply only the file that holds [tool.asyncfix] */
            if ((error = load_file(&found, NULL, candidate.ptr, true)) < 0)
                break;
            if (found) {
                error = load_file(&found, opts, candidate.ptr, true);
                if (used)
                    af_buf_puts(used, candidate.ptr);
                break;
            }
        }
        if (!af_path_up(dir))
            break;
    }
    af_buf_dispose(&candidate);
    return error;
}
