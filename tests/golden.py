#!/usr/bin/env python3
"""Golden runner: for each golden/<CODE>/<case>/, asyncfix --write --select CODE
(unless the case's args file selects otherwise) on a copy of input.py (or the
input/ folder) must give expected.py (expected/), a second run must change
nothing, and every expected file must compile (a case pinning an AF001: must
not compile, since CPython rejects it too).

Every case has a `findings` file: what a check of the input must report, one
finding a line, `PATH:LINE:COL: CODE fix=safe|unsafe|none` (PATH relative to
the input folder for a multi-module case); lines starting with # are comments.
The check's findings must be exactly these, and their fix kinds must agree
with the bytes: a case whose expected output differs from its input has a fix
that --write applies under its args (safe, or unsafe with --unsafe-fixes); a
case whose output equals its input has none. tools/golden-findings CASE writes
a new case's file, to be read against the case before it is committed.

--once leaves out the second run (a sanitizer build, where each run of
asyncfix costs several times more: the release build checks idempotence).

usage: golden.py ASYNCFIX GOLDEN_DIR CODE [--once]
                                              run the cases of one code
       golden.py --list GOLDEN_DIR            print the codes that have cases
       golden.py --findings ASYNCFIX CASE     print what a check of CASE reports,
                                              one finding a line
"""
import json
import os
import py_compile
import shlex
import shutil
import subprocess
import sys
import tempfile


def files_under(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith('.pyc') or '__pycache__' in dirpath:
                continue
            p = os.path.join(dirpath, n)
            with open(p, 'rb') as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def first_difference(a, b):
    al, bl = a.splitlines(True), b.splitlines(True)
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return 'line %d:\n  got:      %r\n  expected: %r' % (i + 1, x, y)
    return 'line %d: got %d lines, expected %d' % (min(len(al), len(bl)) + 1, len(al), len(bl))


def run(asyncfix, args, target, cwd):
    return subprocess.run([asyncfix] + args + [target], cwd=cwd, capture_output=True)


def case_args(case, code):
    args = []
    if os.path.exists(os.path.join(case, 'args')):
        with open(os.path.join(case, 'args')) as f:
            args = shlex.split(f.read())
    # a case shows its own rule: the others are switched off unless the args file selects
    if not any(a == '--select' or a.startswith('--select=') for a in args):
        args = ['--select', code] + args
    return args


def is_multi(case):
    return os.path.isdir(os.path.join(case, 'input'))


def copy_input(case, tmp):
    """Copy the case's input into tmp; return the target to pass to asyncfix."""
    if is_multi(case):
        shutil.copytree(os.path.join(case, 'input'), os.path.join(tmp, 'input'))
        return 'input'
    shutil.copy(os.path.join(case, 'input.py'), os.path.join(tmp, 'input.py'))
    return 'input.py'


def findings_of(asyncfix, case, args):
    """What a check of the case's input reports, as findings-file lines in
    file and position order; raises RuntimeError when the check fails."""
    multi = is_multi(case)
    with tempfile.TemporaryDirectory() as tmp:
        target = copy_input(case, tmp)
        p = run(asyncfix, ['--format', 'json'] + args, target, tmp)
    if p.returncode not in (0, 1):
        raise RuntimeError('asyncfix check exited %d: %s' % (
            p.returncode, p.stderr.decode(errors='replace').strip()))
    got = []
    for f in sorted(json.loads(p.stdout or b'[]'), key=lambda f: (f['path'], f['line'], f['column'], f['code'])):
        path = f['path']
        if multi and path.startswith('input/'):
            path = path[len('input/'):]
        fix = f['fix']['applicability'] if f['fix'] else 'none'
        got.append('%s:%d:%d: %s fix=%s' % (path, f['line'], f['column'], f['code'], fix))
    return got


def pinned_findings(case):
    """The case's findings file's lines, comments dropped, or None when it has none."""
    path = os.path.join(case, 'findings')
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


def check_findings(asyncfix, case, args, want):
    try:
        got = findings_of(asyncfix, case, args)
    except RuntimeError as e:
        return str(e)
    if sorted(got) != sorted(want):
        return 'findings differ:\n  got:      %s\n  expected: %s' % (
            '\n            '.join(got) or '(none)', '\n            '.join(want) or '(none)')
    return None


def check_fix_kinds(case, args, want):
    """The pinned fix kinds agree with the bytes: output differs from input
    exactly when a finding has a fix that --write applies under the args."""
    if is_multi(case):
        before = files_under(os.path.join(case, 'input'))
        after = files_under(os.path.join(case, 'expected'))
        changed = any(before.get(name) != data for name, data in after.items())
    else:
        with open(os.path.join(case, 'input.py'), 'rb') as a, open(os.path.join(case, 'expected.py'), 'rb') as b:
            changed = a.read() != b.read()
    kinds = ['safe'] + (['unsafe'] if '--unsafe-fixes' in args else [])
    applied = [l for l in want if l.rsplit(' fix=', 1)[-1] in kinds]
    if changed and not applied:
        return 'expected output differs from the input, yet no finding has a fix that applies with %s' % (
            ' '.join(args))
    if not changed and applied:
        return 'expected output equals the input, yet a fix applies with %s:\n  %s' % (
            ' '.join(args), '\n  '.join(applied))
    return None


def check_output(asyncfix, case, args, rejected, once):
    multi = is_multi(case)
    with tempfile.TemporaryDirectory() as tmp:
        target = copy_input(case, tmp)
        if multi:
            expected = files_under(os.path.join(case, 'expected'))
        else:
            with open(os.path.join(case, 'expected.py'), 'rb') as f:
                expected = {'input.py': f.read()}
        p = run(asyncfix, ['--write', '--no-color'] + args, target, tmp)
        if p.returncode not in (0, 1):
            return 'asyncfix --write exited %d: %s' % (p.returncode, p.stderr.decode(errors='replace').strip())
        got = files_under(os.path.join(tmp, 'input')) if multi else \
            {'input.py': open(os.path.join(tmp, 'input.py'), 'rb').read()}
        for name, want in expected.items():
            if name not in got:
                return '%s: missing after the run' % name
            if got[name] != want:
                return '%s differs from expected, %s' % (name, first_difference(got[name], want))
        # idempotent: a second run changes nothing
        p = None if once else run(asyncfix, ['--diff', '--no-color'] + args, target, tmp)
        if p and p.returncode == 2:
            return 'second run failed: %s' % p.stderr.decode(errors='replace').strip()
        if p and p.stdout.strip():
            return 'second run still changes the file:\n' + p.stdout.decode(errors='replace')
        for name, data in expected.items():
            if not name.endswith('.py'):
                continue
            path = os.path.join(tmp, 'compile', name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(data)
            try:
                py_compile.compile(path, doraise=True)
            except py_compile.PyCompileError as e:
                if not rejected:
                    return '%s does not compile: %s' % (name, e.msg.strip().splitlines()[-1])
                continue
            if rejected:
                return '%s compiles, yet the case pins an AF001 (CPython rejects it)' % name
    return None


def check_case(asyncfix, case, code, once=False):
    args = case_args(case, code)
    want = pinned_findings(case)
    if want is None:
        return 'no findings file: write it with tools/golden-findings %s and read it against the case' % case
    return (check_findings(asyncfix, case, args, want)
            or check_fix_kinds(case, args, want)
            or check_output(asyncfix, case, args, any(' AF001 ' in l for l in want), once))


def main():
    if sys.argv[1] == '--list':
        root = sys.argv[2]
        for code in sorted(os.listdir(root)):
            if os.path.isdir(os.path.join(root, code)):
                print(code)
        return 0
    if sys.argv[1] == '--findings':
        asyncfix, case = os.path.abspath(sys.argv[2]), os.path.normpath(sys.argv[3])
        code = os.path.basename(os.path.dirname(os.path.abspath(case)))
        try:
            for line in findings_of(asyncfix, case, case_args(case, code)):
                print(line)
        except RuntimeError as e:
            print(e, file=sys.stderr)
            return 2
        return 0
    asyncfix, root, code = sys.argv[1:4]
    once = sys.argv[4:5] == ['--once']
    asyncfix = os.path.abspath(asyncfix)
    cases = sorted(os.listdir(os.path.join(root, code)))
    failed = 0
    for i, name in enumerate(cases, 1):
        case = os.path.join(root, code, name)
        if not os.path.isdir(case):
            continue
        err = check_case(asyncfix, case, code, once)
        if err:
            failed += 1
            print('not ok %d - %s/%s\n  %s' % (i, code, name, err.replace('\n', '\n  ')))
        else:
            print('ok %d - %s/%s' % (i, code, name))
    print('%d cases, %d failed' % (len(cases), failed))
    return 1 if failed or not cases else 0


if __name__ == '__main__':
    sys.exit(main())
