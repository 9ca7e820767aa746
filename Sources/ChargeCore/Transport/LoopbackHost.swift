import Foundation

/// Decides whether a URL's host is this machine, for the plain-http rule.
///
/// The answer decides whether the PSK and a password may travel unencrypted, so it is
/// strict: a host is loopback only if it is exactly `localhost`, a dotted-quad IPv4 address
/// in 127.0.0.0/8 written in plain decimal, or the IPv6 address `::1`. Everything else is
/// not: `127.0.0.1.example.com` and `127.evil` are names anyone can register,
/// `localhost.example.com` too, and resolver shorthands (`0x7f.1`, `2130706433`, octal
/// `0177.0.0.1`) or IPv4-mapped IPv6 (`::ffff:127.0.0.1`) are spellings no legitimate
/// configuration needs and different libraries read differently.
public enum LoopbackHost {
    /// Whether `host` (as `URL.host` gives it, with or without IPv6 brackets) is loopback.
    public static func isLoopback(_ host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" { return true }
        if h.contains(":") { return isIPv6Loopback(h) }
        guard let octets = strictIPv4(h) else { return false }
        return octets[0] == 127
    }

    /// Four decimal parts 0...255, no signs, no leading zeros (which some resolvers read as
    /// octal), nothing else.
    static func strictIPv4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if p.count > 1 && p.first == "0" { return nil }
            guard let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    /// Exactly `::1`, in any of its spellings (`0:0:0:0:0:0:0:1`); no zone, no mapped IPv4.
    static func isIPv6Loopback(_ s: String) -> Bool {
        guard !s.contains("%"), !s.contains(".") else { return false }
        var addr = in6_addr()
        guard inet_pton(AF_INET6, s, &addr) == 1 else { return false }
        return withUnsafeBytes(of: &addr) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
    }
}
