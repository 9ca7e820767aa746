import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on loopback that answers every request with a redirect to its own
/// `/elsewhere` path and records what reached it, so a test can prove a client did not
/// follow the redirect (and so did not carry a password there). Plain POSIX sockets: a
/// server framework would hide exactly the bytes the test is about.
public final class RedirectingServer: @unchecked Sendable {
    /// One request as it arrived: its path and its body.
    public struct Seen: Sendable {
        public var path: String
        public var body: String
    }

    public let port: Int
    private let fd: Int32
    private let status: Int
    private let lock = NSLock()
    private var seen: [Seen] = []
    private var thread: Thread?

    /// Listens on 127.0.0.1 on a free port; every answer is `status` with `Location` set
    /// to `http://127.0.0.1:PORT/elsewhere`.
    public init(status: Int = 307) throws {
        self.status = status
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(s, 16) == 0 else {
            close(s)
            throw POSIXError(.EADDRINUSE)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        fd = s
        let t = Thread { [self] in serve() }
        thread = t
        t.start()
    }

    /// Everything that reached the server so far.
    public var requests: [Seen] { lock.withLock { seen } }

    /// The URL of the server's GraphQL path.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/graphql/")! }

    /// Stops accepting (the listening socket is shut down, which ends the accept loop).
    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return }
            handle(c)
            close(c)
        }
    }

    /// Reads one request (headers, then `content-length` bytes), records it, answers.
    private func handle(_ c: Int32) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var expected: Int?
        while true {
            let n = read(c, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            let text = String(decoding: data, as: UTF8.self)
            if let split = text.range(of: "\r\n\r\n") {
                let head = text[..<split.lowerBound].lowercased()
                let length =
                    head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }.flatMap {
                        Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces))
                    } ?? 0
                let headBytes = text[..<split.upperBound].utf8.count
                expected = headBytes + length
            }
            if let expected, data.count >= expected { break }
        }
        let text = String(decoding: data, as: UTF8.self)
        let path = text.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? ""
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        lock.withLock { seen.append(Seen(path: path, body: body)) }
        let answer =
            "HTTP/1.1 \(status) Redirect\r\nLocation: http://127.0.0.1:\(port)/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = answer.utf8CString.withUnsafeBufferPointer { write(c, $0.baseAddress, $0.count - 1) }
    }
}
