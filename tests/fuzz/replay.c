/*
 * replay.c - runs the fuzz target's checks (fuzz_engine.c) once on each file
 * given, or on each file of a folder given, without libFuzzer: the
 * regression inputs in every build. An input that fails aborts with the
 * target's message.
 *
 * usage: fuzz_replay PATH...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asyncfix/common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
        return -1;
    }
    struct af_buf data = AF_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        af_buf_put(&data, chunk, n);
    fclose(f);
    LLVMFuzzerTestOneInput((const uint8_t *)af_buf_cstr(&data), data.size);
    printf("ok %s (%zu bytes)\n", path, data.size);
    af_buf_dispose(&data);
    return 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the regular files of `dir` in name order; returns how many ran, or -1 */
static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fuzz_replay: cannot open %s\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        AF_ARRAY_GROW(names, count, cap);
        names[count++] = af_asprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof(*names), cmp_names);
    int ran = 0;
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names[i]) < 0)
                ran = -1;
            else if (ran >= 0)
                ran++;
        }
        free(names[i]);
    }
    free(names);
    return ran;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        int ran = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]);
        if (ran < 0)
            return 1;
        total += ran;
    }
    if (total == 0) {
        fprintf(stderr, "fuzz_replay: no input to replay\n");
        return 1;
    }
    printf("%d inputs replayed\n", total);
    return 0;
}
