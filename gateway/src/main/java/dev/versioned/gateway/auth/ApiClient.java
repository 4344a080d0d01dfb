package dev.versioned.gateway.auth;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * The caller an API key stands for, and the stores it may read and write.
 *
 * @param allStores true when the key was configured with {@code *}
 */
public record ApiClient(String name, Set<String> stores, boolean allStores) implements Principal {

    public static final String ALL = "*";

    public ApiClient {
        stores = Set.copyOf(stores);
    }

    public static ApiClient of(String name, Iterable<String> configured) {
        boolean all = false;
        java.util.Set<String> stores = new java.util.TreeSet<>();
        for (String store : configured) {
            if (ALL.equals(store)) {
                all = true;
            } else {
                stores.add(store);
            }
        }
        return new ApiClient(name, stores, all);
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
