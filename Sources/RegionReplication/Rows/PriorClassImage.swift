import RegionCore

/// Stands in for the row image before an update or delete, which capture does not keep
/// (only the class the database computed for it, so the old personal data is not copied
/// into the changelog).
///
/// The core's `ResidencyPolicy.route` reads the old image only to learn where the row may
/// already be held, i.e. who needs a tombstone. This builds, for the recorded class, a
/// one-column image that the core itself classifies to that class, checked by running the
/// core's own classifier on it. A recorded class nothing maps to yields an image without
/// a class: no tombstone is sent for it (the conservative side for data, since a tombstone
/// carries no values anyway).
struct PriorClassImage: Sendable {
    private let policy: ResidencyPolicy
    private let imagesByTableAndClass: [String: [String: RowValues]]

    init(config: RegionsConfig) {
        policy = ResidencyPolicy(config: config)
        var images: [String: [String: RowValues]] = [:]
        for (table, rule) in config.residency.tables {
            images[table] = Self.images(table: table, rule: rule, policy: policy)
        }
        imagesByTableAndClass = images
    }

    /// An image of `table` classified as `className`, or an unclassifiable one when `nil`.
    func image(table: String, className: String?) -> RowValues {
        guard let className, let image = imagesByTableAndClass[table]?[className] else { return RowValues([:]) }
        return image
    }

    /// For every class the rule can produce, the first candidate value the core maps to it.
    private static func images(table: String, rule: TableResidency, policy: ResidencyPolicy) -> [String: RowValues] {
        switch rule {
        case .fixed(let className):
            return [className: RowValues([:])]
        case .byColumn(let column, let map, _):
            let mapped = map.keys.sorted().flatMap { key in [key] + (CountryGroup.members(of: key)?.sorted() ?? []) }
            // A value no map key matches, for the rule's default class.
            let unmapped = "regiond-unmapped-value"
            var images: [String: RowValues] = [:]
            for candidate in mapped + [unmapped] {
                let image = RowValues([column: candidate])
                if let className = policy.classify(table: table, row: image).className, images[className] == nil {
                    images[className] = image
                }
            }
            return images
        }
    }
}
