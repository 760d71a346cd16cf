"""Settings, read from a JSON file next to the package (or $SHOP_CONFIG)."""
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).with_name("settings.json")


@dataclass
class Settings:
    api_url: str = "http://127.0.0.1:8080"
    api_token: str = ""
    database: str = "shop.sqlite3"
    invoice_dir: str = "invoices"
    poll_seconds: float = 5.0
    retries: int = 3
    printer_command: str = "lpr"
    warehouses: list = field(default_factory=list)


def invoice_path(settings, order_id):
    """Where an order's invoice goes; the folder is made on the way."""
    os.makedirs(settings.invoice_dir, exist_ok=True)
    return os.path.join(settings.invoice_dir, f"{order_id}.json")


async def load_settings(path=None):
    path = path or os.environ.get("SHOP_CONFIG") or DEFAULT_PATH
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    settings = Settings(**{k: v for k, v in raw.items() if k in Settings.__annotations__})
    if not settings.api_token:
        settings.api_token = os.environ.get("SHOP_API_TOKEN", "")
    return settings


async def save_last_seen(settings, order_id):
    state = Path(settings.database).with_suffix(".state.json")
    with open(state, "w", encoding="utf-8") as f:
        json.dump({"last_order": order_id}, f)
