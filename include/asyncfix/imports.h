/*
 * imports.h - where a fix's new imports go, and the edit that adds them.
 *
 * New imports land after the last module-level import that comes before any
 * statement that may run the module's code (defs and classes without
 * decorators, assignments without calls and strings are passed over), or,
 * without imports, after the module docstring and the strings right after it
 * (or after the leading comment lines when there is none of those), one
 * `import X` line each, sorted, in the file's own line ending. A module already imported at module level is not
 * imported again.
 */
#ifndef ASYNCFIX_IMPORTS_H
#define ASYNCFIX_IMPORTS_H

#include "asyncfix/edit.h"
#include "asyncfix/file.h"

/* the byte offset where new import lines are inserted */
uint32_t af_imports_insertion_point(const struct af_file *file);

/*
 * Fills `out` with the edit adding those of `modules` that the module does not
 * import yet; AF_ENOTFOUND when none is missing. The caller frees out->text.
 */
int af_imports_edit(struct af_edit *out, const struct af_file *file,
                    const char *const *modules, size_t n);

/* true when module scope already binds `module` to itself (`import asyncio`) by an import that always runs */
bool af_imports_has(const struct af_file *file, const char *module);

#endif
