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
};
/* every decorator fact */
#define AF_PROJECT_DECORATORS (AF_PROJECT_OTHER_DECORATOR | AF_PROJECT_OVERLOAD | AF_PROJECT_STATICMETHOD | \
                               AF_PROJECT_CLASSMETHOD | AF_PROJECT_ABSTRACTMETHOD | AF_PROJECT_OVERRIDE)

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
 * True when the bytes may call a coroutine function of the project: an import
 * names the module of one, and its name and its module's name both occur.
 * (The engine's prefilter: a file without `async` that this says no to is
 * not parsed.)
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

#endif
