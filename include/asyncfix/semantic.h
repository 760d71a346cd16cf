/*
 * semantic.h - what every rule needs to know about one parsed file,
 * computed once by a single cursor walk (af_sem_build):
 *
 *  - scopes (module, def, async def, lambda, class, comprehension) and the
 *    names bound in each: imports with their qualified targets, defs,
 *    parameters, assignments, loop/with/except targets, walrus, global;
 *  - qualified-name resolution of a callee (`t.sleep` -> `time.sleep`), where
 *    a local binding shadows an import;
 *  - the sites rules look at (calls, with statements, blocks, for loops),
 *    each with its parent node and scope, so that no rule walks the tree;
 *  - `# noqa` comments, `# asyncfix: skip-file`, multi-line string ranges
 *    (never re-indented) and the module's async framework.
 *
 * Everything lives in the file's arena and dies with it.
 */
#ifndef ASYNCFIX_SEMANTIC_H
#define ASYNCFIX_SEMANTIC_H

#include <tree_sitter/api.h>

#include "asyncfix/common.h"

struct af_file;

enum af_scope_kind {
    AF_SCOPE_MODULE,
    AF_SCOPE_FUNCTION,
    AF_SCOPE_LAMBDA,
    AF_SCOPE_CLASS,
    AF_SCOPE_COMPREHENSION,   /* list/set/dict comprehension: runs inline, await allowed */
    AF_SCOPE_GENERATOR,       /* generator expression: await would change its kind */
};

enum af_binding_kind {
    AF_BIND_IMPORT,
    AF_BIND_FUNCTION,
    AF_BIND_ASYNC_FUNCTION,
    AF_BIND_CLASS,
    AF_BIND_PARAMETER,
    AF_BIND_VARIABLE,
    AF_BIND_GLOBAL,           /* `global x` / `nonlocal x`: look further out */
};

struct af_binding {
    const char *name;         /* NUL-terminated copy */
    uint32_t len;
    int scope;
    enum af_binding_kind kind;
    const char *target;       /* imports: the qualified name bound ("time.sleep") */
    TSNode node;              /* defs and classes: the definition; others: the binding node */
    uint32_t count;           /* how many times the scope binds this name */
    bool mixed;               /* bound by different kinds or imports of different targets */
    bool decorated;           /* defs: carries decorators */
    /*
     * Imports: the end of the first import of the name that runs whenever its
     * scope's code runs (a statement of the module or of the def's own body,
     * not one under an `if`, `try`, `with`, loop or `match`: an import under
     * `if TYPE_CHECKING:` never runs); UINT32_MAX when every import of it is
     * conditional. A fix may spell the name only where such an import ran.
     */
    uint32_t sure_from;
    /*
     * The qualified name of the type the name is annotated with in this
     * scope ("httpx.Client"; `Optional[T]`, `T | None`, `Union[T, None]`
     * and a string annotation `"T"` read as T; `typing_extensions.X` as
     * `typing.X`; a generic `IO[str]` as its origin `typing.IO`), when every
     * binding of the name here carries that one annotation; else NULL
     * (unannotated, rebound without an annotation, or an annotation that is
     * not a plain type). Read it through af_sem_type_of.
     */
    const char *type;
    TSNode annotation;        /* the last annotation's `type` node, or null */
    uint32_t annotated;       /* how many of the bindings carry an annotation */
    bool annotation_differs;  /* two annotations of the name differ in text */
};

struct af_scope {
    TSNode node;              /* module, function_definition, lambda, class_definition, comprehension */
    int parent;               /* -1 for the module */
    enum af_scope_kind kind;
    bool is_async;            /* an `async def` */
    const char *name;         /* def or class name, else NULL */
};

struct af_site {
    TSNode node;
    TSNode parent;
    TSNode grandparent;   /* the parent's parent (null at the module's level): ts_node_parent descends from the root */
    int scope;
};

struct af_site_list {
    struct af_site *items;
    uint32_t n, cap;
};

enum af_framework { AF_FW_ASYNCIO, AF_FW_TRIO, AF_FW_ANYIO };

struct af_noqa {
    uint32_t line;            /* 0-based */
    const char *codes;        /* NULL: every code; else the text after "noqa:" */
    uint32_t codes_len;
};

struct af_semantic {
    struct af_scope *scopes;
    uint32_t nscopes, scopes_cap;
    struct af_binding **bindings;    /* in the order they were first bound (in the arena) */
    uint32_t nbindings, bindings_cap;
    struct af_hashtab binding_table; /* hash of (scope, name) -> index in bindings */
    struct af_hashtab imports;       /* hash of an import's target -> index in bindings */

    struct af_site_list calls;       /* every call */
    struct af_site_list withs;       /* every with_statement */
    struct af_site_list blocks;      /* every block (statement sequence) and the module */
    struct af_site_list fors;        /* every for_statement */
    struct af_site_list awaits;      /* every await */

    uint32_t *ml_strings;            /* [start, end) pairs of strings spanning lines, sorted */
    uint32_t n_ml_strings, ml_cap;
    struct af_noqa *noqa;
    uint32_t nnoqa, noqa_cap;
    bool skip_file;
    struct af_name_set **name_sets;  /* identifiers used under a node, built on demand (in the arena) */
    uint32_t nname_sets, name_sets_cap;
    struct af_hashtab name_set_table;/* hash of a node's range -> index in name_sets */
    struct af_block_stmts **block_stmts;   /* parallel to blocks: each block's statements, on demand */
    struct af_qual_memo *quals;      /* af_sem_qualname's answers, filled on demand */
    uint32_t nquals, quals_cap;
    struct af_hashtab qual_table;    /* hash of (node range, symbol, callee or not, scope) -> index in quals */
    struct af_call_memo *call_memos; /* parallel to calls: each call's callee and its name, on demand */
    uint32_t *async_calls;           /* af_sem_async_calls, on demand */
    uint32_t nasync_calls;
    bool has_async_calls;

    /* the frameworks the file imports anywhere (not under `if TYPE_CHECKING:`) */
    bool imports_asyncio, imports_trio, imports_anyio;
    /* an event loop none of the three runs on: "twisted" or "curio" when imported, else NULL */
    const char *imports_other;
    bool other_in_project;   /* imports_other: not this module's import but another's of the project */
    /*
     * What a fix calls: anyio when imported (its calls run under asyncio and
     * trio alike), else trio, else asyncio. framework_mixed: which loop runs
     * the code is not known (asyncio and trio both, without anyio; or twisted
     * or curio, whose loops run none of asyncio's calls), and no fix calls a
     * framework's API (a sleep, a worker thread, an async file, an async
     * HTTP client, gather): af_sem_loop_unknown says why.
     */
    enum af_framework framework;
    bool framework_mixed;
};

/* why a fix cannot call a framework's API in this file ("it imports both asyncio and trio"), or NULL */
const char *af_sem_loop_unknown(const struct af_semantic *sem);

/* builds file->sem from file->root; 0 or negative */
int af_sem_build(struct af_file *file);
void af_sem_dispose(struct af_semantic *sem);

/* the binding of `name` seen from `scope` (Python's rules: class bodies are
 * skipped from nested functions, `global` jumps to the module), or NULL */
const struct af_binding *af_sem_lookup(const struct af_file *file, int scope,
                                       const char *name, size_t len);

/* the binding of `name` in exactly `scope`, or NULL */
const struct af_binding *af_sem_binding_in(const struct af_file *file, int scope,
                                           const char *name, size_t len);

/*
 * The qualified name an expression (identifier or attribute chain) refers to,
 * into `out`: through an import (`t.sleep` -> "time.sleep"), or
 * "builtins.NAME..." for a name bound nowhere. AF_ENOTFOUND when the head is
 * a local binding (parameter, variable, def, class) or the chain holds
 * anything but names. Several rules ask about one callee: the first question
 * about an expression (by its range, symbol and scope) resolves it, later
 * ones are a hash look-up.
 */
int af_sem_qualname(struct af_buf *out, const struct af_file *file, TSNode expr, int scope);

/*
 * af_sem_qualname of a call's callee (its `function` field), kept by the
 * call: the rules that look at every call ask this of each, and the field
 * look-up is the larger part of a kept answer's cost.
 */
int af_sem_callee_qualname(struct af_buf *out, const struct af_file *file, TSNode call, int scope);

/*
 * The same two questions of a call site (one of file->sem.calls) from its own
 * scope, kept by the site: its callee (the `function` field), and
 * af_sem_callee_qualname of it. The rules that look at every call ask these
 * of each; an answer kept by the site is an array read.
 */
TSNode af_sem_site_callee(const struct af_file *file, const struct af_site *site);

/*
 * The indexes in sem.calls, in order, of the calls made in async code:
 * directly in an async def (af_sem_in_async) or in a generator expression
 * of one (af_sem_in_async_genexp); *n of them. Most of a file's calls are
 * not, and a dozen rules look at these only: the list is made once.
 */
const uint32_t *af_sem_async_calls(const struct af_file *file, uint32_t *n);
/*
 * A method call's parts, each kept by the site once asked: the `object` and
 * the `attribute` (the method's name) fields of the callee, parentheses
 * aside (`(a.b)(...)` too), when it is an attribute; null nodes when not.
 */
TSNode af_sem_site_method_object(const struct af_file *file, const struct af_site *site);
TSNode af_sem_site_method_name(const struct af_file *file, const struct af_site *site);

/*
 * The `left` and `right` fields of a call site's parent when it is an
 * assignment (`v = f()`, `a, b = f()`, `x: f() = g()`), null nodes when not;
 * kept by the site: the rules about stored coroutines and tasks ask them.
 */
void af_sem_site_assignment(const struct af_file *file, const struct af_site *site, TSNode *left, TSNode *right);

/*
 * What the table of blocking callees (blocking.h) says of a call site's
 * callee, kept by the site for the rules that ask after the first: `ptr` is
 * the table's answer once `set`. Only the table (transforms/blocking.c)
 * reads or writes it.
 */
struct af_site_note {
    const void *ptr;
    bool set;
};
struct af_site_note *af_sem_site_note(const struct af_file *file, const struct af_site *site);
int af_sem_site_callee_qualname(struct af_buf *out, const struct af_file *file, const struct af_site *site);

/*
 * The annotated type of `expr` seen from `scope` (its binding's `type`): a
 * parameter, local, class-level or module-level name annotated `x: T` or
 * `x: T = ...`, found through the scopes as Python finds names (`global`
 * included). NULL for anything else, and for a name whose binding holds no
 * single type. The one question "what is this receiver" for every rule.
 */
const char *af_sem_type_of(const struct af_file *file, TSNode expr, int scope);

/* af_sem_qualname, then compares with `qual` */
bool af_sem_refers_to(const struct af_file *file, TSNode expr, int scope, const char *qual);

/* the innermost scope that is not a comprehension (where await would land) */
int af_sem_function_scope(const struct af_file *file, int scope);

/*
 * True when code at `scope` runs directly in the body of an `async def`
 * (through list/set/dict comprehensions, not through a nested def, lambda,
 * class body or generator expression): where `await` may be written.
 */
bool af_sem_in_async(const struct af_file *file, int scope);

/*
 * True when code at `scope` runs in a generator expression written in the
 * body of an `async def` (through comprehensions and generator expressions
 * only, not through a def, lambda or class): a blocking call there blocks
 * the loop when the generator is consumed in the function, yet `await`
 * cannot be written there (it would make an async generator). The rules
 * report such a call without a fix, with that reason.
 */
bool af_sem_in_async_genexp(const struct af_file *file, int scope);

/* the scope of that `async def` (a finding names it), or -1 when af_sem_in_async_genexp is false */
int af_sem_async_genexp_owner(const struct af_file *file, int scope);

/* the reason a finding in such a generator expression gives, for messages */
#define AF_GENEXP_REASON "it runs in a generator expression, where `await` would make an async generator"

/* true when `byte` lies inside a string that spans lines (never re-indented) */
bool af_sem_in_ml_string(const struct af_file *file, uint32_t byte);

/* true when a `# noqa` on the line of `byte` covers `code` */
bool af_sem_noqa(const struct af_file *file, uint32_t byte, const char *code);

/*
 * True when no identifier in `within` (a def's node) nor any module-level
 * binding nor a builtin uses `name`: a name a fix may introduce there.
 */
bool af_sem_name_free(const struct af_file *file, TSNode within, const char *name);

/*
 * The identifiers spelled `name` under `within`, in document order, into
 * *nodes (valid for the pass); returns how many. The first question about a
 * node walks it once; later ones are a hash look-up.
 */
size_t af_sem_name_uses(const struct af_file *file, TSNode within, const char *name, size_t len,
                        const TSNode **nodes);

/*
 * The local name through which module `module` is reachable from `scope` at
 * byte `at`: "aio" for `import asyncio as aio`; the module's own name when it
 * is bound nowhere, or at module level only by imports that may not run
 * (under `if TYPE_CHECKING:`, an `if`, a `try`): an import is needed; NULL
 * when that name is taken by something else, or bound in a def by an import
 * that may not have run by `at`. `*needs_import` says whether the import must
 * be added.
 */
const char *af_sem_module_alias(const struct af_file *file, int scope, const char *module, uint32_t at,
                                bool *needs_import);

/* true when an import of `b` runs whenever its scope's code runs, before byte `at` in a def */
bool af_sem_import_ran(const struct af_semantic *sem, const struct af_binding *b, uint32_t at);

/*
 * True when `expr` is handed over rather than run in the event loop's
 * thread: the callable of a worker-thread call (`asyncio.to_thread(f, ...)`,
 * `<loop>.run_in_executor(executor, f, ...)`, trio's and anyio's
 * `to_thread.run_sync(f, ...)`, or `functools.partial(f, ...)` so handed) —
 * a call there is not (it runs before the hand-over) — or the file object a
 * wrapper makes async (`trio.wrap_file(open(p))`, `anyio.wrap_file(...)`,
 * `aiofiles.threadpool.wrap(...)`), which may be a call. The one question
 * every rule asks before reporting a blocking call or callee.
 */
bool af_sem_offloaded(const struct af_file *file, TSNode expr, int scope);

/* the scope a `self.x()` refers to: the class of the method `scope` is in, or -1 */
int af_sem_method_class(const struct af_file *file, int scope);

/*
 * The scope `node` opens (a def, lambda, class or comprehension node, as
 * af_scope.node holds it; a class binding's node), or -1. A binary search:
 * scopes are recorded in document order.
 */
int af_sem_scope_of(const struct af_file *file, TSNode node);

/* the index of the first site of `list` starting at or after `byte` (sites are in document order) */
uint32_t af_sem_site_from(const struct af_site_list *list, uint32_t byte);

/*
 * The name a finding shows for the code at `scope`: the def (or class) that
 * holds it, comprehensions looked through; "<lambda>" for a lambda or a
 * generator expression; NULL at module level.
 */
const char *af_sem_scope_name(const struct af_file *file, int scope);

/*
 * A name a fix may introduce in `within` (af_sem_name_free): the first free
 * one of `names` (NULL-terminated), else `<stem><n>` for the first free n
 * from `first` to 99, into `out`. AF_ENOTFOUND when none is free.
 */
int af_sem_fresh_name(struct af_buf *out, const struct af_file *file, TSNode within,
                      const char *const *names, const char *stem, int first);

/*
 * The statements of one block (or the module): its named children, comments
 * included, in order, with their start bytes, so that the statement holding
 * a byte is a binary search and not a walk up through ts_node_parent (which
 * descends from the root: about a microsecond a question with tree-sitter 0.25.1,
 * growing with the log of the block's length). Built on the first question
 * about the block, valid for the pass.
 */
struct af_block_stmts {
    TSNode block;
    TSNode *stmts;
    uint32_t *starts;
    uint32_t n;
    uint32_t id;              /* the block's position in sem.blocks: a key for a rule's own data */
};

/* the statements of `block`, or NULL when it is not in sem.blocks (not a block or the module) */
const struct af_block_stmts *af_sem_block_stmts(const struct af_file *file, TSNode block);

/* the index of the last statement starting at or before `byte`, or UINT32_MAX */
uint32_t af_sem_stmt_at(const struct af_block_stmts *bs, uint32_t byte);

/* the index of `stmt` among the block's statements, or UINT32_MAX when it is not one */
uint32_t af_sem_stmt_find(const struct af_block_stmts *bs, TSNode stmt);

#endif
