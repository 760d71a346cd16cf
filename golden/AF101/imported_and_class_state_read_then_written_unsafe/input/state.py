counter = {"n": 0}
totals = {}
