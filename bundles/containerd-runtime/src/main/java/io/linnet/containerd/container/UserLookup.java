package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves Docker's {@code User} ({@code name|uid[:group|gid]}) and {@code GroupAdd} against the
 * container's /etc/passwd and /etc/group, as runc's libcontainer/user GetExecUser and moby's getUser do.
 */
final class UserLookup {

    private static final long MAX_ID = (1L << 31) - 1;

    private record Passwd(String name, long uid, long gid) {
    }

    private record Group(String name, long gid, List<String> members) {
    }

    private UserLookup() {
    }

    static ExecUser resolve(String user, List<String> groupAdd, RootfsFiles files) {
        Optional<List<Passwd>> passwd = files.read("/etc/passwd").map(UserLookup::parsePasswd);
        Optional<List<Group>> groups = files.read("/etc/group").map(UserLookup::parseGroups);
        String userArg = user;
        String groupArg = "";
        int colon = user.indexOf(':');
        if (colon >= 0) {
            userArg = user.substring(0, colon);
            groupArg = user.substring(colon + 1);
        }
        long uid = 0;
        long gid = 0;
        String matchedName = null;
        if (userArg.isEmpty()) {
            userArg = "0"; // root, by uid, whether or not it is named in /etc/passwd
        }
        Long numericUser = number(userArg);
        String userName = userArg;
        // a numeric user is always a uid, never a name
        Optional<Passwd> entry = passwd.flatMap(list -> list.stream()
                .filter(p -> numericUser != null ? p.uid() == numericUser : p.name().equals(userName))
                .findFirst());
        if (entry.isPresent()) {
            uid = entry.get().uid();
            gid = entry.get().gid();
            matchedName = entry.get().name();
        } else if (numericUser != null) {
            uid = checked(numericUser, "user");
        } else {
            throw new InvalidParameterException("unable to find user " + userArg + ": no matching entries in passwd file");
        }

        List<Long> sgids = new ArrayList<>();
        if (!groupArg.isEmpty()) {
            String wanted = groupArg;
            Long numericGroup = number(wanted);
            Optional<Group> group = groups.flatMap(list -> list.stream()
                    .filter(g -> numericGroup != null ? g.gid() == numericGroup : g.name().equals(wanted))
                    .findFirst());
            if (group.isPresent()) {
                gid = group.get().gid();
            } else if (numericGroup != null) {
                gid = checked(numericGroup, "group");
            } else {
                throw new InvalidParameterException("unable to find group " + wanted + ": no matching entries in group file");
            }
        } else if (matchedName != null && groups.isPresent()) {
            String name = matchedName;
            groups.get().stream().filter(g -> g.members().contains(name)).forEach(g -> sgids.add(g.gid()));
        }

        List<Long> additional = new ArrayList<>();
        additional.add(gid);
        additional.addAll(sgids);
        for (String added : groupAdd) {
            Long numeric = number(added);
            Optional<Group> group = groups.flatMap(list -> list.stream()
                    .filter(g -> g.name().equals(added) || (numeric != null && g.gid() == numeric)).findFirst());
            if (group.isPresent()) {
                additional.add(group.get().gid());
            } else if (numeric != null) {
                additional.add(checked(numeric, "group"));
            } else {
                throw new InvalidParameterException("Unable to find group " + added + ": no matching entries in group file");
            }
        }
        return new ExecUser(uid, gid, List.copyOf(additional));
    }

    private static long checked(long id, String what) {
        if (id < 0 || id > MAX_ID) {
            throw new InvalidParameterException(what + " id " + id + " is out of range");
        }
        return id;
    }

    private static Long number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static List<Passwd> parsePasswd(byte[] bytes) {
        List<Passwd> out = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.trim().split(":", -1);
            if (line.isBlank() || line.startsWith("#") || f.length < 4) {
                continue;
            }
            Long uid = number(f[2]);
            Long gid = number(f[3]);
            if (uid != null && gid != null) {
                out.add(new Passwd(f[0], uid, gid));
            }
        }
        return out;
    }

    private static List<Group> parseGroups(byte[] bytes) {
        List<Group> out = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.trim().split(":", -1);
            if (line.isBlank() || line.startsWith("#") || f.length < 3) {
                continue;
            }
            Long gid = number(f[2]);
            if (gid != null) {
                List<String> members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
                out.add(new Group(f[0], gid, members));
            }
        }
        return out;
    }
}
