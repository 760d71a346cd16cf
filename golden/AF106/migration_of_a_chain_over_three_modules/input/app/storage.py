def load_rows(month):
    with open("/var/data/" + str(month)) as f:
        return f.read().splitlines()
