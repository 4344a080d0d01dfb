package dev.versioned.processor.config;

/** A configuration value is missing or invalid; the message names the key and what it must be. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
