"""moto's server, embedded in this process, with every request serialized.

moto applies concurrent requests without locking, so two conditional writes
racing on one item can both "succeed". DynamoDB never allows that. One lock
around moto's WSGI app (held until the response body is fully produced) makes
every request atomic, as it is in AWS. tests/tradeapi/test_emulator.py
proves it with 40 racing threads.
"""

import os
import threading

from werkzeug.serving import make_server

LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


class SerializedApp:
    """A WSGI wrapper that lets one request at a time into the wrapped app."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close:
                    close()
        return [body]


class Emulator:
    """moto's server on a free loopback port, in a daemon thread of this process."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.host = host
        self.port = port
        self._server = None
        self._thread = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "Emulator":
        # moto signs requests with whatever credentials it is given; make sure
        # boto3 never looks for (or uses) real ones while talking to it.
        for name, value in LOCAL_CREDENTIALS.items():
            os.environ.setdefault(name, value)
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

        from tradeapi.local import moto_fixes

        moto_fixes.apply()  # transactions back up the items they touch, not the whole table

        app = SerializedApp(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self.host, self.port, app, threaded=True, request_handler=MotoRequestHandler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None
