import os
import asyncio


async def reap(pid):
    any_pid, status = await asyncio.to_thread(os.wait)
    _, status = await asyncio.to_thread(os.waitpid, pid, 0)
    info = await asyncio.to_thread(os.waitid, os.P_PID, pid, os.WEXITED)
    return await asyncio.to_thread(os.wait4, pid, 0), await asyncio.to_thread(os.wait3, 0), info
