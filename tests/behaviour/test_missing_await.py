"""AF201: a coroutine called without `await` never runs, so its line is never
printed and Python warns "was never awaited"; after the rewrite the line is
printed and the warning is gone. The same for a coroutine function imported
from another module of the package (found through the project index)."""
import os
import shutil
import subprocess
import sys
import tempfile

from support import PYTHON, compare, fail, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio


async def save(record):
    await asyncio.sleep(0)
    print("saved", record)


async def main():
    print("start")
    save("alpha")
    print("end")


asyncio.run(main())
'''

DB = '''\
import asyncio


async def store(key):
    await asyncio.sleep(0)
    print("stored", key)
'''

APP = '''\
import asyncio

from . import db
from .db import store


async def main():
    store("k1")
    db.store("k2")
    print("app done")


asyncio.run(main())
'''


def run_package(root):
    """Runs `python -m app.main` with the package under root; returns (stdout, stderr)."""
    env = dict(os.environ)
    env.pop('PYTHONPATH', None)
    env['PYTHONWARNINGS'] = 'default'
    p = subprocess.run([PYTHON, '-m', 'app.main'], cwd=root, capture_output=True, text=True,
                       env=env, timeout=60)
    if p.returncode != 0:
        fail('package run exited %d:\n%s' % (p.returncode, p.stderr))
    return p.stdout, p.stderr


def single_file(asyncfix):
    fixed, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, fixed)
    if '    await save("alpha")\n' not in fixed:
        fail('expected `await save("alpha")`:\n' + fixed)
    before, before_err, _ = run_program(PROGRAM)
    after, after_err, _ = run_program(fixed)
    if 'saved alpha' in before or 'was never awaited' not in before_err:
        fail('the original should skip the line and warn:\n%s\n%s' % (before, before_err))
    if 'was never awaited' in after_err:
        fail('the rewrite still warns:\n' + after_err)
    compare(after.splitlines(), ['start', 'saved alpha', 'end'], 'lines printed after the rewrite')
    compare(before.splitlines(), ['start', 'end'], 'lines printed before the rewrite')


def package(asyncfix):
    with tempfile.TemporaryDirectory() as tmp:
        orig = os.path.join(tmp, 'orig')
        pkg = os.path.join(orig, 'app')
        os.makedirs(pkg)
        for name, text in (('__init__.py', ''), ('db.py', DB), ('main.py', APP)):
            with open(os.path.join(pkg, name), 'w') as f:
                f.write(text)
        fixed_root = os.path.join(tmp, 'fixed')
        shutil.copytree(orig, fixed_root)
        # only main.py is given: db.py is read for the index because it sits in the same package
        p = subprocess.run([asyncfix, '--write', '--no-color', os.path.join(fixed_root, 'app', 'main.py')],
                           capture_output=True, text=True)
        if p.returncode == 2:
            fail('asyncfix failed: ' + p.stderr)
        with open(os.path.join(fixed_root, 'app', 'main.py')) as f:
            fixed = f.read()
        require_changed(APP, fixed)
        if 'await store("k1")' not in fixed or 'await db.store("k2")' not in fixed:
            fail('expected both calls awaited:\n' + fixed)
        before, before_err = run_package(orig)
        after, after_err = run_package(fixed_root)
        if 'stored' in before or before_err.count('was never awaited') != 2:
            fail('the original package should skip both lines and warn twice:\n%s\n%s' % (before, before_err))
        if 'was never awaited' in after_err:
            fail('the rewritten package still warns:\n' + after_err)
        compare(after.splitlines(), ['stored k1', 'stored k2', 'app done'], 'package output after the rewrite')


def main():
    asyncfix = sys.argv[1]
    single_file(asyncfix)
    package(asyncfix)
    print('ok: the forgotten coroutines run after the rewrite and the warnings are gone')


if __name__ == '__main__':
    main()
