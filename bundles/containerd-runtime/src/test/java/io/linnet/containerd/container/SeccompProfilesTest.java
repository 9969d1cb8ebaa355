package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeccompProfilesTest {

    private final SeccompProfiles amd64 = new SeccompProfiles("amd64", "6.1.0-18-amd64");
    private final SeccompProfiles arm64 = new SeccompProfiles("arm64", "5.10.0");
    private final List<String> defaults = Capabilities.DEFAULTS;
    private final List<String> everything = new Capabilities(40).all();

    /** Rules of a converted filter that name this syscall. */
    private static List<JsonNode> rules(JsonNode filter, String name) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode rule : filter.path("syscalls")) {
            if (StreamSupport.stream(rule.path("names").spliterator(), false).anyMatch(n -> n.asText().equals(name))) {
                found.add(rule);
            }
        }
        return found;
    }

    /** Allowed whatever its arguments. */
    private static boolean allowed(JsonNode filter, String name) {
        return rules(filter, name).stream().anyMatch(r -> r.path("action").asText().equals("SCMP_ACT_ALLOW")
                && r.path("args").isEmpty());
    }

    private ObjectNode defaultFor(List<String> caps) {
        return amd64.forContainer(List.of(), false, caps);
    }

    @Test
    void defaultProfileDeniesWithEpermForTheHostArchitectures() {
        ObjectNode filter = defaultFor(defaults);
        assertEquals("SCMP_ACT_ERRNO", filter.path("defaultAction").asText());
        assertEquals(1, filter.path("defaultErrnoRet").asInt());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), texts(filter.path("architectures")));
        JsonNode onArm = arm64.forContainer(List.of(), false, defaults);
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), texts(onArm.path("architectures")));
        assertTrue(allowed(onArm, "cacheflush"));
        assertFalse(allowed(filter, "cacheflush"), "ARM's private calls only on ARM");
        for (JsonNode rule : filter.path("syscalls")) {
            assertTrue(rule.path("includes").isMissingNode() && rule.path("comment").isMissingNode(),
                    "only the OCI fields reach the spec");
        }
    }

    @Test
    void defaultProfileAllowsWhatLibcsRuntimesAndBusyboxNeed() {
        ObjectNode filter = defaultFor(defaults);
        for (String name : List.of("read", "write", "openat", "openat2", "close", "close_range", "statx", "newfstatat",
                "faccessat2", "fchmodat2", "getdents64", "mkdirat", "unlinkat", "renameat2", "copy_file_range",
                "execve", "execveat", "exit_group", "wait4", "waitid", "fork", "vfork", "rseq", "set_robust_list",
                "futex", "futex_waitv", "membarrier", "mmap", "mprotect", "madvise", "mremap", "getrandom",
                "memfd_create", "epoll_create1", "epoll_pwait", "epoll_pwait2", "eventfd2", "timerfd_create",
                "pidfd_open", "pidfd_send_signal", "rt_sigaction", "rt_sigreturn", "sigaltstack", "tgkill",
                "clock_gettime", "clock_nanosleep", "nanosleep", "socketpair", "connect", "accept4", "sendmmsg",
                "recvmsg", "setsockopt", "pipe2", "ioctl", "prctl", "arch_prctl", "capget", "capset", "setuid",
                "setgroups", "prlimit64", "sched_getaffinity", "uname", "sysinfo", "chroot", "ptrace",
                "shmget", "mq_open", "seccomp", "landlock_create_ruleset")) {
            assertTrue(allowed(filter, name), name + " allowed by default");
        }
    }

    @Test
    void capabilityGatedCallsFollowTheContainersCapabilities() {
        ObjectNode plain = defaultFor(defaults);
        for (String name : List.of("mount", "umount2", "unshare", "setns", "pivot_root", "sethostname", "bpf",
                "perf_event_open", "init_module", "settimeofday", "clock_settime", "reboot", "acct", "iopl",
                "syslog", "kcmp", "process_vm_writev", "open_by_handle_at", "userfaultfd", "mbind", "vhangup")) {
            if (!name.equals("process_vm_writev")) {
                assertFalse(allowed(plain, name), name + " needs a capability");
            }
        }
        assertTrue(allowed(defaultFor(with("CAP_SYS_ADMIN")), "mount"));
        assertTrue(allowed(defaultFor(with("CAP_SYS_ADMIN")), "unshare"));
        assertTrue(allowed(defaultFor(with("CAP_SYS_TIME")), "clock_settime"));
        assertTrue(allowed(defaultFor(with("CAP_SYS_MODULE")), "finit_module"));
        assertTrue(allowed(defaultFor(with("CAP_SYS_PTRACE")), "kcmp"));
        assertTrue(allowed(defaultFor(with("CAP_SYS_BOOT")), "reboot"));
        assertTrue(allowed(defaultFor(with("CAP_SYSLOG")), "syslog"));
        assertTrue(allowed(defaultFor(with("CAP_BPF")), "bpf"));
        assertTrue(allowed(defaultFor(with("CAP_DAC_READ_SEARCH")), "open_by_handle_at"));
        assertFalse(allowed(defaultFor(defaults.stream().filter(c -> !c.equals("CAP_SYS_CHROOT")).toList()), "chroot"));
        assertTrue(allowed(defaultFor(with("CAP_SYS_RAWIO")), "ioperm"));
        assertFalse(allowed(arm64.forContainer(List.of(), false, with("CAP_SYS_RAWIO")), "ioperm"), "x86 only");
    }

    @Test
    void socketsOfEveryFamilyButTheCryptoApiAndVsock() {
        // as current dockerd: allowed below AF_ALG (38), at 39, above AF_VSOCK (40); 38 and 40 get EPERM
        List<JsonNode> socket = rules(defaultFor(everything), "socket");
        assertEquals(3, socket.size());
        List<String> conditions = new ArrayList<>();
        for (JsonNode rule : socket) {
            assertEquals("SCMP_ACT_ALLOW", rule.path("action").asText());
            assertEquals(1, rule.path("args").size());
            JsonNode arg = rule.path("args").get(0);
            assertEquals(0, arg.path("index").asInt());
            conditions.add(arg.path("op").asText() + " " + arg.path("value").asLong());
        }
        assertEquals(List.of("SCMP_CMP_LT 38", "SCMP_CMP_EQ 39", "SCMP_CMP_GT 40"), conditions);
    }

    @Test
    void dangerousCallsStayOutEvenWithEveryCapability() {
        ObjectNode all = defaultFor(everything);
        for (String name : List.of("keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "swapon",
                "swapoff", "modify_ldt", "uselib", "_sysctl", "nfsservctl", "vm86", "io_uring_setup",
                "io_uring_enter", "io_uring_register")) {
            assertTrue(rules(all, name).isEmpty(), name + " is never allowed");
        }
    }

    @Test
    void cloneWithoutSysAdminCannotCreateNamespaces() {
        ObjectNode plain = defaultFor(defaults);
        List<JsonNode> clone = rules(plain, "clone");
        assertEquals(1, clone.size());
        JsonNode arg = clone.get(0).path("args").get(0);
        assertEquals(0, arg.path("index").asInt());
        assertEquals("SCMP_CMP_MASKED_EQ", arg.path("op").asText());
        assertEquals(0, arg.path("valueTwo").asLong());
        long namespaces = 0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L | 0x20000000L
                | 0x40000000L;
        assertEquals(namespaces, arg.path("value").asLong());
        JsonNode clone3 = rules(plain, "clone3").get(0);
        assertEquals("SCMP_ACT_ERRNO", clone3.path("action").asText());
        assertEquals(38, clone3.path("errnoRet").asInt(), "ENOSYS: libc falls back to clone");

        ObjectNode admin = defaultFor(with("CAP_SYS_ADMIN"));
        assertTrue(allowed(admin, "clone"));
        assertTrue(allowed(admin, "clone3"));
        assertTrue(rules(admin, "clone").stream().noneMatch(r -> r.has("args")));
        assertTrue(rules(admin, "clone3").stream().noneMatch(r -> r.path("action").asText().equals("SCMP_ACT_ERRNO")));
    }

    @Test
    void personalityOnlyForHarmlessDomains() {
        List<Long> values = rules(defaultFor(defaults), "personality").stream()
                .map(r -> r.path("args").get(0).path("value").asLong()).toList();
        assertEquals(List.of(0L, 8L, 0x20000L, 0x20008L, 0xffffffffL), values);
    }

    @Test
    void privilegedUnconfinedAndBuiltin() {
        assertNull(amd64.forContainer(List.of(), true, everything));
        assertNull(amd64.forContainer(List.of("seccomp=unconfined"), false, defaults));
        assertNull(amd64.forContainer(List.of("seccomp:unconfined"), false, defaults));
        assertEquals(defaultFor(defaults), amd64.forContainer(List.of("seccomp=builtin"), false, defaults));
        assertEquals(defaultFor(defaults), amd64.forContainer(List.of("no-new-privileges"), false, defaults));
    }

    @Test
    void userProfileIsConvertedForTheContainer() {
        String profile = """
                {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"unknown":true,
                 "syscalls":[
                  {"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13,"comment":"no dirs"},
                  {"name":"chmod","action":"SCMP_ACT_ERRNO"},
                  {"names":["sethostname"],"action":"SCMP_ACT_ERRNO","excludes":{"caps":["CAP_SYS_ADMIN"]}},
                  {"names":["mount"],"action":"SCMP_ACT_ERRNO","includes":{"caps":["CAP_SYS_ADMIN","CAP_NET_ADMIN"]}},
                  {"names":["arm_only"],"action":"SCMP_ACT_LOG","includes":{"arches":["arm64"]}},
                  {"names":["not_on_amd64"],"action":"SCMP_ACT_LOG","excludes":{"arches":["amd64"]}},
                  {"names":["new_kernels"],"action":"SCMP_ACT_KILL","includes":{"minKernel":"6.2"}},
                  {"names":["old_kernels"],"action":"SCMP_ACT_KILL","excludes":{"minKernel":"6.1"}},
                  {"names":["socket"],"action":"SCMP_ACT_ERRNO",
                   "args":[{"index":0,"value":40,"op":"SCMP_CMP_EQ"},{"index":1,"value":3,"valueTwo":1,"op":"SCMP_CMP_MASKED_EQ"}]}
                 ]}""";
        JsonNode filter = amd64.forContainer(List.of("seccomp=" + profile), false, defaults);
        assertEquals("SCMP_ACT_ALLOW", filter.path("defaultAction").asText());
        assertFalse(filter.has("defaultErrnoRet"));
        assertEquals(List.of("SCMP_ARCH_X86_64"), texts(filter.path("architectures")));
        JsonNode mkdir = rules(filter, "mkdir").get(0);
        assertEquals(List.of("mkdir", "mkdirat"), texts(mkdir.path("names")));
        assertEquals(13, mkdir.path("errnoRet").asInt());
        assertEquals(List.of("chmod"), texts(rules(filter, "chmod").get(0).path("names")));
        assertEquals(1, rules(filter, "sethostname").size());
        assertTrue(rules(filter, "mount").isEmpty(), "both capabilities are needed");
        assertTrue(rules(filter, "arm_only").isEmpty());
        assertTrue(rules(filter, "not_on_amd64").isEmpty());
        assertTrue(rules(filter, "new_kernels").isEmpty(), "6.1 < 6.2");
        assertTrue(rules(filter, "old_kernels").isEmpty(), "6.1 >= 6.1");
        JsonNode socket = rules(filter, "socket").get(0).path("args");
        assertEquals(2, socket.size());
        assertEquals(40, socket.get(0).path("value").asLong());
        assertEquals(0, socket.get(0).path("valueTwo").asLong());
        assertEquals(1, socket.get(1).path("index").asInt());
        assertEquals(1, socket.get(1).path("valueTwo").asLong());
        assertEquals("SCMP_CMP_MASKED_EQ", socket.get(1).path("op").asText());

        JsonNode admin = amd64.forContainer(List.of("seccomp=" + profile), false,
                List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN"));
        assertTrue(rules(admin, "sethostname").isEmpty());
        assertEquals(1, rules(admin, "mount").size());
        JsonNode onArm = arm64.forContainer(List.of("seccomp=" + profile), false, defaults);
        assertEquals(1, rules(onArm, "arm_only").size());
        assertEquals(1, rules(onArm, "not_on_amd64").size());
        assertEquals(1, rules(onArm, "old_kernels").size(), "5.10 < 6.1");
    }

    @Test
    void archMapPicksTheHostsEntry() {
        String profile = """
                {"defaultAction":"SCMP_ACT_ERRNO","archMap":[
                  {"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]},
                  {"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86"]}],
                 "syscalls":[]}""";
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
                texts(amd64.forContainer(List.of("seccomp=" + profile), false, defaults).path("architectures")));
    }

    @Test
    void badProfilesAreTheClientsError() {
        var notJson = assertThrows(InvalidParameterException.class,
                () -> amd64.forContainer(List.of("seccomp=notjson"), false, defaults));
        assertTrue(notJson.getMessage().startsWith("Decoding seccomp profile failed: "), notJson.getMessage());
        var both = assertThrows(InvalidParameterException.class, () -> amd64.forContainer(List.of(
                "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"a\",\"names\":[\"b\"]}]}"),
                false, defaults));
        assertEquals("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'",
                both.getMessage());
        var arches = assertThrows(InvalidParameterException.class, () -> amd64.forContainer(List.of(
                "seccomp={\"architectures\":[\"SCMP_ARCH_X86_64\"],\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}"),
                false, defaults));
        assertTrue(arches.getMessage().startsWith("'architectures' and 'archMap' were specified"));
        var mistyped = assertThrows(InvalidParameterException.class, () -> amd64.forContainer(List.of(
                "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":\"mkdir\"}]}"), false, defaults));
        assertTrue(mistyped.getMessage().startsWith("Decoding seccomp profile failed: json: cannot unmarshal string"));
        assertThrows(InvalidParameterException.class, () -> amd64.forContainer(List.of("seccomp=[]"), false, defaults));
    }

    @Test
    void kernelVersionsCompareNumerically() {
        assertTrue(SeccompProfiles.compareKernel("6.18.44-fc-v782", "4.8") > 0);
        assertTrue(SeccompProfiles.compareKernel("4.8.0", "4.8") == 0);
        assertTrue(SeccompProfiles.compareKernel("4.10", "4.8") > 0);
        assertTrue(SeccompProfiles.compareKernel("3.19.1", "4.8") < 0);
        assertEquals("amd64", SeccompProfiles.goArch("amd64"));
        assertEquals("arm64", SeccompProfiles.goArch("aarch64"));
    }

    private List<String> with(String cap) {
        List<String> caps = new ArrayList<>(defaults);
        caps.add(cap);
        return caps;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
