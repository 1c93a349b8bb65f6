from befriend.cli.main import run

run()
