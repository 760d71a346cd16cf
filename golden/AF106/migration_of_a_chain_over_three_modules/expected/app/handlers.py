from app import reports


async def monthly(request):
    total = await reports.build(request.month)
    return {"report": total}


async def yearly(request):
    return {"report": await reports.summarize(request.year)}
