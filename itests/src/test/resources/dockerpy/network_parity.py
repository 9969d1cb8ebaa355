"""docker-py on a dual-stack network, run by NetworkParityEndToEndIT.

A container created with a MAC address (Config.MacAddress), and one connected with fixed IPv4 and
IPv6 addresses and a MAC address (EndpointConfig): what inspect and the container's own interface
show. DOCKER_HOST names the daemon's socket. Prints "ok" and exits 0 when everything matched.
"""
import os

import docker

client = docker.DockerClient(base_url=os.environ["DOCKER_HOST"], timeout=120)

ipam = docker.types.IPAMConfig(pool_configs=[
    docker.types.IPAMPool(subnet="10.233.73.0/24"),
    docker.types.IPAMPool(subnet="2001:db8:73::/64"),
])
net = client.networks.create("pynet", driver="bridge", enable_ipv6=True, ipam=ipam)
try:
    first = client.containers.run("busybox", ["sleep", "300"], detach=True, name="pymac", network="pynet",
                                  mac_address="02:42:ac:11:00:99")
    first.reload()
    ep = first.attrs["NetworkSettings"]["Networks"]["pynet"]
    assert ep["MacAddress"] == "02:42:ac:11:00:99", ep
    assert ep["GlobalIPv6Address"].startswith("2001:db8:73::"), ep
    assert ep["GlobalIPv6PrefixLen"] == 64, ep
    assert ep["IPv6Gateway"] == "2001:db8:73::1", ep
    link = first.exec_run(["busybox", "ip", "link", "show", "eth0"]).output.decode()
    assert "link/ether 02:42:ac:11:00:99" in link, link

    second = client.containers.run("busybox", ["sleep", "300"], detach=True, name="pyconn")
    client.api.connect_container_to_network(second.id, "pynet", ipv4_address="10.233.73.50",
                                            ipv6_address="2001:db8:73::50", mac_address="02:42:ac:11:00:50")
    second.reload()
    ep = second.attrs["NetworkSettings"]["Networks"]["pynet"]
    assert ep["IPAMConfig"] == {"IPv4Address": "10.233.73.50", "IPv6Address": "2001:db8:73::50"}, ep
    assert ep["IPAddress"] == "10.233.73.50" and ep["IPPrefixLen"] == 24, ep
    assert ep["GlobalIPv6Address"] == "2001:db8:73::50", ep
    assert ep["MacAddress"] == "02:42:ac:11:00:50", ep
    addr = second.exec_run(["busybox", "ip", "addr", "show", "eth1"]).output.decode()
    for expected in ("link/ether 02:42:ac:11:00:50", "inet 10.233.73.50/24", "inet6 2001:db8:73::50/64"):
        assert expected in addr, addr

    net.reload()
    attached = net.attrs["Containers"][second.id]
    assert attached["IPv4Address"] == "10.233.73.50/24", attached
    assert attached["IPv6Address"] == "2001:db8:73::50/64", attached
    assert attached["MacAddress"] == "02:42:ac:11:00:50", attached
    assert attached["EndpointID"] == ep["EndpointID"], attached
    assert net.attrs["EnableIPv6"] is True, net.attrs
    print("ok")
finally:
    for name in ("pymac", "pyconn"):
        try:
            client.containers.get(name).remove(force=True)
        except docker.errors.NotFound:
            pass
    net.remove()
