# Sourced by the load-test scripts: ports for an engine started on its own.

# A free port below the kernel's ephemeral range (32768+), so no outgoing connection takes it before
# the broker binds it.
free_port() {
    python3 -c '
import random, socket
while True:
    p = random.randint(20000, 32000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError:
        s.close()
'
}
