"""Talks to the shop's REST API and to the warehouses."""
import logging
import time

import requests

log = logging.getLogger(__name__)


class ApiError(Exception):
    pass


async def fetch_orders(settings, since=0):
    """New orders since the order id `since`, retried with a growing pause."""
    headers = {"Authorization": f"Bearer {settings.api_token}"}
    for attempt in range(settings.retries):
        response = requests.get(f"{settings.api_url}/orders", params={"since": since},
                                headers=headers, timeout=10)
        if response.ok:
            return response.json()["orders"]
        log.warning("orders: HTTP %s, attempt %d", response.status_code, attempt + 1)
        time.sleep(2 ** attempt)
    raise ApiError(f"could not fetch orders after {settings.retries} attempts")


async def fetch_customer(settings, customer_id):
    response = requests.get(f"{settings.api_url}/customers/{customer_id}", timeout=10)
    response.raise_for_status()
    return response.json()


async def notify_warehouse(url, order):
    payload = {"order": order["id"], "items": order["items"]}
    response = requests.post(f"{url}/picklists", json=payload, timeout=10)
    if not response.ok:
        raise ApiError(f"{url}: HTTP {response.status_code}")
    return response.json()["picklist"]


async def mark_shipped(settings, order_id):
    response = requests.post(f"{settings.api_url}/orders/{order_id}/shipped", timeout=10)
    response.raise_for_status()
