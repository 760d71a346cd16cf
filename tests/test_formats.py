#!/usr/bin/python3
"""The CI formats and file names as data.

Run as `/usr/bin/python3 tests/test_formats.py ASYNCFIX`. Checks:
  - SARIF: results carry their fixes (artifactChanges / replacements in
    SARIF 2.1.0 regions, code point columns), and applying them gives what
    `--write` writes; unsafe fixes only with --unsafe-fixes;
  - --format gitlab: GitLab Code Quality (description, check_name,
    fingerprint, severity, location.path, location.lines.begin), fingerprints
    unique and stable when lines move;
  - hostile file names (newline, ESC, a byte that is not UTF-8, %, space, #,
    quote, backslash, colon, comma) in text, JSON, SARIF, GitHub and GitLab
    output and on stderr: one finding per line, text quoted exactly as git
    quotes (checked against git itself), JSON and SARIF valid UTF-8 whose
    names decode back to the exact bytes.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

if len(sys.argv) != 2:
    sys.exit("usage: test_formats.py ASYNCFIX")

ASYNCFIX = os.path.abspath(sys.argv[1])
SLEEPY = b"import time\n\n\nasync def main():\n    time.sleep(1)\n"
SEQUENTIAL = (b"import asyncio\n\n\nasync def get_a():\n    return 1\n\n\nasync def get_b():\n    return 2\n\n\n"
              b"async def main():\n    a = await get_a()\n    b = await get_b()\n    return a + b\n")

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


def run(args, cwd, stdin=None):
    return subprocess.run([ASYNCFIX] + args, cwd=cwd, input=stdin, capture_output=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))


def show(p):
    return "exit %d\n%r\n%r" % (p.returncode, p.stdout[:2000], p.stderr[:2000])


def c_unquote(s):
    """git's C quoting back to bytes ("a\\tb" in double quotes); a value without quotes is itself."""
    if isinstance(s, str):
        s = s.encode()
    if not s.startswith(b'"'):
        return s
    assert s.endswith(b'"'), s
    body, out, i = s[1:-1], bytearray(), 0
    named = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}
    while i < len(body):
        c = body[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
        elif body[i + 1:i + 2] in named:
            out.append(named[body[i + 1:i + 2]])
            i += 2
        else:
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
    return bytes(out)


def region_offset(lines, line, column):
    """byte offset of a 1-based line and 1-based code point column"""
    start = sum(len(l) for l in lines[:line - 1])
    text = lines[line - 1].decode() if line - 1 < len(lines) else ""
    return start + len(text[:column - 1].encode())


def apply_replacements(data, replacements):
    lines = data.splitlines(keepends=True)
    spans = []
    for r in replacements:
        d = r["deletedRegion"]
        spans.append((region_offset(lines, d["startLine"], d["startColumn"]),
                      region_offset(lines, d["endLine"], d["endColumn"]), r["insertedContent"]["text"].encode()))
    for s, e, t in sorted(spans, reverse=True):
        data = data[:s] + t + data[e:]
    return data


def test_sarif_fixes():
    d = tempfile.mkdtemp(prefix="asyncfix-formats-")
    with open(os.path.join(d, "s.py"), "wb") as f:
        f.write(SLEEPY)
    with open(os.path.join(d, "u.py"), "wb") as f:
        f.write(SEQUENTIAL)
    # AF301 is opt-in: selected with the default rules' AF101
    p = run(["--format", "sarif", "--select", "AF1,AF3", "s.py", "u.py"], d)
    doc = json.loads(p.stdout.decode("utf-8"))
    run0 = doc["runs"][0]
    check("sarif: version 2.1.0, columnKind unicodeCodePoints", doc["version"] == "2.1.0" and
          run0.get("columnKind") == "unicodeCodePoints", run0.get("columnKind"))
    res = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in run0["results"]}
    fixes = res.get("s.py", {}).get("fixes")
    check("sarif: the AF101 result carries one fix with artifactChanges", fixes and len(fixes) == 1 and
          fixes[0]["artifactChanges"][0]["artifactLocation"]["uri"] == "s.py" and fixes[0]["description"]["text"],
          fixes)
    if fixes:
        reps = fixes[0]["artifactChanges"][0]["replacements"]
        ok = all(set(r) == {"deletedRegion", "insertedContent"} and
                 set(r["deletedRegion"]) == {"startLine", "startColumn", "endLine", "endColumn"} for r in reps)
        check("sarif: replacements are deletedRegion (start/end line and column) + insertedContent.text", ok, reps)
        want = run(["--write", "--stdin-filename", "s.py"], d, SLEEPY).stdout
        got = apply_replacements(SLEEPY, reps)
        check("sarif: applying the fix's replacements gives what --write writes", got == want, (got, want))
    check("sarif: an unsafe fix (AF301) is not carried by default", "fixes" not in res.get("u.py", {}), res.get("u.py"))
    p = run(["--format", "sarif", "--select", "AF3", "--unsafe-fixes", "u.py"], d)
    r = json.loads(p.stdout)["runs"][0]["results"][0]
    desc = r.get("fixes", [{}])[0].get("description", {}).get("text", "")
    check("sarif: with --unsafe-fixes it is, and says it is unsafe", "unsafe" in desc, r)
    shutil.rmtree(d)


def test_gitlab():
    d = tempfile.mkdtemp(prefix="asyncfix-formats-")
    text = b"import time\n\n\nasync def main():\n    time.sleep(1)\n    time.sleep(1)\n    time.sleep(2)\n"
    with open(os.path.join(d, "g.py"), "wb") as f:
        f.write(text)
    with open(os.path.join(d, "broken.py"), "wb") as f:
        f.write(b"async def f(:\n    pass\n")
    p = run(["--format", "gitlab", "g.py", "broken.py"], d)
    items = json.loads(p.stdout)
    check("gitlab: exit 1 and one entry per finding (3 AF101 + AF001)", p.returncode == 1 and len(items) == 4, show(p))
    keys_ok = all(set(i) == {"description", "check_name", "fingerprint", "severity", "location"} and
                  set(i["location"]) == {"path", "lines"} and isinstance(i["location"]["lines"]["begin"], int)
                  for i in items)
    check("gitlab: the Code Quality fields", keys_ok, items)
    check("gitlab: severities major, AF001 critical",
          sorted(i["severity"] for i in items) == ["critical", "major", "major", "major"], items)
    fps = [i["fingerprint"] for i in items]
    check("gitlab: fingerprints unique (two identical lines included)", len(set(fps)) == len(fps), fps)
    with open(os.path.join(d, "g.py"), "wb") as f:
        f.write(b"# a new first line\n" + text)
    moved = json.loads(run(["--format", "gitlab", "g.py", "broken.py"], d).stdout)
    check("gitlab: a line added above moves lines.begin and keeps every fingerprint",
          sorted(i["fingerprint"] for i in moved) == sorted(fps) and
          sorted(i["location"]["lines"]["begin"] for i in moved if i["check_name"] == "AF101") == [6, 7, 8], moved)
    p = run(["--format", "gitlab", "broken.py", "--select", "AF1"], d)
    check("gitlab: nothing found is []", json.loads(p.stdout) == [] or p.returncode == 1, show(p))
    shutil.rmtree(d)


HOSTILE = [b"new\nline.py", b"esc\x1b[31mred.py", b"bad\xff\xfe.py", b"per%cent.py", b"sp ace.py", b"hash#tag.py",
           b'quo"te.py', b"back\\slash.py", b"colon:comma,.py", b"caf\xc3\xa9.py", b"tab\there.py"]


def git_quoted(d, names):
    """how git itself writes these names: core.quotePath=false, or true for a name with invalid UTF-8"""
    subprocess.run(["git", "init", "-q", d], check=True)
    out = {}
    for quote_path in ("false", "true"):
        p = subprocess.run(["git", "-c", "core.quotePath=" + quote_path, "ls-files", "--others"], cwd=d,
                           capture_output=True, check=True)
        for line in p.stdout.split(b"\n"):
            if line:
                out.setdefault(quote_path, {})[c_unquote(line)] = line
    return out


def test_hostile_names():
    d = tempfile.mkdtemp(prefix="asyncfix-names-").encode()
    for n in HOSTILE:
        with open(os.path.join(d, n), "wb") as f:
            f.write(SLEEPY)
    git = git_quoted(d.decode(), HOSTILE)
    args = [n.decode("utf-8", "surrogateescape") for n in HOSTILE]

    p = run(["--format", "text"] + args, d)
    out = p.stdout
    check("text: no ESC byte and no byte that is not UTF-8 reaches the output",
          b"\x1b" not in out and out.decode("utf-8", "strict") is not None, out[:500])
    heads = [l for l in out.split(b"\n") if re.match(rb'^\S.*:5:5: AF101 ', l)]
    check("text: one finding line per file (%d)" % len(HOSTILE), len(heads) == len(HOSTILE), out.decode(errors="replace"))
    for n in HOSTILE:
        want = git["true" if n == b"bad\xff\xfe.py" else "false"].get(n)
        found = any(l.startswith(want + b":5:5: AF101") for l in heads) if want else False
        check("text: %r written as git writes it: %r" % (n, want), found, out.decode(errors="replace"))

    p = run(["--format", "json"] + args, d)
    try:
        items = json.loads(p.stdout.decode("utf-8", "strict"))
    except (UnicodeDecodeError, ValueError) as e:
        items = []
        check("json: strict UTF-8 and valid JSON", False, "%s %r" % (e, p.stdout[:300]))
    paths = sorted(c_unquote(i["path"]) for i in items)
    check("json: every name decodes back to its exact bytes", paths == sorted(HOSTILE), paths)
    check("json: a UTF-8 name (even with a newline) is written as itself",
          "new\nline.py" in [i["path"] for i in items] and "caf\u00e9.py" in [i["path"] for i in items],
          [i["path"] for i in items])

    p = run(["--format", "sarif"] + args, d)
    try:
        results = json.loads(p.stdout.decode("utf-8", "strict"))["runs"][0]["results"]
    except (UnicodeDecodeError, ValueError) as e:
        results = []
        check("sarif: strict UTF-8 and valid JSON", False, e)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    check("sarif: every uri is an RFC 3986 reference (unreserved, '/' and %XX only)",
          uris and all(re.fullmatch(r"([A-Za-z0-9._~/-]|%[0-9A-F]{2})+", u) for u in uris), uris)
    check("sarif: every uri percent-decodes to the exact name",
          sorted(urllib.parse.unquote_to_bytes(u) for u in uris) == sorted(HOSTILE), uris)
    fix_uris = [r["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"] for r in results if "fixes" in r]
    check("sarif: fixes name the same uris", sorted(fix_uris) == sorted(uris), fix_uris)

    p = run(["--format", "github"] + args, d)
    lines = [l for l in p.stdout.split(b"\n") if l]
    check("github: one annotation line per file", len(lines) == len(HOSTILE) and
          all(l.startswith(b"::warning ") for l in lines), p.stdout)

    def unescape_property(v):
        return v.replace(b"%0D", b"\r").replace(b"%0A", b"\n").replace(b"%3A", b":").replace(b"%2C", b",") \
            .replace(b"%25", b"%")
    files = []
    for l in lines:
        props = l[len(b"::warning "):l.index(b"::", 2)]
        for prop in props.split(b","):
            if prop.startswith(b"file="):
                files.append(c_unquote(unescape_property(prop[5:])))
    check("github: file= unescapes (% CR LF : ,) and unquotes to each exact name", sorted(files) == sorted(HOSTILE),
          files)
    check("github: no raw ESC, CR or byte that is not UTF-8", b"\x1b" not in p.stdout and b"\r" not in p.stdout and
          p.stdout.decode("utf-8", "strict") is not None)

    p = run(["--format", "gitlab"] + args, d)
    items = json.loads(p.stdout.decode("utf-8", "strict"))
    check("gitlab: every location.path decodes back to its exact bytes",
          sorted(c_unquote(i["location"]["path"]) for i in items) == sorted(HOSTILE), items)

    # stderr: a file that cannot be checked (a NUL byte) under a hostile name
    bad = b"nul\n\x1b[2Jname.py"
    with open(os.path.join(d, bad), "wb") as f:
        f.write(b"x = 1\x00\n")
    p = run([bad.decode("utf-8", "surrogateescape")], d)
    err = [l for l in p.stderr.split(b"\n") if l]
    check("stderr: the error line for a hostile name is one quoted line",
          p.returncode == 2 and len(err) == 1 and err[0].startswith(b'asyncfix: "nul\\n\\033[2Jname.py": '),
          p.stderr)
    shutil.rmtree(d)


def main():
    for t in (test_sarif_fixes, test_gitlab, test_hostile_names):
        print("# " + t.__name__[5:])
        try:
            t()
        except Exception:
            import traceback
            check(t.__name__ + " ran to the end", False, traceback.format_exc())
    print("%d checks, %d failed" % (checks, len(failures)))
    for f in failures:
        print("failed: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
