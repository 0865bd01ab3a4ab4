package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list's packages as {@link ClusterOptions} takes them; no cluster needed. */
class ClusterOptionsTest {

    /**
     * A package written as the Spring property allows it, "com.acme.model.*" or with a space
     * around it, is the package. Such a name used to be kept as written: it matched no class, and
     * every payload holding the classes it was meant to allow was refused at run time.
     */
    @Test
    void aTrailingWildcardOrDotAndSurroundingSpacesAreTheSamePackage() {
        ClusterOptions options = ClusterOptions.defaults().applicationPackages("com.acme.billing.*")
                .allowPackages("org.joda.time.", " com.acme.model ", "org.example.*");
        assertThat(options.applicationPackages()).containsExactly("com.acme.billing");
        assertThat(options.allowedPackages()).containsExactly("org.joda.time", "com.acme.model", "org.example");
        PayloadFilter filter = new PayloadFilter(List.of("com.acme.model"), refused -> { });
        assertThat(filter.allowed("com.acme.model.Order")).isTrue();
        assertThat(filter.allowed("com.acme.modelling.Order")).isFalse();
    }

    /** What can name no package fails when the options are made, naming the value, not at the first payload. */
    @Test
    void aValueThatIsNoPackageNameIsRefusedNamingIt() {
        for (String bad : List.of(" ", "*", ".", "com.*.model", "com..acme", "com acme", "com/acme", "1com.acme",
                "com.acme.**")) {
            assertThatThrownBy(() -> ClusterOptions.defaults().allowPackages(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("com.acme.model");
            assertThatThrownBy(() -> ClusterOptions.defaults().applicationPackages(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> ClusterOptions.defaults().allowPackages((String) null))
                .isInstanceOf(NullPointerException.class);
    }
}
