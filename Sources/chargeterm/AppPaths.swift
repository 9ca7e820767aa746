import ChargeCore
import Foundation

/// Where the app keeps its files, following the XDG base-directory convention.
///
/// Cache (the embedded sandbox's seeded database) can be deleted at any time; state (log
/// file, favourites, recently used stations) is the user's own and small.
struct AppPaths {
    var cacheDirectory: URL
    var stateDirectory: URL
    var configDirectory: URL

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func dir(_ key: String, _ fallback: String) -> URL {
            if let v = environment[key], v.hasPrefix("/") { return URL(fileURLWithPath: v).appendingPathComponent("chargeterm") }
            return URL(fileURLWithPath: home).appendingPathComponent(fallback).appendingPathComponent("chargeterm")
        }
        cacheDirectory = dir("XDG_CACHE_HOME", ".cache")
        stateDirectory = dir("XDG_STATE_HOME", ".local/state")
        configDirectory = dir("XDG_CONFIG_HOME", ".config")
    }

    /// The config file read at start (TOML; see the README).
    var configFile: URL { configDirectory.appendingPathComponent("config.toml") }

    /// Creates `url` (and parents) with owner-only permissions; returns nil if that fails.
    /// An existing directory that another user owns or can write is not used (someone
    /// could plant files or links in it): the app then runs without it, and says so.
    static func ensure(_ url: URL) -> URL? {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try ProtectedFile.checkDirectory(url.path)
            return url
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("chargeterm: \(error.message) Running without it.\n".utf8))
            return nil
        } catch {
            return nil
        }
    }
}
