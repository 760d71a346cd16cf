#!/usr/bin/python3
"""Debian's neovim (headless, its built-in LSP client) against `asyncfix server`.

Run as `/usr/bin/python3 tests/test_nvim.py ASYNCFIX`. For every module of the
bundled examples/ (in a copy, the copy being the workspace folder) neovim
opens the file, receives the diagnostics, asks for source.fixAll and applies
it with its own apply_workspace_edit (tests/nvim/fixall.lua); then:
  - what neovim shows is what `asyncfix --format json` reports for the folder,
  - the buffer neovim wrote equals what `asyncfix --write` makes of the folder.
Then the same with a line holding characters outside the BMP before the fix,
once in UTF-16 (neovim 0.7's default) and once with UTF-8 offered and
negotiated. The diagnostics neovim showed are printed (the transcript).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

if len(sys.argv) != 2:
    sys.exit("usage: test_nvim.py ASYNCFIX")

ASYNCFIX = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(HERE)
LUA = os.path.join(HERE, "nvim", "fixall.lua")

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


def nvim(root, rel, offer_utf8=False):
    out = os.path.join(tempfile.mkdtemp(prefix="asyncfix-nvim-out-"), "buffer.py")
    env = dict(os.environ, ASYNCFIX=ASYNCFIX, ROOT=root, FILE=os.path.join(root, rel), OUT=out,
               OFFER_UTF8="1" if offer_utf8 else "0", HOME=os.path.dirname(out), XDG_STATE_HOME=os.path.dirname(out))
    p = subprocess.run(["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile " + LUA], cwd=root, env=env,
                       capture_output=True, timeout=120)
    report = {}
    if os.path.exists(out + ".json"):
        with open(out + ".json") as f:
            report = json.load(f)
    text = open(out, "rb").read() if os.path.exists(out) else None
    shutil.rmtree(os.path.dirname(out))
    return p, report, text


def copy_tree(src):
    d = os.path.realpath(tempfile.mkdtemp(prefix="asyncfix-nvim-"))
    dst = os.path.join(d, "ws")
    shutil.copytree(src, dst)
    return dst


def cli(args, cwd):
    return subprocess.run([ASYNCFIX] + args, cwd=cwd, capture_output=True, timeout=120)


def test_examples():
    src = os.path.join(SOURCE_ROOT, "examples")
    written = copy_tree(src)
    cli(["--write", "."], written)
    p = cli(["--format", "json", "."], copy_tree(src))
    findings = json.loads(p.stdout or b"[]")
    modules = sorted(os.path.relpath(os.path.join(dp, f), src) for dp, _, fs in os.walk(src)
                     for f in fs if f.endswith(".py"))
    for rel in modules:
        root = copy_tree(src)
        p, report, text = nvim(root, rel)
        shown = report.get("diagnostics", [])
        print("transcript %s: %d diagnostics published %d times" % (rel, len(shown), report.get("published", 0)))
        for d in sorted(shown, key=lambda d: (d["lnum"], d["col"])):
            print("    %s:%d:%d: %s %s" % (rel, d["lnum"] + 1, d["col"] + 1, d["code"], d["message"]))
        check("%s: neovim ran the script without errors" % rel, p.returncode == 0 and not report.get("errors"),
              (p.stderr.decode(errors="replace"), report.get("errors")))
        want = sorted((f["code"], f["line"]) for f in findings if os.path.normpath(f["path"]) == rel)
        got = sorted((d["code"], d["lnum"] + 1) for d in shown)
        check("%s: neovim shows what `asyncfix --format json` reports (%d findings)" % (rel, len(want)),
              got == want, "neovim: %s\ncli:    %s" % (got, want))
        with open(os.path.join(written, rel), "rb") as f:
            expected = f.read()
        check("%s: the buffer after source.fixAll.asyncfix equals `asyncfix --write`" % rel, text == expected,
              "" if text is None else "\n".join(
                  __import__("difflib").unified_diff(expected.decode().splitlines(), text.decode().splitlines(),
                                                     "asyncfix --write", "neovim", lineterm="")))
        shutil.rmtree(os.path.dirname(root))
    shutil.rmtree(os.path.dirname(written))


WIDE = ("import time\n\n\nasync def main():\n"
        "    print(\"\U0001F600\U0001F680 \u00e9\"); time.sleep(1); print(\"\U0001F600\")\n")


def test_encodings():
    for offer in (False, True):
        root = os.path.realpath(tempfile.mkdtemp(prefix="asyncfix-nvim-"))
        with open(os.path.join(root, "wide.py"), "w") as f:
            f.write(WIDE)
        p, report, text = nvim(root, "wide.py", offer_utf8=offer)
        enc = "utf-8" if offer else "utf-16"
        check("%s: negotiated with neovim" % enc, report.get("encoding") == enc, report)
        shown = report.get("diagnostics", [])
        # neovim converts the server's character offsets to byte columns: the byte column of `time.sleep`
        col = WIDE.split("\n")[4].encode().index(b"time.sleep")
        check("%s: neovim puts the finding at byte column %d, after the emoji" % (enc, col),
              [(d["code"], d["col"]) for d in shown] == [("AF101", col)], shown)
        want = subprocess.run([ASYNCFIX, "--write", "--stdin-filename", "wide.py"], input=WIDE.encode(),
                              capture_output=True, cwd=root).stdout
        check("%s: source.fixAll.asyncfix applied by neovim equals `asyncfix --write`" % enc, text == want,
              (text, want))
        shutil.rmtree(root)


def main():
    if not shutil.which("nvim"):
        sys.exit("test_nvim.py: neovim is needed (tools/bootstrap installs it: apt-get install neovim)")
    version = subprocess.run(["nvim", "--version"], capture_output=True).stdout.decode().split("\n")[0]
    print("note " + version)
    for t in (test_examples, test_encodings):
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
