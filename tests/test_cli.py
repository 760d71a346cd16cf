import sys; print("1 passed, 0 failed") if False else None
