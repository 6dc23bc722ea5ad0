package io.sitewatch.stats;

import io.sitewatch.stats.store.influx.InfluxSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --influx-*} flags of every command that can run the stats service on InfluxDB ({@code stats},
 * {@code standalone}, {@code demo}), validated in one place so that they take the same values and say the same
 * things. The token comes from {@code --influx-token}, or the first line of {@code --influx-token-file} (or of the file
 * that {@code SITEWATCH_INFLUX_TOKEN_FILE} names), or {@code SITEWATCH_INFLUX_TOKEN} itself; the {@code INFLUXDB_}
 * spellings of both variables are read too.
 */
public final class InfluxOptions {
    @Option(names = "--influx-url", defaultValue = "${env:SITEWATCH_INFLUX_URL:-http://127.0.0.1:8086}",
            description = "InfluxDB URL, with --store influxdb (env SITEWATCH_INFLUX_URL, default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--influx-org", defaultValue = "${env:SITEWATCH_INFLUX_ORG:-sitewatch}",
            description = "InfluxDB 2.x organisation (env SITEWATCH_INFLUX_ORG, default ${DEFAULT-VALUE}).")
    String org;

    @Option(names = "--influx-bucket", defaultValue = "${env:SITEWATCH_INFLUX_BUCKET:-sitewatch}",
            description = "Bucket, or db/rp for InfluxQL (env SITEWATCH_INFLUX_BUCKET, default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--influx-token", paramLabel = "TOKEN", arity = "1",
            description = "InfluxDB API token (env SITEWATCH_INFLUX_TOKEN). Prefer --influx-token-file: "
                    + "arguments are visible to other local users.")
    String token;

    @Option(names = "--influx-token-file", paramLabel = "FILE",
            description = "File holding the InfluxDB token, on its first line (env SITEWATCH_INFLUX_TOKEN_FILE). "
                    + "Without a token: an InfluxDB 1.x without auth.")
    Path tokenFile;

    /** A flag, or the flag and the variable it was read from, with what is wrong with its value. */
    public static final class InvalidOption extends IllegalArgumentException {
        private final String flag;

        InvalidOption(String flag, String problem) {
            super(problem);
            this.flag = flag;
        }

        /** The flag, e.g. {@code --influx-url} or {@code --influx-token-file (SITEWATCH_INFLUX_TOKEN_FILE)}. */
        public String flag() {
            return flag;
        }
    }

    /**
     * The settings these flags give, with the token variables read from {@code env}.
     *
     * @throws InvalidOption naming the flag (and the variable) at fault and what is wrong
     */
    public InfluxSettings settings(Map<String, String> env) {
        String secret = token(env);
        try {
            InfluxSettings.of(url, "x", "x", "");
        } catch (IllegalArgumentException e) {
            throw new InvalidOption("--influx-url", e.getMessage());
        }
        if (org == null || org.isBlank()) {
            throw new InvalidOption("--influx-org", "must not be empty");
        }
        try {
            return InfluxSettings.of(url, org, bucket, secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidOption("--influx-bucket", e.getMessage());
        }
    }

    private String token(Map<String, String> env) {
        if (token != null && tokenFile != null) {
            throw new InvalidOption("--influx-token", "give either --influx-token or --influx-token-file, not both");
        }
        if (token != null) {
            return token.trim();
        }
        Path file = tokenFile;
        String flag = "--influx-token-file";
        for (String var : new String[] {"SITEWATCH_INFLUX_TOKEN_FILE", "SITEWATCH_INFLUXDB_TOKEN_FILE"}) {
            if (file == null && env.get(var) != null) {
                file = Path.of(env.get(var));
                flag = "--influx-token-file (" + var + ")";
            }
        }
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            } catch (IOException e) {
                throw new InvalidOption(flag, "cannot read " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return env.getOrDefault("SITEWATCH_INFLUX_TOKEN", env.getOrDefault("SITEWATCH_INFLUXDB_TOKEN", "")).trim();
    }
}
