"""The browser tests' live server on an in-memory SQLite database serves one request at a time
(conftest.LiveServer): its request threads share one connection, and two requests at once collided."""

import threading

from django.test.testcases import LiveServerThread

from conftest import LiveServer, _OneAtATime


def test_the_live_server_is_the_project_one():
    assert LiveServerThread.server_class is LiveServer


def test_a_second_request_waits_until_the_first_response_is_closed():
    second_entered = threading.Event()
    calls = []

    def app(environ, start_response):
        calls.append(environ["n"])
        if environ["n"] == 2:
            second_entered.set()
        return [b"ok"]

    serial = _OneAtATime(app)
    first = serial({"n": 1}, None)
    assert list(first) == [b"ok"] and calls == [1]
    # The first response is not closed yet: a second request in another thread must wait.
    worker = threading.Thread(target=lambda: serial({"n": 2}, None).close())
    worker.start()
    assert not second_entered.wait(0.5)
    first.close()
    assert second_entered.wait(10)
    worker.join(10)
    assert calls == [1, 2]


def test_an_app_that_raises_does_not_keep_the_lock():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    serial = _OneAtATime(broken)
    for _ in range(2):
        try:
            serial({}, None)
        except RuntimeError:
            pass
    assert not serial.lock.locked()
