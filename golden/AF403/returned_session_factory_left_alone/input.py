import aiohttp


async def make_session(token):
    session = aiohttp.ClientSession(headers={"Authorization": token})
    session.cookie_jar.clear()
    return session
