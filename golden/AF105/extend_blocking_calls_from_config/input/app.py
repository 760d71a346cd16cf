from shop.legacy import fetch_prices
from shop import legacy


async def refresh(ids):
    prices = fetch_prices(ids, currency="EUR")
    more = legacy.fetch_prices(ids)
    legacy.fetch_stock(ids)
    return prices, more
