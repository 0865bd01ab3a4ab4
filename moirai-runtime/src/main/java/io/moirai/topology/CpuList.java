package io.moirai.topology;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The kernel's CPU list format, as {@code /sys/devices/system/cpu/online}, a NUMA node's
 * {@code cpulist}, {@code Cpus_allowed_list} in {@code /proc/self/status} and a cgroup's
 * {@code cpuset.cpus} write it: comma-separated CPUs and inclusive ranges, such as
 * {@code 0-3,8-11,14}. The kernel's parser ({@code bitmap_parselist}) also accepts a stride,
 * {@code 0-15:2/4} (of each group of 4 CPUs from 0 to 15, the first 2), which is read too. An
 * empty text (possibly just a newline) is the empty list: a memory-only NUMA node has one.
 */
final class CpuList {

    /** Larger than any CPU number Linux supports (CONFIG_NR_CPUS is at most 8192); guards against absurd input. */
    static final int MAX_CPU = 1 << 16;

    private CpuList() {
    }

    /**
     * Parses a CPU list.
     *
     * @param text the list, surrounding white space allowed
     * @return the CPUs, in ascending order
     * @throws IllegalArgumentException if the text is not a CPU list
     */
    static SortedSet<Integer> parse(String text) {
        String trimmed = text.strip();
        SortedSet<Integer> cpus = new TreeSet<>();
        if (trimmed.isEmpty()) {
            return cpus;
        }
        for (String item : trimmed.split(",", -1)) {
            parseItem(item.strip(), text, cpus);
        }
        return cpus;
    }

    private static void parseItem(String item, String text, SortedSet<Integer> cpus) {
        int colon = item.indexOf(':');
        String range = colon < 0 ? item : item.substring(0, colon);
        int dash = range.indexOf('-');
        int first = number(dash < 0 ? range : range.substring(0, dash), text);
        int last = dash < 0 ? first : number(range.substring(dash + 1), text);
        if (last < first) {
            throw malformed(text, "range " + range + " runs backwards");
        }
        int used = 1;
        int group = 1;
        if (colon >= 0) {
            String stride = item.substring(colon + 1);
            int slash = stride.indexOf('/');
            if (slash < 0 || dash < 0) {
                throw malformed(text, "a stride needs a range and the form used/group");
            }
            used = number(stride.substring(0, slash), text);
            group = number(stride.substring(slash + 1), text);
            if (used < 1 || group < 1 || used > group) {
                throw malformed(text, "stride " + stride + " is not used/group with 1 <= used <= group");
            }
        }
        for (int cpu = first; cpu <= last; cpu++) {
            if ((cpu - first) % group < used) {
                cpus.add(cpu);
            }
        }
    }

    private static int number(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 6) {
            throw malformed(text, "'" + digits + "' is not a CPU number");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw malformed(text, "'" + digits + "' is not a CPU number");
            }
        }
        int value = Integer.parseInt(digits);
        if (value >= MAX_CPU) {
            throw malformed(text, "CPU " + value + " is beyond " + (MAX_CPU - 1));
        }
        return value;
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("not a CPU list ('0-3,8-11,14'): '" + text.strip() + "': " + why);
    }

    /**
     * Writes CPUs in the kernel's format, ranges collapsed: {@code [0, 1, 2, 3, 6]} gives
     * {@code "0-3,6"}.
     *
     * @param cpus the CPUs, in any order, no negatives
     * @return the list; empty for no CPUs
     */
    static String format(Collection<Integer> cpus) {
        SortedSet<Integer> sorted = cpus instanceof SortedSet<Integer> s && s.comparator() == null
                ? s : new TreeSet<>(cpus);
        StringBuilder text = new StringBuilder();
        int start = -1;
        int previous = -1;
        for (int cpu : sorted) {
            if (start >= 0 && cpu == previous + 1) {
                previous = cpu;
                continue;
            }
            appendRange(text, start, previous);
            start = cpu;
            previous = cpu;
        }
        appendRange(text, start, previous);
        return text.toString();
    }

    private static void appendRange(StringBuilder text, int start, int end) {
        if (start < 0) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(',');
        }
        text.append(start);
        if (end > start) {
            text.append('-').append(end);
        }
    }
}
