from svc.api import call


async def handle(name):
    call(name)
