/// Named groups of countries that a residency map may use as a key instead of listing every
/// member (`EU: gdpr`). The one place the member lists live, so the loader, the policy and
/// `regiond check` agree on them.
public enum CountryGroup {
    /// The 27 EU member states by ISO 3166-1 alpha-2 code (Greece is `GR`, as in ISO, not
    /// the EU's own `EL`). GDPR also binds the EEA states; list them in the map explicitly if
    /// they should share the class.
    public static let europeanUnion: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]

    /// Every group by the name used in regions.yaml.
    public static let all: [String: Set<String>] = ["EU": europeanUnion]

    /// The member country codes of the group called `name` (case-insensitive), or `nil` when
    /// `name` is not a group.
    public static func members(of name: String) -> Set<String>? { all[name.uppercased()] }
}
