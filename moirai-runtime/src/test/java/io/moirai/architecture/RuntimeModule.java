package io.moirai.architecture;

import io.moirai.runtime.MoiraiRuntime;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The compiled {@code io.moirai.runtime} module: where it is ({@code target/classes}, or the jar,
 * whichever the class-path copy of the runtime was loaded from) and what its descriptor says.
 * The tests read the border from the descriptor, so it is stated once, in {@code module-info.java}.
 */
final class RuntimeModule {

    static final String NAME = "io.moirai.runtime";

    private RuntimeModule() {
    }

    /** The directory or jar holding the compiled module. */
    static Path location() {
        try {
            return Path.of(MoiraiRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The module's descriptor, as compiled. */
    static ModuleDescriptor descriptor() {
        return ModuleFinder.of(location()).find(NAME).orElseThrow().descriptor();
    }

    /** The packages the module exports to everyone. */
    static Set<String> exportedPackages() {
        return descriptor().exports().stream().filter(exports -> !exports.isQualified())
                .map(Exports::source).collect(Collectors.toUnmodifiableSet());
    }
}
