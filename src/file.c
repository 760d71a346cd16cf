/*
 * file.c - what a file is called as a module.
 */
#include "asyncfix/file.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *af_module_name_for_path(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            base = p + 1;
    size_t blen = strlen(base);
    const char *ext = strrchr(base, '.');
    if (ext)
        blen = (size_t)(ext - base);
    struct af_buf out = AF_BUF_INIT;
    bool is_init = af_streq(base, blen, "__init__");
    if (!is_init)
        af_buf_put(&out, base, blen);
    /* walk up while the folder is a package */
    char *dir = af_strndup(path, (size_t)(base - path));
    for (;;) {
        size_t dl = strlen(dir);
        while (dl > 0 && dir[dl - 1] == '/')
            dir[--dl] = '\0';
        struct af_buf init = AF_BUF_INIT;
        af_buf_printf(&init, "%s%s__init__.py", dir, dl ? "/" : "");
        struct stat st;
        bool pkg = stat(init.ptr, &st) == 0;
        af_buf_dispose(&init);
        if (!pkg || dl == 0)
            break;
        const char *name = dir;
        for (const char *p = dir; *p; p++)
            if (*p == '/')
                name = p + 1;
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            break;
        struct af_buf tmp = AF_BUF_INIT;
        af_buf_puts(&tmp, name);
        if (out.size) {
            af_buf_putc(&tmp, '.');
            af_buf_put(&tmp, out.ptr, out.size);
        }
        af_buf_dispose(&out);
        out = tmp;
        dir[name - dir] = '\0';
    }
    free(dir);
    if (!out.size) {
        af_buf_dispose(&out);
        return NULL;
    }
    return af_buf_detach(&out);
}
