package io.moirai.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

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
 */
final class MoiraiPropertiesBindHandler implements BindHandler {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(MoiraiProperties.PREFIX);

    private final BindHandler parent;

    private final List<InvalidProperty> unconvertible = new ArrayList<>();

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
        ConfigurationProperty given = context.getConfigurationProperty();
        if (PREFIX.isAncestorOf(name) && given != null && given.getName().equals(name)) {
            this.unconvertible.add(InvalidProperty.unconvertible(given));
            return null;
        }
        return this.parent.onFailure(name, target, context, error);
    }

    @Override
    public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result)
            throws Exception {
        if (!name.equals(this.root) || this.unconvertible.isEmpty()) {
            this.parent.onFinish(name, target, context, result);
            return;
        }
        List<InvalidProperty> invalid = new ArrayList<>(this.unconvertible);
        try {
            this.parent.onFinish(name, target, context, result);
        } catch (BindValidationException validation) {
            invalid.addAll(InvalidProperty.rejectedBy(validation));
        }
        throw new InvalidMoiraiPropertiesException(invalid);
    }
}
