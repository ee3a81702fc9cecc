"""The minimal Flask "hello" app: the ceiling the unit-page benchmark compares against."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
