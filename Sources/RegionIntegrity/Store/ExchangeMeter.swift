/// Counts the bytes an integrity check exchanges with the peer (requests and answers as
/// they travel), the figure the check reports and the benchmark compares.
public actor ExchangeMeter {
    public private(set) var bytes = 0
    public private(set) var messages = 0

    public init() {}

    public func record(bytes count: Int) {
        bytes += count
        messages += 1
    }
}
