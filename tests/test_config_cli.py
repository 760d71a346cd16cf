#!/usr/bin/env python3
"""[tool.asyncfix] through the command line: the nearest pyproject.toml is
found from the current folder, extend-blocking-calls drives AF105, flags win
over the file, and a bad value stops the run with exit 2 naming file and key.

usage: test_config_cli.py ASYNCFIX
"""
import os
import subprocess
import sys
import tempfile

PROGRAM = '''import mylib


async def main(x):
    data = mylib.fetch_sync(x)
    return data
'''


def run(asyncfix, args, cwd):
    return subprocess.run([asyncfix, '--no-color'] + args, cwd=cwd, capture_output=True, text=True)


def fail(msg, p=None):
    if p is not None:
        msg += '\n  exit %d\n  stdout: %s\n  stderr: %s' % (p.returncode, p.stdout, p.stderr)
    print('FAIL: ' + msg)
    sys.exit(1)


def main():
    asyncfix = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        proj = os.path.join(tmp, 'proj')
        pkg = os.path.join(proj, 'pkg')
        os.makedirs(pkg)
        with open(os.path.join(proj, 'pyproject.toml'), 'w') as f:
            f.write('[project]\nname = "demo"\n\n[tool.asyncfix]\n'
                    'extend-blocking-calls = ["mylib.fetch_sync"]\ntarget-version = "py38"\n')
        with open(os.path.join(pkg, 'app.py'), 'w') as f:
            f.write(PROGRAM)

        # without the config the call is unknown: nothing to do
        p = run(asyncfix, ['--config', os.devnull, '--diff', 'app.py'], pkg)
        if p.returncode != 0 or p.stdout:
            fail('without extend-blocking-calls app.py must be left alone', p)

        # found from a sub-folder: AF105 with run_in_executor (target py38 from the file)
        p = run(asyncfix, ['--diff', 'app.py'], pkg)
        want = ('+    data = await asyncio.get_running_loop().run_in_executor('
                'None, functools.partial(mylib.fetch_sync, x))')
        if p.returncode != 1 or want not in p.stdout:
            fail('the config found upward must drive AF105 (py38)', p)

        # --config=FILE names the file as well
        p = run(asyncfix, ['--config=' + os.devnull, 'app.py'], pkg)
        if p.returncode != 0:
            fail('--config=FILE must replace the discovered config', p)

        # a flag wins over the file
        p = run(asyncfix, ['--diff', '--target-version', 'py39', 'app.py'], pkg)
        if p.returncode != 1 or '+    data = await asyncio.to_thread(mylib.fetch_sync, x)' not in p.stdout:
            fail('--target-version must win over target-version in the file', p)
        p = run(asyncfix, ['--ignore', 'AF105', 'app.py'], pkg)
        if p.returncode != 0:
            fail('--ignore AF105 must silence the config-declared call', p)

        # --write applies it
        p = run(asyncfix, ['--write', '--target-version', 'py39', 'app.py'], pkg)
        with open(os.path.join(pkg, 'app.py')) as f:
            text = f.read()
        if 'data = await asyncio.to_thread(mylib.fetch_sync, x)' not in text or 'import asyncio' not in text:
            fail('--write must rewrite the config-declared call:\n' + text, p)

        # a bad value: exit 2, one line naming the file and the key
        with open(os.path.join(proj, 'pyproject.toml'), 'w') as f:
            f.write('[tool.asyncfix]\nunsafe-fixes = "yes"\n')
        p = run(asyncfix, ['app.py'], pkg)
        err = p.stderr.strip()
        if p.returncode != 2 or 'pyproject.toml' not in err or 'unsafe-fixes' not in err or '\n' in err:
            fail('a bad value must give exit 2 and one line naming file and key', p)

        # an explicit --config that does not exist
        p = run(asyncfix, ['--config', 'nowhere.toml', 'app.py'], pkg)
        if p.returncode != 2 or 'nowhere.toml' not in p.stderr:
            fail('a missing --config file must give exit 2', p)
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
