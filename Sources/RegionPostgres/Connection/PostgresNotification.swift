/// A NOTIFY received on a channel this connection LISTENs to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// Backend process that sent it; equal to the own backend for self-notifications.
    public var senderPID: Int32
}
