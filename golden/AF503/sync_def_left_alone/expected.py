import os
import shutil


def cleanup(path):
    os.remove(path)
    shutil.rmtree("tmp")
