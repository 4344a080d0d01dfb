package dev.versioned.gateway.http;

import java.util.Optional;

/** The query parameters the read endpoints share, each refused 400 naming it when it is not what it must be. */
final class QueryParams {

    private QueryParams() {}

    /**
     * A number of 0 or more (at most 18 digits), absent when the parameter is; 400 {@code "<name> must be
     * <rule>"} otherwise.
     */
    static Optional<Long> nonNegative(String name, String value, String rule) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw GatewayException.invalid(name + " must be " + rule);
        }
        return Optional.of(Long.parseLong(value));
    }

    /** A page's {@code limit}: 1..{@code max}, {@code defaultLimit} when absent. */
    static int limit(String value, int defaultLimit, int max) {
        long limit = nonNegative("limit", value, "a number 1.." + max).orElse((long) defaultLimit);
        if (limit < 1 || limit > max) {
            throw GatewayException.invalid("limit must be 1.." + max);
        }
        return (int) limit;
    }
}
