package dev.versioned.gateway.auth;

import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caller an API key stands for, the stores, document collections and stream categories it may read and write,
 * and how often it may ask.
 *
 * @param name the key's configured name: what logs and metrics show, never the key
 * @param stores the stores it may touch
 * @param collections the document collections it may touch
 * @param categories the stream categories it may touch (a stream's category is what precedes its first {@code -})
 * @param rateLimit its requests' allowance, shared by every key of this name
 */
public record ApiClient(String name, Scope stores, Scope collections, Scope categories, RateLimit rateLimit)
        implements Principal {

    public static final String ALL = "*";

    /**
     * Names a key may touch, as configured: listed ones, or all of them ({@code *}).
     *
     * @param names the names listed
     * @param all true when the key was configured with {@code *}
     */
    public record Scope(Set<String> names, boolean all) {

        public static final Scope NONE = new Scope(Set.of(), false);

        public Scope {
            names = Set.copyOf(names);
        }

        /** The scope of a configured list, where {@code *} stands for all. */
        public static Scope of(Iterable<String> configured) {
            boolean all = false;
            Set<String> names = new TreeSet<>();
            for (String name : configured == null ? List.<String>of() : configured) {
                if (ALL.equals(name)) {
                    all = true;
                } else {
                    names.add(name);
                }
            }
            return new Scope(names, all);
        }

        public boolean covers(String name) {
            return all || names.contains(name);
        }
    }

    public static ApiClient of(String name, Iterable<String> configured) {
        return of(name, configured, RateLimit.UNLIMITED);
    }

    public static ApiClient of(String name, Iterable<String> configured, RateLimit rateLimit) {
        return new ApiClient(name, Scope.of(configured), Scope.NONE, Scope.NONE, rateLimit);
    }

    /** A key for these stores and these document collections. */
    public static ApiClient of(
            String name, Iterable<String> stores, Iterable<String> collections, RateLimit rateLimit) {
        return of(name, stores, collections, List.of(), rateLimit);
    }

    /** A key for these stores, document collections and stream categories. */
    public static ApiClient of(
            String name,
            Iterable<String> stores,
            Iterable<String> collections,
            Iterable<String> categories,
            RateLimit rateLimit) {
        return new ApiClient(name, Scope.of(stores), Scope.of(collections), Scope.of(categories), rateLimit);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean mayAccess(String storeId) {
        return stores.covers(storeId);
    }

    /** Whether the key covers the document collection {@code collection}. */
    public boolean mayAccessCollection(String collection) {
        return collections.covers(collection);
    }

    /** Whether the key covers the stream category {@code category}. */
    public boolean mayAccessCategory(String category) {
        return categories.covers(category);
    }

    /** The store a key is limited to when it is limited to exactly one: the default storeId of a read. */
    public Optional<String> singleStore() {
        return !stores.all() && stores.names().size() == 1
                ? Optional.of(stores.names().iterator().next())
                : Optional.empty();
    }
}
