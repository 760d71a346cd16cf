"""Processes one order: stores it, prints the invoice, tells the warehouses."""
import json
import os
import subprocess
from time import sleep

from . import db
from .config import invoice_path
from .http_client import fetch_customer, mark_shipped, notify_warehouse


async def write_invoice(settings, order, customer):
    path = invoice_path(settings, order["id"])
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"order": order, "customer": customer}, f, indent=2)
    return path


async def print_invoice(settings, path):
    result = subprocess.run([settings.printer_command, path], capture_output=True, text=True)
    if result.returncode != 0:
        os.system(f"logger -t shop 'printing {path} failed'")
    return result.returncode == 0


async def process_order(settings, order):
    db.save_order(settings.database, order)
    customer = await fetch_customer(settings, order["customer"])
    path = await write_invoice(settings, order, customer)
    await print_invoice(settings, path)
    first = await notify_warehouse(settings.warehouses[0], order)
    second = await notify_warehouse(settings.warehouses[1], order)
    await db.set_status(settings.database, order["id"], "picking")
    await mark_shipped(settings, order["id"])
    return first, second


async def confirm_large_order(order, limit_cents=100_000):
    if order["total_cents"] < limit_cents:
        return True
    answer = input(f"order {order['id']} is {order['total_cents'] / 100:.2f}; ship it? [y/N] ")
    return answer.strip().lower() == "y"


async def drain(settings):
    for order in await db.pending_orders(settings.database):
        if await confirm_large_order(order):
            await process_order(settings, order)
        sleep(0.5)   # be gentle with the warehouse API
