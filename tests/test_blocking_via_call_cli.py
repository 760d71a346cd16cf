#!/usr/bin/env python3
"""AF106 as users see it (the golden cases pin positions and bytes): the chain
as related locations in every output format, each refusal of the migration
named in the message, the migration all files or none (--diff shows one
change, --write leaves every file of it alone when one cannot be written,
--branch commits it as one commit), the config keys and --explain.

usage: test_blocking_via_call_cli.py ASYNCFIX
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden', 'AF106')
failures = []

API = '''import requests


def fetch_json(url):
    return requests.get(url, timeout=20).json()


def get_weather(city):
    return fetch_json("https://api.example.org/" + city)
'''

BOT = '''from api import get_weather


async def on_message(city):
    return get_weather(city)
'''

MIGRATE = ['--unsafe-fixes', '--migrate-helpers', '--select', 'AF1,AF5']


def check(name, ok, detail=''):
    print(('ok - ' if ok else 'FAIL - ') + name + ('' if ok else '\n    ' + str(detail).replace('\n', '\n    ')))
    if not ok:
        failures.append(name)


def run(asyncfix, args, cwd):
    return subprocess.run([asyncfix, '--no-color', *args], cwd=cwd, capture_output=True, text=True)


def project(files):
    d = tempfile.mkdtemp()
    for name, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
        with open(os.path.join(d, name), 'w') as f:
            f.write(text)
    return d


def read(d, name):
    with open(os.path.join(d, name)) as f:
        return f.read()


def test_related_locations(asyncfix):
    d = project({'api.py': API, 'bot.py': BOT})
    steps = [('api.py', 9, 12, '`get_weather` calls `fetch_json()`'),
             ('api.py', 5, 12, '`fetch_json` calls `requests.get()`, which blocks (AF102)')]
    p = run(asyncfix, ['.'], d)
    notes = [l.strip() for l in p.stdout.splitlines() if '= note:' in l]
    check('text: a note line per step, in order',
          notes == ['= note: %s:%d:%d: %s' % s for s in steps], p.stdout)
    check('text: the message names the chain and where it ends',
          'get_weather \u2192 fetch_json \u2192 requests.get (api.py:5)' in p.stdout, p.stdout)
    data = json.loads(run(asyncfix, ['--format', 'json', '.'], d).stdout)
    rel = data[0]['related'] if data else None
    check('json: the chain as a structured list',
          rel == [{'path': a, 'line': b, 'column': c, 'text': t} for a, b, c, t in steps], rel)
    sarif = json.loads(run(asyncfix, ['--format', 'sarif', '.'], d).stdout)
    res = sarif['runs'][0]['results'][0]
    locs = [(r['physicalLocation']['artifactLocation']['uri'], r['physicalLocation']['region']['startLine'],
             r['message']['text']) for r in res.get('relatedLocations', [])]
    check('sarif: relatedLocations with their messages', locs == [(a, b, t) for a, b, _, t in steps], res)
    gh = run(asyncfix, ['--format', 'github', '.'], d).stdout
    check('github: the steps in the message, one a line',
          '%0A  api.py:9:12: `get_weather` calls `fetch_json()`%0A  api.py:5:12:' in gh, gh)
    shutil.rmtree(d)


REFUSALS = {
    'refused_used_as_a_value': 'it is used as a value',
    'refused_in_a_class_the_project_subclasses': 'its class is subclassed (input.py:12)',
    'refused_in_a_class_with_a_base_it_may_override': 'its class has a base whose method it may override',
    'refused_decorated': 'it is decorated (input.py:6)',
    'refused_named_in_all': "its module's __all__ names it",
    'refused_called_from_a_file_not_checked': 'is not being checked (input/scripts/release.py:3)',
    'refused_called_in_a_comprehension': 'it is called in a comprehension',
    'refused_method_called_on_an_object_of_unknown_type': 'called on an object of unknown type (input/jobs.py:2)',
    'refused_when_a_call_says_noqa': "a caller's `# noqa`",
    'helper_reached_from_sync_and_async_code_refused_thread_fix_offered': 'it is called from sync code (input/cli.py:5)',
    'migration_vetoed_by_a_call_only_pass_2_sees': 'a file of its migration cannot take its part',
    'refused_special_method_constructor': 'it is a special method (input.py:5)',
    'refused_when_a_caller_file_skips_asyncfix': "a file's `asyncfix: skip-file` keeps asyncfix out (input/legacy.py:6)",
}


def test_refusals_named(asyncfix):
    for name, clause in sorted(REFUSALS.items()):
        case = os.path.join(GOLDEN, name)
        tmp = tempfile.mkdtemp()
        target = 'input' if os.path.isdir(os.path.join(case, 'input')) else 'input.py'
        if target == 'input':
            shutil.copytree(os.path.join(case, 'input'), os.path.join(tmp, 'input'))
        else:
            shutil.copy(os.path.join(case, 'input.py'), tmp)
        with open(os.path.join(case, 'args')) as f:
            args = f.read().split()
        data = json.loads(run(asyncfix, ['--format', 'json', *args, target], tmp).stdout)
        msgs = [f['message'] for f in data if f['code'] == 'AF106']
        ok = msgs and all('not made async: ' in m and clause in m for m in msgs) and \
            all(f['fix'] and 'worker thread' in f['fix']['message'] for f in data)
        check('%s: the refusal is named and Fix A offered' % name, ok, msgs)
        shutil.rmtree(tmp)


def test_unreadable_file_refuses(asyncfix):
    # a file that pass 1 cannot cut into lines (a bracket left open) and that names the helper
    d = project({'api.py': 'import time\n\n\ndef settle():\n    time.sleep(1)\n',
                 'bot.py': 'from api import settle\n\n\nasync def main():\n    settle()\n',
                 'broken.py': 'from api import settle\n\nsettle(\n'})
    data = json.loads(run(asyncfix, ['--format', 'json', *MIGRATE, '.'], d).stdout)
    msgs = [f['message'] for f in data if f['code'] == 'AF106']
    check('a file that names the helper and cannot be read refuses the migration',
          msgs and all('not made async: a file that mentions it cannot be read (broken.py:1)' in m for m in msgs), msgs)
    shutil.rmtree(d)


def test_all_files_or_none(asyncfix):
    d = project({'api.py': API, 'bot.py': BOT})
    p = run(asyncfix, ['--diff', *MIGRATE, '.'], d)
    check('--diff: one change over both files',
          p.returncode == 1 and '+async def get_weather(city):' in p.stdout and
          '+    return await get_weather(city)' in p.stdout, p.stdout + p.stderr)
    os.chmod(os.path.join(d, 'api.py'), stat.S_IRUSR | stat.S_IRGRP)
    p = run(asyncfix, ['--write', *MIGRATE, '.'], d)
    os.chmod(os.path.join(d, 'api.py'), stat.S_IRUSR | stat.S_IWUSR)
    check('--write: a file that cannot be written leaves the migration out of every file',
          read(d, 'api.py') == API and 'await get_weather' not in read(d, 'bot.py') and
          'api.py: cannot write: the file is read-only' in p.stderr, p.stderr + read(d, 'bot.py'))
    check('--write: the call gets the thread fix instead',
          'await asyncio.to_thread(get_weather, city)' in read(d, 'bot.py'), read(d, 'bot.py'))
    shutil.rmtree(d)


def test_branch_one_commit(asyncfix):
    d = project({'api.py': API, 'bot.py': BOT})
    git = ['git', '-c', 'user.name=T', '-c', 'user.email=t@example.org']
    subprocess.run(['git', 'init', '-q'], cwd=d, check=True)
    subprocess.run(git + ['add', '.'], cwd=d, check=True)
    subprocess.run(git + ['commit', '-qm', 'base'], cwd=d, check=True)
    p = subprocess.run([asyncfix, '--branch', 'fixes', '--author', 'T <t@example.org>', *MIGRATE], cwd=d,
                       capture_output=True, text=True)
    files = subprocess.run(['git', 'show', '--name-only', '--format=', 'fixes'], cwd=d, capture_output=True,
                           text=True).stdout.split()
    bot = subprocess.run(['git', 'show', 'fixes:bot.py'], cwd=d, capture_output=True, text=True).stdout
    api = subprocess.run(['git', 'show', 'fixes:api.py'], cwd=d, capture_output=True, text=True).stdout
    check('--branch: the migration is one commit over both files (pass 1 reads the base commit)',
          p.returncode in (0, 1) and sorted(files) == ['api.py', 'bot.py'] and 'await get_weather' in bot and
          'async def get_weather' in api, p.stdout + p.stderr + str(files))
    shutil.rmtree(d)


def test_config_keys_and_explain(asyncfix):
    d = project({'api.py': API, 'bot.py': BOT, 'pyproject.toml':
                 '[tool.asyncfix]\nmigrate-helpers = true\nunsafe-fixes = true\n'
                 'assume-non-blocking = ["api.fetch_json"]\n'})
    p = run(asyncfix, ['.'], d)
    check('config: assume-non-blocking cuts the chain', 'All checks passed!' in p.stdout, p.stdout)
    with open(os.path.join(d, 'pyproject.toml'), 'w') as f:
        f.write('[tool.asyncfix]\nmigrate-helpers = true\nunsafe-fixes = true\n')
    p = run(asyncfix, ['--diff', '--select', 'AF106', '.'], d)
    check('config: migrate-helpers turns Fix B on', '+async def get_weather' in p.stdout, p.stdout + p.stderr)
    e = run(asyncfix, ['--explain', 'AF106'], d).stdout
    for needle in ('What it does', 'Why it is bad', '\u2192', 'Fix A', 'Fix B', 'Left alone', 'assume-non-blocking',
                   'migrate-helpers'):
        check('--explain AF106 says %r' % needle, needle in e, e[:200])
    shutil.rmtree(d)


def main():
    asyncfix = os.path.abspath(sys.argv[1])
    test_related_locations(asyncfix)
    test_refusals_named(asyncfix)
    test_unreadable_file_refuses(asyncfix)
    test_all_files_or_none(asyncfix)
    test_branch_one_commit(asyncfix)
    test_config_keys_and_explain(asyncfix)
    print('%d failed' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
