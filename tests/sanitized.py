#!/usr/bin/env python3
"""The test wrapper of a sanitizer build (the default test setup when meson is configured with
-Db_sanitize=..., as tools/test configures build-asan): runs one test with the sanitizers'
options set and every report of every process of the test (the test program and each asyncfix it
starts) written to a fresh folder instead of stderr. The test fails when that folder holds a
report, whatever the test made of a process's exit status or stderr; the reports are printed.

  ASan     detect_leaks=1 (LeakSanitizer at exit), use-after-return, strict string checks
  UBSan    halt_on_error=1, with a stack trace (the build also passes -fno-sanitize-recover=all)
  LSan     tests/lsan.supp: libgit2 1.5's own pcre2 leak, suppressed by name

Options already in the environment come last, so they win.

usage: sanitized.py COMMAND [ARG...]
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXITCODE = 86  # a sanitizer's exit status: never mistaken for asyncfix's 1 (findings remain)


def options(name, defaults):
    given = os.environ.get(name)
    return ':'.join(defaults + ([given] if given else []))


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    logs = tempfile.mkdtemp(prefix='asyncfix-sanitizers-')
    try:
        env = dict(os.environ)
        env['ASAN_OPTIONS'] = options('ASAN_OPTIONS', [
            'detect_leaks=1', 'detect_stack_use_after_return=1', 'strict_string_checks=1',
            'check_initialization_order=1', 'exitcode=%d' % EXITCODE,
            'log_path=' + os.path.join(logs, 'report')])
        env['UBSAN_OPTIONS'] = options('UBSAN_OPTIONS', [
            'halt_on_error=1', 'print_stacktrace=1', 'exitcode=%d' % EXITCODE,
            'log_path=' + os.path.join(logs, 'report')])
        env['LSAN_OPTIONS'] = options('LSAN_OPTIONS', [
            'suppressions=' + os.path.join(HERE, 'lsan.supp'), 'print_suppressions=0'])
        rc = subprocess.run(argv, env=env).returncode
        reports = sorted(os.listdir(logs))
        for name in reports:
            with open(os.path.join(logs, name), errors='replace') as f:
                sys.stderr.write('==== sanitizer report %s ====\n%s\n' % (name, f.read()))
        if reports:
            print('sanitized.py: %d sanitizer report(s): the test fails' % len(reports), file=sys.stderr)
            return rc if rc not in (0, 77) else 1
        return rc
    finally:
        shutil.rmtree(logs, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
