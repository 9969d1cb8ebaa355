"""A docker-py (the Python Docker SDK) session against Linnet, run by DockerPyEndToEndIT.

Each check is what a Python user of the SDK does and sees. The environment gives DOCKER_HOST
(the daemon's socket) and REGISTRY (a local registry, host:port). Prints "ok <check>" per check
and exits non-zero when one fails, with its traceback.
"""
import io
import os
import sys
import tarfile
import time
import traceback
import urllib.request

import docker

client = docker.DockerClient(base_url=os.environ["DOCKER_HOST"], timeout=120)
api = client.api
registry = os.environ["REGISTRY"]
checks = []


def check(fn):
    checks.append(fn)
    return fn


def tar_of(name, data):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o644
        t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def expect_error(kind, fn, status=None):
    try:
        fn()
    except kind as e:
        if status is not None:
            assert e.status_code == status, (e.status_code, str(e))
        return e
    raise AssertionError("expected " + kind.__name__)


@check
def ping_version_and_info():
    assert client.ping() is True
    version = client.version()
    assert version["ApiVersion"] == "1.43", version
    assert version["Os"] == "linux"
    info = client.info()
    assert info["OSType"] == "linux" and "Containers" in info and "Images" in info, info


@check
def run_returns_output_and_raises_on_exit_codes():
    out = client.containers.run("busybox", ["sh", "-c", "echo hi; echo err >&2"], remove=True, stderr=True)
    # stdout and stderr are read by two copiers (as in dockerd): their order is not guaranteed
    assert sorted(out.splitlines()) == [b"err", b"hi"], out
    assert client.containers.run("busybox", ["echo", "only"], remove=True) == b"only\n"
    e = expect_error(docker.errors.ContainerError,
                     lambda: client.containers.run("busybox", ["sh", "-c", "exit 3"], remove=True))
    assert e.exit_status == 3
    expect_error(docker.errors.ImageNotFound, lambda: client.containers.create("no-such-image:1", "true"))
    expect_error(docker.errors.NotFound, lambda: client.containers.get("no-such-container"))


@check
def a_detached_server_with_env_labels_ports_and_a_volume():
    client.volumes.create("py-vol", labels={"from": "python"})
    web = client.containers.run(
        "busybox", ["sh", "-c", "echo $GREETING > /data/x; exec httpd -f -p 8080 -h /"],
        detach=True, name="py-web", environment={"GREETING": "hello"}, labels={"team": "py"},
        ports={"8080/tcp": None}, volumes={"py-vol": {"bind": "/data", "mode": "rw"}})
    try:
        web.reload()
        assert web.status == "running", web.status
        assert web.labels == {"team": "py"}
        port = web.ports["8080/tcp"][0]["HostPort"]
        body = None
        for _ in range(50):
            try:
                body = urllib.request.urlopen("http://127.0.0.1:%s/data/x" % port, timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        assert body == b"hello\n", body
        assert [c.name for c in client.containers.list(filters={"label": "team=py"})] == ["py-web"]
        mounts = web.attrs["Mounts"]
        assert mounts[0]["Name"] == "py-vol" and mounts[0]["Destination"] == "/data", mounts

        r = web.exec_run(["cat", "/data/x"])
        assert (r.exit_code, r.output) == (0, b"hello\n"), r
        assert web.exec_run(["sh", "-c", "exit 7"]).exit_code == 7
        r = web.exec_run(["sh", "-c", "echo o; echo e >&2"], demux=True)
        assert r.output == (b"o\n", b"e\n"), r.output
        r = web.exec_run("id -u", user="nobody", environment={"X": "1"})
        assert r.output == b"65534\n", r.output

        assert web.put_archive("/tmp", tar_of("note.txt", b"from python")) is True
        bits, stat = web.get_archive("/tmp/note.txt")
        assert stat["name"] == "note.txt" and stat["size"] == 11, stat
        with tarfile.open(fileobj=io.BytesIO(b"".join(bits))) as t:
            assert t.extractfile("note.txt").read() == b"from python"
        expect_error(docker.errors.NotFound, lambda: web.get_archive("/no/such/file"))

        top = web.top()
        assert "PID" in top["Titles"] and any("httpd" in " ".join(p) for p in top["Processes"]), top
        stats = web.stats(stream=False)
        assert stats["memory_stats"].get("usage", 0) > 0, stats["memory_stats"]

        web.pause()
        web.reload()
        assert web.status == "paused"
        web.unpause()
        web.rename("py-web-2")
        web.reload()
        assert web.name == "py-web-2"
        expect_error(docker.errors.APIError, lambda: web.remove(), status=409)
        web.stop(timeout=1)
        web.reload()
        assert web.status == "exited", web.status
    finally:
        web.remove(force=True)
        client.volumes.get("py-vol").remove()
    expect_error(docker.errors.NotFound, lambda: client.volumes.get("py-vol"))


@check
def logs_stream_follow_and_wait():
    c = client.containers.run("busybox", ["sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.2; done"],
                              detach=True)
    try:
        streamed = b"".join(c.logs(stream=True, follow=True))
        assert streamed == b"line1\nline2\nline3\n", streamed
        assert c.wait(timeout=30)["StatusCode"] == 0
        assert c.logs(tail=1) == b"line3\n"
        stamped = c.logs(timestamps=True).decode().splitlines()
        assert len(stamped) == 3 and stamped[0].split(" ", 1)[1] == "line1", stamped
        assert c.logs(stdout=False) == b""
    finally:
        c.remove()


@check
def networks_name_resolution_connect_and_disconnect():
    net = client.networks.create("py-net", driver="bridge", labels={"x": "y"})
    a = None
    try:
        a = client.containers.run("busybox", ["httpd", "-f", "-p", "80", "-h", "/etc"], detach=True,
                                  name="py-a", network="py-net")
        hostname = a.exec_run("hostname").output
        got = None
        for _ in range(50):
            try:
                got = client.containers.run("busybox", ["wget", "-qO-", "http://py-a/hostname"],
                                            network="py-net", remove=True)
                break
            except docker.errors.ContainerError:
                time.sleep(0.1)
        assert got == hostname, (got, hostname)
        net.reload()
        assert [c.name for c in net.containers] == ["py-a"]
        other = client.networks.create("py-net-2")
        try:
            other.connect(a, aliases=["second"])
            a.reload()
            assert set(a.attrs["NetworkSettings"]["Networks"]) == {"py-net", "py-net-2"}
            other.disconnect(a)
        finally:
            other.remove()
        assert client.networks.list(names=["py-net"])[0].attrs["Labels"] == {"x": "y"}
    finally:
        if a is not None:
            a.remove(force=True)
        net.remove()


@check
def build_tag_save_load_and_remove_images():
    dockerfile = b'FROM busybox\nRUN echo built > /b\nENV WHO=python\nCMD ["sh", "-c", "cat /b; echo $WHO"]\n'
    image, log = client.images.build(fileobj=io.BytesIO(dockerfile), tag="py-built:1", rm=True)
    assert any("Successfully tagged py-built:1" in l.get("stream", "") for l in log), list(log)
    assert client.containers.run("py-built:1", remove=True) == b"built\npython\n"
    assert image.tag("py-built", "2") is True
    assert set(client.images.get("py-built:2").tags) == {"py-built:1", "py-built:2"}
    saved = b"".join(image.save(named=True))
    client.images.remove("py-built:1")
    client.images.remove("py-built:2")
    expect_error(docker.errors.ImageNotFound, lambda: client.images.get("py-built:1"))
    loaded = client.images.load(saved)
    assert loaded[0].id == image.id and "py-built:1" in loaded[0].tags, loaded
    history = image.history()
    # the classic builder's history, as dockerd writes it
    assert any(h["CreatedBy"] == "/bin/sh -c echo built > /b" and h["Size"] == 6 for h in history), history
    client.images.remove(image.id, force=True)


@check
def push_and_pull_through_a_registry():
    repo = registry + "/py-busybox"
    client.images.get("busybox").tag(repo, "1")
    lines = list(api.push(repo, tag="1", stream=True, decode=True))
    assert not any("error" in l for l in lines), lines
    assert any(l.get("status") == "Pushed" for l in lines), lines
    digest = [l["status"] for l in lines if "digest: sha256:" in l.get("status", "")]
    assert digest and digest[0].startswith("1: digest: sha256:"), lines
    aux = lines[-1]["aux"]
    assert aux["Tag"] == "1" and digest[0] == "1: digest: %s size: %d" % (aux["Digest"], aux["Size"]), lines[-1]
    image_id = client.images.get(repo + ":1").id
    client.images.remove(repo + ":1")
    pulled = client.images.pull(repo, tag="1")
    assert pulled.id == image_id, (pulled.id, image_id)
    assert any(d.startswith(repo + "@sha256:") for d in pulled.attrs["RepoDigests"]), pulled.attrs
    data = client.images.get_registry_data(repo + ":1")
    assert data.id.startswith("sha256:") and data.has_platform("linux/amd64"), data.attrs
    expect_error(docker.errors.NotFound, lambda: client.images.pull(repo, tag="nope"))
    client.images.remove(repo + ":1")


@check
def events_and_prune():
    since = time.time()
    client.containers.run("busybox", "true", name="py-ev", remove=True)
    until = time.time() + 1
    actions = [e["Action"] for e in client.events(since=since, until=until, decode=True,
                                                  filters={"container": "py-ev"})]
    assert actions[0] == "create" and "start" in actions and actions[-1] == "destroy", actions
    c = client.containers.create("busybox", "true")
    pruned = client.containers.prune()
    assert c.id in (pruned["ContainersDeleted"] or []), pruned
    client.volumes.create("py-unused")
    pruned = client.volumes.prune(filters={"all": "true"})
    assert "py-unused" in (pruned["VolumesDeleted"] or []), pruned


@check
def attach_stdin_kill_update_commit_diff_export_and_df():
    c = client.containers.create("busybox", ["sh", "-c", "read line; echo got:$line"], stdin_open=True)
    try:
        sock = c.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
        c.start()
        sock._sock.sendall(b"ping\n")
        assert c.wait(timeout=30)["StatusCode"] == 0
        sock.close()
        assert c.logs() == b"got:ping\n", c.logs()
    finally:
        c.remove()

    c = client.containers.run("busybox", ["sleep", "100"], detach=True)
    try:
        c.update(mem_limit="64m", memswap_limit="128m")
        c.reload()
        assert c.attrs["HostConfig"]["Memory"] == 64 * 1024 * 1024, c.attrs["HostConfig"]["Memory"]
        c.exec_run(["sh", "-c", "echo data > /new-file"])
        assert {"Kind": 1, "Path": "/new-file"} in c.diff(), c.diff()
        image = c.commit(repository="py-committed", tag="1", changes=["ENV COMMITTED=yes"])
        assert "COMMITTED=yes" in image.attrs["Config"]["Env"], image.attrs["Config"]
        exported = b"".join(c.export())
        with tarfile.open(fileobj=io.BytesIO(exported)) as t:
            assert "new-file" in t.getnames(), t.getnames()[:20]
        c.kill(signal="SIGKILL")
        assert c.wait(timeout=30)["StatusCode"] == 137
        expect_error(docker.errors.APIError, lambda: c.kill(), status=409)
        df = client.df()
        assert any(i["Id"] == image.id for i in df["Images"]), df["Images"]
        mine = [x for x in df["Containers"] if x["Id"] == c.id]
        assert mine and mine[0]["SizeRw"] > 0 and mine[0]["SizeRootFs"] > mine[0]["SizeRw"], mine
        client.images.remove(image.id)
    finally:
        c.remove(force=True)


failed = 0
for fn in checks:
    try:
        fn()
        print("ok", fn.__name__, flush=True)
    except Exception:
        failed += 1
        print("FAILED", fn.__name__, flush=True)
        traceback.print_exc(file=sys.stdout)
sys.exit(1 if failed else 0)
