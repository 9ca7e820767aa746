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
    static func ensure(_ url: URL) -> URL? {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return url
        } catch {
            return nil
        }
    }
}
