/// Recognisable secret values planted in configs, environments and files: any output that
/// contains the marker has leaked a secret.
enum SecretValues {
    static let marker = "LEAKCANARY"

    static let clusterKey = "\(marker)-cluster-9f2c4e1a7b3d"
    static let pdnsAPIKey = "\(marker)-pdns-51c0ffee"
    static let databasePassword = "\(marker)-pw-Tr0ub4dor"

    static func dsn(_ region: String) -> String {
        "postgresql://regiond_agent:\(databasePassword)-\(region)@127.0.0.1:1/\(region)?sslmode=disable"
    }

    /// The environment an operator would export for the repository's regions.yaml.
    static var environment: [String: String] {
        [
            "REGIOND_CLUSTER_KEY": clusterKey, "REGIOND_PDNS_API_KEY": pdnsAPIKey,
            "REGIOND_SEOUL_DSN": dsn("seoul"), "REGIOND_SINGAPORE_DSN": dsn("singapore"), "REGIOND_TOKYO_DSN": dsn("tokyo"),
        ]
    }
}
