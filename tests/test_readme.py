#!/usr/bin/env python3
"""README.md says what asyncfix says: its option list is `asyncfix --help`, its rule table is
`asyncfix --list-rules` (code, name, summary), and its [tool.asyncfix] example uses only keys
the option table knows (each one a `--help` option).

usage: test_readme.py ASYNCFIX README
"""
import re
import subprocess
import sys


def main():
    asyncfix, readme = sys.argv[1], sys.argv[2]
    with open(readme) as f:
        text = f.read()
    errors = []

    shown = re.search(r"<!-- asyncfix --help -->\n```\n(.*?)```\n", text, re.S)
    usage = subprocess.run([asyncfix, "--help"], capture_output=True, text=True).stdout
    if not shown:
        errors.append("README.md: no ``` block after <!-- asyncfix --help -->")
    elif shown.group(1) != usage:
        errors.append("README.md's option list is not `asyncfix --help`; put the output of `asyncfix --help` there")

    table = re.findall(r"^\| (AF\d+) \| (\S+) \| (.*) \|$", text, re.M)
    listed = []
    for line in subprocess.run([asyncfix, "--list-rules"], capture_output=True, text=True).stdout.splitlines():
        m = re.match(r"^(\S+)\s+(\S+)\s+(.*)$", line)
        listed.append(m.groups() if m else (line, "", ""))
    for row in sorted(set(table) ^ set(listed)):
        where = "README.md's rule table" if row in table else "`asyncfix --list-rules`"
        errors.append("only in %s: %s" % (where, " | ".join(row)))
    if [r[0] for r in table] != [r[0] for r in listed] and not errors:
        errors.append("README.md's rule table is not in the order of --list-rules")

    config = re.search(r"```toml\n\[tool\.asyncfix\]\n(.*?)```", text, re.S)
    keys = re.findall(r"^([a-z-]+) =", config.group(1), re.M) if config else []
    if not keys:
        errors.append("README.md: no [tool.asyncfix] example")
    for key in keys:
        if "--" + key not in usage:
            errors.append("README.md's [tool.asyncfix] example has `%s`, which is no option" % key)

    for e in errors:
        print(e)
    print("%d rules, %d config keys, %d differences" % (len(listed), len(keys), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
