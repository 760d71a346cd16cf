"""A small order-processing service: fetches orders from a web shop's API,
stores them in SQLite, prints invoices and notifies a warehouse.

It is written the way async code often is at first: it runs, but blocks the
event loop in many places. `asyncfix --diff examples/` shows the repairs.
"""

__version__ = "0.3.0"
