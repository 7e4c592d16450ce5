#!/usr/bin/env python3
"""Loopback-only HTTP server for devomap's download tests.

Serves files under --root at their URL path (the query string is ignored), with byte ranges
(206) so interrupted downloads can resume. Binds 127.0.0.1 on an ephemeral port and writes the
port to --port-file once it is listening; it never talks to anything else.

Behaviours a test can ask for by putting a segment in the path:
  /_truncate_once/...  the first request gets the full Content-Length but only half the body,
                       then the connection closes; later requests are served normally.
  /_no_length/...      no Content-Length; the body ends when the connection closes.
Every request line is appended to --log when given, so tests can see Range headers.
"""
import argparse
import http.server
import os
import socketserver
import sys
import threading
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    log_path = None
    truncated = set()
    lock = threading.Lock()

    def log_message(self, fmt, *args):  # keep test output clean
        if self.log_path:
            with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
                log.write("%s range=%s\n" % (self.path, self.headers.get("Range", "-")))

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        file_path = os.path.normpath(os.path.join(self.root, path.lstrip("/")))
        if not file_path.startswith(os.path.abspath(self.root)) or not os.path.isfile(file_path):
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        with open(file_path, "rb") as f:
            data = f.read()
        segments = path.split("/")
        start = 0
        range_header = self.headers.get("Range")
        if range_header and range_header.startswith("bytes="):
            first = range_header[len("bytes="):].split("-")[0]
            start = int(first) if first else 0
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(data))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        body = data[start:]
        with self.lock:
            truncate = "_truncate_once" in segments and path not in self.truncated
            if truncate:
                self.truncated.add(path)
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        if "_no_length" in segments:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        # Several writes so clients see progress on larger files.
        step = 16384
        for i in range(0, len(body), step):
            self.wfile.write(body[i : i + step])


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log")
    args = parser.parse_args()
    Handler.root = os.path.abspath(args.root)
    Handler.log_path = args.log
    server = Server(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
