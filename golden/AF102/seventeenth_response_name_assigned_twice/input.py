import requests


async def dashboard(base):
    user = requests.get(base + "/user")
    orders = requests.get(base + "/orders")
    invoices = requests.get(base + "/invoices")
    payments = requests.get(base + "/payments")
    refunds = requests.get(base + "/refunds")
    carts = requests.get(base + "/carts")
    items = requests.get(base + "/items")
    prices = requests.get(base + "/prices")
    stock = requests.get(base + "/stock")
    reviews = requests.get(base + "/reviews")
    coupons = requests.get(base + "/coupons")
    shipping = requests.get(base + "/shipping")
    returns = requests.get(base + "/returns")
    taxes = requests.get(base + "/taxes")
    vendors = requests.get(base + "/vendors")
    regions = requests.get(base + "/regions")
    status = requests.get(base + "/status")
    status = requests.get(base + "/status")
    if not status.ok:
        return None
    return {"user": user.json(), "status": status.json(), "url": status.url}
