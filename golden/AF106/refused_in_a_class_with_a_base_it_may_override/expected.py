import socketserver
import time
import asyncio


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        time.sleep(1)

    async def serve(self):
        await asyncio.to_thread(self.setup)
