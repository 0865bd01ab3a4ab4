package io.moirai.autoconfigure;

import io.moirai.spring.MoiraiTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.AsyncAnnotationBeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * The executor that {@code @Async} methods run on, and the sentence that says why.
 *
 * <p>The rules, first match wins:
 * <ol>
 *   <li>{@code moirai.task-execution.take-over-async=true}: Moirai's
 *       {@code applicationTaskExecutor}, if the application has not replaced it with a bean of
 *       its own of that name (then the property has no effect and the rules below apply);</li>
 *   <li>the application's own {@link AsyncConfigurer} gives an executor: that one;</li>
 *   <li>the application has a bean named {@code taskExecutor}: that one (Spring's own default
 *       for {@code @Async});</li>
 *   <li>the application has exactly one {@link TaskExecutor} bean that is not a
 *       {@link TaskScheduler}, or several of which exactly one is primary: that one (what
 *       Spring's by-type lookup would have found without Moirai); beans declared with
 *       {@code defaultCandidate = false} are for injection by name and do not count;</li>
 *   <li>otherwise Moirai's {@code applicationTaskExecutor}.</li>
 * </ol>
 * Moirai's own beans ({@code applicationTaskExecutor} when it is a {@link MoiraiTaskExecutor},
 * the lane executors, {@code taskScheduler}) never count as the application's; an
 * {@code applicationTaskExecutor} of the application's own does, as the executor that replaces
 * Moirai's. A
 * scheduler alone does not count either: Boot's and Spring's schedulers are also executors, and
 * an application that only schedules has not chosen an executor for {@code @Async}.
 *
 * @param executor    the executor
 * @param moirai      whether it is Moirai's {@code applicationTaskExecutor}
 * @param description what the start-up report says: which executor and why
 */
record AsyncExecutorChoice(Executor executor, boolean moirai, String description) {

    private static final String TAKE_OVER = "moirai.task-execution.take-over-async";

    private static final String HOW_TO_TAKE_OVER = "; set " + TAKE_OVER + "=true to run them on Moirai's "
            + MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR;

    /**
     * Applies the rules.
     *
     * @param beanFactory  the application's bean factory
     * @param delegate     the application's own configurer, if any
     * @param delegateName its bean name
     * @return the choice
     */
    static AsyncExecutorChoice choose(ListableBeanFactory beanFactory, @Nullable AsyncConfigurer delegate,
            @Nullable String delegateName) {
        boolean takeOver = beanFactory.getBean(MoiraiProperties.class).getTaskExecution().isTakeOverAsync();
        // Taking over means Moirai's applicationTaskExecutor; an application that replaced that
        // bean has nothing of Moirai's to take over with.
        if (takeOver && !isMoirais(beanFactory, MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR)) {
            // the application's own applicationTaskExecutor replaced Moirai's: the rules below apply
            AsyncExecutorChoice choice = choose(beanFactory, delegate, delegateName, false);
            return new AsyncExecutorChoice(choice.executor(), choice.moirai(), choice.description() + "; " + TAKE_OVER
                    + "=true has no effect: the application's own " + MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR
                    + " replaces Moirai's, so there is none of Moirai's to run them on");
        }
        return choose(beanFactory, delegate, delegateName, takeOver);
    }

    /** The rules, with {@code takeOver} as rule 1 reads it. */
    private static AsyncExecutorChoice choose(ListableBeanFactory beanFactory, @Nullable AsyncConfigurer delegate,
            @Nullable String delegateName, boolean takeOver) {
        Own own = ownExecutor(beanFactory);
        String configurer = "the application's AsyncConfigurer '" + delegateName + "'";
        String howToTakeOver = isMoirais(beanFactory, MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR)
                ? HOW_TO_TAKE_OVER : "";
        if (takeOver) {
            // The application's configurer is not asked for its executor: it may build a pool that
            // would then never be used.
            String instead = (delegate != null) ? "the executor of " + configurer
                    : (own.name() != null) ? "the application's '" + own.name() + "'" : null;
            return moirais(beanFactory, TAKE_OVER + "=true" + ((instead != null) ? ", instead of " + instead : ""));
        }
        if (delegate != null) {
            Executor executor = delegate.getAsyncExecutor();
            if (executor != null) {
                return new AsyncExecutorChoice(executor, false, "the executor ("
                        + executor.getClass().getSimpleName() + ") that " + configurer
                        + " gives, not on Moirai: the application configured @Async itself" + howToTakeOver);
            }
        }
        if (own.name() != null) {
            Executor executor = beanFactory.getBean(own.name(), Executor.class);
            return new AsyncExecutorChoice(executor, false, "the application's '" + own.name() + "' ("
                    + executor.getClass().getSimpleName() + "), not on Moirai: " + own.reason() + howToTakeOver);
        }
        String reason = own.reason();
        if (delegate != null) {
            reason = configurer + " gives no executor, and " + reason;
        }
        return moirais(beanFactory, reason);
    }

    private static AsyncExecutorChoice moirais(ListableBeanFactory beanFactory, String reason) {
        Executor executor = beanFactory.getBean(MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR, Executor.class);
        String which = (executor instanceof MoiraiTaskExecutor moirai)
                ? "Moirai's " + MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR + " ("
                        + moirai.getLane().name().toLowerCase(Locale.ROOT) + " lane)"
                : "the application's " + MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR + " ("
                        + executor.getClass().getSimpleName() + ")";
        return new AsyncExecutorChoice(executor, executor instanceof MoiraiTaskExecutor, which + ": " + reason);
    }

    /** The application's executor that rules 3 and 4 keep (none when {@code name} is null), and why. */
    private record Own(@Nullable String name, String reason) {
    }

    private static Own ownExecutor(ListableBeanFactory beanFactory) {
        String byName = AsyncAnnotationBeanPostProcessor.DEFAULT_TASK_EXECUTOR_BEAN_NAME;
        if (beanFactory.containsBean(byName) && beanFactory.isTypeMatch(byName, Executor.class)) {
            return new Own(byName, "a bean named " + byName + " is Spring's default executor for @Async");
        }
        List<String> candidates = new ArrayList<>();
        // No eager initialisation: a lazy FactoryBean is not created just to learn its type.
        for (String name : beanFactory.getBeanNamesForType(TaskExecutor.class, true, false)) {
            if (!isMoirais(beanFactory, name) && !beanFactory.isTypeMatch(name, TaskScheduler.class)
                    && isDefaultCandidate(beanFactory, name)) {
                candidates.add(name);
            }
        }
        if (candidates.isEmpty()) {
            return new Own(null, "the application defines no executor of its own");
        }
        if (candidates.size() == 1) {
            return new Own(candidates.getFirst(),
                    "it is the application's only TaskExecutor bean (schedulers aside)");
        }
        List<String> primary = candidates.stream().filter(name -> isPrimary(beanFactory, name)).toList();
        if (primary.size() == 1) {
            return new Own(primary.getFirst(), "it is the primary one of the application's TaskExecutor beans");
        }
        return new Own(null, "the application's TaskExecutor beans "
                + candidates.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "))
                + " are several, none primary and none named " + byName
                + ", so none is Spring's obvious choice for @Async");
    }

    /**
     * Whether a bean is Moirai's rather than the application's. The lane executors' names count
     * whatever their type: an application that replaces one means it for
     * {@code @Async("moiraiCpuTaskExecutor")}, as Moirai's was, not as the default.
     */
    private static boolean isMoirais(ListableBeanFactory beanFactory, String name) {
        if (name.equals(MoiraiTaskExecutor.CPU_BEAN_NAME) || name.equals(MoiraiTaskExecutor.BLOCKING_BEAN_NAME)) {
            return true;
        }
        return name.equals(MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR) && beanFactory.containsBean(name)
                && beanFactory.isTypeMatch(name, MoiraiTaskExecutor.class);
    }

    /**
     * A bean declared with {@code defaultCandidate = false} is an executor for injection by name
     * ({@code @Async("reportPool")}), as Moirai's lane executors are, so it never becomes the
     * default by being the only one.
     */
    private static boolean isDefaultCandidate(ListableBeanFactory beanFactory, String name) {
        if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
            try {
                return !(configurable.getMergedBeanDefinition(name) instanceof AbstractBeanDefinition definition)
                        || definition.isDefaultCandidate();
            } catch (NoSuchBeanDefinitionException ex) {
                return true;
            }
        }
        return true;
    }

    private static boolean isPrimary(ListableBeanFactory beanFactory, String name) {
        if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
            try {
                return configurable.getMergedBeanDefinition(name).isPrimary();
            } catch (NoSuchBeanDefinitionException ex) {
                return false; // a singleton registered without a definition
            }
        }
        return false;
    }

    /**
     * The start-up report's line.
     *
     * @return one sentence
     */
    String logLine() {
        return "@Async methods run on " + this.description;
    }
}
