/*
 * lang.h - the tree-sitter-python language, its node symbols and field ids,
 * looked up once at start-up (af_lang_init) so that walks compare integers.
 */
#ifndef ASYNCFIX_LANG_H
#define ASYNCFIX_LANG_H

#include <tree_sitter/api.h>

#include "asyncfix/common.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_toml(void);

#define AF_NAMED_SYMBOLS(X) \
    X(module) X(function_definition) X(decorated_definition) X(decorator) X(class_definition) \
    X(lambda) X(lambda_parameters) X(list_comprehension) X(set_comprehension) \
    X(dictionary_comprehension) X(generator_expression) X(for_in_clause) X(if_clause) \
    X(parameters) X(identifier) X(typed_parameter) X(default_parameter) \
    X(typed_default_parameter) X(list_splat_pattern) X(dictionary_splat_pattern) \
    X(call) X(attribute) X(argument_list) X(keyword_argument) X(list_splat) X(dictionary_splat) \
    X(splat_type) \
    X(expression_statement) X(assignment) X(augmented_assignment) X(pattern_list) \
    X(tuple_pattern) X(list_pattern) X(tuple) X(list) X(for_statement) X(while_statement) \
    X(with_statement) X(with_clause) X(with_item) X(as_pattern) X(as_pattern_target) \
    X(except_clause) X(except_group_clause) X(named_expression) X(import_statement) \
    X(import_from_statement) X(future_import_statement) X(aliased_import) X(dotted_name) \
    X(relative_import) X(import_prefix) X(wildcard_import) X(global_statement) \
    X(nonlocal_statement) X(block) X(comment) X(string) X(string_content) \
    X(concatenated_string) X(await) X(return_statement) X(if_statement) X(elif_clause) \
    X(else_clause) X(try_statement) X(finally_clause) X(match_statement) \
    X(parenthesized_expression) X(delete_statement) X(subscript) X(yield) \
    X(pass_statement) X(raise_statement) X(type_alias_statement) X(keyword_separator) \
    X(positional_separator) X(integer) X(none) X(dictionary) \
    X(pair) X(set) X(binary_operator) X(boolean_operator) X(not_operator) \
    X(comparison_operator) X(unary_operator) X(conditional_expression) X(expression_list) \
    X(case_clause) X(line_continuation) X(interpolation) X(escape_sequence) X(string_start) \
    X(string_end) X(splat_pattern) X(case_pattern) X(keyword_pattern) X(break_statement) \
    X(continue_statement) X(assert_statement) X(ellipsis) X(slice) X(type) \
    X(print_statement) X(exec_statement) X(chevron) X(type_conversion) X(format_specifier) \
    X(format_expression) X(type_parameter) X(parenthesized_list_splat) X(escape_interpolation) \
    X(complex_pattern) X(constrained_type) X(union_type)

#define AF_FIELDS(X) \
    X(function) X(arguments) X(object) X(attribute) X(name) X(value) X(left) X(right) \
    X(body) X(parameters) X(alias) X(module_name) X(type) X(alternative) X(condition) \
    X(consequence) X(return_type) X(operator) X(argument) X(definition) X(superclasses) \
    X(subscript) X(key) X(operand) X(expression) X(type_parameters)

struct af_symbols {
#define AF_SYM_FIELD(n) TSSymbol n;
    AF_NAMED_SYMBOLS(AF_SYM_FIELD)
#undef AF_SYM_FIELD
    TSSymbol float_, true_, false_;   /* names that are C keywords */
    TSSymbol kw_async;   /* the anonymous 'async' token */
    TSSymbol error;      /* ERROR */
};

struct af_fields {
#define AF_FLD_FIELD(n) TSFieldId n;
    AF_FIELDS(AF_FLD_FIELD)
#undef AF_FLD_FIELD
};

extern struct af_symbols af_sym;
extern struct af_fields af_field;
extern const TSLanguage *af_python;

/* once, before any thread starts; 0 or a negative code (grammar ABI mismatch) */
int af_lang_init(void);

static inline bool af_is(TSNode node, TSSymbol sym)
{
    return !ts_node_is_null(node) && ts_node_symbol(node) == sym;
}

static inline TSNode af_field_child(TSNode node, TSFieldId field)
{
    return ts_node_child_by_field_id(node, field);
}

/* true when `node` is `parent`'s child in field `field` */
static inline bool af_node_is_field(TSNode parent, TSFieldId field, TSNode node)
{
    return !ts_node_is_null(parent) && !ts_node_is_null(node) &&
           ts_node_eq(ts_node_child_by_field_id(parent, field), node);
}

/* a null node: ts_node_is_null holds for it */
static inline TSNode af_null_node(void)
{
    TSNode node = { { 0, 0, 0, 0 }, NULL, NULL };
    return node;
}

/* true for a function_definition / with_statement / for_statement starting with 'async' */
bool af_node_is_async(TSNode node);

/* first named child that is not a comment (or a null node) */
TSNode af_first_named(TSNode node);
/* the with_clause of a with statement (its items), or a null node */
TSNode af_with_clause(TSNode with);

/* the text of a node (points into src, not NUL-terminated) */
static inline const char *af_node_text(TSNode node, const char *src, uint32_t *len)
{
    uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
    *len = e - s;
    return src + s;
}

/* true when the node's text equals lit */
bool af_node_text_is(TSNode node, const char *src, const char *lit);

/* true for a bytes literal (`b"x"`, `b"x" b"y"`: the two kinds do not mix) */
bool af_node_is_bytes_literal(TSNode node, const char *src);

/*
 * The named children of `node` other than comments: a call's arguments
 * (pass its `arguments` field), a dict's pairs, a tuple's items, a with
 * clause's items. The first `max` of them go to `out`; returns how many
 * there are, which may be more than `max` (0 for a null node).
 */
uint32_t af_node_items(TSNode node, TSNode *out, uint32_t max);

/*
 * True when a comment is a named child of `node`; with `deep`, when `node`
 * is a comment or one lies anywhere under it.
 */
bool af_node_has_comment(TSNode node, bool deep);

/*
 * True when `expr` (a call about to become `await call`) must be
 * parenthesised in its place: it is the object of an attribute or subscript,
 * the callee of a call, or the operand of `**`.
 */
bool af_node_await_needs_parens(TSNode expr);

/* the text between `call`'s parentheses, as written (may be empty) */
void af_node_args_text(TSNode call, const char *src, const char **args, uint32_t *len);

/*
 * How an identifier stands where it is, for the two questions every rule
 * that follows a value asks: is this the variable at all, and does its value
 * leave (escape) through a call? A value passed as a keyword's value escapes
 * exactly as a positional one does.
 */
enum af_name_use {
    AF_USE_NOT_VARIABLE,   /* another name: the attribute of `x.NAME`, the keyword of `f(NAME=...)` */
    AF_USE_OBJECT,         /* the object of an attribute: `NAME.attr` */
    AF_USE_ARGUMENT,       /* passed to a call: `f(NAME)`, `f(k=NAME)`, `f(*NAME)`, `f(**NAME)` */
    AF_USE_OTHER,          /* anything else: assigned, returned, an operand, ... */
};

/* how identifier `ident` is used (see af_name_use); *call receives the call of AF_USE_ARGUMENT (may be NULL) */
enum af_name_use af_node_name_use(TSNode ident, TSNode *call);

/* strips parenthesized_expression wrappers */
TSNode af_unparen(TSNode node);

/* what a walk's visitor wants next */
enum af_walk_next {
    AF_WALK_CONTINUE,   /* go on, into the node's children */
    AF_WALK_SKIP,       /* go on, but not into this node's children */
    AF_WALK_STOP,       /* stop the walk */
};

/*
 * Visits `root` and its descendants in document order with a tree cursor.
 * Returns the node the visitor stopped at, or a null node.
 */
TSNode af_walk(TSNode root, enum af_walk_next (*visit)(TSNode node, void *ctx), void *ctx);

/* the first node of symbol `sym` in `root`'s subtree (root included), or a null node */
TSNode af_subtree_find_symbol(TSNode root, TSSymbol sym);

/* the first identifier spelled `name` in `root`'s subtree outside `skip`'s
 * subtree (a null `skip` skips nothing), or a null node */
TSNode af_subtree_find_name(TSNode root, const char *src, const char *name, size_t len, TSNode skip);

#endif
