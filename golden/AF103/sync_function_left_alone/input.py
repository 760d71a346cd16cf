import subprocess


def build(cmd):
    subprocess.run(cmd, check=True)


class Builder:
    def build(self, cmd):
        return subprocess.check_output(cmd)
