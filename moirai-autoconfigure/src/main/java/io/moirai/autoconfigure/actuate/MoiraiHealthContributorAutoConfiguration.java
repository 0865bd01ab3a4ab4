package io.moirai.autoconfigure.actuate;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.runtime.MoiraiRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health contributor {@code moirai}, when Boot's health support is present
 * ({@code management.health.moirai.enabled=false} switches it off).
 */
@AutoConfiguration(after = MoiraiAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(MoiraiRuntime.class)
@ConditionalOnEnabledHealthIndicator("moirai")
public final class MoiraiHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "moiraiHealthIndicator")
    MoiraiHealthIndicator moiraiHealthIndicator(MoiraiRuntime moiraiRuntime) {
        return new MoiraiHealthIndicator(moiraiRuntime);
    }
}
