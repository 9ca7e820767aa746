import Foundation

extension AccountDocument {
    /// The download link when it is one a phone may be sent to: an absolute http(s)
    /// address with a host, of printable ASCII only (no spaces or controls, no look-alike
    /// letters), at most `maxOpenableLength` long. Anything else is server text to read,
    /// never a QR code to scan: a `javascript:`, `file:` or `tel:` link, or a host spelled
    /// with Cyrillic letters, would take a phone somewhere the user cannot see from the text.
    public var openableLink: String? { Self.openable(downloadLink) }

    /// Longer links do not fit a QR code a terminal can show.
    public static let maxOpenableLength = 512

    static func openable(_ link: String?) -> String? {
        guard let link, !link.isEmpty, link.utf8.count <= maxOpenableLength,
            link.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let parts = URLComponents(string: link),
            let scheme = parts.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = parts.host, !host.isEmpty, parts.user == nil, parts.password == nil
        else { return nil }
        return link
    }
}

extension Page {
    /// Where the next page starts, or nil when this one was the last: the server's total
    /// is reached, or it sent an empty page (a total that overstates must not loop).
    public var nextOffset: Int? {
        let next = offset + items.count
        return items.isEmpty || next >= totalCount ? nil : next
    }
}
