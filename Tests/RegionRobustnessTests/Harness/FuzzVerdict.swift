/// What one generated input did to the code under test.
enum FuzzVerdict: Sendable {
    /// The input was valid (or harmlessly altered) and every accepted-input property held.
    case accepted
    /// The input was refused with an error that says where and why.
    case refused
    /// A property failed: something was accepted that validation must refuse, or an error
    /// came back without a location or message.
    case violation(String)
}
