package io.moirai.hazelcast;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The allow-list every payload is read through: classes whose names start with one of the
 * allowed package prefixes, arrays of them, and primitives. Anything else is refused before an
 * instance exists (the stream has resolved the class, without initializing it, but reads no
 * field and calls no {@code readObject}/{@code readResolve}), and reported once per refusal.
 */
final class PayloadFilter implements ObjectInputFilter {

    private static final System.Logger LOG = System.getLogger("io.moirai.hazelcast");

    private final List<String> prefixes;
    private final Consumer<String> onRefused;

    PayloadFilter(List<String> packages, Consumer<String> onRefused) {
        List<String> p = new ArrayList<>();
        p.add("java.");
        p.add("io.moirai.");
        for (String name : packages) {
            p.add(name + ".");
        }
        this.prefixes = List.copyOf(p);
        this.onRefused = onRefused;
    }

    List<String> prefixes() {
        return prefixes;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;   // a depth or reference check only: no class to judge
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive() || allowed(type.getName())) {
            return Status.ALLOWED;
        }
        LOG.log(System.Logger.Level.WARNING, "refused a payload holding {0}: not in the allowed packages {1}",
                type.getName(), prefixes);
        onRefused.accept(type.getName());
        return Status.REJECTED;
    }

    boolean allowed(String className) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
