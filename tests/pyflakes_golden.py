#!/usr/bin/env python3
"""pyflakes over every golden case: an expected output has no unused import and
no undefined name that its input did not have (a fix neither leaves an import
behind nor uses a name it does not bind). A case whose input CPython rejects
(AF001) is passed over.

usage: pyflakes_golden.py GOLDEN_DIR
"""
import ast
import collections
import os
import sys

try:
    from pyflakes import checker, messages
except ImportError:
    print('pyflakes_golden: pyflakes is missing (Debian: python3-pyflakes; tools/bootstrap installs it)')
    sys.exit(77)

KINDS = (messages.UnusedImport, messages.UndefinedName)


def problems(data, name):
    """The unused imports and undefined names of a module, counted; None when it does not compile."""
    try:
        tree = ast.parse(data, filename=name)
    except (SyntaxError, ValueError):
        return None
    w = checker.Checker(tree, filename=name)
    return collections.Counter((type(m).__name__, str(m.message_args[0])) for m in w.messages
                               if isinstance(m, KINDS))


def pairs(case):
    """(name, input bytes, expected bytes) of each module of a case."""
    if os.path.isdir(os.path.join(case, 'input')):
        root = os.path.join(case, 'input')
        for dirpath, _, names in os.walk(root):
            for n in sorted(names):
                if not n.endswith('.py'):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, n), root)
                exp = os.path.join(case, 'expected', rel)
                if os.path.exists(exp):
                    yield rel, open(os.path.join(root, rel), 'rb').read(), open(exp, 'rb').read()
    elif os.path.exists(os.path.join(case, 'input.py')):
        yield 'input.py', open(os.path.join(case, 'input.py'), 'rb').read(), \
            open(os.path.join(case, 'expected.py'), 'rb').read()


def main():
    root = sys.argv[1]
    failed = checked = 0
    for code in sorted(os.listdir(root)):
        for name in sorted(os.listdir(os.path.join(root, code))):
            case = os.path.join(root, code, name)
            for rel, before, after in pairs(case):
                old = problems(before, rel)
                if old is None:
                    continue
                new = problems(after, rel)
                checked += 1
                if new is None:
                    print('FAIL %s/%s: the expected output does not compile' % (case, rel))
                    failed += 1
                    continue
                extra = new - old
                if extra:
                    failed += 1
                    print('FAIL %s/%s: %s' % (case, rel, ', '.join('%s %s' % k for k in sorted(extra))))
    print('%d modules checked, %d failed' % (checked, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
