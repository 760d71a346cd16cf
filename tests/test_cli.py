#!/usr/bin/python3
"""The command-line contract of asyncfix (see DESIGN.md, "Command line").

Run as `/usr/bin/python3 tests/test_cli.py ASYNCFIX`. Prints one line per
check ("ok" or "FAIL"), exits 1 when any check failed. AF101 (time.sleep in an
async def) is the rule every check leans on.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

if len(sys.argv) != 2:
    sys.exit("usage: test_cli.py ASYNCFIX")

ASYNCFIX = os.path.abspath(sys.argv[1])
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(SOURCE_ROOT, "examples")
PYTHON = "/usr/bin/python3"

SLEEPY = b"import time\n\n\nasync def main():\n    time.sleep(1)\n"
SLEEPY_FIXED = b"import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n"
CLEAN = b"import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n"
SYNTAX_ERROR = b"import time\n\n\nasync def main(:\n    time.sleep(1)\n"

failures = []
checks = 0


def check(name, cond, detail=""):
    global checks
    checks += 1
    if cond:
        print("ok   " + name)
    else:
        failures.append(name)
        print("FAIL " + name)
        if detail:
            for line in str(detail).rstrip("\n").split("\n")[:40]:
                print("     | " + line)
    return cond


def note(text):
    print("note " + text)


def run(args, cwd, stdin=None, user=None, env=None):
    cmd = [ASYNCFIX] + list(args)
    if user:
        cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user, "--clear-groups", "--"] + cmd
    env = dict(os.environ, NO_COLOR="1", **(env or {}))
    return subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120)


def show(p):
    return "exit %d\n--- stdout\n%s\n--- stderr\n%s" % (
        p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


def write(folder, rel, data, mode=None):
    path = os.path.join(folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(path, mode)
    return path


def read(folder, rel):
    with open(os.path.join(folder, rel), "rb") as f:
        return f.read()


def tree(folder):
    """{relative path: bytes} of every file under folder, .git left out."""
    out = {}
    for d, dirs, files in os.walk(folder):
        dirs[:] = [x for x in dirs if x != ".git"]
        for name in files:
            p = os.path.join(d, name)
            if not os.path.islink(p):
                out[os.path.relpath(p, folder)] = read(folder, os.path.relpath(p, folder))
    return out


def stderr_lines(p):
    return [l for l in p.stderr.decode("utf-8", "replace").split("\n") if l]


def json_paths(p):
    try:
        return sorted({f["path"] for f in json.loads(p.stdout)})
    except ValueError:
        return None


def applies(diff, folder):
    """(git apply --check ok, patch -p1 --dry-run ok, details)"""
    g = subprocess.run(["git", "apply", "--check", "-"], cwd=folder, input=diff, capture_output=True)
    pt = subprocess.run(["patch", "-p1", "--dry-run", "--batch"], cwd=folder, input=diff,
                        capture_output=True)
    return g.returncode == 0, pt.returncode == 0, (g.stderr + pt.stdout + pt.stderr).decode("utf-8", "replace")


def temp():
    return tempfile.mkdtemp(prefix="asyncfix-cli-")


# ---------------------------------------------------------------------------


def test_exit_codes():
    d = temp()
    write(d, "sleepy.py", SLEEPY)
    write(d, "clean.py", CLEAN)
    write(d, "broken.py", SYNTAX_ERROR)
    p = run(["clean.py"], d)
    check("check: nothing found exits 0", p.returncode == 0, show(p))
    p = run(["sleepy.py"], d)
    check("check: a finding exits 1", p.returncode == 1, show(p))
    check("check: text finding is path:line:col: AF101 [*] message",
          re.search(rb"^sleepy\.py:5:5: AF101 \[\*\] \S", p.stdout, re.M) is not None, show(p))
    check("check: the source line is shown under the finding",
          b"time.sleep(1)" in p.stdout.split(b"AF101", 1)[-1], show(p))
    check("check: changes nothing", read(d, "sleepy.py") == SLEEPY)
    p = run(["--diff", "clean.py"], d)
    check("--diff: empty diff exits 0 and prints no diff", p.returncode == 0 and p.stdout == b"", show(p))
    p = run(["--diff", "sleepy.py"], d)
    check("--diff: non-empty diff exits 1", p.returncode == 1 and p.stdout.startswith(b"diff --git a/sleepy.py b/sleepy.py\n"), show(p))
    check("--diff: changes nothing", read(d, "sleepy.py") == SLEEPY)
    p = run(["--write", "clean.py"], d)
    check("--write: nothing to fix exits 0", p.returncode == 0, show(p))
    p = run(["--write", "sleepy.py"], d)
    check("--write: everything fixed exits 0", p.returncode == 0, show(p))
    check("--write: the file holds the fix", read(d, "sleepy.py") == SLEEPY_FIXED, read(d, "sleepy.py"))
    p = run(["--write", "broken.py"], d)
    check("--write: findings remain (AF001) exits 1", p.returncode == 1, show(p))
    write(d, "sub/twice.py", SLEEPY)
    p = run(["--diff", "sub/twice.py", "./sub/twice.py", "sub//twice.py", "sub/./twice.py", "./sub/"], d)
    check("one file named several ways (./x, x//y, x/./y, its folder) is diffed once",
          p.returncode == 1 and p.stdout.count(b"diff --git") == 1, show(p))
    p = run(["--write", "sub/twice.py", "./sub/twice.py"], d)
    check("one file named twice is written once, exit 0",
          p.returncode == 0 and read(d, "sub/twice.py") == SLEEPY_FIXED, show(p))
    p = run(["--jobs", "0", "sleepy.py"], d)
    check("usage error (-j 0) exits 2", p.returncode == 2, show(p))
    p = run(["--format", "xml", "sleepy.py"], d)
    check("usage error (--format xml) exits 2", p.returncode == 2, show(p))
    shutil.rmtree(d)


def test_select_ignore():
    d = temp()
    write(d, "s.py", SLEEPY)
    cases = [
        ([], 1),
        (["--select", "AF101"], 1),
        (["--select", "AF1"], 1),
        (["--select", "AF"], 1),
        (["--select", "AF2"], 0),
        (["--select", "AF102,AF2"], 0),
        (["--select", "AF2,AF101"], 1),
        (["--ignore", "AF101"], 0),
        (["--ignore", "AF1"], 0),
        (["--select", "AF1", "--ignore", "AF101"], 0),     # the ignore is more specific
        (["--select", "AF101", "--ignore", "AF1"], 1),     # the select is more specific
        (["--select", "AF", "--ignore", "AF1"], 0),
        (["--ignore", "AF", "--select", "AF10"], 1),
    ]
    for args, want in cases:
        p = run(args + ["s.py"], d)
        found = b"AF101" in p.stdout
        check("%s: exit %d%s" % (" ".join(args) or "(no selection)", want, ", AF101 reported" if want else ", nothing reported"),
              p.returncode == want and found == bool(want), show(p))
    p = run(["--diff", "--ignore", "AF101", "s.py"], d)
    check("--diff --ignore AF101: no diff", p.returncode == 0 and p.stdout == b"", show(p))
    p = run(["--write", "--select", "AF2", "s.py"], d)
    check("--write --select AF2: AF101 fix not applied", read(d, "s.py") == SLEEPY, show(p))
    write(d, "broken.py", SYNTAX_ERROR)
    p = run(["--ignore", "AF001", "broken.py"], d)
    check("--ignore AF001 silences the syntax error", p.returncode == 0 and b"AF001" not in p.stdout, show(p))
    p = run(["--select", "XY1", "s.py"], d)
    check("--select with an unknown code exits 2", p.returncode == 2, show(p))
    # a code that names no rule is a usage error that names the nearest real code, never a silent pass
    for option, code, near in (("--select", "AF1O1", "AF101"), ("--select", "AF101x", "AF101"),
                               ("--select", "AF0", "AF001"), ("--ignore", "af101", "AF101"),
                               ("--select", "AF999", None), ("--ignore", "AF999", None)):
        p = run([option, code, "s.py"], d)
        err = p.stderr.decode()
        check("%s %s: usage error (exit 2, one line naming it%s)" % (option, code, ", suggests " + near if near else ""),
              p.returncode == 2 and p.stdout == b"" and len(stderr_lines(p)) == 1 and "'%s'" % code in err
              and (near is None or "did you mean %s?" % near in err), show(p))
    p = run(["--select", "AF001", "broken.py"], d)
    check("--select AF001 (a rule's own code) is accepted", p.returncode == 1 and b"AF001" in p.stdout, show(p))
    write(d, "pyproject.toml", b'[tool.asyncfix]\nignore = ["AF1O1"]\n')
    p = run(["s.py"], d)
    check("an unknown code in [tool.asyncfix] is a usage error too",
          p.returncode == 2 and b"AF1O1" in p.stderr and b"AF101" in p.stderr, show(p))
    os.remove(os.path.join(d, "pyproject.toml"))
    shutil.rmtree(d)


def test_option_combinations():
    d = temp()
    write(d, "s.py", SLEEPY)
    for args, names in ((["--diff", "--write"], ("--diff", "--write")),
                        (["--fix", "--diff"], ("--diff", "--write")),
                        (["--commit"], ("--commit", "--write")),
                        (["--commit", "--diff"], ("--commit", "--write")),
                        (["--base", "HEAD"], ("--base", "--branch")),
                        (["--base", "HEAD", "--write"], ("--base", "--branch")),
                        (["--force"], ("--force", "--force-branch")),
                        (["--force-branch"], ("--force-branch", "--branch")),
                        (["--allow-dirty", "--write"], ("--allow-dirty", "--commit")),
                        (["--message", "m"], ("--message", "--commit")),
                        (["--write", "--commit", "--branch", "b"], ("--commit", "--branch")),
                        (["--stdin-filename", "x.py", "--branch", "b"], ("--stdin-filename", "--branch"))):
        p = run(args + ["s.py"], d)
        err = p.stderr.decode()
        check("%s: usage error naming %s" % (" ".join(args), " and ".join(names)),
              p.returncode == 2 and len(stderr_lines(p)) == 1 and all(n in err for n in names)
              and read(d, "s.py") == SLEEPY, show(p))
    # every spelling accepted before stays accepted; ruff's spellings too
    p = run(["--diff", "--diff", "s.py"], d)
    check("--diff twice is one mode", p.returncode == 1 and p.stdout.startswith(b"diff --git"), show(p))
    p = run(["--output-format", "json", "s.py"], d)
    q = run(["--format=json", "s.py"], d)
    check("--output-format json is --format json", p.returncode == 1 and p.stdout == q.stdout
          and json.loads(p.stdout)[0]["code"] == "AF101", show(p))
    p = run(["--exit-zero", "s.py"], d)
    check("--exit-zero: findings remain, exit 0", p.returncode == 0 and b"AF101" in p.stdout, show(p))
    p = run(["--exit-zero", "--diff", "s.py"], d)
    check("--exit-zero --diff: a diff, exit 0", p.returncode == 0 and p.stdout.startswith(b"diff --git"), show(p))
    p = run(["--exit-zero", "s.py", "missing.py"], d)
    check("--exit-zero: an error still exits 2", p.returncode == 2, show(p))
    write(d, "cfg.toml", b'[tool.asyncfix]\nselect = ["AF2"]\n')
    p = run(["--config=cfg.toml", "s.py"], d)
    check("--config=FILE is read", p.returncode == 0 and b"AF101" not in p.stdout, show(p))
    p = run(["-j", "2", "--jobs=1", "-j1", "--fix", "s.py"], d)
    check("-j N, --jobs=N, -jN and --fix", p.returncode == 0 and read(d, "s.py") == SLEEPY_FIXED, show(p))
    shutil.rmtree(d)


def test_json():
    d = temp()
    # a non-ASCII string (3 code points, 4 bytes in UTF-8, one astral: 2 UTF-16 units) before the finding
    src = "import time\n\n\nasync def main():\n    s = 'é😀x'; time.sleep(1)\n".encode()
    write(d, "u.py", src)
    p = run(["--format", "json", "u.py"], d)
    check("--format json: exit 1 with a finding", p.returncode == 1, show(p))
    try:
        data = json.loads(p.stdout)
    except ValueError as e:
        check("--format json: output parses with json.loads", False, "%s\n%s" % (e, show(p)))
        return
    check("--format json: output parses with json.loads", True)
    check("json: an array of one finding", isinstance(data, list) and len(data) == 1, data)
    if not data:
        return
    f = data[0]
    keys = {"path", "code", "message", "line", "column", "end_line", "end_column", "related", "fix"}
    check("json: finding keys are the DESIGN's", set(f) == keys, sorted(f))
    check("json: a finding without a chain has an empty related list", f.get("related") == [], f)
    check("json: path, code, message", f.get("path") == "u.py" and f.get("code") == "AF101"
          and isinstance(f.get("message"), str) and f["message"], f)
    line = "    s = 'é😀x'; time.sleep(1)"
    col = line.index("time.sleep") + 1     # code points, 1-based
    check("json: line/column 1-based, column in code points (%d, not byte %d)" % (
          col, len(line[:col - 1].encode()) + 1),
          (f.get("line"), f.get("column")) == (5, col), f)
    check("json: end_line/end_column past the call", (f.get("end_line"), f.get("end_column")) ==
          (5, col + len("time.sleep(1)")), f)
    fix = f.get("fix")
    ok = isinstance(fix, dict) and fix.get("applicability") == "safe" and isinstance(fix.get("message"), str) \
        and isinstance(fix.get("edits"), list) and fix["edits"]
    check("json: fix has applicability safe, message, edits", ok, fix)
    if ok:
        ekeys = {"line", "column", "end_line", "end_column", "content"}
        check("json: every edit has line/column/end_line/end_column/content",
              all(set(e) == ekeys for e in fix["edits"]), fix["edits"])
        # applying the edits (code-point columns) must give what --write gives
        lines = src.decode().split("\n")

        def offset(l, c):
            return sum(len(x) + 1 for x in lines[:l - 1]) + c - 1
        text = src.decode()
        spans = sorted(((offset(e["line"], e["column"]), offset(e["end_line"], e["end_column"]), e["content"])
                        for e in fix["edits"]), key=lambda x: (x[0], x[1]))
        for start, end, content in reversed(spans):   # from the end, so offsets stay valid
            text = text[:start] + content + text[end:]
        w = run(["--write", "--stdin-filename", "u.py"], d, stdin=src)
        check("json: applying the fix's edits gives the --write result (import included)",
              text.encode() == w.stdout, "edits give:\n%s\n--write gives:\n%s" % (text, w.stdout.decode()))
    write(d, "clean.py", CLEAN)
    p = run(["--format", "json", "clean.py"], d)
    check("--format json: nothing found is [] and exit 0",
          p.returncode == 0 and json.loads(p.stdout or b"null") == [], show(p))
    write(d, "broken.py", SYNTAX_ERROR)
    p = run(["--format", "json", "broken.py"], d)
    data = json.loads(p.stdout or b"null")
    check("json: a syntax error is AF001 with fix null",
          p.returncode == 1 and len(data) == 1 and data[0]["code"] == "AF001" and data[0]["fix"] is None, show(p))
    shutil.rmtree(d)


def test_sarif_github():
    d = temp()
    write(d, "pkg/s.py", SLEEPY)
    p = run(["--format", "sarif", "pkg/s.py"], d)
    try:
        data = json.loads(p.stdout)
        ok = True
    except ValueError as e:
        data, ok = None, False
    check("--format sarif: valid JSON", ok, show(p))
    if ok:
        check("sarif: version 2.1.0 and a $schema", data.get("version") == "2.1.0" and "sarif" in data.get("$schema", ""), data)
        run0 = (data.get("runs") or [{}])[0]
        check("sarif: tool.driver.name is asyncfix with the rules",
              run0.get("tool", {}).get("driver", {}).get("name") == "asyncfix"
              and any(r.get("id") == "AF101" for r in run0["tool"]["driver"].get("rules", [])), run0.get("tool"))
        res = run0.get("results", [])
        ok = len(res) == 1 and res[0].get("ruleId") == "AF101"
        check("sarif: one result AF101", ok, res)
        if ok:
            loc = res[0]["locations"][0]["physicalLocation"]
            check("sarif: location pkg/s.py line 5 column 5",
                  loc["artifactLocation"]["uri"] == "pkg/s.py" and loc["region"]["startLine"] == 5
                  and loc["region"]["startColumn"] == 5, loc)
    check("--format sarif: exit 1 with a finding", p.returncode == 1, show(p))
    p = run(["--format", "github", "pkg/s.py"], d)
    out = p.stdout.decode()
    lines = [l for l in out.split("\n") if l]
    m = re.match(r"^::(warning|error|notice) (\S.*)::(.+)$", lines[0]) if len(lines) == 1 else None
    ok = m is not None
    if ok:
        props = dict(kv.split("=", 1) for kv in m.group(2).split(","))
        ok = props.get("file") == "pkg/s.py" and props.get("line") == "5" and props.get("col") == "5" \
            and "AF101" in m.group(3)
    check("--format github: one ::warning line with file=,line=,col= and the code", ok and p.returncode == 1, show(p))
    shutil.rmtree(d)


def test_stdin():
    d = temp()
    p = run(["--stdin-filename", "app/x.py"], d, stdin=SLEEPY)
    check("--stdin-filename check: finding under the given name, exit 1",
          p.returncode == 1 and re.search(rb"^app/x\.py:5:5: AF101", p.stdout, re.M) is not None, show(p))
    p = run(["--stdin-filename", "app/x.py"], d, stdin=CLEAN)
    check("--stdin-filename check: clean input exits 0", p.returncode == 0, show(p))
    p = run(["--diff", "--stdin-filename", "app/x.py"], d, stdin=SLEEPY)
    check("--stdin-filename --diff: a diff of app/x.py, exit 1",
          p.returncode == 1 and b"--- a/app/x.py\n+++ b/app/x.py\n" in p.stdout, show(p))
    write(d, "app/x.py", SLEEPY)
    g, pt, why = applies(p.stdout, d)
    check("--stdin-filename --diff: accepted by git apply and patch", g and pt, why)
    p = run(["--write", "--stdin-filename", "app/x.py"], d, stdin=SLEEPY)
    check("--stdin-filename --write: prints the fixed source, exit 0",
          p.returncode == 0 and p.stdout == SLEEPY_FIXED, show(p))
    check("--stdin-filename --write: leaves the named file alone", read(d, "app/x.py") == SLEEPY)
    p = run(["--write", "--stdin-filename", "app/x.py"], d, stdin=CLEAN)
    check("--stdin-filename --write: clean input printed unchanged", p.returncode == 0 and p.stdout == CLEAN, show(p))
    p = run(["--write", "--stdin-filename", "app/x.py"], d, stdin=b"async def f():\n    pass\n\xff\n")
    check("--stdin-filename: invalid UTF-8 exits 2 with one line naming the file, nothing on stdout",
          p.returncode == 2 and len([l for l in stderr_lines(p) if "app/x.py" in l]) == 1
          and "UTF-8" in p.stderr.decode() and p.stdout == b"", show(p))
    shutil.rmtree(d)


def test_jobs():
    d = temp()
    # names whose creation order is not their sorted order, in nested folders
    names = []
    for i in range(80):
        k = (i * 37) % 80
        rel = "p%d/m%02d.py" % (k % 3, k) if k % 2 else "m%02d.py" % k
        src = SLEEPY if k % 3 else CLEAN
        if k % 5 == 0:
            src = src + b"\n\nasync def other():\n    time.sleep(2)\n"
        write(d, rel, src)
        names.append(rel)
    outs = {}
    for j in ("1", "4"):
        for mode in (["--format", "text"], ["--format", "json"], ["--diff"]):
            outs[(j, mode[-1])] = run(["-j" + j, "-q"] + mode + ["."], d)
    for mode in ("text", "json", "--diff"):
        a, b = outs[("1", mode)], outs[("4", mode)]
        check("-j1 and -j4 give identical %s output over %d files" % (mode, len(names)),
              a.stdout == b.stdout and a.returncode == b.returncode and a.stdout, show(a) + "\n" + show(b))
    data = json.loads(outs[("1", "json")].stdout or b"[]")
    paths = [f["path"] for f in data]
    check("output is sorted by path", paths == sorted(paths) and len(set(paths)) > 40, paths[:10])
    diffs = re.findall(rb"^diff --git a/(\S+) ", outs[("4", "--diff")].stdout, re.M)
    check("-j4 diff is sorted by path", diffs == sorted(diffs) and len(diffs) == len(set(paths)), diffs[:10])
    shutil.rmtree(d)


def test_info_commands():
    d = temp()
    p = run(["--list-rules"], d)
    check("--list-rules: exit 0, lists AF101 blocking-sleep",
          p.returncode == 0 and re.search(rb"^AF101\s+blocking-sleep\s+\S", p.stdout, re.M) is not None, show(p))
    lines = [l for l in p.stdout.split(b"\n") if l]
    check("--list-rules: one line per rule, ordered by code",
          [l.split()[0] for l in lines] == sorted(l.split()[0] for l in lines), show(p))
    p = run(["--explain", "AF101"], d)
    check("--explain AF101: exit 0, explains with asyncio.sleep",
          p.returncode == 0 and b"asyncio.sleep" in p.stdout and b"time.sleep" in p.stdout, show(p))
    p = run(["--explain", "blocking-sleep"], d)
    check("--explain by rule name works too", p.returncode == 0 and b"asyncio.sleep" in p.stdout, show(p))
    p = run(["--explain", "AF999"], d)
    check("--explain AF999: exit 2, one line on stderr naming it",
          p.returncode == 2 and len(stderr_lines(p)) == 1 and b"AF999" in p.stderr and p.stdout == b"", show(p))
    p = run(["--version"], d)
    check("--version: exit 0, 'asyncfix X.Y.Z'",
          p.returncode == 0 and re.fullmatch(rb"asyncfix \d+\.\d+\.\d+\n", p.stdout) is not None, show(p))
    for flag in ("--help", "-h"):
        p = run([flag], d)
        check("%s: exit 0, usage with --diff, --write, --select" % flag,
              p.returncode == 0 and p.stdout.startswith(b"usage: asyncfix")
              and all(x in p.stdout for x in (b"--diff", b"--write", b"--select", b"--format")), show(p))
    p = run(["--no-such-option"], d)
    check("unknown option: exit 2, one line on stderr naming it, nothing on stdout",
          p.returncode == 2 and len(stderr_lines(p)) == 1 and b"--no-such-option" in p.stderr
          and p.stdout == b"", show(p))
    p = run(["-Z"], d)
    check("unknown short option: exit 2, one line", p.returncode == 2 and len(stderr_lines(p)) == 1, show(p))
    p = run(["--select"], d)
    check("option without its value: exit 2, one line", p.returncode == 2 and len(stderr_lines(p)) == 1, show(p))
    shutil.rmtree(d)


def test_bad_input():
    d = temp()
    write(d, "a_good.py", SLEEPY)
    write(d, "b_utf8.py", b"import time\n\n\nasync def main():\n    time.sleep(1)  # caf\xe9\n")
    write(d, "c_nul.py", b"import time\n\n\nasync def main():\n    time.sleep(1)\n\x00\n")
    write(d, "d_locked.py", SLEEPY, mode=0o000)
    write(d, "z_good.py", SLEEPY)
    p = run(["--write", "a_good.py", "b_utf8.py", "c_nul.py", "no_such.py", "z_good.py"], d)
    check("bad input: exit 2", p.returncode == 2, show(p))
    errs = stderr_lines(p)
    for name in ("b_utf8.py", "c_nul.py", "no_such.py"):
        mine = [l for l in errs if name in l]
        check("bad input: one line on stderr naming %s" % name, len(mine) == 1, show(p))
    check("bad input: stderr names the problem (UTF-8, NUL, missing)",
          any("UTF-8" in l for l in errs) and any("NUL" in l for l in errs)
          and any("no_such.py" in l and ("No such file" in l or "not found" in l or "does not exist" in l) for l in errs), errs)
    check("bad input: the good files are still fixed",
          read(d, "a_good.py") == SLEEPY_FIXED and read(d, "z_good.py") == SLEEPY_FIXED)
    check("bad input: the bad files are untouched",
          read(d, "b_utf8.py").endswith(b"caf\xe9\n") and read(d, "c_nul.py").endswith(b"\x00\n"))
    write(d, "a_good.py", SLEEPY)
    write(d, "z_good.py", SLEEPY)
    p = run(["."], d)
    check("bad input in a folder: check still reports the good files, exit 2",
          p.returncode == 2 and b"a_good.py:5:5: AF101" in p.stdout and b"z_good.py:5:5: AF101" in p.stdout
          and len(stderr_lines(p)) == 2, show(p))

    # an unreadable file: root reads it anyway, so drop to an unprivileged user when we are root
    if os.geteuid() == 0:
        p = run(["d_locked.py"], d)
        note("as root, a chmod 000 file is read anyway (exit %d): root bypasses permission bits" % p.returncode)
        check("as root: a chmod 000 file is processed like any other", p.returncode == 1 and b"AF101" in p.stdout, show(p))
        if shutil.which("setpriv"):
            os.chmod(d, 0o777)
            for name in ("a_good.py", "z_good.py"):
                os.chmod(os.path.join(d, name), 0o666)
            p = run(["--write", "a_good.py", "d_locked.py", "z_good.py"], d, user=65534)   # nobody
        else:
            p = None
            note("setpriv missing: the unreadable-file check as an unprivileged user is skipped")
    else:
        p = run(["--write", "a_good.py", "d_locked.py", "z_good.py"], d)
    if p is not None:
        errs = stderr_lines(p)
        check("unreadable file (as an unprivileged user): exit 2, one line naming it",
              p.returncode == 2 and len([l for l in errs if "d_locked.py" in l]) == 1, show(p))
        check("unreadable file: the message says why (permission)",
              any("d_locked.py" in l and "ermission" in l for l in errs), errs)
        check("unreadable file: the other files are fixed",
              read(d, "a_good.py") == SLEEPY_FIXED and read(d, "z_good.py") == SLEEPY_FIXED)
    os.chmod(os.path.join(d, "d_locked.py"), 0o644)
    shutil.rmtree(d)


def test_special_files():
    """FIFOs and devices are one error line each, never a hang; configs are bounded"""
    d = temp()
    write(d, "a_good.py", SLEEPY)
    write(d, "z_good.py", SLEEPY)
    os.mkfifo(os.path.join(d, "pipe.py"))
    for mode in ([], ["--diff"], ["--write"]):
        write(d, "a_good.py", SLEEPY)
        write(d, "z_good.py", SLEEPY)
        try:
            p = run(mode + ["a_good.py", "pipe.py", "/dev/zero", "z_good.py"], d)
        except subprocess.TimeoutExpired:
            check("a FIFO and a device on the command line %s: no hang" % " ".join(mode), False)
            continue
        errs = stderr_lines(p)
        name = " ".join(mode) or "check"
        check("%s: a FIFO and a device named on the command line: exit 2, one line each" % name,
              p.returncode == 2 and len([l for l in errs if "pipe.py" in l]) == 1
              and len([l for l in errs if "/dev/zero" in l]) == 1
              and any("named pipe" in l for l in errs) and any("device" in l for l in errs), show(p))
        if mode == []:
            check("check: the other files are reported",
                  b"a_good.py:5:5: AF101" in p.stdout and b"z_good.py:5:5: AF101" in p.stdout, show(p))
        elif mode == ["--write"]:
            check("--write: the other files are fixed",
                  read(d, "a_good.py") == SLEEPY_FIXED and read(d, "z_good.py") == SLEEPY_FIXED, show(p))
        else:
            check("--diff: the other files are in the diff",
                  b"+++ b/a_good.py" in p.stdout and b"+++ b/z_good.py" in p.stdout, show(p))
    write(d, "a_good.py", SLEEPY)
    for cfg, what in (("pipe.py", "named pipe"), ("/dev/zero", "device"), (".", "folder")):
        try:
            p = run(["--config", cfg, "a_good.py"], d)
        except subprocess.TimeoutExpired:
            check("--config %s: no hang" % cfg, False)
            continue
        errs = stderr_lines(p)
        check("--config %s: one error line naming it, exit 2, nothing checked" % cfg,
              p.returncode == 2 and len(errs) == 1 and cfg in errs[0] and what in errs[0]
              and b"AF101" not in p.stdout, show(p))
    p = run(["--config", "/dev/null", "-q", "a_good.py"], d)
    check("--config /dev/null: an empty configuration", p.returncode == 1 and b"AF101" in p.stdout, show(p))
    # a configuration file is bounded in size
    with open(os.path.join(d, "huge.toml"), "wb") as f:
        f.write(b"[tool.asyncfix]\n" + b"#" * (5 << 20) + b"\n")
    p = run(["--config", "huge.toml", "a_good.py"], d)
    check("--config of 5 MB: refused as too large, one line",
          p.returncode == 2 and len(stderr_lines(p)) == 1 and b"too large" in p.stderr, show(p))
    # a pyproject.toml that is a FIFO on the way up is not a configuration
    os.mkfifo(os.path.join(d, "pyproject.toml"))
    try:
        p = run(["-q", "a_good.py"], d)
        check("a FIFO named pyproject.toml: ignored, no hang", p.returncode == 1 and b"AF101" in p.stdout, show(p))
    except subprocess.TimeoutExpired:
        check("a FIFO named pyproject.toml: no hang", False)
    # an ignore file libgit2 would block on (a FIFO .gitignore): an error line, never a hang
    g = os.path.join(d, "repo")
    write(g, "a.py", SLEEPY)
    write(g, "pkg/sub/b.py", SLEEPY)
    subprocess.run(["git", "init", "-q", g], check=True)
    os.mkfifo(os.path.join(g, "pkg", ".gitignore"))
    for args in (["."], ["pkg/sub"]):
        try:
            p = run(["-q"] + args, g)
            errs = stderr_lines(p)
            check("a FIFO .gitignore (walking %s): one error line naming it, exit 2" % args[0],
                  p.returncode == 2 and len(errs) == 1 and "pkg/.gitignore" in errs[0] and "named pipe" in errs[0],
                  show(p))
        except subprocess.TimeoutExpired:
            check("a FIFO .gitignore (walking %s): no hang" % args[0], False)
    # a FIFO inside a folder is not a Python file to discover; standard input of NULs stops early
    p = subprocess.run([ASYNCFIX, "--stdin-filename", "x.py"], stdin=open("/dev/zero", "rb"),
                       capture_output=True, timeout=60)
    check("--stdin-filename fed /dev/zero: one error line, exit 2, no endless read",
          p.returncode == 2 and len(stderr_lines(p)) == 1, show(p))
    shutil.rmtree(d)


def test_nesting_held_to_cpython():
    """nesting CPython refuses is AF001 before the parser runs; a TOML file nested that deep is a config error"""
    d = temp()
    deep = SLEEPY + b"x = " + b"(" * 201 + b"0" + b")" * 201 + b"\n"
    ok = SLEEPY + b"x = " + b"(" * 200 + b"0" + b")" * 200 + b"\n"
    crash = b"async def f():\n    x = " + b"[" * 65527 + b"\n"
    indent = b"async def f():\n" + b"".join(b" " * i + b"if x:\n" for i in range(1, 100)) + b" " * 100 + b"pass\n"
    write(d, "a_deep.py", deep)
    write(d, "b_ok.py", ok)
    write(d, "c_crash.py", crash)
    write(d, "d_indent.py", indent)
    write(d, "z_good.py", SLEEPY)
    p = run(["--no-color", "."], d)
    out = p.stdout.decode("utf-8", "replace")
    check("201 nested parentheses: AF001 at the 201st, as CPython reports it",
          "a_deep.py:6:205: AF001 too many nested parentheses (Python allows 200)" in out, show(p))
    check("201 nested parentheses: no other finding in that file", "a_deep.py:5:5" not in out, show(p))
    check("200 nested parentheses: the file is checked like any other",
          "b_ok.py:5:5: AF101" in out and "b_ok.py:6" not in out, show(p))
    check("65,527 open brackets: AF001, and every other file reported",
          "c_crash.py:2:209: AF001" in out and "z_good.py:5:5: AF101" in out and p.returncode == 1, show(p))
    check("100 levels of indentation: AF001 (CPython allows 99)",
          "d_indent.py:101:101: AF001 too many levels of indentation" in out, show(p))
    for name, data in (("a_deep.py", deep), ("b_ok.py", ok), ("c_crash.py", crash), ("d_indent.py", indent)):
        rc = subprocess.run([PYTHON, "-c", "import sys; compile(open(sys.argv[1],'rb').read(), 'x', 'exec')",
                             os.path.join(d, name)], capture_output=True).returncode
        check("%s: CPython agrees (%s)" % (name, "accepts" if rc == 0 else "rejects"),
              (rc == 0) == (name == "b_ok.py"))
    p = run(["--write", "."], d)
    check("--write: the deep files are untouched, the others fixed",
          read(d, "a_deep.py") == deep and read(d, "c_crash.py") == crash and read(d, "d_indent.py") == indent
          and read(d, "z_good.py") == SLEEPY_FIXED and read(d, "b_ok.py").startswith(SLEEPY_FIXED), show(p))
    p = run(["--stdin-filename", "x.py"], d, stdin=crash)
    check("--stdin-filename with 65,527 open brackets: AF001, exit 1",
          p.returncode == 1 and b"AF001 too many nested parentheses" in p.stdout, show(p))
    # a fix that would nest one level too deep is dropped by the verification
    edge = b"import time\n\n\nasync def main():\n    y = " + b"(" * 199 + b"time.sleep(1).bit_length()" + \
        b")" * 199 + b"\n"
    write(d, "edge.py", edge)
    p = run(["--write", "edge.py"], d)
    check("a fix reaching 201 nested parentheses: not applied, an internal-error line naming the rule",
          p.returncode == 2 and read(d, "edge.py") == edge
          and b"AF101 produced code that Python rejects (too many nested parentheses" in p.stderr, show(p))
    os.unlink(os.path.join(d, "edge.py"))

    # pyproject.toml nested too deep: an error line when it is asyncfix's configuration
    write(d, "z_good.py", SLEEPY)
    toml = b"[tool.asyncfix]\nselect = [\"AF1\"]\nx = " + b"[" * 65527 + b"\n"
    write(d, "cfg/pyproject.toml", toml)
    p = run(["--config", "cfg/pyproject.toml", "z_good.py"], d)
    errs = stderr_lines(p)
    check("--config nested 65,527 deep: one line, exit 2",
          p.returncode == 2 and len(errs) == 1 and "pyproject.toml:3: invalid TOML" in errs[0]
          and "200" in errs[0], show(p))
    sub = os.path.join(d, "cfg", "pkg")
    write(sub, "m.py", SLEEPY)
    p = run(["-q", "m.py"], sub)
    check("the nearest pyproject.toml nested too deep with [tool.asyncfix]: an error line, exit 2",
          p.returncode == 2 and len(stderr_lines(p)) == 1, show(p))
    write(d, "cfg/pyproject.toml", b"[project]\nname = \"x\"\nx = " + b"{a = " * 300 + b"\n")
    p = run(["-q", "m.py"], sub)
    check("a pyproject.toml nested too deep without asyncfix in it, on the way up: not a configuration",
          p.returncode == 1 and b"AF101" in p.stdout and not p.stderr, show(p))
    shutil.rmtree(d)


def test_crash_costs_one_file():
    """a crash on one file (the test build's hook) costs that file only, in check, --diff and --write"""
    d = temp()
    names = ["m%02d.py" % i for i in range(24)]

    def reset():
        for n in names + ["crash_me.py"]:
            write(d, n, SLEEPY)

    for stage, kind, jobs in (("engine", "segv", "1"), ("engine", "segv", "2"), ("engine", "abort", "2"),
                              ("engine", "overflow", "2"), ("index", "segv", "2")):
        env = {"ASYNCFIX_TEST_CRASH": stage + ":crash_me", "ASYNCFIX_TEST_CRASH_KIND": kind}
        what = "%s %s -j%s" % (stage, kind, jobs)
        reset()
        p = run(["-j" + jobs, "--format", "json", "."], d, env=env)
        errs = stderr_lines(p)
        check("%s check: every other file reported, exit 2" % what,
              p.returncode == 2 and json_paths(p) == names, show(p))
        check("%s check: one internal-error line naming the file and the signal" % what,
              len(errs) == 1 and errs[0].startswith("asyncfix: crash_me.py: internal error: asyncfix crashed")
              and "signal" in errs[0], show(p))
        p = run(["-j" + jobs, "--diff", "."], d, env=env)
        diffed = sorted(re.findall(rb"^\+\+\+ b/(\S+)", p.stdout, re.M))
        check("%s --diff: a diff for every other file, none for the crashing one" % what,
              p.returncode == 2 and diffed == [n.encode() for n in names], show(p))
        p = run(["-j" + jobs, "--write", "."], d, env=env)
        check("%s --write: every other file fixed, the crashing one untouched, exit 2" % what,
              p.returncode == 2 and all(read(d, n) == SLEEPY_FIXED for n in names)
              and read(d, "crash_me.py") == SLEEPY, show(p))
    # a package's other module, read only by the project index, crashes: named too
    pkg = os.path.join(d, "pkg")
    write(pkg, "__init__.py", b"")
    write(pkg, "crash_me.py", b"async def helper():\n    return 1\n")
    write(pkg, "app.py", SLEEPY)
    p = run(["-q", "pkg/app.py"], d, env={"ASYNCFIX_TEST_CRASH": "index:crash_me"})
    errs = stderr_lines(p)
    check("a crash on a module only the index reads: one line naming it, the file given is checked, exit 2",
          p.returncode == 2 and b"pkg/app.py:5:5: AF101" in p.stdout and len(errs) == 1
          and "pkg/crash_me.py: internal error" in errs[0], show(p))
    shutil.rmtree(pkg)
    # two files crash: the run starts again twice, both are named
    reset()
    write(d, "crash_me_too.py", SLEEPY)
    p = run(["-j2", "--write", "."], d, env={"ASYNCFIX_TEST_CRASH": "engine:crash_me"})
    errs = [l for l in stderr_lines(p) if "internal error" in l]
    check("two crashing files: both named once, all others fixed",
          p.returncode == 2 and len(errs) == 2 and all(read(d, n) == SLEEPY_FIXED for n in names)
          and read(d, "crash_me_too.py") == SLEEPY, show(p))
    os.unlink(os.path.join(d, "crash_me_too.py"))
    # what discovery printed before the crash is printed once
    reset()
    p = run(["-q", ".", "missing.py"], d, env={"ASYNCFIX_TEST_CRASH": "engine:crash_me"})
    check("a discovery error before the crash is printed once",
          len([l for l in stderr_lines(p) if "missing.py" in l]) == 1, show(p))
    # standard input cannot be read twice: one line, exit 2, nothing on stdout
    p = run(["--stdin-filename", "crash_me.py", "--write"], d, stdin=SLEEPY, env={"ASYNCFIX_TEST_CRASH": "engine:crash_me"})
    check("--stdin-filename: a crash is one internal-error line, exit 2, nothing written",
          p.returncode == 2 and p.stdout == b"" and len(stderr_lines(p)) == 1
          and b"internal error" in p.stderr, show(p))
    # fix commits: the commit holds every other file
    reset()
    subprocess.run(["git", "init", "-q", "."], cwd=d, check=True)
    subprocess.run(["git", "add", "."], cwd=d, check=True)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-qm", "x"],
                   cwd=d, check=True)
    def locks():
        return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(os.path.join(d, ".git"))
                      for f in fs if f.endswith(".lock"))

    # the branch's lock (and the folder it made for crash/) is taken before the files are processed:
    # the restart removes it and takes it again
    p = run(["--branch", "crash/fixes", "--author", "T <t@example.invalid>"], d,
            env={"ASYNCFIX_TEST_CRASH": "engine:crash_me"})
    changed = subprocess.run(["git", "diff", "--name-only", "HEAD", "crash/fixes"], cwd=d, capture_output=True).stdout
    check("--branch: the commit fixes every other file, exit 2, no lock left",
          p.returncode == 2 and changed.decode().split() == names and locks() == [], show(p))
    p = run(["--write", "--commit", "--author", "T <t@example.invalid>"], d,
            env={"ASYNCFIX_TEST_CRASH": "engine:crash_me"})
    changed = subprocess.run(["git", "show", "--name-only", "--format=", "HEAD"], cwd=d, capture_output=True).stdout
    check("--write --commit: the commit holds every other file, the crashing one untouched, no lock left",
          p.returncode == 2 and changed.decode().split() == names and read(d, "crash_me.py") == SLEEPY
          and locks() == [], show(p))
    fsck = subprocess.run(["git", "fsck", "--no-progress"], cwd=d, capture_output=True)
    check("git fsck after the restarted fix commits", fsck.returncode == 0, fsck.stderr)
    shutil.rmtree(d)


def test_syntax_error():
    d = temp()
    write(d, "broken.py", SYNTAX_ERROR)
    p = run(["broken.py"], d)
    check("syntax error: AF001 reported, exit 1",
          p.returncode == 1 and re.search(rb"^broken\.py:\d+:\d+: AF001 ", p.stdout, re.M) is not None, show(p))
    check("syntax error: no AF101 (no rule runs on a broken file)", b"AF101" not in p.stdout, show(p))
    check("syntax error: AF001 has no [*]", b"AF001 [*]" not in p.stdout, show(p))
    st = os.stat(os.path.join(d, "broken.py"))
    p = run(["--write", "broken.py"], d)
    st2 = os.stat(os.path.join(d, "broken.py"))
    check("syntax error: --write leaves the file untouched",
          read(d, "broken.py") == SYNTAX_ERROR and st.st_ino == st2.st_ino and st.st_mtime_ns == st2.st_mtime_ns, show(p))
    p = run(["--diff", "broken.py"], d)
    check("syntax error: --diff prints nothing", p.stdout == b"", show(p))
    shutil.rmtree(d)


def test_suppression():
    d = temp()
    write(d, "noqa.py", b"import time\n\n\nasync def main():\n"
                        b"    time.sleep(1)  # noqa\n"
                        b"    time.sleep(2)  # noqa: AF101\n"
                        b"    time.sleep(3)  # noqa: AF999\n"
                        b"    time.sleep(4)\n")
    p = run(["--format", "json", "noqa.py"], d)
    lines = sorted(f["line"] for f in json.loads(p.stdout or b"[]"))
    check("# noqa and # noqa: AF101 suppress; # noqa: AF999 does not", lines == [7, 8], show(p))
    p = run(["--write", "noqa.py"], d)
    got = read(d, "noqa.py")
    check("--write leaves # noqa lines alone and fixes the others",
          b"    time.sleep(1)  # noqa\n" in got and b"    time.sleep(2)  # noqa: AF101\n" in got
          and b"await asyncio.sleep(3)  # noqa: AF999\n" in got and b"await asyncio.sleep(4)\n" in got, got)
    skip = b"# asyncfix: skip-file\n" + SLEEPY
    write(d, "skip.py", skip)
    p = run(["skip.py"], d)
    check("# asyncfix: skip-file: nothing reported, exit 0", p.returncode == 0 and b"AF101" not in p.stdout, show(p))
    p = run(["--write", "skip.py"], d)
    check("# asyncfix: skip-file: --write changes nothing", read(d, "skip.py") == skip, show(p))
    shutil.rmtree(d)


def test_discovery():
    d = temp()
    root = os.path.join(d, "repo")
    os.makedirs(root)
    subprocess.run(["git", "init", "-q", root], check=True)
    files = ["ok.py", "stub.pyi", "pkg/mod.py", "ignored.py", "gen/out.py", "pkg/deep/ignored_too.py",
             ".venv/lib/x.py", "venv/x.py", "build/x.py", "node_modules/x.py", "__pycache__/x.py",
             "pkg/__pycache__/x.py", "vendor/x.py", "pkg/vendor/y.py", "notes.txt"]
    for rel in files:
        write(root, rel, SLEEPY)
    write(root, ".gitignore", b"ignored.py\ngen/\nignored_too.py\n")
    write(d, "outside/o.py", SLEEPY)
    os.symlink(os.path.join(d, "outside", "o.py"), os.path.join(root, "link.py"))
    os.symlink(os.path.join(d, "outside"), os.path.join(root, "linkdir"))
    os.symlink("ok.py", os.path.join(root, "pkg", "inner_link.py"))

    p = run(["--format", "json", "-q"], root)
    want = ["ok.py", "pkg/mod.py", "pkg/vendor/y.py", "vendor/x.py"]
    check("discovery (default path .): .gitignore and default excludes honoured, symlinks not followed",
          json_paths(p) == want, "%s\n%s" % (json_paths(p), show(p)))
    p = run(["--format", "json", "-q", "."], root)
    check("discovery: '.' as a path gives the same files", json_paths(p) == want, json_paths(p))
    p = run(["--format", "json", "-q", "--exclude", "vendor", "."], root)
    check("--exclude vendor drops both vendor folders", json_paths(p) == ["ok.py", "pkg/mod.py"], json_paths(p))
    p = run(["--format", "json", "-q", "--exclude", "pkg/*", "."], root)
    check("--exclude 'pkg/*' drops what is under pkg", json_paths(p) == ["ok.py", "vendor/x.py"], json_paths(p))
    p = run(["--format", "json", "-q", "--exclude", "m*.py", "."], root)
    check("--exclude 'm*.py' matches file names", json_paths(p) == ["ok.py", "pkg/vendor/y.py", "vendor/x.py"], json_paths(p))
    p = run(["--format", "json", "-q", "pkg"], root)
    check("discovery of a sub-folder keeps the repository's .gitignore",
          json_paths(p) == ["pkg/mod.py", "pkg/vendor/y.py"], json_paths(p))
    p = run(["--format", "json", "-q", "--exclude", "build", "build/x.py", "ignored.py", "gen/out.py"], root)
    check("explicit files are taken even when ignored or excluded",
          json_paths(p) == ["build/x.py", "gen/out.py", "ignored.py"], "%s\n%s" % (json_paths(p), show(p)))
    p = run(["--format", "json", "-q", "link.py"], root)
    check("an explicit symbolic link is taken", json_paths(p) == ["link.py"], show(p))
    p = run(["--write", "."], root)
    check("--write over the folder fixes only discovered files",
          read(root, "ok.py") == SLEEPY_FIXED and read(root, "ignored.py") == SLEEPY
          and read(root, "build/x.py") == SLEEPY and read(d, "outside/o.py") == SLEEPY
          and os.path.islink(os.path.join(root, "link.py")), show(p))
    # a work tree whose .git is a file naming the repository elsewhere (git init --separate-git-dir,
    # a linked worktree, a submodule): its .gitignore is honoured, also from a sub-folder
    linked = os.path.join(d, "linked")
    subprocess.run(["git", "init", "-q", "--separate-git-dir", os.path.join(d, "linked.git"), linked], check=True)
    write(linked, "sub/a.py", SLEEPY)
    write(linked, "sub/b.py", SLEEPY)
    write(linked, ".gitignore", b"b.py\n")
    for where, args in ((linked, ["."]), (os.path.join(linked, "sub"), ["."]), (linked, ["sub"])):
        p = run(["--format", "json", "-q"] + args, where)
        want_linked = ["sub/a.py"] if where == linked else ["a.py"]
        check("a work tree with a .git file (%s from %s): .gitignore honoured" % (args[0], os.path.relpath(where, d)),
              json_paths(p) == want_linked, "%s\n%s" % (json_paths(p), show(p)))
    # outside a git work tree, .gitignore means nothing
    plain = os.path.join(d, "plain")
    write(plain, "a.py", SLEEPY)
    write(plain, "b.py", SLEEPY)
    write(plain, ".gitignore", b"b.py\n")
    write(plain, "node_modules/c.py", SLEEPY)
    p = run(["--format", "json", "-q", "."], plain)
    check("outside a git work tree: .gitignore not read, default excludes kept",
          json_paths(p) == ["a.py", "b.py"], json_paths(p))
    shutil.rmtree(d)


RUFF_DEFAULT_EXCLUDES = [".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
                         ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
                         ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "dist",
                         "node_modules", "site-packages", "venv"]


def test_discovery_excludes():
    """one default-exclude list (ruff's, .local, __pycache__, build), extend-exclude, force-exclude, --show-files"""
    d = temp()
    # (.git is left out: a folder holding .git is a nested repository, skipped for that reason)
    for x in [x for x in RUFF_DEFAULT_EXCLUDES if x != ".git"] + [".local", "__pycache__", "build"]:
        write(d, "pkg/%s/m.py" % x, SLEEPY)
    write(d, ".local/lib/python3.10/site-packages/aiohttp/client.py", SLEEPY)
    write(d, "app.py", SLEEPY)
    write(d, "pkg/mod.py", SLEEPY)
    write(d, "gen/out.py", SLEEPY)
    p = run(["--show-files"], d)
    check("--show-files: every default-exclude folder skipped, one file per line, exit 0",
          p.returncode == 0 and p.stdout == b"app.py\ngen/out.py\npkg/mod.py\n", show(p))
    p = run(["--format", "json", "-q"], d)
    check("--show-files lists what a check run checks", json_paths(p) == ["app.py", "gen/out.py", "pkg/mod.py"],
          json_paths(p))
    p = run(["--show-files", "--exclude", "gen", "--extend-exclude", "pkg/mod.py"], d)
    check("--exclude and --extend-exclude both add to the defaults", p.stdout == b"app.py\n", show(p))
    write(d, "pyproject.toml", b'[tool.asyncfix]\nexclude = ["gen"]\nextend-exclude = ["app.py"]\n')
    p = run(["--show-files"], d)
    check("exclude and extend-exclude in [tool.asyncfix]", p.stdout == b"pkg/mod.py\n", show(p))
    os.unlink(os.path.join(d, "pyproject.toml"))

    # a file named on the command line is taken, unless force-exclude
    named = ["pkg/.venv/m.py", "pkg/dist/m.py", "gen/out.py", "app.py"]
    p = run(["--show-files", "--exclude", "gen"] + named, d)
    check("files named on the command line are taken even when excluded",
          p.stdout == b"app.py\ngen/out.py\npkg/.venv/m.py\npkg/dist/m.py\n", show(p))
    p = run(["--show-files", "--exclude", "gen", "--force-exclude"] + named, d)
    check("--force-exclude: the excludes apply to named files (and the folders on their way)",
          p.stdout == b"app.py\n", show(p))
    p = run(["--show-files", "--force-exclude", os.path.join(d, "pkg", ".venv", "m.py"), os.path.join(d, "app.py")], d)
    check("--force-exclude: an absolute path is looked at below the current folder only",
          p.stdout.decode().split() == [os.path.join(d, "app.py")], show(p))
    write(d, "pyproject.toml", b'[tool.asyncfix]\nforce-exclude = true\n')
    p = run(["--show-files"] + named, d)
    check("force-exclude = true in [tool.asyncfix]", p.stdout == b"app.py\ngen/out.py\n", show(p))
    p = run(["--show-files", "--no-force-exclude"] + named, d)
    check("--no-force-exclude wins over the configuration", p.stdout.count(b"\n") == 4, show(p))
    os.unlink(os.path.join(d, "pyproject.toml"))
    p = run(["--write", "pkg/dist/m.py"], d)
    check("--write of a file named in an excluded folder fixes it", read(d, "pkg/dist/m.py") == SLEEPY_FIXED, show(p))

    # invalid globs are errors, wherever they come from
    for args in (["--exclude", "["], ["--extend-exclude", "a[b"], ["--exclude", "x\\"]):
        p = run(args + ["app.py"], d)
        check("%s: an invalid glob is an error line, exit 2, nothing checked" % " ".join(args),
              p.returncode == 2 and len(stderr_lines(p)) == 1 and b"invalid" in p.stderr and not p.stdout, show(p))
    write(d, "pyproject.toml", b'[tool.asyncfix]\nexclude = ["[abc"]\n')
    p = run(["app.py"], d)
    check("exclude = [\"[abc\"] in the configuration: an error line, exit 2",
          p.returncode == 2 and b"unclosed character class" in p.stderr, show(p))
    os.unlink(os.path.join(d, "pyproject.toml"))
    p = run(["--exclude", "[!]]x", "--show-files", "app.py"], d)
    check("a class holding ] is a valid glob", p.returncode == 0, show(p))

    # a missing path: its error, exit 2, and never "All checks passed!"
    write(d, "clean.py", CLEAN)
    p = run(["clean.py", "missing.py"], d)
    check("a missing path: error line, exit 2, no 'All checks passed!'",
          p.returncode == 2 and b"missing.py" in p.stderr and b"All checks passed" not in p.stdout, show(p))
    p = run(["clean.py"], d)
    check("every path checked and clean: 'All checks passed!'", p.returncode == 0 and b"All checks passed!" in p.stdout,
          show(p))
    shutil.rmtree(d)


def test_unwalkable_folders():
    """a folder that cannot be walked is an error line and exit 2 (as nobody: root reads everything)"""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        note("setpriv missing: the permission checks are skipped")
        return
    d = temp()
    os.chmod(d, 0o755)
    write(d, "ok.py", CLEAN)
    write(d, "noexec/a.py", SLEEPY)
    write(d, "noread/b.py", SLEEPY)
    os.chmod(os.path.join(d, "noexec"), 0o644)   # listable, not searchable
    os.chmod(os.path.join(d, "noread"), 0o311)   # searchable, not listable
    user = 65534 if os.geteuid() == 0 else None
    try:
        for mode in ([], ["--diff"], ["--write"]):
            p = run(mode + ["."], d, user=user)
            errs = stderr_lines(p)
            name = " ".join(mode) or "check"
            check("%s: a folder without execute permission: one error line naming it, exit 2" % name,
                  p.returncode == 2 and len([l for l in errs if "noexec" in l]) == 1, show(p))
            check("%s: a folder without read permission: one error line naming it" % name,
                  len([l for l in errs if "noread" in l]) == 1, show(p))
            check("%s: never 'All checks passed!'" % name, b"All checks passed" not in p.stdout, show(p))
        p = run(["--show-files", "."], d, user=user)
        check("--show-files: the folders that cannot be walked are errors too, exit 2",
              p.returncode == 2 and p.stdout == b"ok.py\n" and len(stderr_lines(p)) == 2, show(p))
    finally:
        os.chmod(os.path.join(d, "noexec"), 0o755)
        os.chmod(os.path.join(d, "noread"), 0o755)
        shutil.rmtree(d)


def make_corpus(d):
    """several files: plain, nested, CRLF, BOM, tabs, nothing to fix, an executable"""
    write(d, "app.py", SLEEPY)
    write(d, "pkg/__init__.py", b"")
    write(d, "pkg/worker.py", b'"""Worker."""\nfrom __future__ import annotations\n\nimport time as t\n\n\n'
                              b"async def work(n):\n    for i in range(n):\n        t.sleep(0.1)\n    return n\n")
    write(d, "pkg/crlf.py", b"import time\r\n\r\n\r\nasync def main():\r\n    time.sleep(1)\r\n    return 1\r\n")
    write(d, "pkg/bom.py", b"\xef\xbb\xbf# caf\xc3\xa9\nimport time\n\n\nasync def main():\n\ttime.sleep(1)\n")
    write(d, "pkg/fromimport.py", b"from time import sleep\n\n\nasync def main():\n    sleep(0.5)\n")
    write(d, "pkg/clean.py", CLEAN)
    write(d, "pkg/noasync.py", b"import time\n\ntime.sleep(1)\n")
    write(d, "tool.py", b"#!/usr/bin/python3\n" + SLEEPY, mode=0o755)


def test_diff_and_write():
    d = temp()
    src = os.path.join(d, "src")
    make_corpus(src)
    before = tree(src)
    p = run(["--diff", "."], src)
    diff = p.stdout
    check("--diff over a folder: exit 1, a diff per changed file",
          p.returncode == 1 and diff.count(b"diff --git ") == 6, show(p))
    check("--diff: a/ and b/ prefixes", b"--- a/pkg/worker.py\n+++ b/pkg/worker.py\n" in diff, show(p))
    check("--diff: changes nothing on disk", tree(src) == before)
    g, pt, why = applies(diff, src)
    check("--diff output accepted by git apply --check", g, why)
    check("--diff output accepted by patch -p1 --dry-run", pt, why)

    by_git = os.path.join(d, "by_git")
    by_patch = os.path.join(d, "by_patch")
    by_write = os.path.join(d, "by_write")
    for x in (by_git, by_patch, by_write):
        shutil.copytree(src, x, symlinks=True)
    subprocess.run(["git", "apply", "-"], cwd=by_git, input=diff, capture_output=True)
    subprocess.run(["patch", "-p1", "--batch", "--quiet"], cwd=by_patch, input=diff, capture_output=True)

    stats = {rel: os.stat(os.path.join(by_write, rel)) for rel in tree(by_write)}
    p = run(["--write", "."], by_write)
    check("--write over the folder: exit 0 (everything fixed)", p.returncode == 0, show(p))
    written = tree(by_write)
    check("git apply of the diff gives exactly the --write result", tree(by_git) == written,
          [k for k in written if tree(by_git).get(k) != written[k]])
    check("patch -p1 of the diff gives exactly the --write result", tree(by_patch) == written,
          [k for k in written if tree(by_patch).get(k) != written[k]])
    check("--write: the expected fix of app.py", written["app.py"] == SLEEPY_FIXED, written["app.py"])
    check("--write: import after from __future__ and imports, the alias left unused removed",
          written["pkg/worker.py"] == b'"""Worker."""\nfrom __future__ import annotations\n\n'
                                      b"import asyncio\n\n\nasync def work(n):\n    for i in range(n):\n"
                                      b"        await asyncio.sleep(0.1)\n    return n\n", written["pkg/worker.py"])
    check("--write: CRLF kept byte-exact outside the fix",
          written["pkg/crlf.py"] == b"import asyncio\r\n\r\n\r\nasync def main():\r\n"
                                    b"    await asyncio.sleep(1)\r\n    return 1\r\n", written["pkg/crlf.py"])
    check("--write: BOM, comment and tab kept byte-exact outside the fix",
          written["pkg/bom.py"] == b"\xef\xbb\xbf# caf\xc3\xa9\nimport asyncio\n\n\n"
                                   b"async def main():\n\tawait asyncio.sleep(1)\n", written["pkg/bom.py"])
    check("--write: `from time import sleep` resolved",
          written["pkg/fromimport.py"] == b"import asyncio\n\n\nasync def main():\n"
                                          b"    await asyncio.sleep(0.5)\n", written["pkg/fromimport.py"])
    for rel in ("pkg/clean.py", "pkg/noasync.py", "pkg/__init__.py"):
        st = os.stat(os.path.join(by_write, rel))
        check("--write: %s (nothing to fix) keeps its inode and mtime" % rel,
              written[rel] == before[rel] and st.st_ino == stats[rel].st_ino
              and st.st_mtime_ns == stats[rel].st_mtime_ns)
    st = os.stat(os.path.join(by_write, "tool.py"))
    check("--write: a fixed executable keeps mode 0755",
          stat.S_IMODE(st.st_mode) == 0o755 and written["tool.py"] != before["tool.py"], oct(st.st_mode))
    check("--write: no temporary files left behind",
          not [k for k in written if ".asyncfix" in k], sorted(written))
    p = run(["--diff", "."], by_write)
    check("--write then --diff prints nothing, exit 0", p.returncode == 0 and p.stdout == b"", show(p))
    p = run(["."], by_write)
    check("--write then check: exit 0", p.returncode == 0, show(p))
    again = tree(by_write)
    p = run(["--write", "."], by_write)
    check("a second --write changes nothing", tree(by_write) == again and p.returncode == 0, show(p))
    bad = [rel for rel in written if rel.endswith(".py") and subprocess.run(
        [PYTHON, "-c", "import ast,sys; ast.parse(open(sys.argv[1],'rb').read())", os.path.join(by_write, rel)],
        capture_output=True).returncode != 0]
    check("--write: every fixed file parses with Python", not bad, bad)
    shutil.rmtree(d)


def test_check_diff_write_agree():
    """Check mode reports what --diff and --write apply: AF503's output gathered by AF301 (issue 12)."""
    d = temp()
    src = (b"import os\n\n\nasync def unpack(path, extract):\n    os.mkdir(path)\n    n = await extract(path)\n"
           b"    return n\n\n\nasync def report(client, ids, path):\n    size = os.path.getsize(path)\n"
           b"    users = await client.fetch_users(ids)\n    return size, users\n")
    write(d, "m.py", src)
    args = ["--select", "AF301,AF503", "--unsafe-fixes"]
    p = run(args + ["--statistics", "m.py"], d)
    out = p.stdout.decode()
    stats = dict((code, int(n)) for n, code in re.findall(r"^\s*(\d+)\s+(AF\d+)\s", out, re.M))
    check("AF503+AF301 check: 3 findings, all fixable, --statistics 2 AF503 + 1 AF301",
          "Found 3 findings (3 fixable" in out and stats == {"AF503": 2, "AF301": 1}, show(p))
    check("--statistics marks a rule whose every finding is fixable [*]",
          re.search(r"^\s*2\s+AF503\s+\[\*\] ", out, re.M) is not None, show(p))
    write(d, "r.py", b"import os\n\nTMP = 'a.tmp'\n\n\nasync def publish(data):\n    with open(TMP, 'wb') as f:\n"
          b"        f.write(data)\n    os.rename(TMP, 'a')\n\n\nasync def drop(path):\n    os.remove(path)\n")
    p = run(["--select", "AF503", "--statistics", "r.py"], d)
    check("--statistics marks a rule some of whose findings are fixable [~] (as ruff): the rename of the file "
          "just written is an unsafe fix, the removal a safe one",
          re.search(r"^\s*2\s+AF503\s+\[~\] ", p.stdout.decode(), re.M) is not None, show(p))
    p = run(["--select", "AF503", "--statistics", "--unsafe-fixes", "r.py"], d)
    check("--statistics with --unsafe-fixes: both fixable, [*]",
          re.search(r"^\s*2\s+AF503\s+\[\*\] ", p.stdout.decode(), re.M) is not None, show(p))
    p = run(args + ["--format", "json", "m.py"], d)
    found = sorted((f["code"], f["line"]) for f in json.loads(p.stdout))
    check("AF503+AF301 JSON: the created directory is not gathered with its use (line 5 AF503 only), "
          "the independent pair is gathered once AF503 has run (line 11)",
          found == [("AF301", 11), ("AF503", 5), ("AF503", 11)], show(p))
    p = run(args + ["--diff", "--statistics", "m.py"], d)
    check("AF503+AF301 --diff: would fix the 3 that check reports, none remaining",
          "Would fix 3 findings in 1 file." in p.stderr.decode() and p.returncode == 1, show(p))
    p = run(args + ["--write", "m.py"], d)
    fixed = read(d, "m.py")
    check("AF503+AF301 --write: fixed the same 3",
          "Fixed 3 findings in 1 file." in p.stderr.decode(), show(p))
    check("AF503+AF301 --write: mkdir then extract stay in order, the independent pair gathered",
          b"    await asyncio.to_thread(os.mkdir, path)\n    n = await extract(path)\n" in fixed and
          b"size, users = await asyncio.gather(asyncio.to_thread(os.path.getsize, path), client.fetch_users(ids))"
          in fixed, fixed.decode())
    p = run(args + ["m.py"], d)
    check("AF503+AF301: a check after --write finds nothing", p.returncode == 0, show(p))
    shutil.rmtree(d)


def test_examples():
    if not os.path.isdir(EXAMPLES):
        check("examples/ exists", False)
        return
    d = temp()
    ex = os.path.join(d, "examples")
    shutil.copytree(EXAMPLES, ex, ignore=shutil.ignore_patterns("__pycache__"))
    py = sorted(k for k in tree(ex) if k.endswith(".py"))
    check("examples: a package of several modules", len(py) >= 5, py)
    bad = []
    for rel in py:
        r = subprocess.run([PYTHON, "-c", "import ast,sys; compile(open(sys.argv[1],'rb').read(), sys.argv[1], 'exec')",
                            os.path.join(ex, rel)], capture_output=True)
        if r.returncode:
            bad.append((rel, r.stderr.decode()))
    check("examples: every module compiles with Python 3", not bad, bad)
    p = run(["--diff", "examples/"], d)
    check("asyncfix --diff examples/: exit 1 with a diff", p.returncode == 1 and p.stdout.startswith(b"diff --git a/examples/"), show(p))
    g, pt, why = applies(p.stdout, d)
    check("asyncfix --diff examples/: accepted by git apply --check in a copy", g, why)
    check("asyncfix --diff examples/: accepted by patch -p1 --dry-run in a copy", pt, why)
    p = run(["examples/"], d)
    check("asyncfix examples/: findings reported (exit 1)", p.returncode == 1 and b"AF101" in p.stdout, show(p))
    p = run(["--write", "examples/"], d)
    check("asyncfix --write examples/: no error (exit 0 or 1)", p.returncode in (0, 1), show(p))
    p = run(["--diff", "examples/"], d)
    check("--write examples/ then --diff prints nothing, exit 0", p.returncode == 0 and p.stdout == b"", show(p))
    bad = [rel for rel in py if subprocess.run(
        [PYTHON, "-c", "import sys; compile(open(sys.argv[1],'rb').read(), sys.argv[1], 'exec')",
         os.path.join(ex, rel)], capture_output=True).returncode]
    check("examples after --write: every module still compiles", not bad, bad)
    shutil.rmtree(d)


def main():
    if not shutil.which("patch"):
        sys.exit("test_cli.py: GNU patch is needed (apt-get install patch)")
    tests = [test_exit_codes, test_select_ignore, test_option_combinations, test_json, test_sarif_github, test_stdin, test_jobs,
             test_info_commands, test_bad_input, test_special_files, test_nesting_held_to_cpython, test_crash_costs_one_file,
             test_syntax_error, test_suppression, test_discovery,
             test_discovery_excludes, test_unwalkable_folders,
             test_diff_and_write, test_check_diff_write_agree, test_examples]
    for t in tests:
        print("# " + t.__name__[5:])
        try:
            t()
        except Exception as e:   # a crash in a test is a failure, not a stop
            import traceback
            check(t.__name__ + " ran to the end", False, traceback.format_exc())
    print("%d checks, %d failed" % (checks, len(failures)))
    for f in failures:
        print("failed: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
