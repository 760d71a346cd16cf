class Runner:
    def run(self, cmd):
        return cmd


async def build(cmd, subprocess=Runner()):
    subprocess.run(cmd)


async def clean(cmd):
    os = Runner()
    os.system(cmd)
