import RegionCore
import RegionPostgres

/// Turns a changelog entry into the core's `RowChange`, so that the core, not the SQL
/// trigger, decides residency: the new image is parsed from the captured row and classified
/// by `ResidencyPolicy` (the trigger's `class_new` is not trusted; it may disagree on blank
/// values, and the core fails closed).
struct ChangeTranslator: Sendable {
    private let codec: RowCodec
    private let prior: PriorClassImage

    init(config: RegionsConfig, codec: RowCodec) {
        self.codec = codec
        prior = PriorClassImage(config: config)
    }

    /// `nil` when the captured row is not a JSON object (a damaged changelog).
    func rowChange(_ captured: CapturedChange) -> RowChange? {
        let key = codec.key(primaryKeyJSON: captured.primaryKey)
        let old = prior.image(table: captured.table, className: captured.classBefore)
        switch captured.operation {
        case .delete:
            return .delete(table: captured.table, key: key, version: captured.version, old: old)
        case .insert, .update:
            guard let json = captured.row, let new = codec.values(table: captured.table, json: json) else { return nil }
            return captured.operation == .insert
                ? .insert(table: captured.table, key: key, version: captured.version, values: new)
                : .update(table: captured.table, key: key, version: captured.version, old: old, new: new)
        }
    }
}
