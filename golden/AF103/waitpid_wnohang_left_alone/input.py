import os
from os import WNOHANG


async def poll(pid):
    done, status = os.waitpid(pid, os.WNOHANG)
    again = os.waitpid(pid, WNOHANG | os.WUNTRACED)
    return done, status, again
