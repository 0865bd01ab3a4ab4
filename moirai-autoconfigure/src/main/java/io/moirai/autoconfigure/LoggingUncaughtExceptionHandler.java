package io.moirai.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a task's failure that has nowhere else to go (a task given to {@code execute}, which
 * returns no future) through the application's logging, instead of the JVM's default of
 * printing to standard error.
 */
final class LoggingUncaughtExceptionHandler implements Thread.UncaughtExceptionHandler {

    private static final Log logger = LogFactory.getLog("io.moirai.runtime.MoiraiRuntime");

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        logger.error("Task failed on thread " + thread.getName(), failure);
    }
}
