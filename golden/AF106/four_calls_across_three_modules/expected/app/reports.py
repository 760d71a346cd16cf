from app.storage import load_rows


def build(month):
    return summarize(month)


def summarize(month):
    rows = load_rows(month)
    return len(rows)
