from app import reports


async def monthly(request):
    total = reports.build(request.month)
    return {"report": total}


async def yearly(request):
    return {"report": reports.summarize(request.year)}
