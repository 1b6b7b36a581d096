import Foundation
import CLibPQ

/// A failure reported by libpq or the server, with enough context to act on it:
/// the SQLSTATE (stable across PostgreSQL versions and locales, so callers can branch
/// on it), the server's message, and the statement that failed.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be opened (wrong DSN, server down, authentication).
        case connect
        /// An open connection broke; the statement's outcome is unknown.
        case connectionLost
        /// The server rejected the statement.
        case statement
        /// A COPY stream failed.
        case copy
    }

    public var kind: Kind
    /// Five-character SQLSTATE (`23505`, `40P01`, ...), nil for client-side failures.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The statement being run (shortened), so a log line shows what failed.
    public var query: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil, query: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.query = query.map(Self.shortened)
    }

    /// A serialization failure or deadlock: the transaction did nothing and may be retried.
    public var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// `insufficient_privilege`: the role lacks a grant; the message names the object.
    public static let insufficientPrivilege = "42501"

    /// `lock_not_available`: a `lock_timeout` expired; the transaction rolled back and may be retried.
    public var isLockTimeout: Bool { sqlState == "55P03" }

    public var description: String {
        var text: String
        switch kind {
        case .connect: text = "cannot connect to PostgreSQL: \(message) (check the region's database DSN and that the server is up)"
        case .connectionLost: text = "connection to PostgreSQL lost: \(message) (it is reopened on the next statement)"
        case .statement, .copy: text = "PostgreSQL error\(sqlState.map { " \($0)" } ?? ""): \(message)"
        }
        if let detail { text += "; detail: \(detail)" }
        if let hint { text += "; hint: \(hint)" }
        if sqlState == Self.insufficientPrivilege {
            text += "; grant the role the privileges deploy/README.md lists under \"The database roles\""
        }
        if let query { text += "; while running: \(query)" }
        return text
    }

    private static func shortened(_ query: String) -> String {
        let flat = query.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 240 ? String(flat.prefix(240)) + "…" : flat
    }
}

extension PostgresError {
    /// Reads the diagnostic fields of a failed result.
    static func from(result: OpaquePointer?, connection: OpaquePointer?, kind: Kind, query: String?) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let message = field(UInt8(ascii: "M")) ?? connection.map(PostgresError.connectionMessage) ?? "unknown libpq failure"
        let lost = connection.map { PQstatus($0) == CONNECTION_BAD } ?? false
        return PostgresError(
            kind: lost ? .connectionLost : kind, sqlState: field(UInt8(ascii: "C")), message: message,
            detail: field(UInt8(ascii: "D")), hint: field(UInt8(ascii: "H")), query: query)
    }

    static func connectionMessage(_ connection: OpaquePointer) -> String {
        guard let raw = PQerrorMessage(connection) else { return "unknown libpq failure" }
        return String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
