/*
 * gendocs.c - the man page and the shell completions, written at build time
 * from the option table (af_options_all) and the rules' descriptors, so that
 * they cannot drift from what `asyncfix` accepts.
 *
 *     gendocs man TEMPLATE     the scdoc source of asyncfix(1): TEMPLATE's prose
 *                              with @OPTIONS@, @CONFIG@, @RULES@, @VERSION@ filled
 *     gendocs bash|zsh|fish    the completion script for that shell
 *
 * Everything goes to standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/options.h"
#include "asyncfix/rule.h"

/* text for scdoc: its markup characters escaped (a leading '-' or '.' would start a list, a backtick a literal block) */
static void scd_text(FILE *out, const char *s)
{
    if (*s == '-' || *s == '.' || *s == '`')
        fputc('\\', out);
    for (; *s; s++) {
        if (*s == '*' || *s == '_' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static bool takes_argument(const struct af_option *row)
{
    return row->metavar != NULL;
}

static void man_options(FILE *out)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        if (row->flags & AF_OPT_HIDDEN)
            continue;
        if (row->short_name)
            fprintf(out, "*-%c*, ", row->short_name);
        fprintf(out, "*--%s*", row->name);
        if (row->alias)
            fprintf(out, ", *--%s*", row->alias);
        if (row->metavar) {
            fputs(" _", out);
            scd_text(out, row->metavar);
            fputc('_', out);
        }
        fputs("\n\t", out);
        scd_text(out, row->help);
        if (row->choices && !strstr(row->help, row->choices[0])) {
            fputs(". One of:", out);
            for (const char *const *c = row->choices; *c; c++)
                fprintf(out, "%s *%s*", c == row->choices ? "" : ",", *c);
        }
        fputs(".\n\n", out);
    }
    free(refs);
}

static const char *config_type(const struct af_option *row)
{
    switch (row->kind) {
    case AF_OPT_FLAG:
    case AF_OPT_CLEAR:
        return "true or false";
    case AF_OPT_LIST:
        return "an array of strings";
    default:
        return "a string";
    }
}

static void man_config(FILE *out)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        if (!(row->flags & AF_OPT_CONFIG))
            continue;
        fprintf(out, "*%s* (%s)\n\tas *--%s*.\n\n", row->name, config_type(row), row->name);
    }
    free(refs);
}

static void man_rules(FILE *out)
{
    for (const struct af_rule *const *r = af_rules; *r; r++) {
        fprintf(out, "## %s %s\n\n", (*r)->code, (*r)->name);
        scd_text(out, (*r)->summary);
        fputs(".\n\n```\n", out);
        /* the text's own first line names the rule, as the heading does */
        const char *text = (*r)->explanation;
        size_t head = strlen((*r)->code);
        if (!strncmp(text, (*r)->code, head) && strchr(text, '\n')) {
            text = strchr(text, '\n') + 1;
            while (*text == '\n')
                text++;
        }
        fputs(text, out);
        size_t len = strlen(text);
        if (len && text[len - 1] != '\n')
            fputc('\n', out);
        fputs("```\n\n", out);
    }
}

static int man(const char *template_path)
{
    FILE *in = fopen(template_path, "r");
    if (!in) {
        perror(template_path);
        return 1;
    }
    char line[4096];
    while (fgets(line, sizeof(line), in)) {
        if (!strcmp(line, "@OPTIONS@\n"))
            man_options(stdout);
        else if (!strcmp(line, "@CONFIG@\n"))
            man_config(stdout);
        else if (!strcmp(line, "@RULES@\n"))
            man_rules(stdout);
        else {
            char *at = strstr(line, "@VERSION@");
            if (at) {
                *at = '\0';
                printf("%s%s%s", line, AF_VERSION, at + 9);
            } else {
                fputs(line, stdout);
            }
        }
    }
    fclose(in);
    return 0;
}

/* ---- completions ---- */

static void words_of_options(FILE *out, bool with_argument_only)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    const char *sep = "";
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        if ((row->flags & AF_OPT_HIDDEN) || (with_argument_only && !takes_argument(row)))
            continue;
        fprintf(out, "%s--%s", sep, row->name);
        sep = with_argument_only ? "|" : " ";
        if (row->alias)
            fprintf(out, "%s--%s", sep, row->alias);
        if (row->short_name)
            fprintf(out, "%s-%c", sep, row->short_name);
    }
    free(refs);
}

static void rule_codes(FILE *out)
{
    for (const struct af_rule *const *r = af_rules; *r; r++)
        fprintf(out, "%s%s", r == af_rules ? "" : " ", (*r)->code);
}

/* what an option's argument is: "choice", "code", "file" or "" */
enum argument_kind { ARG_OTHER, ARG_CHOICE, ARG_CODE, ARG_FILE };

static enum argument_kind argument_kind(const struct af_option *row)
{
    if (row->choices)
        return ARG_CHOICE;
    if (!strcmp(row->name, "select") || !strcmp(row->name, "ignore") || !strcmp(row->name, "explain"))
        return ARG_CODE;
    if (!strcmp(row->name, "config") || !strcmp(row->name, "stdin-filename"))
        return ARG_FILE;
    return ARG_OTHER;
}

static void bash_cases(FILE *out)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        enum argument_kind kind = argument_kind(row);
        if ((row->flags & AF_OPT_HIDDEN) || !takes_argument(row) || kind == ARG_OTHER)
            continue;
        fprintf(out, "        --%s%s%s)\n", row->name, row->alias ? "|--" : "", row->alias ? row->alias : "");
        if (kind == ARG_CHOICE) {
            fputs("            COMPREPLY=($(compgen -W \"", out);
            for (const char *const *c = row->choices; *c; c++)
                fprintf(out, "%s%s", c == row->choices ? "" : " ", *c);
            fputs("\" -- \"$cur\"))\n", out);
        } else if (kind == ARG_CODE) {
            fputs("            COMPREPLY=($(compgen -W \"$codes\" -- \"$cur\"))\n", out);
        } else {
            fputs("            COMPREPLY=($(compgen -f -- \"$cur\"))\n", out);
        }
        fputs("            return ;;\n", out);
    }
    free(refs);
}

static void bash(FILE *out)
{
    fputs("# bash completion for asyncfix (generated from its option table)\n"
          "_asyncfix()\n{\n"
          "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
          "    local codes=\"", out);
    rule_codes(out);
    fputs("\"\n    case \"$prev\" in\n", out);
    bash_cases(out);
    fputs("        ", out);
    words_of_options(out, true);
    fputs(")\n            return ;;\n    esac\n"
          "    if [[ \"$cur\" == -* ]]; then\n        COMPREPLY=($(compgen -W \"", out);
    words_of_options(out, false);
    fputs("\" -- \"$cur\"))\n        return\n    fi\n"
          "    if [[ $COMP_CWORD -eq 1 ]]; then\n"
          "        COMPREPLY=($(compgen -W \"server\" -- \"$cur\"))\n    fi\n"
          "    COMPREPLY+=($(compgen -f -- \"$cur\"))\n}\n"
          "complete -o filenames -F _asyncfix asyncfix\n", out);
}

/* a help text inside single quotes and zsh's [...]: ' and ] and : escaped */
static void zsh_help(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", out);
        else if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else
            fputc(*s, out);
    }
}

static void zsh_action(FILE *out, const struct af_option *row)
{
    enum argument_kind kind = argument_kind(row);
    fputs(":", out);
    zsh_help(out, row->metavar);
    if (kind == ARG_CHOICE) {
        fputs(":(", out);
        for (const char *const *c = row->choices; *c; c++)
            fprintf(out, "%s%s", c == row->choices ? "" : " ", *c);
        fputs(")", out);
    } else if (kind == ARG_CODE) {
        fputs(":(", out);
        rule_codes(out);
        fputs(")", out);
    } else if (kind == ARG_FILE) {
        fputs(":_files", out);
    } else {
        fputs(": ", out);
    }
}

static void zsh(FILE *out)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    fputs("#compdef asyncfix\n# zsh completion for asyncfix (generated from its option table)\n\n"
          "if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n"
          "    _alternative 'command:command:((server\\:\"a Language Server Protocol server\"))' 'files:file:_files'\n"
          "    return\nfi\n_arguments -s \\\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        if (row->flags & AF_OPT_HIDDEN)
            continue;
        const char *names[3] = { row->name, row->alias, NULL };
        char short_name[3] = { '-', row->short_name, 0 };
        for (int k = 0; k < 2 && names[k]; k++) {
            fprintf(out, "    '--%s", names[k]);
            if (takes_argument(row))
                fputs("=", out);
            fputs("[", out);
            zsh_help(out, row->help);
            fputs("]", out);
            if (takes_argument(row))
                zsh_action(out, row);
            fputs("' \\\n", out);
        }
        if (row->short_name) {
            fprintf(out, "    '%s[", short_name);
            zsh_help(out, row->help);
            fputs("]", out);
            if (takes_argument(row))
                zsh_action(out, row);
            fputs("' \\\n", out);
        }
    }
    fputs("    '*:path:_files'\n", out);
    free(refs);
}

static void fish_quoted(FILE *out, const char *s)
{
    fputc('\'', out);
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('\'', out);
}

static void fish(FILE *out)
{
    struct af_option_ref *refs;
    size_t n = af_options_all(&refs);
    fputs("# fish completion for asyncfix (generated from its option table)\n"
          "complete -c asyncfix -n '__fish_use_subcommand' -a server -d 'a Language Server Protocol server'\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct af_option *row = refs[i].row;
        if (row->flags & AF_OPT_HIDDEN)
            continue;
        const char *names[3] = { row->name, row->alias, NULL };
        for (int k = 0; k < 2 && names[k]; k++) {
            fprintf(out, "complete -c asyncfix -l %s", names[k]);
            if (k == 0 && row->short_name)
                fprintf(out, " -s %c", row->short_name);
            enum argument_kind kind = argument_kind(row);
            if (takes_argument(row))
                fputs(kind == ARG_FILE ? " -r -F" : " -x", out);
            if (kind == ARG_CHOICE) {
                fputs(" -a '", out);
                for (const char *const *c = row->choices; *c; c++)
                    fprintf(out, "%s%s", c == row->choices ? "" : " ", *c);
                fputs("'", out);
            } else if (kind == ARG_CODE) {
                fputs(" -a '", out);
                rule_codes(out);
                fputs("'", out);
            }
            fputs(" -d ", out);
            fish_quoted(out, row->help);
            fputc('\n', out);
        }
    }
    free(refs);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "man"))
        return man(argv[2]);
    if (argc == 2 && !strcmp(argv[1], "bash"))
        bash(stdout);
    else if (argc == 2 && !strcmp(argv[1], "zsh"))
        zsh(stdout);
    else if (argc == 2 && !strcmp(argv[1], "fish"))
        fish(stdout);
    else {
        fputs("usage: gendocs man TEMPLATE | gendocs bash|zsh|fish\n", stderr);
        return 2;
    }
    return ferror(stdout) ? 1 : 0;
}
