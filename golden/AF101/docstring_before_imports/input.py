"""A poller.

It polls.
"""

import time


async def main():
    time.sleep(1)
