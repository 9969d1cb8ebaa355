"""docker-py over TLS (docker.tls.TLSConfig), as a remote client: with the CA's client certificate the
API answers, runs and execs; without one the handshake fails. Arguments: base URL, certificate dir."""
import ssl
import sys

import docker
import requests

url, certs = sys.argv[1], sys.argv[2]
ca, cert, key = certs + "/ca.pem", certs + "/cert.pem", certs + "/key.pem"

client = docker.DockerClient(base_url=url, tls=docker.tls.TLSConfig(client_cert=(cert, key), ca_cert=ca,
                                                                     verify=True), timeout=60)
assert client.ping(), "ping"
print("ok ping over TLS")
out = client.containers.run("busybox", ["echo", "hi from docker-py"], remove=True)
assert out == b"hi from docker-py\n", out
print("ok run over TLS")
c = client.containers.run("busybox", ["sleep", "60"], detach=True)
try:
    code, output = c.exec_run(["sh", "-c", "echo exec-out; echo exec-err >&2"], demux=True)
    assert code == 0 and output == (b"exec-out\n", b"exec-err\n"), (code, output)
    print("ok exec over TLS (hijacked stream, demultiplexed)")
finally:
    c.remove(force=True)

try:
    # the client asks for the server's version as it is made: refused there already
    bare = docker.DockerClient(base_url=url, tls=docker.tls.TLSConfig(ca_cert=ca, verify=True), timeout=20)
    bare.ping()
    sys.exit("a client without a certificate was served")
except (docker.errors.DockerException, requests.exceptions.SSLError, ssl.SSLError) as e:
    assert "certificate" in str(e).lower(), e
    print("ok a client without a certificate is refused: " + str(e)[:200])
