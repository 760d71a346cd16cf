/*
 * folders.h - files in a temporary folder tree for the unit tests (cmocka's
 * assertions: include after cmocka.h).
 */
#ifndef ASYNCFIX_TEST_FOLDERS_H
#define ASYNCFIX_TEST_FOLDERS_H

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* writes `text` to root/rel, making the folders on the way */
static inline void test_put(const char *root, const char *rel, const char *text)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

#endif
