/*
 * project.h - what pass 1 learnt about the whole project, read-only once
 * built: the functions defined at module level and in class bodies, by
 * qualified name ("pkg.db.fetch_user", "pkg.db.Repo.get"), with the facts
 * seen about their definitions. index.h builds it (which files are read and
 * how); the rules query it through file->project.
 *
 * The project records facts; what they mean is the rules' decision (a
 * decorator that may change what a call returns, for example, is decided in
 * transforms/missing_await.c).
 */
#ifndef ASYNCFIX_PROJECT_H
#define ASYNCFIX_PROJECT_H

#include <tree_sitter/api.h>

#include "asyncfix/common.h"

struct af_project;

/* the facts about a definition; several definitions of one name are merged (or-ed) */
enum {
    AF_PROJECT_ASYNC = 1 << 0,          /* an `async def` */
    AF_PROJECT_SYNC = 1 << 1,           /* a plain `def` of the same name */
    AF_PROJECT_OTHER_DECORATOR = 1 << 2,/* a decorator that is none of the ones below */
    AF_PROJECT_OVERLOAD = 1 << 3,       /* a `typing.overload` stub, recorded as nothing else */
    AF_PROJECT_REBOUND = 1 << 4,        /* the name is also assigned or imported in the same namespace */
    AF_PROJECT_METHOD = 1 << 5,         /* defined in a class body */
    AF_PROJECT_GENERATOR = 1 << 6,      /* an async def with `yield` in its body (nested defs included) */
    AF_PROJECT_STATICMETHOD = 1 << 7,   /* @staticmethod */
    AF_PROJECT_CLASSMETHOD = 1 << 8,    /* @classmethod */
    AF_PROJECT_ABSTRACTMETHOD = 1 << 9, /* @abstractmethod (any module's) */
    AF_PROJECT_OVERRIDE = 1 << 10,      /* @override */
    AF_PROJECT_ASYNC_CM = 1 << 11,      /* @asynccontextmanager: a call makes an async context manager */
    AF_PROJECT_ENTER = 1 << 12,         /* on "C.__aenter__": class C defines `__enter__` too */
};
/* every decorator fact */
#define AF_PROJECT_DECORATORS (AF_PROJECT_OTHER_DECORATOR | AF_PROJECT_OVERLOAD | AF_PROJECT_STATICMETHOD | \
                               AF_PROJECT_CLASSMETHOD | AF_PROJECT_ABSTRACTMETHOD | AF_PROJECT_OVERRIDE | \
                               AF_PROJECT_ASYNC_CM)

/*
 * The fact a decorator gives: `name` is the last part of a decorator written
 * as a plain (dotted) name, NULL for any other expression (a call, ...).
 */
unsigned af_project_decorator(const char *name, size_t len);

/*
 * The facts of a function_definition node (`src`: its file's bytes):
 * AF_PROJECT_ASYNC or AF_PROJECT_SYNC, AF_PROJECT_GENERATOR, and one fact per
 * decorator; an overload stub is AF_PROJECT_OVERLOAD alone (it says nothing of
 * the implementation).
 */
unsigned af_project_def_facts(TSNode def, const char *src);

/* a coroutine function: an async def, and nothing else binds the name, and no `yield` */
bool af_project_facts_coroutine(unsigned facts);

/* the merged facts of `qualname`, 0 when pass 1 saw no async def of that name */
unsigned af_project_facts(const struct af_project *project, const char *qualname);

/* true when `qualname` is a coroutine function of the project */
bool af_project_is_coroutine(const struct af_project *project, const char *qualname);

/*
 * True when calling `qualname` makes an async context manager: an async def
 * decorated with asynccontextmanager, or a class whose body defines
 * `async def __aenter__` and no `__enter__` (base classes are not followed).
 */
bool af_project_is_async_cm(const struct af_project *project, const char *qualname);

/*
 * True when the bytes may call a coroutine function of the project: an import
 * names the module of one, and its name and its module's name both occur in
 * the code (not in a comment or a plain string; from the first f-string or
 * t-string, or a string left open, on, anywhere). (The engine's prefilter: a
 * file without `async` that this says no to is not parsed.)
 */
bool af_project_mentioned(const struct af_project *project, const char *data, size_t len);

/* the number of coroutine functions */
size_t af_project_count(const struct af_project *project);

/* the files pass 1 read */
size_t af_project_files_seen(const struct af_project *project);

/*
 * true when both record the same definitions with the same facts (NULL is an
 * empty project): a rebuilt project that compares equal changes no finding
 */
bool af_project_equal(const struct af_project *a, const struct af_project *b);

/* ---- the summaries: what pass 1 read in each function (index.h builds them) ---- */

enum af_summary_kind {
    AF_SUMMARY_MODULE,          /* the module's own statements */
    AF_SUMMARY_CLASS,           /* a class body */
    AF_SUMMARY_FUNCTION,        /* a def or async def, at any depth */
    AF_SUMMARY_LAMBDA,          /* a lambda: its calls run when it is called, not where it is written */
};

/* why pass 1 does not make a blocking helper async (AF106 Fix B) */
enum af_refusal {
    AF_REFUSAL_NONE,
    AF_REFUSAL_SYNC_CALLER,      /* called from sync code that is not made async too */
    AF_REFUSAL_VALUE,            /* used as a value: passed on, stored, a callback, a decorator */
    AF_REFUSAL_COMPREHENSION,    /* called in a comprehension or generator expression */
    AF_REFUSAL_AWAITED,          /* a caller awaits what it returns already */
    AF_REFUSAL_DECORATED,        /* a decorator other than staticmethod or classmethod */
    AF_REFUSAL_SUBCLASSED,       /* a method of a class the project subclasses */
    AF_REFUSAL_DERIVED,          /* a method of a class with a base: it may override one */
    AF_REFUSAL_SPECIAL,          /* a special method (__init__, __enter__, ...) */
    AF_REFUSAL_UNKNOWN_RECEIVER, /* a method of that name is called on an object of unknown type */
    AF_REFUSAL_EXPORTED,         /* named in its module's __all__: callers outside the project */
    AF_REFUSAL_NOT_CHECKED,      /* it or a caller is in a file not being checked */
    AF_REFUSAL_SUPPRESSED,       /* a caller's line says `# noqa` for AF106, or a file skips asyncfix */
    AF_REFUSAL_UNREAD,           /* a file that mentions it could not be read as Python */
};

/* what a refusal says, one clause ("it is used as a value") */
const char *af_refusal_text(enum af_refusal refusal);

/* what is known of one call (or, with AF_CALL_VALUE, of one other use of a name) */
enum {
    AF_CALL_AWAITED = 1 << 0,          /* `await f()` */
    AF_CALL_IN_COMPREHENSION = 1 << 1, /* in a comprehension or generator expression */
    AF_CALL_NOQA = 1 << 2,             /* its line has a `# noqa` covering AF106 */
    AF_CALL_VALUE = 1 << 3,            /* not a call: the name used as a value (passed, stored, decorating) */
    AF_CALL_ARG_P_WAIT = 1 << 4,       /* os.P_WAIT is named in its arguments */
    AF_CALL_ARG_ANY = 1 << 5,          /* it has arguments */
    AF_CALL_ARG_WNOHANG = 1 << 6,      /* os.WNOHANG is named in its arguments */
};

struct af_summary_call {
    const char *callee;        /* qualified as far as its file tells ("requests.get", "pkg.api.f",
                                  "pkg.db.Repo.get" for self.get), NULL when it cannot tell */
    const char *text;          /* the callee as written ("api.f", "self.get") */
    uint32_t scope;            /* where it is made: an index into its file's scopes */
    uint32_t line, column;     /* 1-based; the column in code points */
    unsigned flags;            /* AF_CALL_* */
};

/*
 * One scope of a file: the module, a class body, a def (at any depth) or a
 * lambda. Facts about a function are fields here, filled by the walk
 * (summary.c); pass 1's conclusions follow them.
 */
struct af_summary_scope {
    const char *qualname;      /* "pkg.api.fetch", "pkg.bot.handler.<locals>.query", "pkg.db.Repo" */
    const char *name;          /* the def's or class's own name ("fetch"); NULL for the module and lambdas */
    enum af_summary_kind kind;
    int parent;                /* -1 for the module */
    uint32_t line, column;     /* of `def`/`class` (`async` of an async def), 1-based */
    unsigned facts;            /* AF_PROJECT_* of a def (AF_PROJECT_GENERATOR for sync defs too) */
    const char **decorators;   /* qualified names of the decorators, as written when unresolved */
    uint32_t ndecorators;
    const char **bases;        /* a class's bases, qualified (NULL: not a plain name) */
    uint32_t nbases;
    const char *wrapper;       /* a decorator: the def in it that functools.wraps its argument, or NULL */
    uint32_t first_call, ncalls;   /* its own calls and uses: the file's calls[first_call ..] */

    /* pass 1's conclusions (index.c), read-only afterwards */
    uint32_t blocks;           /* 0: reaches no blocking call; n: the shortest chain has n calls */
    const struct af_summary_call *via;      /* the call that continues the chain */
    const struct af_summary_scope *next;    /* the function it calls there (NULL: `via` blocks itself) */
    const struct af_file_summary *next_file;
    const char *blocking_code; /* the rule of the blocking call at the chain's end ("AF102") */
    const struct af_summary_call *needs_loop;  /* of a function with a chain: the first call of its own
                                  body that fails off the event loop's thread (asyncio.get_running_loop,
                                  asyncio.create_task, ...: graph.c), or NULL */
    uint32_t migration;        /* the migration (AF106 Fix B) making it async, 0 for none */
    enum af_refusal refusal;   /* why a blocking helper is not migrated (with migrate-helpers) */
    const char *refused_path;  /* where the reason shows, or NULL */
    uint32_t refused_line, refused_column;
};

/* a name a module binds by import (`from .api import fetch` in an __init__.py) */
struct af_summary_alias {
    const char *name;          /* "fetch" */
    const char *target;        /* "pkg.api.fetch" */
};

/* what pass 1 read in one file */
struct af_file_summary {
    char *path;                /* owned, as the run names the file */
    uint32_t index;            /* its place among the project's summaries */
    const char *module;        /* its module name; `other_module`: the name its packages give, or NULL */
    const char *other_module;
    struct af_summary_scope *scopes;   /* scopes[0] is the module */
    uint32_t nscopes;
    struct af_summary_call *calls;     /* grouped by scope, each group in source order */
    uint32_t ncalls;
    struct af_summary_alias *aliases;  /* module-level imports */
    uint32_t naliases;
    const char **all;          /* the names `__all__` lists */
    uint32_t nall;
    const char **imports;      /* the modules its imports name (`from m import x`: m and m.x) */
    uint32_t nimports;
    uint32_t *migrations;      /* the migrations this file has a part of (owned), ascending */
    uint32_t nmigrations;
    bool skip_file;            /* `# asyncfix: skip-file`: pass 2 leaves it alone */
    bool shallow;              /* pass 1 counted at most half of CPython's nesting limits (summary.c) */
    bool checked;              /* among the files the run checks (and may rewrite) */
    struct af_arena arena;     /* the strings, and the decorator and base lists */
};

void af_file_summary_free(struct af_file_summary *fs);

/*
 * The def or class `qualname` names, following module-level imports of the
 * project's modules (a name an __init__.py re-exports) and a module's other
 * name; its file in *file (may be NULL). NULL when pass 1 read no such def.
 */
const struct af_summary_scope *af_project_resolve(const struct af_project *project, const char *qualname,
                                                  const struct af_file_summary **file);

/* the name `qualname` comes to through the modules' imports, into `out` (itself when none applies) */
void af_project_canonical(struct af_buf *out, const struct af_project *project, const char *qualname);

/* af_project_resolve, a class standing for its __init__; NULL when that is no def */
const struct af_summary_scope *af_project_function(const struct af_project *project, const char *qualname,
                                                   const struct af_file_summary **file);

/*
 * af_project_function (file not NULL); when it gives NULL, what
 * af_project_canonical gives for `qualname` is in `name` (else `name` is left
 * alone): one walk through the modules for the two questions. *direct: the
 * answer came from `qualname` itself, without a step through a module (a
 * def or class of that name, or no module of the project holding it).
 */
const struct af_summary_scope *af_project_function_or_name(const struct af_project *project, const char *qualname,
                                                           const struct af_file_summary **file, struct af_buf *name,
                                                           bool *direct);

/* the summary of module `module` (`len` bytes), or NULL */
const struct af_file_summary *af_project_module(const struct af_project *project, const char *module, size_t len);

/* the summary of the file at `path` (as the run names it), or NULL */
const struct af_file_summary *af_project_file_at(const struct af_project *project, const char *path);

/* the number of migrations decided (AF106's Fix B), numbered 1..n */
uint32_t af_project_migrations(const struct af_project *project);

/*
 * The files that hold a part of migration `m`, one at a time: the i-th one's
 * path, or NULL past the last.
 */
const char *af_project_migration_file(const struct af_project *project, uint32_t m, size_t i);

/* true when the file at `path` holds a part of some migration (pass 2 must read it) */
bool af_project_has_part(const struct af_project *project, const char *path);

/*
 * Pass 1 found the bytes of `path` (len bytes, af_source_fingerprint) nesting
 * within CPython's limits (af_source_nesting, or the summary walk's own count when the file is
 * shallow). af_project_nesting_checked:
 * true when `data` are those very bytes, so that pass 2 need not scan them
 * again (false for a NULL project, a path not noted, other bytes).
 */
void af_project_note_nesting(struct af_project *project, const char *path, size_t len, uint64_t fingerprint);
bool af_project_nesting_checked(const struct af_project *project, const char *path, const char *data, size_t len);

/* ---- building (index.c) ---- */

/* one definition seen in pass 1 */
struct af_project_def {
    char *qualname;           /* owned */
    unsigned facts;
};

struct af_project *af_project_new(void);

/* merges one file's definitions; takes ownership of their qualnames (not of the array) */
void af_project_add(struct af_project *project, struct af_project_def *defs, size_t n);

/* ends the build (`files`: how many files were read); the project is read-only afterwards */
void af_project_seal(struct af_project *project, size_t files);

void af_project_free(struct af_project *project);

/* adds a file's summary, taking it; returns its index */
uint32_t af_project_add_summary(struct af_project *project, struct af_file_summary *fs);
uint32_t af_project_nfiles(const struct af_project *project);
/* the i-th summary, writable until the project is sealed */
struct af_file_summary *af_project_file(const struct af_project *project, uint32_t i);
/* a new migration's number */
uint32_t af_project_new_migration(struct af_project *project);
/* the folder the run's relative paths start from (absolute), as pass 1 found it; returns the project's copy */
const char *af_project_set_cwd(struct af_project *project, const char *cwd);
/* that folder, or NULL (no project, or none set: af_path_absolute_in then asks getcwd) */
const char *af_project_cwd(const struct af_project *project);

/*
 * A loop none of asyncio, trio and anyio runs on, imported by some file pass 1
 * read ("twisted", "curio": af_source_other_loop), or NULL: the project's
 * coroutines may run on it even in a module that does not import it. A file
 * naming Twisted's asyncio reactor (`asyncio_reactor`) makes it NULL for good.
 */
void af_project_note_loop(struct af_project *project, const char *other, bool asyncio_reactor);
const char *af_project_other_loop(const struct af_project *project);

#endif
