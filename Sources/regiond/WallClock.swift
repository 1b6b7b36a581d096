import Foundation
import RegionCore

extension Timestamp {
    /// The wall clock, read here in the shell; the core only ever receives timestamps.
    static func wallClock() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }
}
