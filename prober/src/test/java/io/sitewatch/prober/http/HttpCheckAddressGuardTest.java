package io.sitewatch.prober.http;

import static io.sitewatch.prober.http.LoopbackServer.redirect;
import static io.sitewatch.prober.http.LoopbackServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Target;
import io.sitewatch.net.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Targets written through the API are checked on public addresses only, judged at connect time: literal addresses,
 * host names, names that resolve differently later (DNS rebinding) and redirects. Config targets are trusted.
 */
@Timeout(20)
class HttpCheckAddressGuardTest {
    /** A resolver that answers like a rebinding attacker's DNS server: "rebind.test" now points at loopback. */
    static final Dns REBINDING = host -> {
        if (host.equals("rebind.test")) {
            return List.of(InetAddress.getByName("127.0.0.1"));
        }
        return Dns.SYSTEM.lookup(host);
    };

    LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer();
        server.route("/", status(200, "internal"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    HttpCheck check(AddressPolicy policy) {
        return new HttpCheck(HttpCheck.defaultClient().dns(REBINDING).build(), 1024, Map.<String, String>of()::get,
                policy);
    }

    static Target apiTarget(String url) {
        return Target.of("inner", url, Duration.ofSeconds(10)).fromApi();
    }

    @Test
    void anApiTargetOnALoopbackLiteralIsNotConnectedAndTheMessageNamesTheFix() {
        CheckResult r = check(AddressPolicy.STRICT).check(apiTarget(server.url("/")));
        assertThat(r.up()).isFalse();
        assertThat(r.errorClass()).isEqualTo(ErrorClass.CONNECT);
        assertThat(r.error().message()).isEqualTo("not connecting to 127.0.0.1: it resolves to a loopback address, "
                + "and websites added through the API are checked on public addresses only; list it in "
                + "SITEWATCH_TARGETS_ALLOW where the prober runs to allow it");
        assertThat(server.connections()).isZero();
    }

    @Test
    void anApiTargetWhoseNameResolvesToLoopbackLaterIsNotConnected() {
        for (String host : List.of("rebind.test", "localhost")) {
            CheckResult r = check(AddressPolicy.STRICT).check(apiTarget("http://" + host + ":" + server.port() + "/"));
            assertThat(r.errorClass()).as(host).isEqualTo(ErrorClass.CONNECT);
            assertThat(r.error().message()).as(host).startsWith("not connecting to " + host
                    + ": it resolves to a loopback address");
        }
        assertThat(server.connections()).isZero();
    }

    @Test
    void aRedirectFromAnAllowedHostToALoopbackLiteralIsNotFollowed() {
        server.route("/hop", redirect("http://127.0.0.1:" + server.port() + "/"));
        CheckResult r = check(AddressPolicy.parse("rebind.test"))
                .check(apiTarget("http://rebind.test:" + server.port() + "/hop"));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.CONNECT);
        assertThat(r.error().message()).startsWith("not connecting to 127.0.0.1: it resolves to a loopback address");
        assertThat(server.connections()).as("only the allowed first hop").isEqualTo(1);
    }

    @Test
    void theAllowListAdmitsRangesAndNamesAndConfigTargetsAreTrusted() throws UnknownHostException {
        assertThat(check(AddressPolicy.parse("127.0.0.0/8")).check(apiTarget(server.url("/"))).up()).isTrue();
        assertThat(check(AddressPolicy.parse("rebind.test")).check(apiTarget("http://rebind.test:" + server.port() + "/"))
                .up()).isTrue();
        assertThat(check(AddressPolicy.STRICT).check(Target.of("cfg", server.url("/"), Duration.ofSeconds(10))).up())
                .as("a config-file target").isTrue();
        assertThat(check(AddressPolicy.STRICT).check(Target.of("cfg", "http://rebind.test:" + server.port() + "/",
                Duration.ofSeconds(10))).up()).isTrue();
    }
}
