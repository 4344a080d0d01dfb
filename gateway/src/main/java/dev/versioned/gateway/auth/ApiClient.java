package dev.versioned.gateway.auth;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caller an API key stands for, the stores it may read and write, and how often it may ask.
 *
 * @param name the key's configured name: what logs and metrics show, never the key
 * @param allStores true when the key was configured with {@code *}
 * @param rateLimit its requests' allowance, shared by every key of this name
 */
public record ApiClient(String name, Set<String> stores, boolean allStores, RateLimit rateLimit) implements Principal {

    public static final String ALL = "*";

    public ApiClient {
        stores = Set.copyOf(stores);
    }

    public static ApiClient of(String name, Iterable<String> configured) {
        return of(name, configured, RateLimit.UNLIMITED);
    }

    public static ApiClient of(String name, Iterable<String> configured, RateLimit rateLimit) {
        boolean all = false;
        Set<String> stores = new TreeSet<>();
        for (String store : configured) {
            if (ALL.equals(store)) {
                all = true;
            } else {
                stores.add(store);
            }
        }
        return new ApiClient(name, stores, all, rateLimit);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean mayAccess(String storeId) {
        return allStores || stores.contains(storeId);
    }

    /** The store a key is limited to when it is limited to exactly one: the default storeId of a read. */
    public Optional<String> singleStore() {
        return !allStores && stores.size() == 1 ? Optional.of(stores.iterator().next()) : Optional.empty();
    }
}
