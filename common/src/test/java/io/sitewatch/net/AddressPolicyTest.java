package io.sitewatch.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0               | unspecified
            0.1.2.3               | unspecified
            ::                    | unspecified
            127.0.0.1             | loopback
            127.255.0.9           | loopback
            ::1                   | loopback
            10.0.0.1              | private
            172.16.0.1            | private
            172.31.255.255        | private
            192.168.1.1           | private
            fc00::1               | private
            fd12:3456::1          | private
            169.254.0.1           | link-local
            fe80::1               | link-local
            100.64.0.1            | CGNAT
            100.127.255.255       | CGNAT
            224.0.0.1             | multicast
            ff02::1               | multicast
            169.254.169.254       | metadata
            fd00:ec2::254         | metadata
            ::ffff:10.0.0.1       | private
            ::ffff:127.0.0.1      | loopback
            64:ff9b::a9fe:a9fe    | metadata
            ::7f00:1              | loopback
            """)
    void refusesEveryNonPublicRange(String address, String category) throws Exception {
        assertThat(AddressPolicy.STRICT.blockedReason(InetAddress.getByName(address))).isEqualTo(category);
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource({"93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
            "192.169.0.1", "2606:4700::1111", "2001:db8::1"})
    void admitsPublicAddresses(String address) throws Exception {
        assertThat(AddressPolicy.STRICT.blockedReason(InetAddress.getByName(address))).isNull();
    }

    @Test
    void theAllowListAdmitsItsRangesAndHostsOnly() throws Exception {
        AddressPolicy p = AddressPolicy.parse(" 10.1.0.0/16, fd12::/16 ,127.0.0.1, Intranet.Example.com ");
        assertThat(p.blockedReason(InetAddress.getByName("10.1.200.3"))).isNull();
        assertThat(p.blockedReason(InetAddress.getByName("10.2.0.1"))).isEqualTo("private");
        assertThat(p.blockedReason(InetAddress.getByName("::ffff:10.1.0.9"))).isNull();
        assertThat(p.blockedReason(InetAddress.getByName("fd12:1::1"))).isNull();
        assertThat(p.blockedReason(InetAddress.getByName("fd13::1"))).isEqualTo("private");
        assertThat(p.blockedReason(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(p.blockedReason(InetAddress.getByName("127.0.0.2"))).isEqualTo("loopback");
        assertThat(p.hostAllowed("intranet.example.com")).isTrue();
        assertThat(p.hostAllowed("INTRANET.example.com.")).isTrue();
        assertThat(p.hostAllowed("other.example.com")).isFalse();
        assertThat(p.toString()).isEqualTo("10.1.0.0/16, fd12::/16 ,127.0.0.1, Intranet.Example.com");
        assertThat(AddressPolicy.fromEnv(Map.of()).toString()).isEqualTo("none");
    }

    @Test
    void aHostIsJudgedByEveryAddressItResolvesTo() {
        AddressPolicy.Resolver dns = host -> switch (host) {
            case "public.test" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
            case "mixed.test" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
                    InetAddress.getByName("10.0.0.5")};
            case "intranet.test" -> new InetAddress[] {InetAddress.getByName("10.0.0.5")};
            default -> throw new UnknownHostException(host);
        };
        assertThat(AddressPolicy.STRICT.hostProblem("public.test", dns)).isNull();
        assertThat(AddressPolicy.STRICT.hostProblem("mixed.test", dns)).isEqualTo("private");
        assertThat(AddressPolicy.STRICT.hostProblem("nowhere.test", dns)).as("checked again at connect time").isNull();
        assertThat(AddressPolicy.STRICT.hostProblem("metadata.google.internal", dns)).isEqualTo("metadata");
        assertThat(AddressPolicy.STRICT.hostProblem("[::1]", AddressPolicy.SYSTEM)).isEqualTo("loopback");
        assertThat(AddressPolicy.parse("intranet.test").hostProblem("intranet.test", dns)).isNull();
        assertThat(AddressPolicy.parse("metadata.google.internal").hostProblem("metadata.google.internal", dns)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/33        | entry "10.0.0.0/33" has a prefix length outside 0..32
            fd00::/129         | entry "fd00::/129" has a prefix length outside 0..128
            10.0.0.0/x         | entry "10.0.0.0/x" has a prefix length outside 0..32
            example.com/8      | entry "example.com/8" is not a CIDR such as 10.1.0.0/16 or fd12::/16
            bad_host!          | entry "bad_host!" is neither a CIDR (10.1.0.0/16, fd12::/16) nor a host name (intranet.example.com)
            """)
    void aBadAllowListEntryIsNamedWithTheExpectedForm(String entry, String message) {
        assertThatThrownBy(() -> AddressPolicy.parse("192.0.2.0/24," + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
