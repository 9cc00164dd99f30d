package io.eventplatform.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GreenMail standalone as a child process on loopback: a real SMTP server that accepts mail for
 * any address (no authentication) and keeps it in per-recipient mailboxes, readable through its
 * REST API ({@code /api/user/<address>/messages/INBOX}) and over IMAP. Mail lives in memory: a
 * restart empties the mailboxes.
 */
final class MailServer {

    static final String NAME = "mail server";


    private MailServer() {
    }

    static ChildProcess start(StackBinaries binaries, int smtpPort, int apiPort, int imapPort, Path logDir) {
        Ports.requireFree(smtpPort, "mail server (SMTP)");
        Ports.requireFree(apiPort, "mail server (API)");
        Ports.requireFree(imapPort, "mail server (IMAP)");
        List<String> jvm = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=" + imapPort,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort,
                "-Dgreenmail.auth.disabled", "-Dgreenmail.users.login=email");
        ChildProcess process = ChildProcess.start(NAME,
                ChildProcess.java(jvm, List.of("-jar", binaries.mailServerJar().toString())), Map.of(),
                logDir.resolve("mail.log"));
        Ports.awaitListening(smtpPort, Duration.ofSeconds(60), process);
        Ports.awaitListening(apiPort, Duration.ofSeconds(60), process);
        return process;
    }
}
