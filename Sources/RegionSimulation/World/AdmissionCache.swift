import RegionCore

/// The receiver's residency re-check per (receiver, row template, sender), asked once.
///
/// `ResidencyPolicy.admits` depends on the row's table, class-deciding values and declared
/// class, which every simulated row of a template shares; the answer is computed by the
/// real policy once per template instead of once per row.
struct AdmissionCache {
    /// Flat, indexed by `(receiver × templates + template) × regions + sender`: asked for
    /// every delivered entry, so one array read rather than three nested ones.
    private let admitted: [Bool]
    private let templateCount: Int
    private let regionCount: Int

    init(regions: [RegionName], catalog: RowCatalog, policy: ResidencyPolicy) {
        templateCount = catalog.templates.count
        regionCount = regions.count
        admitted = regions.flatMap { receiver in
            catalog.templates.flatMap { template in
                guard let template else { return regions.map { _ in false } }
                let row = VersionedRow(
                    table: template.table, key: RowKey("template"), version: Version(hlc: HLC(rawValue: 1), origin: receiver),
                    values: template.values)
                return regions.map { sender in
                    policy.admits(row: row, class: template.className, at: receiver, from: sender).isAdmitted
                }
            }
        }
    }

    func admits(receiver: Int, template: Int, sender: Int) -> Bool {
        admitted[(receiver * templateCount + template) * regionCount + sender]
    }
}
