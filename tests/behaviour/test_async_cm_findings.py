"""AF401-AF404: what asyncfix reports on the golden inputs, not only what it
writes. A near miss must report nothing, a case "reported, no fix" findings
without a fix only; the golden runner alone cannot tell them apart
(both leave the file as it is). A finding without a fix says why, each
reason its own (REASONS); EXPECTED pins how many there are."""
import json
import os
import shlex
import subprocess
import sys

from support import fail

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'golden')

# case -> [(code, line, applicability or None for no fix)]
EXPECTED = {
    'AF401/aiofiles_open_with_becomes_async_with': [('AF401', 5, 'safe')],
    'AF401/aiofiles_tempfile_and_timeout_and_taskgroup': [('AF401', 7, 'safe'), ('AF401', 8, 'safe'),
                                                          ('AF401', 9, 'safe')],
    'AF401/aiosqlite_execute_cursor': [('AF401', 6, 'safe')],
    'AF401/already_async_with_left_alone': [],
    'AF401/anyio_open_file_gets_await': [('AF401', 5, 'safe')],
    'AF401/chained_session_get': [('AF401', 5, 'safe')],
    'AF401/asyncio_lock_instance_by_constructor': [('AF401', 8, 'safe'), ('AF401', 10, 'safe')],
    'AF401/extended_factory_from_option': [('AF401', 5, 'safe')],
    'AF401/httpx_client_stream': [('AF401', 6, 'safe')],
    'AF401/local_name_shadows_import_left_alone': [],
    'AF401/mixed_items_reported_not_fixed': [('AF401', 5, None)],
    'AF401/session_method_response': [('AF401', 6, 'safe')],
    'AF401/several_async_items_and_aliased_import': [('AF401', 7, 'safe')],
    'AF401/sync_cm_same_name_other_module_left_alone': [],
    'AF401/sync_def_and_nested_def_reported_no_fix': [('AF401', 5, None), ('AF401', 11, None)],
    'AF401/own_async_context_managers_of_this_file': [('AF401', 43, 'safe'), ('AF401', 45, 'safe'),
                                                      ('AF401', 53, None)],
    'AF402/aiosqlite_connect_seed_query': [('AF402', 5, 'safe')],
    'AF402/aliased_import_and_taskgroup': [('AF402', 6, 'safe'), ('AF402', 8, 'safe')],
    'AF402/asyncpg_pool_acquire_not_entered': [('AF402', 6, 'safe')],
    'AF402/noqa_comment_left_alone': [],
    'AF402/already_async_with_left_alone': [],
    'AF402/captured_by_lambda_reported_no_fix': [('AF402', 5, None)],
    'AF402/enter_async_context_left_alone': [],
    'AF402/entered_later_left_alone': [],
    'AF402/entered_by_hand_with_aenter_left_alone': [],
    'AF402/factory_function_returning_it_left_alone': [],
    'AF402/passed_to_function_reported_no_fix': [('AF402', 5, None)],
    'AF402/same_line_statements_reported_no_fix': [('AF402', 5, None)],
    'AF402/stored_on_self_reported_no_fix': [('AF402', 6, None)],
    'AF402/sync_connect_same_name_left_alone': [],
    'AF402/used_after_enclosing_block_reported_no_fix': [('AF402', 6, None)],
    'AF402/used_where_an_exception_is_expected_reported_no_fix': [('AF402', 7, None), ('AF402', 12, None),
                                                                  ('AF402', 16, None), ('AF402', 24, None)],
    'AF403/aiohttp_session_never_closed_unsafe_fix': [('AF403', 5, 'unsafe')],
    'AF403/anyio_open_file_keeps_await': [('AF403', 5, 'unsafe')],
    'AF403/class_attribute_closed_in_aclose_left_alone': [],
    'AF403/closed_in_finally_left_alone': [],
    'AF403/closed_on_one_path_left_alone': [],
    'AF403/entered_later_left_alone': [],
    'AF403/closed_through_aexit_left_alone': [],
    'AF403/never_used_reported_no_fix': [('AF403', 5, None)],
    'AF403/returned_session_factory_left_alone': [],
    'AF403/unsafe_fix_not_applied_without_flag': [('AF403', 5, 'unsafe')],
    'AF404/sync_context_managers_entered_with_async_with_reported_no_fix': [
        ('AF404', 24, None), ('AF404', 26, None), ('AF404', 28, None), ('AF404', 28, None), ('AF404', 30, None),
        ('AF404', 32, None), ('AF404', 32, None)],
    'AF404/async_context_managers_and_other_names_left_alone': [],
}

# case -> the reason a finding without a fix gives, as its message says it
REASONS = {
    'AF402/captured_by_lambda_reported_no_fix': '(no fix: a nested def, lambda or generator expression uses it',
    'AF402/passed_to_function_reported_no_fix': '(no fix: it is passed to a function',
    'AF402/same_line_statements_reported_no_fix': '(no fix: a statement to move shares a line with another',
    'AF402/stored_on_self_reported_no_fix': '(no fix: it is stored or used as a value',
    'AF402/used_after_enclosing_block_reported_no_fix': '(no fix: it is used after the block its statement is in',
    'AF402/used_where_an_exception_is_expected_reported_no_fix': '(no fix: it is used where an exception is expected',
    'AF403/never_used_reported_no_fix': '(no fix: no statement after it uses it)',
}


def report(asyncfix, case):
    folder = os.path.join(GOLDEN, case)
    args = []
    if os.path.exists(os.path.join(folder, 'args')):
        with open(os.path.join(folder, 'args')) as f:
            args = shlex.split(f.read())
    p = subprocess.run([asyncfix, '--format', 'json', '--select', 'AF4', *args,
                        os.path.join(folder, 'input.py')], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail('%s: asyncfix exited %d: %s' % (case, p.returncode, p.stderr))
    return json.loads(p.stdout or '[]')


def findings(asyncfix, case):
    return sorted((f['code'], f['line'], f['fix'] and f['fix']['applicability'])
                  for f in report(asyncfix, case))


def main():
    asyncfix = sys.argv[1]
    bad = []
    for case, want in sorted(EXPECTED.items()):
        if not os.path.isdir(os.path.join(GOLDEN, case)):
            fail('missing golden case ' + case)
        got = findings(asyncfix, case)
        if got != sorted(want):
            bad.append('%s:\n  got:      %s\n  expected: %s' % (case, got, sorted(want)))
    for case, reason in sorted(REASONS.items()):
        messages = [f['message'] for f in report(asyncfix, case) if not f['fix']]
        if not messages or any(reason not in m for m in messages):
            bad.append('%s: expected each finding without a fix to say %r, got %s' % (case, reason, messages))
    if bad:
        fail('findings differ\n' + '\n'.join(bad))
    print('ok: %d cases report what they should, %d with their reason' % (len(EXPECTED), len(REASONS)))


if __name__ == '__main__':
    main()
