package io.moirai.topology;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Finds the process's cgroup and reads its CPU limits: the bandwidth quota and the cpuset.
 *
 * <p><b>Finding the directory.</b> {@code /proc/self/cgroup} names the cgroup per hierarchy
 * ({@code hierarchy-id:controllers:path}; v2's single line is {@code 0::path}), and
 * {@code /proc/self/mountinfo} says where each hierarchy is mounted and which part of it
 * ({@code root}, the fourth field) the mount shows. The directory is the mount point plus the
 * path relative to that root. Inside a container with its own cgroup namespace the path is
 * {@code /} and the root too; when the path is not below the mount's root (a host path seen
 * through a namespaced mount), the mount point itself is the process's cgroup, as the JDK
 * assumes in the same case.
 *
 * <p><b>Which version.</b> v1 controllers named in {@code /proc/self/cgroup} ({@code cpu},
 * {@code cpuset}) with a v1 mount are read as v1 (this covers hybrid systems, where v2's
 * unified hierarchy is mounted but holds no controller); otherwise the v2 line is read.
 *
 * <p><b>Quota.</b> A parent's bandwidth limit binds its children, so the quota is the smallest
 * one set on the way from the process's cgroup up to the mount point (v2 {@code cpu.max}
 * {@code "$MAX $PERIOD"}, {@code max} meaning none; v1 {@code cpu.cfs_quota_us}, {@code -1}
 * meaning none, over {@code cpu.cfs_period_us}). <b>Cpuset.</b> v2's
 * {@code cpuset.cpus.effective} already applies the ancestors' limits; v1's {@code cpuset.cpus}
 * is a subset of its parent's by the kernel's rule. Either is read from the nearest directory
 * that has the file.
 */
final class CgroupReader {

    /** The cgroup's limits; {@code quota} null when unlimited, {@code cpus} empty when unknown. */
    record Limits(Double quota, SortedSet<Integer> cpus) {
        static final Limits NONE = new Limits(null, new TreeSet<>());
    }

    private CgroupReader() {
    }

    static Limits read(Path root) {
        String cgroups = SysfsReader.readOrNull(root.resolve("proc/self/cgroup"));
        String mountinfo = SysfsReader.readOrNull(root.resolve("proc/self/mountinfo"));
        if (cgroups == null || mountinfo == null) {
            return Limits.NONE;
        }
        Map<String, String> v1Paths = new HashMap<>();
        String v2Path = null;
        for (String line : cgroups.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                continue;
            }
            if ("0".equals(fields[0]) && fields[1].isEmpty()) {
                v2Path = fields[2].strip();
            } else {
                for (String controller : fields[1].split(",")) {
                    v1Paths.put(controller, fields[2].strip());
                }
            }
        }
        List<Mount> mounts = Mount.parseAll(mountinfo);
        Path cpuV1 = v1Directory(root, mounts, v1Paths, "cpu");
        Path cpusetV1 = v1Directory(root, mounts, v1Paths, "cpuset");
        Path v2 = null;
        if (v2Path != null && (cpuV1 == null || cpusetV1 == null)) {
            for (Mount mount : mounts) {
                if ("cgroup2".equals(mount.fsType())) {
                    v2 = mount.directory(root, v2Path);
                    break;
                }
            }
        }
        Double quota = cpuV1 != null ? smallestQuota(cpuV1, root, mounts, false)
                : v2 != null ? smallestQuota(v2, root, mounts, true) : null;
        SortedSet<Integer> cpus = cpusetV1 != null ? nearestCpuset(cpusetV1, root, mounts, "cpuset.cpus")
                : v2 != null ? nearestCpuset(v2, root, mounts, "cpuset.cpus.effective") : null;
        return new Limits(quota, cpus != null ? cpus : new TreeSet<>());
    }

    private static Path v1Directory(Path root, List<Mount> mounts, Map<String, String> paths, String controller) {
        String path = paths.get(controller);
        if (path == null) {
            return null;
        }
        for (Mount mount : mounts) {
            if ("cgroup".equals(mount.fsType()) && mount.hasOption(controller)) {
                return mount.directory(root, path);
            }
        }
        return null;
    }

    private static Double smallestQuota(Path leaf, Path root, List<Mount> mounts, boolean v2) {
        Path top = mountPointOf(leaf, root, mounts);
        Double smallest = null;
        for (Path dir = leaf; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            Double quota = v2 ? quotaV2(dir) : quotaV1(dir);
            if (quota != null && (smallest == null || quota < smallest)) {
                smallest = quota;
            }
            if (dir.equals(top)) {
                break;
            }
        }
        return smallest;
    }

    private static Double quotaV2(Path dir) {
        String max = SysfsReader.readOrNull(dir.resolve("cpu.max"));
        if (max == null) {
            return null;
        }
        String[] fields = max.strip().split("\\s+");
        if (fields.length == 0 || "max".equals(fields[0])) {
            return null;
        }
        Long quota = SysfsReader.longOrNull(fields[0]);
        Long period = fields.length > 1 ? SysfsReader.longOrNull(fields[1]) : Long.valueOf(100_000L);
        return ratio(quota, period);
    }

    private static Double quotaV1(Path dir) {
        return ratio(SysfsReader.longOrNull(SysfsReader.readOrNull(dir.resolve("cpu.cfs_quota_us"))),
                SysfsReader.longOrNull(SysfsReader.readOrNull(dir.resolve("cpu.cfs_period_us"))));
    }

    /** quota / period in CPUs, or {@code null} for no limit (-1) and for nonsense. */
    private static Double ratio(Long quota, Long period) {
        if (quota == null || period == null || quota <= 0L || period <= 0L) {
            return null;
        }
        return (double) quota / (double) period;
    }

    private static SortedSet<Integer> nearestCpuset(Path leaf, Path root, List<Mount> mounts, String file) {
        Path top = mountPointOf(leaf, root, mounts);
        for (Path dir = leaf; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            SortedSet<Integer> cpus = SysfsReader.parseOrNull(SysfsReader.readOrNull(dir.resolve(file)));
            if (cpus != null && !cpus.isEmpty()) {
                return cpus;
            }
            if (dir.equals(top)) {
                break;
            }
        }
        return null;
    }

    /** The deepest mount point above {@code dir}: where walking up must stop. */
    private static Path mountPointOf(Path dir, Path root, List<Mount> mounts) {
        Path best = dir;
        int bestDepth = -1;
        for (Mount mount : mounts) {
            Path point = mount.resolvedPoint(root);
            if (dir.startsWith(point) && point.getNameCount() > bestDepth) {
                best = point;
                bestDepth = point.getNameCount();
            }
        }
        return best;
    }

    /** One line of {@code /proc/self/mountinfo} (see proc(5)), the fields this reader needs. */
    private record Mount(String root, String point, String fsType, String superOptions) {

        static List<Mount> parseAll(String mountinfo) {
            return mountinfo.lines().map(Mount::parse).filter(m -> m != null).toList();
        }

        /** {@code id parent major:minor root point options [optional...] - fstype source superoptions}. */
        private static Mount parse(String line) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                return null;
            }
            String[] left = line.substring(0, separator).split(" ");
            String[] right = line.substring(separator + 3).split(" ");
            if (left.length < 5 || right.length < 1) {
                return null;
            }
            return new Mount(unescape(left[3]), unescape(left[4]), right[0], right.length > 2 ? right[2] : "");
        }

        /** mountinfo writes space, tab, newline and backslash as three-digit octal escapes. */
        private static String unescape(String field) {
            StringBuilder out = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                    out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        boolean hasOption(String option) {
            for (String o : superOptions.split(",")) {
                if (o.equals(option)) {
                    return true;
                }
            }
            return false;
        }

        Path resolvedPoint(Path fsRoot) {
            return fsRoot.resolve(relative(point));
        }

        /** The directory of the cgroup at {@code path} of this hierarchy. */
        Path directory(Path fsRoot, String path) {
            String relative;
            if ("/".equals(root)) {
                relative = path;
            } else if (path.equals(root) || path.startsWith(root + "/")) {
                relative = path.substring(root.length());
            } else {
                relative = "/";
            }
            return resolvedPoint(fsRoot).resolve(relative(relative)).normalize();
        }

        private static String relative(String absolute) {
            int i = 0;
            while (i < absolute.length() && absolute.charAt(i) == '/') {
                i++;
            }
            return absolute.substring(i);
        }
    }
}
