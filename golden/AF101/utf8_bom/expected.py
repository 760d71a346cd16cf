"""Café poller."""
import time
import asyncio


async def main():
    await asyncio.sleep(1)  # été
