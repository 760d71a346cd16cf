"""A stand-in for the trio package."""
from ._timeouts import sleep
