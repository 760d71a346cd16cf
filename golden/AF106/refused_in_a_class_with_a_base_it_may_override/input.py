import socketserver
import time


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        time.sleep(1)

    async def serve(self):
        self.setup()
