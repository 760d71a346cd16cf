#!/usr/bin/env python3
"""Check mode reports exactly what --diff and --write apply, in every count
the user reads: over every golden input (with its case's args) and the
generated modules of tests/test_fuzz_rules.py (with and without
--unsafe-fixes), for each input:
  - check: "Found N findings (M fixable ...)" (or "All checks passed!"), the
    --statistics lines add up to N, the JSON lists N findings of which M have
    a fix that applies under the flags;
  - --diff: "Would fix M findings" and "(R remaining)" with M + R = N, and
    its --statistics lines (the remaining findings) add up to R;
  - --write on a copy: "Fixed M findings", R remaining.

The inputs are checked side by side, one per core. FUZZ_COUNT modules are
generated; STRIDE takes every STRIDE-th golden case only, a fixed choice
across the rules (under the sanitizers, where each run of asyncfix costs
several times more and the golden suites run every case).

usage: test_fix_counts.py ASYNCFIX GOLDEN_DIR [FUZZ_COUNT [STRIDE]]
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402
import test_fuzz_rules  # noqa: E402

STAT = re.compile(rb'^\s*(\d+)\s+(AF\d+)\s', re.M)
FOUND = re.compile(rb'Found (\d+) findings? \((\d+) fixable')
FIXED = re.compile(rb'(Would fix|Fixed) (\d+) findings? in \d+ files?(?: \((\d+) remaining\))?\.')


def run(asyncfix, args, target, cwd):
    return subprocess.run([asyncfix, '--no-color'] + args + [target], cwd=cwd, capture_output=True, timeout=120)


def stat_total(text):
    return sum(int(m.group(1)) for m in STAT.finditer(text))


def applies(fix, args):
    return fix is not None and (fix['applicability'] == 'safe' or
                                (fix['applicability'] == 'unsafe' and '--unsafe-fixes' in args))


def counts(asyncfix, args, tmp, target, fresh):
    """What each mode says of `target` (copied anew by `fresh` before the write)."""
    problems = []
    p = run(asyncfix, ['--statistics'] + args, target, tmp)
    if p.returncode not in (0, 1):
        return ['check exited %d: %s' % (p.returncode, p.stderr.decode(errors='replace').strip())]
    m = FOUND.search(p.stdout)
    n, fixable = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    if not m and b'All checks passed!' not in p.stdout:
        return ['check printed no summary: %r' % p.stdout[-300:]]
    if stat_total(p.stdout) != n:
        problems.append('check: --statistics adds up to %d, "Found" says %d' % (stat_total(p.stdout), n))
    p = run(asyncfix, ['--format', 'json'] + args, target, tmp)
    found = json.loads(p.stdout or b'[]')
    japplies = sum(applies(f['fix'], args) for f in found)
    if len(found) != n or japplies != fixable:
        problems.append('check: JSON has %d findings, %d with a fix that applies; text says %d, %d fixable' % (
            len(found), japplies, n, fixable))
    p = run(asyncfix, ['--diff', '--statistics'] + args, target, tmp)
    m = FIXED.search(p.stderr)
    if not m:
        return problems + ['--diff printed no summary: %r' % p.stderr[-300:]]
    would, remaining = int(m.group(2)), int(m.group(3) or 0)
    if would != fixable or would + remaining != n:
        problems.append('--diff: would fix %d, %d remaining; check: %d findings, %d fixable' % (
            would, remaining, n, fixable))
    if stat_total(p.stderr) != remaining:
        problems.append('--diff: --statistics adds up to %d, %d remaining' % (stat_total(p.stderr), remaining))
    fresh()
    p = run(asyncfix, ['--write'] + args, target, tmp)
    m = FIXED.search(p.stderr)
    if not m:
        return problems + ['--write printed no summary: %r' % p.stderr[-300:]]
    fixed, left = int(m.group(2)), int(m.group(3) or 0)
    if fixed != would or left != remaining:
        problems.append('--write: fixed %d, %d remaining; --diff: would fix %d, %d remaining' % (
            fixed, left, would, remaining))
    return problems


def golden_cases(root):
    for code in sorted(os.listdir(root)):
        folder = os.path.join(root, code)
        if not os.path.isdir(folder):
            continue
        for case in sorted(os.listdir(folder)):
            yield code, os.path.join(folder, case)


def golden_problems(asyncfix, code, case):
    args = golden.case_args(case, code)
    with tempfile.TemporaryDirectory() as tmp:
        def fresh():
            shutil.rmtree(os.path.join(tmp, 'input'), ignore_errors=True)
            if os.path.exists(os.path.join(tmp, 'input.py')):
                os.unlink(os.path.join(tmp, 'input.py'))
            golden.copy_input(case, tmp)
        target = golden.copy_input(case, tmp)
        return ['%s: %s' % (case, p) for p in counts(asyncfix, args, tmp, target, fresh)]


def fuzz_problems(asyncfix, i, data, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'm.py')

        def fresh():
            with open(path, 'wb') as f:
                f.write(data)
        fresh()
        return ['fuzz module %d %s: %s' % (i, ' '.join(args), p) for p in counts(asyncfix, args, tmp, 'm.py', fresh)]


def jobs(asyncfix, root, count, stride):
    """(function, arguments) of each input to check"""
    for k, (code, case) in enumerate(golden_cases(root)):
        if k % stride == 0:
            yield golden_problems, (asyncfix, code, case)
    import random
    rnd = random.Random(test_fuzz_rules.SEED)
    for i in range(count):
        data = test_fuzz_rules.make(rnd)[0]
        # every rule, the opt-in ones (AF3) too
        for args in (['--select', 'AF'], ['--select', 'AF', '--unsafe-fixes']):
            yield fuzz_problems, (asyncfix, i, data, args)


def check_all(asyncfix, root, count, stride):
    """the number of failing inputs, each input's problems printed in the order of the inputs"""
    failures = checked = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = [pool.submit(fn, *a) for fn, a in jobs(asyncfix, root, count, stride)]
        for future in futures:
            problems = future.result()
            for p in problems:
                print('FAIL %s' % p)
            failures += bool(problems)
            checked += 1
    return failures, checked


def main():
    asyncfix = os.path.abspath(sys.argv[1])
    root = sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else test_fuzz_rules.COUNT
    stride = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    failures, checked = check_all(asyncfix, root, count, stride)
    print('%d inputs checked, %d failing' % (checked, failures))
    return 1 if failures or not checked else 0


if __name__ == '__main__':
    sys.exit(main())
