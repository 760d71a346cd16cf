#include "asyncfix/lang.h"

#include <string.h>

struct af_symbols af_sym;
struct af_fields af_field;
const TSLanguage *af_python;

int af_lang_init(void)
{
    af_python = tree_sitter_python();
    uint32_t v = ts_language_version(af_python);
    if (v < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || v > TREE_SITTER_LANGUAGE_VERSION) {
        af_error_set("tree-sitter-python ABI %u is not loadable by this tree-sitter runtime", v);
        return AF_ERROR;
    }
#define AF_SYM_INIT(n) af_sym.n = ts_language_symbol_for_name(af_python, #n, (uint32_t)strlen(#n), true);
    AF_NAMED_SYMBOLS(AF_SYM_INIT)
#undef AF_SYM_INIT
    af_sym.float_ = ts_language_symbol_for_name(af_python, "float", 5, true);
    af_sym.true_ = ts_language_symbol_for_name(af_python, "true", 4, true);
    af_sym.false_ = ts_language_symbol_for_name(af_python, "false", 5, true);
    af_sym.kw_async = ts_language_symbol_for_name(af_python, "async", 5, false);
    af_sym.error = ts_language_symbol_for_name(af_python, "ERROR", 5, true);
#define AF_FLD_INIT(n) af_field.n = ts_language_field_id_for_name(af_python, #n, (uint32_t)strlen(#n));
    AF_FIELDS(AF_FLD_INIT)
#undef AF_FLD_INIT
    return 0;
}

bool af_node_is_async(TSNode node)
{
    if (ts_node_child_count(node) == 0)
        return false;
    return ts_node_symbol(ts_node_child(node, 0)) == af_sym.kw_async;
}

TSNode af_first_named(TSNode node)
{
    uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(node, i);
        if (ts_node_symbol(c) != af_sym.comment)
            return c;
    }
    TSNode null = { { 0, 0, 0, 0 }, NULL, NULL };
    return null;
}

bool af_node_text_is(TSNode node, const char *src, const char *lit)
{
    uint32_t len;
    const char *t = af_node_text(node, src, &len);
    return af_streq(t, len, lit);
}

TSNode af_unparen(TSNode node)
{
    while (af_is(node, af_sym.parenthesized_expression)) {
        TSNode inner = af_first_named(node);
        if (ts_node_is_null(inner))
            break;
        node = inner;
    }
    return node;
}
