#!/usr/bin/env python3
"""AF103-AF105 findings as reported (the golden cases check bytes only):
Popen and os.popen are reported without a fix and name the framework's
process API, a taken `asyncio` name gives a finding without a fix, and the
near misses of the golden folders give no finding at all.

usage: test_blocking_calls_cli.py ASYNCFIX
"""
import json
import os
import subprocess
import sys

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden')


def findings(asyncfix, path, *args):
    p = subprocess.run([asyncfix, '--format', 'json', '--no-color', *args, path],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail('%s: exit %d: %s' % (path, p.returncode, p.stderr))
    return json.loads(p.stdout or '[]')


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def case(code, name):
    return os.path.join(GOLDEN, code, name, 'input.py')


def expect_report_only(asyncfix, path, code, needles):
    got = findings(asyncfix, path)
    if len(got) != len(needles):
        fail('%s: expected %d findings, got %r' % (path, len(needles), got))
    for f, needle in zip(got, needles):
        if f['code'] != code or f['fix'] is not None or needle not in f['message']:
            fail('%s: expected a %s finding without a fix naming %r, got %r' % (path, code, needle, f))


def main():
    asyncfix = os.path.abspath(sys.argv[1])
    expect_report_only(asyncfix, case('AF103', 'popen_reported_not_fixed'), 'AF103',
                       ['asyncio.create_subprocess_exec'])
    expect_report_only(asyncfix, case('AF103', 'os_popen_reported_not_fixed'), 'AF103',
                       ['asyncio.create_subprocess_shell'])
    expect_report_only(asyncfix, case('AF103', 'asyncio_name_taken_reported_only'), 'AF103',
                       ['subprocess.run()'])
    expect_report_only(asyncfix, case('AF103', 'os_spawn_other_modes_reported_as_process_creation'), 'AF103',
                       ['os.waitpid()'] * 3 + ['its mode is not known'])

    # every near miss (a case whose expected.py equals its input.py) reports nothing,
    # except the report-only cases above
    report_only = {'popen_reported_not_fixed', 'os_popen_reported_not_fixed',
                   'asyncio_name_taken_reported_only', 'noqa_left_alone',
                   'generator_expression_reported_not_fixed',
                   'os_spawn_other_modes_reported_as_process_creation'}
    checked = 0
    for code in ('AF103', 'AF104', 'AF105'):
        for name in sorted(os.listdir(os.path.join(GOLDEN, code))):
            inp, exp = case(code, name), os.path.join(GOLDEN, code, name, 'expected.py')
            if name in report_only or not os.path.exists(inp):
                continue
            if open(inp, 'rb').read() != open(exp, 'rb').read():
                continue
            got = findings(asyncfix, inp)
            if got:
                fail('%s/%s is a near miss but was reported: %r' % (code, name, got))
            checked += 1
    if checked < 10:
        fail('only %d near-miss cases found' % checked)

    # a fixable finding carries a safe fix whose message names the strategy
    got = findings(asyncfix, case('AF103', 'subprocess_run_in_async_def'))
    if len(got) != 1 or got[0]['fix'] is None or got[0]['fix']['applicability'] != 'safe' or \
            'asyncio.to_thread' not in got[0]['fix']['message']:
        fail('expected one safe to_thread fix, got %r' % got)
    got = findings(asyncfix, case('AF104', 'trio_module'))
    if len(got) != 1 or 'trio.to_thread.run_sync' not in got[0]['fix']['message']:
        fail('expected the trio fix message, got %r' % got)
    print('ok: %d near misses silent, report-only findings carry no fix' % checked)
    return 0


if __name__ == '__main__':
    sys.exit(main())
