#!/usr/bin/python3
"""`meson install`: the command, asyncfix(1) and the bash, zsh and fish completions in their places.

Run as `/usr/bin/python3 tests/test_install.py SOURCE_ROOT BUILD_ROOT`. Checks:
  - `meson install --destdir` of the build (default prefix /usr/local) puts
    bin/asyncfix, share/man/man1/asyncfix.1 and the three completions there;
  - `man -l` renders the page, which names every option of `asyncfix --help`
    and every rule of `--list-rules`;
  - each shell completes the options from its installed file: bash (the
    function called as bash calls it), fish (`complete -C`), zsh (a real
    interactive zsh on a pseudo-terminal, Tab pressed);
  - a build configured with `--prefix ~/.local` installs without root into
    ~/.local, and `man asyncfix` finds the page from PATH alone (a debug
    build: what is checked is where things go, and it compiles fastest).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

if len(sys.argv) != 3:
    sys.exit("usage: test_install.py SOURCE_ROOT BUILD_ROOT")

SOURCE, BUILD = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FILES = {
    "bin/asyncfix": "the command",
    "share/man/man1/asyncfix.1": "the man page",
    "share/bash-completion/completions/asyncfix": "bash completion",
    "share/zsh/site-functions/_asyncfix": "zsh completion",
    "share/fish/vendor_completions.d/asyncfix.fish": "fish completion",
}

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


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)


def options_of(asyncfix):
    """every long option --help shows, aliases included"""
    text = run([asyncfix, "--help"]).stdout
    return sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", text.split("exit status")[0])))


def check_files(prefix, where):
    for rel, what in FILES.items():
        check("%s: %s at %s" % (where, what, rel), os.path.isfile(os.path.join(prefix, rel)))


def check_man(page, options, codes):
    env = dict(os.environ, MANWIDTH="100", MANPAGER="cat", LC_ALL="C.UTF-8")
    p = run(["man", "-l", page], env=env)
    text = re.sub(r".\x08", "", p.stdout)   # overstrike bold
    check("man -l renders asyncfix(1)", p.returncode == 0 and "NAME" in text and "asyncfix" in text, p.stderr)
    missing = [o for o in options if o not in text]
    check("the man page names every option of --help (%d)" % len(options), not missing, missing)
    missing = [c for c in codes if c not in text]
    check("the man page has every rule (%d)" % len(codes), not missing, missing)
    check("the man page has the rules' --explain texts", "What it does" in text and "EXIT STATUS" in text)


def bash_complete(script, words):
    code = 'source "%s"; COMP_WORDS=(%s); COMP_CWORD=%d; _asyncfix; printf "%%s\\n" "${COMPREPLY[@]}"' % (
        script, " ".join("'%s'" % w for w in words), len(words) - 1)
    return sorted(set(run(["bash", "-c", code]).stdout.split()))


def fish_complete(script, line):
    p = run(["fish", "--no-config", "-c", "source %s; complete -C '%s'" % (script, line)])
    return sorted(set(l.split("\t")[0] for l in p.stdout.splitlines() if l))


ZSH_DRIVER = r'''
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='>'; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; setopt nobeep"
zpty -w z "bindkey '^I' complete-word"
zpty -w z "$2"$'\t'
local out=""
for i in {1..40}; do
  zpty -r -t z chunk && out+=$chunk
  [[ $out == *"$3"* ]] && break
  sleep 0.1
done
zpty -d z
print -r -- "$out"
'''


def zsh_complete(funcdir, line, wait_for):
    """what an interactive zsh lists for `line` + Tab, from the installed _asyncfix"""
    with tempfile.NamedTemporaryFile("w", suffix=".zsh", delete=False) as f:
        f.write(ZSH_DRIVER)
    p = run(["zsh", "-f", f.name, funcdir, line, wait_for])
    os.unlink(f.name)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", p.stdout)


def check_completions(prefix, options):
    share = os.path.join(prefix, "share")
    bash = os.path.join(share, "bash-completion/completions/asyncfix")
    got = bash_complete(bash, ["asyncfix", "--"])
    check("bash completes every option of --help", set(options) <= set(got), sorted(set(options) - set(got)))
    check("bash completes --format's values", bash_complete(bash, ["asyncfix", "--format", ""])[:5] ==
          ["github", "gitlab", "json", "sarif", "text"], bash_complete(bash, ["asyncfix", "--format", ""]))
    check("bash completes rule codes after --select", "AF101" in bash_complete(bash, ["asyncfix", "--select", "AF1"]))
    check("bash completes the server subcommand", "server" in bash_complete(bash, ["asyncfix", "se"]))
    fish = os.path.join(share, "fish/vendor_completions.d/asyncfix.fish")
    got = fish_complete(fish, "asyncfix --")
    check("fish completes every option of --help", set(options) <= set(got), sorted(set(options) - set(got)))
    check("fish completes --format's values", set(fish_complete(fish, "asyncfix --format ")) >=
          {"text", "json", "sarif", "github", "gitlab"}, fish_complete(fish, "asyncfix --format "))
    zdir = os.path.join(share, "zsh/site-functions")
    out = zsh_complete(zdir, "asyncfix --format ", "sarif")
    check("zsh completes --format's values", all(v in out for v in ("github", "gitlab", "json", "sarif", "text")),
          out[-400:])
    want = sorted(o for o in options if o.startswith("--ex"))
    out = zsh_complete(zdir, "asyncfix --ex", want[-1])
    check("zsh completes options (%s)" % " ".join(want), all(o in out for o in want), out[-400:])


def main():
    tmp = os.path.realpath(tempfile.mkdtemp(prefix="asyncfix-install-"))
    dest = os.path.join(tmp, "dest")
    p = run(["meson", "install", "-C", BUILD, "--no-rebuild", "--destdir", dest, "--quiet"])
    check("meson install --destdir (default prefix)", p.returncode == 0, p.stdout + p.stderr)
    prefix = os.path.join(dest, "usr/local")
    check_files(prefix, "/usr/local")
    asyncfix = os.path.join(prefix, "bin/asyncfix")
    check("the installed command runs", run([asyncfix, "--version"]).stdout.startswith("asyncfix "))
    options = options_of(asyncfix)
    codes = re.findall(r"^(AF\d{3})", run([asyncfix, "--list-rules"]).stdout, re.M)
    check_man(os.path.join(prefix, "share/man/man1/asyncfix.1"), options, codes)
    check_completions(prefix, options)

    # a user without root: --prefix ~/.local
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    build = os.path.join(tmp, "build")
    env = dict(os.environ, HOME=home)
    p = run(["meson", "setup", build, SOURCE, "--prefix", os.path.join(home, ".local"), "-Dtests=false",
             "--buildtype=debug"], env=env)
    p2 = run(["nice", "ninja", "-C", build], env=env) if p.returncode == 0 else p
    p3 = run(["meson", "install", "-C", build, "--quiet"], env=env) if p2.returncode == 0 else p2
    check("meson setup --prefix ~/.local, ninja, meson install (no root needed)", p3.returncode == 0,
          p.stdout[-500:] + p2.stdout[-500:] + p3.stdout[-500:] + p3.stderr[-500:])
    check_files(os.path.join(home, ".local"), "~/.local")
    env = dict(env, PATH=os.path.join(home, ".local/bin") + ":/usr/bin:/bin", MANPATH="")
    env.pop("MANPATH")
    p = run(["man", "-w", "asyncfix"], env=env)
    check("man finds asyncfix(1) in ~/.local from PATH alone", p.stdout.strip() ==
          os.path.join(home, ".local/share/man/man1/asyncfix.1"), p.stdout + p.stderr)
    shutil.rmtree(tmp)
    print("%d checks, %d failed" % (checks, len(failures)))
    for f in failures:
        print("failed: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
