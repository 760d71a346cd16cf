from app import reports
import asyncio


async def monthly(request):
    return {"report": await asyncio.to_thread(reports.build, request.month)}
