from .client import forecast

__all__ = ["forecast"]
