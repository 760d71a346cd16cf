import subprocess


def deploy(tag):
    subprocess.run(["deploy", tag], check=True)
