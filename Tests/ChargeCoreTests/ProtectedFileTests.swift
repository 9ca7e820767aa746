import ChargeCore
import Foundation
import Testing

/// Config, PSK file, state directory and log: checked like OpenSSH checks its files.
@Suite(.timeLimit(.minutes(1))) struct ProtectedFileTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("protected-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func file(_ name: String, mode: Int, _ text: String = "x\n") throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test(arguments: [0o666, 0o646, 0o664, 0o620, 0o602, 0o777])
    func aFileOthersCanWriteIsRefused(mode: Int) throws {
        let path = try file("config.toml", mode: mode)
        #expect {
            _ = try ProtectedFile.read(path, what: "the config file", holdsSecrets: false)
        } throws: { error in
            let m = (error as? ConfigError)?.message ?? ""
            return m.contains(path) && m.contains("can write it") && m.contains("chmod go-w")
        }
    }

    @Test func aReadableSecretGetsAWarningAndAPrivateOneNone() throws {
        let open = try file("psk", mode: 0o644, "sandbox-psk-0000\n")
        let read = try ProtectedFile.read(open, what: "the PSK file", holdsSecrets: true)
        #expect(read.text == "sandbox-psk-0000\n")
        #expect(read.warning?.contains("chmod 600 \(open)") == true)
        #expect(try ProtectedFile.read(open, what: "the config file", holdsSecrets: false).warning == nil, "no secret, no warning")
        let closed = try file("psk2", mode: 0o600, "k\n")
        #expect(try ProtectedFile.read(closed, what: "the PSK file", holdsSecrets: true).warning == nil)
        #expect(try ProtectedFile.read(try file("psk3", mode: 0o400, "k\n"), what: "the PSK file", holdsSecrets: true).warning == nil)
    }

    @Test func aFileOfAnotherUserIsRefusedRootsIsNot() throws {
        #expect(throws: ConfigError.self) {
            _ = try ProtectedFile.verdict(path: "/c", what: "the config file", mode: 0o600, owner: 1001, me: 1000, holdsSecrets: false)
        }
        #expect(try ProtectedFile.verdict(path: "/c", what: "the config file", mode: 0o600, owner: 0, me: 1000, holdsSecrets: false) == nil)
        #expect(
            try ProtectedFile.verdict(path: "/c", what: "the config file", mode: 0o600, owner: 1000, me: 1000, holdsSecrets: true) == nil
        )
        #expect {
            _ = try ProtectedFile.verdict(path: "/c", what: "the config file", mode: 0o600, owner: 1001, me: 0, holdsSecrets: false)
        } throws: { ($0 as? ConfigError)?.message.contains("another user (uid 1001)") == true }
    }

    @Test func aPSKFileIsCheckedWhenTheConfigIsResolved() throws {
        let loose = try file("psk", mode: 0o666, "k\n")
        var flags = ConfigLayer()
        flags.endpoint = Sourced(URL(string: "https://api.example/graphql/")!, "--endpoint")
        flags.pskFile = Sourced(loose, "--psk-file")
        #expect(throws: ConfigError.self) {
            _ = try ClientConfig.resolve(file: ConfigLayer(), environment: ConfigLayer(), flags: flags) {
                (p: String) throws(ConfigError) -> String? in
                try ProtectedFile.read(p, what: "the PSK file", holdsSecrets: true).text
            }
        }
    }

    @Test func aWorldWritableOrSymlinkedStateDirectoryIsRefused() throws {
        let state = dir.appendingPathComponent("state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try ProtectedFile.checkDirectory(state)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: state)
        #expect(throws: ConfigError.self) { try ProtectedFile.checkDirectory(state) }
        let link = dir.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.path)
        #expect(throws: ConfigError.self) { try ProtectedFile.checkDirectory(link) }
    }

    @Test func theLogIsNotOpenedThroughASymlink() throws {
        let target = try file("victim", mode: 0o600, "untouched\n")
        let log = dir.appendingPathComponent("chargeterm.log").path
        try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: target)
        #expect(throws: ConfigError.self) { _ = try ProtectedFile.openForAppend(log) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "untouched\n")
        let fresh = dir.appendingPathComponent("fresh.log").path
        let fd = try ProtectedFile.openForAppend(fresh)
        close(fd)
        let mode = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
