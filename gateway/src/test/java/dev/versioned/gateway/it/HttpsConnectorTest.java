package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway behind Dropwizard's own HTTPS connector, as in the commented block of {@code gateway.yml}: a
 * self-signed certificate made here by {@code keytool} into a PKCS12 keystore, the application connector
 * switched to {@code https} on a free port, and real requests over TLS trusting that certificate only.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpsConnectorTest {

    private static final String PASSWORD = "test-keystore-password";
    private static final Path DIR = tempDir();
    private static final Path KEYSTORE = selfSigned(DIR.resolve("gateway.p12"));

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withoutProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            Stream.concat(
                            Stream.of(STACK.gateway("https")),
                            Stream.of(
                                    ConfigOverride.config("server.applicationConnectors[0].type", "https"),
                                    ConfigOverride.config(
                                            "server.applicationConnectors[0].keyStorePath", KEYSTORE.toString()),
                                    ConfigOverride.config("server.applicationConnectors[0].keyStorePassword", PASSWORD),
                                    ConfigOverride.config("server.applicationConnectors[0].keyStoreType", "PKCS12")))
                    .toArray(ConfigOverride[]::new));

    @AfterAll
    static void deleteKeystore() throws IOException {
        Files.deleteIfExists(KEYSTORE);
        Files.deleteIfExists(DIR);
    }

    @Test
    @DisplayName("a request over HTTPS, trusting the self-signed certificate, reaches the API")
    void httpsRequestAnswered() throws Exception {
        // given a client that trusts only the gateway's certificate
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(KEYSTORE))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        // when it reads a product never written, over TLS, with a key
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(
                                "https://localhost:" + APP.getLocalPort() + "/v1/inventory/NEVER-1?storeId=store-1"))
                        .header("X-API-Key", "demo")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // then the API answers (404 in the error shape): TLS ended at the gateway itself
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("NOT_FOUND");
        assertThat(response.uri().getScheme()).isEqualTo("https");
    }

    @Test
    @DisplayName("a plain HTTP request to the HTTPS port gets no answer from the API")
    void plainHttpRefused() {
        // given a client speaking plain HTTP to the HTTPS port
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // when it sends a request with a key
        Throwable failure = catchThrowable(() -> {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://localhost:" + APP.getLocalPort() + "/v1/inventory/NEVER-1?storeId=store-1"))
                            .header("X-API-Key", "demo")
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("plain HTTP was answered: " + response.statusCode() + " " + response.body());
        });
        // then the connection fails: the port speaks only TLS
        assertThat(failure).isInstanceOf(IOException.class);
    }

    /** An SSL context whose only trust anchor is the certificate of {@code keystore}. */
    private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore owned = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            owned.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("gateway", owned.getCertificate("gateway"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Runs the JDK's keytool to make a self-signed certificate for localhost, valid two days. */
    private static Path selfSigned(Path keystore) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "gateway",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("keytool did not finish within 60 s");
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
            } finally {
                process.destroyForcibly(); // only this child, and only if it is still there
            }
            return keystore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
