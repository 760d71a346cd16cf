from api import slow_name


async def greet():
    return slow_name()
