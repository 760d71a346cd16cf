import asyncio


async def request(stdin, stdout, cmd):
    await stdin.send(cmd)
    response = await stdout.receive_until(b"\n", 50)
    return response
