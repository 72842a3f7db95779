from copydesk.heap import long_lived

with long_lived():  # the command's modules live as long as the run (copydesk.heap)
    from copydesk.cli import run

run()
