async def sleep(seconds):
    """trio.sleep."""
