import httpx


async def dashboard(base):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        user = await client.get(base + "/user")
        orders = await client.get(base + "/orders")
        invoices = await client.get(base + "/invoices")
        payments = await client.get(base + "/payments")
        refunds = await client.get(base + "/refunds")
        carts = await client.get(base + "/carts")
        items = await client.get(base + "/items")
        prices = await client.get(base + "/prices")
        stock = await client.get(base + "/stock")
        reviews = await client.get(base + "/reviews")
        coupons = await client.get(base + "/coupons")
        shipping = await client.get(base + "/shipping")
        returns = await client.get(base + "/returns")
        taxes = await client.get(base + "/taxes")
        vendors = await client.get(base + "/vendors")
        regions = await client.get(base + "/regions")
        status = await client.get(base + "/status")
        status = await client.get(base + "/status")
    if status.is_error:
        return None
    return {"user": user.json(), "status": status.json(), "url": str(status.url)}
