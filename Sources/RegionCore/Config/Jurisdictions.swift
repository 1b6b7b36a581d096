/// Country groups that regions.yaml accepts as shorthands.
public enum Jurisdictions {
    /// The shorthand that stands for every EU member state, in geo lists, residency
    /// `jurisdictions:` and residency column maps.
    public static let europeanUnionCode = "EU"

    /// ISO 3166-1 alpha-2 codes of the 27 EU member states (Greece is `GR`, not the EU's `EL`).
    public static let europeanUnion: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "HU",
    ]

    /// Continent codes as GeoIP databases report them.
    public static let continents: Set<String> = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"]

    /// The jurisdictions a code stands for: itself, and for `EU` every member state too
    /// (so a region whose jurisdiction is written as `EU` matches as well as one in `DE`).
    public static func jurisdictions(for code: String) -> Set<String> {
        code == europeanUnionCode ? europeanUnion.union([code]) : [code]
    }

    /// Whether `code` has the shape of an ISO 3166-1 alpha-2 country code.
    public static func isCountryCode(_ code: String) -> Bool {
        code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase }
    }
}
