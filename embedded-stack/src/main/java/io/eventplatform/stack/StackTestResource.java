package io.eventplatform.stack;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Brings the embedded stack into {@code @QuarkusTest}s: one stack per test JVM, started on free
 * ports the first time a test needs it and stopped when the JVM exits, so test classes that
 * restart Quarkus keep their data and the same endpoints.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

    // System properties are the one registry both class loaders see.
    private static final String DATA_DIR = "embedded-stack.test.data-dir";
    private static final String DYNAMODB_PORT = "embedded-stack.test.dynamodb-port";
    private static final String S3_PORT = "embedded-stack.test.s3-port";
    private static final String SMTP_PORT = "embedded-stack.test.smtp-port";
    private static final String MAIL_API_PORT = "embedded-stack.test.mail-api-port";
    private static final String IMAP_PORT = "embedded-stack.test.imap-port";
    private static final String HTTP_PORT = "embedded-stack.test.http-port";
    private static final String MANAGEMENT_PORT = "embedded-stack.test.management-port";

    private static EmbeddedStack stack;

    /** The running stack, started on first use, or attached to if this JVM already started it. */
    public static EmbeddedStack stack() {
        synchronized (System.getProperties()) {
            if (stack != null) {
                return stack;
            }
            String dataDir = System.getProperty(DATA_DIR);
            if (dataDir != null) {
                EmbeddedStack.Options defaults = EmbeddedStack.Options.forTests();
                stack = EmbeddedStack.attach(new EmbeddedStack.Options(Path.of(dataDir), false,
                        Integer.getInteger(DYNAMODB_PORT), Integer.getInteger(S3_PORT),
                        defaults.tableName(), defaults.bucket(), null, new EmbeddedStack.MailPorts(
                                Integer.getInteger(SMTP_PORT), Integer.getInteger(MAIL_API_PORT),
                                Integer.getInteger(IMAP_PORT))));
                return stack;
            }
            EmbeddedStack started = EmbeddedStack.start(EmbeddedStack.Options.forTests());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-stack-stop"));
            System.setProperty(DATA_DIR, started.options().dataDir().toString());
            System.setProperty(DYNAMODB_PORT, String.valueOf(started.options().dynamoDbPort()));
            System.setProperty(S3_PORT, String.valueOf(started.options().s3Port()));
            System.setProperty(SMTP_PORT, String.valueOf(started.options().mail().smtp()));
            System.setProperty(MAIL_API_PORT, String.valueOf(started.options().mail().api()));
            System.setProperty(IMAP_PORT, String.valueOf(started.options().mail().imap()));
            stack = started;
            return stack;
        }
    }

    /**
     * The port of the service's management interface (health, metrics) in this test JVM: a free
     * one, so test JVMs running side by side never meet on Quarkus's fixed default.
     */
    public static int managementPort() {
        return reservedPort(MANAGEMENT_PORT);
    }

    private static int reservedPort(String property) {
        synchronized (System.getProperties()) {
            Integer port = Integer.getInteger(property);
            if (port == null) {
                port = Ports.free();
                System.setProperty(property, String.valueOf(port));
            }
            return port;
        }
    }

    /** A signed token for a role (and the event a kiosk is bound to). */
    public static String token(String role, String eventId) {
        return stack().tokens().mint(role, eventId);
    }

    @Override
    public Map<String, String> start() {
        // A test JVM runs one service, whichever it is: it gets what any service may read.
        Map<String, String> config = new java.util.HashMap<>(stack().serviceConfig());
        config.putAll(stack().ticketSigningConfig());
        config.putAll(stack().materialsConfig());
        config.putAll(stack().mailConfig());
        config.put("quarkus.management.test-port", String.valueOf(managementPort()));
        // A fixed public port too: Quarkus tags HTTP metrics with server.port only for a port above 0,
        // and Prometheus refuses one meter name with two tag sets (the server would never start).
        config.put("quarkus.http.test-port", String.valueOf(reservedPort(HTTP_PORT)));
        return config;
    }

    @Override
    public void stop() {
        // The stack outlives one test class; the JVM shutdown hook stops it.
    }
}
