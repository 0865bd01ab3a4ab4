package io.moirai.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;

/**
 * Lets the binding of {@code moirai.*} go on past a value that cannot be converted, so that one
 * start-up failure names every bad value.
 *
 * <p>Left alone, the binder stops at the first value it cannot convert
 * ({@code moirai.parallelism=many}) and never validates the others, so a user fixes one value,
 * starts again and meets the next. This handler, installed around Boot's own handlers by
 * {@link #advisor()}, notes each unconvertible {@code moirai.*} value and leaves its field at the
 * default; when the prefix finishes binding, the properties are validated as usual and, if any
 * value was unconvertible, an {@link InvalidMoiraiPropertiesException} lists those together with
 * whatever validation rejected. It acts the same on {@code moirai.cluster} ({@link MoiraiClusterProperties},
 * bound on its own); every prefix outside {@code moirai} passes through untouched.
 *
 * <p>Two more kinds of value go into the same report. An empty or blank value, which Spring
 * converts to "no value" for a number, a duration or an enum, so that {@code MOIRAI_QUEUE_CAPACITY=}
 * left empty by a template would quietly mean an unbounded queue: it is reported as a value the
 * property does not accept. And a name no Moirai property has ({@link UnknownProperties}).
 */
final class MoiraiPropertiesBindHandler implements BindHandler {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(MoiraiProperties.PREFIX);

    private final BindHandler parent;

    private final List<InvalidProperty> unconvertible = new ArrayList<>();

    /** Every name the binder tried under the prefix, set or not: the properties Moirai has. */
    private final Set<ConfigurationPropertyName> attempted = new HashSet<>();

    /** The attempted names that are lists, whose indexed elements are theirs. */
    private final Set<ConfigurationPropertyName> lists = new HashSet<>();

    /** The prefix this binding started with: {@code moirai}, {@code moirai.cluster}, or another application's. */
    private @Nullable ConfigurationPropertyName root;

    private MoiraiPropertiesBindHandler(BindHandler parent) {
        this.parent = parent;
    }

    /**
     * Installs the handler around the handler chain of every {@code @ConfigurationProperties}
     * binding; it acts on the {@code moirai} prefix only.
     *
     * @return the advisor
     */
    static ConfigurationPropertiesBindHandlerAdvisor advisor() {
        return MoiraiPropertiesBindHandler::new;
    }

    @Override
    public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
        if (this.root == null) {
            this.root = name;
        }
        if (MoiraiPropertiesFailureAnalyzer.isMoiraiPrefix(this.root)) {
            this.attempted.add(name);
            Class<?> type = target.getType().resolve(Object.class);
            if (Collection.class.isAssignableFrom(type) || type.isArray()) {
                this.lists.add(name);
            }
        }
        return this.parent.onStart(name, target, context);
    }

    @Override
    public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
        return this.parent.onSuccess(name, target, context, result);
    }

    @Override
    public Object onCreate(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
        return this.parent.onCreate(name, target, context, result);
    }

    /** A {@code moirai.*} value that did not convert is noted, and its field keeps its default. */
    @Override
    public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
            throws Exception {
        if (PREFIX.isAncestorOf(name) && error instanceof UnboundConfigurationPropertiesException unbound) {
            // a list's entries with a gap in their numbers: the binder stops at the gap
            for (ConfigurationProperty entry : unbound.getUnboundProperties()) {
                this.unconvertible.add(InvalidProperty.unknown(entry,
                        name + " is a list: number its entries from [0] with no gap"));
            }
            return null;
        }
        ConfigurationProperty given = context.getConfigurationProperty();
        if (given == null || !given.getName().equals(name)) {
            given = find(name, context);    // a value given to a group ("moirai.queue=10") fails before it is read
        }
        if (PREFIX.isAncestorOf(name) && given != null && this.root != null) {
            this.unconvertible.add(UnknownProperties.isGroup(this.root, name)
                    ? InvalidProperty.unknown(given, UnknownProperties.hint(this.root, name))
                    : InvalidProperty.unconvertible(given));
            return null;
        }
        return this.parent.onFailure(name, target, context, error);
    }

    private static @Nullable ConfigurationProperty find(ConfigurationPropertyName name, BindContext context) {
        for (ConfigurationPropertySource source : context.getSources()) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    @Override
    public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result)
            throws Exception {
        if (!name.equals(this.root)) {
            ConfigurationProperty given = context.getConfigurationProperty();
            if (result == null && PREFIX.isAncestorOf(name) && given != null && given.getName().equals(name)
                    && given.getValue() instanceof CharSequence text && text.toString().isBlank()) {
                this.unconvertible.add(InvalidProperty.unconvertible(given));
            }
            this.parent.onFinish(name, target, context, result);
            return;
        }
        List<InvalidProperty> invalid = new ArrayList<>(this.unconvertible);
        if (MoiraiPropertiesFailureAnalyzer.isMoiraiPrefix(name)) {
            invalid.addAll(UnknownProperties.find(name, this.attempted, this.lists, context.getSources()));
        }
        if (invalid.isEmpty()) {
            this.parent.onFinish(name, target, context, result);
            return;
        }
        try {
            this.parent.onFinish(name, target, context, result);
        } catch (BindValidationException validation) {
            invalid.addAll(InvalidProperty.rejectedBy(validation));
        }
        throw new InvalidMoiraiPropertiesException(invalid);
    }
}
