/// Why the reader refused a page of the changelog.
public enum ChangeReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The changelog returned a change at or before one already read: moving the position on
    /// would skip or repeat changes, so the page is rejected instead.
    case outOfOrder(after: ChangePosition, got: ChangePosition)

    public var description: String {
        switch self {
        case let .outOfOrder(after, got):
            "regiond.changelog returned change \(got) after \(after), out of (txid, seq) order; "
                + "nothing was acknowledged. Check that the regiond schema is the installed version (re-run 'regiond install')"
        }
    }
}
