import os


async def reap(pid):
    any_pid, status = os.wait()
    _, status = os.waitpid(pid, 0)
    info = os.waitid(os.P_PID, pid, os.WEXITED)
    return os.wait4(pid, 0), os.wait3(0), info
