import asyncio
import os

from storage import fsync


class Policy:
    def access(self, path, mode):
        return True


async def publish(policy: Policy, path, fd, db):
    policy.access(path, os.W_OK)
    fsync(fd)
    db.chown(path)
    await asyncio.to_thread(os.fsync, fd)


async def shadowed(os):
    os.access("x", 0)


def sync_publish(path):
    return os.access(path, os.R_OK)
