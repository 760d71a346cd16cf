#!/usr/bin/env python3
"""A bounded libFuzzer session of fuzz_engine (the meson test `fuzz-engine` of the fuzz build).

The seeds are the golden inputs (golden/<CODE>/<case>/input.py and the .py files of input/
folders) and tests/fuzz/regressions/, copied into a fresh corpus folder at each run, so every run
starts from the same corpus; with the fixed -seed the mutations are the same from run to run (how
far a run gets in its time depends on the machine). Inputs grow up to 256 KB (-max_len), so deep
nesting is reachable. A failing input is saved in ARTIFACTS (printed); once the bug is fixed it
goes to tests/fuzz/regressions/, which a normal test replays in every build.

A fixed input that CPython rejects fails the session: asyncfix holds its input to CPython's rules
(src/conform.c) and never fixes what CPython rejects. With --lenient-cpython it does not: such
inputs are kept in ARTIFACTS/cpython-rejected/ and counted by CPython's message at the end (to
survey a longer run). The replay of tests/fuzz/regressions/ is always strict.

usage: run.py FUZZER GOLDEN_DIR REGRESSIONS_DIR ARTIFACTS_DIR [--seconds N] [--corpus DIR]
              [--lenient-cpython] [-- LIBFUZZER_ARG...]
  --seconds N        how long (default: $ASYNCFIX_FUZZ_SECONDS, else 45)
  --corpus DIR       keep the corpus in DIR across runs (seeded when empty) instead of a temp folder
  --lenient-cpython  a fixed input that CPython rejects is counted, not a failure

A longer run, two processes, keeping what it learns:
  python3 tests/fuzz/run.py build-asan/tests/fuzz/fuzz_engine golden tests/fuzz/regressions \\
      /tmp/fuzz-artifacts --seconds 3600 --corpus ~/asyncfix-corpus -- -fork=2
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261125
MAX_LEN = 262144


def seeds(golden_dir, regressions_dir):
    for root in (golden_dir, regressions_dir):
        for dirpath, _, names in os.walk(root):
            rel = os.path.relpath(dirpath, root).split(os.sep)
            for n in sorted(names):
                if root == regressions_dir:
                    if not n.startswith('.'):
                        yield os.path.join(dirpath, n)
                elif n.endswith('.py') and (n == 'input.py' or 'input' in rel[2:3]):
                    yield os.path.join(dirpath, n)


def fill_corpus(corpus, golden_dir, regressions_dir):
    count = 0
    for path in seeds(golden_dir, regressions_dir):
        with open(path, 'rb') as f:
            data = f.read()
        if len(data) > MAX_LEN:
            continue
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)
        count += 1
    return count


def report_artifacts(artifacts, before):
    new = sorted(n for n in set(os.listdir(artifacts)) - before
                 if os.path.isfile(os.path.join(artifacts, n)))
    for n in new:
        path = os.path.join(artifacts, n)
        with open(path, 'rb') as f:
            data = f.read()
        print('fuzz input that failed: %s (%d bytes); first 2000 bytes:\n%r' % (path, len(data), data[:2000]))
    if new:
        print('once fixed, add it to tests/fuzz/regressions/ (a name that says what it shows)')
    return new


def run_fuzzer(cmd, env):
    """runs libFuzzer, passing its output on; returns its exit status and its final stats"""
    stats = {}
    p = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=None)
    for raw in p.stderr:
        sys.stdout.write(raw.decode(errors='replace'))
        line = raw.decode(errors='replace').strip()
        if line.startswith('stat::') and ':' in line[6:]:
            key, value = line[6:].split(':', 1)
            stats[key.strip()] = value.strip()
    sys.stdout.flush()
    return p.wait(), stats


def summarize_rejected(folder):
    """counts the saved inputs by CPython's message (compile() as py_compile does)"""
    names = sorted(os.listdir(folder))
    if not names:
        return
    kinds = {}
    for n in names:
        with open(os.path.join(folder, n), 'rb') as f:
            data = f.read()
        try:
            compile(data, n, 'exec')
            why = 'accepted by this python (a fuzz_engine bug)'
        except SyntaxError as e:
            why = '%s: %s' % (type(e).__name__, re.sub(r' on line \d+| \(detected at line \d+\)', '', e.msg))
        except Exception as e:  # ValueError, RecursionError, MemoryError
            why = '%s: %s' % (type(e).__name__, e)
        kinds[why] = kinds.get(why, 0) + 1
    print('fuzz: %d fixed inputs that CPython rejects, kept in %s (not a failure with --lenient-cpython):'
          % (len(names), folder))
    for why, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print('fuzz: %5d  %s' % (count, why))


def main(argv):
    extra = []
    if '--' in argv:
        extra = argv[argv.index('--') + 1:]
        argv = argv[:argv.index('--')]
    seconds = int(os.environ.get('ASYNCFIX_FUZZ_SECONDS', '45'))
    corpus = None
    strict = True
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == '--seconds':
            seconds = int(argv[i + 1])
            i += 2
        elif argv[i] == '--strict-cpython':   # the default; kept for older command lines
            strict = True
            i += 1
        elif argv[i] == '--lenient-cpython':
            strict = False
            i += 1
        elif argv[i] == '--corpus':
            corpus = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    fuzzer, golden_dir, regressions_dir, artifacts = args
    os.makedirs(artifacts, exist_ok=True)
    rejected = os.path.join(artifacts, 'cpython-rejected')
    shutil.rmtree(rejected, ignore_errors=True)
    env = dict(os.environ)
    env.pop('ASYNCFIX_FUZZ_REJECTED_DIR', None)
    if not strict:
        os.makedirs(rejected)
        env['ASYNCFIX_FUZZ_REJECTED_DIR'] = rejected
    before = set(os.listdir(artifacts))
    tmp = None
    if corpus is None:
        tmp = corpus = tempfile.mkdtemp(prefix='asyncfix-corpus-')
    os.makedirs(corpus, exist_ok=True)
    try:
        if not os.listdir(corpus):
            n = fill_corpus(corpus, golden_dir, regressions_dir)
            print('fuzz: %d seeds (golden inputs and regressions)' % n, flush=True)
        cmd = [fuzzer, corpus, '-seed=%d' % SEED, '-max_total_time=%d' % seconds,
               '-max_len=%d' % MAX_LEN, '-timeout=60', '-rss_limit_mb=2048', '-print_final_stats=1',
               '-dict=' + os.path.join(HERE, 'python.dict'),
               '-artifact_prefix=' + os.path.join(os.path.abspath(artifacts), '')] + extra
        print('fuzz: ' + ' '.join(cmd), flush=True)
        rc, stats = run_fuzzer(cmd, env)
        print('fuzz: %s inputs in %s s (%s/s), %s new corpus units, peak RSS %s MB, exit status %d' % (
            stats.get('number_of_executed_units', '?'), seconds, stats.get('average_exec_per_sec', '?'),
            stats.get('new_units_added', '?'), stats.get('peak_rss_mb', '?'), rc))
        if not strict:
            summarize_rejected(rejected)
        new = report_artifacts(artifacts, before)
        return 1 if rc or new else 0  # never libFuzzer's 77, which meson would count as skipped
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
