extension YAMLValue {
    /// A secret given as `{env: NAME}` or `{file: PATH}`.
    ///
    /// Anything else is refused at this node, and the refusal never echoes the value:
    /// regions.yaml is committed and shared, and error output lands in CI logs.
    public func secretReference() -> SecretReference? {
        guard isMapping else {
            error("\(context) must reference a secret as {env: NAME} or {file: PATH}; never write a secret inline in this file")
            return nil
        }
        guard let mapping = mapping(allowedKeys: ["env", "file"]) else { return nil }
        switch (mapping["env"], mapping["file"]) {
        case (let name?, nil):
            return name.nonEmptyString().map(SecretReference.environment)
        case (nil, let path?):
            return path.nonEmptyString().map(SecretReference.file)
        default:
            mapping.log.error(location, "\(context) must have exactly one of 'env' or 'file'")
            return nil
        }
    }
}
