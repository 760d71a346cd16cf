"""AF103/AF104: two tasks that each run `subprocess.run(["sleep", "0.2"])`
between two prints run task by task before the rewrite and overlap after it
(both start before either ends), print the same results (return codes, the
output of `subprocess.check_output(...).decode()`, a line read by `input()`),
with asyncio.to_thread and, for --target-version py38, run_in_executor."""
import os
import subprocess
import sys
import tempfile

from support import PYTHON, compare, fail, require_changed, rewrite

PROGRAM = '''\
import asyncio
import subprocess


async def worker(name):
    print(name, "start")
    done = subprocess.run(["sleep", "0.2"])
    print(name, "end")
    said = subprocess.check_output(["echo", name]).decode().strip()
    return name, done.returncode, said


async def main():
    line = input()
    results = await asyncio.gather(worker("a"), worker("b"))
    print("results", results, line)


asyncio.run(main())
'''

EXPECTED = {
    (): 'await asyncio.to_thread(subprocess.run, ["sleep", "0.2"])',
    ('--target-version', 'py38'): 'await asyncio.get_running_loop().run_in_executor(None, '
                                  'functools.partial(subprocess.run, ["sleep", "0.2"]))',
}


def run_with_stdin(source):
    """Runs `source` with a line on standard input (for input()); returns stdout."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'prog.py')
        with open(path, 'w') as f:
            f.write(source)
        p = subprocess.run([PYTHON, path], input='typed line\n', capture_output=True, text=True,
                           cwd=tmp, timeout=60)
        if p.returncode != 0:
            fail('program exited %d:\n%s\n--- source ---\n%s' % (p.returncode, p.stderr, source))
        return p.stdout


def main():
    asyncfix = sys.argv[1]
    before = run_with_stdin(PROGRAM).splitlines()
    if before[:4] != ['a start', 'a end', 'b start', 'b end']:
        fail('the original should run task by task:\n' + '\n'.join(before))
    for args, want in EXPECTED.items():
        fixed, _ = rewrite(asyncfix, PROGRAM, args)
        require_changed(PROGRAM, fixed)
        if want not in fixed or 'input()' in fixed:
            fail('expected the worker-thread rewrite (%s):\n%s' % (' '.join(args), fixed))
        after = run_with_stdin(fixed).splitlines()
        # both tasks start before either ends: their sleeps overlap
        if sorted(after[:2]) != ['a start', 'b start']:
            fail('the rewrite (%s) should overlap the two runs:\n%s' % (' '.join(args), '\n'.join(after)))
        compare(sorted(before), sorted(after), 'lines printed (%s)' % ' '.join(args))
        compare(before[-1], after[-1], 'results (%s)' % ' '.join(args))
    print('ok: the two subprocess runs overlap after the rewrite, same results')


if __name__ == '__main__':
    main()
