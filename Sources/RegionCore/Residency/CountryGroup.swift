/// Named groups of countries that a residency map may use as a key instead of listing every
/// member (`EU: gdpr`). The member lists live in `Jurisdictions`, so the loader, the
/// policy, `regiond check` and the capture trigger agree on them.
public enum CountryGroup {
    /// The 27 EU member states. GDPR also binds the EEA states; list them in the map
    /// explicitly if they should share the class.
    public static var europeanUnion: Set<String> { Jurisdictions.europeanUnion }

    /// Every group by the name used in regions.yaml.
    public static let all: [String: Set<String>] = [Jurisdictions.europeanUnionCode: Jurisdictions.europeanUnion]

    /// The member country codes of the group called `name` (case-insensitive), or `nil` when
    /// `name` is not a group.
    public static func members(of name: String) -> Set<String>? { all[name.uppercased()] }
}
