import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Checks on the files and directories the app trusts, in the way OpenSSH checks
/// `~/.ssh/config` and keys: a file another user can write (or owns) could point the app at
/// another server or swap the key, so it is refused; a readable file that holds a secret
/// (a PSK, the admin PIN's hash, which falls to an offline search in minutes) gets a
/// warning that says how to fix it.
public enum ProtectedFile {
    /// The decision for one file from its mode and owner (pure, so tests can cover owners
    /// they cannot create). Throws for a refusal; returns a warning, or nil when all is well.
    public static func verdict(
        path: String,
        what: String,
        mode: UInt32,
        owner: UInt32,
        me: UInt32,
        holdsSecrets: Bool
    ) throws(ConfigError) -> String? {
        if owner != me && owner != 0 {
            throw ConfigError(
                "Refusing \(what) \(path): it belongs to another user (uid \(owner)), who could change it. Make it yours: chown \(me) \(path)"
            )
        }
        if mode & 0o022 != 0 {
            let who = mode & 0o002 != 0 ? "every user" : "its group"
            throw ConfigError(
                "Refusing \(what) \(path): \(who) can write it (mode \(octal(mode))), so someone else could change it. Fix: chmod go-w \(path)"
            )
        }
        if holdsSecrets && mode & 0o044 != 0 {
            return "Warning: \(what) \(path) holds a secret and other users can read it (mode \(octal(mode))). Fix: chmod 600 \(path)"
        }
        return nil
    }

    /// `verdict` for a file on disk (symlinks followed, as for reading it).
    public static func check(_ path: String, what: String, holdsSecrets: Bool) throws(ConfigError) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ConfigError("Cannot read \(what) \(path) (\(String(cString: strerror(errno)))).") }
        return try verdict(
            path: path,
            what: what,
            mode: UInt32(st.st_mode) & 0o7777,
            owner: UInt32(st.st_uid),
            me: UInt32(geteuid()),
            holdsSecrets: holdsSecrets
        )
    }

    /// Reads a file after `check`; returns its text and the warning, if any.
    public static func read(_ path: String, what: String, holdsSecrets: Bool) throws(ConfigError) -> (text: String, warning: String?) {
        let warning = try check(path, what: what, holdsSecrets: holdsSecrets)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("Cannot read \(what) \(path) (is it UTF-8 and readable?).")
        }
        return (text, warning)
    }

    /// A directory the app writes its own files into (the log, favourites): it must be a
    /// real directory (not a symlink), ours, and not writable by others, or someone else
    /// could plant or swap files in it.
    public static func checkDirectory(_ path: String) throws(ConfigError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw ConfigError("Cannot use the directory \(path) (\(String(cString: strerror(errno)))).") }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw ConfigError("Refusing the directory \(path): it is not a plain directory (a symlink or a file).")
        }
        _ = try verdict(
            path: path,
            what: "the directory",
            mode: UInt32(st.st_mode) & 0o7777,
            owner: UInt32(st.st_uid),
            me: UInt32(geteuid()),
            holdsSecrets: false
        )
    }

    /// Opens a file for appending without following a symlink (one planted at the log's
    /// place would otherwise make the app append to a file of the planter's choosing), and
    /// creates it owner-only. Returns the descriptor.
    public static func openForAppend(_ path: String) throws(ConfigError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigError("Cannot open \(path) for writing (\(String(cString: strerror(errno))); a symlink there is refused).")
        }
        return fd
    }

    static func octal(_ mode: UInt32) -> String { "0" + String(mode & 0o7777, radix: 8) }
}
