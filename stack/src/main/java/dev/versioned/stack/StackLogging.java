package dev.versioned.stack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Sends the local stack's logs (the broker's, the processor's, Dropwizard's) to one file under the data
 * directory, so that the console shows only the stack's own progress lines and banner. The broker and the
 * processor log through this configuration until the gateway starts; from then on Dropwizard's logging,
 * pointed at the same file by {@link #gatewayOverrides}, takes over.
 */
final class StackLogging {

    private StackLogging() {}

    static void toFile(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("stack-file");
        appender.setFile(file.toAbsolutePath().toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        for (String quiet : new String[] {"org.apache.kafka", "kafka", "state.change.logger"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
    }

    /**
     * Dropwizard configuration overrides that make the gateway's first log appender and its request log write
     * the same file.
     */
    static Map<String, String> gatewayOverrides(Path file) {
        String path = file.toAbsolutePath().toString();
        return Map.of(
                "logging.appenders[0].type", "file",
                "logging.appenders[0].currentLogFilename", path,
                "logging.appenders[0].archive", "false",
                "server.requestLog.appenders[0].type", "file",
                "server.requestLog.appenders[0].currentLogFilename", path,
                "server.requestLog.appenders[0].archive", "false");
    }
}
