import asyncio
import unittest


class TimeoutTests(unittest.IsolatedAsyncioTestCase):
    async def test_not_entered(self):
        cm = asyncio.timeout(0.01)
        with self.assertRaisesRegex(RuntimeError, "has not been entered"):
            cm.reschedule(0.02)

    async def test_not_entered_callable(self):
        cm = asyncio.timeout(0.01)
        self.assertRaises(RuntimeError, cm.reschedule, 0.02)

    async def test_task_group_not_entered(self):
        tg = asyncio.TaskGroup()
        with self.assertRaises(RuntimeError):
            tg.create_task(asyncio.sleep(0))


async def test_pytest_not_entered():
    import pytest

    cm = asyncio.timeout(0.01)
    with pytest.raises(RuntimeError, match="has not been entered"):
        cm.reschedule(0.02)


if __name__ == "__main__":
    unittest.main()
