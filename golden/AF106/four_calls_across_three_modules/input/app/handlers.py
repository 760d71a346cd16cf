from app import reports


async def monthly(request):
    return {"report": reports.build(request.month)}
