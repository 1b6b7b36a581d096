/// Why a region cannot answer an integrity request.
public enum IntegrityStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTable(String)
    case malformedAnswer(String)

    public var description: String {
        switch self {
        case .unknownTable(let table):
            "table '\(table)' is not replicated by any tier of this region's regions.yaml; check a replicated table, or make every region use the same regions.yaml"
        case .malformedAnswer(let detail):
            "the database returned an unexpected value (\(detail)); check that 'regiond install' ran with this release"
        }
    }
}
