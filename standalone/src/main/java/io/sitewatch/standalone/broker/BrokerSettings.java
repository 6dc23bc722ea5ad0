package io.sitewatch.standalone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the standalone broker runs.
 *
 * @param dataDir        the sitewatch data directory; the broker keeps everything under {@code dataDir/kafka}
 * @param libDir         the broker's own classpath folder ({@code broker-lib/} next to {@code sitewatch.jar})
 * @param port           client port on 127.0.0.1
 * @param controllerPort KRaft controller port on 127.0.0.1
 * @param jvmOptions     options for the child JVM (heap)
 * @param startTimeout   how long to wait for the broker to answer
 * @param stopGrace      how long a SIGTERM may take before SIGKILL
 */
public record BrokerSettings(Path dataDir, Path libDir, int port, int controllerPort, List<String> jvmOptions,
                             Duration startTimeout, Duration stopGrace) {
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms128m", "-Xmx384m", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true");

    public BrokerSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--kafka-port must be 1..65535, was " + port);
        }
        if (controllerPort < 1 || controllerPort > 65535 || controllerPort == port) {
            throw new IllegalArgumentException("--kafka-controller-port must be 1..65535 and differ from --kafka-port, was "
                    + controllerPort);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        jvmOptions = List.copyOf(jvmOptions);
    }

    Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    Path logDir() {
        return kafkaDir().resolve("data");
    }

    Path configFile() {
        return kafkaDir().resolve("server.properties");
    }

    Path pidFile() {
        return kafkaDir().resolve("broker.pid");
    }

    Path brokerLog() {
        return kafkaDir().resolve("broker.log");
    }

    /** {@code broker-lib/} beside the jar this class was loaded from (target/ in a build, /app in images). */
    public static Path defaultLibDir() {
        try {
            Path jar = Path.of(BrokerSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path base = jar.toFile().isDirectory() ? jar.getParent() : jar.getParent();
            return base.resolve("broker-lib");
        } catch (Exception e) {
            return Path.of("broker-lib");
        }
    }
}
