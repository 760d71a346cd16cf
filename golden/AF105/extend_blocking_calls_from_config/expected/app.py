from shop.legacy import fetch_prices
from shop import legacy
import asyncio


async def refresh(ids):
    prices = await asyncio.to_thread(fetch_prices, ids, currency="EUR")
    more = await asyncio.to_thread(legacy.fetch_prices, ids)
    legacy.fetch_stock(ids)
    return prices, more
