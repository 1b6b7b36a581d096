/// The port the server bound, published once it is listening; callers that ask earlier wait.
actor ListeningPort {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func publish(_ port: Int) {
        self.port = port
        for waiter in waiters { waiter.resume(returning: port) }
        waiters.removeAll()
    }

    func value() async -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
