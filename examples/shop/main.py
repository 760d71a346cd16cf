"""Entry point: `python3 -m shop.main` polls for orders until interrupted."""
import asyncio
import logging
import time

from .config import load_settings, save_last_seen
from .db import init_db
from .http_client import fetch_orders
from .worker import drain, process_order

log = logging.getLogger("shop")


async def poll(settings):
    last_seen = 0
    while True:
        orders = await fetch_orders(settings, since=last_seen)
        for order in orders:
            await process_order(settings, order)
            last_seen = max(last_seen, order["id"])
            save_last_seen(settings, last_seen)
        time.sleep(settings.poll_seconds)


async def main():
    logging.basicConfig(level=logging.INFO)
    settings = await load_settings()
    await init_db(settings.database)
    await drain(settings)
    try:
        await poll(settings)
    except KeyboardInterrupt:
        log.info("stopped")


if __name__ == "__main__":
    asyncio.run(main())
