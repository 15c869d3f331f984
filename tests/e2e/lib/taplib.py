"""taplib.py — the TAP-style reporting the Python end-to-end tests share
(serve.py, serve_slow.py, esmtp.py, explain_limits.py): "ok - NAME" /
"not ok - NAME: DETAIL" lines, a decorator that turns an exception into a
failure of that one test, and the exit status for the whole file."""
import ssl
import sys

_failed = 0


def report(name, ok, detail=""):
    global _failed
    if ok:
        print("ok - " + name)
    else:
        _failed += 1
        print("not ok - " + name + (": " + str(detail) if detail else ""))
    sys.stdout.flush()


def test(fn):
    """Run fn; an exception is a failure of that test, not of the file."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - report and go on
        report(fn.__name__, False, "%s: %s" % (type(e).__name__, e))
    return fn


def status():
    """1 when any test failed, else 0: the file's exit status."""
    return 1 if _failed else 0


def no_verify():
    """A TLS client context that accepts the simulator's self-signed cert."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
