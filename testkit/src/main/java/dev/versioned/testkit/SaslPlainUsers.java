package dev.versioned.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The users of an embedded broker that authenticates with SASL/PLAIN and authorizes with ACLs
 * ({@link TestKafka#startSecured}): each user's password, and the one super user, as whom the broker talks to
 * itself and its controller and as whom {@link TestKafka#admin()} creates topics and ACLs.
 *
 * <p>The users are given to the broker as listener-scoped {@code sasl.jaas.config} properties, not as a JAAS
 * file named by the JVM-wide {@code java.security.auth.login.config}: other brokers and clients of the same
 * test JVM are not affected. Every other principal is denied everything it has no ACL for
 * ({@code allow.everyone.if.no.acl.found=false}).
 *
 * @param superUser the user the broker itself and the harness's admin client authenticate as
 * @param passwords every user's password, the super user's included
 */
public record SaslPlainUsers(String superUser, Map<String, String> passwords) {

    public static final String MECHANISM = "PLAIN";
    public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    public SaslPlainUsers {
        Objects.requireNonNull(superUser, "superUser");
        passwords = Map.copyOf(passwords);
        if (!passwords.containsKey(superUser)) {
            throw new IllegalArgumentException("the super user " + superUser + " needs a password");
        }
        for (String user : passwords.keySet()) {
            // Names and passwords are quoted in JAAS text: a quote or backslash would break out of it.
            if (!user.matches("[A-Za-z0-9._-]+") || !passwords.get(user).matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("user names and passwords must be [A-Za-z0-9._-]+: " + user);
            }
        }
    }

    /**
     * The broker (and controller) properties: both listeners SASL_PLAINTEXT with PLAIN, the standard
     * authorizer, the super user, and no access without an ACL.
     */
    public Map<String, String> brokerProperties() {
        // The names of Kafka's test kit listeners (its TestKitDefaults); their protocols are remapped here.
        String broker = "EXTERNAL";
        String controller = "CONTROLLER";
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listener.security.protocol.map", broker + ":SASL_PLAINTEXT," + controller + ":SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("sasl.mechanism.controller.protocol", MECHANISM);
        // The server side checks user_<name>; the broker's own connections (to itself, to the controller)
        // log in with username/password of the same entry.
        String serverJaas = serverJaasConfig();
        props.put("listener.name." + broker.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config", serverJaas);
        props.put(
                "listener.name." + controller.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
                serverJaas);
        props.put("authorizer.class.name", AUTHORIZER);
        props.put("super.users", "User:" + superUser);
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }

    /** What a client needs to authenticate as {@code user}: security protocol, mechanism and JAAS config. */
    public Map<String, String> clientProperties(String user) {
        if (!passwords.containsKey(user)) {
            throw new IllegalArgumentException("no such user: " + user);
        }
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                MECHANISM,
                "sasl.jaas.config",
                clientJaasConfig(user));
    }

    /** The client-side {@code sasl.jaas.config} of {@code user}. */
    public String clientJaasConfig(String user) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                + passwords.get(user) + "\";";
    }

    private String serverJaasConfig() {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"")
                .append(superUser)
                .append("\" password=\"")
                .append(passwords.get(superUser))
                .append('"');
        passwords.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> jaas.append(" user_")
                        .append(e.getKey())
                        .append("=\"")
                        .append(e.getValue())
                        .append('"'));
        return jaas.append(';').toString();
    }
}
