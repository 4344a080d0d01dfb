package dev.versioned.gateway.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Dropwizard's YAML configuration factory, except that an error never quotes the configuration's text. Dropwizard
 * reports malformed YAML with the parser's message, which shows the line in question, and some other errors with a
 * message that quotes a value; after environment substitution that line or value may be an API key or a password
 * (a key that starts with a character YAML reserves breaks the line it is substituted into). So such an error
 * names the file, the line and column or the setting, and what kind of problem it is, and carries no cause (a
 * stack trace would print the cause's message).
 */
public final class RedactingConfigurationFactory<T> extends YamlConfigurationFactory<T> {

    /** What to hand Dropwizard's bootstrap ({@code setConfigurationFactoryFactory}). */
    public static final class Factory<T> extends DefaultConfigurationFactoryFactory<T> {
        @Override
        public ConfigurationFactory<T> create(
                Class<T> klass, Validator validator, ObjectMapper objectMapper, String propertyPrefix) {
            return new RedactingConfigurationFactory<>(
                    klass, validator, configureObjectMapper(objectMapper.copy()), propertyPrefix);
        }
    }

    public RedactingConfigurationFactory(
            Class<T> klass, Validator validator, ObjectMapper objectMapper, String propertyPrefix) {
        super(klass, validator, objectMapper, propertyPrefix);
    }

    @Override
    public T build(ConfigurationSourceProvider provider, String path) throws IOException, ConfigurationException {
        try {
            return super.build(provider, path);
        } catch (ConfigurationParsingException e) {
            throw new Redacted(path, redacted(e));
        }
    }

    /**
     * The error of {@code e} without the configuration's text: Dropwizard's own words where they quote none (a value
     * of the wrong type), the kind and place of the problem otherwise. An unknown setting is named by where it is
     * and what may stand there, not by its own name, which is the file's text.
     */
    static String redacted(ConfigurationParsingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidFormatException) {
            return String.join("; ", e.getErrors());
        }
        if (cause instanceof JsonParseException parse) {
            return YamlProblems.malformed(parse.getLocation());
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            List<JsonMappingException.Reference> path = unknown.getPath();
            String where = path(path.subList(0, Math.max(0, path.size() - 1)));
            return "Unrecognized field " + (where.isEmpty() ? "at the top" : "under " + where) + " (the name is not"
                    + " shown: it may be a secret); the fields there are "
                    + unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "Failed to parse configuration at: " + path(mapping.getPath()) + " ("
                    + cause.getClass().getSimpleName() + "; the value is not shown: it may be a secret)";
        }
        return "Failed to parse configuration ("
                + (cause == null ? "no detail" : cause.getClass().getSimpleName())
                + "; the text is not shown: it may hold a secret)";
    }

    /** A setting's place as Dropwizard writes it: {@code apiKeys.[0].ratePerSecond}. */
    private static String path(List<JsonMappingException.Reference> references) {
        return references.stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** A configuration error whose message is safe to print, without a cause. */
    static final class Redacted extends ConfigurationException {
        private static final long serialVersionUID = 1L;

        Redacted(String path, String error) {
            super(path, List.of(error));
        }
    }
}
